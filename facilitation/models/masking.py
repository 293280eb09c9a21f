"""What the name finder found in a text, kept per text: the hash of the text
(never the text) and the character spans of the names in it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc


class NameSpan(SQLModel, table=True):
    __tablename__ = "name_span"
    # sha256 of the finder's version and the text: no text is stored.
    text_hash: str = Field(primary_key=True, max_length=64)
    spans: list[list[int]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=now_utc)
