"""Data for the benchmarks, made through the domain as the app would make it.

Benchmarks build their own data here rather than borrowing the tests'
factories, so that a change to a test helper never changes a measured figure.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import wave
from pathlib import Path

import numpy as np
import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitation.core.db import Database  # noqa: E402
from facilitation.core.migrate import upgrade  # noqa: E402
from facilitation.models import CategoryRead, GroupRead  # noqa: E402
from facilitation.workshops.setup import (  # noqa: E402
    GroupInput,
    WorkshopCreate,
    create_workshop,
    default_categories,
    default_phases,
    load_setup,
)
from transcripts.engine import Segment  # noqa: E402
from transcripts.store import (  # noqa: E402
    add_recording,
    claim_job,
    create_job,
    finish_job,
    record_progress,
)

AUDIO = ROOT.parent / "shared" / "fixtures" / "audio"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def references() -> dict[str, dict[str, object]]:
    """The fixtures' reference texts, by clip name."""
    loaded: dict[str, dict[str, object]] = json.loads(
        (AUDIO / "references.json").read_text(encoding="utf-8")
    )
    return loaded


def fresh_database(backend: str, folder: Path, name: str = "kondan_bench") -> Database:
    """A migrated, empty database: a SQLite file in ``folder``, or the local
    PostgreSQL server's database ``name``, dropped and made anew."""
    if backend == "sqlite":
        database = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    else:
        server = make_url(POSTGRES_URL)
        with psycopg.connect(
            host=server.host, port=server.port, user=server.username, autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        database = Database(server.set(database=name).render_as_string(hide_password=False))
    upgrade(database)
    return database


def seed_workshop(
    database: Database, *, tables: int, title: str
) -> tuple[int, list[GroupRead], list[CategoryRead]]:
    """An open workshop with ``tables`` tables and the default categories:
    (workshop id, its tables, its categories)."""
    with database.write() as session:
        workshop = create_workshop(
            session=session,
            details=WorkshopCreate(title=title, district="計測地区", date=dt.date(2026, 11, 26)),
            phases=default_phases(),
            participants={"resident": tables * 6},
            categories=default_categories(),
            groups=[GroupInput(name=f"{chr(65 + i)}テーブル") for i in range(tables)],
        )
        setup = load_setup(session=session, workshop_id=workshop.id)
    return workshop.id, setup.groups, setup.categories


def seed_transcript(
    database: Database, segments: list[Segment], *, workshop_id: int, title: str
) -> int:
    """A finished transcription of ``segments`` for the workshop; its recording id."""
    with database.write() as session:
        recording = add_recording(
            session=session,
            title=title,
            original_name="bench.flac",
            stored_name="bench.flac",
            size_bytes=1,
            workshop_id=workshop_id,
            consent=True,
        )
        job = create_job(session=session, recording_id=recording.id)
        claim_job(session=session, job_id=job.id)
        record_progress(
            session=session,
            job_id=job.id,
            progress=1.0,
            eta_s=None,
            recording_id=recording.id,
            segments=segments,
        )
        finish_job(session=session, job_id=job.id, status="done")
    return recording.id


def save_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    """16-bit mono PCM of ``samples`` (floats in -1..1)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
