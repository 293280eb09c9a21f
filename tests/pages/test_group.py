"""The group leader's page, run through the router with AppTest."""

from __future__ import annotations

from facilitation.core.db import Database
from facilitation.workshops import boards
from facilitation.workshops.setup import set_boards_locked
from tests.pages.helpers import board_data, by_label, texts

GROUP = "app_pages/group.py"


def notes_of(database: Database, group_id: int) -> list[str]:
    with database.read() as session:
        return [n.text for n in boards.load_group_board(session=session, group_id=group_id).notes]


def test_without_a_code_it_asks_for_one(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(GROUP, as_user=None)
    assert by_label(at.text_input, "参加コードを入力してください")
    assert not at.exception


def test_a_wrong_code_gets_a_clear_message(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(GROUP, as_user=None, code="ZZZZ-ZZZZ")
    assert "参加コードが見つかりません" in at.error[0].value
    assert "サンプル住民懇談会" not in texts(at)


def test_typed_code_opens_the_table(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(GROUP, as_user=None)
    code = demo["groups"][1].join_code
    by_label(at.text_input, "参加コードを入力してください").input(f"{code[:4].lower()}-{code[4:]}")
    at.button[0].click().run()
    assert at.query_params["code"] == [code] or at.query_params["code"] == code
    assert "Bテーブル" in at.subheader[0].value


def test_pasted_lines_become_notes(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][2]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    by_label(at.text_area, "1行に1枚。空行は無視します。").input("・紙の付箋1\n\n・紙の付箋2\n")
    at.button(key="FormSubmitter:paste_notes-まとめて追加").click().run()
    assert "2枚の付箋を追加しました。" in texts(at)
    assert {"紙の付箋1", "紙の付箋2"} <= set(notes_of(app_database, group.id))


def test_the_board_component_gets_the_table_as_data(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    with app_database.write() as session:
        boards.add_note(session=session, group_id=group.id, text="<b>そのまま</b>")
    at = open_page(GROUP, as_user=None, code=group.join_code)
    data = board_data(at)
    assert data["mode"] == "group" and data["editable"] and data["focus"] == group.id
    (table,) = data["tables"]  # only its own table, never the others
    assert table["name"] == "Aテーブル" and not table["locked"]
    assert "<b>そのまま</b>" in [note["text"] for note in table["notes"]]
    assert [c["name"] for c in data["categories"]] == ["困りごと", "地域の強み", "アイデア"]
    assert data["timer"]["phase"] == "開会・趣旨説明"
    assert data["text"]["add"] == "追加"


def test_a_locked_table_is_locked_in_the_data(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    with app_database.write() as session:
        set_boards_locked(session=session, workshop_id=demo["workshop_id"], locked=True)
    at = open_page(GROUP, as_user=None, code=group.join_code)
    assert board_data(at)["tables"][0]["locked"]


def test_english_labels(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(GROUP, as_user=None, code=demo["groups"][0].join_code)
    at.session_state["language"] = "en"
    at.run()
    assert board_data(at)["text"]["add"] == "Add"
