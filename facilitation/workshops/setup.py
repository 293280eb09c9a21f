"""Workshop setup: details, agenda phases, participant counts, note categories
and tables with their join codes; copying a past workshop; locks and codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from facilitation.core.clock import now_utc
from facilitation.core.db import after_commit
from facilitation.core.errors import BoardLocked, InvalidInput, NotFound
from facilitation.core.limits import FIELD_MAX_CHARS, MAX_GROUPS, NAME_MAX_CHARS, TITLE_MAX_CHARS
from facilitation.core.text import optional_text, require_text
from facilitation.core.versioning import versioned_update
from facilitation.models import (
    PARTICIPANT_ROLES,
    WORKSHOP_CLOSED,
    WORKSHOP_OPEN,
    Category,
    CategoryRead,
    Group,
    GroupRead,
    Note,
    ParticipantCount,
    Phase,
    PhaseRead,
    Recording,
    RetiredJoinCode,
    Workshop,
    WorkshopBase,
    WorkshopRead,
)
from facilitation.policy import audit
from facilitation.policy.access import (
    Staff,
    TableCode,
    actor_of,
    require,
    visible_workshop_ids,
)
from facilitation.workshops.codes import looks_like_join_code, new_join_code, normalize_join_code

DEFAULT_CATEGORIES = (("困りごと", "#FFE08A"), ("地域の強み", "#B8E6B0"), ("アイデア", "#A9D4F5"))
DEFAULT_PHASES = (
    ("開会・趣旨説明", 10),
    ("自己紹介", 10),
    ("グループワーク①（困りごと・地域の強み）", 30),
    ("グループワーク②（アイデア・投票）", 25),
    ("全体共有", 20),
    ("閉会", 5),
)
MAX_PHASE_MINUTES = 600
MAX_PARTICIPANTS = 9999
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class WorkshopCreate(WorkshopBase):
    """The details typed on the setup page."""


@dataclass(frozen=True)
class PhaseInput:
    title: str
    minutes: int
    order: int | None = None  # the agenda's order; None keeps the row's place


@dataclass(frozen=True)
class CategoryInput:
    name: str
    color: str
    id: int | None = None


@dataclass(frozen=True)
class GroupInput:
    name: str
    leader_name: str = ""
    id: int | None = None


@dataclass(frozen=True)
class WorkshopSetup:
    """Everything the setup page edits, as stored."""

    workshop: WorkshopRead
    phases: list[PhaseRead]
    participants: dict[str, int]
    categories: list[CategoryRead]
    groups: list[GroupRead]


def default_categories() -> list[CategoryInput]:
    return [CategoryInput(name=name, color=color) for name, color in DEFAULT_CATEGORIES]


def default_phases() -> list[PhaseInput]:
    return [PhaseInput(title=title, minutes=minutes) for title, minutes in DEFAULT_PHASES]


def list_workshops(*, session: Session) -> list[WorkshopRead]:
    """The workshops the actor may see, newest date first."""
    statement = select(Workshop)
    visible = visible_workshop_ids(session)
    if visible is not None:
        statement = statement.where(col(Workshop.id).in_(visible))
    rows = session.exec(
        statement.order_by(col(Workshop.date).desc(), col(Workshop.id).desc())
    ).all()
    return [WorkshopRead.model_validate(row) for row in rows]


def get_workshop(*, session: Session, workshop_id: int) -> WorkshopRead:
    require(session, "workshop.read", workshop_id=workshop_id)
    return WorkshopRead.model_validate(_workshop(session, workshop_id))


def load_setup(*, session: Session, workshop_id: int) -> WorkshopSetup:
    """A workshop as its setup page edits it. A join code sees its own table
    only, not the other tables' codes and leaders."""
    require(session, "workshop.read", workshop_id=workshop_id)
    actor = actor_of(session)
    own_table = actor.group_id if isinstance(actor, TableCode) else None
    workshop = _workshop(session, workshop_id)
    phases = session.exec(
        select(Phase).where(Phase.workshop_id == workshop_id).order_by(col(Phase.position))
    ).all()
    categories = session.exec(
        select(Category).where(Category.workshop_id == workshop_id).order_by(col(Category.position))
    ).all()
    groups = session.exec(
        select(Group).where(Group.workshop_id == workshop_id).order_by(col(Group.position))
    ).all()
    return WorkshopSetup(
        workshop=WorkshopRead.model_validate(workshop),
        phases=[PhaseRead.model_validate(p) for p in phases],
        participants=participants_of(session=session, workshop_id=workshop_id),
        categories=[CategoryRead.model_validate(c) for c in categories],
        groups=[GroupRead.model_validate(g) for g in groups if own_table in (None, g.id)],
    )


