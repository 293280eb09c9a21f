"""Decoding recordings (wav, mp3, m4a/aac, ogg/opus, webm, flac, mp4, …) with
PyAV into 16 kHz mono float32 samples, with checks on what was decoded.

A file that is empty, not audio, has no audio track, or is longer or larger
than the limits is refused with a clear reason. A file that decodes to well
short of its declared length (a truncated upload) is transcribed as far as it
goes, with a warning the page shows next to the transcript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np

from facilitation.core.errors import UserError
from facilitation.core.settings import Settings

SAMPLE_RATE = 16_000
DEFAULT_MAX_SECONDS = 4 * 60 * 60
DEFAULT_MAX_BYTES = 2 * 1024**3
# Declared length that decoding may fall short of before we call a file truncated.
TRUNCATION_TOLERANCE_S = 1.0
TRUNCATION_RATIO = 0.97


class AudioError(UserError):
    """A recording that cannot be transcribed, with the reason as a catalogue key."""


@dataclass(frozen=True)
class AudioLimits:
    max_seconds: float = DEFAULT_MAX_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioLimits:
        """The installation's limits (KONDAN_MAX_AUDIO_SECONDS, KONDAN_MAX_UPLOAD_MB)."""
        return cls(
            max_seconds=settings.max_audio_seconds,
            max_bytes=int(settings.max_upload_mb * 1024**2),
        )


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray  # float32, mono, SAMPLE_RATE
    declared_s: float | None  # what the container says, if it says
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def _declared_seconds(
    container: av.container.InputContainer, stream: av.audio.stream.AudioStream
) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


PROBE_PACKETS = 200


def _open_audio(path: Path, limits: AudioLimits) -> tuple[Any, Any, float | None]:
    """The container, its first sound track and its declared length (checked
    against the limit); raises the AudioError for a file that is not audio."""
    try:
        container = av.open(str(path), mode="r")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as error:
        raise AudioError("error.audio_undecodable") from error
    if not container.streams.audio:
        container.close()
        raise AudioError("error.audio_no_track")
    stream = container.streams.audio[0]
    declared = _declared_seconds(container, stream)
    if declared is not None and declared > limits.max_seconds:
        container.close()
        raise AudioError("error.audio_too_long", limit_min=int(limits.max_seconds // 60))
    return container, stream, declared


def probe_audio(path: Path, limits: AudioLimits | None = None) -> None:
    """A quick look at an upload before it is kept: it opens, has a sound
    track within the length limit, and its first sound decodes. Raises the
    AudioError the worker would raise later (a text file named .mp3 is
    refused at once, not after a wait in the queue)."""
    container, stream, _ = _open_audio(path, limits or AudioLimits())
    with container:
        try:
            for number, packet in enumerate(container.demux(stream)):
                if packet.decode():
                    return
                if number >= PROBE_PACKETS:
                    break
        except av.FFmpegError as error:
            raise AudioError("error.audio_undecodable") from error
    raise AudioError("error.audio_undecodable")


# Failures that no retry can mend: the file itself is not transcribable.
PERMANENT_ERRORS = frozenset(
    {
        "error.audio_empty",
        "error.audio_undecodable",
        "error.audio_no_track",
        "error.audio_too_long",
        "error.audio_too_large",
        "error.audio_missing",
    }
)


def decode_audio(path: Path, limits: AudioLimits | None = None) -> DecodedAudio:
    """Decode ``path`` to 16 kHz mono float32. Raises AudioError for files that
    cannot be transcribed; reports a truncated file as a warning."""
    limits = limits or AudioLimits()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise AudioError("error.audio_missing") from error
    if size == 0:
        raise AudioError("error.audio_empty")
    if size > limits.max_bytes:
        raise AudioError("error.audio_too_large", limit_mb=limits.max_bytes // 1024**2)
    container, stream, declared = _open_audio(path, limits)
    with container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        decoded = 0
        broken = False
        max_samples = int(limits.max_seconds * SAMPLE_RATE)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    decoded += len(chunk)
                if decoded > max_samples:
                    raise AudioError(
                        "error.audio_too_long", limit_min=int(limits.max_seconds // 60)
                    )
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError:
            broken = True  # keep what decoded; reported below
    samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if len(samples) == 0:
        raise AudioError("error.audio_undecodable")
    warnings: list[tuple[str, dict[str, object]]] = []
    decoded_s = len(samples) / SAMPLE_RATE
    short = declared is not None and (
        declared - decoded_s > TRUNCATION_TOLERANCE_S and decoded_s < declared * TRUNCATION_RATIO
    )
    if broken or short:
        warnings.append(
            (
                "warning.audio_truncated",
                {"decoded": round(decoded_s), "declared": round(declared or decoded_s)},
            )
        )
    return DecodedAudio(samples=samples, declared_s=declared, warnings=warnings)
