"""``kondan doctor``: what needs fixing before a workshop, said before the
workshop rather than in the middle of it. Each check answers ok, warn (works,
but should be set or done) or fail (something is broken), with its message
key and values for the text catalogues (Japanese or English)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, func, select

from facilitation.core.clock import now_utc
from facilitation.core.db import Database
from facilitation.core.migrate import is_current
from facilitation.core.settings import Settings
from facilitation.models import AuditEvent
from transcripts import models as speech_models
from transcripts.storage import StorageUnusable, check_storage
from transcripts.store import last_worker_beat

OK, WARN, FAIL = "ok", "warn", "fail"
WORKER_SILENT_AFTER = dt.timedelta(seconds=60)
BACKUP_OLD_AFTER = dt.timedelta(days=7)
DISK_LOW_BYTES = 5 * 1024**3
DISK_FULL_BYTES = 1 * 1024**3
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # noqa: S104 - names, not a bind


@dataclass(frozen=True)
class Check:
    name: str  # doctor.<name> is its title in the catalogues
    status: str
    key: str  # the message
    params: dict[str, Any] = field(default_factory=dict)


def _database(database: Database, _settings: Settings) -> Check:
    try:
        current = is_current(database)
    except SQLAlchemyError as error:
        return Check("database", FAIL, "doctor.database_down", {"error": type(error).__name__})
    if not current:
        return Check("database", FAIL, "doctor.database_behind")
    return Check("database", OK, "doctor.database_ok")


def _public_url(_database: Database, settings: Settings) -> Check:
    url = settings.public_url
    if not url:
        return Check("public_url", WARN, "doctor.public_url_unset")
    host = urlparse(url).hostname or ""
    if host in _LOCAL_HOSTS or host.startswith("127."):
        return Check("public_url", WARN, "doctor.public_url_local", {"url": url})
    return Check("public_url", OK, "doctor.public_url_ok", {"url": url})


def _speech_model(_database: Database, settings: Settings) -> Check:
    folder = settings.models_dir / f"whisper-{speech_models.BUNDLED_MODEL}"
    model = folder / "model.bin"
    if not model.is_file():
        try:
            speech_models.bundled_parts()
        except speech_models.ModelUnavailable:
            return Check("speech_model", FAIL, "doctor.model_missing")
        return Check("speech_model", OK, "doctor.model_packed")
    digest = hashlib.sha256()
    with open(model, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != speech_models.BUNDLED_SHA256:
        return Check("speech_model", FAIL, "doctor.model_altered", {"path": str(model)})
    return Check("speech_model", OK, "doctor.model_ok")


def _worker(database: Database, _settings: Settings) -> Check:
    try:
        with database.read() as session:
            beat = last_worker_beat(session=session)
    except SQLAlchemyError:
        return Check("worker", FAIL, "doctor.worker_unknown")
    if beat is None:
        return Check("worker", FAIL, "doctor.worker_never")
    silent = now_utc() - beat
    if silent > WORKER_SILENT_AFTER:
        return Check(
            "worker", FAIL, "doctor.worker_silent", {"minutes": int(silent.total_seconds() // 60)}
        )
    return Check("worker", OK, "doctor.worker_ok")


def _recordings(_database: Database, settings: Settings) -> Check:
    folder = settings.recordings_dir
    try:
        check_storage(folder)
    except StorageUnusable as error:
        return Check("recordings", FAIL, "doctor.recordings_unwritable", dict(error.params))
    return Check("recordings", OK, "doctor.recordings_ok", {"path": str(folder)})


def _disk(_database: Database, settings: Settings) -> Check:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(settings.data_dir).free
    params = {"free_gb": round(free / 1024**3, 1)}
    if free < DISK_FULL_BYTES:
        return Check("disk", FAIL, "doctor.disk_full", params)
    if free < DISK_LOW_BYTES:
        return Check("disk", WARN, "doctor.disk_low", params)
    return Check("disk", OK, "doctor.disk_ok", params)


def _backup(database: Database, _settings: Settings) -> Check:
    try:
        with database.read() as session:
            last = session.exec(
                select(func.max(AuditEvent.at)).where(col(AuditEvent.action) == "backup")
            ).one()
    except SQLAlchemyError:
        return Check("backup", FAIL, "doctor.backup_unknown")
    if last is None:
        return Check("backup", WARN, "doctor.backup_never")
    age = now_utc() - last
    if age > BACKUP_OLD_AFTER:
        return Check("backup", WARN, "doctor.backup_old", {"days": age.days})
    return Check("backup", OK, "doctor.backup_ok", {"days": age.days})


CHECKS: tuple[Callable[[Database, Settings], Check], ...] = (
    _database,
    _public_url,
    _speech_model,
    _worker,
    _recordings,
    _disk,
    _backup,
)


def run_checks(database: Database, settings: Settings) -> list[Check]:
    """Every check, in a fixed order (the database's first)."""
    return [check(database, settings) for check in CHECKS]


def needs_fixing(checks: list[Check]) -> bool:
    return any(check.status != OK for check in checks)
