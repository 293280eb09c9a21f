"""The clock every timestamp is read from."""

from __future__ import annotations

import datetime as dt


def now_utc() -> dt.datetime:
    """Now, as an aware UTC datetime (the form every timestamp is stored in)."""
    return dt.datetime.now(dt.UTC)


JAPAN = dt.timezone(dt.timedelta(hours=9), "JST")


def today_in_japan() -> dt.date:
    """Today's date where the councils are (documents are dated by it)."""
    return now_utc().astimezone(JAPAN).date()
