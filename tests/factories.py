"""Factories for tests: a small open workshop with tables and categories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitation.core.db import Database
from facilitation.models import CategoryRead, GroupRead, WorkshopRead
from facilitation.workshops.setup import (
    GroupInput,
    WorkshopCreate,
    create_workshop,
    default_categories,
    default_phases,
    load_setup,
)
from transcripts.engine import Segment
from transcripts.store import add_recording, claim_job, create_job, finish_job, record_progress


@dataclass(frozen=True)
class Made:
    workshop: WorkshopRead
    groups: list[GroupRead]
    categories: list[CategoryRead]


def make_workshop(database: Database, *, tables: int = 2, title: str = "テスト懇談会") -> Made:
    with database.write() as session:
        workshop = create_workshop(
            session=session,
            details=WorkshopCreate(
                title=title,
                district="さくら地区",
                date=dt.date(2026, 11, 26),
                start_time=dt.time(14, 0),
                end_time=dt.time(16, 0),
            ),
            phases=default_phases(),
            participants={"resident": 10},
            categories=default_categories(),
            groups=[GroupInput(name=f"{chr(65 + i)}テーブル") for i in range(tables)],
        )
        setup = load_setup(session=session, workshop_id=workshop.id)
    return Made(workshop=workshop, groups=setup.groups, categories=setup.categories)


def make_transcript(
    database: Database,
    segments: list[tuple[float, float, str]],
    *,
    title: str = "録音",
    stored_name: str = "missing.flac",
    workshop_id: int | None = None,
    group_id: int | None = None,
    progress: float = 1.0,
    eta_s: float | None = None,
    finish: str | None = "done",
    error_key: str | None = None,
    consent: bool = True,
) -> tuple[int, int]:
    """A recording whose job has written ``segments`` (start, end, text) and,
    unless ``finish`` is None, ended. Returns (recording id, job id)."""

    with database.write() as session:
        recording = add_recording(
            session=session,
            title=title,
            original_name=stored_name,
            stored_name=stored_name,
            size_bytes=1,
            workshop_id=workshop_id,
            group_id=group_id,
            consent=consent,
        )
        job = create_job(session=session, recording_id=recording.id)
        claim_job(session=session, job_id=job.id)
        record_progress(
            session=session,
            job_id=job.id,
            progress=progress,
            eta_s=eta_s,
            recording_id=recording.id,
            segments=[Segment(*s) for s in segments],
        )
        if finish:
            finish_job(session=session, job_id=job.id, status=finish, error_key=error_key)
    return recording.id, job.id
