"""Transcribing a recording again, and writing an existing transcript to the
notation rules.

A re-run replaces the transcript at once, as a first run would, but the
transcript it replaces is kept (``TranscriptVersion``) until staff confirm the
new one or put the old one back. A re-run that fails or is cancelled puts the
old transcript back by itself (``store.put_back_replaced``), so nothing is
lost either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from facilitation.core.errors import InvalidInput, NotFound
from facilitation.models import (
    DONE,
    FINISHED,
    JobRead,
    TranscriptionJob,
    TranscriptVersion,
    Workshop,
)
from facilitation.policy import audit
from facilitation.policy.access import require
from transcripts.editing import TextChange
from transcripts.glossary import apply_notation
from transcripts.store import (
    create_job,
    get_recording,
    kept_row,
    list_segments,
    put_back_replaced,
)
from transcripts.vocabulary import hotwords_for

KEPT_PREVIEW_CHARS = 30


@dataclass(frozen=True)
class KeptVersion:
    """The transcript a re-run replaced, as the page shows it."""

    job_id: int
    segments: int
    text: str  # its first words, to recognise it


def _latest_job(session: Session, recording_id: int) -> TranscriptionJob | None:
    return session.exec(
        select(TranscriptionJob)
        .where(TranscriptionJob.recording_id == recording_id)
        .order_by(col(TranscriptionJob.id).desc())
    ).first()


def latest_job(*, session: Session, recording_id: int) -> JobRead | None:
    require(session, "recording.read")
    job = _latest_job(session, recording_id)
    return JobRead.model_validate(job) if job is not None else None


def transcribe_again(
    *, session: Session, recording_id: int, model: str, use_glossary: bool = True
) -> JobRead:
    """Queue a new transcription of a transcribed recording with the chosen
    model and today's glossary (the workshop's, its district's and the
    default terms), keeping the current transcript."""
    require(session, "recording.write")
    recording = get_recording(session=session, recording_id=recording_id)
    if recording.audio_deleted_at is not None:
        raise InvalidInput("error.audio_deleted")
    latest = _latest_job(session, recording_id)
    if latest is not None and latest.status not in FINISHED:
        raise InvalidInput("error.transcription_in_progress")
    if kept_row(session, recording_id) is not None:
        # Another re-run now would lose the transcript kept from the last one.
        raise InvalidInput("error.version_undecided")
    rows = list_segments(session=session, recording_id=recording_id)
    workshop = session.get(Workshop, recording.workshop_id) if recording.workshop_id else None
    hotwords = (
        hotwords_for(
            session=session,
            district=workshop.district if workshop else None,
            workshop_id=recording.workshop_id,
        )
        if use_glossary
        else None
    )
    job = create_job(
        session=session,
        recording_id=recording_id,
        model=model,
        language=latest.language if latest is not None else "ja",
        hotwords=hotwords,
    )
    if rows:
        session.add(
            TranscriptVersion(
                recording_id=recording_id,
                job_id=job.id,
                segments=[[r.start, r.end, r.text, r.speaker] for r in rows],
            )
        )
    audit.record(session, "transcribe_again", f"recording:{recording_id}", f"job:{job.id}")
    session.flush()
    return job


def kept_version(*, session: Session, recording_id: int) -> KeptVersion | None:
    require(session, "recording.read")
    kept = kept_row(session, recording_id)
    if kept is None:
        return None
    text = "".join(str(row[2]) for row in kept.segments)
    return KeptVersion(
        job_id=kept.job_id, segments=len(kept.segments), text=text[:KEPT_PREVIEW_CHARS]
    )


def restore_kept_version(*, session: Session, recording_id: int) -> None:
    """Put the replaced transcript back, dropping the re-run's."""
    require(session, "recording.write")
    kept = kept_row(session, recording_id)
    if kept is None:
        raise NotFound("error.version_not_found")
    job = session.get(TranscriptionJob, kept.job_id)
    if job is not None and job.status not in FINISHED:
        raise InvalidInput("error.transcription_in_progress")
    put_back_replaced(session=session, recording_id=recording_id, job_id=kept.job_id)
    audit.record(session, "transcript_restore", f"recording:{recording_id}")
    session.flush()


def confirm_new_version(*, session: Session, recording_id: int) -> None:
    """Keep the re-run's transcript; the replaced one is gone for good."""
    require(session, "recording.write")
    kept = kept_row(session, recording_id)
    if kept is None:
        raise NotFound("error.version_not_found")
    job = session.get(TranscriptionJob, kept.job_id)
    if job is not None and job.status != DONE:
        raise InvalidInput("error.transcription_in_progress")
    session.delete(kept)
    audit.record(session, "transcript_confirm", f"recording:{recording_id}")
    session.flush()


def notation_preview(
    *, session: Session, recording_id: int, rules: list[tuple[str, str]]
) -> list[TextChange]:
    """The segments the notation rules would change, with their new text
    (written by ``editing.apply_text_changes``)."""
    require(session, "recording.read")
    rows = list_segments(session=session, recording_id=recording_id)
    changes = []
    for row in rows:
        new_text = apply_notation(row.text, rules)
        if new_text != row.text:
            changes.append(TextChange(row, new_text))
    return changes
