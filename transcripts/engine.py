"""Speech to text with faster-whisper, chunk by chunk.

The audio is split at pauses of 0.5 s or more (Silero VAD, shipped with
faster-whisper), and the speech is decoded in chunks of at most ~28 s. Each
chunk decoded with the glossary is checked: a chunk whose text loops, or is
far too short for its speech, is decoded again without the glossary and the
better text kept — DESIGN.md has the figures that make this necessary. Known
hallucinations on near-silence (「ご視聴ありがとうございました」…) are dropped.
Segment times are seconds from the start of the recording.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from transcripts.audio import SAMPLE_RATE

MIN_SILENCE_MS = 500
SPEECH_PAD_MS = 200
MAX_CHUNK_S = 28.0
MERGE_GAP_S = 1.5
# Japanese speech runs at about 6–9 characters a second; under 1.5 is a lost chunk.
MIN_CHARS_PER_SPEECH_SECOND = 1.5
MAX_COMPRESSION_RATIO = 2.4
HALLUCINATIONS = frozenset(
    {
        "ご視聴ありがとうございました",
        "ご視聴ありがとうございます",
        "チャンネル登録お願いします",
        "チャンネル登録よろしくお願いします",
        "最後までご視聴いただきありがとうございました",
        "おやすみなさい",
        "字幕視聴ありがとうございました",
        "thankyouforwatching",
    }
)


@dataclass(frozen=True)
class Segment:
    """A stretch of speech: ``start`` and ``end`` in seconds, and its text."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Chunk:
    """A slice of the recording decoded at once (seconds)."""

    start: float
    end: float
    speech_s: float


@dataclass
class Transcript:
    language: str
    duration: float
    segments: list[Segment] = field(default_factory=list)
    glossary_retries: int = 0

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


ProgressCallback = Callable[[float, list[Segment]], None]


class Transcriber(Protocol):
    """What the worker, the CLI and the tests need of a speech engine."""

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        language: str | None = "ja",
        hotwords: str | None = None,
        on_chunk: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Transcript: ...


class Cancelled(Exception):
    """``should_stop`` asked the transcription to stop."""


