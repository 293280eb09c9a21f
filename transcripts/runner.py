"""Runs one transcription job, in a process of its own.

The worker starts ``python -m transcripts.runner JOB_ID`` for each job, so a
malformed file that crashes or hangs the decoder takes down only this process
(the worker kills it at its time limit). Progress and segments are written to
the database after every chunk; a heartbeat thread marks the job alive; the
job ends done, failed or cancelled, never left running by a clean exit.
Logs name job ids and error kinds only, never what was said.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from facilitation.core.db import Database
from facilitation.core.errors import UserError
from facilitation.core.settings import Settings, get_settings
from facilitation.models import CANCELLED, DONE, FAILED
from transcripts.audio import AudioLimits, decode_audio
from transcripts.engine import Cancelled, Segment, Transcriber
from transcripts.glossary import apply_notation
from transcripts.models import load_engine
from transcripts.store import (
    claim_job,
    finish_job,
    get_recording,
    heartbeat,
    record_progress,
    set_recording_duration,
)
from transcripts.vocabulary import notation_rules

log = logging.getLogger("kondan.runner")
EngineFactory = Callable[[str], Transcriber]


def default_engine_factory(settings: Settings) -> EngineFactory:
    def make(model: str) -> Transcriber:
        return load_engine(model, settings.models_dir)

    return make


class _Beat:
    """Beats for the job every ``every_s`` seconds; notices a cancel request
    or the death of the worker that started us."""

    def __init__(self, database: Database, job_id: int, every_s: float) -> None:
        self.database, self.job_id, self.every_s = database, job_id, every_s
        self.stop = threading.Event()
        self.done = threading.Event()
        self._parent = os.getppid()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Beat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        self._thread.join(timeout=5)

    def orphaned(self) -> bool:
        return os.getppid() != self._parent

    def _run(self) -> None:
        while not self.done.wait(self.every_s):
            if self.orphaned():
                self.stop.set()
                return
            with self.database.write() as session:
                if heartbeat(session=session, job_id=self.job_id):
                    self.stop.set()


def run_job(
    *, database: Database, job_id: int, settings: Settings, engine_factory: EngineFactory
) -> str:
    """Claim and run one job; returns its final status (or "" if not claimed)."""
    with database.write() as session:
        job = claim_job(session=session, job_id=job_id)
        if job is None:
            return ""
        recording = get_recording(session=session, recording_id=job.recording_id)
        rules = notation_rules(session=session)
    log.info("job %s: started (attempt %s)", job_id, job.attempts)
    status = FAILED
    error_key: str | None = "error.transcription_failed"
    error_params: dict[str, object] = {}
    warnings: list[tuple[str, dict[str, object]]] = []
    retries = 0
    beat = _Beat(database, job_id, settings.job_heartbeat_s)
    try:
        with beat:
            audio = decode_audio(
                settings.recordings_dir / recording.stored_name, AudioLimits.from_settings(settings)
            )
            warnings += audio.warnings
            with database.write() as session:
                set_recording_duration(
                    session=session, recording_id=recording.id, duration_s=audio.duration_s
                )
            engine = engine_factory(job.model)
            began = time.monotonic()

            def on_chunk(done: float, segments: list[Segment]) -> None:
                written = [Segment(s.start, s.end, apply_notation(s.text, rules)) for s in segments]
                elapsed = time.monotonic() - began
                eta = elapsed / done * (1 - done) if done > 0 else None
                with database.write() as session:
                    if record_progress(
                        session=session,
                        job_id=job_id,
                        progress=done,
                        eta_s=eta,
                        segments=written,
                        recording_id=recording.id,
                        attempt=job.attempts,
                    ):
                        beat.stop.set()

            transcript = engine.transcribe(
                audio.samples,
                language=job.language,
                hotwords=job.hotwords,
                on_chunk=on_chunk,
                should_stop=lambda: beat.stop.is_set() or beat.orphaned(),
            )
            if beat.orphaned():
                raise Cancelled  # the worker died during the last batch
            retries = transcript.glossary_retries
            if not transcript.segments:
                warnings.append(("warning.no_speech", {}))
            status, error_key = DONE, None
    except Cancelled:
        if beat.orphaned():
            # The worker died: leave the job to the stale-job recovery, which
            # queues it again, rather than calling it cancelled.
            log.warning("job %s: worker gone, stopping", job_id)
            return ""
        status, error_key = CANCELLED, None
    except UserError as error:
        error_key, error_params = error.key, dict(error.params)
    except Exception as error:
        log.error("job %s: failed with %s", job_id, type(error).__name__)
    with database.write() as session:
        finish_job(
            session=session,
            job_id=job_id,
            status=status,
            error_key=error_key,
            error_params=error_params,
            warnings=warnings,
            glossary_retries=retries,
            attempt=job.attempts,
        )
    log.info("job %s: %s", job_id, status)
    return status


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].isdigit():
        print("usage: python -m transcripts.runner JOB_ID", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = get_settings()
    database = Database(settings.database_url)
    run_job(
        database=database,
        job_id=int(args[0]),
        settings=settings,
        engine_factory=default_engine_factory(settings),
    )
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
