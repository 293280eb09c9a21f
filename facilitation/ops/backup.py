"""``kondan backup`` and ``kondan restore``: the database and the recordings in
one tar.gz, with a manifest of row counts and file hashes that a restore
checks before it calls itself done.

SQLite is copied with its online backup API (safe while the app runs);
PostgreSQL with pg_dump. A restore refuses to overwrite a database or
recordings folder that holds anything, unless told ``--yes``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

from facilitation.core.db import Database
from facilitation.core.errors import UserError
from facilitation.policy import audit

FORMAT_VERSION = 1
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
            "tables": table_counts(database),
            "files": _recording_files(recordings_dir),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
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
    """The manifest, the database and the recordings of an archive (checked names only)."""
    with tarfile.open(path, "r:gz") as archive:
        manifest: dict[str, Any] = json.loads(_member(archive, MANIFEST))
        names = set(archive.getnames())
        for name in manifest["files"]:
            if name not in names or not name.startswith(f"{ARCHIVED_RECORDINGS}/") or ".." in name:
                raise ValueError(name)
        db_bytes = _member(archive, manifest["database"])
        files = {name: _member(archive, name) for name in manifest["files"]}
    return manifest, db_bytes, files


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    if handle is None:
        raise ValueError(name)
    return handle.read()


def restore(
    *, database: Database, recordings_dir: Path, archive_path: Path, yes: bool
) -> dict[str, Any]:
    """Put an archive back and check it matches its manifest exactly."""
    if not archive_path.is_file():
        raise BackupError("error.backup_missing")
    try:
        manifest, db_bytes, files = _read_archive(archive_path)
    except (tarfile.TarError, OSError, KeyError, AttributeError, ValueError) as error:
        raise BackupError("error.backup_unreadable") from error
    if manifest.get("dialect") != database.dialect:
        raise BackupError("error.backup_dialect", dialect=manifest.get("dialect"))
    if not yes and not _is_empty(database, recordings_dir):
        raise BackupError("error.restore_not_empty")
    database.dispose()
    if database.dialect == "sqlite":
        target = Path(make_url(database.url).database or "")
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        partial = target.with_name(target.name + ".restoring")
        partial.write_bytes(db_bytes)
        os.replace(partial, target)
    else:
        args, env = _pg_env(database.url)
        reset = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        for command in (
            ["psql", "-v", "ON_ERROR_STOP=1", "-q", *args, "-c", reset],
            ["psql", "-v", "ON_ERROR_STOP=1", "-q", *args, "-f", "-"],
        ):
            run = subprocess.run(  # noqa: S603
                command,
                input=db_bytes if "-f" in command else None,
                capture_output=True,
                env=env,
                check=False,
            )
            if run.returncode != 0:
                raise BackupError("error.backup_failed", reason=run.stderr.decode()[:200])
    if recordings_dir.exists():
        shutil.rmtree(recordings_dir)
    recordings_dir.mkdir(parents=True)
    for name, content in files.items():
        (recordings_dir / Path(name).name).write_bytes(content)
    _verify(database, recordings_dir, manifest)
    with database.write() as session:
        audit.record(session, "restore", archive_path.name, actor="cli")
    return manifest


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
