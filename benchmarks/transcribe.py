"""Transcription quality, speed and memory with the bundled Whisper base model.

For each fixture in ../shared/fixtures/audio, and for a 3-minute meeting made
of the fixtures' turns with pauses of 0.3–3 s between them: character error
rate (NFKC, punctuation and spaces ignored; the notation list applied),
real-time factor and the share of segments that read as sentences (ending
with 。？！, or at a pause of 0.5 s or more found by a voice activity
detector run apart from the engine), without and with the default glossary.

Then the whole `kondan transcribe` command against plain faster-whisper with
its default settings on the same model, each a fresh process, start-up
included, side by side in one run; and a long recording (the meeting looped
with pauses, 60 minutes by default) in a child process for its peak memory
(max RSS), real-time factor and CER.

    python benchmarks/transcribe.py [--long-minutes 60] [--skip-long]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.seed import AUDIO, references, save_wav  # noqa: E402
from transcripts.audio import decode_audio  # noqa: E402
from transcripts.engine import Segment, WhisperEngine  # noqa: E402
from transcripts.glossary import DEFAULT_NOTATION, DEFAULT_TERMS, apply_notation, hotwords  # noqa: E402
from transcripts.metrics import character_error_rate  # noqa: E402
from transcripts.models import resolve_model  # noqa: E402

REFERENCES = references()
NAMES = ["meeting", "s01", "s02", "s03", "s04", "s05"]
SENTENCE_ENDS = tuple("。？！?!")
PLAIN_WHISPER = """
import sys
from faster_whisper import WhisperModel
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8")
segments, _ = model.transcribe(sys.argv[2], language="ja")
print("".join(segment.text for segment in segments))
"""


def three_minute_meeting() -> tuple[np.ndarray, str]:
    """The meeting's five turns and the five clips, three times over in a
    shuffled order, with pauses of 0.3–3 s: about three and a half minutes, and its text."""
    samples, text, _starts = three_minute_meeting_timed()
    return samples, text


def three_minute_meeting_timed() -> tuple[np.ndarray, str, list[float]]:
    """``three_minute_meeting`` and when each of its sentences begins (seconds)."""
    rate = 16_000
    meeting = decode_audio(AUDIO / "meeting.flac").samples
    turns: list[dict[str, float]] = REFERENCES["meeting"]["turns"]  # type: ignore[assignment]
    sentences = str(REFERENCES["meeting"]["text"]).split("。")[:-1]
    pieces = [
        (meeting[int(t["start"] * rate) : int(t["end"] * rate)], text + "。")
        for t, text in zip(turns, sentences, strict=True)
    ]
    pieces += [
        (decode_audio(AUDIO / f"s0{n}.flac").samples, str(REFERENCES[f"s0{n}"]["text"]))
        for n in range(1, 6)
    ]
    random = np.random.default_rng(7)
    parts, text, starts, at = [], "", [], 0.0
    for _ in range(3):
        for index in random.permutation(len(pieces)):
            samples, said = pieces[index]
            pause = np.zeros(int(rate * random.uniform(0.3, 3.0)), np.float32)
            # The clip's own lead-in silence is not the sentence.
            starts.append(at + float(np.argmax(np.abs(samples) > 0.01)) / rate)
            parts += [samples, pause]
            text += said
            at += (len(samples) + len(pause)) / rate
    return np.concatenate(parts), text, starts


def starts_found(segments: list[Segment], starts: list[float]) -> float:
    """Share of sentence starts that some segment starts within 0.5 s of (so a
    click on it plays the sentence from its beginning)."""
    return sum(any(abs(s.start - t) <= 0.5 for s in segments) for t in starts) / len(starts)


def pauses_in(samples: np.ndarray) -> list[tuple[float, float]]:
    """Silences of 0.5 s or more, by Silero VAD with no padding (the measure's
    own run, apart from the engine's)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    speech = get_speech_timestamps(
        samples, VadOptions(min_silence_duration_ms=500, speech_pad_ms=0)
    )
    found = [(0.0, speech[0]["start"] / 16_000)] if speech else []
    found += [(a["end"] / 16_000, b["start"] / 16_000) for a, b in itertools.pairwise(speech)]
    return found + ([(speech[-1]["end"] / 16_000, len(samples) / 16_000)] if speech else [])


def sentence_share(segments: list[Segment], pauses: list[tuple[float, float]]) -> float:
    """Share of segments ending with 。？！ or within 0.3 s of a pause."""
    if not segments:
        return 1.0
    ok = sum(
        s.text.rstrip("」』）")[-1:] in SENTENCE_ENDS
        or any(a - 0.3 <= s.end <= b + 0.3 for a, b in pauses)
        for s in segments
    )
    return ok / len(segments)


