"""The facilitator's board, run through the router with AppTest."""

from __future__ import annotations

from facilitation.workshops import boards
from facilitation.workshops.setup import get_workshop
from tests.pages.helpers import texts

BOARD = "app_pages/board.py"


def test_board_shows_every_table_with_notes_and_summaries(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    assert not at.exception
    shown = texts(at)
    for name in ("Aテーブル", "Bテーブル", "Cテーブル"):
        assert name in shown
    assert "スーパーが閉店して買い物が大変" in shown
    assert "買い物・移動の困難" in shown
    assert "移動販売と乗り合いの買い物ツアーを試したい" in shown
    assert "開会・趣旨説明" in shown  # the timer's current phase


def test_a_new_note_appears_on_the_next_refresh(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    with app_database.write() as session:
        boards.add_note(session=session, group_id=demo["groups"][2].id, text="<b>いま書いた</b>")
    at.run()
    shown = texts(at)
    assert "&lt;b&gt;いま書いた&lt;/b&gt;" in shown
    assert "<b>いま書いた</b>" not in shown


def test_timer_start_and_next_phase(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    at.button(key="timer-start").click().run()
    at.button(key="timer-next").click().run()
    with app_database.read() as session:
        workshop = get_workshop(session=session, workshop_id=demo["workshop_id"])
    assert workshop.timer_running and workshop.timer_phase_index == 1
    assert "自己紹介" in texts(at)


def test_lock_every_board(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    at.button(key="lock-all").click().run()
    with app_database.read() as session:
        board = boards.load_board(session=session, workshop_id=demo["workshop_id"])
    assert all(g.group.locked for g in board.groups)
    assert "締切中" in texts(at)


def test_plenary_shows_one_table_large(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    second = demo["groups"][1]
    at.segmented_control[0].set_value(second.id).run()
    with app_database.read() as session:
        assert (
            get_workshop(session=session, workshop_id=demo["workshop_id"]).plenary_group_id
            == second.id
        )
    shown = texts(at)
    assert "kd-plenary" in shown
    assert "参加者が減っている" in shown
    assert "スーパーが閉店して買い物が大変" not in shown  # another table's note


def test_unknown_workshop_is_a_message(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop="9999")
    assert "懇談会が見つかりません。" in texts(at)


def test_without_an_id_it_offers_a_choice(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD)
    assert at.selectbox[0].label == "懇談会を選んでください"
