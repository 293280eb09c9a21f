"""Documents are built when their button is clicked, not when their page is
drawn: the downloads arrive whole, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, expect

from facilitation.core.db import Database
from facilitation.workshops import boards
from tests.e2e.conftest import RunningApp, staff_page
from tests.factories import make_transcript

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
    assert "サンプル住民懇談会" in text and "第4　グループワークの記録" in text

    # The かわら版 is always masked: it waits for the masking review.
    page.get_by_text("マスキングを確認する").click()
    page.get_by_text("マスキングを確認しました").click()
    with page.expect_download(timeout=60_000) as newsletter_download:
        page.get_by_role("button", name="かわら版（Word・住民向け）").click()
    newsletter = tmp_path / "kawaraban.docx"
    newsletter_download.value.save_as(newsletter)
    assert "こんな声が出ました" in "\n".join(p.text for p in Document(str(newsletter)).paragraphs)
    page.context.close()


def test_a_masked_minutes_after_the_review_names_no_resident(
    app: RunningApp, browser: Browser, tmp_path: Path
) -> None:
    """Issue 11, done when: notes and a transcript name residents nobody
    registered; after the review the masked 議事録 shows none of them."""
    demo = app.demo()
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    with database.write() as session:
        board = boards.load_board(session=session, workshop_id=demo["workshop_id"])
        boards.add_note(
            session=session,
            group_id=board.groups[0].group.id,
            text="向かいの田中さんが最近ひとりで買い物に行けない",
        )
        boards.add_note(
            session=session, group_id=board.groups[1].group.id, text="山田屋さんと小島さんが相談役"
        )
    make_transcript(
        database,
        [(0, 3, "吉村さんのお宅は東町1-2-3で、電話は090-2345-6789です")],
        title="全体会",
        workshop_id=demo["workshop_id"],
    )
    database.dispose()

    page = staff_page(browser, app)
    page.goto(f"{app.url}/minutes?workshop={demo['workshop_id']}")
    page.get_by_text("文字起こしを付録に付ける").click()
    expect(page.get_by_text("付ける録音", exact=False)).to_be_visible(timeout=15_000)
    page.get_by_text("個人名・電話番号・メール・住所を○○で伏せる").click()
    expect(page.get_by_text("マスキングの確認")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("向かいの", exact=False).first).to_be_visible(timeout=60_000)
    # A staff member also masks a word by hand, to see the choice reach the document.
    page.get_by_label("必ずマスクする語（読点「、」区切り）").fill("相談役")
    page.get_by_role("button", name="選んだ内容を保存").click()
    expect(page.get_by_text("マスキングの選択を保存しました。")).to_be_visible(timeout=15_000)
    page.get_by_text("マスキングを確認しました").click()
    button = page.get_by_role("button", name="議事録（Word）")
    expect(button).to_have_count(1, timeout=15_000)  # the rerun's old one gone
    expect(button).to_be_enabled(timeout=15_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = tmp_path / "masked.docx"
    download.value.save_as(path)
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for name in ("田中", "小島", "吉村", "東町1-2-3", "090-2345-6789", "相談役"):
        assert name not in text, name
    assert "山田屋" in text and "向かいの○○さん" in text
    page.context.close()
