"""Optimistic locking: two people saving the same thing at the same moment
give exactly one saved edit and one clear refusal, never a silent overwrite."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlmodel import Session

from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.errors import NotFound, StaleEdit
from facilitation.core.versioning import versioned_delete, versioned_update
from facilitation.models import Note, Workshop
from facilitation.workshops import boards
from facilitation.workshops.setup import PhaseInput, WorkshopCreate, load_setup, update_workshop
from tests.factories import make_transcript, make_workshop
from transcripts.store import list_segments, update_segment

ROUNDS = 12


def race(database: Database, save: Callable[[Session, int], object]) -> list[str]:
    """Two threads released together each save with the same version in their
    own transaction; returns what each got: "saved" or "stale"."""
    outcomes: list[str] = []
    gate = threading.Barrier(2)

    def one(writer: int) -> None:
        gate.wait()
        try:
            with database.write() as session:
                save(session, writer)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_concurrent_workshop_saves_have_one_winner(database: Database) -> None:
    made = make_workshop(database)
    for round_ in range(ROUNDS):
        with database.read() as session:
            setup = load_setup(session=session, workshop_id=made.workshop.id)

        def save(session: Session, writer: int, setup=setup, round_=round_) -> None:  # type: ignore[no-untyped-def]
            update_workshop(
                session=session,
                workshop_id=made.workshop.id,
                expected_version=setup.workshop.version,
                details=WorkshopCreate(title=f"第{round_}回 writer {writer}"),
                phases=[PhaseInput(title=p.title, minutes=p.minutes) for p in setup.phases],
                participants=setup.participants,
                categories=setup.categories,
                groups=setup.groups,
            )

        assert race(database, save) == ["saved", "stale"]
    with database.read() as session:
        final = session.get(Workshop, made.workshop.id)
        assert final is not None and final.version == 1 + ROUNDS


def test_concurrent_action_item_saves_have_one_winner(database: Database) -> None:
    with database.write() as session:
        item = actions.create_action(session=session, data=actions.ActionInput(title="買い物支援"))
    for round_ in range(ROUNDS):
        with database.read() as session:
            version = actions.get_action(session=session, action_id=item.id).item.version

        def save(session: Session, writer: int, version=version, round_=round_) -> None:  # type: ignore[no-untyped-def]
            actions.update_action(
                session=session,
                action_id=item.id,
                expected_version=version,
                data=actions.ActionInput(title=f"買い物支援 {round_}-{writer}"),
            )

        assert race(database, save) == ["saved", "stale"]


def test_concurrent_segment_saves_have_one_winner(database: Database) -> None:
    recording_id, _job = make_transcript(database, [(0.0, 3.0, "サロンの参加者が減っている")])
    for round_ in range(ROUNDS):
        with database.read() as session:
            segment = list_segments(session=session, recording_id=recording_id)[0]

        def save(session: Session, writer: int, segment=segment, round_=round_) -> None:  # type: ignore[no-untyped-def]
            update_segment(
                session=session,
                segment_id=segment.id,
                expected_version=segment.version,
                text=f"サロンの参加者が減っている（{round_}-{writer}）",
            )

        assert race(database, save) == ["saved", "stale"]


def test_a_stale_delete_is_refused_and_a_gone_row_is_not_found(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    with database.write() as session:
        note = boards.add_note(session=session, group_id=group_id, text="坂道が多い")
    with database.write() as session:
        versioned_update(session, Note, note.id, note.version, not_found="x", text="坂道が多い地域")
    with pytest.raises(StaleEdit), database.write() as session:
        versioned_delete(session, Note, note.id, note.version, not_found="error.note_not_found")
    with database.write() as session:
        versioned_delete(session, Note, note.id, note.version + 1, not_found="x")
    with pytest.raises(NotFound) as gone, database.write() as session:
        versioned_update(session, Note, note.id, 2, not_found="error.note_not_found", text="…")
    assert gone.value.key == "error.note_not_found"
