"""The transcript's own page in Chromium: playback follows the text, a click
on a time plays from there, corrections save as you type, a concurrent edit
is refused with both texts, speakers are named turn by turn, search ignores
width and kana type, find and replace goes through a preview, a segment
becomes an action item. On a desk screen and on a phone."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitation.core.db import Database
from tests.e2e.conftest import RunningApp, staff_page
from tests.e2e.test_japanese_only import VISIBLE_TEXT, latin_words
from tests.factories import make_transcript
from tests.transcripts.audio_files import FIXTURES

pytestmark = pytest.mark.e2e


def seeded(app: RunningApp, title: str) -> int:
    """The meeting fixture as a transcript (one sentence a turn), its audio kept."""
    references = json.loads((FIXTURES / "references.json").read_text(encoding="utf-8"))
    meeting = references["meeting"]
    sentences = [s + "。" for s in meeting["text"].split("。") if s]
    rows = [
        (turn["start"], turn["end"], text)
        for turn, text in zip(meeting["turns"], sentences, strict=True)
    ]
    rows[3] = (rows[3][0], rows[3][1], rows[3][2].replace("サロン", "さろん"))
    stored = f"e2e-{uuid.uuid4().hex}.flac"
    folder = app.data_dir / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "meeting.flac", folder / stored)
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    workshop_id = app.demo()["workshop_id"]
    recording_id, _ = make_transcript(
        database, rows, title=title, stored_name=stored, workshop_id=workshop_id
    )
    database.dispose()
    return recording_id


def open_transcript(page: Page, app: RunningApp, recording_id: int) -> None:
    page.goto(f"{app.url}/transcript?recording={recording_id}")
    expect(page.locator(".kd-seg")).to_have_count(5, timeout=30_000)


def segment(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.locator(".kd-seg").filter(has_text=text)


def test_playback_follows_the_text_and_edits_save_as_you_type(
    app: RunningApp, browser: Browser
) -> None:
    recording_id = seeded(app, "再生と修正の録音")
    page = staff_page(browser, app, 1920, 1080)
    open_transcript(page, app, recording_id)
    # Japanese only (the keyboard hint names its keys as they are printed).
    shown = latin_words(page.evaluate(VISIBLE_TEXT)) - {"Enter", "Ctrl", "Space"}
    assert shown == set(), shown
    # A click on a time plays from there, and the played segment is marked.
    page.get_by_role("button", name="00:10から再生").click()
    playing = page.locator(".kd-seg.kd-now")
    expect(playing).to_contain_text("見守り活動", timeout=10_000)
    expect(page.get_by_role("button", name="‖ 一時停止")).to_be_visible()
    # The mark moves on with the audio (the next turn starts at 18 s).
    expect(playing).to_contain_text("参加者が減ってきた", timeout=20_000)
    page.get_by_role("button", name="‖ 一時停止").click()

    # Corrected in place: saved once typing pauses, with no button.
    text = page.get_by_role("textbox", name="00:05の発言")
    text.click()
    page.keyboard.press("End")
    page.keyboard.type("（聞き取り）")
    expect(segment(page, "（聞き取り）").get_by_text("✓ 保存しました")).to_be_visible(
        timeout=10_000
    )
    page.reload()
    expect(page.get_by_role("textbox", name="00:05の発言")).to_contain_text(
        "聞かれます。（聞き取り）", timeout=30_000
    )
    page.close()


def test_a_concurrent_edit_is_refused_with_both_texts(app: RunningApp, browser: Browser) -> None:
    recording_id = seeded(app, "同時編集の録音")
    first = staff_page(browser, app, 1400, 1000)
    second = staff_page(browser, app, 1400, 1000)
    open_transcript(first, app, recording_id)
    open_transcript(second, app, recording_id)
    # The first starts correcting; meanwhile the second saves the same segment.
    mine = first.get_by_role("textbox", name="00:00の発言")
    mine.click()
    second.get_by_role("textbox", name="00:00の発言").click()
    second.keyboard.press("End")
    second.keyboard.type("（Bの修正）")
    second.keyboard.press("Enter")  # saves, and moves on to the next segment
    expect(segment(second, "（Bの修正）").get_by_text("✓ 保存しました")).to_be_visible(
        timeout=10_000
    )
    first.keyboard.press("End")
    first.keyboard.type("（Aの修正）")
    mine.blur()
    # The first is refused, and both texts stay on its screen.
    conflict = first.locator(".kd-conflict:visible")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict.locator(".kd-theirs")).to_contain_text("（Bの修正）")
    expect(conflict.locator(".kd-mine")).to_contain_text("（Aの修正）")
    expect(conflict.locator(".kd-mine")).not_to_contain_text("（Bの修正）")
    expect(mine).to_contain_text("（Aの修正）")
    # Choosing one's own text saves it over the other, knowingly.
    conflict.get_by_role("button", name="自分の文で保存する").click()
    expect(first.locator(".kd-seg").first.get_by_text("✓ 保存しました")).to_be_visible(
        timeout=10_000
    )
    # The second tab shows it on its own within a refresh or two.
    expect(second.get_by_role("textbox", name="00:00の発言")).to_contain_text(
        "（Aの修正）", timeout=10_000
    )
    first.close()
    second.close()


def test_search_replace_speakers_and_an_action_item_on_a_phone(
    app: RunningApp, browser: Browser
) -> None:
    recording_id = seeded(app, "スマホで直す録音")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    context.add_cookies(staff_page(browser, app).context.cookies())
    page = context.new_page()
    open_transcript(page, app, recording_id)
    assert latin_words(page.evaluate(VISIBLE_TEXT)) == set()

    # Search ignores kana type: サロン finds さろん, and says how many.
    page.get_by_label("文字起こしを検索").fill("サロン")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1件見つかりました（1つの発言）")).to_be_visible(timeout=15_000)
    expect(page.locator(".kd-seg.kd-hit")).to_have_count(1)
    expect(page.locator(".kd-seg.kd-hit")).to_contain_text("さろんの参加者")

    # Find and replace: a preview first, then one tap.
    page.get_by_text("置換（まとめて直す）").click()
    page.get_by_label("置き換える語").fill("サロン")
    page.get_by_role("button", name="変わる発言を確かめる").click()
    expect(page.get_by_text("1件の発言が次のように変わります。")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="1件を置き換える").click()
    expect(page.get_by_text("1件の発言を置き換えました。")).to_be_visible(timeout=15_000)
    expect(segment(page, "サロンの参加者が減ってきた")).to_have_count(1, timeout=15_000)

    # Speakers, turn by turn: the first from here on, then the second onwards.
    page.locator(".kd-speaker").first.tap()
    page.get_by_text("この発言から後すべて").tap()
    page.get_by_placeholder("新しい名前").fill("司会")
    page.get_by_role("button", name="決定").tap()
    expect(page.get_by_text("5件の発言の話者を「司会」にしました。")).to_be_visible(timeout=10_000)
    page.locator(".kd-speaker").nth(1).tap()
    page.get_by_placeholder("新しい名前").fill("住民A")
    page.get_by_role("button", name="決定").tap()  # the scope chosen last time stays
    expect(page.locator(".kd-speaker")).to_have_text(
        ["司会", "住民A", "住民A", "住民A", "住民A"], timeout=10_000
    )

    # An action item from a segment: two taps.
    segment(page, "買い物に行くのが大変").locator(".kd-more").tap()
    page.get_by_role("menuitem", name="取組（アクション）にする").tap()
    expect(
        page.get_by_text(
            "取組「買い物に行くのが大変だという高齢者の声が多く聞かれます」をつくりました",
            exact=False,
        )
    ).to_be_visible(timeout=10_000)
    page.screenshot(path=str(app.data_dir / "transcript-phone.png"))
    context.close()
