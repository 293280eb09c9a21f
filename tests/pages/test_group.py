"""The group leader's page, run through the router with AppTest."""

from __future__ import annotations

from facilitation.core.db import Database
from facilitation.islands.board import table_suggestions
from facilitation.islands.embedding import default_embedder
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


def test_a_leader_asks_for_islands_and_accepts_one_in_a_tap(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: suggestions for the unsorted notes; nothing moves until a tap."""
    group = demo["groups"][2]
    with app_database.write() as session:
        for text in (
            "避難所の場所を知らない人が多い",
            "大雨のとき川があふれないか心配",
            "防災訓練に若い人が来ない",
            "子ども食堂を公民館で開きたい",
            "放課後に子どもがひとりで過ごしている",
            "宿題を見てあげる学習支援",
            "バスが一時間に一本で通院が大変",
            "免許を返納して出かけられない",
        ):
            boards.add_note(session=session, group_id=group.id, text=text)
    at = open_page(GROUP, as_user=None, code=group.join_code)
    next(b for b in at.button if b.label == "島を提案してもらう").click().run()
    accepts = [b for b in at.button if b.label.startswith("採用する")]
    assert accepts, texts(at)
    with app_database.read() as session:
        unsorted = boards.load_group_board(session=session, group_id=group.id).notes_in(None)
    assert len(unsorted) >= 8  # asking moved nothing
    with app_database.read() as session:
        found = table_suggestions(session=session, group_id=group.id, embedder=default_embedder())
    index = next(i for i, f in enumerate(found) if f.island_id is None and len(f.notes) > 1)
    key = f"islands-{group.id}"
    first, *kept = found[index].notes
    at.text_input(key=f"{key}-label-{first.id}").input("わたしたちの島").run()
    # A note that does not belong is unticked: the island takes the others.
    at.checkbox(key=f"{key}-note-{first.id}-{first.id}").uncheck().run()
    accept = at.button(key=f"{key}-accept-{index}-{first.id}")
    assert accept.label == f"採用する（{len(kept)}枚）"
    accept.click().run()
    assert "島「わたしたちの島」にまとめました。" in texts(at)
    with app_database.read() as session:
        board = boards.load_group_board(session=session, group_id=group.id)
    island = next(c for c in board.clusters if c.label == "わたしたちの島")
    assert {n.id for n in board.notes_in(island.id)} == {n.id for n in kept}
    assert first.id in {n.id for n in board.notes_in(None)}
    assert len(board.notes_in(None)) == len(unsorted) - len(kept)
    # The accepted suggestion is gone; the others wait for their own tap.
    remaining = [b for b in at.button if b.label.startswith("採用する")]
    assert len(remaining) == len(found) - 1
    # The next new island keeps its own suggested label (a key by place in
    # the list once gave it the label of the island accepted before it).
    second = next(f for f in found if f is not found[index] and f.island_id is None)
    place = found.index(second) - (found.index(second) > index)
    at.button(key=f"{key}-accept-{place}-{second.notes[0].id}").click().run()
    with app_database.read() as session:
        board = boards.load_group_board(session=session, group_id=group.id)
    made = next(c for c in board.clusters if c.label == second.label)
    assert {n.id for n in board.notes_in(made.id)} == {n.id for n in second.notes}
    # Every note unticked: nothing to accept, said so, nothing moves.
    other = next(f for f in found if f not in (found[index], second))
    for note in other.notes:
        at.checkbox(key=f"{key}-note-{other.notes[0].id}-{note.id}").uncheck().run()
    next(
        b
        for b in at.button
        if b.key and b.key.endswith(f"-{other.notes[0].id}") and "accept" in b.key
    ).click().run()
    assert "この島に入れる付箋にチェックを入れてください。" in texts(at)
    with app_database.read() as session:
        after = boards.load_group_board(session=session, group_id=group.id)
    assert len(after.notes_in(None)) == len(unsorted) - len(kept) - len(second.notes)


def test_a_topics_file_that_cannot_be_read_is_said_on_the_leaders_page(  # type: ignore[no-untyped-def]
    open_page, demo, app_database, tmp_path, monkeypatch
) -> None:
    from facilitation.core.settings import get_settings

    group = demo["groups"][2]
    with app_database.write() as session:
        for text in ("避難所の場所を知らない人が多い", "防災訓練に若い人が来ない"):
            boards.add_note(session=session, group_id=group.id, text=text)
    monkeypatch.setenv("KONDAN_ISLAND_TOPICS", str(tmp_path / "なし.txt"))
    get_settings.cache_clear()
    try:
        at = open_page(GROUP, as_user=None, code=group.join_code)
        next(b for b in at.button if b.label == "島を提案してもらう").click().run()
        # Said once, where the islands were asked for; the board is drawn all the same.
        assert texts(at).count("島の提案に使うテーマのファイルを読めません") == 1, texts(at)
        assert board_data(at)["tables"], "the board is drawn"
        assert not [b for b in at.button if b.label.startswith("採用する")]
    finally:
        monkeypatch.delenv("KONDAN_ISLAND_TOPICS")
        get_settings.cache_clear()
