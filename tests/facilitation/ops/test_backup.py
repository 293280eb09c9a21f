"""Backup and restore on SQLite and PostgreSQL, retention, and deleting a
workshop with its recordings."""

from __future__ import annotations

import datetime as dt
import os
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import update

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.models import Recording
from facilitation.ops.backup import BackupError, backup, restore, table_counts
from facilitation.ops.demo import seed_demo
from facilitation.policy import audit
from facilitation.policy.access import Forbidden
from facilitation.workshops.setup import assign_facilitator, delete_workshop
from tests.databases import empty_postgres, sqlite_copy
from tests.factories import make_transcript
from tests.transcripts.audio_files import FIXTURES
from transcripts.store import delete_expired_audio, list_segments


def add_audio(database: Database, folder: Path, workshop_id: int | None, name: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes((FIXTURES / "s01.flac").read_bytes())
    recording_id, _job = make_transcript(
        database, [(0, 4.4, "地域の強み")], title=name, stored_name=name, workshop_id=workshop_id
    )
    return recording_id


def test_round_trip_gives_the_same_rows_and_files(
    database: Database, tmp_path: Path, sqlite_template: Path
) -> None:
    source_dir = tmp_path / "source" / "recordings"
    with database.write() as session:
        workshop = seed_demo(session=session)
    add_audio(database, source_dir, workshop.id, "a1.flac")
    before = table_counts(database)
    archive = tmp_path / "kondan-backup.tar.gz"
    manifest = backup(database=database, recordings_dir=source_dir, out=archive)
    assert manifest["tables"] == before and list(manifest["files"]) == ["recordings/a1.flac"]

    target_dir = tmp_path / "target" / "recordings"
    if database.dialect == "sqlite":
        target = sqlite_copy(sqlite_template, tmp_path / "restored.sqlite3")
    else:
        empty_postgres(database)
        target = database
    restore(database=target, recordings_dir=target_dir, archive_path=archive, yes=False)
    after = table_counts(target)
    after["audit_event"] -= 1  # the restore's own entry
    before["audit_event"] = manifest["tables"]["audit_event"]
    assert after == before
    assert (target_dir / "a1.flac").read_bytes() == (source_dir / "a1.flac").read_bytes()
    # Restoring over data needs --yes.
    with pytest.raises(BackupError) as caught:
        restore(database=target, recordings_dir=target_dir, archive_path=archive, yes=False)
    assert caught.value.key == "error.restore_not_empty"
    restore(database=target, recordings_dir=target_dir, archive_path=archive, yes=True)


def test_bad_archives_are_refused(sqlite_database: Database, tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(os.urandom(500))
    with pytest.raises(BackupError) as caught:
        restore(
            database=sqlite_database,
            recordings_dir=tmp_path / "recordings",
            archive_path=junk,
            yes=True,
        )
    assert caught.value.key == "error.backup_unreadable"
    with pytest.raises(BackupError) as caught:
        restore(
            database=sqlite_database,
            recordings_dir=tmp_path / "recordings",
            archive_path=tmp_path / "none",
            yes=True,
        )
    assert caught.value.key == "error.backup_missing"
    evil = tmp_path / "evil.tar.gz"
    (tmp_path / "manifest.json").write_text(
        '{"dialect": "sqlite", "database": "database.sqlite3", "tables": {}, '
        '"files": {"../../etc/passwd": "x"}}'
    )
    with tarfile.open(evil, "w:gz") as archive:
        archive.add(tmp_path / "manifest.json", "manifest.json")
    with pytest.raises(BackupError):
        restore(
            database=sqlite_database,
            recordings_dir=tmp_path / "recordings",
            archive_path=evil,
            yes=True,
        )


def test_retention_deletes_audio_and_keeps_transcripts(database: Database, tmp_path: Path) -> None:
    old = add_audio(database, tmp_path / "recordings", None, "old.flac")
    new = add_audio(database, tmp_path / "recordings", None, "new.flac")
    with database.write() as session:
        session.execute(
            update(Recording)
            .where(Recording.id == old)  # type: ignore[arg-type]
            .values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
        )
    with database.write() as session:
        assert (
            delete_expired_audio(
                session=session, recordings_dir=tmp_path / "recordings", older_than_days=30
            )
            == 1
        )
    assert not (tmp_path / "recordings" / "old.flac").exists()
    assert (tmp_path / "recordings" / "new.flac").exists()
    with database.read() as session:
        assert [s.text for s in list_segments(session=session, recording_id=old)] == ["地域の強み"]
        assert session.get(Recording, old).audio_deleted_at is not None  # type: ignore[union-attr]
        assert session.get(Recording, new).audio_deleted_at is None  # type: ignore[union-attr]


def test_deleting_a_workshop_removes_its_recordings_and_files(
    database: Database, tmp_path: Path
) -> None:
    with database.write() as session:
        workshop = seed_demo(session=session)
    recording_id = add_audio(database, tmp_path / "recordings", workshop.id, "w.flac")
    with database.write() as session:
        delete_workshop(
            session=session, workshop_id=workshop.id, recordings_dir=tmp_path / "recordings"
        )
    assert not (tmp_path / "recordings" / "w.flac").exists()
    counts = table_counts(database)
    assert counts["note"] == counts["recording"] == counts["transcript_segment"] == 0
    assert counts["action_item"] == 3  # the items stay, with their copied text
    with database.read() as session:
        assert session.get(Recording, recording_id) is None


def test_a_facilitator_cannot_delete_recordings_by_deleting_a_workshop(
    database: Database, tmp_path: Path
) -> None:
    """Issue 12, finding 8: deleting a workshop with recordings needs the
    recording permission, and each recording's deletion is audited."""
    with database.write() as session:
        workshop = seed_demo(session=session)
        facilitator = accounts.create_user(
            session=session, username="fac", password="correct-horse-battery", role="facilitator"
        )
        assign_facilitator(session=session, workshop_id=workshop.id, user_id=facilitator.id)
    recording_id = add_audio(database, tmp_path / "recordings", workshop.id, "w.flac")
    with pytest.raises(Forbidden), database.write(facilitator.as_staff()) as session:
        delete_workshop(
            session=session, workshop_id=workshop.id, recordings_dir=tmp_path / "recordings"
        )
    assert (tmp_path / "recordings" / "w.flac").exists()
    with database.write() as session:
        delete_workshop(
            session=session, workshop_id=workshop.id, recordings_dir=tmp_path / "recordings"
        )
    with database.read() as session:
        targets = {event.target for event in audit.list_events(session=session, action="delete")}
    assert {f"workshop:{workshop.id}", f"recording:{recording_id}"} <= targets
