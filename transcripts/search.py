"""Search in a transcript the way people type: さろん, ｻﾛﾝ and サロン find the
same word, and spaces count for nothing on either side, so 「サロン　参加」
finds サロン参加 and 「サロン 参加」 alike.

``fold`` maps a text to its search form, keeping where each folded character
came from, so that a hit can be highlighted (or replaced) in the original.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_KATAKANA = range(0x30A1, 0x30F7)  # ァ … ヶ; ヷ-ヺ and ー have no hiragana
_VOICED_MARKS = {"\u3099", "\u309a"}  # what NFKC makes of ﾞ and ﾟ


@dataclass(frozen=True)
class Folded:
    """A text's search form; ``origin[i]`` is the span of the original text
    (start, end) that folded character ``i`` came from."""

    text: str
    origin: tuple[tuple[int, int], ...]


def _fold_char(char: str) -> str:
    out = []
    for part in unicodedata.normalize("NFKC", char).casefold():
        if ord(part) in _KATAKANA:
            part = chr(ord(part) - 0x60)
        out.append(part)
    return "".join(out)


def fold(text: str) -> Folded:
    """Width (ＡＢＣ, ｻﾛﾝ), kana type (カタカナ → ひらがな), letter case and
    spaces (any width) folded away."""
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        for part in _fold_char(char):
            if part in _VOICED_MARKS and chars:
                # ｶﾞ is two characters: join the mark to the kana before it.
                joined = unicodedata.normalize("NFC", chars[-1] + part)
                if len(joined) == 1:
                    chars[-1] = _fold_char(joined)
                    origin[-1] = (origin[-1][0], index + 1)
                    continue
            if part.isspace():
                continue
            chars.append(part)
            origin.append((index, index + 1))
    return Folded("".join(chars), tuple(origin))


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, as (start, end) character spans of
    the original text, in order and not overlapping. An empty query finds
    nothing."""
    needle = fold(query).text
    if not needle:
        return []
    haystack = fold(text)
    spans = []
    at = haystack.text.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        spans.append((haystack.origin[at][0], haystack.origin[last][1]))
        at = haystack.text.find(needle, at + len(needle))
    return spans


def replace_spans(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    """``text`` with each span (from ``find_spans``) replaced."""
    out = []
    done = 0
    for start, end in spans:
        out.append(text[done:start])
        out.append(replacement)
        done = end
    out.append(text[done:])
    return "".join(out)
