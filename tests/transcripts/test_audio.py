"""Decoding and checking recordings: every broken file gets a clear reason."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.transcripts.audio_files import (
    FIXTURES,
    encode,
    silent_flac,
    truncated_copy,
    video_without_audio,
    write_wav,
)
from transcripts.audio import SAMPLE_RATE, AudioError, AudioLimits, decode_audio


def test_fixture_decodes_to_16k_mono() -> None:
    audio = decode_audio(FIXTURES / "meeting.flac")
    assert audio.samples.dtype == np.float32
    assert 30.0 < audio.duration_s < 31.5
    assert audio.warnings == []
    assert abs(audio.declared_s - audio.duration_s) < 0.1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("codec", "suffix"),
    [("libmp3lame", ".mp3"), ("aac", ".m4a"), ("libopus", ".ogg"), ("libopus", ".webm")],
)
def test_common_formats_decode(tmp_path: Path, codec: str, suffix: str) -> None:
    rate = 48_000 if codec == "libopus" else 16_000
    encoded = encode(FIXTURES / "s01.flac", tmp_path / f"s01{suffix}", codec, rate=rate)
    audio = decode_audio(encoded)
    assert 4.0 < audio.duration_s < 6.5
    assert audio.warnings == []


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda p: _file(p / "zero.wav", b""), "error.audio_empty"),
        (lambda p: _file(p / "random.mp3", os.urandom(50_000)), "error.audio_undecodable"),
        (
            lambda p: _file(p / "notes.wav", "これは音声ではありません\n".encode() * 100),
            "error.audio_undecodable",
        ),
        (lambda p: video_without_audio(p / "video.mp4"), "error.audio_no_track"),
        (lambda p: silent_flac(p / "long.flac", hours=4.1), "error.audio_too_long"),
        (lambda p: p / "missing.wav", "error.audio_missing"),
    ],
    ids=["zero-bytes", "random-bytes", "text-as-wav", "video-only", "four-hours", "missing"],
)
def test_broken_files_are_refused_with_a_reason(tmp_path: Path, make, key: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert caught.value.key == key


def test_truncated_mp3_warns_instead_of_silently_shortening(tmp_path: Path) -> None:
    mp3 = encode(FIXTURES / "meeting.flac", tmp_path / "meeting.mp3", "libmp3lame")
    cut = truncated_copy(mp3, tmp_path / "cut.mp3", keep=0.4)
    audio = decode_audio(cut)
    assert audio.duration_s < 20
    assert [key for key, _ in audio.warnings] == ["warning.audio_truncated"]
    params = audio.warnings[0][1]
    assert params["declared"] > params["decoded"]  # type: ignore[operator]


def test_limits_on_length_and_size(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "ten.wav", np.zeros(SAMPLE_RATE * 10, dtype=np.float32))
    with pytest.raises(AudioError) as caught:
        decode_audio(wav, AudioLimits(max_seconds=5))
    assert caught.value.key == "error.audio_too_long"
    with pytest.raises(AudioError) as caught:
        decode_audio(wav, AudioLimits(max_bytes=1000))
    assert caught.value.key == "error.audio_too_large"


def test_silence_decodes(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "silence.wav", np.zeros(SAMPLE_RATE * 3, dtype=np.float32))
    assert decode_audio(wav).duration_s == pytest.approx(3.0, abs=0.05)
