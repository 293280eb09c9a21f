"""Whisper's segments made into sentences (pure: no model)."""

from __future__ import annotations

import pytest

from transcripts.sentences import MAX_SENTENCE_CHARS, Segment, sentences


def texts(pieces: list[Segment]) -> list[str]:
    return [p.text for p in pieces]


def test_a_segment_of_several_sentences_is_cut_after_each_end() -> None:
    found = sentences(
        [Segment(0.0, 12.0, "今日は集まりました。買い物が大変です。サロンに来てね！")],
        pauses=[(3.9, 4.6), (8.2, 8.9)],
    )
    assert texts(found) == ["今日は集まりました。", "買い物が大変です。", "サロンに来てね！"]
    # times shared out by characters, then moved into the pauses near them
    assert [(p.start, p.end) for p in found] == [(0.0, 3.9), (4.6, 8.2), (8.9, 12.0)]


def test_a_sentence_over_two_segments_is_joined() -> None:
    found = sentences(
        [Segment(0.0, 7.0, "買い物に行くのが大変だ"), Segment(7.0, 10.0, "という声が多いです。")],
        pauses=[],
    )
    assert texts(found) == ["買い物に行くのが大変だという声が多いです。"]
    assert (found[0].start, found[0].end) == (0.0, 10.0)


def test_a_piece_that_ends_at_a_pause_ends_its_segment() -> None:
    found = sentences(
        [Segment(0.0, 4.0, "次回は三月に"), Segment(4.0, 8.0, "ふりかえりをします。")],
        pauses=[(4.1, 5.0)],
    )
    assert texts(found) == ["次回は三月に", "ふりかえりをします。"]


def test_unpunctuated_text_reads_spaces_at_pauses_as_sentence_ends() -> None:
    found = sentences(
        [Segment(0.0, 10.0, "今日は困りごとと 強みについて話します 買い物が大変です")],
        pauses=[(6.0, 6.8)],
    )
    assert texts(found) == ["今日は困りごとと、強みについて話します。", "買い物が大変です。"]
    assert found[0].end == 6.0 and found[1].start == 6.8


def test_punctuated_text_keeps_its_spaces_and_latin_words() -> None:
    found = sentences([Segment(0.0, 5.0, "LINE グループを作る。 Wi-Fi を使う。")], pauses=[])
    assert texts(found) == ["LINE グループを作る。", "Wi-Fi を使う。"]


def test_closing_brackets_stay_with_their_sentence() -> None:
    found = sentences(
        [Segment(0.0, 6.0, "「お互いさま便」をつくる。「はい。」と言った。")], pauses=[]
    )
    assert texts(found) == ["「お互いさま便」をつくる。", "「はい。」と言った。"]


def test_a_long_sentence_is_cut_at_the_comma_nearest_its_middle() -> None:
    long = "、".join(["見守り活動の担い手が足りない"] * 8) + "。"
    assert len(long) > MAX_SENTENCE_CHARS
    found = sentences([Segment(0.0, 30.0, long)], pauses=[])
    assert len(found) == 2
    assert "".join(texts(found)) == long
    assert all(len(p.text) <= MAX_SENTENCE_CHARS for p in found)
    assert found[0].end == pytest.approx(found[1].start)


def test_times_stay_in_order_and_inside_the_segments() -> None:
    found = sentences(
        [Segment(2.0, 9.0, "一つ目です。二つ目です。三つ目"), Segment(9.0, 11.0, "です。")],
        pauses=[(5.0, 5.6)],
    )
    assert [p.start for p in found] == sorted(p.start for p in found)
    assert all(2.0 <= p.start <= p.end <= 11.0 for p in found)


def test_empty_segments_give_nothing() -> None:
    assert sentences([Segment(0.0, 1.0, "  ")], pauses=[]) == []
