"""Themes several tables raised, for the plenary (全体共有): each note goes
to the community-welfare topic it leans to clearly; a topic raised at two
or more tables is a theme. Near-duplicate notes across tables are listed
too (the same idea written at two tables)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from facilitation.islands.embedding import Embedder
from facilitation.islands.suggest import TOPIC_SHARPNESS
from facilitation.islands.topics import configured_topics, topic_scores, topic_shares

CLEAR_SHARE = 0.6  # a note's share of its topic (topic_shares) for it to count
NEAR_DUPLICATE_AT = 0.94  # cosine of two notes' embeddings
MIN_TABLES = 2


@dataclass(frozen=True)
class Theme:
    label: str
    tables: tuple[int, ...]  # indices of the tables that raised it
    notes: tuple[tuple[int, int], ...]  # (table, note) pairs, most typical first


@dataclass(frozen=True)
class NearDuplicate:
    first: tuple[int, int]  # (table, note)
    second: tuple[int, int]
    similarity: float


def cross_table_themes(
    tables: Sequence[Sequence[str]], embedder: Embedder
) -> tuple[list[Theme], list[NearDuplicate]]:
    """Themes raised at ``MIN_TABLES`` or more tables, most tables first, and
    near-duplicate notes of different tables, most alike first."""
    where = [(t, n) for t, notes in enumerate(tables) for n in range(len(notes))]
    texts = [tables[t][n] for t, n in where]
    if not texts:
        return [], []
    vectors = embedder.embed(texts)
    shares = topic_shares(topic_scores(vectors, embedder), TOPIC_SHARPNESS)
    best = shares.argmax(axis=1)
    strength = shares.max(axis=1)
    themes = []
    for topic, label in enumerate(t.label for t in configured_topics()):
        members = [i for i in np.flatnonzero(best == topic) if strength[i] >= CLEAR_SHARE]
        raised = sorted({where[i][0] for i in members})
        if len(raised) >= MIN_TABLES:
            members.sort(key=lambda i: -strength[i])
            themes.append(Theme(label, tuple(raised), tuple(where[i] for i in members)))
    themes.sort(key=lambda theme: (-len(theme.tables), -len(theme.notes)))

    similar = vectors @ vectors.T
    table_of = np.array([t for t, _ in where])
    other_table = table_of[:, None] != table_of[None, :]
    upper = np.triu(np.ones_like(similar, dtype=bool), k=1)
    pairs = np.argwhere((similar >= NEAR_DUPLICATE_AT) & other_table & upper)
    duplicates = [
        NearDuplicate(where[i], where[j], round(float(similar[i, j]), 3)) for i, j in pairs
    ]
    duplicates.sort(key=lambda pair: -pair.similarity)
    return themes, duplicates
