"""Island suggestions and cross-table themes: agreement with a person's
islands on the gold set, the held-out and the unseen tables
(tests/facilitation/islands/), how often a new note goes into its own
existing island, and the time for 60 notes and for 8 tables of 60.

    python benchmarks/islands.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitation.islands.embedding import E5Embedder
from facilitation.islands.suggest import NoteIn, suggest_islands
from facilitation.islands.themes import cross_table_themes
from facilitation.islands.topics import topic_examples
from tests.facilitation.islands.island_set import (
    SETS,
    label_agreement,
    load_set,
    placed_into_existing,
    score,
)


def timed(action: object) -> float:
    began = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - began


def main() -> None:
    tables = load_set()
    pool = [(category, text) for table in tables for category, _, text in table.notes]
    embedder = E5Embedder()
    load_s = timed(lambda: embedder.embed(["読み込み"]))
    topics_s = timed(lambda: embedder.embed(topic_examples()))
    scores = {name: score(embedder, path) for name, path in SETS.items()}
    sixty = [NoteIn(text=f"{text}。", category=category) for category, text in pool[:60]]
    cold_60 = timed(lambda: suggest_islands(sixty, embedder))
    warm_60 = timed(lambda: suggest_islands(sixty, embedder))
    # 8 tables of 60 notes: the pool's notes, each table's worded a little
    # differently (a new text for the embedder each time).
    eight = [
        [f"{text}（{t + 1}卓）" for _, text in (pool * 4)[t * 60 : t * 60 + 60]] for t in range(8)
    ]
    cold_480 = timed(lambda: cross_table_themes(eight, embedder))
    warm_480 = timed(lambda: cross_table_themes(eight, embedder))
    themes, _ = cross_table_themes([[t for _, _, t in table.notes] for table in tables], embedder)
    every = [a for _, _, each in scores.values() for a in each]
    for name, (mean_ari, mean_f1, each) in scores.items():
        right, wrong = placed_into_existing(embedder, SETS[name])
        print(f"{name}: {len(each)} tables")
        per_table = [round(a, 2) for a in each]
        print(f"  adjusted Rand index (mean): {mean_ari:.3f}  per table: {per_table}")
        print(f"  pairwise F1 (mean): {mean_f1:.3f}")
        print(f"  labels agreeing with the person's: {label_agreement(embedder, SETS[name]):.0%}")
        print(f"  new notes into their own existing island: {right:.0%}, into another: {wrong:.0%}")
    print(f"all {len(every)} tables: adjusted Rand index (mean) {sum(every) / len(every):.3f}")
    print(f"model load: {load_s:.2f} s, topics' examples embedded: {topics_s:.2f} s")
    # The board warms each note's embedding as it arrives (E5Embedder.warm),
    # so the second figure is what a leader or the facilitator waits.
    print(f"suggest 60 notes: {cold_60:.2f} s nothing warmed, {warm_60:.2f} s warmed")
    print(f"themes 8 x 60 notes: {cold_480:.2f} s nothing warmed, {warm_480:.2f} s warmed")
    print(f"themes on the gold set: {', '.join(f'{t.label}({len(t.tables)})' for t in themes)}")


if __name__ == "__main__":
    main()
