"""Settings: every KONDAN_* variable in one object, read from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from facilitation.core.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("KONDAN_")]:
        monkeypatch.delenv(name)


def test_defaults_are_the_embedded_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.database_url == f"sqlite:///{tmp_path}/data/kondan.sqlite3"
    assert settings.recordings_dir == tmp_path / "data" / "recordings"
    assert settings.models_dir == tmp_path / "data" / "models"
    assert settings.queue_file == tmp_path / "data" / "queue.sqlite3"
    assert (settings.redis_url, settings.public_url, settings.audio_retention_days) == (
        None,
        None,
        None,
    )
    assert (settings.max_upload_mb, settings.max_audio_seconds) == (2048, 14400)
    assert (settings.job_timeout_s, settings.job_stale_s) == (10800, 30)
    assert settings.admin_user == "admin" and settings.admin_password is None


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        (
            "KONDAN_DATABASE_URL",
            "postgresql+psycopg://u@h/k",
            "database_url",
            "postgresql+psycopg://u@h/k",
        ),
        ("KONDAN_REDIS_URL", "redis://127.0.0.1:6379/0", "redis_url", "redis://127.0.0.1:6379/0"),
        (
            "KONDAN_PUBLIC_URL",
            "https://kondan.example.jp",
            "public_url",
            "https://kondan.example.jp",
        ),
        ("KONDAN_MAX_UPLOAD_MB", "500", "max_upload_mb", 500.0),
        ("KONDAN_MAX_AUDIO_SECONDS", "3600", "max_audio_seconds", 3600.0),
        ("KONDAN_JOB_TIMEOUT_S", "60", "job_timeout_s", 60.0),
        ("KONDAN_JOB_STALE_S", "6", "job_stale_s", 6.0),
        ("KONDAN_JOB_WATCH_S", "1", "job_watch_s", 1.0),
        ("KONDAN_JOB_HEARTBEAT_S", "0.5", "job_heartbeat_s", 0.5),
        ("KONDAN_AUDIO_RETENTION_DAYS", "90", "audio_retention_days", 90),
        ("KONDAN_ADMIN_USER", "kanri", "admin_user", "kanri"),
        (
            "KONDAN_RECORDINGS_DIR",
            "/mnt/kondan/recordings",
            "recordings_dir",
            Path("/mnt/kondan/recordings"),
        ),
        ("KONDAN_CONTACT", "電話 03-1234-5678", "contact", "電話 03-1234-5678"),
    ],
)
def test_each_variable_is_read(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(Settings(), field) == expected


def test_an_empty_variable_counts_as_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KONDAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KONDAN_DATABASE_URL", "")
    monkeypatch.setenv("KONDAN_AUDIO_RETENTION_DAYS", "")
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/kondan.sqlite3"
    assert settings.audio_retention_days is None


def test_the_admin_password_never_shows_in_a_printout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KONDAN_ADMIN_PASSWORD", "s3cret-horse")
    settings = Settings()
    assert "s3cret-horse" not in repr(settings)
    assert settings.admin_password is not None
    assert settings.admin_password.get_secret_value() == "s3cret-horse"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KONDAN_MAX_UPLOAD_MB", "lots"),
        ("KONDAN_JOB_STALE_S", "0"),
        ("KONDAN_AUDIO_RETENTION_DAYS", "-1"),
    ],
)
def test_a_bad_value_is_refused(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        Settings()


def test_the_command_line_names_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "KONDAN_DATA_DIR": str(tmp_path), "KONDAN_MAX_UPLOAD_MB": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "facilitation.cli", "demo"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("kondan: KONDAN_MAX_UPLOAD_MB:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_importing_the_worker_creates_nothing_and_reads_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "KONDAN_DATA_DIR": str(data_dir), "KONDAN_MAX_UPLOAD_MB": "lots"}
    code = "import transcripts.queue, transcripts.worker, transcripts.runner, facilitation.cli"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    # a bad setting would fail an import that read it; a queue made at import would
    # have created the data directory
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()
