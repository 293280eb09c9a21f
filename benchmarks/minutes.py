"""Word minutes of a large workshop: 8 tables × 60 notes in islands, with a
2-hour transcript appendix (one segment every 5 seconds). Prints the export
time (median of runs) and the process's peak memory.

    python benchmarks/minutes.py [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.seed import seed_transcript, seed_workshop
from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.documents.masking import PeopleFinder
from facilitation.documents.minutes import MinutesOptions, build_minutes
from facilitation.documents.people import GinzaFinder, NameWarmer, StoredFinder
from facilitation.workshops import boards
from tests.facilitation.documents.masking_set import load_cases
from transcripts.engine import Segment

TABLES, NOTES, TRANSCRIPT_S, SEGMENT_S = 8, 60, 2 * 60 * 60, 5
# Residents' and staff's lines (names, shops, places) from the masking test
# set: every note and segment is a different text for the name finder.
LINES = [case.text for case in load_cases()]


def seed(database: Database) -> int:
    workshop_id, groups, categories = seed_workshop(database, tables=TABLES, title="大規模懇談会")
    with database.write() as session:
        for group in groups:
            clusters = [
                boards.create_cluster(
                    session=session, group_id=group.id, label=f"島{c}：暮らしの課題"
                )
                for c in range(6)
            ]
            for index in range(NOTES):
                boards.add_note(
                    session=session,
                    group_id=group.id,
                    text=f"{LINES[(group.id * NOTES + index) % len(LINES)]}（{index}）",
                    category_id=categories[index % 3].id,
                    cluster_id=clusters[index % 6].id if index % 7 else None,
                )
            boards.save_group_summary(
                session=session,
                group_id=group.id,
                expected_version=0,
                text="買い物支援と見守りの担い手づくりを進めたい。" * 3,
            )
    seed_transcript(
        database,
        [
            Segment(
                float(t),
                float(t + SEGMENT_S - 0.5),
                f"{LINES[t // SEGMENT_S % len(LINES)]}、と{t // SEGMENT_S}番目に話がありました。",
            )
            for t in range(0, TRANSCRIPT_S, SEGMENT_S)
        ],
        title="全体会の録音",
        workshop_id=workshop_id,
    )
    return workshop_id


def build(database: Database, workshop_id: int, finder: PeopleFinder) -> tuple[float, int]:
    began = time.perf_counter()
    with database.read() as session:
        data = build_minutes(
            session=session,
            workshop_id=workshop_id,
            options=MinutesOptions(include_transcript=True, mask_names=True),
            finder=finder,
        )
    return time.perf_counter() - began, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        upgrade(database)
        workshop_id = seed(database)
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        texts = TABLES * NOTES + TRANSCRIPT_S // SEGMENT_S
        print(
            f"minutes: {TABLES} tables × {NOTES} notes + {TRANSCRIPT_S // 3600} h transcript "
            f"({TRANSCRIPT_S // SEGMENT_S} segments), masked"
        )

        # Nothing found ahead of time: the name finder reads every text (model load included).
        cold, size = build(database, workshop_id, GinzaFinder())
        print(f"  nothing stored, model not loaded: {cold:.2f} s")

        # The worker's warmer (in the background, as new notes and segments arrive).
        warmer = NameWarmer(StoredFinder(database, GinzaFinder()))
        began = time.perf_counter()
        while warmer.tick(database):
            pass
        warm_s = time.perf_counter() - began
        print(f"  the worker finding names ahead of time: {warm_s:.1f} s for ~{texts} texts")

        # A fresh app process: answers looked up in the database, no model loaded.
        timings = [build(database, workshop_id, StoredFinder(database, GinzaFinder()))[0]]
        finder = StoredFinder(database, GinzaFinder())
        timings += [build(database, workshop_id, finder)[0] for _ in range(args.runs)]
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  answers stored: first build in a fresh process {timings[0]:.2f} s, then median "
            f"{statistics.median(timings[1:]):.2f} s "
            f"(runs {', '.join(f'{t:.2f}' for t in timings)}); {size / 1024:.0f} KiB; "
            f"peak memory {peak_mb:.0f} MB (before exporting {before_mb:.0f} MB)"
        )
        database.dispose()


if __name__ == "__main__":
    main()