def participants_of(*, session: Session, workshop_id: int) -> dict[str, int]:
    """How many came, by role (every role of PARTICIPANT_ROLES, in its order)."""
    require(session, "workshop.read", workshop_id=workshop_id)
    counts = session.exec(
        select(ParticipantCount).where(ParticipantCount.workshop_id == workshop_id)
    ).all()
    participants = dict.fromkeys(PARTICIPANT_ROLES, 0)
    participants.update({row.role: row.count for row in counts})
    return participants


def create_workshop(
    *,
    session: Session,
    details: WorkshopCreate,
    phases: list[PhaseInput],
    participants: dict[str, int],
    categories: list[CategoryInput],
    groups: list[GroupInput],
) -> WorkshopRead:
    """A new open workshop; every table gets a fresh join code. Its creator (a
    facilitator, say) may run it."""
    require(session, "workshop.write")
    workshop = Workshop(**_clean_details(details).model_dump())
    actor = actor_of(session)
    if isinstance(actor, Staff):
        workshop.created_by_user_id = actor.user_id
    session.add(workshop)
    session.flush()
    _save_children(session, workshop, phases, participants, categories, groups)
    return WorkshopRead.model_validate(workshop)


def update_workshop(
    *,
    session: Session,
    workshop_id: int,
    expected_version: int,
    details: WorkshopCreate,
    phases: list[PhaseInput],
    participants: dict[str, int],
    categories: list[CategoryInput],
    groups: list[GroupInput],
) -> WorkshopRead:
    """Save an edited setup. Tables and categories keep their ids (and so their
    notes and join codes); a table that already has notes cannot be removed."""
    require(session, "workshop.write", workshop_id=workshop_id)
    versioned_update(
        session,
        Workshop,
        workshop_id,
        expected_version,
        not_found="error.workshop_not_found",
        updated_at=now_utc(),
        **_clean_details(details).model_dump(),
    )
    workshop = _workshop(session, workshop_id)
    _save_children(session, workshop, phases, participants, categories, groups)
    return WorkshopRead.model_validate(workshop)


def copy_workshop(*, session: Session, workshop_id: int) -> WorkshopRead:
    """A new workshop with a past one's details, agenda, categories and tables
    (new join codes, no notes), titled as a copy and undated."""
    setup = load_setup(session=session, workshop_id=workshop_id)
    details = WorkshopCreate.model_validate(
        setup.workshop.model_dump(include=set(WorkshopCreate.model_fields))
    )
    details.title = f"{details.title}（コピー）"[:TITLE_MAX_CHARS]
    details.date = None
    return create_workshop(
        session=session,
        details=details,
        phases=[PhaseInput(title=p.title, minutes=p.minutes) for p in setup.phases],
        participants=dict.fromkeys(PARTICIPANT_ROLES, 0),
        categories=[CategoryInput(name=c.name, color=c.color) for c in setup.categories],
        groups=[GroupInput(name=g.name, leader_name=g.leader_name) for g in setup.groups],
    )


def set_workshop_status(*, session: Session, workshop_id: int, status: str) -> WorkshopRead:
    """Open or close a workshop; a closed workshop refuses every board write."""
    if status not in (WORKSHOP_OPEN, WORKSHOP_CLOSED):
        raise InvalidInput("error.status_unknown")
    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = _workshop(session, workshop_id)
    workshop.status = status
    workshop.updated_at = now_utc()
    session.flush()
    return WorkshopRead.model_validate(workshop)


def set_boards_locked(
    *, session: Session, workshop_id: int, locked: bool, group_id: int | None = None
) -> None:
    """Lock (or unlock) one table's board, or every table's when ``group_id`` is None."""
    require(session, "workshop.write", workshop_id=workshop_id)
    _workshop(session, workshop_id)
    statement = update(Group).where(col(Group.workshop_id) == workshop_id)
    if group_id is not None:
        statement = statement.where(col(Group.id) == group_id)
    session.execute(statement.values(locked=locked))
    session.expire_all()


