"""Files that hold residents' words are the owner's alone, and a full disk
leaves no partial file and says so (issue 12, finding 12)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from facilitation.core.db import Database, is_disk_full
from facilitation.core.migrate import upgrade
from facilitation.models import Recording
from facilitation.ops.backup import backup
from facilitation.workshops import boards
from tests.factories import make_workshop
from tests.transcripts.audio_files import FIXTURES
from transcripts.uploads import DiskFull, accept_upload


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_database_backups_and_recordings_are_the_owners_alone(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'data' / 'kondan.sqlite3'}")
    upgrade(database)
    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="向かいの田中さん")
        accept_upload(
            session=session,
            recordings_dir=tmp_path / "data" / "recordings",
            data=(FIXTURES / "s01.flac").read_bytes(),
            name="a.flac",
            use_glossary=False,
        )
    archive = tmp_path / "b.tar.gz"
    backup(database=database, recordings_dir=tmp_path / "data" / "recordings", out=archive)
    assert _mode(tmp_path / "data" / "kondan.sqlite3") == 0o600
    assert _mode(tmp_path / "data" / "kondan.sqlite3-wal") == 0o600
    assert _mode(archive) == 0o600
    (recording,) = (tmp_path / "data" / "recordings").iterdir()
    assert _mode(recording) == 0o600
    database.dispose()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system (tmpfs); mounting needs root, as CI runs."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    folder = tmp_path / "small"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_upload_on_a_full_disk_leaves_nothing_behind(
    sqlite_database: Database, full_disk: Path
) -> None:
    with pytest.raises(DiskFull) as refused, sqlite_database.write() as session:
        accept_upload(
            session=session,
            recordings_dir=full_disk / "recordings",
            data=b"RIFF" + bytes(4 * 1024 * 1024),
            name="long.wav",
            use_glossary=False,
        )
    assert refused.value.key == "error.disk_full"
    assert list((full_disk / "recordings").iterdir()) == []
    with sqlite_database.read() as session:
        assert session.get(Recording, 1) is None


def test_a_note_on_a_full_disk_is_recognised(full_disk: Path) -> None:
    database = Database(f"sqlite:///{full_disk / 'kondan.sqlite3'}")
    upgrade(database)
    made = make_workshop(database)
    with pytest.raises(OperationalError) as refused:
        for batch in range(100):
            with database.write() as session:
                for index in range(100):
                    boards.add_note(
                        session=session,
                        group_id=made.groups[0].id,
                        text=f"{batch}-{index}: " + "坂道" * 140,
                    )
    assert is_disk_full(refused.value)
    database.dispose()
