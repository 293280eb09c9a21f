"""``kondan transcribe`` as a user runs it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.transcripts.audio_files import FIXTURES, REFERENCES
from transcripts.metrics import character_error_rate

ROOT = Path(__file__).resolve().parents[2]


def kondan(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KONDAN_DATA_DIR": str(data_dir), "KONDAN_DATABASE_URL": ""}
    return subprocess.run(
        [sys.executable, "-m", "facilitation.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_json_output_meets_the_cer_bound(model_dir: Path) -> None:
    result = kondan(
        "transcribe", str(FIXTURES / "meeting.flac"), "--format", "json", data_dir=model_dir
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"text", "language", "duration", "segments"}
    assert payload["language"] == "ja"
    assert 30 < payload["duration"] < 32
    assert all({"start", "end", "text"} <= set(s) for s in payload["segments"])
    assert character_error_rate(REFERENCES["meeting"]["text"], payload["text"]) <= 0.08


@pytest.mark.parametrize("fmt", ["srt", "vtt", "txt"])
def test_subtitle_formats(model_dir: Path, fmt: str) -> None:
    result = kondan("transcribe", str(FIXTURES / "s03.flac"), "--format", fmt, data_dir=model_dir)
    assert result.returncode == 0, result.stderr
    assert "サロン" in result.stdout
    if fmt == "srt":
        assert result.stdout.startswith("1\n00:00:")
    if fmt == "vtt":
        assert result.stdout.startswith("WEBVTT\n\n00:00:")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.wav", "audio file is missing"),
        (b"", "empty.wav", "empty"),
        # Fixed noise: some random bytes happen to open as a container with no
        # sound track ("no audio track", also right, but another message).
        (random.Random(0).randbytes(4000), "noise.mp3", "cannot be read as audio"),
    ],
)
def test_bad_files_are_one_line_errors(
    tmp_path: Path, model_dir: Path, content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = kondan("transcribe", str(path), data_dir=model_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_unavailable_model_is_one_line(model_dir: Path) -> None:
    result = kondan(
        "transcribe", str(FIXTURES / "s01.flac"), "--model", "large-v3", data_dir=model_dir
    )
    assert result.returncode == 1
    assert "large-v3" in result.stderr and "Traceback" not in result.stderr