def renew_join_code(*, session: Session, group_id: int) -> GroupRead:
    """Give a table a new code; the old one stops working at once."""
    group = _group(session, group_id)
    require(session, "workshop.write", workshop_id=group.workshop_id)
    session.add(RetiredJoinCode(join_code=group.join_code, group_id=group_id))
    group.join_code = _unique_code(session)
    group.code_active = True
    session.flush()
    return GroupRead.model_validate(group)


def set_code_active(*, session: Session, group_id: int, active: bool) -> GroupRead:
    """Close (or reopen) a table's join code."""
    group = _group(session, group_id)
    require(session, "workshop.write", workshop_id=group.workshop_id)
    group.code_active = active
    session.flush()
    return GroupRead.model_validate(group)


def group_for_code(*, session: Session, code: str) -> GroupRead:
    """The table a group leader's code opens. Unknown codes are NotFound; closed
    codes and closed workshops are BoardLocked."""
    normalized = normalize_join_code(code)
    if not looks_like_join_code(normalized):
        raise NotFound("error.code_unknown")
    group = session.exec(select(Group).where(Group.join_code == normalized)).first()
    if group is None:
        retired = session.exec(
            select(RetiredJoinCode.id).where(RetiredJoinCode.join_code == normalized)
        ).first()
        raise NotFound("error.code_renewed" if retired is not None else "error.code_unknown")
    workshop = _workshop(session, group.workshop_id)
    if not group.code_active or workshop.status == WORKSHOP_CLOSED:
        raise BoardLocked("error.code_closed")
    return GroupRead.model_validate(group)


# --- helpers -------------------------------------------------------------------------


