"""Masking personal details as ○○ in exports: the names registered in a
workshop (facilitator, recorder, group leaders, action owners, speakers) and
anything shaped like a phone number, an e-mail or a postal address."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "○○"

_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?<!\d)0\d{1,4}[-－ー(（]\d{1,4}[-－ー)）]\d{3,4}(?!\d)"),  # phone, with dashes
    re.compile(r"(?<!\d)0[5789]0\d{8}(?!\d)|(?<!\d)0\d{9}(?!\d)"),  # phone, digits only
    re.compile(r"〒\s?\d{3}[-－ー]?\d{4}|(?<![\d-])\d{3}[-－ー]\d{4}(?![\d-])"),  # postal code
    # A street address: prefecture or city words followed by block numbers.
    re.compile(
        r"(?:[一-龥]{2,3}[都道府県])?[一-龥ぁ-んァ-ヶ]{1,8}[市区町村]"
        r"[一-龥ぁ-んァ-ヶ]{0,10}\d+(?:[-－ー丁目番地号の]\d*)+"
    ),
)


# Words that make a registered "name" a role or an organisation (区社協 職員,
# 地域福祉コーディネーター): those are kept, since masking them hides nobody.
_ROLE_WORDS = (
    "社協",
    "社会福祉協議会",
    "区役所",
    "職員",
    "コーディネーター",
    "委員",
    "担当",
    "事務局",
    "センター",
    "町会",
    "自治会",
    "ボランティア",
    "団体",
    "会長",
    "スタッフ",
)


def _is_role(name: str) -> bool:
    return any(word in name for word in _ROLE_WORDS)


class Masker:
    """Replaces registered names and personal-data patterns with ○○."""

    def __init__(self, names: Iterable[str]) -> None:
        parts: set[str] = set()
        for raw in names:
            for name in re.split(r"[、,;；\n]+", raw):
                name = name.strip()
                if len(name) < 2 or _is_role(name):
                    continue
                parts.add(name)
                # 「佐藤 花子」 is also written 「佐藤花子」, and often just 「佐藤」「花子」.
                pieces = re.split(r"[\s　・]+", name)
                parts.update(p for p in pieces if len(p) >= 2)
                parts.add("".join(pieces))
        ordered = sorted(parts, key=len, reverse=True)
        self._names = re.compile("|".join(re.escape(p) for p in ordered)) if ordered else None

    def __call__(self, text: str) -> str:
        for pattern in _PATTERNS:
            text = pattern.sub(MASK, text)
        if self._names is not None:
            text = self._names.sub(MASK, text)
        return text


def no_masking(text: str) -> str:
    return text
