"""The clock every timestamp is read from."""

from __future__ import annotations

import datetime as dt


def now_utc() -> dt.datetime:
    """Now, as an aware UTC datetime (the form every timestamp is stored in)."""
    return dt.datetime.now(dt.UTC)
