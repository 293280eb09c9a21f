"""A Japanese page shows no English of Streamlit's own: no form hint under the
note box, no toolbar menu, no running indicator (issue 10, item 6)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import RunningApp, open_upload, staff_page

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


# Words a Japanese page may show in Latin letters: the language switch, key and
# file-format names, and the document kinds named on buttons.
ALLOWED = {"English", "Enter", "Word", "PDF", "PNG", "CSV", "XLSX", "Whisper", "base", "MB"}
# Text a person can see: icons are drawn from ligatures ("upload", "flag")
# and CSS shrinks replaced English to nothing, so neither counts.
VISIBLE_TEXT = """() => {
  const skip = 'NOSCRIPT,STYLE,SCRIPT';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip.includes(parent.tagName)) continue;
    if (parent.closest('[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]')) continue;
    const style = getComputedStyle(parent);
    if (!parent.checkVisibility() || parseFloat(style.fontSize) === 0) continue;
    parts.push(node.textContent);
  }
  return parts.join(' ');
}"""


# The page's Japanese CSS (app.py) redraws the skip link; wait until it holds.
CSS_APPLIED = """() => {
  const link = document.querySelector('[data-testid="stSkipToContent"]');
  return !link || getComputedStyle(link).fontSize === '0px';
}"""


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED


def test_the_board_the_projector_and_the_recordings_page_show_no_english(
    app: RunningApp, browser: Browser
) -> None:
    demo = app.demo()
    page = staff_page(browser, app, 1920, 1080)
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(page.locator(".kd-card").first).to_be_visible(timeout=30_000)
    assert latin_words(page.evaluate(VISIBLE_TEXT)) == set(), page.evaluate(VISIBLE_TEXT)[:3000]
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}&view=present")
    expect(page.locator(".kd-card").first).to_be_visible(timeout=30_000)
    assert latin_words(page.evaluate(VISIBLE_TEXT)) == set(), page.evaluate(VISIBLE_TEXT)[:3000]
    page.goto(f"{app.url}/recordings")
    open_upload(page)
    shown = latin_words(page.evaluate(VISIBLE_TEXT))
    # The skip link is drawn by CSS (::after) and is invisible until focused.
    assert not shown & {"Upload", "Drag", "drop", "Limit", "per", "file", "Skip"}, shown
    page.context.close()


def test_the_masking_review_and_the_account_page_show_no_english(
    app: RunningApp, browser: Browser
) -> None:
    demo = app.demo()
    page = staff_page(browser, app, 390, 844)
    page.goto(f"{app.url}/minutes?workshop={demo['workshop_id']}")
    page.get_by_text("個人名・電話番号・メール・住所を○○で伏せる").click()
    expect(page.get_by_text("マスキングを確認しました")).to_be_visible(timeout=60_000)
    page.wait_for_function(CSS_APPLIED, timeout=15_000)
    assert latin_words(page.evaluate(VISIBLE_TEXT)) == set(), page.evaluate(VISIBLE_TEXT)[:3000]
    page.goto(f"{app.url}/account")
    expect(page.get_by_text("パスワードの変更")).to_be_visible(timeout=30_000)
    page.wait_for_function(CSS_APPLIED, timeout=15_000)
    # The user name is the account's own, not the interface's.
    assert latin_words(page.evaluate(VISIBLE_TEXT)) - {"admin"} == set()
    page.context.close()
