"""Test databases: a fresh migrated SQLite file, or a migrated PostgreSQL
database emptied between tests. PostgreSQL is the machine's local server
(KONDAN_TEST_POSTGRES_URL); a test run without it fails rather than skips."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psycopg
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from transcripts.glossary import DEFAULT_NOTATION, DEFAULT_TERMS

POSTGRES_ADMIN_URL = os.environ.get(
    "KONDAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def migrated_sqlite_template(folder: Path) -> Path:
    template = folder / "template.sqlite3"
    database = Database(f"sqlite:///{template}")
    upgrade(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return template


def sqlite_copy(template: Path, target: Path) -> Database:
    shutil.copyfile(template, target)
    return Database(f"sqlite:///{target}")


def postgres_database(name: str) -> Database:
    """A migrated PostgreSQL database called ``name``, created if missing."""
    admin = make_url(POSTGRES_ADMIN_URL)
    with psycopg.connect(
        host=admin.host,
        port=admin.port or 5432,
        user=admin.username,
        dbname=admin.database,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    database = Database(admin.set(database=name).render_as_string(hide_password=False))
    upgrade(database)
    return database


def empty_postgres(database: Database) -> None:
    """Every table emptied, then the migration's seed rows put back."""

    tables = [t for t in inspect(database.engine).get_table_names() if t != "alembic_version"]
    with database.engine.begin() as connection:
        quoted = ", ".join(f'"{name}"' for name in tables)
        connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        for term in DEFAULT_TERMS:
            connection.execute(
                text(
                    "INSERT INTO vocabulary_term (scope, scope_key, term) "
                    "VALUES ('default', '', :term)"
                ),
                {"term": term},
            )
        for position, (source, target) in enumerate(DEFAULT_NOTATION):
            connection.execute(
                text("INSERT INTO notation_rule (position, source, target) VALUES (:p, :s, :t)"),
                {"p": position, "s": source, "t": target},
            )
