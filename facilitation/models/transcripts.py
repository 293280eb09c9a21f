"""Recordings, their transcription jobs and transcript segments. A job's
statuses are ``QUEUED`` → ``RUNNING`` → ``DONE`` | ``FAILED`` | ``CANCELLED``
(see ``transcripts.store``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)


class Recording(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("workshop.id", ondelete="CASCADE"), index=True),
    )
    group_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("workshop_group.id", ondelete="SET NULL"), index=True),
    )
    title: str
    original_name: str = ""
    stored_name: str  # file name under <data dir>/recordings
    size_bytes: int = 0
    duration_s: float | None = None
    # Without the speakers' consent a recording is neither transcribed nor
    # appended to minutes; who recorded it, and when, is kept.
    consent: bool = False
    consent_by: str = ""
    consent_at: dt.datetime | None = None
    audio_deleted_at: dt.datetime | None = None  # by the retention job; the transcript stays
    created_at: dt.datetime = Field(default_factory=now_utc)


class RecordingRead(SQLModel):
    id: int
    workshop_id: int | None
    group_id: int | None
    title: str
    original_name: str
    stored_name: str
    size_bytes: int
    duration_s: float | None
    consent: bool
    consent_by: str
    consent_at: dt.datetime | None
    audio_deleted_at: dt.datetime | None
    created_at: dt.datetime


class TranscriptionJob(SQLModel, table=True):
    __tablename__ = "transcription_job"
    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("recording.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    status: str = Field(default=QUEUED, index=True)
    model: str = "base"
    language: str | None = "ja"
    hotwords: str | None = None
    progress: float = 0.0
    eta_s: float | None = None
    attempts: int = 0
    cancel_requested: bool = False
    error_key: str | None = None
    error_params: dict[str, object] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    # [[catalogue key, params], …]: what the user should know about the audio
    warnings: list[list[object]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    glossary_retries: int = 0
    created_at: dt.datetime = Field(default_factory=now_utc)
    started_at: dt.datetime | None = None
    heartbeat_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class JobRead(SQLModel):
    id: int
    recording_id: int
    status: str
    model: str
    language: str | None
    hotwords: str | None
    progress: float
    eta_s: float | None
    attempts: int
    cancel_requested: bool
    error_key: str | None
    error_params: dict[str, object]
    warnings: list[tuple[str, dict[str, object]]]
    created_at: dt.datetime

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class TranscriptSegment(SQLModel, table=True):
    __tablename__ = "transcript_segment"
    # Ids are never given twice (SQLite would reuse the highest after a
    # re-run's delete): an editor still showing a replaced segment must not
    # find a new one under the same id and version.
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("recording.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    start: float
    end: float
    text: str = Field(sa_column=Column(Text, nullable=False))
    speaker: str = ""
    version: int = 1


class SegmentRead(SQLModel):
    id: int
    recording_id: int
    start: float
    end: float
    text: str
    speaker: str
    version: int


class WorkerBeat(SQLModel, table=True):
    """A transcription worker's sign of life (one row a worker process), so
    that the pages and ``kondan doctor`` can say when none is running."""

    __tablename__ = "worker_beat"
    worker: str = Field(primary_key=True, max_length=200)  # host:pid
    started_at: dt.datetime = Field(default_factory=now_utc)
    beat_at: dt.datetime = Field(default_factory=now_utc, index=True)


class TranscriptVersion(SQLModel, table=True):
    """The transcript a re-run replaced, kept (one per recording) until staff
    confirm the new one or put this one back. ``segments`` holds
    ``[start, end, text, speaker]`` rows; ``job_id`` is the re-run's job."""

    __tablename__ = "transcript_version"
    id: int | None = Field(default=None, primary_key=True)
    recording_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("recording.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    job_id: int
    segments: list[list[object]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: dt.datetime = Field(default_factory=now_utc)
