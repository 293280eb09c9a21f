"""Timed words into runs that end where sentences end: polite endings and
pauses restore the 。 that Whisper leaves out with a glossary, and a run's
times keep out of the pauses beside it."""

from __future__ import annotations

from transcripts.runs import runs
from transcripts.sentences import Segment


def words(*spec: tuple[float, float, str]) -> list[tuple[float, float, str]]:
    return list(spec)


def test_polite_endings_end_sentences_the_glossary_left_unpunctuated() -> None:
    found = runs(
        words(
            (0.0, 0.5, "参加して"),
            (0.5, 1.2, "ほしいと思います"),
            (1.2, 1.8, "今日は"),
            (1.8, 2.6, "話し合います"),
        ),
        [],
    )
    assert found == [
        Segment(0.0, 1.2, "参加してほしいと思います。"),
        Segment(1.2, 2.6, "今日は話し合います。"),
    ]


def test_an_ending_that_carries_on_does_not_end_the_sentence() -> None:
    found = runs(
        words((0.0, 0.8, "行きます"), (0.8, 1.0, "が"), (1.0, 1.6, "遠いです"), (1.6, 1.8, "ね")),
        [],
    )
    assert [r.text for r in found] == ["行きますが遠いですね。"]


def test_a_question_gets_a_question_mark() -> None:
    found = runs(words((0.0, 0.8, "来ますか"), (0.8, 1.4, "はい")), [])
    assert [r.text for r in found] == ["来ますか？", "はい。"]


def test_a_pause_ends_a_sentence_and_a_space_elsewhere_reads_as_a_comma() -> None:
    found = runs(
        words(
            (0.0, 0.6, "困りごとと"),
            (0.6, 1.2, " 地域の強み"),
            (2.0, 2.6, "サロンの話"),
        ),
        [(1.3, 1.9)],
    )
    assert [r.text for r in found] == ["困りごとと、地域の強み。", "サロンの話。"]


def test_punctuated_text_is_cut_after_its_own_marks_and_at_pauses() -> None:
    found = runs(
        words((0.0, 1.0, "はい。"), (1.0, 2.0, "そうですね"), (3.0, 4.0, "次に")),
        [],
    )
    assert [r.text for r in found] == ["はい。", "そうですね", "次に"]


def test_a_run_keeps_out_of_the_pauses_its_words_reach_into() -> None:
    # Attention spreads 「サ」 over the pause before it, and 「です」 over the one after.
    found = runs(
        words((11.2, 14.0, "サ"), (14.0, 15.9, "ロンです")),
        [(11.23, 13.92), (16.03, 16.93)],
    )
    assert found == [Segment(13.92, 15.9, "サロンです。")]
    end_in_pause = runs(words((17.0, 19.2, "考えたい"), (19.2, 21.4, "です")), [(19.55, 22.14)])
    assert end_in_pause == [Segment(17.0, 19.55, "考えたいです。")]


def test_nothing_in_nothing_out() -> None:
    assert runs([], []) == []
    assert runs(words((0.0, 0.2, " ")), []) == []


def test_a_breath_after_a_particle_is_a_comma_not_a_sentence_end() -> None:
    found = runs(
        words((0.0, 1.4, "今日は地域の困りごとと"), (2.0, 3.6, "地域の強みについて話し合います")),
        [(1.5, 1.9)],
    )
    assert found == [Segment(0.0, 3.6, "今日は地域の困りごとと、地域の強みについて話し合います。")]
