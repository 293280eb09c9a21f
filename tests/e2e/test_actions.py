"""From an island on the facilitator's board to an action item launched,
reviewed, and due on the home page, in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RunningApp, staff_page

pytestmark = pytest.mark.e2e


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing it, as a keyboard user would."""
    box = page.get_by_label(label)
    expect(box).to_be_visible(timeout=15_000)
    box.click()
    box.fill(option[:5])  # the start narrows the list; the option is then clicked by name
    page.get_by_role("option", name=option, exact=True).first.click()
    expect(page.get_by_label(label)).to_have_value(option, timeout=10_000)


def test_an_island_and_a_note_become_action_items_in_two_taps(
    app: RunningApp, browser: Browser
) -> None:
    """Issue 15, item 6: open the table, tap 「取組にする」 on an island (or
    select a note and tap it): the item exists with a short title and its source."""
    demo = app.demo()
    page = staff_page(browser, app, 1920, 1080)
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    page.locator(".kd-card", has_text="Bテーブル").click()
    island = page.locator(".kd-island", has_text="新しい呼びかけ")
    island.get_by_role("button", name="取組にする").click()
    expect(page.locator(".kd-toast")).to_contain_text(
        "取組「新しい呼びかけ」をつくりました", timeout=10_000
    )
    note = page.locator(".kd-note").first
    text = note.locator(".kd-note-text").inner_text()
    note.click()
    page.locator(".kd-actionbar").get_by_role("button", name="取組にする").click()
    expect(page.locator(".kd-toast")).to_contain_text("をつくりました", timeout=10_000)

    page.goto(f"{app.url}/actions")
    expect(page.get_by_text("新しい呼びかけ").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text(text.split("。")[0][:12]).first).to_be_visible()


def test_island_to_action_through_launch_and_review(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    page = staff_page(browser, app, 1400, 1600)
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(page.get_by_text("スーパーが閉店して買い物が大変")).to_be_visible(timeout=30_000)

    page.get_by_role("link", name="取組の画面へ").click()
    # Its title and date, and its number when another workshop has the same ones.
    chosen = re.compile(rf"^サンプル住民懇談会（[0-9-]+）(（No\.{demo['workshop_id']}）)?$")
    expect(page.get_by_label("もとになったもの")).to_have_value(chosen, timeout=20_000)
    choose(page, "選ぶ", "Bテーブル：新しい呼びかけ")
    page.get_by_role("button", name="取組をつくる").click()

    expect(page.get_by_role("heading", name="新しい呼びかけ")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("現在の段階: 検討中")).to_be_visible()
    page.get_by_role("button", name="→ 立上げ準備").click()
    expect(page.get_by_text("現在の段階: 立上げ準備")).to_be_visible(timeout=10_000)
    page.get_by_role("button", name="→ 実施中").click()
    expect(page.get_by_text("現在の段階: 実施中")).to_be_visible(timeout=10_000)

    page.get_by_role("tab", name="ふりかえり").click()
    # The review form is keyed by the item's version: until the run after the
    # stage change ends, the old form may still be on the page beside the new.
    expect(page.get_by_label("成果")).to_have_count(1, timeout=10_000)
    page.get_by_label("成果").fill("囲碁の会に毎回6人")
    due = dt.date.today()
    month_end = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    review_day = min(due + dt.timedelta(days=2), month_end)
    # Streamlit's date field is typed segment by segment: year, month, day.
    page.get_by_label("year, 次回ふりかえり").last.click()
    page.keyboard.type(review_day.strftime("%Y%m%d"))
    page.get_by_role("button", name="ふりかえりを記録").click()
    expect(page.get_by_text("現在の段階: 継続")).to_be_visible(timeout=10_000)

    page.goto(f"{app.url}/")
    expect(page.get_by_text("今月ふりかえり予定の取組")).to_be_visible(timeout=30_000)
    due_link = page.get_by_role("link", name=f"新しい呼びかけ（{review_day.isoformat()}）")
    # Within two days: listed under this week and under this month.
    expect(due_link).to_have_count(2)
    expect(due_link.first).to_be_visible()
    page.close()
