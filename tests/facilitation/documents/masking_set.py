"""The masking test set (masking_set.txt) and its two figures: the share of
personal details masked (recall) and the share of must-stay words kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitation.documents.masking import Masker

SET = Path(__file__).with_name("masking_set.txt")
_MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")


@dataclass(frozen=True)
class Case:
    text: str
    names: tuple[str, ...]
    masked: tuple[tuple[int, int], ...]  # spans that must be masked
    kept: tuple[tuple[int, int], ...]  # spans that must stay


def load_cases() -> list[Case]:
    cases: list[Case] = []
    names: tuple[str, ...] = ()
    for raw in SET.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("= names:"):
            names = tuple(n for n in raw.removeprefix("= names:").strip().split("、") if n)
            continue
        text: list[str] = []
        masked: list[tuple[int, int]] = []
        kept: list[tuple[int, int]] = []
        at = 0
        for match in _MARK.finditer(raw):
            text.append(raw[at : match.start()])
            start = sum(map(len, text))
            word = match.group(1) or match.group(2)
            text.append(word)
            (masked if match.group(1) else kept).append((start, start + len(word)))
            at = match.end()
        text.append(raw[at:])
        cases.append(Case("".join(text), names, tuple(masked), tuple(kept)))
    return cases


@dataclass(frozen=True)
class Score:
    recall: float
    kept: float
    missed: list[str]
    lost: list[str]


def score(cases: Sequence[Case], make: Callable[[tuple[str, ...]], Masker]) -> Score:
    """Masks every case as the exports would and counts the spans."""
    maskers: dict[tuple[str, ...], Masker] = {}
    for case in cases:
        maskers.setdefault(case.names, make(case.names))
    for names, masker in maskers.items():
        masker.prepare(c.text for c in cases if c.names == names)
    hit = total = stayed = keep_total = 0
    missed, lost = [], []
    for case in cases:
        spans = maskers[case.names].spans(case.text)
        for start, end in case.masked:
            total += 1
            covered = all(any(s.start <= i < s.end for s in spans) for i in range(start, end))
            hit += covered
            if not covered:
                missed.append(f"{case.text[start:end]} ← {case.text}")
        for start, end in case.kept:
            keep_total += 1
            touched = any(s.start < end and start < s.end for s in spans)
            stayed += not touched
            if touched:
                lost.append(f"{case.text[start:end]} ← {case.text}")
    return Score(hit / total, stayed / keep_total, missed, lost)
