"""Text cleaning, join codes and the catalogue: pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from facilitation.core.i18n import catalogue, keys, translate
from facilitation.core.text import clean_text, split_lines
from facilitation.workshops.codes import (
    CODE_LENGTH,
    format_join_code,
    looks_like_join_code,
    new_join_code,
    normalize_join_code,
)


@given(st.text())
def test_cleaned_text_holds_no_control_characters(raw: str) -> None:
    cleaned = clean_text(raw)
    assert all(ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) for ch in cleaned)
    assert "\ufffe" not in cleaned and "\uffff" not in cleaned
    hidden = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\x1b"
    assert not any(ch in hidden for ch in cleaned)
    assert cleaned == cleaned.strip()
    cleaned.encode("utf-8")  # no lone surrogates


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_printable_text_round_trips(raw: str) -> None:
    assert clean_text(raw) == raw.strip()


def test_emoji_sequences_survive() -> None:
    family = "👨\u200d👩\u200d👧 🇯🇵 ☺️"
    assert clean_text(family) == family


def test_pasted_lines() -> None:
    assert split_lines("・一\n\n● 二\r\n- 三\n   \n") == ["一", "二", "三"]


def test_new_codes_are_well_formed_and_differ() -> None:
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(looks_like_join_code(c) and len(c) == CODE_LENGTH for c in codes)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("abcd-efgh", "ABCDEFGH"), (" ABCD EFGH ", "ABCDEFGH"), ("ＡＢＣＤ－ＥＦＧＨ", "ABCDEFGH")],
)
def test_normalize(typed: str, normal: str) -> None:
    assert normalize_join_code(typed) == normal
    assert format_join_code(normal) == "ABCD-EFGH"


def test_every_catalogue_entry_has_japanese_and_english() -> None:
    for key in keys("ja"):
        for language in ("ja", "en"):
            translations, plurals = catalogue(language)
            text = (
                translations.ngettext(key, key, 2) if key in plurals else translations.gettext(key)
            )
            assert text != key, (language, key)


def test_errors_name_their_field_in_the_users_language() -> None:
    assert translate("error.empty", "ja", field="note") == "付箋が空です。"
    assert translate("error.empty", "en", field="note") == "The note is empty."
    assert "300" in translate("error.too_long", "ja", field="note", limit=300, length=301)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("右から左\u202eABC", "右から左ABC"),  # right-to-left override
        ("\u202a埋め込み\u202c", "埋め込み"),
        ("x\u2066隔離\u2069y", "x隔離y"),  # isolates
        ("見\u200bえ\u2060な\ufeffい", "見えない"),  # zero-width space, word joiner, BOM
        ("\x1b[31m赤い字\x1b[0m", "赤い字"),  # a terminal colour, whole
        ("[31m", "[31m"),  # without its escape it is just text
        ("\x1b]0;題\x07本文", "本文"),  # a terminal title sequence
        ("👨\u200d👩\u200d👧 家族", "👨\u200d👩\u200d👧 家族"),  # ZWJ emoji stay whole
    ],
)
def test_invisible_and_reordering_characters_are_removed(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored
