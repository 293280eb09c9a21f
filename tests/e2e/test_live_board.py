"""The sticky board in Chromium: phones (390×844, touch) at a table, the
facilitator's laptop and the projector, all live without a reload."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.workshops import boards
from facilitation.workshops.setup import group_for_code, renew_join_code, set_boards_locked
from tests.e2e.conftest import RunningApp, staff_page
from tests.factories import make_workshop

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def app_database(app: RunningApp) -> Iterator[Database]:
    """The running app's own database, to change it behind the pages' backs."""
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    upgrade(database)  # the app migrates on its first page; a test may write before that
    yield database
    database.dispose()


@pytest.fixture
def browser(browser: Browser) -> Iterator[Browser]:
    """The session's browser; every context a test opens is closed after it,
    pass or fail, so no page keeps polling into the next test."""
    before = set(browser.contexts)
    yield browser
    for context in set(browser.contexts) - before:
        context.close()


def phone(browser: Browser, app: RunningApp, code: str) -> Page:
    context = browser.new_context(**PHONE, locale="ja-JP")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{app.url}/group?code={code}")
    expect(page.get_by_label("付箋の内容")).to_be_visible(timeout=30_000)
    return page


def group_id_of(database: Database, code: str) -> int:
    with database.read() as session:
        return group_for_code(session=session, code=code).id


def note_box(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_label("付箋の内容")


def test_notes_from_two_tables_appear_on_the_board_at_once(
    app: RunningApp, browser: Browser
) -> None:
    demo = app.demo()
    dialogs: list[str] = []
    board = staff_page(browser, app, 1600, 1000)
    board.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    board.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(board.get_by_text("スーパーが閉店して買い物が大変")).to_be_visible(timeout=30_000)
    # A deep link still runs through the router (app.py), not a page script alone.
    expect(board.get_by_test_id("stSidebarNav")).to_contain_text("ファシリテーター画面")

    leader_a = phone(browser, app, demo["groups"][0]["code"])
    leader_b = phone(browser, app, demo["groups"][1]["code"])
    for page in (leader_a, leader_b):
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    note_box(leader_a).fill("Aから：商店街でお茶会")
    note_box(leader_b).fill(XSS)
    sent = time.monotonic()
    note_box(leader_a).press("Enter")
    note_box(leader_b).press("Enter")
    expect(leader_b.locator(".kd-toast")).to_contain_text("付箋を追加しました。")
    expect(board.get_by_text("Aから：商店街でお茶会")).to_be_visible(timeout=3_000)
    expect(board.get_by_text(XSS)).to_be_visible(timeout=3_000)
    assert time.monotonic() - sent < 3.0

    # Text, never markup, on the board and at the table.
    assert board.locator(".kd-sb img").count() == 0
    expect(leader_b.locator(".kd-note", has_text=XSS)).to_be_visible()
    assert dialogs == []

    # Notes typed in a row: each box clears once saved, nothing doubles.
    for index in range(3):
        note_box(leader_a).fill(f"連続入力{index}")
        note_box(leader_a).press("Enter")
        expect(note_box(leader_a)).to_have_value("", timeout=5_000)
    for index in range(3):
        expect(board.get_by_text(f"連続入力{index}", exact=True)).to_have_count(1, timeout=3_000)


def test_a_phone_moves_several_notes_in_one_step(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    page = phone(browser, app, demo["groups"][0]["code"])
    for text in ("見守り１", "見守り２", "見守り３"):
        note_box(page).fill(text)
        note_box(page).press("Enter")
        expect(note_box(page)).to_have_value("", timeout=5_000)
    for text in ("見守り１", "見守り２"):
        page.locator(".kd-note", has_text=text).tap()
    expect(page.locator(".kd-actionbar")).to_contain_text("2枚を選択中")
    page.locator(".kd-actionbar").get_by_label("新しい島の名前").fill("見守りの輪")
    page.locator(".kd-actionbar").get_by_role("button", name="新しい島へ").tap()
    island = page.locator(".kd-island", has=page.locator(".kd-island-label", has_text="見守りの輪"))
    expect(island.locator(".kd-note")).to_have_count(2, timeout=5_000)
    expect(page.locator(".kd-toast")).to_contain_text("2枚を移しました。")
    expect(page.locator(".kd-unsorted .kd-note", has_text="見守り３")).to_be_visible()


def test_a_note_dragged_to_an_island_far_below_gets_there(
    app: RunningApp, browser: Browser, app_database: Database
) -> None:
    demo = app.demo()
    group_id = group_id_of(app_database, demo["groups"][0]["code"])
    with app_database.write() as session:
        for number in range(90):
            boards.add_note(session=session, group_id=group_id, text=f"未分類の付箋{number}")
    page = phone(browser, app, demo["groups"][0]["code"])
    source = page.locator(".kd-note", has_text="スーパーが閉店して買い物が大変")
    target = page.locator(".kd-unsorted .kd-notes")
    source.evaluate("note => note.scrollIntoView({block: 'center'})")  # clear of the timer bar
    box = source.bounding_box()
    assert box is not None
    target_box = target.bounding_box()
    # The drop point, the end of the unsorted notes, is screens away.
    assert target_box is not None and target_box["y"] + target_box["height"] - box["y"] > 2 * 844
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 30, box["y"] + 40, steps=5)
    # Hold the note at the bottom edge: the page scrolls under it.
    for _ in range(60):
        page.mouse.move(195, 830, steps=2)
        page.wait_for_timeout(50)
        found = target.bounding_box()
        if found and found["y"] + found["height"] < 780:
            break
    found = target.bounding_box()
    assert found is not None and found["y"] + found["height"] < 844, (
        "the page did not scroll while dragging"
    )
    # Out of the scrolling edge, then onto the last unsorted note.
    page.mouse.move(195, 420, steps=4)
    page.wait_for_timeout(200)
    last = page.locator(".kd-unsorted .kd-note").last.bounding_box()
    assert last is not None
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] * 0.7, steps=8)
    page.wait_for_timeout(200)
    page.mouse.up()
    expect(
        page.locator(".kd-unsorted .kd-note", has_text="スーパーが閉店して買い物が大変")
    ).to_be_visible(timeout=5_000)
    expect(page.locator(".kd-toast")).to_contain_text("1枚を移しました。", timeout=5_000)
    with app_database.read() as session:
        notes = boards.load_group_board(session=session, group_id=group_id).notes
    moved = next(n for n in notes if n.text == "スーパーが閉店して買い物が大変")
    assert moved.cluster_id is None


def test_lock_unlock_and_a_co_leaders_note_reach_the_phone_without_a_reload(
    app: RunningApp, browser: Browser, app_database: Database
) -> None:
    demo = app.demo()
    code = demo["groups"][1]["code"]
    group_id = group_id_of(app_database, code)
    mine, co_leader = phone(browser, app, code), phone(browser, app, code)
    note_box(mine).fill("締切の前に書きかけ")

    with app_database.write() as session:
        set_boards_locked(session=session, workshop_id=demo["workshop_id"], locked=True)
    expect(mine.locator(".kd-banner")).to_contain_text("締め切られました", timeout=2_000)
    note_box(mine).press("Enter")
    expect(mine.locator(".kd-entry .kd-error")).to_contain_text("締め切られました")
    expect(note_box(mine)).to_have_value("締切の前に書きかけ")  # nothing lost

    with app_database.write() as session:
        set_boards_locked(session=session, workshop_id=demo["workshop_id"], locked=False)
    expect(mine.locator(".kd-banner")).to_be_hidden(timeout=2_000)
    note_box(mine).press("Enter")
    expect(note_box(mine)).to_have_value("", timeout=5_000)
    expect(co_leader.locator(".kd-note", has_text="締切の前に書きかけ")).to_be_visible(
        timeout=2_000
    )

    # A refused edit (someone changed the note meanwhile) keeps the typed text.
    note = co_leader.locator(".kd-note", has_text="締切の前に書きかけ")
    note.tap()
    co_leader.locator(".kd-actionbar").get_by_role("button", name="書き直す").tap()
    editor = co_leader.locator(".kd-edit-text")
    editor.fill("共同のまとめ役が直した文")
    with app_database.write() as session:
        saved = next(
            n
            for n in boards.load_group_board(session=session, group_id=group_id).notes
            if n.text == "締切の前に書きかけ"
        )
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=saved.id,
            expected_version=saved.version,
            text="先に直された文",
            category_id=saved.category_id,
        )
    expect(co_leader.locator(".kd-editor")).to_contain_text("他の人が変更しました", timeout=2_000)
    editor.press("Enter")
    expect(co_leader.locator(".kd-editor .kd-error").last).to_contain_text("他の人")
    expect(co_leader.locator(".kd-edit-text")).to_have_value("共同のまとめ役が直した文")


def test_a_renewed_code_says_so_at_once_and_keeps_the_typed_text(
    app: RunningApp, browser: Browser, app_database: Database
) -> None:
    demo = app.demo()
    code = demo["groups"][2]["code"]
    page = phone(browser, app, code)
    note_box(page).fill("コードが変わる前に書きかけ")
    with app_database.write() as session:
        renew_join_code(session=session, group_id=group_id_of(app_database, code))
    expect(page.locator(".kd-banner")).to_contain_text("新しいコードに変わりました", timeout=2_000)
    expect(note_box(page)).to_have_value("コードが変わる前に書きかけ")
    assert page.locator(".kd-note").count() == 0  # no board for an old code


def test_the_projector_shows_eight_tables_and_the_spotlight(
    app: RunningApp, browser: Browser, app_database: Database
) -> None:
    made = make_workshop(app_database, tables=8, title="八卓の懇談会")
    with app_database.write() as session:
        for group in made.groups:
            for number in range(6):
                boards.add_note(
                    session=session, group_id=group.id, text=f"{group.name}の意見{number}"
                )
    laptop = staff_page(browser, app, 1920, 1080)
    projector = laptop.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{app.url}/board?workshop={made.workshop.id}&view=present")
    cards = projector.locator(".kd-card")
    expect(cards).to_have_count(8, timeout=30_000)
    for index in range(8):
        box = cards.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1920
        assert box["y"] >= 0 and box["y"] + box["height"] <= 1080, f"table {index} off screen"
    size = projector.locator(".kd-chip").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 24
    assert projector.get_by_test_id("stSidebar").is_hidden()

    laptop.goto(f"{app.url}/board?workshop={made.workshop.id}")
    laptop.locator(".kd-card", has_text="Cテーブル").click()
    # Opening a table on the laptop is a preview: the projector stays on all tables.
    expect(laptop.get_by_role("button", name="この卓を投影する")).to_be_visible()
    expect(projector.locator(".kd-card")).to_have_count(8)
    # The opened table stays open when the page is drawn afresh (a reload).
    laptop.reload()
    expect(laptop.get_by_role("button", name="この卓を投影する")).to_be_visible(timeout=30_000)
    laptop.get_by_role("button", name="この卓を投影する").click()
    expect(projector.locator(".kd-table-name")).to_have_text("Cテーブル", timeout=2_000)
    expect(projector.locator(".kd-note").first).to_be_visible()
    expect(laptop.locator(".kd-note", has_text="Cテーブルの意見3")).to_be_visible()
    # One note, large, over everything.
    laptop.locator(".kd-note", has_text="Cテーブルの意見3").click()
    laptop.get_by_role("button", name="この付箋を投影").click()
    focus = projector.locator(".kd-focus-text")
    expect(focus).to_have_text("Cテーブルの意見3", timeout=2_000)
    assert float(focus.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 48
    laptop.locator(".kd-note", has_text="Cテーブルの意見3").click()
    laptop.get_by_role("button", name="付箋の投影をやめる").click()
    expect(focus).to_be_hidden(timeout=2_000)


def test_a_wrong_code_gets_a_clear_message(app: RunningApp, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{app.url}/group?code=WXYZ-2345")
    expect(page.get_by_text("参加コードが見つかりません")).to_be_visible(timeout=30_000)
    page.get_by_label("参加コードを入力してください").fill(app.demo()["groups"][2]["code"].lower())
    page.get_by_role("button", name="開く").click()
    expect(page.get_by_label("付箋の内容")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Cテーブル").first).to_be_visible()
    page.close()
