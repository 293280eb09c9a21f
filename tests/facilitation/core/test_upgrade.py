"""Upgrading a database that lived through every migration (issue 16,
item 4), on SQLite and PostgreSQL: created at the first revision, each table
filled as soon as a revision creates it, then upgraded step by step to the
newest. Every row is still there with the values it was written with (but
for the columns a migration deliberately converts), and everything reads
back through the domain."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, MetaData, Time, select, text
from sqlmodel import SQLModel, select as model_select

import facilitation.models
from facilitation import accounts, actions
from facilitation.core.db import Database
from facilitation.core.migrate import alembic_config, is_current
from facilitation.policy import audit
from facilitation.workshops import boards
from facilitation.workshops.setup import list_workshops, load_setup
from tests.facilitation.core.test_migrations import blank  # noqa: F401 - the fixture
from transcripts.store import list_recordings, list_segments

# Values that must be among the domain's own words, by column.
CHOSEN: dict[tuple[str, str], Any] = {
    ("workshop", "status"): "open",
    ("transcription_job", "status"): "done",
    ("transcription_job", "model"): "base",
    ("transcription_job", "language"): "ja",
    ("transcription_job", "error_params"): {"limit_min": 240},
    ("transcription_job", "warnings"): [],
    ("action_item", "stage"): "active",
    ("action_item", "kind"): "activity",
    ("action_item", "source_kind"): "note",
    ("action_item", "owners"): "volunteers,ward_office",  # text until 0006
    ("action_item", "progress"): 40,
    ("action_event", "from_stage"): "preparing",
    ("action_event", "to_stage"): "active",
    ("action_owner", "kind"): ("local_group", "partner_agency"),  # besides the converted two
    ("review", "decision"): "continue",
    ("review", "satisfaction"): 4.0,
    ("review", "satisfaction_counts"): "0,0,1,3,4",  # text until 0006
    ("support_log_entry", "kind"): "visit",
    ("participantcount", "role"): ("resident", "volunteer"),  # one row each
    ("user_account", "role"): "staff",
    ("user_account", "password_hash"): "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    ("category", "color"): "#FFE08A",
    ("vocabulary_term", "scope"): "district",
    ("workshop", "mask_always"): ["山田"],
    ("workshop", "mask_never"): ["さくら町会"],
    ("name_span", "spans"): [[0, 2]],
    ("transcript_segment", "start"): 1.5,
    ("transcript_segment", "end"): 4.0,
}
# Columns a migration converts on purpose (tested in test_migrations.py).
CONVERTED = {("action_item", "owners"), ("review", "satisfaction_counts")}
START = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def _value(table: str, column: Any, n: int, row: int, ids: dict[str, list[Any]]) -> Any:
    """The ``row``-th row's value (tables get two rows; ``n`` counts every row)."""
    if (table, column.name) in CHOSEN:
        chosen = CHOSEN[(table, column.name)]
        chosen = chosen[row] if isinstance(chosen, tuple) else chosen
        if isinstance(chosen, dict | list) and not isinstance(column.type, JSON):
            return json.dumps(chosen)  # JSON kept as text before 0006
        return chosen
    if column.foreign_keys:
        target = ids.get(next(iter(column.foreign_keys)).column.table.name)
        return target[row % len(target)] if target else None
    kind = column.type
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, Float):
        return n + 0.25
    if isinstance(kind, DateTime):
        return START + dt.timedelta(minutes=n)
    if isinstance(kind, Date):
        return START.date() + dt.timedelta(days=n)
    if isinstance(kind, Time):
        return dt.time(10, n % 60)
    if isinstance(kind, JSON):
        return {"n": n}
    length = getattr(kind, "length", None) or 40
    word = f"{table[:6]}{column.name[:6]}{n}" if length < 40 else f"{table}・{column.name}の値{n}"
    return word[:length]