def normalized(text: str) -> str:
    """NFKC, without punctuation, symbols or spaces (for comparing and counting)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z", "S", "C"))
    ).lower()


def looks_looping(text: str) -> bool:
    """A decode stuck in a loop: a phrase repeated 4+ times running, or text that
    compresses far better than speech does."""
    plain = normalized(text)
    if len(plain) < 12:
        return False
    if re.search(r"(.{2,20}?)\1{3,}", plain):
        return True
    encoded = plain.encode("utf-8")
    return len(encoded) / len(zlib.compress(encoded)) > MAX_COMPRESSION_RATIO


def too_short(text: str, speech_s: float) -> bool:
    return speech_s >= 3.0 and len(normalized(text)) < speech_s * MIN_CHARS_PER_SPEECH_SECOND


def is_hallucination(text: str) -> bool:
    return normalized(text) in HALLUCINATIONS


def plan_chunks(speech: list[dict[str, int]], duration_s: float) -> list[Chunk]:
    """Group VAD speech stretches (sample offsets) into chunks of at most
    MAX_CHUNK_S, cut at pauses; a long stretch is split evenly."""
    chunks: list[Chunk] = []
    start = end = speech_s = 0.0
    open_chunk = False
    for stretch in speech:
        s, e = stretch["start"] / SAMPLE_RATE, min(stretch["end"] / SAMPLE_RATE, duration_s)
        if open_chunk and (s - end > MERGE_GAP_S or e - start > MAX_CHUNK_S):
            chunks.append(Chunk(start, end, speech_s))
            open_chunk = False
        if not open_chunk:
            start, speech_s, open_chunk = s, 0.0, True
        end = e
        speech_s += e - s
    if open_chunk:
        chunks.append(Chunk(start, end, speech_s))
    split: list[Chunk] = []
    for chunk in chunks:
        pieces = max(1, int(np.ceil((chunk.end - chunk.start) / MAX_CHUNK_S)))
        width = (chunk.end - chunk.start) / pieces
        for index in range(pieces):
            split.append(
                Chunk(
                    chunk.start + index * width,
                    chunk.start + (index + 1) * width,
                    chunk.speech_s / pieces,
                )
            )
    return split


def default_device() -> tuple[str, str]:
    """(device, compute type): float16 on a CUDA GPU when there is one, else int8 on CPU."""
    try:
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda", "float16"
    except (ImportError, RuntimeError):
        pass
    return "cpu", "int8"


class WhisperEngine:
    """faster-whisper on CPU (int8, every core) or CUDA (float16)."""

    def __init__(self, model_path: str, *, device: str | None = None, beam_size: int = 5) -> None:
        from faster_whisper import WhisperModel

        chosen_device, compute_type = default_device()
        if device is not None and device != chosen_device:
            chosen_device, compute_type = device, "int8" if device == "cpu" else "float16"
        self.device = chosen_device
        self.beam_size = beam_size
        self.model = WhisperModel(
            model_path,
            device=chosen_device,
            compute_type=compute_type,
            cpu_threads=os.cpu_count() or 1,
            local_files_only=os.path.isdir(model_path),
        )

    def _speech(self, samples: np.ndarray) -> list[dict[str, int]]:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        options = VadOptions(min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=SPEECH_PAD_MS)
        return list(get_speech_timestamps(samples, options))

    def _decode(
        self, audio: np.ndarray, offset: float, language: str, hotwords: str | None
    ) -> list[Segment]:
        """Segments of one chunk, in recording time, kept inside the chunk."""
        chunk_end = offset + len(audio) / SAMPLE_RATE
        segments, _info = self.model.transcribe(
            audio,
            language=language,
            beam_size=self.beam_size,
            hotwords=hotwords,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        found: list[Segment] = []
        for segment in segments:
            text = segment.text.strip()
            if not text or is_hallucination(text):
                continue
            start = max(offset + segment.start, found[-1].end if found else offset)
            end = max(start, min(offset + segment.end, chunk_end))
            found.append(Segment(start=round(start, 2), end=round(end, 2), text=text))
        return found

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        language: str | None = "ja",
        hotwords: str | None = None,
        on_chunk: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono samples. ``on_chunk(fraction_done, new_segments)``
        is called after each chunk; ``should_stop()`` is asked between chunks."""
        duration = len(samples) / SAMPLE_RATE
        chunks = plan_chunks(self._speech(samples), duration)
        if language is None:
            language = self._detect_language(samples, chunks)
        transcript = Transcript(language=language, duration=duration)
        total_speech = sum(c.speech_s for c in chunks) or 1.0
        done_speech = 0.0
        for chunk in chunks:
            if should_stop is not None and should_stop():
                raise Cancelled
            audio = samples[int(chunk.start * SAMPLE_RATE) : int(chunk.end * SAMPLE_RATE)]
            found = self._decode(audio, chunk.start, language, hotwords)
            text = "".join(s.text for s in found)
            looping, short = looks_looping(text), too_short(text, chunk.speech_s)
            if hotwords and (looping or short):
                # The glossary can send Whisper into a loop: decode again without it.
                plain = self._decode(audio, chunk.start, language, None)
                plain_text = "".join(s.text for s in plain)
                transcript.glossary_retries += 1
                if not looks_looping(plain_text) and (
                    looping or len(normalized(plain_text)) > len(normalized(text))
                ):
                    found = plain
            transcript.segments.extend(found)
            done_speech += chunk.speech_s
            if on_chunk is not None:
                on_chunk(min(done_speech / total_speech, 1.0), found)
        return transcript

    def _detect_language(self, samples: np.ndarray, chunks: list[Chunk]) -> str:
        if not chunks:
            return "ja"
        first = chunks[0]
        audio = samples[int(first.start * SAMPLE_RATE) : int(first.end * SAMPLE_RATE)]
        language, _probability, _all = self.model.detect_language(audio)
        return str(language)
