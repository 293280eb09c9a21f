"""Action items from workshop outcomes through launch, review and continuation.

Every change of stage goes through ``change_stage`` (or ``record_review``),
checks DESIGN.md's lifecycle, carries the version the writer saw, and leaves
an event (when, who, note) from which the stage can always be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, exists, or_
from sqlmodel import Session, col, select

from facilitation.core.clock import now_utc
from facilitation.core.errors import InvalidInput, NotFound, StaleEdit
from facilitation.core.limits import FIELD_MAX_CHARS, NAME_MAX_CHARS, TITLE_MAX_CHARS
from facilitation.core.text import clean_text, optional_text, require_text
from facilitation.core.versioning import versioned_update
from facilitation.models import (
    ACTIVE,
    CONTINUING,
    DECISION_STAGE,
    DECISIONS,
    DROPPED,
    ENDED,
    KINDS,
    LOG_KINDS,
    OWNER_KINDS,
    PROPOSED,
    REASON_NEEDED,
    REVIEWING,
    SOURCE_KINDS,
    STAGES,
    STOPPED,
    TRANSITIONS,
    ActionEvent,
    ActionItem,
    ActionOwner,
    ActionRead,
    Cluster,
    EventRead,
    Group,
    GroupSummary,
    LogRead,
    Note,
    Recording,
    Review,
    ReviewRead,
    SupportLogEntry,
    TranscriptSegment,
    Workshop,
)
from facilitation.policy.access import (
    Forbidden,
    Staff,
    actor_of,
    allowed,
    require,
    visible_workshop_ids,
)

LONG_TEXT_MAX_CHARS = 4000


@dataclass(frozen=True)
class ActionInput:
    title: str
    description: str = ""
    district: str = ""
    kind: str = "activity"
    owners: tuple[str, ...] = ()
    owner_names: str = ""
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    next_review_date: dt.date | None = None
    progress: int = 0


@dataclass(frozen=True)
class ReviewInput:
    date: dt.date
    decision: str
    attendees: str = ""
    satisfaction: int | None = None
    satisfaction_counts: tuple[int, int, int, int, int] | None = None
    results: str = ""
    issues: str = ""
    improvements: str = ""
    next_review_date: dt.date | None = None


@dataclass(frozen=True)
class ActionDetail:
    item: ActionRead
    events: list[EventRead] = field(default_factory=list)
    log: list[LogRead] = field(default_factory=list)
    reviews: list[ReviewRead] = field(default_factory=list)
    # Where a transcript segment source was said: its recording and second
    # (None when the source is not a segment, is gone, or the reader may not
    # open recordings).
    source_recording_id: int | None = None
    source_start_s: float | None = None


def _owners(session: Session, action_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each item's owner kinds, in the order they were chosen (one query)."""
    owners: dict[int, tuple[str, ...]] = {action_id: () for action_id in action_ids}
    rows = session.exec(
        select(ActionOwner)
        .where(col(ActionOwner.action_id).in_(action_ids))
        .order_by(col(ActionOwner.action_id), col(ActionOwner.position))
    ).all()
    for row in rows:
        owners[row.action_id] += (row.kind,)
    return owners


def _reads(session: Session, items: Sequence[ActionItem]) -> list[ActionRead]:
    owners = _owners(session, [item.id or 0 for item in items])
    return [
        ActionRead.model_validate(item, update={"owners": owners[item.id or 0]}) for item in items
    ]


def _read(session: Session, item: ActionItem) -> ActionRead:
    return _reads(session, [item])[0]


def _set_owners(session: Session, action_id: int, owners: tuple[str, ...]) -> None:
    session.execute(delete(ActionOwner).where(col(ActionOwner.action_id) == action_id))
    for position, kind in enumerate(dict.fromkeys(owners)):
        session.add(ActionOwner(action_id=action_id, position=position, kind=kind))
    session.flush()


# --- checks --------------------------------------------------------------------------


