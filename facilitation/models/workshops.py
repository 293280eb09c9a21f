"""Workshops and their tables: phases, participants, categories, groups,
clusters, notes and group summaries. A workshop's own date and times are
local wall-clock values as the facilitator typed them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc
from facilitation.core.limits import TITLE_MAX_CHARS
from facilitation.models.columns import fk

WORKSHOP_OPEN = "open"
WORKSHOP_CLOSED = "closed"

# Participant roles, in the order a council's record lists them.
PARTICIPANT_ROLES = (
    "resident",
    "welfare_commissioner",
    "community_activist",
    "welfare_professional",
    "ward_office",
    "council",
    "other",
)


class WorkshopBase(SQLModel):
    title: str = Field(max_length=TITLE_MAX_CHARS)
    theme: str = ""
    purpose: str = ""
    district: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    facilitator: str = ""
    recorder: str = ""


class Workshop(WorkshopBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    status: str = WORKSHOP_OPEN
    timer_phase_index: int = 0
    timer_running: bool = False
    timer_started_at: dt.datetime | None = None
    timer_elapsed_s: float = 0.0
    plenary_group_id: int | None = None
    spotlight_note_id: int | None = None  # the one note the projector shows large
    # Written after the session for the minutes (全体共有, 決定事項, 今後の予定).
    plenary_notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    decisions: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    next_steps: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # Named attendees, one a line (「区役所 地域振興課 佐藤」), besides the counts,
    # and the next meeting (「令和9年3月10日 14時 さくら会館」).
    attendees: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="", server_default="")
    )
    next_meeting: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="", server_default="")
    )
    # The masking review's choices: terms always masked, and never masked.
    mask_always: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    mask_never: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    # Accounts that may run this workshop when they are facilitators.
    facilitator_user_id: int | None = Field(
        default=None, sa_column=fk("user_account.id", ondelete="SET NULL", nullable=True)
    )
    created_by_user_id: int | None = Field(
        default=None, sa_column=fk("user_account.id", ondelete="SET NULL", nullable=True)
    )
    version: int = 1
    created_at: dt.datetime = Field(default_factory=now_utc)
    updated_at: dt.datetime = Field(default_factory=now_utc)


class WorkshopRead(WorkshopBase):
    id: int
    status: str
    timer_phase_index: int
    timer_running: bool
    timer_started_at: dt.datetime | None
    timer_elapsed_s: float
    plenary_group_id: int | None
    spotlight_note_id: int | None
    plenary_notes: str
    decisions: str
    next_steps: str
    attendees: str
    next_meeting: str
    mask_always: list[str]
    mask_never: list[str]
    facilitator_user_id: int | None
    created_by_user_id: int | None
    version: int


class Phase(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(sa_column=fk("workshop.id", ondelete="CASCADE"))
    position: int
    title: str
    minutes: int


class PhaseRead(SQLModel):
    id: int
    position: int
    title: str
    minutes: int


class ParticipantCount(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workshop_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(sa_column=fk("workshop.id", ondelete="CASCADE"))
    role: str
    count: int = 0


class Category(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(sa_column=fk("workshop.id", ondelete="CASCADE"))
    position: int
    name: str
    color: str


class CategoryRead(SQLModel):
    id: int
    position: int
    name: str
    color: str


class Group(SQLModel, table=True):
    __tablename__ = "workshop_group"
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(sa_column=fk("workshop.id", ondelete="CASCADE"))
    position: int
    name: str
    leader_name: str = ""
    join_code: str = Field(unique=True, index=True, max_length=16)
    code_active: bool = True
    locked: bool = False


class RetiredJoinCode(SQLModel, table=True):
    """A table's former join code, kept so that a page still open on it can
    say the code was renewed (and so that it is never handed out again)."""

    __tablename__ = "retired_join_code"
    id: int | None = Field(default=None, primary_key=True)
    join_code: str = Field(unique=True, index=True, max_length=16)
    group_id: int = Field(sa_column=fk("workshop_group.id", ondelete="CASCADE"))
    retired_at: dt.datetime = Field(default_factory=now_utc)


class GroupRead(SQLModel):
    id: int
    workshop_id: int
    position: int
    name: str
    leader_name: str
    join_code: str
    code_active: bool
    locked: bool


class Cluster(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=fk("workshop_group.id", ondelete="CASCADE"))
    label: str
    position: int = 0
    votes: int = 0
    version: int = 1
    created_at: dt.datetime = Field(default_factory=now_utc)


class ClusterRead(SQLModel):
    id: int
    group_id: int
    label: str
    position: int
    votes: int
    version: int


class Note(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("group_id", "client_token"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=fk("workshop_group.id", ondelete="CASCADE"))
    category_id: int | None = Field(
        default=None, sa_column=fk("category.id", ondelete="SET NULL", nullable=True)
    )
    cluster_id: int | None = Field(
        default=None, sa_column=fk("cluster.id", ondelete="SET NULL", nullable=True)
    )
    text: str
    position: int = 0
    votes: int = 0
    version: int = 1
    # A token per rendered form: a second submit of the same form is a no-op.
    client_token: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=now_utc)
    updated_at: dt.datetime = Field(default_factory=now_utc)


class NoteRead(SQLModel):
    id: int
    group_id: int
    category_id: int | None
    cluster_id: int | None
    text: str
    position: int
    votes: int
    version: int
    created_at: dt.datetime


class GroupSummary(SQLModel, table=True):
    __tablename__ = "group_summary"
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("workshop_group.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    text: str = ""
    version: int = 1
    updated_at: dt.datetime = Field(default_factory=now_utc)


class GroupSummaryRead(SQLModel):
    id: int
    group_id: int
    text: str
    version: int
