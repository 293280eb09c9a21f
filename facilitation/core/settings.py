"""Settings read from the environment (KONDAN_DATA_DIR, KONDAN_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    public_url: str | None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings; the default is a SQLite file under ``./data``."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("KONDAN_DATA_DIR") or "data").expanduser().resolve()
    database_url = env.get("KONDAN_DATABASE_URL") or f"sqlite:///{data_dir / 'kondan.sqlite3'}"
    public_url = env.get("KONDAN_PUBLIC_URL") or None
    return Settings(data_dir=data_dir, database_url=database_url, public_url=public_url)
