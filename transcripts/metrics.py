"""Character error rate, as the benchmarks and tests measure it: NFKC, with
punctuation, symbols and spaces ignored."""

from __future__ import annotations

from transcripts.engine import normalized


def edit_distance(reference: str, hypothesis: str) -> int:
    row = list(range(len(hypothesis) + 1))
    for i, ref_char in enumerate(reference, start=1):
        previous, row[0] = row[0], i
        for j, hyp_char in enumerate(hypothesis, start=1):
            current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (ref_char != hyp_char))
            previous = current
    return row[-1]


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edits needed to turn the hypothesis into the reference, per reference character."""
    ref, hyp = normalized(reference), normalized(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
