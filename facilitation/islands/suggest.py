"""Suggested islands for a table's unsorted notes.

Three signals, each a similarity between two notes:

- the community-welfare topic the notes lean to (``topics.py``: each note
  against example notes of 買い物, 見守り, 防災, …);
- the notes' sentence embeddings, centred on the table (what every note of a
  住民懇談会 shares is taken out, so that the rest stands out): this tells
  notes of one topic apart, and places notes no topic fits;
- the content words they share (SudachiPy lemmas).

Notes are grouped by average linkage on the weighted sum until there are
about ``ISLAND_SIZE`` notes an island (as a table's まとめ役 makes them), never
joining groups that are less alike than unrelated notes; a note left alone is
then put in the island it is most like. A note close enough to an existing
island is suggested into it instead. Labels (表札) come from the topic most of
an island's notes lean to, or else from its most shared words.

Measured on the gold tables (tests/facilitation/islands/): see
benchmarks/islands.py and the notes of stop 22.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from facilitation.islands.embedding import Embedder
from facilitation.islands.topics import configured_topics, topic_scores, topic_shares

WEIGHTS = (1.0, 0.5, 0.5)  # embedding, topics, shared words
TOPIC_SHARPNESS = 0.01  # cosine by which one topic must be nearer to take a note's share
ISLAND_SIZE = 4  # notes an island, on average, when a table's notes are grouped
JOIN_FLOOR = 0.0  # groups less alike than this (unrelated notes) never join
LEFTOVER_AT = 0.0  # a note left alone joins the island it is this alike, or more
# Taken off a pair of notes of different categories. Off by default: on the
# gold set, where a person mixed colours in about half the islands (a problem
# and the idea that answers it), any cost lowered the agreement.
CATEGORY_COST = 0.0
INTO_EXISTING_AT = 0.1  # a note at least this alike to its closest existing island goes into it
TOPIC_LABEL_SHARE = 0.6  # the topic most of an island's notes lean to names it
LABEL_MAX_CHARS = 20

_WORD_CLASSES = ("名詞", "動詞", "形容詞")
_NOT_CONTENT = frozenset(
    [
        "こと",
        "もの",
        "人",
        "家",
        "所",
        "方",
        "時",
        "よう",
        "ため",
        "感じ",
        "最近",
        "中",
        "みんな",
        "一緒",
        "自分",
        "いる",
        "ある",
        "する",
        "なる",
        "できる",
        "つくる",
        "作る",
        "いう",
        "思う",
        "行く",
        "来る",
        "くれる",
        "もらう",
    ]
)


@dataclass(frozen=True)
class NoteIn:
    text: str
    category: Hashable = None
    island: Hashable = None  # the existing island it is in; None: unsorted


@dataclass(frozen=True)
class Suggestion:
    label: str
    notes: tuple[int, ...]  # indices into the notes given
    island: Hashable = None  # an existing island to add them to; None: a new one


class _Words:
    """Content words per text (SudachiPy, loaded on first use): lemmas of
    nouns, verbs and adjectives (split short, mode B) to compare notes, or
    whole compound nouns as written (mode C: 空き店舗) to label an island."""

    def __init__(self) -> None:
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _tokens(self, text: str, *, compounds: bool) -> list[Any]:
        if self._tokenizer is None:
            from sudachipy import Dictionary

            self._tokenizer = Dictionary(dict="core").create()
        from sudachipy import SplitMode

        return list(self._tokenizer.tokenize(text, SplitMode.C if compounds else SplitMode.B))

    def __call__(self, texts: Sequence[str]) -> list[frozenset[str]]:
        with self._lock:
            found = []
            for text in texts:
                lemmas = set()
                for morpheme in self._tokens(text, compounds=False):
                    pos = morpheme.part_of_speech()
                    lemma = morpheme.dictionary_form()
                    if (
                        pos[0] in _WORD_CLASSES
                        and pos[1] not in ("数詞", "非自立可能")
                        and len(lemma) > 1
                        and lemma not in _NOT_CONTENT
                    ):
                        lemmas.add(lemma)
                found.append(frozenset(lemmas))
            return found

    def nouns(self, text: str) -> list[str]:
        """The text's nouns as written, compounds whole (for labels)."""
        with self._lock:
            return [
                m.surface()
                for m in self._tokens(text, compounds=True)
                if m.part_of_speech()[0] == "名詞"
                and m.part_of_speech()[1] not in ("数詞", "非自立可能", "代名詞")
                and len(m.surface()) > 1
                and m.surface() not in _NOT_CONTENT
            ]


words = _Words()


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(rows / np.where(norms == 0, 1, norms))


