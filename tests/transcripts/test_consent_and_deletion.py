"""Consent that matters and recordings that can be deleted (issue 11, items 3
and 4): a recording without consent is never transcribed nor appended; a
deleted recording's audio goes only once its rows have."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.documents.minutes import MinutesOptions, build_minutes
from facilitation.models import FAILED, QUEUED, TranscriptionJob, TranscriptSegment
from facilitation.policy import audit
from facilitation.policy.access import Forbidden
from tests.facilitation.documents.test_minutes import all_text
from tests.factories import make_transcript, make_workshop
from tests.transcripts.audio_files import FIXTURES
from transcripts.store import (
    appendable_recordings,
    claim_job,
    delete_recording,
    get_recording,
    queued_job_ids,
    record_consent,
)
from transcripts.uploads import accept_upload


def upload(database: Database, folder: Path, *, consent: bool, workshop_id: int | None = None):  # type: ignore[no-untyped-def]
    with database.write(staff(database)) as session:
        return accept_upload(
            session=session,
            recordings_dir=folder,
            data=(FIXTURES / "s01.flac").read_bytes(),
            name="s01.flac",
            workshop_id=workshop_id,
            consent=consent,
        )


def staff(database: Database):  # type: ignore[no-untyped-def]
    with database.write() as session:
        existing = [u for u in accounts.list_users(session=session) if u.username == "kimura"]
        account = (
            existing[0]
            if existing
            else accounts.create_user(
                session=session, username="kimura", password="correct-horse-1", role="staff"
            )
        )
    return account.as_staff()


def test_without_consent_nothing_is_transcribed_until_it_is_recorded(
    database: Database, tmp_path: Path
) -> None:
    job = upload(database, tmp_path, consent=False)
    with database.write() as session:
        assert job.id not in queued_job_ids(session=session)
        assert claim_job(session=session, job_id=job.id) is None  # whoever asks
        recording = get_recording(session=session, recording_id=job.recording_id)
    assert (recording.consent, recording.consent_by, recording.consent_at) == (False, "", None)

    with database.write(staff(database)) as session:
        waiting = record_consent(session=session, recording_id=job.recording_id)
    assert waiting is not None and waiting.id == job.id and waiting.status == QUEUED
    with database.write() as session:
        recording = get_recording(session=session, recording_id=job.recording_id)
        assert recording.consent and recording.consent_by == "kimura"
        assert recording.consent_at is not None
        assert job.id in queued_job_ids(session=session)
        assert claim_job(session=session, job_id=job.id) is not None
        events = audit.list_events(session=session, action="consent")
    assert [(e.actor, e.target) for e in events] == [("kimura", f"recording:{job.recording_id}")]


def test_an_upload_with_consent_says_who_and_when(database: Database, tmp_path: Path) -> None:
    job = upload(database, tmp_path, consent=True)
    with database.read() as session:
        recording = get_recording(session=session, recording_id=job.recording_id)
    assert recording.consent_by == "kimura" and recording.consent_at is not None


def test_minutes_append_only_consented_unfailed_chosen_recordings(database: Database) -> None:
    made = make_workshop(database)
    wid = made.workshop.id
    ok, _ = make_transcript(database, [(0, 2, "同意あり")], title="全体会", workshop_id=wid)
    second, _ = make_transcript(database, [(0, 2, "二本目")], title="Bテーブル", workshop_id=wid)
    make_transcript(database, [(0, 2, "同意なし")], title="無断", workshop_id=wid, consent=False)
    make_transcript(
        database, [(0, 2, "失敗")], title="失敗", workshop_id=wid, finish=FAILED, error_key="x"
    )
    with database.read() as session:
        assert [r.id for r in appendable_recordings(session=session, workshop_id=wid)] == [
            ok,
            second,
        ]

        def text(**options: object) -> str:
            return all_text(
                build_minutes(
                    session=session,
                    workshop_id=wid,
                    options=MinutesOptions(include_transcript=True, **options),  # type: ignore[arg-type]
                )
            )

        everything = text()
        chosen = text(recording_ids=(second,))
    assert "同意あり" in everything and "二本目" in everything
    assert "同意なし" not in everything and "失敗" not in everything
    assert "二本目" in chosen and "同意あり" not in chosen


def test_a_deleted_recording_takes_its_rows_and_then_its_audio(
    database: Database, tmp_path: Path
) -> None:
    job = upload(database, tmp_path, consent=True)
    with database.read() as session:
        audio = tmp_path / get_recording(session=session, recording_id=job.recording_id).stored_name
    assert audio.exists()

    # A delete that does not commit keeps the audio with its row.
    with pytest.raises(RuntimeError), database.write(staff(database)) as session:
        delete_recording(session=session, recording_id=job.recording_id, recordings_dir=tmp_path)
        assert audio.exists()  # not before the commit
        raise RuntimeError("rolled back")
    assert audio.exists()
    with database.read() as session:
        get_recording(session=session, recording_id=job.recording_id)

    with database.write(staff(database)) as session:
        delete_recording(session=session, recording_id=job.recording_id, recordings_dir=tmp_path)
    assert not audio.exists()
    with database.read() as session:
        assert session.get(TranscriptionJob, job.id) is None
        segments = select(TranscriptSegment).where(
            TranscriptSegment.recording_id == job.recording_id
        )
        assert session.exec(segments).first() is None
        events = audit.list_events(session=session, action="delete")
    assert f"recording:{job.recording_id}" in {e.target for e in events}


def test_a_facilitator_can_neither_delete_nor_consent(database: Database, tmp_path: Path) -> None:
    job = upload(database, tmp_path, consent=False)
    with database.write() as session:
        facilitator = accounts.create_user(
            session=session, username="fac", password="correct-horse-1", role="facilitator"
        ).as_staff()
    for action in (
        lambda s: delete_recording(
            session=s, recording_id=job.recording_id, recordings_dir=tmp_path
        ),
        lambda s: record_consent(session=s, recording_id=job.recording_id),
    ):
        with pytest.raises(Forbidden), database.write(facilitator) as session:
            action(session)
