"""The job queue (huey): SQLite storage under the data directory by default,
Redis when ``KONDAN_REDIS_URL`` is set so workers on several machines share it.

The queue carries job ids only; the job's state lives in the database. Each
task runs the job in a child process with a time limit (``transcripts.runner``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from huey import Huey, RedisHuey, SqliteHuey

from facilitation.core.db import Database
from facilitation.core.settings import load_settings
from facilitation.models import FAILED
from transcripts.store import finish_job

log = logging.getLogger("kondan.queue")
JOB_TIMEOUT_S = float(os.environ.get("KONDAN_JOB_TIMEOUT_S", str(3 * 60 * 60)))


def make_huey() -> Huey:
    redis_url = os.environ.get("KONDAN_REDIS_URL")
    if redis_url:
        return RedisHuey("kondan", url=redis_url)
    data_dir = load_settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("kondan", filename=str(data_dir / "queue.sqlite3"))


huey = make_huey()


@huey.task()
def transcribe_job(job_id: int) -> None:
    """Run one job in a child process; a child past the time limit is killed
    and its job failed."""
    child = subprocess.Popen([sys.executable, "-m", "transcripts.runner", str(job_id)])  # noqa: S603
    try:
        child.wait(timeout=JOB_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        log.error("job %s: killed after %.0f s", job_id, JOB_TIMEOUT_S)
        database = Database(load_settings().database_url)
        with database.write() as session:
            finish_job(session=session, job_id=job_id, status=FAILED, error_key="error.job_timeout")
        database.dispose()


def enqueue(job_id: int) -> None:
    """Hand a queued job to the workers."""
    transcribe_job(job_id)
