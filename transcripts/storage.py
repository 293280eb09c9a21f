"""The recordings storage (``Settings.recordings_dir``): one folder that the
app, every worker, backup and deletion use. On more than one machine it is a
shared folder (a network share) mounted on each; a worker that cannot read
and write it refuses to start rather than fail each job later."""

from __future__ import annotations

import tempfile
from pathlib import Path

from facilitation.core.errors import UserError


class StorageUnusable(UserError):
    """The recordings folder cannot be written and read back here."""


def check_storage(folder: Path) -> None:
    """Create the folder if missing, then write, read back and remove a probe
    file; raises StorageUnusable saying which folder and why."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-") as probe:
            probe.write(b"kondan")
            probe.flush()
            if Path(probe.name).read_bytes() != b"kondan":
                raise OSError("read back differs")
    except OSError as error:
        raise StorageUnusable(
            "error.recordings_storage",
            path=str(folder),
            error=error.strerror or str(error) or type(error).__name__,
        ) from None