def similarity(texts: Sequence[str], embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """The notes' pairwise similarity (the weighted signals) and each note's
    share of each topic."""
    vectors = embedder.embed(list(texts))
    centred = _unit(vectors - vectors.mean(axis=0))
    shares = topic_shares(topic_scores(vectors, embedder), TOPIC_SHARPNESS)
    lean = _unit(shares)
    lemmas = words(texts)
    shared = np.zeros((len(texts), len(texts)))
    for i, j in itertools.combinations(range(len(texts)), 2):
        a, b = lemmas[i], lemmas[j]
        if a and b:
            shared[i, j] = shared[j, i] = len(a & b) / min(len(a), len(b))
    embedding_weight, topic_weight, word_weight = WEIGHTS
    combined = embedding_weight * centred @ centred.T + topic_weight * lean @ lean.T
    combined += word_weight * shared
    return combined / sum(WEIGHTS), shares


def average_linkage(similar: np.ndarray, *, groups: int, floor: float) -> list[list[int]]:
    """Groups of indices: the two most similar groups (by their average
    pairwise similarity) join until there are ``groups`` of them, or until
    no two reach ``floor``."""
    members = [[i] for i in range(len(similar))]
    between = np.array(similar, dtype=float)  # average similarity of two groups
    np.fill_diagonal(between, -np.inf)
    while len(members) > max(groups, 1):
        a, b = divmod(int(between.argmax()), len(members))
        if between[a, b] < floor:
            break
        a, b = min(a, b), max(a, b)
        sizes = len(members[a]), len(members[b])
        joined = (sizes[0] * between[a] + sizes[1] * between[b]) / sum(sizes)
        between[a], between[:, a] = joined, joined
        between[a, a] = -np.inf
        between = np.delete(np.delete(between, b, axis=0), b, axis=1)
        members[a] += members.pop(b)
    return members


def place_leftovers(groups: list[list[int]], similar: np.ndarray, at: float) -> list[list[int]]:
    """Each one-note group into the island of two or more notes it is most
    like (by average similarity to the island as grouped), where that
    reaches ``at``."""
    islands = [group for group in groups if len(group) > 1]
    placed = [list(island) for island in islands]
    alone = []
    for group in groups:
        if len(group) > 1:
            continue
        likeness = [float(similar[group[0], island].mean()) for island in islands]
        best = int(np.argmax(likeness)) if islands else -1
        if islands and likeness[best] >= at:
            placed[best] += group
        else:
            alone.append(group)
    return placed + alone


def label_choices(members: Sequence[int], texts: Sequence[str], shares: np.ndarray) -> list[str]:
    """Labels in order of preference: the topic most of the notes lean to (if
    most do), the nouns most of them share, the topic the most notes lean to."""
    labels = [topic.label for topic in configured_topics()]
    favourite = Counter(int(shares[i].argmax()) for i in members).most_common(1)[0]
    topic = labels[favourite[0]]
    counts = Counter(noun for i in members for noun in set(words.nouns(texts[i])))
    common = [noun for noun, count in counts.most_common(2) if count > 1 or len(members) == 1]
    shared = "・".join(common)[:LABEL_MAX_CHARS]
    choices = [topic] if favourite[1] >= TOPIC_LABEL_SHARE * len(members) else []
    return [*choices, *([shared] if shared else []), topic]


def _unique(choices: list[str], used: set[str]) -> str:
    """The first label not given to another island yet (else numbered)."""
    label = next((c for c in choices if c not in used), None)
    number = 2
    while label is None:
        label = f"{choices[0]}（{number}）" if f"{choices[0]}（{number}）" not in used else None
        number += 1
    used.add(label)
    return label


def suggest_islands(
    notes: Sequence[NoteIn], embedder: Embedder, *, singletons: bool = False
) -> list[Suggestion]:
    """Islands for the unsorted notes: into an existing island where one is
    close, else new islands of two or more notes (``singletons``: one-note
    islands too, so that every unsorted note is in exactly one suggestion)."""
    if not notes:
        return []
    texts = [note.text for note in notes]
    similar, shares = similarity(texts, embedder)
    categories = [note.category for note in notes]
    different = np.array([[a != b for b in categories] for a in categories])
    similar = similar - CATEGORY_COST * different
    unsorted = [i for i, note in enumerate(notes) if note.island is None]
    existing: dict[Hashable, list[int]] = {}
    for i, note in enumerate(notes):
        if note.island is not None:
            existing.setdefault(note.island, []).append(i)

    into: dict[Hashable, list[int]] = {}
    left = []
    for i in unsorted:
        closest = max(
            existing.items(),
            key=lambda item: float(similar[i, item[1]].mean()),
            default=None,
        )
        if closest is not None and float(similar[i, closest[1]].mean()) >= INTO_EXISTING_AT:
            into.setdefault(closest[0], []).append(i)
        else:
            left.append(i)
    suggestions = [
        Suggestion(label="", notes=tuple(members), island=island)
        for island, members in into.items()
    ]
    groups: list[list[int]] = []
    if left:
        among = similar[np.ix_(left, left)]
        groups = average_linkage(among, groups=round(len(left) / ISLAND_SIZE), floor=JOIN_FLOOR)
        groups = place_leftovers(groups, among, LEFTOVER_AT)
    used: set[str] = set()
    for group in sorted(groups, key=len, reverse=True):
        members = [left[k] for k in group]
        if len(members) > 1 or singletons:
            label = _unique(label_choices(members, texts, shares), used)
            suggestions.append(Suggestion(label=label, notes=tuple(sorted(members))))
    return suggestions
