"""The ``kondan`` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from facilitation.accounts import sign_in
from facilitation.actions import ActionInput, create_action
from facilitation.core.db import Database
from facilitation.workshops import boards
from tests.databases import empty_postgres
from tests.factories import make_transcript

ROOT = Path(__file__).resolve().parents[2]


def kondan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitation.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _check_demo(database: Database, payload: dict) -> None:
    assert len(payload["groups"]) >= 3
    assert all(len(g["code"]) == 8 for g in payload["groups"])
    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=payload["workshop_id"])
    assert board.workshop.title == "サンプル住民懇談会"
    notes = [n for g in board.groups for n in g.notes]
    assert len(notes) >= 30
    assert all(n.cluster_id is not None for n in notes)
    assert sum(n.votes for n in notes) > 0
    assert all(g.summary and g.summary.text for g in board.groups)
    # The parts written after the session, so the sample's minutes are whole.
    assert board.workshop.plenary_notes and board.workshop.decisions and board.workshop.next_steps


def test_demo_on_a_fresh_data_directory(tmp_path: Path) -> None:
    result = kondan("demo", env={"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    _check_demo(database, json.loads(result.stdout))
    database.dispose()


@pytest.mark.postgres
def test_demo_on_postgresql(postgres: Database) -> None:
    empty_postgres(postgres)
    result = kondan("demo", env={"KONDAN_DATABASE_URL": postgres.url})
    assert result.returncode == 0, result.stderr
    _check_demo(postgres, json.loads(result.stdout))


def test_db_upgrade_is_repeatable(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    for _ in range(2):
        result = kondan("db", "upgrade", env=env)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "kondan.sqlite3").exists()


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = kondan(
        "demo", env={"KONDAN_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr
    assert "database" in result.stderr


def test_unknown_command_exits_non_zero(tmp_path: Path) -> None:
    result = kondan("fly", env={"KONDAN_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_minutes_command_writes_a_docx(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    demo = json.loads(kondan("demo", env=env).stdout)
    out = tmp_path / "minutes.docx"
    result = kondan(
        "minutes",
        str(demo["workshop_id"]),
        "--out",
        str(out),
        "--mask",
        "--tables",
        "Aテーブル",
        env=env,
    )
    assert result.returncode == 0, result.stderr

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Aテーブル（まとめ役：○○）" in text and "Bテーブル（まとめ役" not in text


def test_minutes_for_an_unknown_workshop_is_one_line(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    result = kondan("minutes", "999", "--out", str(tmp_path / "x.docx"), env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == "kondan: Workshop not found."


def test_actions_export_csv(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    kondan("demo", env=env)
    out = tmp_path / "actions.csv"
    result = kondan("actions", "export", "--format", "csv", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    content = out.read_bytes().decode("utf-8-sig")
    assert "移動販売の誘致" in content and "検討中→立上げ準備" in content


def test_restoring_a_cut_archive_is_one_line_and_keeps_the_data(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path / "data"), "KONDAN_DATABASE_URL": ""}
    kondan("demo", env=env)
    archive = tmp_path / "b.tar.gz"
    assert kondan("backup", "--out", str(archive), env=env).returncode == 0
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = kondan("restore", str(cut), "--yes", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("kondan: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    demo_again = kondan("minutes", "1", "--out", str(tmp_path / "m.docx"), env=env)
    assert demo_again.returncode == 0, demo_again.stderr


def test_mask_prints_each_line_masked_as_the_exports_would(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    lines = "向かいの田中さんが最近ひとりで\n民生委員 木村さんと山田屋へ 090-1234-5678\n\n"
    source = tmp_path / "in.txt"
    source.write_text(lines, encoding="utf-8")
    result = kondan("mask", "--names", "民生委員 木村", str(source), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "向かいの○○さんが最近ひとりで",
        "民生委員 ○○さんと山田屋へ ○○",
        "",
    ]
    piped = subprocess.run(
        [sys.executable, "-m", "facilitation.cli", "mask", "-"],
        input="杉山公園で佐々木さんと\n",
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert piped.stdout == "杉山公園で○○さんと\n"


def test_admin_reset_password_prints_a_one_time_password(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    assert kondan("db", "upgrade", env=env).returncode == 0  # makes 'admin'
    result = kondan("admin", "reset-password", "admin", env=env)
    assert result.returncode == 0, result.stderr
    one_time = result.stdout.strip()
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    try:
        assert sign_in(database=database, username="admin", password=one_time).must_change_password
    finally:
        database.dispose()
    unknown = kondan("admin", "reset-password", "nobody", env=env)
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1


def test_recordings_delete(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    kondan("db", "upgrade", env=env)
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    try:
        recording_id, _job = make_transcript(database, [(0, 1, "テスト")], stored_name="a.flac")
    finally:
        database.dispose()
    (tmp_path / "recordings").mkdir()
    audio = tmp_path / "recordings" / "a.flac"
    audio.write_bytes(b"x")
    result = kondan("recordings", "delete", str(recording_id), env=env)
    assert result.returncode == 0, result.stderr
    assert not audio.exists()
    again = kondan("recordings", "delete", str(recording_id), env=env)
    assert again.returncode == 1 and again.stderr.startswith("kondan: ")


def test_actions_export_masked(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    kondan("demo", env=env)
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    try:
        with database.write() as session:
            create_action(
                session=session,
                data=ActionInput(title="見守り講座", owner_names="民生委員 井上"),
            )
    finally:
        database.dispose()

    def owners(*flags: str) -> list[str]:
        out = tmp_path / "actions.xlsx"
        result = kondan("actions", "export", "--format", "xlsx", *flags, "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        sheet = load_workbook(out).active
        assert sheet is not None
        return [str(sheet.cell(row=r, column=7).value) for r in range(2, sheet.max_row + 1)]

    assert "民生委員 井上" in owners()
    masked = owners("--mask")
    assert "民生委員 ○○" in masked and not any("井上" in o for o in masked)


def test_actions_calendar(tmp_path: Path) -> None:
    env = {"KONDAN_DATA_DIR": str(tmp_path), "KONDAN_DATABASE_URL": ""}
    kondan("demo", env=env)
    out = tmp_path / "reviews.ics"
    result = kondan("actions", "calendar", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "SUMMARY:ふりかえり：移動販売の誘致" in text
