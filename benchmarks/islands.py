"""Island suggestions and cross-table themes: agreement with a person's
islands on the gold set (tests/facilitation/islands/island_set.txt) and the
time for 60 notes and for 8 tables of 60.

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
from tests.facilitation.islands.island_set import label_agreement, load_set, score


def timed(action: object) -> float:
    began = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - began


def main() -> None:
    tables = load_set()
    pool = [(category, text) for table in tables for category, _, text in table.notes]
    embedder = E5Embedder()
    load_s = timed(lambda: embedder.embed(["読み込み"]))
    mean_ari, mean_f1, each = score(embedder)
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
    print(f"gold set: {len(tables)} tables, {len(pool)} notes")
    print(f"adjusted Rand index (mean): {mean_ari:.3f}  per table: {[round(a, 2) for a in each]}")
    print(f"pairwise F1 (mean): {mean_f1:.3f}")
    print(f"labels agreeing with the person's: {label_agreement(embedder):.0%}")
    print(f"model load: {load_s:.2f} s")
    # The board warms each note's embedding as it arrives (E5Embedder.warm),
    # so the second figure is what a leader or the facilitator waits.
    print(f"suggest 60 notes: {cold_60:.2f} s nothing warmed, {warm_60:.2f} s warmed")
    print(f"themes 8 x 60 notes: {cold_480:.2f} s nothing warmed, {warm_480:.2f} s warmed")
    print(f"themes on the gold set: {', '.join(f'{t.label}({len(t.tables)})' for t in themes)}")


if __name__ == "__main__":
    main()
