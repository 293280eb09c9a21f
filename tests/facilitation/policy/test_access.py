"""Who may do what: a role × action matrix run through the domain itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session

from facilitation import accounts, actions
from facilitation.core.db import Database
from facilitation.documents.minutes import MinutesOptions, build_minutes
from facilitation.policy import audit
from facilitation.policy.access import Forbidden, TableCode
from facilitation.workshops import boards
from facilitation.workshops.setup import assign_facilitator, list_workshops, set_boards_locked
from tests.databases import migrated_sqlite_template, sqlite_copy
from tests.factories import make_workshop
from transcripts.store import list_recordings
from transcripts.vocabulary import replace_terms


@dataclass(frozen=True)
class World:
    workshop_id: int
    table_a: int
    table_b: int
    actors: dict[str, Any]


@pytest.fixture(scope="module")
def matrix_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """One SQLite database for the whole matrix (the accounts cost argon2 time)."""

    folder = tmp_path_factory.mktemp("matrix")
    return sqlite_copy(migrated_sqlite_template(folder), folder / "matrix.sqlite3")


@pytest.fixture(scope="module")
def matrix_world(matrix_database: Database) -> World:
    return _make_world(matrix_database)


@pytest.fixture
def world(database: Database) -> World:
    return _make_world(database)


def _make_world(database: Database) -> World:
    with database.write() as session:
        users = {
            role: accounts.create_user(
                session=session, username=name, password="long-enough-pw", role=role
            )
            for name, role in (
                ("admin1", "admin"),
                ("staff1", "staff"),
                ("fac1", "facilitator"),
                ("fac2", "facilitator"),
            )
        }
        fac2 = accounts.create_user(
            session=session, username="fac-other", password="long-enough-pw", role="facilitator"
        )
    own = users["facilitator"]
    made = make_workshop(database)
    with database.write() as session:
        assign_facilitator(session=session, workshop_id=made.workshop.id, user_id=own.id)
    a, b = made.groups[0], made.groups[1]
    return World(
        workshop_id=made.workshop.id,
        table_a=a.id,
        table_b=b.id,
        actors={
            "admin": users["admin"].as_staff(),
            "staff": users["staff"].as_staff(),
            "facilitator (own)": own.as_staff(),
            "facilitator (other)": fac2.as_staff(),
            "code A": TableCode(group_id=a.id, workshop_id=made.workshop.id),
            "code B": TableCode(group_id=b.id, workshop_id=made.workshop.id),
            "nobody": object(),
        },
    )


ACTIONS: dict[str, Callable[[Session, World], object]] = {
    "read the whole board": lambda s, w: boards.load_board(session=s, workshop_id=w.workshop_id),
    "read table A": lambda s, w: boards.load_group_board(session=s, group_id=w.table_a),
    "write a note at table A": lambda s, w: boards.add_note(
        session=s, group_id=w.table_a, text="A"
    ),
    "write a note at table B": lambda s, w: boards.add_note(
        session=s, group_id=w.table_b, text="B"
    ),
    "lock the boards": lambda s, w: set_boards_locked(
        session=s, workshop_id=w.workshop_id, locked=False
    ),
    "list recordings": lambda s, w: list_recordings(session=s),
    "edit the glossary": lambda s, w: replace_terms(
        session=s, scope="default", scope_key="", raw="見守り"
    ),
    "create an action item": lambda s, w: actions.create_action(
        session=s, data=actions.ActionInput(title="取組"), actor="x", workshop_id=w.workshop_id
    ),
    "list action items": lambda s, w: actions.list_actions(session=s),
    "export minutes": lambda s, w: build_minutes(
        session=s, workshop_id=w.workshop_id, options=MinutesOptions()
    ),
    "manage accounts": lambda s, w: accounts.list_users(session=s),
    "read the audit log": lambda s, w: audit.list_events(session=s),
}

ALLOWED = {
    "admin": set(ACTIONS),
    "staff": set(ACTIONS) - {"manage accounts", "read the audit log"},
    "facilitator (own)": {
        "read the whole board",
        "read table A",
        "write a note at table A",
        "write a note at table B",
        "lock the boards",
        "create an action item",
        "list action items",
        "export minutes",
    },
    "facilitator (other)": {"list action items"},
    "code A": {"read table A", "write a note at table A"},
    "code B": {"write a note at table B"},
    "nobody": set(),
}


@pytest.mark.parametrize("who", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_action_matrix(
    matrix_database: Database, matrix_world: World, who: str, action: str
) -> None:
    actor = matrix_world.actors[who]
    try:
        with matrix_database.write(actor=actor) as session:
            ACTIONS[action](session, matrix_world)
    except Forbidden:
        allowed = False
    else:
        allowed = True
    assert allowed is (action in ALLOWED[who]), f"{who} / {action}"


def test_a_facilitator_sees_only_their_workshops(database: Database, world: World) -> None:
    make_workshop(database, title="別の懇談会")
    with database.read(actor=world.actors["facilitator (own)"]) as session:
        assert [w.id for w in list_workshops(session=session)] == [world.workshop_id]
    with database.read(actor=world.actors["facilitator (other)"]) as session:
        assert list_workshops(session=session) == []
    with database.read(actor=world.actors["staff"]) as session:
        assert len(list_workshops(session=session)) == 2
    with database.read(actor=world.actors["nobody"]) as session:
        assert list_workshops(session=session) == []


def test_another_facilitators_items_stay_hidden(database: Database, world: World) -> None:
    with database.write(actor=world.actors["staff"]) as session:
        actions.create_action(
            session=session, data=actions.ActionInput(title="共通の取組"), actor="staff1"
        )
        actions.create_action(
            session=session,
            data=actions.ActionInput(title="この会の取組"),
            actor="staff1",
            workshop_id=world.workshop_id,
        )
    with database.read(actor=world.actors["facilitator (own)"]) as session:
        assert [i.title for i in actions.list_actions(session=session)] == ["この会の取組"]
    with database.read(actor=world.actors["facilitator (other)"]) as session:
        assert actions.list_actions(session=session) == []
