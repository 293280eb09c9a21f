"""The island gold set (``island_set.txt``) and its scores: adjusted Rand
index and pairwise F1 of suggested islands against a person's grouping."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path

from facilitation.islands.embedding import Embedder
from facilitation.islands.suggest import NoteIn, suggest_islands

SET_FILE = Path(__file__).with_name("island_set.txt")


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


def score(embedder: Embedder) -> tuple[float, float, list[float]]:
    """Mean ARI, mean pairwise F1, and each table's ARI."""
    aris, f1s = [], []
    for table in load_set():
        gold = [island for _, island, _ in table.notes]
        found = suggested_labels(table, embedder)
        aris.append(adjusted_rand(gold, found))
        f1s.append(pairwise_f1(gold, found))
    return sum(aris) / len(aris), sum(f1s) / len(f1s), aris


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def label_agreement(embedder: Embedder) -> float:
    """Share of suggested islands (two notes or more) whose label shares a
    two-character word with the person's label for most of its notes
    (「移動・交通」 and 「移動」 agree; 「互い」 and 「見守り」 do not)."""
    agreed = total = 0
    for table in load_set():
        notes = [NoteIn(text=text, category=category) for category, _, text in table.notes]
        for suggestion in suggest_islands(notes, embedder):
            gold = Counter(table.notes[i][1] for i in suggestion.notes).most_common(1)[0][0]
            total += 1
            agreed += bool(_bigrams(suggestion.label) & _bigrams(gold))
    return agreed / total if total else 0.0
