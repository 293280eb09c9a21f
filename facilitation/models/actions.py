"""Action items (取組) and their history: stage events, support-log entries and
reviews (ふりかえり). The lifecycle is DESIGN.md's, enforced in ``actions``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc
from facilitation.models.columns import fk

PROPOSED, PREPARING, ACTIVE, REVIEWING = "proposed", "preparing", "active", "reviewing"
CONTINUING, PAUSED, ENDED, DROPPED = "continuing", "paused", "ended", "dropped"
# In lifecycle order (the stage board's columns, the charts).
STAGES = (PROPOSED, PREPARING, ACTIVE, REVIEWING, CONTINUING, PAUSED, ENDED, DROPPED)

# The lifecycle, in one place:
#   検討中 proposed   → 立上げ準備 preparing | 見送り dropped (with a reason)
#   立上げ準備 preparing → 実施中 active
#   実施中 active     → ふりかえり reviewing
#   ふりかえり reviewing → 継続 continuing | 休止 paused | 終了 ended
#   継続 continuing   → ふりかえり reviewing
#   休止 paused       → 立上げ準備 preparing | 実施中 active | 終了 ended
#   終了 ended        → 検討中 proposed (reopened, with a reason)
#   見送り dropped    → 検討中 proposed (reopened, with a reason)
TRANSITIONS: dict[str, frozenset[str]] = {
    PROPOSED: frozenset({PREPARING, DROPPED}),
    PREPARING: frozenset({ACTIVE}),
    ACTIVE: frozenset({REVIEWING}),
    REVIEWING: frozenset({CONTINUING, PAUSED, ENDED}),
    CONTINUING: frozenset({REVIEWING}),
    PAUSED: frozenset({PREPARING, ACTIVE, ENDED}),
    ENDED: frozenset({PROPOSED}),
    DROPPED: frozenset({PROPOSED}),
}
# Stages in which nothing is due any more (no review, no deadline counts).
STOPPED = frozenset({ENDED, PAUSED, DROPPED})
# Moves that must say why (the reason is the event's note).
REASON_NEEDED: frozenset[tuple[str, str]] = frozenset(
    {(PROPOSED, DROPPED), (ENDED, PROPOSED), (DROPPED, PROPOSED)}
)

KINDS = ("activity", "event", "course", "publicity", "other")
OWNER_KINDS = ("local_group", "volunteers", "council_staff", "ward_office", "partner_agency")
LOG_KINDS = ("visit", "publicity", "course", "other")
DECISIONS = ("continue", "expand", "pause", "end")
DECISION_STAGE = {"continue": CONTINUING, "expand": CONTINUING, "pause": PAUSED, "end": ENDED}
SOURCE_KINDS = ("note", "cluster", "group_summary", "segment")


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"
    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    district: str = Field(default="", index=True)
    kind: str = "activity"
    owner_names: str = ""  # who, in the council's words (団体名・担当者)
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    next_review_date: dt.date | None = Field(default=None, index=True)
    progress: int = 0
    stage: str = Field(default=PROPOSED, index=True)
    version: int = 1
    # Where it came from: the link (cleared if the source is deleted) and a copy.
    source_kind: str | None = None
    source_id: int | None = None
    source_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    workshop_id: int | None = Field(
        default=None, sa_column=fk("workshop.id", ondelete="SET NULL", nullable=True)
    )
    workshop_title: str = ""  # kept when the workshop is deleted
    created_at: dt.datetime = Field(default_factory=now_utc)
    updated_at: dt.datetime = Field(default_factory=now_utc)


class ActionOwner(SQLModel, table=True):
    """One kind of owner (see OWNER_KINDS) an action item has; an item has
    none or several, and the list filters by them in SQL."""

    __tablename__ = "action_owner"
    __table_args__ = (UniqueConstraint("action_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(sa_column=fk("action_item.id", ondelete="CASCADE", nullable=False))
    position: int = 0
    kind: str


class ActionEvent(SQLModel, table=True):
    __tablename__ = "action_event"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(sa_column=fk("action_item.id", ondelete="CASCADE", nullable=False))
    at: dt.datetime = Field(default_factory=now_utc)
    actor: str = ""
    from_stage: str | None = None  # None: the item was created
    to_stage: str
    note: str = ""


class SupportLogEntry(SQLModel, table=True):
    __tablename__ = "support_log_entry"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(sa_column=fk("action_item.id", ondelete="CASCADE", nullable=False))
    date: dt.date
    kind: str = "visit"
    staff: str = ""
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: dt.datetime = Field(default_factory=now_utc)


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(sa_column=fk("action_item.id", ondelete="CASCADE", nullable=False))
    date: dt.date
    attendees: str = ""
    satisfaction: float | None = None  # 1–5; the mean when a distribution is given
    # [n1, n2, n3, n4, n5] when users rated one by one
    satisfaction_counts: list[int] | None = Field(default=None, sa_column=Column(JSON))
    results: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    issues: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    improvements: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    decision: str
    next_review_date: dt.date | None = None
    actor: str = ""
    created_at: dt.datetime = Field(default_factory=now_utc)


class ActionRead(SQLModel):
    """An action item as pages see it, with its owner kinds."""

    id: int
    title: str
    description: str
    district: str
    kind: str
    owners: tuple[str, ...] = ()
    owner_names: str
    start_date: dt.date | None
    due_date: dt.date | None
    next_review_date: dt.date | None
    progress: int
    stage: str
    version: int
    source_kind: str | None
    source_id: int | None
    source_text: str
    workshop_id: int | None
    workshop_title: str
    created_at: dt.datetime

    def overdue(self, today: dt.date) -> bool:
        """A review or due date has passed while the item is still going."""
        if self.stage in STOPPED:
            return False
        return any(d is not None and d < today for d in (self.next_review_date, self.due_date))


class EventRead(SQLModel):
    at: dt.datetime
    actor: str
    from_stage: str | None
    to_stage: str
    note: str


class LogRead(SQLModel):
    id: int
    date: dt.date
    kind: str
    staff: str
    note: str
    created_at: dt.datetime


class ReviewRead(SQLModel):
    id: int
    date: dt.date
    attendees: str
    satisfaction: float | None
    satisfaction_counts: tuple[int, ...] | None
    results: str
    issues: str
    improvements: str
    decision: str
    next_review_date: dt.date | None
    actor: str
    created_at: dt.datetime