def _fill_new_tables(
    database: Database, written: dict[str, list[dict[str, Any]]], counter: itertools.count
) -> None:
    metadata = MetaData()
    metadata.reflect(database.engine)
    tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
    ids: dict[str, list[Any]] = {}
    with database.engine.connect() as connection:
        for table in tables:
            key = next(iter(table.primary_key.columns))
            ids[table.name] = list(connection.execute(select(key)).scalars())
    for table in tables:
        key = next(iter(table.primary_key.columns))
        if table.name in written:
            continue  # filled when its revision made it (rows a migration adds count too)
        rows = []
        for index in range(2):
            n = next(counter)
            row = {
                c.name: _value(table.name, c, n, index, ids)
                for c in table.columns
                if not (c.primary_key and isinstance(c.type, Integer))
            }
            if key.name in row:  # a text key (name_span, worker_beat)
                row[key.name] = f"{table.name}-{n}"
            with database.engine.begin() as connection:
                result = connection.execute(table.insert().values(**row))
                if key.name not in row:
                    row[key.name] = result.inserted_primary_key[0]
            rows.append(row)
        written[table.name] = rows
        ids[table.name] += [r[key.name] for r in rows]


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, dict | list):
        return bool(json.loads(before) == after)  # text became JSON, content kept
    if isinstance(before, dt.datetime) and isinstance(after, dt.datetime):
        aware = after if after.tzinfo else after.replace(tzinfo=dt.UTC)
        return before == aware
    if isinstance(before, float) and after is not None:
        return abs(before - float(after)) < 1e-9
    if isinstance(before, bool) and isinstance(after, int):
        return before == bool(after)
    return bool(before == after)


def test_a_database_from_the_first_migration_upgrades_with_every_row_intact(
    blank: Database,  # noqa: F811 - the fixture imported above
) -> None:
    config = alembic_config(blank)
    revisions = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()][::-1]
    written: dict[str, list[dict[str, Any]]] = {}
    counter = itertools.count(1)
    for revision in revisions:
        command.upgrade(config, revision)
        _fill_new_tables(blank, written, counter)
    assert is_current(blank)
    every_table = {t.name for t in SQLModel.metadata.sorted_tables}
    assert every_table <= set(written), every_table - set(written)

    metadata = MetaData()
    metadata.reflect(blank.engine)
    changed = []
    with blank.engine.connect() as connection:
        for name, rows in written.items():
            table = metadata.tables[name]
            key = next(iter(table.primary_key.columns))
            for row in rows:
                now = (
                    connection.execute(select(table).where(key == row[key.name]))
                    .mappings()
                    .one_or_none()
                )
                assert now is not None, f"{name} {row[key.name]} is gone"
                for column, value in row.items():
                    if (name, column) in CONVERTED or column not in now:
                        continue
                    if not _same(value, now[column]):
                        changed.append((name, column, value, now[column]))
    assert changed == []

    # Everything reads back through the domain and the models.
    with blank.read() as session:
        for model in SQLModel.metadata.tables:
            session.execute(select(text("COUNT(*)")).select_from(text(f'"{model}"')))
        for workshop in list_workshops(session=session):
            load_setup(session=session, workshop_id=workshop.id)
            boards.load_board(session=session, workshop_id=workshop.id)
        items = actions.list_actions(session=session)
        assert items and all(item.owners[:2] == ("volunteers", "ward_office") for item in items)
        assert {item.owners[2:] for item in items} == {("local_group",), ("partner_agency",)}
        for item in items:
            detail = actions.get_action(session=session, action_id=item.id)
            assert all(r.satisfaction_counts == (0, 0, 1, 3, 4) for r in detail.reviews)
        for recording, _job in list_recordings(session=session):
            list_segments(session=session, recording_id=recording.id)
        assert accounts.list_users(session=session)
        assert audit.list_events(session=session)
        tables = [
            model
            for model in vars(facilitation.models).values()
            if isinstance(model, type)
            and issubclass(model, SQLModel)
            and hasattr(model, "__table__")
        ]
        assert len(tables) == len(SQLModel.metadata.tables)
        for model in tables:
            assert session.exec(model_select(model)).all(), model.__name__
