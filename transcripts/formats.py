"""Transcript exports: plain text, SubRip (SRT), WebVTT and JSON. Times in the
segment values are seconds; subtitle formats write HH:MM:SS,mmm / .mmm."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol


class TimedText(Protocol):
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def text(self) -> str: ...


FORMATS = ("txt", "srt", "vtt", "json")


def _clock(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _speaker(segment: TimedText) -> str:
    speaker = getattr(segment, "speaker", "") or ""
    return f"{speaker}: " if speaker else ""


def to_txt(segments: Sequence[TimedText], *, with_times: bool = True) -> str:
    lines = []
    for segment in segments:
        stamp = f"[{_clock(segment.start, '.')[:-4]}] " if with_times else ""
        lines.append(f"{stamp}{_speaker(segment)}{segment.text}")
    return "\n".join(lines) + ("\n" if lines else "")


def to_srt(segments: Sequence[TimedText]) -> str:
    blocks = [
        f"{index}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{_speaker(s)}{s.text}\n"
        for index, s in enumerate(segments, start=1)
    ]
    return "\n".join(blocks)


def to_vtt(segments: Sequence[TimedText]) -> str:
    blocks = [
        f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{_speaker(s)}{s.text}\n"
        for s in segments
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_json(segments: Sequence[TimedText], *, language: str | None, duration: float | None) -> str:
    payload = {
        "text": "".join(s.text for s in segments),
        "language": language,
        "duration": duration,
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                **({"speaker": getattr(s, "speaker", "")} if getattr(s, "speaker", "") else {}),
            }
            for s in segments
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def export(
    segments: Sequence[TimedText], fmt: str, *, language: str | None, duration: float | None
) -> str:
    if fmt == "txt":
        return to_txt(segments)
    if fmt == "srt":
        return to_srt(segments)
    if fmt == "vtt":
        return to_vtt(segments)
    if fmt == "json":
        return to_json(segments, language=language, duration=duration)
    raise ValueError(fmt)
