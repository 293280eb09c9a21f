"""The pure parts of island suggestions: the topics file, a note's score per
topic, and how notes are grouped (no model: a small fake embedder)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from facilitation.core.errors import InvalidInput
from facilitation.core.settings import get_settings
from facilitation.islands.suggest import (
    LABEL_MAX_CHARS,
    NoteIn,
    average_linkage,
    place_leftovers,
    suggest_islands,
)
from facilitation.islands.topics import (
    TOPICS_FILE,
    Topic,
    configured_topics,
    load_topics,
    topic_examples,
    topic_scores,
    topic_shares,
)


class Axes:
    """Each text is a unit vector along the axis its first character names."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            row["abc".index(text[0])] = 1.0
        return rows


def test_the_topics_file_is_read_as_labels_with_their_examples(tmp_path: Path) -> None:
    path = tmp_path / "topics.txt"
    path.write_text(
        "# a comment\n## 買い物\nスーパーが遠い\n\n  移動販売  \n## 空\n# no examples\n"
        "## 防災\n避難所がわからない\n",
        encoding="utf-8",
    )
    topics = load_topics(path)
    assert [(t.label, t.examples) for t in topics] == [
        ("買い物", ("スーパーが遠い", "移動販売")),
        ("防災", ("避難所がわからない",)),
    ]
    assert topic_examples(topics) == ["スーパーが遠い", "移動販売", "避難所がわからない"]


def test_the_bundled_topics_have_examples_and_short_labels() -> None:
    topics = load_topics(TOPICS_FILE)
    assert len(topics) >= 20
    assert all(3 <= len(t.examples) <= 12 and 0 < len(t.label) <= LABEL_MAX_CHARS for t in topics)
    assert len({t.label for t in topics}) == len(topics)


def test_a_note_scores_each_topic_by_its_closest_example() -> None:
    given = [Topic("A", ("a1", "b1")), Topic("C", ("c1",))]
    notes = Axes().embed(["a", "b", "c"])
    scores = topic_scores(notes, Axes(), given)
    assert scores.tolist() == [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    shares = topic_shares(np.array([[0.90, 0.85], [0.5, 0.5]]), sharpness=0.01)
    assert shares[0, 0] > 0.99 and np.allclose(shares[1], [0.5, 0.5])


def test_groups_join_most_alike_first_down_to_the_number_asked() -> None:
    similar = np.array(
        [
            [1.0, 0.9, 0.1, 0.0],
            [0.9, 1.0, 0.2, 0.0],
            [0.1, 0.2, 1.0, 0.6],
            [0.0, 0.0, 0.6, 1.0],
        ]
    )
    assert sorted(map(sorted, average_linkage(similar, groups=2, floor=-1))) == [[0, 1], [2, 3]]
    # Average linkage: {0,1} with {2,3} averages 0.075.
    assert len(average_linkage(similar, groups=1, floor=0.1)) == 2
    assert len(average_linkage(similar, groups=1, floor=0.0)) == 1
    assert average_linkage(np.zeros((0, 0)), groups=0, floor=0) == []


def test_a_note_left_alone_joins_the_island_it_is_most_like() -> None:
    similar = np.array(
        [
            [1.0, 0.8, -0.1, 0.3],
            [0.8, 1.0, 0.0, 0.2],
            [-0.1, 0.0, 1.0, 0.9],
            [0.3, 0.2, 0.9, 1.0],
        ]
    )
    assert place_leftovers([[0, 1], [2], [3]], similar, at=0.0) == [[0, 1, 3], [2]]
    # Against the island as grouped: 3 joining first does not pull 2 in.
    assert place_leftovers([[0, 1], [3], [2]], similar, at=0.0) == [[0, 1, 3], [2]]
    assert place_leftovers([[0, 1], [2], [3]], similar, at=0.3) == [[0, 1], [2], [3]]
    assert place_leftovers([[2], [3]], similar, at=0.0) == [[2], [3]]


def test_a_topics_file_that_cannot_be_used_is_refused_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    one_topic = tmp_path / "one.txt"
    one_topic.write_text("## 買い物\nスーパーが遠い\n", encoding="utf-8")
    not_utf8 = tmp_path / "sjis.txt"
    not_utf8.write_bytes("## 買い物\nスーパーが遠い\n## 防災\n避難\n".encode("shift_jis"))
    for path in (missing, one_topic, not_utf8):
        with pytest.raises(InvalidInput) as refused:
            load_topics(path)
        assert refused.value.key == "error.island_topics_unreadable"
        assert refused.value.params["path"] == str(path)


def test_the_councils_own_topics_name_the_islands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "topics.txt"
    own.write_text("## 甲の話\na例\n## 乙の話\nb例\n## 丙の話\nc例\n", encoding="utf-8")
    monkeypatch.setenv("KONDAN_ISLAND_TOPICS", str(own))
    get_settings.cache_clear()
    try:
        assert [t.label for t in configured_topics()] == ["甲の話", "乙の話", "丙の話"]
        notes = [NoteIn(text) for text in ("a一", "a二", "a三", "a四", "b一", "b二", "b三", "b四")]
        found = suggest_islands(notes, Axes())
        assert {s.label: s.notes for s in found} == {"甲の話": (0, 1, 2, 3), "乙の話": (4, 5, 6, 7)}
    finally:
        monkeypatch.delenv("KONDAN_ISLAND_TOPICS")
        get_settings.cache_clear()
    assert configured_topics() == load_topics(TOPICS_FILE)
