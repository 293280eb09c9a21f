"""The group leader's page, run through the router with AppTest."""

from __future__ import annotations

from facilitation.core.db import Database
from facilitation.core.limits import NOTE_MAX_CHARS
from facilitation.workshops import boards
from facilitation.workshops.setup import set_boards_locked
from tests.pages.helpers import by_label, texts

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
    assert "Bテーブル" in at.header[0].value


def test_note_is_added_with_its_category(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    by_label(at.radio, "分類").set_value(demo["categories"][1].id)
    by_label(at.text_input, "付箋の内容").input("公園のベンチが憩いの場")
    at.button(key="FormSubmitter:add_note-追加").click().run()
    assert not at.exception
    assert "付箋を追加しました。" in texts(at)
    with app_database.read() as session:
        board = boards.load_group_board(session=session, group_id=group.id)
    added = [n for n in board.notes if n.text == "公園のベンチが憩いの場"]
    assert len(added) == 1 and added[0].category_id == demo["categories"][1].id
    # The text box is empty again, ready for the next note.
    assert by_label(at.text_input, "付箋の内容").value == ""


def test_refused_note_keeps_the_typed_text(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    before = notes_of(app_database, group.id)
    at = open_page(GROUP, as_user=None, code=group.join_code)
    long_text = "長" * (NOTE_MAX_CHARS + 5)
    by_label(at.text_input, "付箋の内容").input(long_text)
    at.button(key="FormSubmitter:add_note-追加").click().run()
    assert f"上限{NOTE_MAX_CHARS}文字" in texts(at)
    assert by_label(at.text_input, "付箋の内容").value == long_text
    assert notes_of(app_database, group.id) == before
    by_label(at.text_input, "付箋の内容").input("   ")
    at.button(key="FormSubmitter:add_note-追加").click().run()
    assert "付箋が空です。" in texts(at)
    assert notes_of(app_database, group.id) == before


def test_html_in_a_note_is_stored_and_shown_as_text(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    by_label(at.text_input, "付箋の内容").input("<img src=x onerror=alert(1)>")
    at.button(key="FormSubmitter:add_note-追加").click().run()
    assert "<img src=x onerror=alert(1)>" in notes_of(app_database, group.id)
    bodies = "\n".join(str(h.proto.body) for h in at.html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in bodies
    assert "<img src=x" not in bodies


def test_pasted_lines_become_notes(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][2]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    by_label(at.text_area, "1行に1枚。空行は無視します。").input("・紙の付箋1\n\n・紙の付箋2\n")
    at.button(key="FormSubmitter:paste_notes-まとめて追加").click().run()
    assert "2枚の付箋を追加しました。" in texts(at)
    assert {"紙の付箋1", "紙の付箋2"} <= set(notes_of(app_database, group.id))


def test_votes_and_moving_a_note_without_dragging(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    with app_database.read() as session:
        board = boards.load_group_board(session=session, group_id=group.id)
    note = board.notes[0]
    target = next(c for c in board.clusters if c.id != note.cluster_id)
    at = open_page(GROUP, as_user=None, code=group.join_code)
    at.button(key=f"note-{note.id}-plus").click().run()
    edit_form = f"edit-{note.id}-{note.version}"
    mover = next(s for s in at.selectbox if s.label == "移動先" and edit_form in str(s.form_id))
    mover.set_value(target.id)
    at.button(key=f"FormSubmitter:{edit_form}-保存").click().run()
    assert not at.exception
    with app_database.read() as session:
        after = next(
            n
            for n in boards.load_group_board(session=session, group_id=group.id).notes
            if n.id == note.id
        )
    assert after.votes == note.votes + 1
    assert after.cluster_id == target.id


def test_stale_edit_shows_a_message_and_keeps_the_text(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    with app_database.read() as session:
        note = boards.load_group_board(session=session, group_id=group.id).notes[0]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    with app_database.write() as session:  # someone else edits first
        boards.update_note(
            session=session,
            group_id=group.id,
            note_id=note.id,
            expected_version=note.version,
            text="先に直した",
            category_id=note.category_id,
        )
    edit_form = f"edit-{note.id}-{note.version}"
    editor = next(a for a in at.text_area if edit_form in str(a.form_id))
    editor.input("あとから直した")
    at.button(key=f"FormSubmitter:{edit_form}-保存").click().run()
    shown = texts(at)
    assert "ほかの人が先に変更しました" in shown
    assert any(code.value == "あとから直した" for code in at.code)
    assert "先に直した" in notes_of(app_database, group.id)


def test_locked_board_says_so_and_refuses_writes(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][0]
    with app_database.write() as session:
        set_boards_locked(session=session, workshop_id=demo["workshop_id"], locked=True)
    at = open_page(GROUP, as_user=None, code=group.join_code)
    assert "締め切りました" in at.warning[0].value
    assert by_label(at.text_input, "付箋の内容").disabled


def test_summary_is_saved(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    group = demo["groups"][1]
    at = open_page(GROUP, as_user=None, code=group.join_code)
    summary_box = next(a for a in at.text_area if a.form_id == "summary")
    summary_box.input("囲碁・将棋の会を来月試す")
    at.button(key="FormSubmitter:summary-まとめを保存").click().run()
    with app_database.read() as session:
        board = boards.load_group_board(session=session, group_id=group.id)
    assert board.summary is not None and board.summary.text == "囲碁・将棋の会を来月試す"


def test_english_labels(open_page, demo) -> None:  # type: ignore[no-untyped-def]
    at = open_page(GROUP, as_user=None, code=demo["groups"][0].join_code)
    at.session_state["language"] = "en"
    at.run()
    assert by_label(at.text_input, "Note")