def _clean_input(data: ActionInput) -> dict[str, object]:
    if data.kind not in KINDS:
        raise InvalidInput("error.action_kind")
    unknown = [o for o in data.owners if o not in OWNER_KINDS]
    if unknown:
        raise InvalidInput("error.action_owner")
    if data.start_date and data.due_date and data.due_date < data.start_date:
        raise InvalidInput("error.due_before_start")
    if not 0 <= data.progress <= 100:
        raise InvalidInput("error.progress")
    return {
        "title": require_text(
            data.title, field="title", max_chars=TITLE_MAX_CHARS, multiline=False
        ),
        "description": optional_text(
            data.description, field="description", max_chars=LONG_TEXT_MAX_CHARS, multiline=True
        ),
        "district": optional_text(data.district, field="district", max_chars=NAME_MAX_CHARS),
        "kind": data.kind,
        "owner_names": optional_text(
            data.owner_names, field="owner_names", max_chars=FIELD_MAX_CHARS
        ),
        "start_date": data.start_date,
        "due_date": data.due_date,
        "next_review_date": data.next_review_date,
        "progress": data.progress,
    }


def _item(session: Session, action_id: int, permission: str = "action.write") -> ActionItem:
    item = session.get(ActionItem, action_id)
    if item is None:
        raise NotFound("error.action_not_found")
    require(session, permission, workshop_id=item.workshop_id)
    return item


def _visible(session: Session) -> set[int] | None:
    """Workshop ids whose items the actor may see (None: every item)."""
    actor = session.info.get("actor")
    if actor is not None and not isinstance(actor, Staff):
        raise Forbidden("error.forbidden")  # a join code, or nobody
    return visible_workshop_ids(session)


@dataclass(frozen=True)
class _Source:
    text: str
    workshop_id: int | None
    group_id: int | None  # None for a transcript segment


def _source(session: Session, kind: str, source_id: int) -> _Source:
    """The source's text to copy, its workshop and its table."""
    if kind not in SOURCE_KINDS:
        raise InvalidInput("error.source_unknown")
    group: Group | None = None
    if kind == "note":
        note = session.get(Note, source_id)
        if note is None:
            raise NotFound("error.note_not_found")
        text, group = note.text, session.get(Group, note.group_id)
    elif kind == "cluster":
        cluster = session.get(Cluster, source_id)
        if cluster is None:
            raise NotFound("error.cluster_not_found")
        notes = session.exec(
            select(Note.text).where(Note.cluster_id == source_id).order_by(col(Note.position))
        ).all()
        text = cluster.label + "".join(f"\n・{n}" for n in notes)
        group = session.get(Group, cluster.group_id)
    elif kind == "group_summary":
        summary = session.get(GroupSummary, source_id)
        if summary is None:
            raise NotFound("error.summary_not_found")
        text, group = summary.text, session.get(Group, summary.group_id)
    else:
        segment = session.get(TranscriptSegment, source_id)
        if segment is None:
            raise NotFound("error.segment_not_found")
        recording = session.get(Recording, segment.recording_id)
        return _Source(segment.text, recording.workshop_id if recording else None, None)
    return _Source(text, group.workshop_id if group else None, group.id if group else None)


# --- writing -------------------------------------------------------------------------


TITLE_PROPOSAL_CHARS = 30
_CLAUSE_END = re.compile(r"[。！？!?\n]")
_BULLET = re.compile(r"^[\s・\-*●○◯■□①-⑳0-9０-９.．、)）]+")


def propose_title(text: str) -> str:
    """A short title for an item made from a note, island or summary: its
    first sentence without a leading bullet, cut at a comma when still long
    (「買い物支援と見守りの担い手づくりを進めたい。…」→ the first sentence)."""
    first = _CLAUSE_END.split(_BULLET.sub("", text.strip()), maxsplit=1)[0].strip()
    if len(first) > TITLE_PROPOSAL_CHARS and "、" in first[:TITLE_PROPOSAL_CHARS]:
        first = first[: first.index("、", 0, TITLE_PROPOSAL_CHARS)]
    if len(first) > TITLE_PROPOSAL_CHARS:
        first = first[: TITLE_PROPOSAL_CHARS - 1] + "…"
    return first


