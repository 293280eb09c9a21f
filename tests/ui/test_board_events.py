"""The sticky board's events, carried out through the domain on SQLite and
PostgreSQL: what each one changes, what it refuses, and that the board's
revision moves with every change the live pages must show."""

from __future__ import annotations

from typing import Any

import pytest

from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.errors import BoardLocked, InvalidInput, NotFound, StaleEdit
from facilitation.policy.access import Forbidden, TableCode
from facilitation.workshops import boards, timer
from facilitation.workshops.setup import get_workshop, renew_join_code, set_boards_locked
from tests.factories import Made, make_workshop
from ui.board_events import Outcome, apply_event


def run(database: Database, made: Made, event: dict[str, Any], actor: object = None) -> Outcome:
    with database.write(actor=actor) as session:
        return apply_event(
            session,
            {"id": "e1", **event},
            workshop_id=made.workshop.id,
            group_ids={g.id for g in made.groups},
        )


def board(database: Database, group_id: int) -> boards.GroupBoardRead:
    with database.read() as session:
        return boards.load_group_board(session=session, group_id=group_id)


def revision(database: Database, made: Made) -> str:
    with database.read() as session:
        return boards.board_revision(session=session, workshop_id=made.workshop.id)


def add(database: Database, made: Made, text: str, token: str) -> None:
    run(database, made, {"op": "add", "group": made.groups[0].id, "text": text, "token": token})


