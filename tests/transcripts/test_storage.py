"""The recordings storage every machine shares: a worker that cannot read
and write it refuses to start, saying which folder and why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transcripts.storage import StorageUnusable, check_storage


def test_a_usable_folder_is_made_and_left_clean(tmp_path: Path) -> None:
    folder = tmp_path / "share" / "recordings"
    check_storage(folder)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    blocked = tmp_path / "recordings"
    blocked.write_text("a file, not a folder")
    with pytest.raises(StorageUnusable) as refused:
        check_storage(blocked)
    assert refused.value.params["path"] == str(blocked)


def test_the_worker_refuses_to_start_without_its_storage(tmp_path: Path) -> None:
    blocked = tmp_path / "mount-missing"
    blocked.write_text("the share was not mounted; a file lies here")
    env = {
        **os.environ,
        "KONDAN_DATA_DIR": str(tmp_path / "data"),
        "KONDAN_RECORDINGS_DIR": str(blocked),
    }
    env.pop("KONDAN_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "facilitation.cli", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert f"Cannot read and write the recordings storage {blocked}" in result.stderr
    assert "KONDAN_RECORDINGS_DIR" in result.stderr
