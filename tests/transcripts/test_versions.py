"""Transcribing again with the replaced transcript kept until confirmed, and
notation rules applied to an existing transcript, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput, NotFound
from facilitation.models import CANCELLED, DONE, FAILED, Recording
from tests.factories import make_transcript, make_workshop
from tests.transcripts.audio_files import FIXTURES
from tests.transcripts.test_jobs import FakeEngine, queue_recording, run
from transcripts.editing import apply_text_changes
from transcripts.engine import Segment, Transcript
from transcripts.store import get_job, list_segments, request_cancel, update_segment
from transcripts.versions import (
    confirm_new_version,
    kept_version,
    latest_job,
    notation_preview,
    restore_kept_version,
    transcribe_again,
)
from transcripts.vocabulary import SCOPE_WORKSHOP, replace_terms


class SaysOnce:
    """A second opinion: one segment, 「新しい文字起こし」."""

    def transcribe(self, samples, *, language="ja", hotwords=None, on_chunk=None, should_stop=None):  # type: ignore[no-untyped-def]
        found = [Segment(0.0, 3.0, "新しい文字起こし")]
        if on_chunk:
            on_chunk(1.0, found)
        return Transcript(language="ja", duration=3.0, segments=found)


class Breaks:
    def transcribe(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the engine broke")


def first_run(database: Database, data_dir: Path) -> int:
    """A recording transcribed once (six segments), one of them corrected by staff."""
    job_id = queue_recording(database, data_dir, FIXTURES / "meeting.flac")
    assert run(database, data_dir, job_id, FakeEngine()) == DONE
    with database.write() as session:
        recording_id = get_job(session=session, job_id=job_id).recording_id
        first = list_segments(session=session, recording_id=recording_id)[0]
        update_segment(
            session=session,
            segment_id=first.id,
            expected_version=first.version,
            text="直した文",
            speaker="山田",
        )
    return recording_id


def texts(database: Database, recording_id: int) -> list[str]:
    with database.read() as session:
        return [s.text for s in list_segments(session=session, recording_id=recording_id)]


def test_a_rerun_replaces_the_transcript_and_keeps_the_old_until_confirmed(
    database: Database, tmp_path: Path
) -> None:
    recording_id = first_run(database, tmp_path)
    with database.write() as session:
        job = transcribe_again(session=session, recording_id=recording_id, model="base")
        kept = kept_version(session=session, recording_id=recording_id)
    assert kept is not None and kept.segments == 6 and kept.text.startswith("直した文")
    assert run(database, tmp_path, job.id, SaysOnce()) == DONE
    assert texts(database, recording_id) == ["新しい文字起こし"]
    with database.write() as session, pytest.raises(InvalidInput) as refused:
        transcribe_again(session=session, recording_id=recording_id, model="base")
    assert refused.value.key == "error.version_undecided"  # it would lose the kept one
    with database.write() as session:
        confirm_new_version(session=session, recording_id=recording_id)
        assert kept_version(session=session, recording_id=recording_id) is None
        with pytest.raises(NotFound):
            restore_kept_version(session=session, recording_id=recording_id)
    assert texts(database, recording_id) == ["新しい文字起こし"]


def test_the_old_transcript_can_be_put_back_with_its_corrections(
    database: Database, tmp_path: Path
) -> None:
    recording_id = first_run(database, tmp_path)
    with database.write() as session:
        job = transcribe_again(session=session, recording_id=recording_id, model="base")
    run(database, tmp_path, job.id, SaysOnce())
    with database.write() as session:
        restore_kept_version(session=session, recording_id=recording_id)
    with database.read() as session:
        segments = list_segments(session=session, recording_id=recording_id)
        assert kept_version(session=session, recording_id=recording_id) is None
    assert len(segments) == 6
    assert (segments[0].text, segments[0].speaker) == ("直した文", "山田")
    assert segments[1].text == "子どもの声 1"


@pytest.mark.parametrize("ending", [FAILED, CANCELLED])
def test_a_rerun_that_does_not_finish_puts_the_old_transcript_back(
    database: Database, tmp_path: Path, ending: str
) -> None:
    recording_id = first_run(database, tmp_path)
    with database.write() as session:
        job = transcribe_again(session=session, recording_id=recording_id, model="base")
    if ending == CANCELLED:

        def cancel(index: int) -> None:
            with database.write() as session:
                request_cancel(session=session, job_id=job.id)

        engine: object = FakeEngine(after_chunk=cancel)
    else:
        engine = Breaks()
    assert run(database, tmp_path, job.id, engine) == ending
    assert texts(database, recording_id)[0] == "直した文"
    assert len(texts(database, recording_id)) == 6
    with database.read() as session:
        assert kept_version(session=session, recording_id=recording_id) is None


def test_a_rerun_is_refused_while_a_job_runs_or_without_audio(
    database: Database, tmp_path: Path
) -> None:
    recording_id, _job = make_transcript(database, [(0.0, 2.0, "途中")], finish=None)
    with database.write() as session, pytest.raises(InvalidInput) as refused:
        transcribe_again(session=session, recording_id=recording_id, model="base")
    assert refused.value.key == "error.transcription_in_progress"
    recording_id, _job = make_transcript(database, [(0.0, 2.0, "済み")])
    with database.write() as session:
        session.execute(
            update(Recording)
            .where(Recording.id == recording_id)
            .values(audio_deleted_at=Recording.created_at)  # type: ignore[arg-type]
        )
    with database.write() as session, pytest.raises(InvalidInput) as refused:
        transcribe_again(session=session, recording_id=recording_id, model="base")
    assert refused.value.key == "error.audio_deleted"


def test_a_rerun_takes_todays_glossary(database: Database) -> None:
    made = make_workshop(database)
    recording_id, _job = make_transcript(
        database, [(0.0, 2.0, "済み")], workshop_id=made.workshop.id
    )
    with database.write() as session:
        replace_terms(
            session=session,
            scope=SCOPE_WORKSHOP,
            scope_key=str(made.workshop.id),
            raw="ふれあい喫茶",
        )
        job = transcribe_again(session=session, recording_id=recording_id, model="base")
        assert latest_job(session=session, recording_id=recording_id) == job
    assert job.hotwords is not None and job.hotwords.startswith("ふれあい喫茶")


def test_notation_rules_apply_to_an_existing_transcript_after_a_preview(
    database: Database,
) -> None:
    recording_id, _job = make_transcript(
        database,
        [(0.0, 2.0, "子供の居場所"), (2.0, 4.0, "サロンの話"), (4.0, 6.0, "障害者の子供")],
    )
    rules = [("子供", "子ども"), ("障害者", "障がい者")]
    with database.read() as session:
        changes = notation_preview(session=session, recording_id=recording_id, rules=rules)
    assert [c.new_text for c in changes] == ["子どもの居場所", "障がい者の子ども"]
    # someone corrects the last segment between the preview and the apply
    with database.write() as session:
        last = changes[1].segment
        update_segment(
            session=session, segment_id=last.id, expected_version=last.version, text="障害者の方"
        )
    with database.write() as session:
        written = apply_text_changes(session=session, changes=changes, action="transcript_notation")
    assert written == 1
    assert texts(database, recording_id) == ["子どもの居場所", "サロンの話", "障害者の方"]