def create_action(
    *,
    session: Session,
    data: ActionInput,
    actor: str = "",
    source_kind: str | None = None,
    source_id: int | None = None,
    workshop_id: int | None = None,
) -> ActionRead:
    """A new action item (stage "proposed"), optionally from a note, a cluster,
    a group summary or a transcript segment, whose text is copied."""
    values = _clean_input(data)
    source_text = ""
    if source_kind is not None and source_id is not None:
        source = _source(session, source_kind, source_id)
        source_text, source_workshop = source.text, source.workshop_id
        # The copied text is a read of the source: whoever copies it must be
        # allowed to read it, and it must come from the item's own workshop.
        if workshop_id is not None and workshop_id != source_workshop:
            raise InvalidInput("error.source_other_workshop")
        require(
            session,
            "recording.read" if source_kind == "segment" else "board.read",
            workshop_id=source_workshop,
        )
        workshop_id = source_workshop
    require(session, "action.write", workshop_id=workshop_id)
    workshop = session.get(Workshop, workshop_id) if workshop_id else None
    if workshop is not None and not values["district"]:
        values["district"] = workshop.district
    item = ActionItem(
        **values,  # type: ignore[arg-type]
        stage=PROPOSED,
        source_kind=source_kind if source_id is not None else None,
        source_id=source_id,
        source_text=source_text,
        workshop_id=workshop.id if workshop else None,
        workshop_title=workshop.title if workshop else "",
    )
    session.add(item)
    session.flush()
    _set_owners(session, item.id or 0, data.owners)
    _event(session, item.id or 0, actor=actor, from_stage=None, to_stage=PROPOSED, note="")
    return _read(session, item)


def create_from_source(
    *,
    session: Session,
    kind: str,
    source_id: int,
    title: str = "",
    workshop_id: int | None = None,
    group_id: int | None = None,
) -> ActionRead:
    """An item made straight from a note, island, summary or transcript
    segment: the title proposed from its text unless one is given. With
    ``group_id`` the source must belong to that table (a board's event)."""
    source = _source(session, kind, source_id)
    if group_id is not None and source.group_id != group_id:
        raise InvalidInput("error.source_other_workshop")
    return create_action(
        session=session,
        data=ActionInput(title=title.strip() or propose_title(source.text)),
        source_kind=kind,
        source_id=source_id,
        workshop_id=workshop_id if workshop_id is not None else source.workshop_id,
    )


def update_action(
    *, session: Session, action_id: int, expected_version: int, data: ActionInput
) -> ActionRead:
    """Change an item's details (not its stage), refusing a stale edit."""
    values = _clean_input(data)
    _bump(session, action_id, expected_version, **values)
    _set_owners(session, action_id, data.owners)
    return _read(session, _item(session, action_id))


def change_stage(
    *,
    session: Session,
    action_id: int,
    expected_version: int,
    to_stage: str,
    actor: str = "",
    note: str = "",
) -> ActionRead:
    """Move an item along the lifecycle; a move it does not allow is refused."""
    if to_stage not in STAGES:
        raise InvalidInput("error.stage_unknown")
    item = _item(session, action_id)
    if item.version != expected_version:
        # A button on a stale page: say so, rather than "not allowed from here".
        raise StaleEdit("error.stale_edit")
    from_stage = item.stage
    if to_stage not in TRANSITIONS[from_stage]:
        raise InvalidInput("error.transition", from_stage=from_stage, to_stage=to_stage)
    if (from_stage, to_stage) in REASON_NEEDED and not clean_text(note).strip():
        raise InvalidInput("error.reason_needed", to_stage=to_stage)
    _bump(session, action_id, expected_version, stage=to_stage)
    _event(session, action_id, actor=actor, from_stage=from_stage, to_stage=to_stage, note=note)
    return _read(session, _item(session, action_id))


def add_log_entry(
    *, session: Session, action_id: int, date: dt.date, kind: str, staff: str, note: str
) -> LogRead:
    """A support-log entry (visit/advice, publicity, course, other)."""
    _item(session, action_id)
    if kind not in LOG_KINDS:
        raise InvalidInput("error.log_kind")
    entry = SupportLogEntry(
        action_id=action_id,
        date=date,
        kind=kind,
        staff=optional_text(staff, field="staff", max_chars=NAME_MAX_CHARS),
        note=optional_text(note, field="note_text", max_chars=LONG_TEXT_MAX_CHARS, multiline=True),
    )
    session.add(entry)
    session.flush()
    return LogRead.model_validate(entry)


