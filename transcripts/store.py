"""Recordings, transcription jobs and transcript segments in the database.

A job moves queued → running → done | failed | cancelled. Only the worker's
runner sets "running" (by an atomic claim) and "done" (after the last chunk);
a runner that stops beating is found by ``recover_stale_jobs`` and its job is
queued again or failed, so no job stays "running" after a crash, and no job is
"done" with part of the audio.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from facilitation.core.clock import now_utc
from facilitation.core.db import after_commit
from facilitation.core.errors import InvalidInput, NotFound
from facilitation.core.limits import NAME_MAX_CHARS, SEGMENT_MAX_CHARS
from facilitation.core.text import clean_text, optional_text
from facilitation.core.versioning import versioned_update
from facilitation.models import (
    CANCELLED,
    DONE,
    FAILED,
    FINISHED,
    QUEUED,
    RUNNING,
    JobRead,
    Recording,
    RecordingRead,
    SegmentRead,
    TranscriptionJob,
    TranscriptSegment,
    TranscriptVersion,
    WorkerBeat,
)
from facilitation.policy import audit
from facilitation.policy.access import Staff, actor_of, require
from transcripts.engine import Segment

MAX_ATTEMPTS = 2


# --- recordings ----------------------------------------------------------------------


def add_recording(
    *,
    session: Session,
    title: str,
    original_name: str,
    stored_name: str,
    size_bytes: int,
    workshop_id: int | None = None,
    group_id: int | None = None,
    consent: bool = False,
) -> RecordingRead:
    """Record an uploaded file (already saved under the recordings folder)."""
    require(session, "recording.write")
    recording = Recording(
        title=optional_text(title, field="title", max_chars=NAME_MAX_CHARS * 2) or original_name,
        original_name=clean_text(original_name, multiline=False)[:255],
        stored_name=stored_name,
        size_bytes=size_bytes,
        workshop_id=workshop_id,
        group_id=group_id,
        consent=consent,
        consent_by=_who(session) if consent else "",
        consent_at=now_utc() if consent else None,
    )
    session.add(recording)
    session.flush()
    return RecordingRead.model_validate(recording)


def _who(session: Session) -> str:
    """The account's user name (never its display name, which anyone can set)."""
    actor = actor_of(session)
    return actor.username if isinstance(actor, Staff) else "system"


def record_consent(*, session: Session, recording_id: int) -> JobRead | None:
    """The speakers agreed to the recording: say who recorded that and when
    (audited) and return its waiting job, if any, for the workers."""
    require(session, "recording.write")
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise NotFound("error.recording_not_found")
    if not recording.consent:
        recording.consent = True
        recording.consent_by = _who(session)
        recording.consent_at = now_utc()
        session.add(recording)
        session.flush()
        audit.record(session, "consent", f"recording:{recording_id}")
    job = session.exec(
        select(TranscriptionJob)
        .where(TranscriptionJob.recording_id == recording_id, TranscriptionJob.status == QUEUED)
        .order_by(col(TranscriptionJob.id).desc())
    ).first()
    return JobRead.model_validate(job) if job is not None else None


def get_recording(*, session: Session, recording_id: int) -> RecordingRead:
    require(session, "recording.read")
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise NotFound("error.recording_not_found")
    return RecordingRead.model_validate(recording)


def list_recordings(*, session: Session) -> list[tuple[RecordingRead, JobRead | None]]:
    """Every recording, newest first, with its latest job."""
    require(session, "recording.read")
    recordings = session.exec(select(Recording).order_by(col(Recording.id).desc())).all()
    jobs = session.exec(select(TranscriptionJob).order_by(col(TranscriptionJob.id))).all()
    latest = {job.recording_id: job for job in jobs}
    return [
        (
            RecordingRead.model_validate(r),
            JobRead.model_validate(latest[r.id]) if r.id in latest else None,
        )
        for r in recordings
    ]


# What the recordings list filters by: consent first, then the latest job.
RECORDING_STATES = ("no_consent", QUEUED, RUNNING, DONE, FAILED)


