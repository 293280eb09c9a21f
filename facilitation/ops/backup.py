"""``kondan backup`` and ``kondan restore``: the database and the recordings in
one tar.gz, with a manifest of row counts and file hashes that a restore
checks before it calls itself done.

SQLite is copied with its online backup API (safe while the app runs);
PostgreSQL with pg_dump. A restore refuses to overwrite a database or
recordings folder that holds anything, unless told ``--yes``.

A restore checks the whole archive before it touches anything: the gzip
stream to its end, the database's and every recording's sha256 against the
manifest, and the database itself (SQLite: integrity and row counts of a
staged copy; PostgreSQL: the dump, the row-count checks and the reset run as
one transaction). Any failure leaves the data as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

from facilitation.core.db import Database
from facilitation.core.errors import UserError
from facilitation.policy import audit

FORMAT_VERSION = 2  # 2: the manifest holds the database's sha256
ARCHIVED_RECORDINGS = "recordings"  # the folder recordings sit in inside an archive
DB_SQLITE, DB_SQL, MANIFEST = "database.sqlite3", "database.sql", "manifest.json"


class BackupError(UserError):
    """A backup or restore that cannot go ahead, with the reason."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(database: Database) -> dict[str, int]:
    """Rows per table (Alembic's own table left out)."""
    names = [n for n in inspect(database.engine).get_table_names() if n != "alembic_version"]
    with database.engine.connect() as connection:
        return {
            name: int(
                connection.execute(select(func.count()).select_from(table(name))).scalar() or 0
            )
            for name in sorted(names)
        }


def _recording_files(recordings_dir: Path) -> dict[str, str]:
    """Each recording's name in the archive ("recordings/…") and its sha256."""
    if not recordings_dir.is_dir():
        return {}
    return {
        f"{ARCHIVED_RECORDINGS}/{path.name}": _sha256(path)
        for path in sorted(recordings_dir.iterdir())
        if path.is_file()
    }


def _pg_env(url: str) -> tuple[list[str], dict[str, str]]:
    parsed = make_url(url)
    args = [
        "-h",
        parsed.host or "127.0.0.1",
        "-p",
        str(parsed.port or 5432),
        "-U",
        parsed.username or "postgres",
        "-d",
        parsed.database or "postgres",
    ]
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return args, env


def backup(*, database: Database, recordings_dir: Path, out: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder)
        if database.dialect == "sqlite":
            source_path = make_url(database.url).database or ""
            target = sqlite3.connect(staging / DB_SQLITE)
            source = sqlite3.connect(source_path)
            with target:
                source.backup(target)
            source.close()
            target.close()
            db_name = DB_SQLITE
        else:
            args, env = _pg_env(database.url)
            dump = subprocess.run(  # noqa: S603
                ["pg_dump", "--no-owner", "--no-privileges", "--format=plain", *args],  # noqa: S607
                capture_output=True,
                env=env,
                check=False,
            )
            if dump.returncode != 0:
                raise BackupError("error.backup_failed", reason=dump.stderr.decode()[:200])
            (staging / DB_SQL).write_bytes(dump.stdout)
            db_name = DB_SQL
        manifest: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "dialect": database.dialect,
            "database": db_name,
            "database_sha256": _sha256(staging / db_name),
            "tables": table_counts(database),
            "files": _recording_files(recordings_dir),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(staging / MANIFEST, MANIFEST)
            archive.add(staging / db_name, db_name)
            for name in manifest["files"]:
                archive.add(recordings_dir / Path(name).name, name)
        os.replace(partial, out)
    with database.write() as session:
        audit.record(session, "backup", str(out.name), actor="cli")
    return manifest


def _is_empty(database: Database, recordings_dir: Path) -> bool:
    counts = table_counts(database) if inspect(database.engine).get_table_names() else {}
    has_rows = any(
        n for name, n in counts.items() if name not in ("vocabulary_term", "notation_rule")
    )
    return not has_rows and not _recording_files(recordings_dir)


def _read_archive(path: Path) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
    """The manifest, the database and the recordings of an archive, each checked
    against the manifest's sha256 (and the gzip stream read to its end, so a cut
    or damaged archive fails here, before anything is replaced)."""
    with gzip.open(path, "rb") as stream:
        while stream.read(1 << 20):
            pass
    with tarfile.open(path, "r:gz") as archive:
        manifest: dict[str, Any] = json.loads(_member(archive, MANIFEST))
        if not isinstance(manifest.get("tables"), dict) or not isinstance(
            manifest.get("files"), dict
        ):
            raise ValueError("manifest")
        names = set(archive.getnames())
        for name in manifest["files"]:
            if name not in names or not name.startswith(f"{ARCHIVED_RECORDINGS}/") or ".." in name:
                raise ValueError(name)
        if manifest.get("database") not in (DB_SQLITE, DB_SQL):
            raise ValueError("database")
        db_bytes = _member(archive, manifest["database"])
        files = {name: _member(archive, name) for name in manifest["files"]}
    expected_db = manifest.get("database_sha256")
    if expected_db is not None and hashlib.sha256(db_bytes).hexdigest() != expected_db:
        raise BackupError("error.restore_mismatch", what="database sha256")
    for name, content in files.items():
        if hashlib.sha256(content).hexdigest() != manifest["files"][name]:
            raise BackupError("error.restore_mismatch", what=name)
    for name, count in manifest["tables"].items():
        if not _TABLE_NAME.match(str(name)) or not isinstance(count, int):
            raise ValueError(name)
    return manifest, db_bytes, files


