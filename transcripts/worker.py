"""``kondan worker``: takes transcription jobs from the queue.

Besides the huey consumer, a watchdog thread beats for the worker itself
(``worker_beat``: the pages say when no worker runs), queues again the jobs whose
runner stopped beating (a worker killed with kill -9, a machine restart), and
at start hands the queue every job still waiting in the database.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence

from huey.consumer import Consumer

from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.core.settings import Settings
from transcripts.queue import enqueue, task_queue
from transcripts.storage import check_storage
from transcripts.store import (
    delete_expired_audio,
    queued_job_ids,
    recover_stale_jobs,
    worker_beat,
)

log = logging.getLogger("kondan.worker")
RETENTION_EVERY_S = 3600.0
IDLE_POLL_S = 0.5


Tick = Callable[[Database], object]


def watch_jobs(
    database: Database, settings: Settings, stop: threading.Event, ticks: Sequence[Tick] = ()
) -> None:
    with database.write() as session:
        waiting = queued_job_ids(session=session)
    for job_id in waiting:
        enqueue(job_id)
    last_retention = 0.0
    me = f"{socket.gethostname()}:{os.getpid()}"
    beat(database, me)
    while not stop.wait(settings.job_watch_s):
        beat(database, me)
        if time.monotonic() - last_retention > RETENTION_EVERY_S:
            last_retention = time.monotonic()
            apply_retention(database, settings)
        try:
            with database.write() as session:
                requeued = recover_stale_jobs(session=session, stale_after_s=settings.job_stale_s)
            for job_id in requeued:
                log.warning("job %s: runner stopped beating; queued again", job_id)
                enqueue(job_id)
        except Exception as error:
            log.error("watchdog: %s", type(error).__name__)
        for tick in ticks:
            try:
                tick(database)
            except Exception as error:  # background work never stops the worker
                log.error("background: %s", type(error).__name__)


def beat(database: Database, worker: str) -> None:
    try:
        with database.write() as session:
            worker_beat(session=session, worker=worker)
    except Exception as error:  # a missed beat is said by the pages, not fatal
        log.error("beat: %s", type(error).__name__)


def apply_retention(database: Database, settings: Settings) -> int:
    """Delete audio past KONDAN_AUDIO_RETENTION_DAYS (transcripts stay)."""
    if not settings.audio_retention_days:
        return 0
    with database.write() as session:
        deleted = delete_expired_audio(
            session=session,
            recordings_dir=settings.recordings_dir,
            older_than_days=settings.audio_retention_days,
        )
    if deleted:
        log.info("retention: %s audio files deleted", deleted)
    return deleted


def main(settings: Settings, workers: int = 1, ticks: Sequence[Tick] = ()) -> int:
    """Run the consumer with ``workers`` threads until interrupted; ``ticks``
    run after each look for stale jobs (background work of the layers above)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # Jobs read their audio from the shared recordings folder: refuse to start
    # (with the folder and the reason) rather than fail every job later.
    check_storage(settings.recordings_dir)
    database = Database(settings.database_url)
    database.mark_in_use()
    upgrade(database)
    stop = threading.Event()
    watchdog = threading.Thread(
        target=watch_jobs, args=(database, settings, stop, ticks), daemon=True
    )
    watchdog.start()
    try:
        huey, _task = task_queue()
        # An idle worker looks for work every half second at most (huey's
        # default backs off to 10 s), so an upload starts within a second.
        Consumer(huey, workers=workers, worker_type="thread", max_delay=IDLE_POLL_S).run()
    finally:
        stop.set()
    return 0
