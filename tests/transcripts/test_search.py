"""Transcript search ignores width, kana type and spaces, and tells where
each hit is in the original text."""

from __future__ import annotations

import pytest

from transcripts.search import find_spans, replace_spans


@pytest.mark.parametrize(
    ("text", "query", "spans"),
    [
        ("地域のサロンに参加", "さろん", [(3, 6)]),
        ("地域のサロンに参加", "ｻﾛﾝ", [(3, 6)]),
        ("ｻﾛﾝ参加", "サロン", [(0, 3)]),
        ("サロン　参加します", "サロン参加", [(0, 6)]),
        ("サロン参加します", "サロン　参加", [(0, 5)]),
        ("ｶﾞｲﾄﾞの会", "ガイド", [(0, 5)]),
        ("ＮＰＯ法人", "npo", [(0, 3)]),
        ("デイサービスとデイサービス", "でいさーびす", [(0, 6), (7, 13)]),
        ("ああああ", "ああ", [(0, 2), (2, 4)]),
        ("民生委員", "児童委員", []),
        ("民生委員", "", []),
        ("民生委員", "　 ", []),
    ],
)
def test_find_spans(text: str, query: str, spans: list[tuple[int, int]]) -> None:
    assert find_spans(text, query) == spans


def test_replace_spans_keeps_the_rest_of_the_text() -> None:
    text = "ｻﾛﾝとさろんとサロン"
    assert replace_spans(text, find_spans(text, "サロン"), "サロン") == "サロンとサロンとサロン"
    assert replace_spans("変わらない", [], "x") == "変わらない"
