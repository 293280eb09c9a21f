"""The glossary passed to the speech engine as hotwords, and the notation
list applied to its output (see ``transcripts.vocabulary``)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class VocabularyTerm(SQLModel, table=True):
    __tablename__ = "vocabulary_term"
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(index=True)
    scope_key: str = ""  # district name, or workshop id as text; "" for the default list
    term: str


class NotationRule(SQLModel, table=True):
    __tablename__ = "notation_rule"
    id: int | None = Field(default=None, primary_key=True)
    position: int = 0
    source: str
    target: str
