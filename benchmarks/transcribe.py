"""Transcription quality, speed and memory with the bundled Whisper base model.

For each fixture in ../shared/fixtures/audio: character error rate (NFKC,
punctuation and spaces ignored; the notation list applied), real-time factor,
without and with the default glossary. Then a long recording (the meeting
looped with pauses, 60 minutes by default) is transcribed in a child process
to measure its peak memory (max RSS), real-time factor and CER.

    python benchmarks/transcribe.py [--long-minutes 60] [--skip-long]
"""

from __future__ import annotations

import argparse
import json
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
from transcripts.engine import WhisperEngine  # noqa: E402
from transcripts.glossary import DEFAULT_NOTATION, DEFAULT_TERMS, apply_notation, hotwords  # noqa: E402
from transcripts.metrics import character_error_rate  # noqa: E402
from transcripts.models import resolve_model  # noqa: E402

REFERENCES = references()
NAMES = ["meeting", "s01", "s02", "s03", "s04", "s05"]


def fixtures(engine: WhisperEngine) -> None:
    glossary = hotwords(DEFAULT_TERMS)
    print(f"{'fixture':8s} {'CER plain':>9s} {'CER gloss':>9s} {'RTF plain':>9s} {'RTF gloss':>9s}")
    totals = {False: [0.0, 0.0], True: [0.0, 0.0]}
    for name in NAMES:
        audio = decode_audio(AUDIO / f"{name}.flac")
        row = {}
        for with_glossary in (False, True):
            began = time.perf_counter()
            transcript = engine.transcribe(
                audio.samples, language="ja", hotwords=glossary if with_glossary else None
            )
            elapsed = time.perf_counter() - began
            text = apply_notation(transcript.text, DEFAULT_NOTATION)
            row[with_glossary] = (
                character_error_rate(str(REFERENCES[name]["text"]), text),
                elapsed / audio.duration_s,
            )
            totals[with_glossary][0] += elapsed
            totals[with_glossary][1] += audio.duration_s
        print(
            f"{name:8s} {row[False][0]:9.1%} {row[True][0]:9.1%} "
            f"{row[False][1]:9.3f} {row[True][1]:9.3f}"
        )
    for with_glossary, (elapsed, duration) in totals.items():
        label = "glossary" if with_glossary else "plain"
        print(f"overall RTF ({label}): {elapsed / duration:.3f} over {duration:.0f} s of audio")


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
    if not args.skip_long:
        long_recording(args.long_minutes, data_dir)


if __name__ == "__main__":
    main()
