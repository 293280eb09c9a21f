"""Migrations carry existing data across, on SQLite and PostgreSQL: a database
left at an older revision, with rows in it, upgrades to the newest and back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import facilitation.models  # noqa: F401 - every table on SQLModel.metadata
from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.migrate import alembic_config, is_current, upgrade
from tests.databases import POSTGRES_ADMIN_URL
from transcripts.store import list_recordings

NOW = "2026-06-01 10:00:00+00:00"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database with no migration applied."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield database
        database.dispose()
        return
    name = f"kondan_migrations_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = make_url(POSTGRES_ADMIN_URL)
    with psycopg.connect(
        host=admin.host, port=admin.port, user=admin.username, autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    database = Database(admin.set(database=name).render_as_string(hide_password=False))
    yield database
    database.dispose()


def _rows_at_0005(database: Database) -> None:
    """What 0005's schema held: owners and counts as comma-separated text,
    job errors and warnings as JSON text."""
    with database.engine.begin() as connection:
        for owners in ("volunteers,ward_office", "", "local_group"):
            connection.execute(
                text(
                    "INSERT INTO action_item (title, description, district, kind, owners, "
                    "owner_names, progress, stage, version, source_text, workshop_title, "
                    "created_at, updated_at) VALUES (:title, '', 'さくら地区', 'activity', "
                    ":owners, '', 0, 'reviewing', 1, '', '', :now, :now)"
                ),
                {"title": f"取組 {owners or 'なし'}", "owners": owners, "now": NOW},
            )
        connection.execute(
            text(
                "INSERT INTO review (action_id, date, attendees, satisfaction, "
                "satisfaction_counts, results, issues, improvements, decision, actor, created_at) "
                "VALUES (1, '2026-06-01', '', 4.38, '0,0,1,3,4', '', '', '', 'continue', '', :now),"
                " (2, '2026-06-01', '', 3.0, '', '', '', '', 'continue', '', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO recording (title, original_name, stored_name, size_bytes, consent, "
                "created_at) VALUES ('録音', 'a.flac', 'a.flac', 1, false, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO transcription_job (recording_id, status, model, progress, attempts, "
                "cancel_requested, error_key, error_params, warnings, glossary_retries, "
                "created_at) VALUES (1, 'failed', 'base', 0, 1, false, 'error.audio_too_long', "
                ":params, :warnings, 0, :now)"
            ),
            {
                "params": '{"limit_min": 240}',
                "warnings": '[["warning.truncated", {"declared_s": 60.0}]]',
                "now": NOW,
            },
        )


def test_comma_separated_lists_become_lists_and_back(blank: Database) -> None:
    command.upgrade(alembic_config(blank), "0005")
    _rows_at_0005(blank)
    upgrade(blank)
    assert is_current(blank)
    with blank.read() as session:
        items = {item.title: item for item in actions.list_actions(session=session)}
        assert items["取組 volunteers,ward_office"].owners == ("volunteers", "ward_office")
        assert items["取組 なし"].owners == ()
        only_local = actions.list_actions(session=session, owner="local_group")
        assert [item.title for item in only_local] == ["取組 local_group"]
        first = actions.get_action(session=session, action_id=1).reviews[0]
        second = actions.get_action(session=session, action_id=2).reviews[0]
        assert first.satisfaction_counts == (0, 0, 1, 3, 4)
        assert second.satisfaction_counts is None
        ((_recording, job),) = list_recordings(session=session)
        assert job is not None
        assert job.error_params == {"limit_min": 240}
        assert job.warnings == [("warning.truncated", {"declared_s": 60.0})]

    command.downgrade(alembic_config(blank), "0005")
    with blank.engine.connect() as connection:
        owners = connection.execute(text("SELECT owners FROM action_item ORDER BY id")).scalars()
        assert list(owners) == ["volunteers,ward_office", "", "local_group"]
        counts = connection.execute(
            text("SELECT satisfaction_counts FROM review ORDER BY id")
        ).scalars()
        assert list(counts) == ["0,0,1,3,4", ""]


def test_the_migrations_build_exactly_the_tables_the_models_describe(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
