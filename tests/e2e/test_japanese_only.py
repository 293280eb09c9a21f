"""A Japanese page shows no English of Streamlit's own: no form hint under the
note box, no toolbar menu, no running indicator (issue 10, item 6)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import RunningApp

pytestmark = pytest.mark.e2e


def test_the_group_page_on_a_phone_has_no_streamlit_english(
    app: RunningApp, browser: Browser
) -> None:
    demo = app.demo()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    page = context.new_page()
    page.goto(f"{app.url}/group?code={demo['groups'][0]['code']}")
    box = page.get_by_label("付箋の内容")
    expect(box).to_be_visible(timeout=30_000)
    box.click()
    box.fill("坂道が多い")
    shown = page.evaluate("document.body.innerText")
    for english in ("Press Enter", "Choose an option", "Running", "Stop"):
        assert english not in shown, english
    expect(page.get_by_test_id("stMainMenu")).to_be_hidden()
    context.close()
