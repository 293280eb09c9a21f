"""A damaged backup is refused before it touches anything: the data that was
there stays exactly as it was (issue 12, finding 2)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from facilitation.core.db import Database
from facilitation.ops.backup import BackupError, backup, restore, table_counts
from facilitation.ops.demo import seed_demo
from facilitation.workshops import boards
from tests.facilitation.ops.test_backup import add_audio

Members = dict[str, bytes]


def _members(archive: Path) -> Members:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def _pack(members: Members, out: Path) -> Path:
    with tarfile.open(out, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out


def _with_manifest(members: Members, change: Callable[[dict], None]) -> Members:
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _half_database(members: Members) -> Members:
    """The database cut in half, with a manifest that agrees (as a careless
    copy would give): only the database's own checks can tell."""
    name = json.loads(members["manifest.json"])["database"]
    half = members[name][: len(members[name]) // 2]

    def agree(manifest: dict) -> None:
        manifest["database_sha256"] = hashlib.sha256(half).hexdigest()

    return _with_manifest({**members, name: half}, agree)


def _wrong_counts(members: Members) -> Members:
    def more_notes(manifest: dict) -> None:
        manifest["tables"]["note"] += 5

    return _with_manifest(members, more_notes)


def _foreign_database(members: Members) -> Members:
    name = json.loads(members["manifest.json"])["database"]
    junk = b"SQLite format 3\x00" + b"\x07" * 4096 if name.endswith("sqlite3") else b"SELEC 1;"
    members = {**members, name: junk}

    def agree(manifest: dict) -> None:
        manifest["database_sha256"] = hashlib.sha256(junk).hexdigest()

    return _with_manifest(members, agree)


def _swapped_recording(members: Members) -> Members:
    name = next(n for n in members if n.startswith("recordings/"))
    return {**members, name: members[name][::-1]}


@pytest.fixture
def live(database: Database, tmp_path: Path) -> tuple[Database, Path, Path, int]:
    """A database with the demo and a recording, its backup, and then one
    more note that only the live data holds."""
    recordings = tmp_path / "recordings"
    with database.write() as session:
        workshop = seed_demo(session=session)
        board = boards.load_board(session=session, workshop_id=workshop.id or 0)
    add_audio(database, recordings, workshop.id, "a1.flac")
    archive = backup(database=database, recordings_dir=recordings, out=tmp_path / "b.tar.gz")
    assert archive
    with database.write() as session:
        boards.add_note(session=session, group_id=board.groups[0].group.id, text="復元前だけの付箋")
    return database, recordings, tmp_path / "b.tar.gz", workshop.id or 0


def _unchanged(database: Database, recordings: Path, before: dict[str, int]) -> None:
    assert table_counts(database) == before
    with database.read() as session:
        texts = [
            n.text
            for g in boards.load_board(session=session, workshop_id=1).groups
            for n in g.notes
        ]
    assert "復元前だけの付箋" in texts
    assert (recordings / "a1.flac").stat().st_size > 1000


@pytest.mark.parametrize(
    "damage",
    [_half_database, _wrong_counts, _foreign_database, _swapped_recording],
    ids=["database cut in half", "wrong row counts", "foreign database", "changed recording"],
)
def test_a_damaged_archive_changes_nothing(
    live: tuple[Database, Path, Path, int], tmp_path: Path, damage: Callable[[Members], Members]
) -> None:
    database, recordings, archive, _workshop = live
    before = table_counts(database)
    damaged = _pack(damage(_members(archive)), tmp_path / "damaged.tar.gz")
    with pytest.raises(BackupError):
        restore(database=database, recordings_dir=recordings, archive_path=damaged, yes=True)
    _unchanged(database, recordings, before)


@pytest.mark.parametrize("cut", ["flipped byte", "cut in half"])
def test_a_broken_gzip_stream_changes_nothing(
    live: tuple[Database, Path, Path, int], tmp_path: Path, cut: str
) -> None:
    database, recordings, archive, _workshop = live
    before = table_counts(database)
    data = bytearray(archive.read_bytes())
    if cut == "flipped byte":
        data[len(data) // 2] ^= 0xFF
    else:
        data = data[: len(data) // 2]
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(bytes(data))
    with pytest.raises(BackupError) as refused:
        restore(database=database, recordings_dir=recordings, archive_path=broken, yes=True)
    assert refused.value.key in ("error.backup_unreadable", "error.restore_mismatch")
    _unchanged(database, recordings, before)


def test_a_good_archive_still_restores(live: tuple[Database, Path, Path, int]) -> None:
    database, recordings, archive, _workshop = live
    manifest = restore(database=database, recordings_dir=recordings, archive_path=archive, yes=True)
    counts = table_counts(database)
    # the restore itself is audited after the check
    assert {**counts, "audit_event": counts["audit_event"] - 1} == manifest["tables"]
    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=1)
    assert "復元前だけの付箋" not in [n.text for g in board.groups for n in g.notes]


def test_a_restore_refuses_while_the_app_serves_the_database(
    live: tuple[Database, Path, Path, int],
) -> None:
    """Issue 12, finding 4: replacing the database under a running app lost the
    notes it acknowledged next. The app and the worker say they serve it."""
    database, recordings, archive, _workshop = live
    before = table_counts(database)
    # The app is another process: on SQLite it holds the in-use lock, on
    # PostgreSQL a connection of its own (this process's pools do not count).
    app = Database(database.url)
    app.mark_in_use()
    other = (
        psycopg.connect(
            make_url(database.url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        if database.dialect == "postgresql"
        else nullcontext()
    )
    with other, app.read() as session:
        session.connection()
        with pytest.raises(BackupError) as refused:
            restore(database=database, recordings_dir=recordings, archive_path=archive, yes=True)
    assert refused.value.key == "error.restore_in_use"
    app.dispose()  # the app stops
    _unchanged(database, recordings, before)
    restore(database=database, recordings_dir=recordings, archive_path=archive, yes=True)
