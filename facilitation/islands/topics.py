"""Community-welfare topics (買い物, 見守り, 防災, …), each a label and a few
example notes in residents' words (``topics.txt``, or the council's own file:
``KONDAN_ISLAND_TOPICS``). A note leans to a topic
as far as it is like the topic's closest example: one line of description
("買い物、スーパーや商店…") matched short notes poorly, while a handful of
notes of different kinds ("米や水など重いものを買って帰るのが大変") catch
how residents actually put it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from facilitation.core.errors import InvalidInput
from facilitation.islands.embedding import Embedder

TOPICS_FILE = Path(__file__).with_name("topics.txt")


@dataclass(frozen=True)
class Topic:
    label: str
    examples: tuple[str, ...]


@cache
def load_topics(path: Path = TOPICS_FILE) -> tuple[Topic, ...]:
    """The topics of a topics file: "## label" lines, each followed by its
    examples, one a line ("#" lines are comments). Read once a process."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("error.island_topics_unreadable", path=str(path)) from None
    topics: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            topics.append((line[3:].strip(), []))
        elif line and not line.startswith("#") and topics:
            topics[-1][1].append(line)
    found = tuple(Topic(label, tuple(examples)) for label, examples in topics if examples)
    if len(found) < 2:
        raise InvalidInput("error.island_topics_unreadable", path=str(path))
    return found


def configured_topics() -> tuple[Topic, ...]:
    """The council's topics (``KONDAN_ISLAND_TOPICS``), else the bundled ones."""
    from facilitation.core.settings import get_settings

    return load_topics(get_settings().island_topics or TOPICS_FILE)


def topic_examples(topics: Sequence[Topic] | None = None) -> list[str]:
    """Every topic's examples, in topic order (what ``topic_scores`` embeds)."""
    topics = configured_topics() if topics is None else topics
    return [example for topic in topics for example in topic.examples]


def topic_scores(
    vectors: np.ndarray, embedder: Embedder, topics: Sequence[Topic] | None = None
) -> np.ndarray:
    """Each note's similarity (cosine) to each topic's closest example:
    one row per note, one column per topic."""
    topics = configured_topics() if topics is None else topics
    examples = embedder.embed(topic_examples(topics))
    starts = np.cumsum([0] + [len(topic.examples) for topic in topics[:-1]])
    return np.asarray(np.maximum.reduceat(vectors @ examples.T, starts, axis=1))


def topic_shares(scores: np.ndarray, sharpness: float) -> np.ndarray:
    """Each note's scores as shares that sum to one: a note clearly nearer
    one topic gives it nearly all (``sharpness``: how much nearer, in cosine,
    counts as clearly)."""
    weights = np.exp((scores - scores.max(axis=1, keepdims=True)) / sharpness)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True))
