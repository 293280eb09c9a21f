"""The real Whisper base model on the Japanese fixtures, and the guards."""

from __future__ import annotations

import numpy as np
import pytest

from tests.transcripts.audio_files import FIXTURES, REFERENCES
from transcripts.audio import SAMPLE_RATE, decode_audio
from transcripts.engine import (
    KEPT_PAUSE_S,
    Cancelled,
    Chunk,
    WhisperEngine,
    is_hallucination,
    looks_looping,
    pauses_between,
    plan_chunks,
    too_short,
)
from transcripts.glossary import DEFAULT_NOTATION, DEFAULT_TERMS, apply_notation, hotwords
from transcripts.metrics import character_error_rate
from transcripts.sentences import at_pause

NAMES = ["meeting", "s01", "s02", "s03", "s04", "s05"]
GLOSSARY = hotwords(DEFAULT_TERMS)


@pytest.fixture(scope="module")
def results(engine: WhisperEngine) -> dict[tuple[str, bool], float]:
    """CER per fixture, without and with the glossary (notation applied to both)."""
    found = {}
    for name in NAMES:
        samples = decode_audio(FIXTURES / f"{name}.flac").samples
        for with_glossary in (False, True):
            transcript = engine.transcribe(
                samples, language="ja", hotwords=GLOSSARY if with_glossary else None
            )
            text = apply_notation(transcript.text, DEFAULT_NOTATION)
            found[(name, with_glossary)] = character_error_rate(REFERENCES[name]["text"], text)
    return found


def test_meeting_cer_with_the_default_glossary_is_at_most_8_percent(results) -> None:  # type: ignore[no-untyped-def]
    assert results[("meeting", True)] <= 0.08


def test_meeting_cer_without_glossary_stays_reasonable(results) -> None:  # type: ignore[no-untyped-def]
    assert results[("meeting", False)] <= 0.12


@pytest.mark.parametrize("name", NAMES)
def test_glossary_never_costs_more_than_one_point(results, name: str) -> None:  # type: ignore[no-untyped-def]
    assert results[(name, True)] <= results[(name, False)] + 0.01


def test_segments_have_times_in_order(engine: WhisperEngine) -> None:
    samples = decode_audio(FIXTURES / "meeting.flac").samples
    seen: list[float] = []
    transcript = engine.transcribe(
        samples, hotwords=GLOSSARY, on_chunk=lambda done, segments: seen.append(done)
    )
    assert transcript.language == "ja"
    assert seen[-1] == pytest.approx(1.0)
    starts = [s.start for s in transcript.segments]
    assert starts == sorted(starts)
    assert all(0 <= s.start <= s.end <= transcript.duration + 0.01 for s in transcript.segments)
    assert transcript.segments[-1].end > 25


def test_silence_gives_no_segments(engine: WhisperEngine) -> None:
    transcript = engine.transcribe(np.zeros(SAMPLE_RATE * 20, dtype=np.float32))
    assert transcript.segments == []


def test_language_detection(engine: WhisperEngine) -> None:
    samples = decode_audio(FIXTURES / "s02.flac").samples
    assert engine.transcribe(samples, language=None).language == "ja"


def test_stop_between_chunks(engine: WhisperEngine) -> None:
    samples = decode_audio(FIXTURES / "meeting.flac").samples
    with pytest.raises(Cancelled):
        engine.transcribe(samples, should_stop=lambda: True)


@pytest.mark.parametrize(
    ("text", "looping"),
    [
        ("見守り活動の担い手として若い世代にも参加してほしい", False),
        ("見守り見守り見守り見守り見守り見守り", True),
        ("サロンの参加者がサロンの参加者がサロンの参加者がサロンの参加者が", True),
        ("はい", False),
    ],
)
def test_loop_detection(text: str, looping: bool) -> None:
    assert looks_looping(text) is looping


def test_too_short_for_its_speech() -> None:
    assert too_short("はい", speech_s=20.0)
    assert not too_short("今日は地域の困りごとについて話し合います", speech_s=4.0)
    assert not too_short("", speech_s=1.0)  # too little speech to judge


def test_known_hallucinations() -> None:
    assert is_hallucination("ご視聴ありがとうございました。")
    assert not is_hallucination("参加ありがとうございました")


def test_chunks_pack_speech_and_shorten_pauses() -> None:
    rate = SAMPLE_RATE
    speech = [
        {"start": 0, "end": 5 * rate},
        {"start": int(5.5 * rate), "end": 20 * rate},
        {"start": 24 * rate, "end": 30 * rate},  # a 4 s pause, played as 2 s
        {"start": 31 * rate, "end": 40 * rate},  # joining would pass 28 s played
        {"start": 45 * rate, "end": 110 * rate},  # one long stretch, split evenly
    ]
    chunks = plan_chunks(speech, duration_s=120)
    assert [(round(c.start), round(c.end)) for c in chunks[:2]] == [(0, 30), (31, 40)]
    assert chunks[0].played_s == pytest.approx(5 + 0.5 + 14.5 + KEPT_PAUSE_S + 6)
    assert all(c.played_s <= 28.0 + 1e-6 for c in chunks)
    assert chunks[-1].end == pytest.approx(110)
    assert sum(c.speech_s for c in chunks) == pytest.approx(5 + 14.5 + 6 + 9 + 65)


def test_chunk_times_map_back_to_the_recording() -> None:
    chunk = Chunk(((10.0, 14.0), (18.0, 22.0)))  # a 6 s pause played as 2 s
    samples = np.zeros(SAMPLE_RATE * 30, dtype=np.float32)
    assert KEPT_PAUSE_S == 2.0
    assert len(chunk.audio(samples)) == pytest.approx((4 + 2 + 4) * SAMPLE_RATE, abs=2)
    assert chunk.recording_time(0.0) == 10.0
    assert chunk.recording_time(3.0) == 13.0
    assert chunk.recording_time(5.0) == pytest.approx(16.0)  # halfway through the pause
    assert chunk.recording_time(6.5) == pytest.approx(18.5)
    assert chunk.recording_time(99.0) == 22.0


def test_meeting_segments_read_as_sentences(engine: WhisperEngine) -> None:
    """Every segment ends a sentence (。？！) or at a pause, with the glossary
    and without, and each speaker's turn starts a segment (within 1 s)."""
    samples = decode_audio(FIXTURES / "meeting.flac").samples
    pauses = pauses_between(engine._speech(samples))
    for glossary in (None, GLOSSARY):
        segments = engine.transcribe(samples, hotwords=glossary).segments
        for segment in segments:
            assert segment.text.endswith(("。", "？", "！")) or at_pause(segment.end, pauses)
        starts = [segment.start for segment in segments]
        for turn in REFERENCES["meeting"]["turns"]:
            assert min(abs(start - turn["start"]) for start in starts) < 1.0, (turn, starts)
