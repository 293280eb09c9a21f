"""Masking personal details as ○○ in every export that offers it.

What is masked, in one place (issue 11):

- the names registered in a workshop (facilitator, recorder, group leaders,
  action owners, speakers): every part of an entry, whatever role or
  organisation words it also holds (「民生委員 田中花子」 masks 田中花子,
  田中 and 花子, keeps 民生委員);
- anything shaped like a phone number, an e-mail or a street / postal address;
- person names found in free text by a named-entity finder
  (``facilitation.documents.people``), which keeps places, shops and
  organisations (山田屋, 杉山公園, さくら町会);
- a workshop's own choices from the review step: terms always masked and
  terms never masked.

``Masker.spans`` says what would be masked (the review step highlights it);
calling the masker returns the masked text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

MASK = "○○"

_PATTERNS = (
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    ("phone", re.compile(r"(?<!\d)[0０]\d{1,4}[-－ー‐(（]\d{1,4}[-－ー‐)）]\d{3,4}(?!\d)")),
    ("phone", re.compile(r"(?<!\d)[0０][5789５７８９][0０]\d{8}(?!\d)|(?<!\d)[0０]\d{9}(?!\d)")),
    ("address", re.compile(r"〒\s?\d{3}[-－ー]?\d{4}|(?<![\d-])\d{3}[-－ー]\d{4}(?![\d-])")),
    # A street address: prefecture or city words followed by block numbers
    # (「さくら町3-12-5」「中央区本町2丁目4番」).
    (
        "address",
        re.compile(
            r"(?:[一-龥]{2,3}[都道府県])?[一-龥ぁ-んァ-ヶ]{1,8}[市区町村]"
            r"[一-龥ぁ-んァ-ヶ]{0,10}[\d０-９一二三四五六七八九十]+"
            r"(?:[-－ー丁目番地号の][\d０-９]*)+"
        ),
    ),
)

# Words that name an organisation: what stands before them in a registered
# entry is the organisation's name (さくら町会), kept; what follows is a person.
ORGANISATION_WORDS = (
    "社会福祉協議会",
    "社協",
    "区役所",
    "市役所",
    "役所",
    "町内会",
    "町会",
    "自治会",
    "協議会",
    "委員会",
    "センター",
    "事務局",
    "団体",
    "ボランティア",
    "包括",
    "施設",
    "法人",
    "会社",
    "商店会",
    "老人クラブ",
)
# Titles and roles: the words around them in an entry are a person's name
# (民生委員 田中花子, 鈴木会長).
TITLE_WORDS = (
    "民生委員",
    "児童委員",
    "主任",
    "委員",
    "副会長",
    "会長",
    "職員",
    "担当",
    "コーディネーター",
    "スタッフ",
    "係長",
    "課長",
    "部長",
    "理事",
    "代表",
    "記録",
    "司会",
    "さん",
    "様",
    "氏",
    "先生",
)
_ROLE = re.compile("|".join(re.escape(w) for w in (*ORGANISATION_WORDS, *TITLE_WORDS)))
_ORGANISATION = re.compile("|".join(re.escape(w) for w in ORGANISATION_WORDS))

# Words a name does not contain; what holds them beside a role word is a field.
_NOT_A_NAME = re.compile(
    "地域|福祉|生活|支援|相談|子育て|見守り|介護|保健|健康|防災|地区|広報|総務"
)


# A word that ends like an office's unit (地域振興課, 保健福祉部, 地域包括支援センター)
# names a department, not a person (阿部, 服部 are too short to be one).
_UNIT = re.compile(r"^.{2,}(課|係|局|支所|出張所|事業所)$|^.{3,}部$")


def name_terms(entries: Iterable[str]) -> set[str]:
    """The strings that stand for the people in registered entries."""
    terms: set[str] = set()
    for raw in entries:
        for entry in re.split(r"[、,;；/／\n]+", raw):
            run: list[str] = []  # consecutive words that are only a name
            for word in [*re.split(r"[\s　・]+", entry.strip()), ""]:
                if _UNIT.match(word):
                    word = ""  # a department: nobody to mask, and it parts two names
                organisation = next(reversed(list(_ORGANISATION.finditer(word))), None)
                if organisation is not None:
                    # さくら町会鈴木 → 鈴木; the organisation's own name is kept.
                    word = word[organisation.end() :]
                parts = [p for p in _ROLE.split(word) if len(p) >= 2]
                if parts != [word]:
                    # Beside a role word: 地域福祉コーディネーター is a role, not 地域福祉.
                    parts = [p for p in parts if not _NOT_A_NAME.search(p)]
                terms.update(parts)
                if parts == [word] and organisation is None:
                    run.append(word)
                    continue
                if len(run) > 1:
                    terms.add("".join(run))  # 「佐藤 花子」 is also written 「佐藤花子」
                run = []
    return terms


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a text, masked because of ``kind``."""

    start: int
    end: int
    kind: str  # registered | person | email | phone | address | added


class PeopleFinder(Protocol):
    """Finds person names in free text; answers texts in the order given."""

    def find(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]: ...


class Masker:
    """Replaces personal details with ○○ (see the module's docstring)."""

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        finder: PeopleFinder | None = None,
        always: Iterable[str] = (),
        never: Iterable[str] = (),
    ) -> None:
        self._names = _alternation(name_terms(names))
        self._always = _alternation({t.strip() for t in always if t.strip()})
        self._never = {t.strip() for t in never if t.strip()}
        self._finder = finder
        self._found: dict[str, list[tuple[int, int]]] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Run the name finder over many texts at once (much faster than one by one)."""
        if self._finder is None:
            return
        todo = list(dict.fromkeys(t for t in texts if t and t not in self._found))
        if todo:
            self._found.update(zip(todo, self._finder.find(todo), strict=True))

    def _people(self, text: str) -> list[tuple[int, int]]:
        if self._finder is None or not text:
            return []
        if text not in self._found:
            self.prepare([text])
        return self._found[text]

    def spans(self, text: str) -> list[Span]:
        """What would be masked in ``text``, in order, overlaps merged."""
        found: list[Span] = []
        for kind, pattern in _PATTERNS:
            found += [Span(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        if self._names is not None:
            found += [Span(m.start(), m.end(), "registered") for m in self._names.finditer(text)]
        found += [Span(start, end, "person") for start, end in self._people(text)]
        found = [s for s in found if text[s.start : s.end] not in self._never]
        if self._always is not None:
            found += [Span(m.start(), m.end(), "added") for m in self._always.finditer(text)]
        merged: list[Span] = []
        for span in sorted(found, key=lambda s: (s.start, -s.end)):
            if merged and span.start <= merged[-1].end:
                last = merged[-1]
                if span.end > last.end:
                    merged[-1] = Span(last.start, span.end, last.kind)
                continue
            merged.append(span)
        return merged

    def __call__(self, text: str) -> str:
        if not text:
            return text
        pieces, at = [], 0
        for span in self.spans(text):
            pieces += [text[at : span.start], MASK]
            at = span.end
        pieces.append(text[at:])
        return "".join(pieces)


def _alternation(terms: set[str]) -> re.Pattern[str] | None:
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in ordered)) if ordered else None


def no_masking(text: str) -> str:
    return text