def record_review(
    *,
    session: Session,
    action_id: int,
    expected_version: int,
    review: ReviewInput,
    actor: str = "",
) -> ActionRead:
    """Record a review and move the item out of "reviewing" by its decision.
    An active or continuing item enters "reviewing" first (its own event)."""
    if review.decision not in DECISIONS:
        raise InvalidInput("error.decision")
    satisfaction, counts = _satisfaction(review)
    if review.next_review_date and review.next_review_date < review.date:
        raise InvalidInput("error.next_review_before_review")
    current = _read(session, _item(session, action_id))
    if current.version != expected_version:
        raise StaleEdit("error.stale_edit")
    if current.stage in (ACTIVE, CONTINUING):
        current = change_stage(
            session=session,
            action_id=action_id,
            expected_version=expected_version,
            to_stage=REVIEWING,
            actor=actor,
        )
    if current.stage != REVIEWING:
        raise InvalidInput("error.review_stage", stage=current.stage)
    session.add(
        Review(
            action_id=action_id,
            date=review.date,
            attendees=optional_text(review.attendees, field="attendees", max_chars=FIELD_MAX_CHARS),
            satisfaction=satisfaction,
            satisfaction_counts=counts,
            results=_long(review.results, "results"),
            issues=_long(review.issues, "issues"),
            improvements=_long(review.improvements, "improvements"),
            decision=review.decision,
            next_review_date=review.next_review_date,
            actor=_who(session, actor),
        )
    )
    moved = change_stage(
        session=session,
        action_id=action_id,
        expected_version=current.version,
        to_stage=DECISION_STAGE[review.decision],
        actor=actor,
        note=f"review:{review.decision}",
    )
    _bump(session, action_id, moved.version, next_review_date=review.next_review_date)
    return _read(session, _item(session, action_id))


def _satisfaction(review: ReviewInput) -> tuple[float | None, list[int] | None]:
    if review.satisfaction_counts is not None:
        counts = review.satisfaction_counts
        if len(counts) != 5 or any(n < 0 for n in counts) or sum(counts) == 0:
            raise InvalidInput("error.satisfaction_counts")
        mean = sum((i + 1) * n for i, n in enumerate(counts)) / sum(counts)
        return round(mean, 2), list(counts)
    if review.satisfaction is not None and not 1 <= review.satisfaction <= 5:
        raise InvalidInput("error.satisfaction")
    return (float(review.satisfaction) if review.satisfaction is not None else None), None


def _long(text: str, name: str) -> str:
    return optional_text(text, field=name, max_chars=LONG_TEXT_MAX_CHARS, multiline=True)


def _bump(session: Session, action_id: int, expected_version: int, **values: object) -> None:
    versioned_update(
        session,
        ActionItem,
        action_id,
        expected_version,
        not_found="error.action_not_found",
        updated_at=now_utc(),
        **values,
    )


def _who(session: Session, actor: str) -> str:
    """Who did it: the signed-in account when there is one (a page cannot
    name someone else), else the name the command line or the demo gave."""
    signed_in = actor_of(session)
    name = signed_in.label if isinstance(signed_in, Staff) else actor
    return clean_text(name, multiline=False)[:NAME_MAX_CHARS]


def _event(
    session: Session,
    action_id: int,
    *,
    actor: str,
    from_stage: str | None,
    to_stage: str,
    note: str,
) -> None:
    session.add(
        ActionEvent(
            action_id=action_id,
            actor=_who(session, actor),
            from_stage=from_stage,
            to_stage=to_stage,
            note=clean_text(note)[:FIELD_MAX_CHARS],
        )
    )
    session.flush()


# --- reading -------------------------------------------------------------------------


def get_action(*, session: Session, action_id: int) -> ActionDetail:
    """An item with its timeline: stage events, support log and reviews."""
    item = _item(session, action_id, "action.read")
    events = session.exec(
        select(ActionEvent)
        .where(ActionEvent.action_id == action_id)
        .order_by(col(ActionEvent.at), col(ActionEvent.id))
    ).all()
    log = session.exec(
        select(SupportLogEntry)
        .where(SupportLogEntry.action_id == action_id)
        .order_by(col(SupportLogEntry.date), col(SupportLogEntry.id))
    ).all()
    reviews = session.exec(
        select(Review)
        .where(Review.action_id == action_id)
        .order_by(col(Review.date), col(Review.id))
    ).all()
    segment = (
        session.get(TranscriptSegment, item.source_id)
        if item.source_kind == "segment" and item.source_id is not None
        else None
    )
    if segment is not None and not allowed(session, "recording.read"):
        segment = None
    return ActionDetail(
        source_recording_id=segment.recording_id if segment else None,
        source_start_s=segment.start if segment else None,
        item=_read(session, item),
        events=[EventRead.model_validate(event) for event in events],
        log=[LogRead.model_validate(entry) for entry in log],
        reviews=[ReviewRead.model_validate(review) for review in reviews],
    )