def fixtures(engine: WhisperEngine) -> None:
    glossary = hotwords(DEFAULT_TERMS)
    print(
        f"{'recording':9s} {'CER plain':>9s} {'CER gloss':>9s} {'RTF plain':>9s} "
        f"{'RTF gloss':>9s} {'sentences plain':>15s} {'sentences gloss':>15s}"
    )
    totals = {False: [0.0, 0.0], True: [0.0, 0.0]}
    ends = {False: [0, 0], True: [0, 0]}
    timing: dict[bool, str] = {}
    recordings = [
        (name, decode_audio(AUDIO / f"{name}.flac").samples, str(REFERENCES[name]["text"]))
        for name in NAMES
    ]
    meeting_3min, meeting_text, meeting_starts = three_minute_meeting_timed()
    recordings.append(("3-minute", meeting_3min, meeting_text))
    for name, samples, reference in recordings:
        pauses = pauses_in(samples)
        duration = len(samples) / 16_000
        row = {}
        for with_glossary in (False, True):
            began = time.perf_counter()
            transcript = engine.transcribe(
                samples, language="ja", hotwords=glossary if with_glossary else None
            )
            elapsed = time.perf_counter() - began
            text = apply_notation(transcript.text, DEFAULT_NOTATION)
            share = sentence_share(transcript.segments, pauses)
            row[with_glossary] = (
                character_error_rate(reference, text),
                elapsed / duration,
                f"{share:.0%} of {len(transcript.segments)}",
            )
            if name == "3-minute":
                found = starts_found(transcript.segments, meeting_starts)
                timing[with_glossary] = f"{found:.0%} of {len(meeting_starts)}"
            totals[with_glossary][0] += elapsed
            totals[with_glossary][1] += duration
            ends[with_glossary][0] += round(share * len(transcript.segments))
            ends[with_glossary][1] += len(transcript.segments)
        print(
            f"{name:9s} {row[False][0]:9.1%} {row[True][0]:9.1%} "
            f"{row[False][1]:9.3f} {row[True][1]:9.3f} {row[False][2]:>15s} {row[True][2]:>15s}"
        )
    print(
        f"3-minute sentence starts found within 0.5 s: {timing[False]} (plain), "
        f"{timing[True]} (glossary)"
    )
    for with_glossary, (elapsed, duration) in totals.items():
        label = "glossary" if with_glossary else "plain"
        good, count = ends[with_glossary]
        print(
            f"overall ({label}): RTF {elapsed / duration:.3f} over {duration:.0f} s of audio, "
            f"{good / count:.1%} of {count} segments end a sentence or at a pause"
        )


def side_by_side(data_dir: Path) -> None:
    """`kondan transcribe` and plain faster-whisper, each a fresh process
    (start-up, model load, decoding the file included), three times in turn
    (a shared two-core machine varies by 10% from run to run: the best of
    each is compared)."""
    samples, reference = three_minute_meeting()
    model = resolve_model("base", data_dir)
    with tempfile.TemporaryDirectory() as folder:
        path = save_wav(Path(folder) / "meeting-3min.wav", samples)
        environment = {**os.environ, "KONDAN_DATA_DIR": folder}
        commands = {
            "kondan": [sys.executable, "-m", "facilitation.cli", "transcribe", str(path)],
            "plain": [sys.executable, "-c", PLAIN_WHISPER, str(model), str(path)],
        }
        subprocess.run(
            [sys.executable, "-m", "facilitation.cli", "db", "upgrade"],
            env=environment,
            check=True,
            capture_output=True,
        )
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        cer: dict[str, float] = {}
        for _ in range(3):
            for name, command in commands.items():
                began = time.perf_counter()
                done = subprocess.run(
                    command, env=environment, check=True, capture_output=True, text=True, cwd=ROOT
                )
                seconds[name].append(time.perf_counter() - began)
                said = re.sub(r"^\[[\d:]+\] ", "", done.stdout, flags=re.MULTILINE)
                text = apply_notation(said, DEFAULT_NOTATION)
                cer[name] = character_error_rate(reference, text)
    duration = len(samples) / 16_000
    for name in commands:
        print(
            f"{name:6s} whole command on {duration:.0f} s: "
            f"{min(seconds[name]):.1f} s (runs {', '.join(f'{s:.1f}' for s in seconds[name])}), "
            f"CER {cer[name]:.1%}"
        )
    print(f"kondan / plain faster-whisper: {min(seconds['kondan']) / min(seconds['plain']):.2f}")


def long_child(path: Path, data_dir: Path, loops: int) -> None:
    began = time.perf_counter()
    audio = decode_audio(path)
    engine = WhisperEngine(resolve_model("base", data_dir))
    transcript = engine.transcribe(audio.samples, language="ja", hotwords=hotwords(DEFAULT_TERMS))
    elapsed = time.perf_counter() - began
    text = apply_notation(transcript.text, DEFAULT_NOTATION)
    cer = character_error_rate(str(REFERENCES["meeting"]["text"]) * loops, text)
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "duration": audio.duration_s,
                "cer": cer,
                "segments": len(transcript.segments),
                "retries": transcript.glossary_retries,
            }
        )
    )


def long_recording(minutes: float, data_dir: Path) -> None:

    meeting = decode_audio(AUDIO / "meeting.flac").samples
    pause = np.zeros(2 * 16_000, dtype=np.float32)
    one = np.concatenate([meeting, pause])
    loops = max(1, round(minutes * 60 / (len(one) / 16_000)))
    with tempfile.TemporaryDirectory() as folder:
        path = save_wav(Path(folder) / "long.wav", np.concatenate([one] * loops))
        del meeting, one
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child-long",
                str(path),
                "--data-dir",
                str(data_dir),
                "--loops",
                str(loops),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"long recording: {figures['duration'] / 60:.1f} min ({loops} loops), "
        f"{figures['seconds']:.0f} s, RTF {figures['seconds'] / figures['duration']:.3f}, "
        f"peak memory {peak_mb:.0f} MB, CER {figures['cer']:.1%}, "
        f"{figures['segments']} segments, {figures['retries']} glossary retries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-minutes", type=float, default=60)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--child-long", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--loops", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kondan-bench-"))
    # the models folder of that data directory
    data_dir = data_dir / "models"
    if args.child_long:
        long_child(args.child_long, data_dir, args.loops)
        return
    engine = WhisperEngine(resolve_model("base", data_dir))
    print(f"device: {engine.device}")
    fixtures(engine)
    side_by_side(data_dir)
    if not args.skip_long:
        long_recording(args.long_minutes, data_dir)


if __name__ == "__main__":
    main()
