"""Board write load: N concurrent writers × M notes, on SQLite and PostgreSQL.

Each writer is a thread, as each browser session is a thread in the Streamlit
server. Every note goes through ``boards.add_note`` in its own short write
transaction; every tenth note is submitted twice (a double-tapped button).
Prints throughput, p50/p95/max write latency, lost and duplicated notes, and
the time to read a board of 8 tables × 60 notes.

    python benchmarks/board_load.py [--writers 20] [--notes 200] [--backend sqlite postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.seed import fresh_database, seed_workshop
from facilitation.core.db import Database
from facilitation.policy.access import TableCode
from facilitation.workshops import boards


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def write_load(database: Database, writers: int, notes: int) -> dict[str, float]:
    workshop_id, groups, categories = seed_workshop(database, tables=8, title="書き込み計測")
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    start_gate = threading.Barrier(writers)

    def writer(number: int) -> None:
        group_id = groups[number % len(groups)].id
        own: list[float] = []
        start_gate.wait()
        for index in range(notes):
            token = f"w{number}-n{index}"
            for _attempt in range(2 if index % 10 == 0 else 1):
                began = time.perf_counter()
                try:
                    with database.write() as session:
                        boards.add_note(
                            session=session,
                            group_id=group_id,
                            text=f"書き手{number}の付箋{index}",
                            category_id=categories[index % 3].id,
                            client_token=token,
                        )
                except Exception as error:
                    errors.append(f"{type(error).__name__}: {error}")
                own.append(time.perf_counter() - began)
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=workshop_id)
    stored = Counter(note.text for group in board.groups for note in group.notes)
    expected = {f"書き手{w}の付箋{i}" for w in range(writers) for i in range(notes)}
    lost = len(expected - set(stored))
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    return {
        "writes": len(latencies),
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "max_ms": max(latencies) * 1000,
        "lost": lost,
        "duplicated": duplicated,
        "errors": len(errors),
    }


def board_query(database: Database, tables: int = 8, per_table: int = 60) -> dict[str, float]:
    workshop_id, groups, categories = seed_workshop(database, tables=tables, title="読み込み計測")
    with database.write() as session:
        for group in groups:
            clusters = [
                boards.create_cluster(session=session, group_id=group.id, label=f"島{c}")
                for c in range(6)
            ]
            for index in range(per_table):
                boards.add_note(
                    session=session,
                    group_id=group.id,
                    text=f"{group.name}の付箋{index}：地域の困りごとと強みについての意見",
                    category_id=categories[index % 3].id,
                    cluster_id=clusters[index % 6].id if index % 5 else None,
                )
    timings = []
    for _ in range(30):
        began = time.perf_counter()
        with database.read() as session:
            board = boards.load_board(session=session, workshop_id=workshop_id)
        timings.append(time.perf_counter() - began)
    if sum(len(g.notes) for g in board.groups) != tables * per_table:
        raise RuntimeError("the board query lost notes")
    return {
        "notes": tables * per_table,
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": percentile(timings, 0.95) * 1000,
    }


def save_on_a_full_table(database: Database, notes: int = 400) -> dict[str, float]:
    """A group leader's note save (the write and the re-read of the table, as
    a join code) on an empty table and on one that already holds ``notes``."""
    workshop_id, groups, _categories = seed_workshop(database, tables=2, title="大きなテーブル")
    group = groups[0]
    leader = TableCode(group_id=group.id, workshop_id=workshop_id, join_code=group.join_code)

    def median_save(label: str) -> float:
        timings = []
        for index in range(20):
            began = time.perf_counter()
            with database.write(leader) as session:
                boards.add_note(
                    session=session,
                    group_id=group.id,
                    text=f"{label} {index}",
                    client_token=f"{label}-{index}",
                )
            with database.read(leader) as session:
                boards.load_group_board(session=session, group_id=group.id)
            timings.append(time.perf_counter() - began)
        return statistics.median(timings) * 1000

    empty = median_save("empty")
    with database.write() as session:
        for index in range(notes):
            boards.add_note(
                session=session, group_id=group.id, text=f"既にある付箋{index}：" + "見守り" * 20
            )
    return {"empty_ms": empty, "full_ms": median_save("full"), "notes": notes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    for backend in args.backend:
        with tempfile.TemporaryDirectory() as folder:
            database = fresh_database(backend, Path(folder))
            load = write_load(database, args.writers, args.notes)
            print(
                f"{backend:10s} writes: {args.writers} writers × {args.notes} notes "
                f"(+10% resubmits) = {load['writes']:.0f} writes in {load['seconds']:.1f} s, "
                f"{load['throughput']:.0f}/s; latency p50 {load['p50_ms']:.1f} ms, "
                f"p95 {load['p95_ms']:.1f} ms, max {load['max_ms']:.1f} ms; "
                f"lost {load['lost']:.0f}, duplicated {load['duplicated']:.0f}, "
                f"errors {load['errors']:.0f}"
            )
            query = board_query(database)
            print(
                f"{backend:10s} board query: 8 tables × 60 notes ({query['notes']:.0f}) "
                f"median {query['median_ms']:.1f} ms, p95 {query['p95_ms']:.1f} ms"
            )
            full = save_on_a_full_table(database)
            print(
                f"{backend:10s} note save + table re-read: empty table "
                f"{full['empty_ms']:.1f} ms, {full['notes']:.0f}-note table "
                f"{full['full_ms']:.1f} ms (median of 20)"
            )
            database.dispose()


if __name__ == "__main__":
    main()