def list_actions(
    *,
    session: Session,
    district: str | None = None,
    stage: str | None = None,
    owner: str | None = None,
    overdue_on: dt.date | None = None,
    workshop_id: int | None = None,
) -> list[ActionRead]:
    """Items filtered by district, stage, owner kind, and (if given a day)
    those overdue on that day; soonest review first."""
    statement = select(ActionItem)
    visible = _visible(session)
    if visible is not None:
        statement = statement.where(col(ActionItem.workshop_id).in_(visible))
    if district:
        statement = statement.where(ActionItem.district == district)
    if stage:
        statement = statement.where(ActionItem.stage == stage)
    if workshop_id is not None:
        statement = statement.where(ActionItem.workshop_id == workshop_id)
    if owner:
        statement = statement.where(
            exists().where(
                col(ActionOwner.action_id) == ActionItem.id, col(ActionOwner.kind) == owner
            )
        )
    if overdue_on is not None:
        # as ActionRead.overdue: a review or due date passed while the item goes on
        statement = statement.where(
            col(ActionItem.stage).notin_(STOPPED),
            or_(
                col(ActionItem.next_review_date) < overdue_on,
                col(ActionItem.due_date) < overdue_on,
            ),
        )
    rows = session.exec(
        statement.order_by(
            col(ActionItem.next_review_date).is_(None),
            col(ActionItem.next_review_date),
            col(ActionItem.id),
        )
    ).all()
    return _reads(session, rows)


def due_for_review(*, session: Session, today: dt.date) -> list[ActionRead]:
    """Items whose next review falls in ``today``'s month and is not past yet."""
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    visible = _visible(session)
    rows = session.exec(
        select(ActionItem)
        .where(
            True if visible is None else col(ActionItem.workshop_id).in_(visible),
            col(ActionItem.next_review_date) >= today,
            col(ActionItem.next_review_date) <= month_end,
            col(ActionItem.stage).notin_([ENDED, DROPPED]),
        )
        .order_by(col(ActionItem.next_review_date))
    ).all()
    return _reads(session, rows)


def rebuild_stage(events: list[EventRead]) -> str:
    """The stage that a history of events leads to (checks each step)."""
    stage: str | None = None
    for event in events:
        if event.from_stage != stage:
            raise ValueError(f"event from {event.from_stage} after {stage}")
        if stage is not None and event.to_stage not in TRANSITIONS[stage]:
            raise ValueError(f"{stage} → {event.to_stage} is not allowed")
        stage = event.to_stage
    if stage is None:
        raise ValueError("no events")
    return stage


@dataclass(frozen=True)
class ActionStats:
    by_stage_and_district: Counter[tuple[str, str]]
    reviews_per_month: Counter[str]
    satisfaction_by_month: dict[str, float]


def action_stats(*, session: Session) -> ActionStats:
    """Figures for the charts: items by stage and district, reviews per month,
    mean satisfaction per month."""
    visible = _visible(session)
    rows = session.exec(select(ActionItem)).all()
    shown = [i for i in rows if visible is None or i.workshop_id in visible]
    items = [(i.stage, i.district) for i in shown]
    ids = {i.id for i in shown}
    reviews = [
        (r.date, r.satisfaction) for r in session.exec(select(Review)).all() if r.action_id in ids
    ]
    per_month: Counter[str] = Counter()
    ratings: dict[str, list[float]] = {}
    for date, satisfaction in reviews:
        month = date.strftime("%Y-%m")
        per_month[month] += 1
        if satisfaction is not None:
            ratings.setdefault(month, []).append(satisfaction)
    return ActionStats(
        by_stage_and_district=Counter((stage, district or "") for stage, district in items),
        reviews_per_month=per_month,
        satisfaction_by_month={m: round(sum(v) / len(v), 2) for m, v in sorted(ratings.items())},
    )
