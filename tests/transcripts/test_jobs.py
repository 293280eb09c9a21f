"""Transcription jobs: the runner, cancel, failures, stale-job recovery, on
SQLite and PostgreSQL; the real engine end to end."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import update

from facilitation.core.db import Database
from facilitation.core.settings import Settings
from facilitation.models import DONE, FAILED, QUEUED, RUNNING, TranscriptionJob
from tests.transcripts.audio_files import FIXTURES, REFERENCES, truncated_copy, write_wav
from transcripts.audio import SAMPLE_RATE
from transcripts.engine import Cancelled, Segment, Transcript
from transcripts.glossary import DEFAULT_TERMS, hotwords
from transcripts.metrics import character_error_rate
from transcripts.models import ModelUnavailable
from transcripts.runner import default_engine_factory, main, run_job
from transcripts.store import (
    add_recording,
    claim_job,
    create_job,
    finish_job,
    get_job,
    list_segments,
    record_progress,
    recover_stale_jobs,
    request_cancel,
    retry_job,
)


class FakeEngine:
    """Says "子供の声 N" for every 5 seconds of audio; can call a hook per chunk."""

    def __init__(self, after_chunk: Callable[[int], None] | None = None) -> None:
        self.after_chunk = after_chunk

    def transcribe(self, samples, *, language="ja", hotwords=None, on_chunk=None, should_stop=None):  # type: ignore[no-untyped-def]
        duration = len(samples) / SAMPLE_RATE
        transcript = Transcript(language=language or "ja", duration=duration)
        if not np.any(samples):
            return transcript
        chunks = max(1, int(duration // 5))
        for index in range(chunks):
            if should_stop and should_stop():
                raise Cancelled
            found = [Segment(index * 5.0, index * 5.0 + 4.0, f"子供の声 {index}")]
            transcript.segments.extend(found)
            if on_chunk:
                on_chunk((index + 1) / chunks, found)
            if self.after_chunk:
                self.after_chunk(index)
        return transcript


def queue_recording(database: Database, data_dir: Path, source: Path, **job: object) -> int:
    folder = data_dir / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / source.name)
    with database.write() as session:
        recording = add_recording(
            session=session,
            title="テスト録音",
            original_name=source.name,
            stored_name=source.name,
            size_bytes=source.stat().st_size,
            consent=True,
        )
        return create_job(session=session, recording_id=recording.id, **job).id  # type: ignore[arg-type]


def run(database: Database, data_dir: Path, job_id: int, engine: object) -> str:
    return run_job(
        database=database,
        job_id=job_id,
        settings=Settings(data_dir=data_dir),
        engine_factory=lambda _m: engine,  # type: ignore[arg-type,return-value]
    )


def test_job_runs_to_done_with_segments_and_notation(database: Database, tmp_path: Path) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "meeting.flac")
    assert run(database, tmp_path, job_id, FakeEngine()) == DONE
    with database.read() as session:
        job = get_job(session=session, job_id=job_id)
        segments = list_segments(session=session, recording_id=job.recording_id)
    assert job.status == DONE and job.progress == 1.0 and job.attempts == 1
    assert len(segments) == 6
    assert segments[0].text == "子どもの声 0"  # the default notation list applied


def test_a_job_is_claimed_once(database: Database, tmp_path: Path) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "s01.flac")
    with database.write() as session:
        assert claim_job(session=session, job_id=job_id) is not None
    with database.write() as session:
        assert claim_job(session=session, job_id=job_id) is None
    assert run(database, tmp_path, job_id, FakeEngine()) == ""


def test_broken_file_fails_with_its_reason(database: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_text("not audio")
    job_id = queue_recording(database, tmp_path / "data", broken)
    assert run(database, tmp_path / "data", job_id, FakeEngine()) == FAILED
    with database.read() as session:
        job = get_job(session=session, job_id=job_id)
        assert list_segments(session=session, recording_id=job.recording_id) == []
    assert job.error_key == "error.audio_undecodable"


def test_truncated_file_is_done_with_a_warning(database: Database, tmp_path: Path) -> None:
    cut = truncated_copy(FIXTURES / "meeting.flac", tmp_path / "cut.flac", keep=0.5)
    job_id = queue_recording(database, tmp_path / "data", cut)
    assert run(database, tmp_path / "data", job_id, FakeEngine()) == DONE
    with database.read() as session:
        job = get_job(session=session, job_id=job_id)
    assert [key for key, _ in job.warnings] == ["warning.audio_truncated"]


def test_silence_is_done_with_a_no_speech_warning(database: Database, tmp_path: Path) -> None:
    silence = write_wav(tmp_path / "silence.wav", np.zeros(SAMPLE_RATE * 5, dtype=np.float32))
    job_id = queue_recording(database, tmp_path / "data", silence)
    assert run(database, tmp_path / "data", job_id, FakeEngine()) == DONE
    with database.read() as session:
        assert [k for k, _ in get_job(session=session, job_id=job_id).warnings] == [
            "warning.no_speech"
        ]


def test_cancel_while_running_leaves_no_segments(database: Database, tmp_path: Path) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "meeting.flac")

    def cancel_after_first(index: int) -> None:
        if index == 0:
            with database.write() as session:
                request_cancel(session=session, job_id=job_id)

    assert run(database, tmp_path, job_id, FakeEngine(cancel_after_first)) == "cancelled"
    with database.read() as session:
        job = get_job(session=session, job_id=job_id)
        assert list_segments(session=session, recording_id=job.recording_id) == []
    with database.write() as session:
        assert retry_job(session=session, job_id=job_id).status == QUEUED
    assert run(database, tmp_path, job_id, FakeEngine()) == DONE


def test_unavailable_model_fails_the_job(database: Database, tmp_path: Path) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "s01.flac", model="large-v3")

    def no_model(name: str) -> object:
        raise ModelUnavailable("error.model_unavailable", model=name)

    assert (
        run_job(
            database=database,
            job_id=job_id,
            settings=Settings(data_dir=tmp_path),
            engine_factory=no_model,  # type: ignore[arg-type]
        )
        == FAILED
    )
    with database.read() as session:
        job = get_job(session=session, job_id=job_id)
    assert job.error_key == "error.model_unavailable" and job.error_params == {"model": "large-v3"}


def test_stale_running_jobs_are_queued_again_then_failed(
    database: Database, tmp_path: Path
) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "s01.flac")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for expected in (QUEUED, FAILED):
        with database.write() as session:
            claim_job(session=session, job_id=job_id)
            session.execute(
                update(TranscriptionJob)
                .where(TranscriptionJob.id == job_id)  # type: ignore[arg-type]
                .values(heartbeat_at=long_ago)
            )
        with database.write() as session:
            requeued = recover_stale_jobs(session=session, stale_after_s=30)
            status = get_job(session=session, job_id=job_id).status
        assert status == expected
        assert requeued == ([job_id] if expected == QUEUED else [])
    with database.read() as session:
        assert get_job(session=session, job_id=job_id).error_key == "error.job_interrupted"


def test_a_runner_replaced_by_a_retry_writes_nothing_more(
    database: Database, tmp_path: Path
) -> None:
    """A runner cut off from its worker may finish a chunk after the job was
    recovered and claimed again: its segments must not join the new attempt."""
    job_id = queue_recording(database, tmp_path, FIXTURES / "s01.flac")
    with database.write() as session:
        first = claim_job(session=session, job_id=job_id)
        session.execute(
            update(TranscriptionJob)
            .where(TranscriptionJob.id == job_id)  # type: ignore[arg-type]
            .values(heartbeat_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
        )
    with database.write() as session:
        recover_stale_jobs(session=session, stale_after_s=30)
        second = claim_job(session=session, job_id=job_id)
    assert first is not None and second is not None
    with database.write() as session:
        stop = record_progress(
            session=session,
            job_id=job_id,
            progress=0.5,
            eta_s=None,
            segments=[Segment(0.0, 1.0, "古い試行の文")],
            recording_id=first.recording_id,
            attempt=first.attempts,
        )
    assert stop
    with database.write() as session:  # nor may it end the new attempt
        finish_job(session=session, job_id=job_id, status=DONE, attempt=first.attempts)
        assert get_job(session=session, job_id=job_id).status == RUNNING
    with database.write() as session:
        assert not record_progress(
            session=session,
            job_id=job_id,
            progress=0.5,
            eta_s=None,
            segments=[Segment(0.0, 1.0, "新しい試行の文")],
            recording_id=second.recording_id,
            attempt=second.attempts,
        )
        texts = [s.text for s in list_segments(session=session, recording_id=second.recording_id)]
    assert texts == ["新しい試行の文"]


def test_a_beating_job_is_left_alone(database: Database, tmp_path: Path) -> None:
    job_id = queue_recording(database, tmp_path, FIXTURES / "s01.flac")
    with database.write() as session:
        claim_job(session=session, job_id=job_id)
    with database.write() as session:
        assert recover_stale_jobs(session=session, stale_after_s=30) == []
        assert get_job(session=session, job_id=job_id).status == RUNNING


def test_real_engine_end_to_end(sqlite_database: Database, tmp_path: Path, model_dir: Path) -> None:
    job_id = queue_recording(
        sqlite_database, model_dir, FIXTURES / "s04.flac", hotwords=hotwords(DEFAULT_TERMS)
    )
    assert (
        run_job(
            database=sqlite_database,
            job_id=job_id,
            settings=Settings(data_dir=model_dir),
            engine_factory=default_engine_factory(Settings(data_dir=model_dir)),
        )
        == DONE
    )
    with sqlite_database.read() as session:
        job = get_job(session=session, job_id=job_id)
        text = "".join(
            s.text for s in list_segments(session=session, recording_id=job.recording_id)
        )
    assert character_error_rate(REFERENCES["s04"]["text"], text) <= 0.1


@pytest.mark.parametrize("bad", ["", "ABC"])
def test_queue_argument_checks(bad: str) -> None:

    assert main([bad]) == 2
