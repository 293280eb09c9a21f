"""The island gold sets and their scores: adjusted Rand index and pairwise
F1 of suggested islands against a person's grouping, and how often a new
note is suggested into the right existing island.

- ``island_set.txt``: the gold set the method was built on;
- ``island_holdout.txt``: tables held out while it was built, then used to
  choose its settings (the file says which, and when);
- ``island_unseen.txt``: tables written after everything was frozen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path

from facilitation.islands.embedding import Embedder
from facilitation.islands.suggest import NoteIn, suggest_islands

SET_FILE = Path(__file__).with_name("island_set.txt")
SETS = {
    "gold": SET_FILE,
    "held out": SET_FILE.with_name("island_holdout.txt"),
    "unseen": SET_FILE.with_name("island_unseen.txt"),
}


@dataclass(frozen=True)
class GoldTable:
    name: str
    notes: list[tuple[str, str, str]]  # category, gold island, text


def load_set(path: Path = SET_FILE) -> list[GoldTable]:
    tables: list[GoldTable] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            tables.append(GoldTable(name=line[3:], notes=[]))
        elif line.strip() and not line.startswith("#"):
            category, island, text = line.split("|")
            tables[-1].notes.append((category, island, text))
    return tables


def adjusted_rand(gold: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    pairs = sum(comb(n, 2) for n in Counter(zip(gold, found, strict=True)).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold).values())
    found_pairs = sum(comb(n, 2) for n in Counter(found).values())
    expected = gold_pairs * found_pairs / comb(len(gold), 2)
    top = (gold_pairs + found_pairs) / 2
    return 1.0 if top == expected else (pairs - expected) / (top - expected)


def pairwise_f1(gold: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """F1 of "these two notes are in one island" over all pairs."""
    both = sum(comb(n, 2) for n in Counter(zip(gold, found, strict=True)).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold).values())
    found_pairs = sum(comb(n, 2) for n in Counter(found).values())
    if not both:
        return 0.0
    precision, recall = both / found_pairs, both / gold_pairs
    return 2 * precision * recall / (precision + recall)


def suggested_labels(table: GoldTable, embedder: Embedder) -> list[int]:
    """Each note's suggested island (all notes unsorted, singletons kept)."""
    notes = [NoteIn(text=text, category=category) for category, _, text in table.notes]
    found = [-1] * len(notes)
    for number, suggestion in enumerate(suggest_islands(notes, embedder, singletons=True)):
        for index in suggestion.notes:
            found[index] = number
    assert -1 not in found
    return found


def score(embedder: Embedder, path: Path = SET_FILE) -> tuple[float, float, list[float]]:
    """Mean ARI, mean pairwise F1, and each table's ARI."""
    aris, f1s = [], []
    for table in load_set(path):
        gold = [island for _, island, _ in table.notes]
        found = suggested_labels(table, embedder)
        aris.append(adjusted_rand(gold, found))
        f1s.append(pairwise_f1(gold, found))
    return sum(aris) / len(aris), sum(f1s) / len(f1s), aris


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def label_agreement(embedder: Embedder, path: Path = SET_FILE) -> float:
    """Share of suggested islands (two notes or more) whose label shares a
    two-character word with the person's label for most of its notes
    (「移動・交通」 and 「移動」 agree; 「互い」 and 「見守り」 do not)."""
    agreed = total = 0
    for table in load_set(path):
        notes = [NoteIn(text=text, category=category) for category, _, text in table.notes]
        for suggestion in suggest_islands(notes, embedder):
            gold = Counter(table.notes[i][1] for i in suggestion.notes).most_common(1)[0][0]
            total += 1
            agreed += bool(_bigrams(suggestion.label) & _bigrams(gold))
    return agreed / total if total else 0.0


def placed_into_existing(embedder: Embedder, path: Path) -> tuple[float, float]:
    """With every other note of each table already in its person's island,
    the share of the other notes suggested into their own island, and the
    share suggested into another one (the rest are left for new islands)."""
    right = wrong = asked = 0
    for table in load_set(path):
        notes = [
            NoteIn(text=text, category=category, island=island if n % 2 == 0 else None)
            for n, (category, island, text) in enumerate(table.notes)
        ]
        into = {
            index: suggestion.island
            for suggestion in suggest_islands(notes, embedder)
            for index in suggestion.notes
        }
        for n, (_, island, _) in enumerate(table.notes):
            if notes[n].island is None:
                asked += 1
                right += into.get(n) == island
                wrong += into.get(n) not in (None, island)
    return right / asked, wrong / asked
