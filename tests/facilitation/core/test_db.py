"""The storage layer: SQLite settings, migrations and concurrent writers."""

from __future__ import annotations

import threading

from sqlalchemy import inspect, text

from facilitation.core.db import Database
from facilitation.core.migrate import is_current
from facilitation.workshops import boards
from tests.factories import make_workshop


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_database: Database) -> None:
    with sqlite_database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_migrations_reach_the_newest_revision(database: Database) -> None:
    assert is_current(database)
    tables = set(inspect(database.engine).get_table_names())
    assert {
        "workshop",
        "workshop_group",
        "note",
        "cluster",
        "group_summary",
        "alembic_version",
    } <= tables


def test_deleting_a_workshop_removes_its_boards(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="消える")
    with database.write() as session:
        session.execute(text("DELETE FROM workshop WHERE id = :id"), {"id": made.workshop.id})
    with database.read() as session:
        assert session.execute(text("SELECT count(*) FROM note")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM workshop_group")).scalar() == 0


def test_many_writers_lose_nothing(database: Database) -> None:
    made = make_workshop(database, tables=4)
    errors: list[BaseException] = []

    def writer(group_id: int, writer_number: int) -> None:
        try:
            for index in range(25):
                with database.write() as session:
                    boards.add_note(
                        session=session,
                        group_id=group_id,
                        text=f"w{writer_number}-{index}",
                        client_token=f"w{writer_number}-{index}",
                    )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(made.groups[n % 4].id, n)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=made.workshop.id)
    texts = sorted(n.text for g in board.groups for n in g.notes)
    assert texts == sorted(f"w{w}-{i}" for w in range(8) for i in range(25))
