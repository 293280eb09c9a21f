"""Documents are built when their button is clicked, not when their page is
drawn: the downloads arrive whole, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import RunningApp, staff_page

pytestmark = pytest.mark.e2e


def test_minutes_and_newsletter_download_on_click(
    app: RunningApp, browser: Browser, tmp_path: Path
) -> None:
    demo = app.demo()
    page = staff_page(browser, app)
    page.goto(f"{app.url}/minutes?workshop={demo['workshop_id']}")
    button = page.get_by_role("button", name="議事録（Word）")
    expect(button).to_be_visible(timeout=30_000)

    with page.expect_download(timeout=60_000) as minutes_download:
        button.click()
    minutes = tmp_path / "minutes.docx"
    minutes_download.value.save_as(minutes)
    text = "\n".join(p.text for p in Document(str(minutes)).paragraphs)
    assert "サンプル住民懇談会" in text and "4. グループワークの記録" in text

    # The かわら版 is always masked: it waits for the masking review.
    page.get_by_text("マスキングを確認する").click()
    page.get_by_text("マスキングを確認しました").click()
    with page.expect_download(timeout=60_000) as newsletter_download:
        page.get_by_role("button", name="かわら版（Word・住民向け）").click()
    newsletter = tmp_path / "kawaraban.docx"
    newsletter_download.value.save_as(newsletter)
    assert "こんな声が出ました" in "\n".join(p.text for p in Document(str(newsletter)).paragraphs)
    page.context.close()
