"""A table's sticky-note board: notes, clusters (KJ法 islands), dot votes and
the group summary.

Every write takes the table's ``group_id`` (resolved from a join code or by a
facilitator) and checks that the thing written belongs to that table and that
the board is not locked. Edits carry the version the writer saw; a stale one
is refused with :class:`StaleEdit`, never applied over someone else's change.
Votes are counters changed by atomic increments, so they never conflict.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, bindparam, case, cast, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from facilitation.core.clock import now_utc
from facilitation.core.errors import BoardLocked, InvalidInput, NotFound, StaleEdit
from facilitation.core.limits import LABEL_MAX_CHARS, MAX_VOTES, NOTE_MAX_CHARS, SUMMARY_MAX_CHARS
from facilitation.core.text import clean_text, require_text, split_lines
from facilitation.core.versioning import versioned_delete, versioned_update
from facilitation.models import (
    WORKSHOP_CLOSED,
    Category,
    CategoryRead,
    Cluster,
    ClusterRead,
    Group,
    GroupRead,
    GroupSummary,
    GroupSummaryRead,
    Note,
    NoteRead,
    Phase,
    PhaseRead,
    Workshop,
    WorkshopRead,
)
from facilitation.policy import audit
from facilitation.policy.access import require

MAX_PASTED_NOTES = 200


@dataclass(frozen=True)
class GroupBoardRead:
    """One table's board as the pages draw it."""

    group: GroupRead
    clusters: list[ClusterRead]
    notes: list[NoteRead]
    summary: GroupSummaryRead | None

    def notes_in(self, cluster_id: int | None) -> list[NoteRead]:
        return [note for note in self.notes if note.cluster_id == cluster_id]

    def counts_by_category(self) -> Counter[int | None]:
        return Counter(note.category_id for note in self.notes)


@dataclass(frozen=True)
class BoardRead:
    """Every table of a workshop, for the facilitator's board and the plenary."""

    workshop: WorkshopRead
    phases: list[PhaseRead]
    categories: list[CategoryRead]
    groups: list[GroupBoardRead] = field(default_factory=list)

    def category(self, category_id: int | None) -> CategoryRead | None:
        return next((c for c in self.categories if c.id == category_id), None)


# --- reading -------------------------------------------------------------------------


def load_board(*, session: Session, workshop_id: int) -> BoardRead:
    """All tables of a workshop with their clusters, notes and summaries (5 queries)."""
    require(session, "board.read", workshop_id=workshop_id)
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("error.workshop_not_found")
    groups = session.exec(
        select(Group).where(Group.workshop_id == workshop_id).order_by(col(Group.position))
    ).all()
    group_ids = [g.id for g in groups]
    clusters = session.exec(
        select(Cluster)
        .where(col(Cluster.group_id).in_(group_ids))
        .order_by(col(Cluster.position), col(Cluster.id))
    ).all()
    notes = session.exec(
        select(Note)
        .where(col(Note.group_id).in_(group_ids))
        .order_by(col(Note.position), col(Note.id))
    ).all()
    summaries = session.exec(
        select(GroupSummary).where(col(GroupSummary.group_id).in_(group_ids))
    ).all()
    return BoardRead(
        workshop=WorkshopRead.model_validate(workshop),
        phases=_phases(session, workshop_id),
        categories=categories_of(session=session, workshop_id=workshop_id),
        groups=[_group_board(group, clusters, notes, summaries) for group in groups],
    )


def load_group_board(*, session: Session, group_id: int) -> GroupBoardRead:
    """One table's clusters, notes and summary."""
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("error.group_not_found")
    require(session, "board.read", workshop_id=group.workshop_id, group_id=group_id)
    clusters = session.exec(
        select(Cluster)
        .where(Cluster.group_id == group_id)
        .order_by(col(Cluster.position), col(Cluster.id))
    ).all()
    notes = session.exec(
        select(Note).where(Note.group_id == group_id).order_by(col(Note.position), col(Note.id))
    ).all()
    summaries = session.exec(select(GroupSummary).where(GroupSummary.group_id == group_id)).all()
    return _group_board(group, clusters, notes, summaries)


