"""One database, SQLite by default or PostgreSQL, with short write transactions.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Writes open
with ``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout at the
start of a transaction instead of failing at commit with "database is locked".
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "kondan_write"


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below choose how a transaction opens.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(_WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def create_db_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; creates the SQLite file's folder if needed."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        sqlite_file = _sqlite_file(url)
        if sqlite_file is not None:
            # Residents' words: readable by the account that runs Kondan only.
            # SQLite gives its -wal and -shm files the database file's mode.
            sqlite_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            sqlite_file.touch(mode=0o600, exist_ok=True)
            sqlite_file.chmod(0o600)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=20,
            max_overflow=20,
        )
        _install_sqlite_pragmas(engine)
        return engine
    # Each connection names the process it serves, so that "is another
    # process using this database?" can leave this process's own pools out.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        connect_args={"application_name": _application_name()},
    )


def _application_name() -> str:
    return f"kondan:{os.getpid()}"


def is_disk_full(error: OperationalError) -> bool:
    """Whether the database refused a write because its disk is full (SQLite:
    "database or disk is full"; PostgreSQL: "could not extend file")."""
    text = str(error.orig).lower()
    return "disk is full" in text or "no space left" in text or "could not extend file" in text


class FairLock:
    """A lock granted in arrival order (a ticket lock)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._changed:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._changed.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *_exc: object) -> None:
        with self._changed:
            self._serving += 1
            self._changed.notify_all()


_LOG = logging.getLogger(__name__)
AFTER_COMMIT = "after_commit"


def after_commit(session: Session, action: Callable[[], object]) -> None:
    """Run ``action`` once ``session``'s transaction has committed (never if it
    rolls back): deleting a file that its row described, for instance."""
    session.info.setdefault(AFTER_COMMIT, []).append(action)


class Database:
    """The app's database: ``read()`` and ``write()`` hand out short sessions."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = create_db_engine(database_url)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        # SQLite has one writer at a time. Threads of this process take turns
        # in arrival order instead of polling in SQLite's busy handler, whose
        # growing sleeps let an unlucky writer wait for seconds. Other
        # processes (the worker) still meet the busy timeout.
        self._write_turns: FairLock | None = FairLock() if self.dialect == "sqlite" else None
        self._in_use: IO[bytes] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self, actor: object | None = None) -> Iterator[Session]:
        """A session for reading; nothing it does is committed. ``actor`` (see
        ``facilitation.access``) is who reads: the domain checks it."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.info["actor"] = actor
            yield session
            session.rollback()

    @contextmanager
    def write(self, actor: object | None = None) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error."""
        with (
            self._write_turns or nullcontext(),
            Session(self._write_engine, expire_on_commit=False) as session,
        ):
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            for action in session.info.pop(AFTER_COMMIT, []):
                try:
                    action()
                except OSError as error:
                    # The rows are gone; a file left behind is said, not fatal.
                    _LOG.warning("after commit: %s", error.strerror or type(error).__name__)

    def mark_in_use(self) -> None:
        """Say, for as long as this process lives, that it serves this
        database (the app and the worker do), so that a restore refuses to
        replace it underneath them. SQLite: a shared lock on a file beside
        the database; PostgreSQL needs nothing (its connections show)."""
        sqlite_file = _sqlite_file(make_url(self.url))
        if sqlite_file is None or self._in_use is not None:
            return
        self._in_use = open(f"{sqlite_file}.in-use", "a+b")  # noqa: SIM115 - held until exit
        fcntl.flock(self._in_use, fcntl.LOCK_SH)

    def used_elsewhere(self) -> bool:
        """Whether another process serves this database now (call after
        ``dispose()``, so that this one's own pooled connections are gone)."""
        sqlite_file = _sqlite_file(make_url(self.url))
        if sqlite_file is not None:
            with open(f"{sqlite_file}.in-use", "a+b") as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(probe, fcntl.LOCK_UN)
            return False
        if self.dialect != "postgresql":
            return False
        with self.engine.connect() as connection:
            others = connection.exec_driver_sql(
                # Only clients: an autovacuum worker tidying this database
                # after heavy writes is listed too, and is not a user of it.
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend' AND application_name <> %s",
                (_application_name(),),
            ).scalar()
        self.engine.dispose()
        return bool(others)

    def dispose(self) -> None:
        """Close every pooled connection (and give up ``mark_in_use``)."""
        self.engine.dispose()
        if self._in_use is not None:
            self._in_use.close()
            self._in_use = None