def _workshop(session: Session, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    return workshop


def _group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("error.group_not_found")
    return group


def _unique_code(session: Session) -> str:
    while True:
        code = new_join_code()
        taken = session.exec(select(Group.id).where(Group.join_code == code)).first()
        retired = session.exec(
            select(RetiredJoinCode.id).where(RetiredJoinCode.join_code == code)
        ).first()
        if taken is None and retired is None:  # an old code never opens another table
            return code


def _clean_details(details: WorkshopCreate) -> WorkshopCreate:
    cleaned = WorkshopCreate(
        title=require_text(
            details.title, field="title", max_chars=TITLE_MAX_CHARS, multiline=False
        ),
        theme=optional_text(details.theme, field="theme", max_chars=FIELD_MAX_CHARS),
        purpose=optional_text(
            details.purpose, field="purpose", max_chars=FIELD_MAX_CHARS, multiline=True
        ),
        district=optional_text(details.district, field="district", max_chars=NAME_MAX_CHARS),
        date=details.date,
        start_time=details.start_time,
        end_time=details.end_time,
        venue=optional_text(details.venue, field="venue", max_chars=TITLE_MAX_CHARS),
        facilitator=optional_text(
            details.facilitator, field="facilitator", max_chars=NAME_MAX_CHARS
        ),
        recorder=optional_text(details.recorder, field="recorder", max_chars=NAME_MAX_CHARS),
    )
    if cleaned.start_time and cleaned.end_time and cleaned.end_time <= cleaned.start_time:
        raise InvalidInput("error.end_before_start")
    return cleaned


def _save_children(
    session: Session,
    workshop: Workshop,
    phases: list[PhaseInput],
    participants: dict[str, int],
    categories: list[CategoryInput],
    groups: list[GroupInput],
) -> None:
    if workshop.id is None:
        raise RuntimeError("the workshop must be flushed before its children")
    workshop_id = workshop.id
    _save_phases(session, workshop_id, phases)
    _save_participants(session, workshop_id, participants)
    _save_categories(session, workshop_id, categories)
    _save_groups(session, workshop_id, groups)
    session.flush()
    workshop.timer_phase_index = min(workshop.timer_phase_index, max(len(phases) - 1, 0))


def _save_phases(session: Session, workshop_id: int, phases: list[PhaseInput]) -> None:
    for old in session.exec(select(Phase).where(Phase.workshop_id == workshop_id)).all():
        session.delete(old)
    # Rows are reordered by their numbers; equal numbers keep their rows' order.
    ordered = sorted(
        enumerate(phases),
        key=lambda pair: (pair[1].order if pair[1].order is not None else pair[0] + 1, pair[0]),
    )
    for position, (_row, phase) in enumerate(ordered):
        title = require_text(phase.title, field="phase", max_chars=TITLE_MAX_CHARS, multiline=False)
        if not 1 <= phase.minutes <= MAX_PHASE_MINUTES:
            raise InvalidInput("error.phase_minutes", limit=MAX_PHASE_MINUTES)
        session.add(
            Phase(workshop_id=workshop_id, position=position, title=title, minutes=phase.minutes)
        )


def _save_participants(session: Session, workshop_id: int, participants: dict[str, int]) -> None:
    existing = {
        row.role: row
        for row in session.exec(
            select(ParticipantCount).where(ParticipantCount.workshop_id == workshop_id)
        ).all()
    }
    for role, count in participants.items():
        if role not in PARTICIPANT_ROLES:
            raise InvalidInput("error.role_unknown")
        if not 0 <= count <= MAX_PARTICIPANTS:
            raise InvalidInput("error.participant_count", limit=MAX_PARTICIPANTS)
        row = existing.get(role) or ParticipantCount(workshop_id=workshop_id, role=role)
        row.count = count
        session.add(row)


def _save_categories(session: Session, workshop_id: int, categories: list[CategoryInput]) -> None:
    if not categories:
        raise InvalidInput("error.no_categories")
    existing = {
        row.id: row
        for row in session.exec(select(Category).where(Category.workshop_id == workshop_id)).all()
    }
    kept: set[int] = set()
    for position, category in enumerate(categories):
        name = require_text(
            category.name, field="category", max_chars=NAME_MAX_CHARS, multiline=False
        )
        if not _COLOR.match(category.color or ""):
            raise InvalidInput("error.color", color=category.color)
        row = existing.get(category.id) if category.id is not None else None
        if row is None:
            row = Category(workshop_id=workshop_id, position=position, name=name, color="")
        row.position, row.name, row.color = position, name, category.color.upper()
        session.add(row)
        if row.id is not None:
            kept.add(row.id)
    # A removed category leaves its notes uncategorised (ON DELETE SET NULL).
    for category_id, row in existing.items():
        if category_id not in kept:
            session.delete(row)


def _save_groups(session: Session, workshop_id: int, groups: list[GroupInput]) -> None:
    if not 1 <= len(groups) <= MAX_GROUPS:
        raise InvalidInput("error.group_count", limit=MAX_GROUPS)
    existing = {
        row.id: row
        for row in session.exec(select(Group).where(Group.workshop_id == workshop_id)).all()
    }
    kept: set[int] = set()
    for position, group in enumerate(groups):
        name = require_text(group.name, field="group", max_chars=NAME_MAX_CHARS, multiline=False)
        leader = optional_text(group.leader_name, field="leader", max_chars=NAME_MAX_CHARS)
        row = existing.get(group.id) if group.id is not None else None
        if row is None:
            row = Group(
                workshop_id=workshop_id,
                position=position,
                name=name,
                join_code=_unique_code(session),
            )
        row.position, row.name, row.leader_name = position, name, leader
        session.add(row)
        if row.id is not None:
            kept.add(row.id)
    for group_id, row in existing.items():
        if group_id in kept:
            continue
        has_notes = session.exec(select(Note.id).where(Note.group_id == group_id)).first()
        if has_notes is not None:
            raise InvalidInput("error.group_has_notes", name=row.name)
        session.delete(row)


def set_plenary_group(*, session: Session, workshop_id: int, group_id: int | None) -> None:
    """Choose the table the projector shows in plenary mode (None: plenary off)."""
    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = _workshop(session, workshop_id)
    if group_id is not None:
        group = _group(session, group_id)
        if group.workshop_id != workshop_id:
            raise NotFound("error.group_not_found")
    workshop.plenary_group_id = group_id
    session.flush()


def set_spotlight_note(*, session: Session, workshop_id: int, note_id: int | None) -> None:
    """Show one note large on the projector (None: no note in the spotlight)."""
    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = _workshop(session, workshop_id)
    if note_id is not None:
        note = session.get(Note, note_id)
        group = session.get(Group, note.group_id) if note is not None else None
        if group is None or group.workshop_id != workshop_id:
            raise NotFound("error.note_not_found")
    workshop.spotlight_note_id = note_id
    session.flush()


@dataclass(frozen=True)
class WorkshopOverview:
    workshop: WorkshopRead
    group_count: int
    note_count: int


def workshop_overviews(*, session: Session) -> list[WorkshopOverview]:
    """Every workshop with its number of tables and notes, newest first."""
    group_counts = dict(
        session.exec(
            select(Group.workshop_id, func.count(col(Group.id))).group_by(col(Group.workshop_id))
        ).all()
    )
    note_counts = dict(
        session.exec(
            select(Group.workshop_id, func.count(col(Note.id)))
            .join(Note, col(Note.group_id) == col(Group.id))
            .group_by(col(Group.workshop_id))
        ).all()
    )
    return [
        WorkshopOverview(
            workshop=workshop,
            group_count=group_counts.get(workshop.id, 0),
            note_count=note_counts.get(workshop.id, 0),
        )
        for workshop in list_workshops(session=session)
    ]


def save_minutes_notes(
    *,
    session: Session,
    workshop_id: int,
    expected_version: int,
    plenary_notes: str,
    decisions: str,
    next_steps: str,
    attendees: str | None = None,
    next_meeting: str | None = None,
) -> WorkshopRead:
    """The parts of the minutes written after the session: the plenary's main
    points, the decisions, the next steps, the named attendees and the next
    meeting (None: left as they are)."""
    require(session, "workshop.write", workshop_id=workshop_id)
    texts = {"plenary_notes": plenary_notes, "decisions": decisions, "next_steps": next_steps}
    if attendees is not None:
        texts["attendees"] = attendees
    if next_meeting is not None:
        texts["next_meeting"] = next_meeting
    versioned_update(
        session,
        Workshop,
        workshop_id,
        expected_version,
        not_found="error.workshop_not_found",
        updated_at=now_utc(),
        **{
            name: optional_text(value, field=name, max_chars=FIELD_MAX_CHARS * 2, multiline=True)
            for name, value in texts.items()
        },
    )
    return WorkshopRead.model_validate(_workshop(session, workshop_id))


MASK_TERMS_MAX = 500


def save_mask_choices(
    *, session: Session, workshop_id: int, always: list[str], never: list[str]
) -> WorkshopRead:
    """The masking review's choices for this workshop's documents: terms that
    are always masked and terms that are never masked (a shop the finder took
    for a person). A term in both lists is masked."""

    def terms(raw: list[str], field: str) -> list[str]:
        cleaned = [optional_text(t, field=field, max_chars=100) for t in raw]
        unique = list(dict.fromkeys(t for t in cleaned if t))
        if len(unique) > MASK_TERMS_MAX:
            raise InvalidInput("error.too_many", field=field, limit=MASK_TERMS_MAX)
        return unique

    require(session, "minutes.export", workshop_id=workshop_id)
    row = _workshop(session, workshop_id)
    row.mask_always = terms(always, "mask_always")
    row.mask_never = [t for t in terms(never, "mask_never") if t not in row.mask_always]
    row.updated_at = now_utc()
    session.add(row)
    session.flush()
    return WorkshopRead.model_validate(row)


def assign_facilitator(*, session: Session, workshop_id: int, user_id: int | None) -> WorkshopRead:
    """The facilitator account that runs this workshop (and so may see it)."""
    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = _workshop(session, workshop_id)
    workshop.facilitator_user_id = user_id
    session.flush()
    return WorkshopRead.model_validate(workshop)


def delete_workshop(*, session: Session, workshop_id: int, recordings_dir: Path) -> None:
    """Delete a workshop with its tables, notes, recordings and transcripts, and
    the recordings' audio files. Action items that came from it stay, with
    their copied source text."""

    require(session, "workshop.write", workshop_id=workshop_id)
    workshop = _workshop(session, workshop_id)
    recordings = session.exec(
        select(Recording.id, Recording.stored_name).where(Recording.workshop_id == workshop_id)
    ).all()
    if recordings:
        # Its recordings and transcripts go with it: only who may delete
        # recordings may do that (a facilitator has no recording rights).
        require(session, "recording.write")
    session.delete(workshop)
    session.flush()
    audit.record(session, "delete", f"workshop:{workshop_id}")
    for recording_id, _name in recordings:
        audit.record(session, "delete", f"recording:{recording_id}", f"workshop:{workshop_id}")
    paths = [recordings_dir / name for _recording_id, name in recordings]

    def remove_audio() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    after_commit(session, remove_audio)
