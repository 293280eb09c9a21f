"""Masking quality and speed on the test set (tests/facilitation/documents/
masking_set.txt): recall of names, phone numbers, e-mail and addresses, the
share of must-stay words kept, and the time to mask 1,000 lines.

    python benchmarks/masking.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facilitation.documents.masking import Masker
from facilitation.documents.people import GinzaFinder
from tests.facilitation.documents.masking_set import load_cases, score


def mask_all(lines: list[str], finder: GinzaFinder) -> float:
    """Seconds to mask every line as an export does (one batch, then each line)."""
    began = time.perf_counter()
    masker = Masker(["民生委員 田中花子"], finder=finder)
    masker.prepare(lines)
    for line in lines:
        masker(line)
    return time.perf_counter() - began


def main() -> None:
    cases = load_cases()
    began = time.perf_counter()
    finder = GinzaFinder()
    finder.find(["読み込み"])
    load_s = time.perf_counter() - began
    result = score(cases, lambda names: Masker(names, finder=finder))
    plain = score(cases, lambda names: Masker(names))
    to_mask = sum(len(c.masked) for c in cases)
    to_keep = sum(len(c.kept) for c in cases)
    print(f"masking set: {len(cases)} lines, {to_mask} details to mask, {to_keep} words to keep")
    print(f"  with the name finder:    recall {result.recall:.3f}, kept {result.kept:.3f}")
    print(f"  registered names only:   recall {plain.recall:.3f}, kept {plain.kept:.3f}")
    for line in result.missed:
        print(f"  missed: {line}")
    for line in result.lost:
        print(f"  lost:   {line}")

    # 1,000 distinct lines (the set's lines, numbered), masked cold then again.
    lines = [f"{i}. {cases[i % len(cases)].text}" for i in range(1000)]
    cold = mask_all(lines, finder)
    warm = mask_all(lines, finder)  # the finder has kept its answers
    print(
        f"1,000 lines: {cold:.2f} s the first time ({cold:.1f} ms a line), "
        f"{warm * 1000:.0f} ms again (answers kept per text); model load {load_s:.1f} s"
    )


if __name__ == "__main__":
    main()