def test_add_is_idempotent_per_token_and_keeps_html_as_text(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    event = {"op": "add", "group": group, "text": "<b>太字</b>", "token": "t-1"}
    assert run(database, made, {**event, "category": made.categories[1].id}).key == "group.added"
    run(database, made, {**event, "category": made.categories[1].id})  # a double submit
    notes = board(database, group).notes
    assert [(n.text, n.category_id) for n in notes] == [("<b>太字</b>", made.categories[1].id)]


def test_several_notes_move_in_one_step_into_a_new_island(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    for number in range(3):
        add(database, made, f"付箋{number}", f"t{number}")
    notes = board(database, group).notes
    picked = [[n.id, n.version] for n in notes[:2]]
    outcome = run(
        database,
        made,
        {"op": "move", "group": group, "notes": picked, "island": "new", "label": "買い物"},
    )
    assert outcome == Outcome("sb.moved", {"count": 2})
    after = board(database, group)
    assert [c.label for c in after.clusters] == ["買い物"]
    assert [n.text for n in after.notes_in(after.clusters[0].id)] == ["付箋0", "付箋1"]
    assert [n.text for n in after.notes_in(None)] == ["付箋2"]


def test_a_stale_note_in_a_multi_move_moves_none(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    add(database, made, "一", "t1")
    add(database, made, "二", "t2")
    notes = board(database, group).notes
    run(
        database,
        made,
        {
            "op": "edit",
            "group": group,
            "note": notes[1].id,
            "version": notes[1].version,
            "text": "二（直した）",
            "category": None,
        },
    )
    with database.write() as session:
        island = boards.create_cluster(session=session, group_id=group, label="島")
    with pytest.raises(StaleEdit):
        run(
            database,
            made,
            {
                "op": "move",
                "group": group,
                "island": island.id,
                "notes": [[n.id, n.version] for n in notes],
            },
        )
    assert all(n.cluster_id is None for n in board(database, group).notes)


def test_islands_rename_merge_and_dissolve(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    add(database, made, "一", "t1")
    add(database, made, "二", "t2")
    notes = board(database, group).notes
    with database.write() as session:
        first = boards.create_cluster(
            session=session, group_id=group, label="A", note_ids=(notes[0].id,)
        )
        second = boards.create_cluster(
            session=session, group_id=group, label="B", note_ids=(notes[1].id,)
        )
        boards.vote_cluster(session=session, group_id=group, cluster_id=first.id, delta=3)
        boards.vote_cluster(session=session, group_id=group, cluster_id=second.id, delta=2)
    run(
        database,
        made,
        {
            "op": "rename",
            "group": group,
            "island": first.id,
            "version": first.version,
            "label": "買い物",
        },
    )
    with pytest.raises(StaleEdit):  # the rename moved its version on
        run(
            database,
            made,
            {
                "op": "merge",
                "group": group,
                "island": first.id,
                "version": first.version,
                "into": second.id,
            },
        )
    renamed = board(database, group).clusters[0]
    assert (
        run(
            database,
            made,
            {
                "op": "merge",
                "group": group,
                "island": renamed.id,
                "version": renamed.version,
                "into": second.id,
            },
        ).key
        == "sb.merged"
    )
    merged = board(database, group)
    assert [(c.label, c.votes) for c in merged.clusters] == [("B", 5)]
    assert {n.cluster_id for n in merged.notes} == {second.id}
    target = merged.clusters[0]
    run(
        database,
        made,
        {"op": "dissolve", "group": group, "island": target.id, "version": target.version},
    )
    dissolved = board(database, group)
    assert dissolved.clusters == [] and len(dissolved.notes_in(None)) == 2


def test_votes_delete_and_summary(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    add(database, made, "一", "t1")
    note = board(database, group).notes[0]
    run(
        database,
        made,
        {"op": "vote", "group": group, "kind": "note", "target": note.id, "delta": 1},
    )
    assert board(database, group).notes[0].votes == 1
    with pytest.raises(InvalidInput):
        run(
            database,
            made,
            {"op": "vote", "group": group, "kind": "note", "target": note.id, "delta": 5},
        )
    run(database, made, {"op": "summary", "group": group, "text": "まとめ", "version": 0})
    with pytest.raises(StaleEdit):
        run(database, made, {"op": "summary", "group": group, "text": "別の", "version": 0})
    run(database, made, {"op": "delete", "group": group, "notes": [[note.id, note.version]]})
    after = board(database, group)
    assert after.notes == [] and after.summary is not None and after.summary.text == "まとめ"


@pytest.mark.parametrize(
    "event",
    [
        {"op": "explode", "group": 1},
        {"op": "add", "group": "1", "text": "x", "token": "t"},
        {"op": "add", "group": 1, "text": 5, "token": "t"},
        {"op": "add", "group": 1, "text": "x", "token": "t" * 65},
        {"op": "move", "group": 1, "notes": "1,2", "island": None},
        {"op": "move", "group": 1, "notes": [[1]], "island": None},
        {"op": "move", "group": 1, "notes": [[True, 1]], "island": None},
        {"op": "edit", "group": 1, "note": 10**30, "version": 1, "text": "x", "category": None},
    ],
)
def test_malformed_events_are_refused(database: Database, event: dict[str, Any]) -> None:
    made = make_workshop(database)
    event = {**event, "group": made.groups[0].id if event["group"] == 1 else event["group"]}
    with pytest.raises(InvalidInput) as caught:
        run(database, made, event)
    assert caught.value.key == "error.bad_event"


def test_a_table_code_writes_only_its_own_table_and_cannot_spotlight(database: Database) -> None:
    made = make_workshop(database)
    mine, other = made.groups
    code = TableCode(group_id=mine.id, workshop_id=made.workshop.id, join_code=mine.join_code)
    with database.write(actor=code) as session:
        apply_event(
            session,
            {"op": "add", "group": mine.id, "text": "自分の卓", "token": "a"},
            workshop_id=made.workshop.id,
            group_ids={mine.id},
        )
    with pytest.raises(InvalidInput), database.write(actor=code) as session:
        apply_event(
            session,
            {"op": "add", "group": other.id, "text": "よその卓", "token": "b"},
            workshop_id=made.workshop.id,
            group_ids={mine.id},
        )
    with pytest.raises(Forbidden), database.write(actor=code) as session:
        apply_event(
            session,
            {"op": "spotlight", "group": mine.id},
            workshop_id=made.workshop.id,
            group_ids={mine.id},
        )
    with database.write() as session:
        renew_join_code(session=session, group_id=mine.id)
    with pytest.raises(Forbidden), database.write(actor=code) as session:  # renewed: no more
        apply_event(
            session,
            {"op": "add", "group": mine.id, "text": "古いコード", "token": "c"},
            workshop_id=made.workshop.id,
            group_ids={mine.id},
        )
    assert [n.text for n in board(database, mine.id).notes] == ["自分の卓"]


def test_locked_table_refuses_events(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        set_boards_locked(session=session, workshop_id=made.workshop.id, locked=True)
    with pytest.raises(BoardLocked):
        add(database, made, "締切後", "t")


def test_spotlight_sets_what_the_projector_shows(database: Database) -> None:
    made = make_workshop(database)
    run(database, made, {"op": "spotlight", "group": made.groups[1].id})
    with database.read() as session:
        assert get_workshop(session=session, workshop_id=made.workshop.id).plenary_group_id == (
            made.groups[1].id
        )
    run(database, made, {"op": "spotlight", "group": None})
    with database.read() as session:
        assert get_workshop(session=session, workshop_id=made.workshop.id).plenary_group_id is None


def test_one_note_can_be_put_in_the_spotlight_and_taken_out(database: Database) -> None:
    made = make_workshop(database)
    add(database, made, "大きく映す", "t1")
    note = board(database, made.groups[0].id).notes[0]
    before = revision(database, made)
    assert run(database, made, {"op": "spotlight_note", "note": note.id}).key == (
        "sb.note_spotlight_on"
    )
    assert revision(database, made) != before
    with database.read() as session:
        assert get_workshop(session=session, workshop_id=made.workshop.id).spotlight_note_id == (
            note.id
        )
    other = make_workshop(database, title="別の懇談会")
    with pytest.raises(NotFound):  # a note of another workshop
        run(database, other, {"op": "spotlight_note", "note": note.id})
    code = TableCode(
        group_id=made.groups[0].id, workshop_id=made.workshop.id, join_code=made.groups[0].join_code
    )
    with pytest.raises(Forbidden):  # a table's leader does not run the projector
        run(database, made, {"op": "spotlight_note", "note": None}, actor=code)
    run(database, made, {"op": "spotlight_note", "note": None})
    with database.read() as session:
        assert get_workshop(session=session, workshop_id=made.workshop.id).spotlight_note_id is None


def test_the_revision_moves_with_every_change_and_only_then(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0].id
    seen = {revision(database, made)}
    assert revision(database, made) in seen  # nothing changed: same revision

    def changed() -> None:
        now = revision(database, made)
        assert now not in seen
        seen.add(now)

    add(database, made, "一", "t1")
    changed()
    note = board(database, group).notes[0]
    run(
        database,
        made,
        {"op": "vote", "group": group, "kind": "note", "target": note.id, "delta": 1},
    )
    changed()
    run(
        database,
        made,
        {
            "op": "move",
            "group": group,
            "notes": [[note.id, note.version]],
            "island": "new",
            "label": "島",
        },
    )
    changed()
    island = board(database, group).clusters[0]
    run(
        database,
        made,
        {"op": "vote", "group": group, "kind": "island", "target": island.id, "delta": 1},
    )
    changed()
    run(database, made, {"op": "summary", "group": group, "text": "まとめ", "version": 0})
    changed()
    with database.write() as session:
        set_boards_locked(
            session=session, workshop_id=made.workshop.id, locked=True, group_id=group
        )
    changed()
    with database.write() as session:
        timer.start_timer(session=session, workshop_id=made.workshop.id)
    changed()
    with database.write() as session:
        timer.go_to_phase(session=session, workshop_id=made.workshop.id, phase_index=1)
    changed()
    run(database, made, {"op": "spotlight", "group": group})
    changed()
    with database.write() as session:
        set_boards_locked(session=session, workshop_id=made.workshop.id, locked=False)
    changed()
    fresh = board(database, group).notes[0]
    run(database, made, {"op": "delete", "group": group, "notes": [[fresh.id, fresh.version]]})
    changed()


def test_an_action_item_is_made_from_a_note_island_or_summary_in_one_event(
    database: Database,
) -> None:
    """Issue 15, item 6: from the board, a proposed short title and the source linked."""
    made = make_workshop(database)
    group = made.groups[0].id
    add(database, made, "駅前のスーパーが閉店して、買い物に困る人が増えた。送迎があれば", "t1")
    add(database, made, "移動販売車を呼べないか", "t2")
    notes = board(database, group).notes
    run(
        database,
        made,
        {
            "op": "move",
            "group": group,
            "notes": [[notes[1].id, notes[1].version]],
            "island": "new",
            "label": "買い物の足",
        },
    )
    run(
        database,
        made,
        {
            "op": "summary",
            "group": group,
            "text": "買い物支援を立ち上げたい。まず見学から",
            "version": 0,
        },
    )
    island = board(database, group).clusters[0]
    summary = board(database, group).summary
    assert summary is not None

    made_titles = []
    for kind, target in (
        ("note", notes[0].id),
        ("cluster", island.id),
        ("group_summary", summary.id),
    ):
        outcome = run(
            database, made, {"op": "make_action", "group": group, "kind": kind, "target": target}
        )
        assert outcome.key == "sb.action_made"
        made_titles.append(outcome.params["title"])
    assert made_titles == [
        "駅前のスーパーが閉店して、買い物に困る人が増えた",
        "買い物の足",
        "買い物支援を立ち上げたい",
    ]
    with database.read() as session:
        items = actions.list_actions(session=session)
    by_title = {item.title: item for item in items}
    assert by_title["買い物の足"].source_kind == "cluster"
    assert by_title["買い物の足"].source_text == "買い物の足\n・移動販売車を呼べないか"
    assert by_title["駅前のスーパーが閉店して、買い物に困る人が増えた"].source_id == notes[0].id
    assert {item.stage for item in items} == {"proposed"}
    assert {item.workshop_id for item in items} == {made.workshop.id}


def test_an_action_item_event_is_refused_for_another_tables_note_and_for_a_join_code(
    database: Database,
) -> None:
    made = make_workshop(database)
    mine, other = made.groups[0], made.groups[1]
    with database.write() as session:
        theirs = boards.add_note(session=session, group_id=other.id, text="他の卓の付箋")
        own = boards.add_note(session=session, group_id=mine.id, text="自分の卓の付箋")
    with pytest.raises(InvalidInput):
        run(
            database,
            made,
            {"op": "make_action", "group": mine.id, "kind": "note", "target": theirs.id},
        )
    with pytest.raises(InvalidInput):
        run(
            database,
            made,
            {"op": "make_action", "group": mine.id, "kind": "segment", "target": own.id},
        )
    code = TableCode(group_id=mine.id, workshop_id=made.workshop.id, join_code=mine.join_code)
    with pytest.raises(Forbidden):
        run(
            database,
            made,
            {"op": "make_action", "group": mine.id, "kind": "note", "target": own.id},
            actor=code,
        )
    with database.read() as session:
        assert actions.list_actions(session=session) == []
