"""The worker killed with kill -9 in the middle of a job: the job is retried
by the next worker and ends done with the whole recording, never stuck
"running" and never "done" with part of the audio."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.models import DONE, RUNNING, JobRead
from tests.transcripts.audio_files import REFERENCES, looped_meeting
from tests.transcripts.test_jobs import queue_recording
from transcripts.glossary import DEFAULT_TERMS, hotwords
from transcripts.metrics import character_error_rate
from transcripts.models import resolve_model
from transcripts.store import get_job, list_segments

ROOT = Path(__file__).resolve().parents[2]
LOOPS = 6  # eight chunks: two batches, so progress moves before the end


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "facilitation.cli", "worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(
    database: Database, job_id: int, check: Callable[[JobRead], bool], timeout: float
) -> JobRead:
    deadline = time.monotonic() + timeout
    while True:
        with database.read() as session:
            job = get_job(session=session, job_id=job_id)
        if check(job) or time.monotonic() > deadline:
            return job
        time.sleep(0.5)


def test_worker_killed_mid_job_is_retried_to_a_whole_transcript(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "KONDAN_DATA_DIR": str(data_dir),
        "KONDAN_DATABASE_URL": "",
        "KONDAN_JOB_HEARTBEAT_S": "1",
        "KONDAN_JOB_STALE_S": "6",
        "KONDAN_JOB_WATCH_S": "1",
    }
    database = Database(f"sqlite:///{data_dir / 'kondan.sqlite3'}")
    upgrade(database)
    resolve_model("base", data_dir / "models")
    audio = looped_meeting(tmp_path / "long-meeting.wav", LOOPS)
    job_id = queue_recording(database, data_dir, audio, hotwords=hotwords(DEFAULT_TERMS))

    first = start_worker(env)
    try:
        running = wait_for(database, job_id, lambda j: j.status == RUNNING and j.progress > 0, 120)
        assert running.status == RUNNING and 0 < running.progress < 1, running
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()

    # No worker now: the orphaned runner stops; nothing may call the job done.
    time.sleep(8)
    with database.read() as session:
        assert get_job(session=session, job_id=job_id).status == RUNNING

    second = start_worker(env)
    try:
        finished = wait_for(database, job_id, lambda j: j.finished, 240)
    finally:
        second.send_signal(signal.SIGINT)
        try:
            second.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
    assert finished.status == DONE, finished
    assert finished.attempts == 2
    with database.read() as session:
        segments = list_segments(session=session, recording_id=finished.recording_id)
    assert segments[-1].end > LOOPS * 32.8 - 6  # the last loop is there
    text = "".join(s.text for s in segments)
    assert character_error_rate(REFERENCES["meeting"]["text"] * LOOPS, text) < 0.1
    database.dispose()
