"""Browser tests: the real app on a free port, driven in Debian's Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ADMIN_USER = "admin"
ADMIN_PASSWORD = "e2e-admin-password"  # noqa: S105 - the test app's own
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class RunningApp:
    url: str
    data_dir: Path
    env: dict[str, str]

    def kondan(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "facilitation.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return result.stdout

    def demo(self) -> dict:
        return json.loads(self.kondan("demo"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(
    data_dir: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, RunningApp]:
    port = _free_port()
    env = {
        **os.environ,
        "KONDAN_DATA_DIR": str(data_dir),
        "KONDAN_ADMIN_USER": ADMIN_USER,
        "KONDAN_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **(extra_env or {}),
    }
    env.pop("KONDAN_DATABASE_URL", None) if "KONDAN_DATABASE_URL" not in (extra_env or {}) else None
    # The app's output goes to a file: a pipe nobody reads fills up (64 KiB)
    # and then blocks the app in the middle of a test.
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "app.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()  # the child holds its own copy
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        output = (data_dir / "app.log").read_text(errors="replace")
        raise RuntimeError(f"the app did not start:\n{output}")
    return process, RunningApp(url=url, data_dir=data_dir, env=env)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    process, running = start_app(tmp_path_factory.mktemp("app-data"))
    yield running
    stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the server is still closing its sessions."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def worker(app: RunningApp) -> Iterator[subprocess.Popen]:
    """``kondan worker`` on the app's data directory."""
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitation.cli", "worker"],
        cwd=ROOT,
        env=app.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.send_signal(2)  # SIGINT: huey's graceful stop
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def sign_in(
    page: Page, app: RunningApp, username: str = ADMIN_USER, password: str = ADMIN_PASSWORD
) -> None:
    """Sign in (as the test app's administrator unless told) in this page's browser context."""
    page.goto(f"{app.url}/")
    for _attempt in range(3):
        # Wait for the app's first run to settle: typing into a form that is
        # still being drawn loses the text.
        expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.get_by_label("ユーザー名").fill(username)
        page.get_by_label("パスワード").fill(password)
        expect(page.get_by_label("ユーザー名")).to_have_value(username)
        page.get_by_role("button", name="サインイン").click()
        try:
            expect(page.get_by_text("サインイン中")).to_be_visible(timeout=15_000)
        except AssertionError:
            page.goto(f"{app.url}/")
            continue
        # The sign-in lives on in a cookie the page's script writes; a reload
        # before it is written would land on the sign-in page again.
        page.wait_for_function("document.cookie.includes('kondan_session=')", timeout=15_000)
        return
    raise AssertionError("could not sign in")


def staff_page(
    browser: Browser,
    app: RunningApp,
    width: int = 1400,
    height: int = 1000,
    *,
    username: str = ADMIN_USER,
    password: str = ADMIN_PASSWORD,
) -> Page:
    """A page in a new browser context, signed in (the cookie holds across loads)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    sign_in(page, app, username, password)
    return page


def open_upload(page: Page) -> None:
    """The recordings page's upload section, unfolded: it is folded once any
    recording exists (another test may have made one in the shared app)."""
    expect(page.get_by_text("録音を追加する")).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    # Unfolded on a first run while the page is still drawing: give it a few
    # seconds before taking it as folded (a click then would fold it).
    try:
        expect(dropzone).to_be_visible(timeout=5_000)
    except AssertionError:
        page.get_by_text("録音を追加する").click()
    expect(dropzone).to_be_visible(timeout=15_000)
