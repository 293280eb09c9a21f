"""Vocabulary for the speech engine and the council's writing rules.

The glossary goes to Whisper as ``hotwords``; the notation list is applied to
the finished text so transcripts follow the council's style (子ども, 障がい…).
"""

from __future__ import annotations

import re

# Welfare words a general model gets wrong, shipped as the default glossary.
DEFAULT_TERMS: tuple[str, ...] = (
    "民生委員",
    "児童委員",
    "町会",
    "自治会",
    "見守り",
    "サロン",
    "区社協",
    "社会福祉協議会",
    "地域包括支援センター",
    "ふりかえり",
    "担い手",
    "子ども食堂",
    "ボランティア",
    "高齢者",
    "一人暮らし",
    "買い物支援",
    "移動販売",
    "地域の強み",
    "困りごと",
    "懇談会",
    "ケアマネジャー",
    "居場所",
)

DEFAULT_NOTATION: tuple[tuple[str, str], ...] = (
    ("子供", "子ども"),
    ("障害者", "障がい者"),
    ("障害", "障がい"),
    ("振り返り", "ふりかえり"),
    ("困り事", "困りごと"),
)

MAX_HOTWORD_CHARS = 200  # Whisper's prompt holds about 220 tokens; keep room for text


def hotwords(terms: list[str] | tuple[str, ...]) -> str | None:
    """Terms joined for Whisper, duplicates removed, cut to fit its prompt."""
    seen: list[str] = []
    length = 0
    for term in terms:
        term = term.strip()
        if not term or term in seen:
            continue
        if length + len(term) + 1 > MAX_HOTWORD_CHARS:
            break
        seen.append(term)
        length += len(term) + 1
    return " ".join(seen) or None


def apply_notation(text: str, rules: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """``text`` with each rule's source written as its target, in one pass,
    longest source first (so 障害者 wins over 障害, and no output is rewritten)."""
    table = {source: target for source, target in rules if source}
    if not table:
        return text
    pattern = re.compile("|".join(re.escape(s) for s in sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda match: table[match.group(0)], text)
