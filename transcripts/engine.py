"""Speech to text with faster-whisper, chunk by chunk.

The voice activity detector (Silero VAD, shipped with faster-whisper) finds
the speech; it is packed into chunks of at most ~28 s with each pause
shortened to at most 2 s, so that each pass of Whisper's 30-second encoder is
spent on speech, not on silence, while Whisper still hears where sentences
break. Chunks are decoded a few at a time (BATCH_SIZE, more on a GPU) (faster-whisper's batched
pipeline: each chunk's text in one pass, without timestamp tokens, and the
time of each word from the decoder's attention): on two CPU cores that is
about twice as fast as decoding them one by one, and no less accurate
(``benchmarks/transcribe.py``). The words are joined into runs that end where
the voice pauses or a sentence ends (``transcripts.runs``), in place of
Whisper's own segments.
The glossary goes to Whisper as ``hotwords``. Each chunk decoded with
the glossary is checked: a chunk whose text loops, or is far too short for
its speech, is decoded again without the glossary and the better text kept —
DESIGN.md has the figures that make this necessary. Known hallucinations on near-silence
(「ご視聴ありがとうございました」…) are dropped. Whisper's segments are then
made into sentences (``transcripts.sentences``). Segment times are seconds
from the start of the recording.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from transcripts.audio import SAMPLE_RATE
from transcripts.runs import Word, runs
from transcripts.sentences import Pause, Segment, sentences

MIN_SILENCE_MS = 500
SPEECH_PAD_MS = 200
MAX_CHUNK_S = 28.0
# On two CPU cores a batch of 4 is as fast as one of 8 and reports progress
# twice as often; a GPU takes many more at once.
BATCH_SIZE = 4
GPU_BATCH_SIZE = 16
KEPT_PAUSE_S = 2.0  # a longer pause is played shorter: the encoder hears speech
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
class Chunk:
    """Stretches of speech decoded at once: (start, end) in recording
    seconds, played one after the other, each pause between them shortened
    to at most KEPT_PAUSE_S of silence."""

    stretches: tuple[tuple[float, float], ...]

    @property
    def start(self) -> float:
        return self.stretches[0][0]

    @property
    def end(self) -> float:
        return self.stretches[-1][1]

    @property
    def speech_s(self) -> float:
        return sum(end - start for start, end in self.stretches)

    def _pauses(self) -> list[tuple[float, float]]:
        """Each pause after a stretch: (its length, its length as played)."""
        gaps = [b[0] - a[1] for a, b in itertools.pairwise(self.stretches)] + [0.0]
        return [(gap, min(gap, KEPT_PAUSE_S)) for gap in gaps]

    @property
    def played_s(self) -> float:
        return self.speech_s + sum(kept for _, kept in self._pauses())

    def audio(self, samples: np.ndarray) -> np.ndarray:
        parts = []
        for (start, end), (_, kept) in zip(self.stretches, self._pauses(), strict=True):
            parts.append(samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)])
            parts.append(np.zeros(int(kept * SAMPLE_RATE), dtype=np.float32))
        return np.concatenate(parts)

    def recording_time(self, at: float) -> float:
        """A time in the chunk's audio as a time in the recording."""
        at = max(at, 0.0)
        for (start, end), (gap, kept) in zip(self.stretches, self._pauses(), strict=True):
            if at <= end - start:
                return start + at
            at -= end - start
            if at <= kept:
                return end + (at * gap / kept if kept else 0.0)
            at -= kept
        return self.end


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
    """Pack VAD speech stretches (sample offsets) into chunks of at most
    MAX_CHUNK_S of speech, cut between stretches; a stretch longer than that
    is split evenly."""
    stretches: list[tuple[float, float]] = []
    for stretch in speech:
        start = stretch["start"] / SAMPLE_RATE
        end = min(stretch["end"] / SAMPLE_RATE, duration_s)
        pieces = max(1, int(np.ceil((end - start) / MAX_CHUNK_S)))
        width = (end - start) / pieces
        stretches += [(start + i * width, start + (i + 1) * width) for i in range(pieces)]
    chunks: list[Chunk] = []
    packed: list[tuple[float, float]] = []
    for piece in stretches:
        if packed and Chunk((*packed, piece)).played_s > MAX_CHUNK_S:
            chunks.append(Chunk(tuple(packed)))
            packed = []
        packed.append(piece)
    if packed:
        chunks.append(Chunk(tuple(packed)))
    return chunks


