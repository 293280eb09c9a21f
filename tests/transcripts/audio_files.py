"""Audio files for tests, made here: encoded, truncated, silent, video-only,
and a WAV header that declares four hours."""

from __future__ import annotations

import json
import struct
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from transcripts.audio import decode_audio

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "audio"
REFERENCES = json.loads((FIXTURES / "references.json").read_text(encoding="utf-8"))


def write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    path.write_bytes(header + b"data" + struct.pack("<I", len(data)) + data)
    return path


def silent_flac(path: Path, hours: float) -> Path:
    """A real FLAC of ``hours`` of silence (4 h is under 3 MB and takes ~1.5 s)."""
    rate, minute = 8_000, 8_000 * 60
    with av.open(str(path), "w") as out:
        stream = out.add_stream("flac", rate=rate)
        stream.layout = "mono"
        silence = np.zeros((1, minute), dtype=np.int16)
        for index in range(round(hours * 60)):
            frame = av.AudioFrame.from_ndarray(silence, format="s16", layout="mono")
            frame.sample_rate, frame.pts = rate, index * minute
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def encode(source: Path, target: Path, codec: str, *, rate: int = 16_000) -> Path:
    """Re-encode ``source`` with ``codec`` into ``target`` (container by suffix)."""
    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        stream: Any = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(
            format=stream.format.name if stream.format else "s16", layout="mono", rate=rate
        )
        for frame in inp.decode(audio=0):
            for converted in resampler.resample(frame):
                for packet in stream.encode(converted):
                    out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return target


def truncated_copy(source: Path, target: Path, keep: float = 0.4) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def video_without_audio(path: Path) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        stream.time_base = Fraction(1, 10)
        for index in range(20):
            frame = av.VideoFrame.from_ndarray(
                np.full((64, 64, 3), index * 10, dtype=np.uint8), format="rgb24"
            )
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def looped_meeting(path: Path, times: int) -> Path:
    """The meeting fixture ``times`` over with 2-second pauses (16 kHz WAV)."""

    meeting = decode_audio(FIXTURES / "meeting.flac").samples
    pause = np.zeros(32_000, dtype=np.float32)
    return write_wav(path, np.concatenate([np.concatenate([meeting, pause])] * times))
