"""Notes, clusters, votes and summaries on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from facilitation.core.db import Database
from facilitation.core.errors import BoardLocked, InvalidInput, NotFound, StaleEdit
from facilitation.core.limits import NOTE_MAX_CHARS
from facilitation.workshops import boards
from facilitation.workshops.setup import set_boards_locked, set_workshop_status
from tests.factories import make_workshop


def add(database: Database, group_id: int, text: str, **kwargs: object) -> boards.NoteRead:
    with database.write() as session:
        return boards.add_note(session=session, group_id=group_id, text=text, **kwargs)  # type: ignore[arg-type]


def board_of(database: Database, group_id: int) -> boards.GroupBoardRead:
    with database.read() as session:
        return boards.load_group_board(session=session, group_id=group_id)


def test_note_is_saved_and_read_back_exactly(database: Database) -> None:
    made = make_workshop(database)
    text = '買い物が大変👨‍👩‍👧 <b>太字</b> & "引用" 𠮷野家'
    note = add(database, made.groups[0].id, text, category_id=made.categories[0].id)
    assert note.text == text
    assert board_of(database, made.groups[0].id).notes[0].text == text


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  前後の空白  ", "前後の空白"),
        ("制御\x00文字\x07を\x1b除く", "制御文字を除く"),
        ("改行\r\nは残す", "改行\nは残す"),
        ("タブ\tは空白", "タブ は空白"),
        ("非文字\ufffeと\uffff", "非文字と"),
    ],
)
def test_note_text_is_cleaned(database: Database, raw: str, stored: str) -> None:
    made = make_workshop(database)
    assert add(database, made.groups[0].id, raw).text == stored


@pytest.mark.parametrize("raw", ["", "   ", "\n\t ", "\x00\x01"])
def test_empty_note_is_refused(database: Database, raw: str) -> None:
    made = make_workshop(database)
    with pytest.raises(InvalidInput) as caught:
        add(database, made.groups[0].id, raw)
    assert caught.value.key == "error.empty"
    assert board_of(database, made.groups[0].id).notes == []


def test_too_long_note_is_refused_with_the_limit(database: Database) -> None:
    made = make_workshop(database)
    with pytest.raises(InvalidInput) as caught:
        add(database, made.groups[0].id, "あ" * (NOTE_MAX_CHARS + 1))
    assert caught.value.params["limit"] == NOTE_MAX_CHARS
    assert add(database, made.groups[0].id, "あ" * NOTE_MAX_CHARS).text == "あ" * NOTE_MAX_CHARS


def test_second_submit_of_the_same_form_adds_no_duplicate(database: Database) -> None:
    made = make_workshop(database)
    first = add(database, made.groups[0].id, "一度だけ", client_token="form-1")
    again = add(database, made.groups[0].id, "一度だけ", client_token="form-1")
    other = add(database, made.groups[0].id, "一度だけ", client_token="form-2")
    assert again.id == first.id
    assert other.id != first.id
    assert len(board_of(database, made.groups[0].id).notes) == 2


def test_concurrent_submits_of_one_form_save_one_note(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    results: list[int] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        barrier.wait()
        results.append(add(database, group_id, "同時送信", client_token="same").id)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert len(board_of(database, group_id).notes) == 1


def test_stale_edit_is_refused_and_keeps_the_newer_text(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    note = add(database, group_id, "最初")
    with database.write() as session:
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=note.id,
            expected_version=note.version,
            text="Aさんの修正",
            category_id=None,
        )
    with pytest.raises(StaleEdit), database.write() as session:
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=note.id,
            expected_version=note.version,
            text="Bさんの古い修正",
            category_id=None,
        )
    assert board_of(database, group_id).notes[0].text == "Aさんの修正"


def test_stale_delete_is_refused(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    note = add(database, group_id, "消す前に直された")
    with database.write() as session:
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=note.id,
            expected_version=note.version,
            text="直した",
            category_id=None,
        )
    with pytest.raises(StaleEdit), database.write() as session:
        boards.delete_note(
            session=session, group_id=group_id, note_id=note.id, expected_version=note.version
        )
    assert len(board_of(database, group_id).notes) == 1


def test_one_table_cannot_touch_another_tables_notes(database: Database) -> None:
    made = make_workshop(database)
    table_a, table_b = made.groups[0].id, made.groups[1].id
    note = add(database, table_a, "Aの付箋")
    with pytest.raises(NotFound), database.write() as session:
        boards.update_note(
            session=session,
            group_id=table_b,
            note_id=note.id,
            expected_version=note.version,
            text="乗っ取り",
            category_id=None,
        )
    with pytest.raises(NotFound), database.write() as session:
        boards.delete_note(session=session, group_id=table_b, note_id=note.id, expected_version=1)
    with pytest.raises(NotFound), database.write() as session:
        boards.vote_note(session=session, group_id=table_b, note_id=note.id, delta=1)
    assert board_of(database, table_a).notes[0].text == "Aの付箋"


def test_category_of_another_workshop_is_refused(database: Database) -> None:
    made = make_workshop(database)
    other = make_workshop(database, title="別の懇談会")
    with pytest.raises(InvalidInput):
        add(database, made.groups[0].id, "分類違い", category_id=other.categories[0].id)


def test_locked_board_refuses_every_write(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    note = add(database, group_id, "締切前")
    with database.write() as session:
        set_boards_locked(
            session=session, workshop_id=made.workshop.id, locked=True, group_id=group_id
        )
    writes = [
        lambda s: boards.add_note(session=s, group_id=group_id, text="締切後"),
        lambda s: boards.update_note(
            session=s,
            group_id=group_id,
            note_id=note.id,
            expected_version=1,
            text="x",
            category_id=None,
        ),
        lambda s: boards.delete_note(
            session=s, group_id=group_id, note_id=note.id, expected_version=1
        ),
        lambda s: boards.vote_note(session=s, group_id=group_id, note_id=note.id, delta=1),
        lambda s: boards.create_cluster(session=s, group_id=group_id, label="島"),
        lambda s: boards.save_group_summary(
            session=s, group_id=group_id, text="x", expected_version=0
        ),
    ]
    for write in writes:
        with pytest.raises(BoardLocked), database.write() as session:
            write(session)
    # The other table is still open.
    add(database, made.groups[1].id, "Bは書ける")
    with database.write() as session:
        set_boards_locked(session=session, workshop_id=made.workshop.id, locked=False)
    add(database, group_id, "解除後")


def test_closed_workshop_refuses_writes(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        set_workshop_status(session=session, workshop_id=made.workshop.id, status="closed")
    with pytest.raises(BoardLocked):
        add(database, made.groups[0].id, "終了後")


def test_clusters_group_and_release_notes(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    n1, n2, n3 = (add(database, group_id, text) for text in ("買い物", "移動", "サロン"))
    with database.write() as session:
        cluster = boards.create_cluster(
            session=session, group_id=group_id, label="買い物・移動", note_ids=(n1.id, n2.id)
        )
    board = board_of(database, group_id)
    assert [n.text for n in board.notes_in(cluster.id)] == ["買い物", "移動"]
    assert [n.text for n in board.notes_in(None)] == ["サロン"]

    with database.write() as session:
        moved = boards.move_note(
            session=session,
            group_id=group_id,
            note_id=n3.id,
            expected_version=n3.version,
            cluster_id=cluster.id,
        )
    assert moved.cluster_id == cluster.id
    with database.write() as session:
        boards.rename_cluster(
            session=session,
            group_id=group_id,
            cluster_id=cluster.id,
            expected_version=cluster.version,
            label="暮らしの足",
        )
    with pytest.raises(StaleEdit), database.write() as session:
        boards.rename_cluster(
            session=session,
            group_id=group_id,
            cluster_id=cluster.id,
            expected_version=cluster.version,
            label="古い名前",
        )
    with database.write() as session:
        boards.delete_cluster(
            session=session,
            group_id=group_id,
            cluster_id=cluster.id,
            expected_version=cluster.version + 1,
        )
    board = board_of(database, group_id)
    assert board.clusters == []
    assert len(board.notes_in(None)) == 3


def test_move_into_another_tables_cluster_is_refused(database: Database) -> None:
    made = make_workshop(database)
    note = add(database, made.groups[0].id, "A")
    with database.write() as session:
        foreign = boards.create_cluster(session=session, group_id=made.groups[1].id, label="Bの島")
    with pytest.raises(NotFound), database.write() as session:
        boards.move_note(
            session=session,
            group_id=made.groups[0].id,
            note_id=note.id,
            expected_version=note.version,
            cluster_id=foreign.id,
        )


def test_votes_count_up_and_down_but_never_below_zero(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    note = add(database, group_id, "投票される")
    with database.write() as session:
        assert boards.vote_note(session=session, group_id=group_id, note_id=note.id, delta=3) == 3
        assert boards.vote_note(session=session, group_id=group_id, note_id=note.id, delta=-1) == 2
        assert boards.vote_note(session=session, group_id=group_id, note_id=note.id, delta=-5) == 2
        cluster = boards.create_cluster(session=session, group_id=group_id, label="島")
        assert (
            boards.vote_cluster(session=session, group_id=group_id, cluster_id=cluster.id, delta=1)
            == 1
        )
    # Votes do not make a note's edit stale.
    with database.write() as session:
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=note.id,
            expected_version=note.version,
            text="投票後の修正",
            category_id=None,
        )


def test_concurrent_votes_are_all_counted(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    note = add(database, group_id, "人気の付箋")

    def vote_ten_times() -> None:
        for _ in range(10):
            with database.write() as session:
                boards.vote_note(session=session, group_id=group_id, note_id=note.id, delta=1)

    threads = [threading.Thread(target=vote_ten_times) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert board_of(database, group_id).notes[0].votes == 40


def test_summary_versions(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    with database.write() as session:
        first = boards.save_group_summary(
            session=session, group_id=group_id, text="買い物支援を始めたい", expected_version=0
        )
    with pytest.raises(StaleEdit), database.write() as session:
        boards.save_group_summary(
            session=session, group_id=group_id, text="別の人", expected_version=0
        )
    with database.write() as session:
        second = boards.save_group_summary(
            session=session,
            group_id=group_id,
            text="移動販売を呼ぶ",
            expected_version=first.version,
        )
    assert second.version == first.version + 1
    assert board_of(database, group_id).summary.text == "移動販売を呼ぶ"  # type: ignore[union-attr]


def test_pasted_lines_become_notes_or_nothing(database: Database) -> None:
    made = make_workshop(database)
    group_id = made.groups[0].id
    with database.write() as session:
        notes = boards.add_pasted_notes(
            session=session,
            group_id=group_id,
            pasted="・買い物\n\n- 移動\r\n  サロン  \n",
            client_token="paste-1",
        )
    assert [n.text for n in notes] == ["買い物", "移動", "サロン"]
    with database.write() as session:
        again = boards.add_pasted_notes(
            session=session,
            group_id=group_id,
            pasted="・買い物\n\n- 移動\r\n  サロン  \n",
            client_token="paste-1",
        )
    assert [n.id for n in again] == [n.id for n in notes]
    with pytest.raises(InvalidInput) as caught, database.write() as session:
        boards.add_pasted_notes(
            session=session, group_id=group_id, pasted="よい行\n" + "長" * (NOTE_MAX_CHARS + 1)
        )
    assert caught.value.params["line"] == 2
    assert len(board_of(database, group_id).notes) == 3


def test_board_reads_every_table(database: Database) -> None:
    made = make_workshop(database, tables=3)
    for group in made.groups:
        for index in range(4):
            add(
                database,
                group.id,
                f"{group.name}の付箋{index}",
                category_id=made.categories[index % 3].id,
            )
    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=made.workshop.id)
    assert [len(g.notes) for g in board.groups] == [4, 4, 4]
    assert board.groups[0].counts_by_category()[made.categories[0].id] == 2
    assert board.phases[0].title == "開会・趣旨説明"