def categories_of(*, session: Session, workshop_id: int) -> list[CategoryRead]:
    require(session, "workshop.read", workshop_id=workshop_id)
    rows = session.exec(
        select(Category)
        .where(Category.workshop_id == workshop_id)
        .order_by(col(Category.position), col(Category.id))
    ).all()
    return [CategoryRead.model_validate(row) for row in rows]


def phases_of(*, session: Session, workshop_id: int) -> list[PhaseRead]:
    """The agenda's phases in order (what the timer runs through)."""
    require(session, "workshop.read", workshop_id=workshop_id)
    return _phases(session, workshop_id)


def _phases(session: Session, workshop_id: int) -> list[PhaseRead]:
    rows = session.exec(
        select(Phase).where(Phase.workshop_id == workshop_id).order_by(col(Phase.position))
    ).all()
    return [PhaseRead.model_validate(row) for row in rows]


def _group_board(
    group: Group,
    clusters: Sequence[Cluster],
    notes: Sequence[Note],
    summaries: Sequence[GroupSummary],
) -> GroupBoardRead:
    summary = next((s for s in summaries if s.group_id == group.id), None)
    return GroupBoardRead(
        group=GroupRead.model_validate(group),
        clusters=[ClusterRead.model_validate(c) for c in clusters if c.group_id == group.id],
        notes=[NoteRead.model_validate(n) for n in notes if n.group_id == group.id],
        summary=GroupSummaryRead.model_validate(summary) if summary else None,
    )


# --- guards --------------------------------------------------------------------------


def writable_group(session: Session, group_id: int) -> Group:
    """The table, if the actor may write its board and it is open; else
    Forbidden, BoardLocked or NotFound."""
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound("error.group_not_found")
    require(session, "board.write", workshop_id=group.workshop_id, group_id=group_id)
    workshop = session.get(Workshop, group.workshop_id)
    if workshop is None or workshop.status == WORKSHOP_CLOSED:
        raise BoardLocked("error.workshop_closed")
    if group.locked:
        raise BoardLocked("error.board_locked")
    return group


