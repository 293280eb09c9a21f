"""The name finder's answers kept per text hash (no text stored), reused by
every process; the worker's warmer answers new texts ahead of exports."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import select

from facilitation.core.db import Database
from facilitation.documents.people import NameWarmer, StoredFinder, text_hash
from facilitation.models import NameSpan
from facilitation.workshops import boards
from tests.factories import make_transcript, make_workshop


class Counting:
    """A stand-in finder that says every text's first two characters are a name."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        self.asked += list(texts)
        return [[(0, 2)] for _ in texts]


def test_answers_are_stored_by_hash_and_reused(database: Database) -> None:
    inner = Counting()
    first = StoredFinder(database, inner)
    assert first.find(["田中さんが来た", "佐藤さん", "田中さんが来た"]) == [[(0, 2)]] * 3
    assert inner.asked == ["田中さんが来た", "佐藤さん"]  # each text once
    other = StoredFinder(database, Counting())  # another process, the same database
    assert other.find(["佐藤さん", "鈴木さん"]) == [[(0, 2)], [(0, 2)]]
    assert other.inner.asked == ["鈴木さん"]  # type: ignore[attr-defined]
    with database.read() as session:
        rows = [(r.text_hash, r.spans) for r in session.exec(select(NameSpan))]
    assert {h for h, _ in rows} == {
        text_hash(t) for t in ("田中さんが来た", "佐藤さん", "鈴木さん")
    }
    assert all(spans == [[0, 2]] for _, spans in rows)  # hashes and offsets: no text kept


def test_the_warmer_answers_new_texts_once(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="向かいの田中さん")
    make_transcript(database, [(0, 1, "小島さんに電話")], workshop_id=made.workshop.id)
    inner = Counting()
    warmer = NameWarmer(StoredFinder(database, inner), batch=100)
    assert warmer.tick(database) >= 2
    assert {"向かいの田中さん", "小島さんに電話"} <= set(inner.asked)
    asked = len(inner.asked)
    assert warmer.tick(database) == 0 and len(inner.asked) == asked  # nothing new
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="新しい付箋")
    warmer.tick(database)
    assert inner.asked[asked:] == ["新しい付箋"]