def recording_state(recording: RecordingRead, job: JobRead | None) -> str:
    """One of RECORDING_STATES (a cancelled job counts as failed: both wait for a retry)."""
    if not recording.consent:
        return "no_consent"
    if job is None:
        return QUEUED
    return FAILED if job.status == CANCELLED else job.status


def set_recording_duration(*, session: Session, recording_id: int, duration_s: float) -> None:
    session.execute(
        update(Recording).where(col(Recording.id) == recording_id).values(duration_s=duration_s)
    )


# --- jobs ----------------------------------------------------------------------------


def create_job(
    *,
    session: Session,
    recording_id: int,
    model: str = "base",
    language: str | None = "ja",
    hotwords: str | None = None,
) -> JobRead:
    require(session, "recording.write")
    get_recording(session=session, recording_id=recording_id)
    job = TranscriptionJob(
        recording_id=recording_id, model=model, language=language, hotwords=hotwords
    )
    session.add(job)
    session.flush()
    return JobRead.model_validate(job)


def get_job(*, session: Session, job_id: int) -> JobRead:
    require(session, "recording.read")
    job = session.get(TranscriptionJob, job_id)
    if job is None:
        raise NotFound("error.job_not_found")
    return JobRead.model_validate(job)


def claim_job(*, session: Session, job_id: int) -> JobRead | None:
    """Mark a queued job running for this runner; None if another took it or
    it is no longer queued. Old segments of the recording are cleared, so a
    retried job never mixes two attempts."""
    now = now_utc()
    consented = select(Recording.id).where(col(Recording.consent).is_(True))
    result = session.execute(
        update(TranscriptionJob)
        .where(
            col(TranscriptionJob.id) == job_id,
            col(TranscriptionJob.status) == QUEUED,
            # Without the speakers' consent the job waits, whoever asks.
            col(TranscriptionJob.recording_id).in_(consented),
        )
        .values(
            status=RUNNING,
            attempts=TranscriptionJob.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            progress=0.0,
            eta_s=None,
            error_key=None,
            error_params={},
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    job = session.get(TranscriptionJob, job_id)
    if job is None:  # deleted between the claim and here
        return None
    session.refresh(job)
    session.execute(
        delete(TranscriptSegment).where(col(TranscriptSegment.recording_id) == job.recording_id)
    )
    return JobRead.model_validate(job)


def record_progress(
    *,
    session: Session,
    job_id: int,
    progress: float,
    eta_s: float | None,
    segments: list[Segment],
    recording_id: int,
    attempt: int | None = None,
) -> bool:
    """Save a finished chunk's segments and the job's progress; a heartbeat too.
    Returns whether the job was asked to stop. Nothing is written unless the
    job is still running as ``attempt`` (the claim's count): a runner cut off
    from its worker and replaced by a retry must not add to the new attempt."""
    # Locked until commit, so a retry's claim cannot slip in between.
    job = session.get(TranscriptionJob, job_id, with_for_update=True)
    if (
        job is None
        or job.status != RUNNING
        or job.cancel_requested
        or (attempt is not None and job.attempts != attempt)
    ):
        return True
    for segment in segments:
        session.add(
            TranscriptSegment(
                recording_id=recording_id, start=segment.start, end=segment.end, text=segment.text
            )
        )
    session.execute(
        update(TranscriptionJob)
        .where(col(TranscriptionJob.id) == job_id, col(TranscriptionJob.status) == RUNNING)
        .values(progress=progress, eta_s=eta_s, heartbeat_at=now_utc())
    )
    return False


def heartbeat(*, session: Session, job_id: int) -> bool:
    """Say the runner is alive; returns whether the job was asked to stop."""
    session.execute(
        update(TranscriptionJob)
        .where(col(TranscriptionJob.id) == job_id, col(TranscriptionJob.status) == RUNNING)
        .values(heartbeat_at=now_utc())
    )
    job = session.get(TranscriptionJob, job_id)
    return bool(job is None or job.cancel_requested or job.status != RUNNING)


def finish_job(
    *,
    session: Session,
    job_id: int,
    status: str,
    error_key: str | None = None,
    error_params: dict[str, object] | None = None,
    warnings: list[tuple[str, dict[str, object]]] | None = None,
    glossary_retries: int = 0,
    attempt: int | None = None,
) -> None:
    """End a running job (as ``attempt``, when given: a runner replaced by a
    retry ends nothing). A job that did not finish leaves no segments behind."""
    if status not in FINISHED:
        raise ValueError(status)
    job = session.get(TranscriptionJob, job_id, with_for_update=True)
    if job is None or job.status != RUNNING or (attempt is not None and job.attempts != attempt):
        return
    job.status = status
    job.finished_at = now_utc()
    job.error_key = error_key
    job.error_params = error_params or {}
    job.warnings = [[key, params] for key, params in warnings or []]
    job.glossary_retries = glossary_retries
    job.eta_s = None
    if status == DONE:
        job.progress = 1.0
    else:
        session.execute(
            delete(TranscriptSegment).where(col(TranscriptSegment.recording_id) == job.recording_id)
        )
        put_back_replaced(session=session, recording_id=job.recording_id, job_id=job.id)
    session.flush()


def request_cancel(*, session: Session, job_id: int) -> JobRead:
    """Ask a queued or running job to stop (a queued one stops at once)."""
    require(session, "recording.write")
    job = session.get(TranscriptionJob, job_id)
    if job is None:
        raise NotFound("error.job_not_found")
    if job.status == QUEUED:
        job.status = CANCELLED
        job.finished_at = now_utc()
    elif job.status == RUNNING:
        job.cancel_requested = True
    session.flush()
    return JobRead.model_validate(job)


def retry_job(*, session: Session, job_id: int) -> JobRead:
    """Queue a failed or cancelled job again from the start."""
    require(session, "recording.write")
    job = session.get(TranscriptionJob, job_id)
    if job is None:
        raise NotFound("error.job_not_found")
    if job.status not in (FAILED, CANCELLED):
        raise InvalidInput("error.job_not_retryable")
    job.status = QUEUED
    job.attempts = 0
    job.cancel_requested = False
    job.progress = 0.0
    job.error_key = None
    job.error_params = {}
    job.finished_at = None
    session.flush()
    return JobRead.model_validate(job)


BEATS_KEPT = dt.timedelta(days=1)


def worker_beat(*, session: Session, worker: str) -> None:
    """A worker is alive (called every few seconds by each worker process);
    beats older than a day are forgotten."""
    now = now_utc()
    row = session.get(WorkerBeat, worker)
    if row is None:
        session.add(WorkerBeat(worker=worker, started_at=now, beat_at=now))
    else:
        row.beat_at = now
        session.add(row)
    session.execute(delete(WorkerBeat).where(col(WorkerBeat.beat_at) < now - BEATS_KEPT))


def last_worker_beat(*, session: Session) -> dt.datetime | None:
    """When any worker last beat (None: none has run in the last day)."""
    return session.exec(select(func.max(WorkerBeat.beat_at))).one()


def recover_stale_jobs(*, session: Session, stale_after_s: float) -> list[int]:
    """Jobs whose runner stopped beating (killed, crashed, machine restarted):
    queue them again while attempts remain, else fail them. Returns the ids
    queued again, for the caller to hand to the queue."""
    cutoff = now_utc() - dt.timedelta(seconds=stale_after_s)
    stale = session.exec(
        select(TranscriptionJob).where(
            col(TranscriptionJob.status) == RUNNING, col(TranscriptionJob.heartbeat_at) < cutoff
        )
    ).all()
    requeued = []
    for job in stale:
        session.execute(
            delete(TranscriptSegment).where(col(TranscriptSegment.recording_id) == job.recording_id)
        )
        if job.cancel_requested:
            job.status, job.finished_at = CANCELLED, now_utc()
        elif job.attempts < MAX_ATTEMPTS:
            job.status, job.progress, job.eta_s = QUEUED, 0.0, None
            requeued.append(job.id or 0)
        else:
            job.status, job.finished_at = FAILED, now_utc()
            job.error_key = "error.job_interrupted"
        if job.status in (CANCELLED, FAILED):
            put_back_replaced(session=session, recording_id=job.recording_id, job_id=job.id)
    session.flush()
    return requeued


def kept_row(session: Session, recording_id: int) -> TranscriptVersion | None:
    """The transcript a re-run of the recording replaced, if still kept."""
    return session.exec(
        select(TranscriptVersion).where(TranscriptVersion.recording_id == recording_id)
    ).first()


def put_back_replaced(*, session: Session, recording_id: int, job_id: int | None) -> bool:
    """Put back the transcript that the re-run ``job_id`` replaced (kept by
    ``transcripts.versions``), dropping whatever the job wrote. Returns
    whether there was one."""
    kept = kept_row(session, recording_id)
    if kept is None or kept.job_id != job_id:
        return False
    session.execute(
        delete(TranscriptSegment).where(col(TranscriptSegment.recording_id) == kept.recording_id)
    )
    for start, end, text, speaker in kept.segments:
        session.add(
            TranscriptSegment(
                recording_id=kept.recording_id,
                start=float(start),  # type: ignore[arg-type]
                end=float(end),  # type: ignore[arg-type]
                text=str(text),
                speaker=str(speaker),
            )
        )
    session.delete(kept)
    return True


def queued_job_ids(*, session: Session) -> list[int]:
    """Queued jobs that may run: their recording has the speakers' consent."""
    return [
        job_id
        for job_id in session.exec(
            select(TranscriptionJob.id)
            .join(Recording, col(Recording.id) == col(TranscriptionJob.recording_id))
            .where(col(TranscriptionJob.status) == QUEUED, col(Recording.consent).is_(True))
        ).all()
        if job_id is not None
    ]


# --- segments ------------------------------------------------------------------------


def list_segments(
    *, session: Session, recording_id: int, search: str | None = None
) -> list[SegmentRead]:
    """A recording's segments in time order; ``search`` keeps those containing it."""
    require(session, "recording.read")
    statement = select(TranscriptSegment).where(TranscriptSegment.recording_id == recording_id)
    if search:
        statement = statement.where(col(TranscriptSegment.text).contains(search))
    rows = session.exec(
        statement.order_by(col(TranscriptSegment.start), col(TranscriptSegment.id))
    ).all()
    return [SegmentRead.model_validate(row) for row in rows]


def update_segment(
    *,
    session: Session,
    segment_id: int,
    expected_version: int,
    text: str,
    speaker: str | None = None,
) -> SegmentRead:
    """Correct a segment's text (and speaker), refusing a stale edit."""
    require(session, "recording.write")
    cleaned = clean_text(text)
    if len(cleaned) > SEGMENT_MAX_CHARS:
        raise InvalidInput(
            "error.too_long", field="segment", limit=SEGMENT_MAX_CHARS, length=len(cleaned)
        )
    values: dict[str, object] = {"text": cleaned}
    if speaker is not None:
        values["speaker"] = optional_text(speaker, field="speaker", max_chars=NAME_MAX_CHARS)
    versioned_update(
        session,
        TranscriptSegment,
        segment_id,
        expected_version,
        not_found="error.segment_not_found",
        **values,
    )
    row = session.get(TranscriptSegment, segment_id)
    segment = SegmentRead.model_validate(row)
    audit.record(
        session, "transcript_edit", f"recording:{segment.recording_id}", f"segment:{segment_id}"
    )
    return segment


def rename_speaker(*, session: Session, recording_id: int, old: str, new: str) -> int:
    """Rename a speaker label in every segment of a recording; returns how many."""
    require(session, "recording.write")
    cleaned = optional_text(new, field="speaker", max_chars=NAME_MAX_CHARS)
    result = session.execute(
        update(TranscriptSegment)
        .where(
            col(TranscriptSegment.recording_id) == recording_id,
            col(TranscriptSegment.speaker) == old,
        )
        .values(speaker=cleaned, version=TranscriptSegment.version + 1)
    )
    audit.record(session, "transcript_edit", f"recording:{recording_id}", "speaker rename")
    return int(result.rowcount)  # type: ignore[attr-defined]


def speakers(*, session: Session, recording_id: int) -> list[str]:
    require(session, "recording.read")
    rows = session.exec(
        select(TranscriptSegment.speaker, func.min(TranscriptSegment.start))
        .where(TranscriptSegment.recording_id == recording_id)
        .group_by(col(TranscriptSegment.speaker))
        .order_by(func.min(TranscriptSegment.start))
    ).all()
    return [speaker for speaker, _ in rows if speaker]


def appendable_recordings(*, session: Session, workshop_id: int) -> list[RecordingRead]:
    """A workshop's recordings (oldest first) that its minutes may append: only
    with the speakers' consent, and never one whose transcription failed or
    was cancelled."""
    require(session, "minutes.export", workshop_id=workshop_id)
    candidates = session.exec(
        select(Recording)
        .where(Recording.workshop_id == workshop_id, col(Recording.consent).is_(True))
        .order_by(col(Recording.id))
    ).all()
    latest: dict[int, str] = {}
    for job in session.exec(
        select(TranscriptionJob)
        .where(col(TranscriptionJob.recording_id).in_([r.id for r in candidates]))
        .order_by(col(TranscriptionJob.id))
    ).all():
        latest[job.recording_id] = job.status
    return [
        RecordingRead.model_validate(r)
        for r in candidates
        if latest.get(r.id or 0) not in (FAILED, CANCELLED)
    ]


def workshop_transcripts(
    *, session: Session, workshop_id: int
) -> list[tuple[RecordingRead, list[SegmentRead]]]:
    """Each appendable recording (``appendable_recordings``) with its segments,
    for the minutes' appendix: whoever may export the minutes may print them."""
    recordings = appendable_recordings(session=session, workshop_id=workshop_id)
    segments = session.exec(
        select(TranscriptSegment)
        .where(col(TranscriptSegment.recording_id).in_([r.id for r in recordings]))
        .order_by(col(TranscriptSegment.start), col(TranscriptSegment.id))
    ).all()
    return [
        (
            recording,
            [SegmentRead.model_validate(s) for s in segments if s.recording_id == recording.id],
        )
        for recording in recordings
    ]


def workshop_speakers(*, session: Session, workshop_id: int) -> list[str]:
    """Every speaker label in a workshop's transcripts (names to mask)."""
    require(session, "minutes.export", workshop_id=workshop_id)
    rows = session.exec(
        select(TranscriptSegment.speaker)
        .join(Recording, col(Recording.id) == col(TranscriptSegment.recording_id))
        .where(Recording.workshop_id == workshop_id)
        .distinct()
    ).all()
    return sorted(speaker for speaker in rows if speaker)


def view_transcript(*, session: Session, recording_id: int) -> list[SegmentRead]:
    """A recording's transcript opened for reading: the view is audited."""
    segments = list_segments(session=session, recording_id=recording_id)
    audit.record(session, "transcript_view", f"recording:{recording_id}")
    return segments


def delete_recording(*, session: Session, recording_id: int, recordings_dir: Path) -> None:
    """Delete a recording, its jobs and transcript, and its audio file."""
    require(session, "recording.write")
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise NotFound("error.recording_not_found")
    path = recordings_dir / recording.stored_name
    session.delete(recording)  # its jobs and segments go with it (ON DELETE CASCADE)
    session.flush()
    audit.record(session, "delete", f"recording:{recording_id}", recording.stored_name)
    # The audio goes only once the rows have: a refused or failed delete keeps both.
    after_commit(session, lambda: path.unlink(missing_ok=True))


def delete_expired_audio(*, session: Session, recordings_dir: Path, older_than_days: int) -> int:
    """The retention job: delete audio files older than ``older_than_days``,
    keeping their transcripts. Returns how many files went."""
    cutoff = now_utc() - dt.timedelta(days=older_than_days)
    expired = session.exec(
        select(Recording).where(
            col(Recording.created_at) < cutoff, col(Recording.audio_deleted_at).is_(None)
        )
    ).all()
    for recording in expired:
        (recordings_dir / recording.stored_name).unlink(missing_ok=True)
        recording.audio_deleted_at = now_utc()
    if expired:
        audit.record(session, "retention", "recordings", f"{len(expired)} audio files")
    session.flush()
    return len(expired)