def _note_of_group(session: Session, group_id: int, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None or note.group_id != group_id:
        raise NotFound("error.note_not_found")
    return note


def _cluster_of_group(session: Session, group_id: int, cluster_id: int) -> Cluster:
    cluster = session.get(Cluster, cluster_id)
    if cluster is None or cluster.group_id != group_id:
        raise NotFound("error.cluster_not_found")
    return cluster


def _check_category(session: Session, group: Group, category_id: int | None) -> None:
    if category_id is None:
        return
    category = session.get(Category, category_id)
    if category is None or category.workshop_id != group.workshop_id:
        raise InvalidInput("error.category_unknown")


# --- notes ---------------------------------------------------------------------------


def add_note(
    *,
    session: Session,
    group_id: int,
    text: str,
    category_id: int | None = None,
    cluster_id: int | None = None,
    client_token: str | None = None,
) -> NoteRead:
    """Save one note at the end of the table's board.

    ``client_token`` identifies the form that sent it: a second submit with the
    same token returns the note already saved instead of adding a duplicate.
    """
    group = writable_group(session, group_id)
    cleaned = require_text(text, field="note", max_chars=NOTE_MAX_CHARS)
    _check_category(session, group, category_id)
    if cluster_id is not None:
        _cluster_of_group(session, group_id, cluster_id)
    if client_token is not None:
        existing = _note_by_token(session, group_id, client_token)
        if existing is not None:
            return NoteRead.model_validate(existing)
    note = Note(
        group_id=group_id,
        category_id=category_id,
        cluster_id=cluster_id,
        text=cleaned,
        position=_next_note_position(session, group_id),
        client_token=client_token,
    )
    try:
        with session.begin_nested():
            session.add(note)
    except IntegrityError:
        # A concurrent submit of the same form won the race.
        existing = _note_by_token(session, group_id, client_token) if client_token else None
        if existing is None:
            raise
        return NoteRead.model_validate(existing)
    return NoteRead.model_validate(note)


def add_pasted_notes(
    *,
    session: Session,
    group_id: int,
    pasted: str,
    category_id: int | None = None,
    client_token: str | None = None,
) -> list[NoteRead]:
    """One note per non-empty line of ``pasted`` (for notes first written on paper).

    All lines are checked before any is saved, so a bad line saves nothing.
    """
    lines = split_lines(pasted)
    if not lines:
        raise InvalidInput("error.empty", field="note")
    if len(lines) > MAX_PASTED_NOTES:
        raise InvalidInput("error.too_many_lines", limit=MAX_PASTED_NOTES, count=len(lines))
    for number, line in enumerate(lines, start=1):
        if len(line) > NOTE_MAX_CHARS:
            raise InvalidInput("error.line_too_long", line=number, limit=NOTE_MAX_CHARS)
    return [
        add_note(
            session=session,
            group_id=group_id,
            text=line,
            category_id=category_id,
            client_token=f"{client_token}:{number}" if client_token else None,
        )
        for number, line in enumerate(lines)
    ]


def update_note(
    *,
    session: Session,
    group_id: int,
    note_id: int,
    expected_version: int,
    text: str,
    category_id: int | None,
) -> NoteRead:
    """Change a note's text and category, if nobody changed it since ``expected_version``."""
    group = writable_group(session, group_id)
    cleaned = require_text(text, field="note", max_chars=NOTE_MAX_CHARS)
    _check_category(session, group, category_id)
    _note_of_group(session, group_id, note_id)
    versioned_update(
        session,
        Note,
        note_id,
        expected_version,
        not_found="error.note_not_found",
        text=cleaned,
        category_id=category_id,
        updated_at=now_utc(),
    )
    return NoteRead.model_validate(_note_of_group(session, group_id, note_id))


def move_note(
    *,
    session: Session,
    group_id: int,
    note_id: int,
    expected_version: int,
    cluster_id: int | None,
) -> NoteRead:
    """Put a note into a cluster (``None``: back to the unsorted notes)."""
    move_notes(
        session=session,
        group_id=group_id,
        notes=[(note_id, expected_version)],
        cluster_id=cluster_id,
    )
    return NoteRead.model_validate(_note_of_group(session, group_id, note_id))


def move_notes(
    *,
    session: Session,
    group_id: int,
    notes: Sequence[tuple[int, int]],
    cluster_id: int | None,
) -> None:
    """Move several notes (each ``(note_id, version seen)``) into one island in
    one step; if any of them changed meanwhile, none moves."""
    writable_group(session, group_id)
    if cluster_id is not None:
        _cluster_of_group(session, group_id, cluster_id)
    for note_id, expected_version in notes:
        _note_of_group(session, group_id, note_id)
        versioned_update(
            session,
            Note,
            note_id,
            expected_version,
            not_found="error.note_not_found",
            cluster_id=cluster_id,
            updated_at=now_utc(),
        )


def delete_note(*, session: Session, group_id: int, note_id: int, expected_version: int) -> None:
    """Delete a note, unless it changed since ``expected_version``."""
    writable_group(session, group_id)
    _note_of_group(session, group_id, note_id)
    versioned_delete(session, Note, note_id, expected_version, not_found="error.note_not_found")
    audit.record(session, "delete", f"note:{note_id}", f"group:{group_id}")


def vote_note(*, session: Session, group_id: int, note_id: int, delta: int) -> int:
    """Add ``delta`` dot votes (negative removes); returns the new count (0–999)."""
    writable_group(session, group_id)
    _note_of_group(session, group_id, note_id)
    return _add_votes(session, Note, note_id, delta)


# --- clusters ------------------------------------------------------------------------


def create_cluster(
    *, session: Session, group_id: int, label: str, note_ids: tuple[int, ...] = ()
) -> ClusterRead:
    """A new island labelled ``label``, optionally holding some notes at once."""
    writable_group(session, group_id)
    cleaned = require_text(label, field="cluster_label", max_chars=LABEL_MAX_CHARS, multiline=False)
    position = session.exec(
        select(func.coalesce(func.max(Cluster.position), -1)).where(Cluster.group_id == group_id)
    ).one()
    cluster = Cluster(group_id=group_id, label=cleaned, position=position + 1)
    session.add(cluster)
    session.flush()
    for note_id in note_ids:
        note = _note_of_group(session, group_id, note_id)
        note.cluster_id = cluster.id
        note.version += 1
        note.updated_at = now_utc()
    session.flush()
    return ClusterRead.model_validate(cluster)


def rename_cluster(
    *, session: Session, group_id: int, cluster_id: int, expected_version: int, label: str
) -> ClusterRead:
    writable_group(session, group_id)
    cleaned = require_text(label, field="cluster_label", max_chars=LABEL_MAX_CHARS, multiline=False)
    _cluster_of_group(session, group_id, cluster_id)
    versioned_update(
        session,
        Cluster,
        cluster_id,
        expected_version,
        not_found="error.cluster_not_found",
        label=cleaned,
    )
    return ClusterRead.model_validate(_cluster_of_group(session, group_id, cluster_id))


def delete_cluster(
    *, session: Session, group_id: int, cluster_id: int, expected_version: int
) -> None:
    """Remove an island; its notes go back to the unsorted notes, none is deleted."""
    writable_group(session, group_id)
    _cluster_of_group(session, group_id, cluster_id)
    _remove_island(session, cluster_id, expected_version, into_cluster_id=None)
    audit.record(session, "delete", f"cluster:{cluster_id}", f"group:{group_id}")


def merge_clusters(
    *,
    session: Session,
    group_id: int,
    cluster_id: int,
    expected_version: int,
    into_cluster_id: int,
) -> None:
    """Merge an island into another: its notes and dot votes join
    ``into_cluster_id`` and the island itself goes (audited as a deletion)."""
    writable_group(session, group_id)
    votes = _cluster_of_group(session, group_id, cluster_id).votes
    _cluster_of_group(session, group_id, into_cluster_id)
    if cluster_id == into_cluster_id:
        raise InvalidInput("error.merge_same")
    _remove_island(session, cluster_id, expected_version, into_cluster_id=into_cluster_id)
    if votes:
        table = Cluster.__table__  # type: ignore[attr-defined]
        total = table.c.votes + votes
        session.execute(
            update(table)
            .where(table.c.id == into_cluster_id)
            .values(votes=case((total > MAX_VOTES, MAX_VOTES), else_=total))
        )
    audit.record(
        session, "delete", f"cluster:{cluster_id}", f"group:{group_id} → cluster:{into_cluster_id}"
    )


def _remove_island(
    session: Session, cluster_id: int, expected_version: int, *, into_cluster_id: int | None
) -> None:
    """Move an island's notes (to another island, or back to the unsorted ones)
    and delete it. Moving a note is an edit, so each one's version moves on; a
    stale delete rolls the moves back with it."""
    session.execute(
        update(Note)
        .where(col(Note.cluster_id) == cluster_id)
        .values(cluster_id=into_cluster_id, version=Note.version + 1, updated_at=now_utc())
    )
    versioned_delete(
        session, Cluster, cluster_id, expected_version, not_found="error.cluster_not_found"
    )


def vote_cluster(*, session: Session, group_id: int, cluster_id: int, delta: int) -> int:
    """Add ``delta`` dot votes to an island; returns the new count (0–999)."""
    writable_group(session, group_id)
    _cluster_of_group(session, group_id, cluster_id)
    return _add_votes(session, Cluster, cluster_id, delta)


# --- summary -------------------------------------------------------------------------


def save_group_summary(
    *, session: Session, group_id: int, text: str, expected_version: int
) -> GroupSummaryRead:
    """Save the table's summary (主な意見・提案). ``expected_version`` is 0 when the
    writer saw no summary yet."""
    writable_group(session, group_id)
    cleaned = clean_text(text)
    if len(cleaned) > SUMMARY_MAX_CHARS:
        raise InvalidInput(
            "error.too_long", field="summary", limit=SUMMARY_MAX_CHARS, length=len(cleaned)
        )
    summary = session.exec(select(GroupSummary).where(GroupSummary.group_id == group_id)).first()
    if summary is None:
        if expected_version != 0:
            raise StaleEdit("error.stale_edit")
        summary = GroupSummary(group_id=group_id, text=cleaned)
        try:
            with session.begin_nested():
                session.add(summary)
        except IntegrityError as exc:
            raise StaleEdit("error.stale_edit") from exc
        return GroupSummaryRead.model_validate(summary)
    versioned_update(
        session,
        GroupSummary,
        summary.id or 0,
        expected_version,
        not_found="error.summary_not_found",
        text=cleaned,
        updated_at=now_utc(),
    )
    session.refresh(summary)
    return GroupSummaryRead.model_validate(summary)


# --- live revision -------------------------------------------------------------------


def board_revision(*, session: Session, workshop_id: int, group_id: int | None = None) -> str:
    """A short fingerprint of everything the live board shows for a workshop
    (timer, locks, spotlight, notes, islands, votes, summaries): it changes
    whenever any of them does, so a page re-reads the board only then. One
    statement of aggregates, cheap enough to run every half second per page."""
    require(session, "board.read", workshop_id=workshop_id, group_id=group_id)
    row = session.execute(_revision_statement(), {"workshop_id": workshop_id}).first()
    if row is None:
        raise NotFound("error.workshop_not_found")
    return ":".join(str(part) for part in row)


@functools.cache
def _revision_statement() -> Any:
    """Built once: making and compiling it cost ten times its run (4–7 ms
    against 0.3 ms on a board of 8 × 60 notes)."""
    workshop = Workshop.__table__  # type: ignore[attr-defined]
    groups = Group.__table__  # type: ignore[attr-defined]
    of_workshop = groups.c.workshop_id == bindparam("workshop_id")
    group_ids = select(groups.c.id).where(of_workshop).scalar_subquery()

    def total(table: Any, expression: Any, where: Any = None) -> Any:
        condition = table.c.group_id.in_(group_ids) if where is None else where
        return select(func.coalesce(expression, 0)).where(condition).scalar_subquery()

    columns = [
        workshop.c.version,
        workshop.c.status,
        workshop.c.timer_phase_index,
        workshop.c.timer_running,
        workshop.c.timer_started_at,
        workshop.c.timer_elapsed_s,
        workshop.c.plenary_group_id,
        workshop.c.spotlight_note_id,
        total(groups, func.count(), of_workshop),
        total(groups, func.sum(groups.c.id * 2 + _as_int(groups.c.locked)), of_workshop),
        total(groups, func.sum(_as_int(groups.c.code_active)), of_workshop),
    ]
    for table in (Note.__table__, Cluster.__table__):  # type: ignore[attr-defined]
        columns += [
            total(table, func.count()),
            total(table, func.sum(table.c.id)),
            total(table, func.sum(table.c.version)),
            total(table, func.sum(table.c.votes)),
        ]
    summaries = GroupSummary.__table__  # type: ignore[attr-defined]
    columns += [total(summaries, func.count()), total(summaries, func.sum(summaries.c.version))]
    return select(*columns).where(workshop.c.id == bindparam("workshop_id"))


def _as_int(column: Any) -> Any:
    return cast(column, Integer)


# --- helpers -------------------------------------------------------------------------


def _note_by_token(session: Session, group_id: int, client_token: str) -> Note | None:
    return session.exec(
        select(Note).where(Note.group_id == group_id, Note.client_token == client_token)
    ).first()


def _next_note_position(session: Session, group_id: int) -> int:
    highest = session.exec(
        select(func.coalesce(func.max(Note.position), -1)).where(Note.group_id == group_id)
    ).one()
    return int(highest) + 1


def _add_votes(session: Session, model: type, row_id: int, delta: int) -> int:
    if delta == 0 or abs(delta) > MAX_VOTES:
        raise InvalidInput("error.vote_delta")
    table = model.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(
            table.c.id == row_id,
            table.c.votes + delta >= 0,
            table.c.votes + delta <= MAX_VOTES,
        )
        .values(votes=table.c.votes + delta)
    )
    session.expire_all()
    votes = session.execute(select(table.c.votes).where(table.c.id == row_id)).scalar_one()
    return int(votes)
