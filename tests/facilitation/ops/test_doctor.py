"""``kondan doctor`` on SQLite and PostgreSQL: a fresh install names what to
set and start before the first workshop; each check turns when its cause is
fixed or broken."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from facilitation import cli
from facilitation.core.clock import now_utc
from facilitation.core.db import Database
from facilitation.core.migrate import alembic_config
from facilitation.core.settings import Settings
from facilitation.ops.doctor import FAIL, OK, WARN, needs_fixing, run_checks
from facilitation.policy import audit
from transcripts.store import worker_beat


def statuses(database: Database, settings: Settings) -> dict[str, tuple[str, str]]:
    return {c.name: (c.status, c.key) for c in run_checks(database, settings)}


def test_a_fresh_install_names_what_to_set_before_the_first_workshop(
    database: Database, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database.url)
    found = statuses(database, settings)
    assert found["database"] == (OK, "doctor.database_ok")
    assert found["public_url"] == (WARN, "doctor.public_url_unset")
    assert found["worker"] == (FAIL, "doctor.worker_never")
    assert found["backup"] == (WARN, "doctor.backup_never")
    assert found["recordings"][0] == OK
    assert found["speech_model"] == (OK, "doctor.model_packed")
    assert needs_fixing(run_checks(database, settings))

    with database.write() as session:
        worker_beat(session=session, worker="office-pc:4242")
        audit.record(session, "backup", "kondan-backup.tar.gz", actor="cli")
    ready = Settings(
        data_dir=tmp_path, database_url=database.url, public_url="http://192.168.10.5:8501"
    )
    found = statuses(database, ready)
    assert {name: status for name, (status, _) in found.items() if name != "disk"} == {
        "database": OK,
        "public_url": OK,
        "speech_model": OK,
        "worker": OK,
        "recordings": OK,
        "backup": OK,
    }


def test_each_check_turns_when_something_breaks(database: Database, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, database_url=database.url, public_url="http://localhost:8501"
    )
    assert statuses(database, settings)["public_url"] == (WARN, "doctor.public_url_local")
    with database.write() as session:
        worker_beat(session=session, worker="office-pc:1")
        session.execute(
            text("UPDATE worker_beat SET beat_at = :at"),
            {"at": now_utc() - dt.timedelta(minutes=5)},
        )
        audit.record(session, "backup", "old.tar.gz", actor="cli")
        session.execute(
            text("UPDATE audit_event SET at = :at WHERE action = 'backup'"),
            {"at": now_utc() - dt.timedelta(days=30)},
        )
    found = statuses(database, settings)
    assert found["worker"] == (FAIL, "doctor.worker_silent")
    assert found["backup"] == (WARN, "doctor.backup_old")

    model = tmp_path / "models" / "whisper-base" / "model.bin"
    model.parent.mkdir(parents=True)
    model.write_bytes(b"not the model")
    assert statuses(database, settings)["speech_model"] == (FAIL, "doctor.model_altered")
    shutil.rmtree(tmp_path / "recordings")
    (tmp_path / "recordings").write_text("a file where the folder should be")
    assert statuses(database, settings)["recordings"] == (FAIL, "doctor.recordings_unwritable")


def test_a_database_behind_its_migrations_fails(tmp_path: Path) -> None:
    old = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    command.upgrade(alembic_config(old), "0012")
    found = statuses(old, Settings(data_dir=tmp_path, database_url=old.url))
    assert found["database"] == (FAIL, "doctor.database_behind")
    old.dispose()


def test_the_command_speaks_japanese_and_fails_until_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KONDAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KONDAN_DATABASE_URL", raising=False)
    cli.get_settings.cache_clear()
    assert cli.main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert cli.main(["doctor"]) == 1
    printed = capsys.readouterr().out
    assert "✗ 文字起こしワーカー: 一度も動いていません。" in printed
    assert "! 公開URL: KONDAN_PUBLIC_URL が未設定です。" in printed
    assert cli.main(["doctor", "--lang", "en"]) == 1
    assert "✗ Transcription worker: Has never run." in capsys.readouterr().out
    cli.get_settings.cache_clear()
