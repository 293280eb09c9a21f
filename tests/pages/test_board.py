"""The facilitator's board, run through the router with AppTest."""

from __future__ import annotations

from facilitation.workshops import boards
from facilitation.workshops.setup import get_workshop, set_plenary_group
from tests.pages.helpers import board_data, texts

BOARD = "app_pages/board.py"


def test_board_shows_every_table_with_notes_and_summaries(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    assert not at.exception
    data = board_data(at)
    assert data["mode"] == "board" and data["editable"]
    assert [t["name"] for t in data["tables"]] == ["Aテーブル", "Bテーブル", "Cテーブル"]
    notes = [n["text"] for t in data["tables"] for n in t["notes"]]
    assert "スーパーが閉店して買い物が大変" in notes
    assert "買い物・移動の困難" in [i["label"] for t in data["tables"] for i in t["islands"]]
    assert "移動販売と乗り合いの買い物ツアーを試したい" in data["tables"][0]["summary"]["text"]
    assert data["timer"]["phase"] == "開会・趣旨説明"


def test_a_new_note_appears_on_the_next_refresh(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    with app_database.write() as session:
        boards.add_note(session=session, group_id=demo["groups"][2].id, text="<b>いま書いた</b>")
    at.run()
    notes = [n["text"] for n in board_data(at)["tables"][2]["notes"]]
    assert "<b>いま書いた</b>" in notes  # as text: the component sets textContent


def test_timer_start_and_next_phase(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    at.button(key="timer-start").click().run()
    at.button(key="timer-next").click().run()
    with app_database.read() as session:
        workshop = get_workshop(session=session, workshop_id=demo["workshop_id"])
    assert workshop.timer_running and workshop.timer_phase_index == 1
    assert board_data(at)["timer"]["phase"] == "自己紹介"
    assert board_data(at)["timer"]["running"]


def test_lock_every_board(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]))
    at.button(key="lock-all").click().run()
    with app_database.read() as session:
        board = boards.load_board(session=session, workshop_id=demo["workshop_id"])
    assert all(g.group.locked for g in board.groups)
    assert all(t["locked"] for t in board_data(at)["tables"])


def test_the_projector_shows_the_spotlit_table(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    second = demo["groups"][1]
    at = open_page(BOARD, workshop=str(demo["workshop_id"]), view="present")
    assert board_data(at)["mode"] == "present" and board_data(at)["focus"] is None
    assert not board_data(at)["editable"]
    assert not at.main.button  # the projector has no controls (the sidebar is hidden)
    with app_database.write() as session:
        set_plenary_group(session=session, workshop_id=demo["workshop_id"], group_id=second.id)
    at.run()
    assert board_data(at)["focus"] == second.id


def test_unknown_workshop_is_a_message(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD, workshop="9999")
    assert "懇談会が見つかりません。" in texts(at)


def test_without_an_id_it_offers_a_choice(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(BOARD)
    assert at.selectbox[0].label == "懇談会を選んでください"
