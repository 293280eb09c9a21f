"""Taking in an uploaded or browser-recorded file: checks, storage in the
recordings folder with a name of our own, and a queued transcription job."""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

from sqlmodel import Session

from facilitation.core.errors import UserError
from facilitation.models import JobRead
from transcripts.audio import AudioError, AudioLimits, probe_audio
from transcripts.store import add_recording, create_job
from transcripts.vocabulary import hotwords_for


class DiskFull(UserError):
    """The disk that holds the recordings (or the database) is full."""


def _owner_only(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


SAFE_SUFFIXES = frozenset(
    {".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".webm", ".flac", ".mp4", ".mov"}
)


def accept_upload(
    *,
    session: Session,
    recordings_dir: Path,
    data: bytes,
    name: str,
    title: str = "",
    workshop_id: int | None = None,
    district: str | None = None,
    group_id: int | None = None,
    model: str = "base",
    language: str | None = "ja",
    use_glossary: bool = True,
    consent: bool = False,
    limits: AudioLimits | None = None,
) -> JobRead:
    """Store ``data`` and queue its transcription (the caller hands the job to
    the workers once the transaction commits). The stored file's name is a
    random id, never the uploader's; it is readable by the owner only. Empty
    or over-size uploads are refused before anything is written."""
    limits = limits or AudioLimits()
    if not data:
        raise AudioError("error.audio_empty")
    if len(data) > limits.max_bytes:
        raise AudioError("error.audio_too_large", limit_mb=limits.max_bytes // 1024**2)
    name = name or "recording.wav"
    suffix = Path(name).suffix.lower()
    stored_name = f"{uuid.uuid4().hex}{suffix if suffix in SAFE_SUFFIXES else '.bin'}"
    recordings_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = recordings_dir / stored_name
    try:
        with open(target, "xb", opener=_owner_only) as stored:
            stored.write(data)
    except OSError as error:
        target.unlink(missing_ok=True)  # no partial file without a row
        if error.errno == errno.ENOSPC:
            raise DiskFull("error.disk_full") from error
        raise
    try:
        probe_audio(target, limits)
    except AudioError:
        target.unlink(missing_ok=True)  # not kept: the uploader still has the file
        raise
    try:
        recording = add_recording(
            session=session,
            title=title or name,
            original_name=name,
            stored_name=stored_name,
            size_bytes=len(data),
            workshop_id=workshop_id,
            group_id=group_id,
            consent=consent,
        )
        words = (
            hotwords_for(session=session, district=district, workshop_id=workshop_id)
            if use_glossary
            else None
        )
        return create_job(
            session=session,
            recording_id=recording.id,
            model=model,
            language=language,
            hotwords=words,
        )
    except BaseException:
        target.unlink(missing_ok=True)  # nothing recorded, so nothing kept
        raise