def pauses_between(speech: list[dict[str, int]]) -> list[Pause]:
    """The silences between VAD stretches (each 0.5 s or more of silence;
    the stretches' padding is given back to the pause)."""
    pad = SPEECH_PAD_MS / 1000
    return [
        (before["end"] / SAMPLE_RATE - pad, after["start"] / SAMPLE_RATE + pad)
        for before, after in itertools.pairwise(speech)
    ]


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
        self.batch_size = GPU_BATCH_SIZE if chosen_device == "cuda" else BATCH_SIZE
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
        self, samples: np.ndarray, chunks: list[Chunk], language: str, hotwords: str | None
    ) -> list[list[Word]]:
        """Each chunk's words (recording time), the chunks decoded together
        in one batch."""
        from faster_whisper import BatchedInferencePipeline

        played = [chunk.audio(samples) for chunk in chunks]
        offsets = list(itertools.accumulate((len(a) / SAMPLE_RATE for a in played), initial=0.0))
        segments, _info = BatchedInferencePipeline(self.model).transcribe(
            np.concatenate(played),
            language=language,
            beam_size=self.beam_size,
            hotwords=hotwords,
            clip_timestamps=[
                {"start": start, "end": end} for start, end in itertools.pairwise(offsets)
            ],
            batch_size=len(chunks),
            without_timestamps=True,
            word_timestamps=True,
            condition_on_previous_text=False,
        )
        words: list[list[Word]] = [[] for _ in chunks]
        for segment in segments:
            index = max(
                i for i, offset in enumerate(offsets[:-1]) if offset <= segment.start + 0.01
            )
            chunk, offset = chunks[index], offsets[index]
            words[index] += [
                (
                    chunk.recording_time(w.start - offset),
                    chunk.recording_time(w.end - offset),
                    w.word,
                )
                for w in segment.words or []
            ]
        return words

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
        speech = self._speech(samples)
        chunks = plan_chunks(speech, duration)
        pauses = pauses_between(speech)
        if language is None:
            language = self._detect_language(samples, chunks)
        transcript = Transcript(language=language, duration=duration)
        total_speech = sum(c.speech_s for c in chunks) or 1.0
        done_speech = 0.0
        for first in range(0, len(chunks), self.batch_size):
            if should_stop is not None and should_stop():
                raise Cancelled
            batch = chunks[first : first + self.batch_size]
            decoded = self._decode(samples, batch, language, hotwords)
            for chunk, words in zip(batch, decoded, strict=True):
                text = "".join(word for _, _, word in words)
                looping, short = looks_looping(text), too_short(text, chunk.speech_s)
                if hotwords and (looping or short):
                    # The glossary can send Whisper into a loop: decode again without it.
                    plain = self._decode(samples, [chunk], language, None)[0]
                    plain_text = "".join(word for _, _, word in plain)
                    transcript.glossary_retries += 1
                    if not looks_looping(plain_text) and (
                        looping or len(normalized(plain_text)) > len(normalized(text))
                    ):
                        words = plain
                found = [run for run in runs(words, pauses) if not is_hallucination(run.text)]
                pieces = sentences(found, pauses)
                if pieces:  # the voice stops where the chunk ends, whatever the estimate
                    pieces[-1] = Segment(pieces[-1].start, chunk.end, pieces[-1].text)
                made = [
                    Segment(start=round(p.start, 2), end=round(p.end, 2), text=p.text)
                    for p in pieces
                ]
                transcript.segments.extend(made)
                done_speech += chunk.speech_s
                if on_chunk is not None:
                    on_chunk(min(done_speech / total_speech, 1.0), made)
        return transcript

    def _detect_language(self, samples: np.ndarray, chunks: list[Chunk]) -> str:
        if not chunks:
            return "ja"
        language, _probability, _all = self.model.detect_language(chunks[0].audio(samples))
        return str(language)
