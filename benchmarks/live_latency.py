"""Live board latency: phones typing notes into a real app, watched on a real
board in Chromium.

Starts the app on its own SQLite file (or PostgreSQL with --postgres), seeds
8 tables × 60 notes, opens the facilitator's board and one phone per table
(390×844, touch) — 9 pages — and lets --typists phones type a note every
--interval seconds. For each note it measures the time from Enter on the
phone to the note on the board (a MutationObserver on the board page stamps
when each text first appears). Prints min / median / p95 / max latency and the
app process's CPU while typing and while idle.

    .venv/bin/python benchmarks/live_latency.py [--notes 60] [--typists 3] [--postgres]

Needs Debian's chromium (/usr/bin/chromium) and Playwright.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.seed import fresh_database, seed_workshop  # noqa: E402
from facilitation.workshops import boards  # noqa: E402

ADMIN, PASSWORD = "bench-admin", "bench-admin-password"
CHROMIUM = "/usr/bin/chromium"
WATCH = """() => {
  window.__seen = {};
  const stamp = () => {
    for (const chip of document.querySelectorAll('.kd-chip')) {
      const text = chip.firstChild && chip.firstChild.textContent;
      if (text && text.startsWith('計測') && !(text in window.__seen)) {
        window.__seen[text] = Date.now();
      }
    }
  };
  new MutationObserver(stamp).observe(document.body, {subtree: true, childList: true});
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_app(data_dir: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "KONDAN_DATA_DIR": str(data_dir),
        "KONDAN_DATABASE_URL": database_url,
        "KONDAN_ADMIN_USER": ADMIN,
        "KONDAN_ADMIN_PASSWORD": PASSWORD,
    }
    log = (data_dir / "app.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):  # noqa: S310
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the app did not start; see " + str(data_dir / "app.log"))


async def sign_in(page: Page, url: str) -> None:
    await page.goto(f"{url}/")
    await page.get_by_role("button", name="サインイン").wait_for(timeout=60_000)
    await page.wait_for_load_state("networkidle")
    await page.get_by_label("ユーザー名").fill(ADMIN)
    await page.get_by_label("パスワード").fill(PASSWORD)
    await page.get_by_role("button", name="サインイン").click()
    await page.wait_for_function("document.cookie.includes('kondan_session=')", timeout=30_000)


async def typist(
    page: Page, number: int, count: int, interval: float, sent: dict[str, float]
) -> None:
    box = page.get_by_label("付箋の内容")
    for index in range(count):
        text = f"計測{number}-{index}"
        await box.fill(text)
        sent[text] = time.time() * 1000
        await box.press("Enter")
        await page.wait_for_function(
            "() => !document.querySelector('.kd-entry-text').value", timeout=30_000
        )
        await asyncio.sleep(interval)


async def run(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kondan-live-"))
    database = fresh_database("postgresql" if args.postgres else "sqlite", folder, "kondan_live")
    workshop_id, groups, categories = seed_workshop(database, tables=8, title="計測懇談会")
    with database.write() as session:
        for group in groups:
            for index in range(args.notes):
                boards.add_note(
                    session=session,
                    group_id=group.id,
                    text=f"{group.name}の意見{index}：買い物や見守りのこと",
                    category_id=categories[index % len(categories)].id,
                )
    _, save_tables, save_categories = seed_workshop(database, tables=2, title="保存計測")
    with database.write() as session:
        for index in range(400):
            boards.add_note(
                session=session,
                group_id=save_tables[1].id,
                text=f"既存の付箋{index}：買い物と見守り",
                category_id=save_categories[index % len(save_categories)].id,
            )
    url_of_database = database.url
    database.dispose()
    process, url = start_app(folder, url_of_database)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM)
            board_context = await browser.new_context(viewport={"width": 1920, "height": 1080})
            board = await board_context.new_page()
            await sign_in(board, url)
            started = time.monotonic()
            await board.goto(f"{url}/board?workshop={workshop_id}")
            await board.locator(".kd-card").first.wait_for(timeout=60_000)
            board_load = time.monotonic() - started
            await board.evaluate(WATCH)
            phones = []
            phone_loads = []
            for group in groups:
                context = await browser.new_context(
                    viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
                )
                page = await context.new_page()
                started = time.monotonic()
                await page.goto(f"{url}/group?code={group.join_code}")
                await page.get_by_label("付箋の内容").wait_for(timeout=60_000)
                phone_loads.append(time.monotonic() - started)
                phones.append(page)
            await asyncio.sleep(3)
            cpu, wall = cpu_seconds(process.pid), time.monotonic()
            await asyncio.sleep(10)
            idle_cpu = (cpu_seconds(process.pid) - cpu) / (time.monotonic() - wall)

            sent: dict[str, float] = {}
            cpu, wall = cpu_seconds(process.pid), time.monotonic()
            await asyncio.gather(
                *(
                    typist(phones[i], i, args.per_typist, args.interval, sent)
                    for i in range(args.typists)
                )
            )
            await asyncio.sleep(3)
            busy_cpu = (cpu_seconds(process.pid) - cpu) / (time.monotonic() - wall)
            seen: dict[str, float] = await board.evaluate("window.__seen")
            saves = {}
            for label, table in (("empty", save_tables[0]), ("400 notes", save_tables[1])):
                context = await browser.new_context(
                    viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
                )
                page = await context.new_page()
                await page.goto(f"{url}/group?code={table.join_code}")
                await page.get_by_label("付箋の内容").wait_for(timeout=60_000)
                saves[label] = await save_times(page)
                await context.close()
            await browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    latencies = sorted((seen[text] - at) / 1000 for text, at in sent.items() if text in seen)
    missing = len(sent) - len(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"live board, {backend}: 8 tables × {args.notes} notes, 9 pages open, "
        f"{args.typists} phones typing every {args.interval:.1f} s ({len(sent)} notes)"
    )
    print(
        f"  phone → board latency: min {latencies[0]:.2f} s, "
        f"median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
        f"max {latencies[-1]:.2f} s; not seen: {missing}"
    )
    print(f"  app CPU: idle {idle_cpu * 100:.0f}% of a core, typing {busy_cpu * 100:.0f}%")
    print(
        f"  note save on a phone (Enter → saved and redrawn), median: empty table "
        f"{saves['empty']:.0f} ms, 400-note table {saves['400 notes']:.0f} ms"
    )
    print(
        f"  page loads: board {board_load:.1f} s, phones median "
        f"{statistics.median(phone_loads):.1f} s, max {max(phone_loads):.1f} s"
    )


async def save_times(page: Page, count: int = 15) -> float:
    """Median ms from Enter to the box cleared (the note saved and the table
    drawn again) on one phone."""
    box = page.get_by_label("付箋の内容")
    times = []
    for index in range(count):
        await box.fill(f"保存{index}")
        started = time.monotonic()
        await box.press("Enter")
        await page.wait_for_function(
            "() => !document.querySelector('.kd-entry-text').value", timeout=30_000
        )
        times.append((time.monotonic() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=60, help="notes per table before typing")
    parser.add_argument("--typists", type=int, default=3, help="phones that type")
    parser.add_argument("--per-typist", type=int, default=20, help="notes each typist types")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between notes")
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
