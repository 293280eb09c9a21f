"""The job queue (huey): SQLite storage under the data directory by default,
Redis when ``KONDAN_REDIS_URL`` is set so workers on several machines share it.

The queue carries job ids only; the job's state lives in the database. Each
task runs the job in a child process with a time limit (``transcripts.runner``).
The queue is made on first use, from the settings, so importing this module
creates no file and reads no environment.
"""

from __future__ import annotations

import functools
import logging
import subprocess
import sys

from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper

from facilitation.core.db import Database
from facilitation.core.settings import Settings, get_settings
from facilitation.models import FAILED
from transcripts.store import finish_job

log = logging.getLogger("kondan.queue")


def make_huey(settings: Settings) -> Huey:
    """A huey on Redis when the settings name one, else on a SQLite file."""
    if settings.redis_url:
        return RedisHuey("kondan", url=settings.redis_url)
    settings.queue_file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("kondan", filename=str(settings.queue_file))


def transcribe_job(job_id: int) -> None:
    """Run one job in a child process; a child past the time limit is killed
    and its job failed."""
    settings = get_settings()
    child = subprocess.Popen([sys.executable, "-m", "transcripts.runner", str(job_id)])  # noqa: S603
    try:
        child.wait(timeout=settings.job_timeout_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        log.error("job %s: killed after %.0f s", job_id, settings.job_timeout_s)
        database = Database(settings.database_url)
        with database.write() as session:
            finish_job(session=session, job_id=job_id, status=FAILED, error_key="error.job_timeout")
        database.dispose()


@functools.cache
def task_queue() -> tuple[Huey, TaskWrapper]:
    """The process's queue and its one task, made on first use."""
    huey = make_huey(get_settings())
    return huey, huey.task()(transcribe_job)


def enqueue(job_id: int) -> None:
    """Hand a queued job to the workers."""
    _huey, task = task_queue()
    task(job_id)