_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    if handle is None:
        raise ValueError(name)
    return handle.read()


def restore(
    *, database: Database, recordings_dir: Path, archive_path: Path, yes: bool
) -> dict[str, Any]:
    """Put an archive back and check it matches its manifest exactly. Nothing
    is replaced until the archive has passed every check; a failure on the way
    leaves the database and the recordings as they were."""
    if not archive_path.is_file():
        raise BackupError("error.backup_missing")
    try:
        manifest, db_bytes, files = _read_archive(archive_path)
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, KeyError, ValueError) as error:
        raise BackupError("error.backup_unreadable") from error
    if manifest.get("dialect") != database.dialect:
        raise BackupError("error.backup_dialect", dialect=manifest.get("dialect"))
    if not yes and not _is_empty(database, recordings_dir):
        raise BackupError("error.restore_not_empty")
    database.dispose()
    if database.used_elsewhere():
        # Replacing the database under a running app or worker loses what
        # they write next (their connections keep the old file or schema).
        raise BackupError("error.restore_in_use")
    staged_recordings = _stage_recordings(recordings_dir, files)
    try:
        if database.dialect == "sqlite":
            _restore_sqlite(database, db_bytes, manifest)
        else:
            _restore_postgres(database, db_bytes, manifest)
    except BaseException:
        shutil.rmtree(staged_recordings, ignore_errors=True)
        raise
    _swap_recordings(recordings_dir, staged_recordings)
    _verify(database, recordings_dir, manifest)
    with database.write() as session:
        audit.record(session, "restore", archive_path.name, actor="cli")
    return manifest


def _stage_recordings(recordings_dir: Path, files: dict[str, bytes]) -> Path:
    """The archive's recordings, written beside the live folder (same disk)."""
    staged = recordings_dir.with_name(f".{recordings_dir.name}.restoring")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True, mode=0o700)
    for name, content in files.items():
        path = staged / Path(name).name
        path.write_bytes(content)
        path.chmod(0o600)
    return staged


def _swap_recordings(recordings_dir: Path, staged: Path) -> None:
    old = recordings_dir.with_name(f".{recordings_dir.name}.replaced")
    shutil.rmtree(old, ignore_errors=True)
    if recordings_dir.exists():
        os.replace(recordings_dir, old)
    os.replace(staged, recordings_dir)
    shutil.rmtree(old, ignore_errors=True)


def _restore_sqlite(database: Database, db_bytes: bytes, manifest: dict[str, Any]) -> None:
    """Check a staged copy (integrity, row counts), then put it in place."""
    target = Path(make_url(database.url).database or "")
    staged = target.with_name(target.name + ".restoring")
    staged.write_bytes(db_bytes)
    staged.chmod(0o600)
    try:
        check = sqlite3.connect(staged)
        try:
            if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError("error.restore_mismatch", what="integrity_check")
            for name, count in manifest["tables"].items():
                found = check.execute(f'SELECT count(*) FROM "{name}"').fetchone()  # noqa: S608 - checked names
                if found != (count,):
                    raise BackupError("error.restore_mismatch", what="rows")
        except sqlite3.DatabaseError as error:
            raise BackupError("error.backup_unreadable") from error
        finally:
            check.close()
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)


def _restore_postgres(database: Database, db_bytes: bytes, manifest: dict[str, Any]) -> None:
    """The reset, the dump and a check of every table's rows, as one
    transaction: if any part fails, PostgreSQL keeps the old data."""
    # Table names were checked against _TABLE_NAME when the archive was read.
    checks = "\n".join(
        f'  IF (SELECT count(*) FROM public."{name}") <> {int(count)} THEN '  # noqa: S608
        f"RAISE EXCEPTION 'kondan restore: rows of {name}'; END IF;"
        for name, count in manifest["tables"].items()
    )
    script = (
        b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
        + db_bytes
        + f"\nDO $kondan$\nBEGIN\n{checks}\nEND\n$kondan$;\n".encode()
    )
    database.dispose()
    args, env = _pg_env(database.url)
    run = subprocess.run(  # noqa: S603
        ["psql", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-q", *args, "-f", "-"],  # noqa: S607
        input=script,
        capture_output=True,
        env=env,
        check=False,
    )
    if run.returncode != 0:
        raise BackupError("error.backup_failed", reason=run.stderr.decode()[:200])


def _verify(database: Database, recordings_dir: Path, manifest: dict[str, Any]) -> None:
    if database.dialect == "sqlite":
        with database.engine.connect() as connection:
            if connection.execute(text("PRAGMA integrity_check")).scalar() != "ok":
                raise BackupError("error.restore_mismatch", what="integrity_check")
    counts = table_counts(database)
    expected: dict[str, int] = manifest["tables"]
    if any(counts.get(name) != count for name, count in expected.items()):
        raise BackupError("error.restore_mismatch", what="rows")
    if _recording_files(recordings_dir) != manifest["files"]:
        raise BackupError("error.restore_mismatch", what="files")


def describe(manifest: dict[str, Any]) -> str:
    tables: dict[str, int] = manifest["tables"]
    return (
        f"{sum(tables.values())} rows in {len(tables)} tables, {len(manifest['files'])} recordings"
    )
