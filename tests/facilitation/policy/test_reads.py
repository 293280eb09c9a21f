"""Every domain read checks the actor: sources copied into action items,
the glossary and notation list, and what a join code sees of its workshop
(issue 12, finding 5)."""

from __future__ import annotations

import pytest

from facilitation import accounts, actions
from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput
from facilitation.policy.access import Forbidden, Staff, TableCode
from facilitation.workshops import boards
from facilitation.workshops.setup import assign_facilitator, load_setup
from tests.factories import make_transcript, make_workshop
from transcripts.store import list_segments
from transcripts.vocabulary import hotwords_for, notation_rules, terms


def _facilitator_of(database: Database, workshop_id: int) -> Staff:
    with database.write() as session:
        account = accounts.create_user(
            session=session,
            username="fac-own",
            password="correct-horse-battery",
            role="facilitator",
        )
        assign_facilitator(session=session, workshop_id=workshop_id, user_id=account.id)
    return account.as_staff()


def test_a_facilitator_cannot_copy_another_workshops_words(database: Database) -> None:
    own = make_workshop(database, title="自分の懇談会")
    other = make_workshop(database, title="よその懇談会")
    facilitator = _facilitator_of(database, own.workshop.id)
    with database.write() as session:
        note = boards.add_note(session=session, group_id=other.groups[0].id, text="よその付箋")
        summary = boards.save_group_summary(
            session=session, group_id=other.groups[0].id, text="よそのまとめ", expected_version=0
        )
    recording_id, _job = make_transcript(
        database, [(0.0, 2.0, "よその発言")], workshop_id=other.workshop.id
    )
    with database.read() as session:
        segment = list_segments(session=session, recording_id=recording_id)[0]
    for kind, source_id in (
        ("note", note.id),
        ("group_summary", summary.id),
        ("segment", segment.id),
    ):
        with pytest.raises((Forbidden, InvalidInput)), database.write(facilitator) as session:
            actions.create_action(
                session=session,
                data=actions.ActionInput(title="写し"),
                source_kind=kind,
                source_id=source_id,
                workshop_id=own.workshop.id,
            )
        with pytest.raises(Forbidden), database.write(facilitator) as session:
            actions.create_action(
                session=session,
                data=actions.ActionInput(title="写し"),
                source_kind=kind,
                source_id=source_id,
            )
    with database.read() as session:
        assert actions.list_actions(session=session) == []


def test_a_facilitator_copies_from_their_own_workshop(database: Database) -> None:
    own = make_workshop(database)
    facilitator = _facilitator_of(database, own.workshop.id)
    with database.write(facilitator) as session:
        note = boards.add_note(session=session, group_id=own.groups[0].id, text="自分の付箋")
    with database.write(facilitator) as session:
        item = actions.create_action(
            session=session,
            data=actions.ActionInput(title="自分の取組"),
            source_kind="note",
            source_id=note.id,
        )
    assert item.source_text == "自分の付箋" and item.workshop_id == own.workshop.id


def test_the_glossary_is_read_by_recording_staff_only(database: Database) -> None:
    made = make_workshop(database)
    facilitator = _facilitator_of(database, made.workshop.id)
    code = TableCode(group_id=made.groups[0].id, workshop_id=made.workshop.id)
    for actor in (facilitator, code):
        for read in (
            lambda session: terms(session=session, scope="default"),
            lambda session: notation_rules(session=session),
            lambda session: hotwords_for(session=session, district=None, workshop_id=None),
        ):
            with pytest.raises(Forbidden), database.read(actor) as session:
                read(session)


def test_a_join_code_sees_only_its_own_table(database: Database) -> None:
    made = make_workshop(database, tables=3)
    mine = made.groups[1]
    code = TableCode(group_id=mine.id, workshop_id=made.workshop.id, join_code=mine.join_code)
    with database.read(code) as session:
        setup = load_setup(session=session, workshop_id=made.workshop.id)
    assert [g.id for g in setup.groups] == [mine.id]
    with database.read() as session:
        assert len(load_setup(session=session, workshop_id=made.workshop.id).groups) == 3
