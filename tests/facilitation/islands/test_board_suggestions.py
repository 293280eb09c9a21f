"""Suggestions on a stored board, on SQLite and PostgreSQL: what a table's
leader is offered, accepting one (all notes or none), who may, and themes
carried into the plenary notes."""

from __future__ import annotations

import pytest

from facilitation.core.db import Database
from facilitation.core.errors import BoardLocked, StaleEdit
from facilitation.islands.board import (
    PLENARY_HEADING,
    accept_suggestion,
    add_themes_to_plenary,
    table_suggestions,
    workshop_themes,
)
from facilitation.islands.embedding import E5Embedder
from facilitation.policy.access import Forbidden, TableCode
from facilitation.workshops import boards
from facilitation.workshops.setup import get_workshop, set_boards_locked
from tests.factories import make_workshop

EMBEDDER = E5Embedder()


def add(database: Database, group_id: int, *texts: str) -> None:
    with database.write() as session:
        for text in texts:
            boards.add_note(session=session, group_id=group_id, text=text)


def test_a_leader_gets_islands_for_unsorted_notes_and_accepts_one(database: Database) -> None:
    made = make_workshop(database)
    table = made.groups[0]
    add(
        database,
        table.id,
        "バスが一時間に一本で通院が大変",
        "免許を返納して出かけられない",
        "乗り合いで病院に行ける仕組みがほしい",
        "避難所の場所を知らない人が多い",
        "大雨のとき川があふれないか心配",
        "防災訓練に若い人が来ない",
        "子ども食堂を公民館で開きたい",
        "放課後に子どもがひとりで過ごしている",
        "宿題を見てあげる学習支援",
        "回覧板が回ってくるのが遅い",
        "LINEで行事のお知らせを流す",
    )
    code = TableCode(group_id=table.id, workshop_id=made.workshop.id, join_code=table.join_code)
    with database.read(actor=code) as session:
        found = table_suggestions(session=session, group_id=table.id, embedder=EMBEDDER)
    by_label = {s.label: {n.text for n in s.notes} for s in found}
    assert by_label.get("防災") == {
        "避難所の場所を知らない人が多い",
        "大雨のとき川があふれないか心配",
        "防災訓練に若い人が来ない",
    }
    with database.read() as session:
        unmoved = boards.load_group_board(session=session, group_id=table.id).notes
    assert {n.cluster_id for n in unmoved} == {None}  # nothing moved by suggesting

    disaster = next(s for s in found if s.label == "防災")
    with database.write(actor=code) as session:
        island = accept_suggestion(
            session=session,
            group_id=table.id,
            notes=[(n.id, n.version) for n in disaster.notes],
            label="防災・避難",
        )
    assert island is not None and island.label == "防災・避難"
    with database.read() as session:
        board = boards.load_group_board(session=session, group_id=table.id)
    assert {n.text for n in board.notes_in(island.id)} == by_label["防災"]

    # A new note close to the island is suggested into it.
    add(database, table.id, "ハザードマップを見ながら避難経路を歩く")
    with database.read(actor=code) as session:
        again = table_suggestions(session=session, group_id=table.id, embedder=EMBEDDER)
    into = [s for s in again if s.island_id == island.id]
    assert [n.text for s in into for n in s.notes] == ["ハザードマップを見ながら避難経路を歩く"]
    assert into[0].island_label == "防災・避難"


def test_a_stale_or_locked_or_foreign_accept_moves_nothing(database: Database) -> None:
    made = make_workshop(database)
    mine, other = made.groups[0], made.groups[1]
    add(database, mine.id, "子ども食堂を開く", "学習支援をする")
    with database.read() as session:
        notes = boards.load_group_board(session=session, group_id=mine.id).notes
    seen = [(n.id, n.version) for n in notes]
    with database.write() as session:  # someone edits one note meanwhile
        boards.update_note(
            session=session,
            group_id=mine.id,
            note_id=notes[0].id,
            expected_version=notes[0].version,
            text="子ども食堂を月一回開く",
            category_id=None,
        )
    with pytest.raises(StaleEdit), database.write() as session:
        accept_suggestion(session=session, group_id=mine.id, notes=seen, label="子ども")
    theirs = TableCode(group_id=other.id, workshop_id=made.workshop.id, join_code=other.join_code)
    with pytest.raises(Forbidden), database.write(actor=theirs) as session:
        accept_suggestion(session=session, group_id=mine.id, notes=seen[1:], label="子ども")
    with database.write() as session:
        set_boards_locked(session=session, workshop_id=made.workshop.id, locked=True)
    with pytest.raises(BoardLocked), database.write() as session:
        accept_suggestion(session=session, group_id=mine.id, notes=seen[1:], label="子ども")
    with database.read() as session:
        board = boards.load_group_board(session=session, group_id=mine.id)
    assert board.clusters == [] and {n.cluster_id for n in board.notes} == {None}


def test_shared_themes_go_into_the_plenary_notes(database: Database) -> None:
    made = make_workshop(database, tables=3)
    a, b, c = made.groups
    add(database, a.id, "スーパーが遠くて買い物が大変", "子どもの遊び場がない")
    add(database, b.id, "近所の店が閉まって食料品が買えない", "役員のなり手がいない")
    add(database, c.id, "移動販売の車に来てもらう")
    with database.read() as session:
        themes, _ = workshop_themes(
            session=session, workshop_id=made.workshop.id, embedder=EMBEDDER
        )
        version = get_workshop(session=session, workshop_id=made.workshop.id).version
    shopping = next(t for t in themes if t.label == "買い物")
    assert {"Aテーブル", "Bテーブル"} <= set(shopping.tables)
    with database.write() as session:
        add_themes_to_plenary(
            session=session,
            workshop_id=made.workshop.id,
            expected_version=version,
            themes=[shopping],
        )
    with database.read() as session:
        notes = get_workshop(session=session, workshop_id=made.workshop.id).plenary_notes
    assert notes.startswith(PLENARY_HEADING)
    assert f"・買い物（{'、'.join(shopping.tables)}）" in notes
    with pytest.raises(StaleEdit), database.write() as session:
        add_themes_to_plenary(
            session=session,
            workshop_id=made.workshop.id,
            expected_version=version,
            themes=[shopping],
        )
