"""Similar ideas from elsewhere, on SQLite and PostgreSQL: alike items and
other workshops' islands, never one's own workshop, never what the reader
may not see."""

from __future__ import annotations

from facilitation import accounts, actions
from facilitation.core.db import Database
from facilitation.islands.embedding import E5Embedder
from facilitation.islands.similar import similar_ideas
from facilitation.workshops import boards
from facilitation.workshops.setup import assign_facilitator
from tests.factories import make_workshop

EMBEDDER = E5Embedder()


def island(database: Database, group_id: int, label: str, *texts: str) -> None:
    with database.write() as session:
        ids = tuple(boards.add_note(session=session, group_id=group_id, text=t).id for t in texts)
        boards.create_cluster(session=session, group_id=group_id, label=label, note_ids=ids)


def test_alike_items_and_other_workshops_islands_are_found(database: Database) -> None:
    here = make_workshop(database, title="春の懇談会")
    there = make_workshop(database, title="秋の懇談会")
    island(database, here.groups[0].id, "買い物", "移動販売車に来てほしい")
    island(database, there.groups[0].id, "買い物支援", "移動販売を呼べないか", "買い物ツアー")
    island(database, there.groups[1].id, "防災", "避難訓練に若い人が来ない")
    with database.write() as session:
        mine = actions.create_action(
            session=session,
            data=actions.ActionInput(title="移動販売の誘致", district="さくら地区"),
            workshop_id=here.workshop.id,
        )
        other = actions.create_action(
            session=session,
            data=actions.ActionInput(title="移動販売車の巡回", district="ひまわり地区"),
        )
        actions.create_action(
            session=session,
            data=actions.ActionInput(title="防災マップづくり", district="さくら地区"),
        )
    with database.read() as session:
        found = similar_ideas(
            session=session,
            text=mine.title,
            embedder=EMBEDDER,
            not_action=mine.id,
            not_workshop=here.workshop.id,
        )
    assert [a.id for a, _ in found.actions] == [other.id]
    assert [(i.workshop_title, i.label) for i in found.islands] == [("秋の懇談会", "買い物支援")]
    assert found.islands[0].notes == ("移動販売を呼べないか", "買い物ツアー")

    # A facilitator of the spring workshop only sees what is theirs.
    with database.write() as session:
        facilitator = accounts.create_user(
            session=session, username="fac-sim", password="long-enough-pw", role="facilitator"
        )
        assign_facilitator(session=session, workshop_id=here.workshop.id, user_id=facilitator.id)
    with database.read(actor=facilitator.as_staff()) as session:
        theirs = similar_ideas(
            session=session, text=mine.title, embedder=EMBEDDER, not_action=mine.id
        )
    assert theirs.islands and {i.workshop_title for i in theirs.islands} == {"春の懇談会"}
    assert theirs.actions == []  # the other item belongs to no workshop of theirs
    with database.read() as session:
        assert similar_ideas(session=session, text="  ", embedder=EMBEDDER).islands == []
