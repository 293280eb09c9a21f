"""Shared fixtures: ``database`` runs a test on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.documents import people
from tests.databases import empty_postgres, migrated_sqlite_template, postgres_database, sqlite_copy


@pytest.fixture(autouse=True)
def fresh_sign_in_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no failed sign-ins remembered (the throttle lives
    in the process, and the tests share one)."""
    monkeypatch.setattr(accounts, "THROTTLE", accounts.SignInThrottle())


@pytest.fixture(autouse=True)
def name_finder_in_memory() -> Iterator[None]:
    """A page run binds the process's name finder to its test database; the
    next test starts with the finder in memory again (the model stays loaded)."""
    yield
    people.use_database(None)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[Database]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = postgres_database(f"kondan_test_{worker}")
    yield database
    database.dispose()


@pytest.fixture
def sqlite_database(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    database = sqlite_copy(sqlite_template, tmp_path / "kondan.sqlite3")
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[Database]:
    if request.param == "sqlite":
        db = sqlite_copy(sqlite_template, tmp_path / "kondan.sqlite3")
        yield db
        db.dispose()
    else:
        db = request.getfixturevalue("postgres")
        empty_postgres(db)
        yield db
