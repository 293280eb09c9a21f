"""Scale-out on one machine (issue 16, item 2): two app processes and a
worker, each with its own working and data directory, sharing PostgreSQL,
Redis (the job queue) and the recordings storage. A note written through one
app shows on the other's board; a recording uploaded through one is
transcribed by the worker and read through the other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
from playwright.sync_api import Browser, expect
from sqlalchemy.engine import make_url

from tests.databases import POSTGRES_ADMIN_URL
from tests.e2e.conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    ROOT,
    RunningApp,
    open_upload,
    staff_page,
    start_app,
    stop,
)
from tests.transcripts.audio_files import FIXTURES

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

REDIS_URL = os.environ.get("KONDAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@dataclass
class Cluster:
    first: RunningApp
    second: RunningApp
    demo: dict
    shared: Path


def _fresh_postgres(name: str) -> str:
    admin = make_url(POSTGRES_ADMIN_URL)
    with psycopg.connect(
        host=admin.host, port=admin.port, user=admin.username, autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("scale-out")
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    redis.Redis.from_url(REDIS_URL).flushdb()
    shared = base / "shared-recordings"
    env = {
        "KONDAN_DATABASE_URL": _fresh_postgres(f"kondan_scale_out_{worker_id}"),
        "KONDAN_REDIS_URL": REDIS_URL,
        "KONDAN_RECORDINGS_DIR": str(shared),
        "KONDAN_JOB_WATCH_S": "1",
    }
    # Migrate and seed once, as an operator would before starting the replicas.
    setup_env = {
        **os.environ,
        **env,
        "KONDAN_DATA_DIR": str(base / "setup"),
        "KONDAN_ADMIN_USER": ADMIN_USER,
        "KONDAN_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    run = [sys.executable, "-m", "facilitation.cli"]
    subprocess.run([*run, "db", "upgrade"], env=setup_env, check=True, capture_output=True)
    seeded = subprocess.run(
        [*run, "demo"], env=setup_env, check=True, capture_output=True, text=True
    )
    first_process, first = start_app(base / "app-1", env)
    second_process, second = start_app(base / "app-2", env)
    # The worker runs from a directory of its own (the code on its path).
    worker_dir = base / "worker"
    worker_dir.mkdir()
    worker = subprocess.Popen(
        [*run, "worker"],
        cwd=worker_dir,
        env={
            **os.environ,
            **env,
            "KONDAN_DATA_DIR": str(worker_dir / "data"),
            "PYTHONPATH": str(ROOT),
        },
        stdout=(worker_dir / "worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        yield Cluster(first, second, json.loads(seeded.stdout), shared)
    finally:
        worker.send_signal(2)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        stop(first_process)
        stop(second_process)


def test_a_note_written_through_one_app_shows_on_the_others_board(
    cluster: Cluster, browser: Browser
) -> None:
    board = staff_page(browser, cluster.second, 1600, 1000)
    board.goto(f"{cluster.second.url}/board?workshop={cluster.demo['workshop_id']}")
    expect(board.get_by_text("スーパーが閉店して買い物が大変")).to_be_visible(timeout=30_000)
    leader = browser.new_context(**PHONE, locale="ja-JP").new_page()  # type: ignore[arg-type]
    leader.goto(f"{cluster.first.url}/group?code={cluster.demo['groups'][0]['code']}")
    box = leader.get_by_label("付箋の内容")
    expect(box).to_be_visible(timeout=30_000)
    box.fill("一台目のアプリから書いた付箋")
    box.press("Enter")
    expect(leader.locator(".kd-toast")).to_contain_text("付箋を追加しました。", timeout=10_000)
    expect(board.get_by_text("一台目のアプリから書いた付箋")).to_be_visible(timeout=5_000)


def test_a_recording_uploaded_through_one_app_is_transcribed_and_read_through_the_other(
    cluster: Cluster, browser: Browser
) -> None:
    page = staff_page(browser, cluster.first, 1280, 1400)
    page.goto(f"{cluster.first.url}/recordings")
    open_upload(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURES / "s01.flac"))
    # The upload's rerun redraws the form: type once the file is listed.
    expect(page.get_by_text("s01.flac").first).to_be_visible(timeout=15_000)
    page.wait_for_load_state("networkidle")
    title = page.get_by_label("名前（例：Aテーブルの録音）")
    expect(title).to_be_visible(timeout=15_000)
    title.fill("二台構成の録音")
    page.get_by_text("話した人全員から録音と文字起こしの同意を得ています").click()
    start = page.get_by_role("button", name="文字起こしを始める")
    expect(start).to_be_enabled(timeout=15_000)
    start.click()
    # The audio lies in the shared storage, not in either app's data directory.
    expect(page.get_by_text("二台構成の録音").first).to_be_visible(timeout=15_000)
    assert len(list(cluster.shared.iterdir())) == 1
    assert not (cluster.first.data_dir / "recordings").exists()

    other = staff_page(browser, cluster.second, 1280, 1400)
    other.goto(f"{cluster.second.url}/recordings")
    card = other.locator("[class*='st-key-recording-']").filter(has_text="二台構成の録音")
    expect(card.get_by_text("完了")).to_be_visible(timeout=120_000)
    card.get_by_role("link").first.click()
    # It opens in the transcript's own page, read through the other app.
    expect(other.locator(".kd-text").filter(has_text="地域").first).to_be_visible(timeout=30_000)
