"""Workshop setup, copies, join codes and locks on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitation.core.db import Database
from facilitation.core.errors import BoardLocked, InvalidInput, NotFound, StaleEdit
from facilitation.workshops import boards
from facilitation.workshops.codes import CODE_ALPHABET, format_join_code
from facilitation.workshops.setup import (
    CategoryInput,
    GroupInput,
    PhaseInput,
    WorkshopCreate,
    copy_workshop,
    create_workshop,
    default_categories,
    default_phases,
    group_for_code,
    load_setup,
    renew_join_code,
    set_code_active,
    set_workshop_status,
    update_workshop,
    workshop_overviews,
)
from tests.factories import make_workshop


def test_created_workshop_has_everything_the_setup_page_entered(database: Database) -> None:
    made = make_workshop(database, tables=4)
    with database.read() as session:
        setup = load_setup(session=session, workshop_id=made.workshop.id)
    assert setup.workshop.title == "テスト懇談会"
    assert setup.workshop.start_time == dt.time(14, 0)
    assert [(p.title, p.minutes) for p in setup.phases] == [
        (p.title, p.minutes) for p in default_phases()
    ]
    assert setup.participants["resident"] == 10
    assert setup.participants["ward_office"] == 0
    assert [c.name for c in setup.categories] == ["困りごと", "地域の強み", "アイデア"]
    codes = [g.join_code for g in setup.groups]
    assert len(set(codes)) == 4
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


def _update(database: Database, made, **changes):  # type: ignore[no-untyped-def]
    with database.read() as session:
        setup = load_setup(session=session, workshop_id=made.workshop.id)
    arguments = {
        "details": WorkshopCreate.model_validate(
            setup.workshop.model_dump(include=set(WorkshopCreate.model_fields))
        ),
        "phases": [PhaseInput(title=p.title, minutes=p.minutes) for p in setup.phases],
        "participants": setup.participants,
        "categories": [
            CategoryInput(id=c.id, name=c.name, color=c.color) for c in setup.categories
        ],
        "groups": [
            GroupInput(id=g.id, name=g.name, leader_name=g.leader_name) for g in setup.groups
        ],
        "expected_version": setup.workshop.version,
    }
    arguments.update(changes)
    with database.write() as session:
        return update_workshop(session=session, workshop_id=made.workshop.id, **arguments)


def test_editing_keeps_tables_codes_and_notes(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="残る付箋")
    _update(
        database,
        made,
        groups=[
            GroupInput(id=made.groups[0].id, name="Aテーブル（窓側）", leader_name="田中"),
            GroupInput(id=made.groups[1].id, name="Bテーブル"),
            GroupInput(name="Cテーブル"),
        ],
    )
    with database.read() as session:
        setup = load_setup(session=session, workshop_id=made.workshop.id)
        board = boards.load_group_board(session=session, group_id=made.groups[0].id)
    assert [g.name for g in setup.groups] == ["Aテーブル（窓側）", "Bテーブル", "Cテーブル"]
    assert setup.groups[0].join_code == made.groups[0].join_code
    assert setup.groups[0].leader_name == "田中"
    assert board.notes[0].text == "残る付箋"


def test_a_table_with_notes_cannot_be_removed(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[1].id, text="Bの付箋")
    with pytest.raises(InvalidInput) as caught:
        _update(database, made, groups=[GroupInput(id=made.groups[0].id, name="Aテーブル")])
    assert caught.value.key == "error.group_has_notes"


def test_removing_a_category_keeps_its_notes(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        note = boards.add_note(
            session=session,
            group_id=made.groups[0].id,
            text="分類が消える",
            category_id=made.categories[2].id,
        )
    _update(
        database,
        made,
        categories=[
            CategoryInput(id=c.id, name=c.name, color=c.color) for c in made.categories[:2]
        ],
    )
    with database.read() as session:
        board = boards.load_group_board(session=session, group_id=made.groups[0].id)
    assert board.notes[0].id == note.id
    assert board.notes[0].category_id is None


def test_stale_setup_edit_is_refused(database: Database) -> None:
    made = make_workshop(database)
    _update(database, made)
    with pytest.raises(StaleEdit):
        _update(database, made, expected_version=made.workshop.version)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"details": WorkshopCreate(title="  ")}, "error.empty"),
        (
            {"details": WorkshopCreate(title="x", start_time=dt.time(16), end_time=dt.time(14))},
            "error.end_before_start",
        ),
        ({"phases": [PhaseInput(title="長すぎ", minutes=601)]}, "error.phase_minutes"),
        ({"phases": [PhaseInput(title="ゼロ", minutes=0)]}, "error.phase_minutes"),
        ({"participants": {"resident": -1}}, "error.participant_count"),
        ({"participants": {"alien": 1}}, "error.role_unknown"),
        ({"categories": []}, "error.no_categories"),
        ({"categories": [CategoryInput(name="赤", color="red")]}, "error.color"),
        ({"groups": []}, "error.group_count"),
        ({"groups": [GroupInput(name=f"T{i}") for i in range(31)]}, "error.group_count"),
    ],
)
def test_bad_setup_is_refused(database: Database, change: dict, key: str) -> None:
    arguments = {
        "details": WorkshopCreate(title="懇談会"),
        "phases": default_phases(),
        "participants": {},
        "categories": default_categories(),
        "groups": [GroupInput(name="A")],
    }
    arguments.update(change)
    with pytest.raises(InvalidInput) as caught, database.write() as session:
        create_workshop(session=session, **arguments)
    assert caught.value.key == key


def test_copy_starts_a_new_workshop_from_a_past_one(database: Database) -> None:
    made = make_workshop(database, tables=3)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="前回の付箋")
        copy = copy_workshop(session=session, workshop_id=made.workshop.id)
    with database.read() as session:
        setup = load_setup(session=session, workshop_id=copy.id)
        board = boards.load_board(session=session, workshop_id=copy.id)
    assert copy.id != made.workshop.id
    assert setup.workshop.title == "テスト懇談会（コピー）"
    assert setup.workshop.date is None
    assert [g.name for g in setup.groups] == [g.name for g in made.groups]
    assert not {g.join_code for g in setup.groups} & {g.join_code for g in made.groups}
    assert sum(len(g.notes) for g in board.groups) == 0


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{display}", " {display} ", "{fullwidth}"])
def test_join_code_opens_its_table_however_it_is_typed(database: Database, typed: str) -> None:
    made = make_workshop(database)
    code = made.groups[1].join_code
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in code)
    text = typed.format(
        code=code, lower=code.lower(), display=format_join_code(code), fullwidth=fullwidth
    )
    with database.read() as session:
        assert group_for_code(session=session, code=text).id == made.groups[1].id


@pytest.mark.parametrize("typed", ["", "ABC", "AAAAAAAA", "<script>", "' OR 1=1 --", "0OIL1234"])
def test_wrong_codes_are_not_found(database: Database, typed: str) -> None:
    make_workshop(database)
    with pytest.raises(NotFound) as caught, database.read() as session:
        group_for_code(session=session, code=typed)
    assert caught.value.key == "error.code_unknown"


def test_closed_renewed_and_finished_codes(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0]
    with database.write() as session:
        set_code_active(session=session, group_id=group.id, active=False)
    with pytest.raises(BoardLocked), database.read() as session:
        group_for_code(session=session, code=group.join_code)
    with database.write() as session:
        renewed = renew_join_code(session=session, group_id=group.id)
    assert renewed.join_code != group.join_code
    with pytest.raises(NotFound) as caught, database.read() as session:
        group_for_code(session=session, code=group.join_code)
    assert caught.value.key == "error.code_renewed"  # not "mistyped"
    with database.read() as session:
        assert group_for_code(session=session, code=renewed.join_code).id == group.id
    with database.write() as session:
        set_workshop_status(session=session, workshop_id=made.workshop.id, status="closed")
    with pytest.raises(BoardLocked), database.read() as session:
        group_for_code(session=session, code=renewed.join_code)


def test_overview_counts_tables_and_notes(database: Database) -> None:
    made = make_workshop(database, tables=3)
    with database.write() as session:
        for text in ("一", "二"):
            boards.add_note(session=session, group_id=made.groups[0].id, text=text)
    with database.read() as session:
        overview = workshop_overviews(session=session)
    assert [(o.group_count, o.note_count) for o in overview] == [(3, 2)]


def test_agenda_rows_are_saved_in_the_order_of_their_numbers(database: Database) -> None:
    made = make_workshop(database)
    with database.read() as session:
        setup = load_setup(session=session, workshop_id=made.workshop.id)
    phases = [
        PhaseInput(title="開会", minutes=5, order=1),
        PhaseInput(title="まとめ", minutes=10, order=4),
        PhaseInput(title="話し合い", minutes=40, order=2),
        PhaseInput(title="休憩", minutes=5),  # no number: stays fourth
    ]
    with database.write() as session:
        update_workshop(
            session=session,
            workshop_id=made.workshop.id,
            expected_version=setup.workshop.version,
            details=WorkshopCreate.model_validate(setup.workshop.model_dump()),
            phases=phases,
            participants=setup.participants,
            categories=[
                CategoryInput(id=c.id, name=c.name, color=c.color) for c in setup.categories
            ],
            groups=[GroupInput(id=g.id, name=g.name) for g in setup.groups],
        )
    with database.read() as session:
        saved = load_setup(session=session, workshop_id=made.workshop.id).phases
    assert [p.title for p in saved] == ["開会", "話し合い", "まとめ", "休憩"]
