"""The editable glossary (default, per district, per workshop) and the
notation list, stored in the database. Migration 0002 seeds the defaults
from ``transcripts.glossary``; after that they are the council's to edit."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from facilitation.core.errors import InvalidInput
from facilitation.core.limits import NAME_MAX_CHARS
from facilitation.core.text import clean_text
from facilitation.models import NotationRule, VocabularyTerm
from facilitation.policy.access import require
from transcripts.glossary import hotwords

SCOPE_DEFAULT, SCOPE_DISTRICT, SCOPE_WORKSHOP = "default", "district", "workshop"
SCOPES = (SCOPE_DEFAULT, SCOPE_DISTRICT, SCOPE_WORKSHOP)
MAX_TERMS = 200


def terms(*, session: Session, scope: str, scope_key: str = "") -> list[str]:
    require(session, "recording.read")
    rows = session.exec(
        select(VocabularyTerm.term)
        .where(VocabularyTerm.scope == scope, VocabularyTerm.scope_key == scope_key)
        .order_by(col(VocabularyTerm.id))
    ).all()
    return list(rows)


def replace_terms(*, session: Session, scope: str, scope_key: str, raw: str) -> list[str]:
    """Set one list of terms from text (one a line, or separated by 、 or commas)."""
    require(session, "recording.write")
    if scope not in SCOPES:
        raise InvalidInput("error.scope_unknown")
    cleaned: list[str] = []
    for piece in clean_text(raw).replace("、", "\n").replace(",", "\n").split("\n"):
        term = piece.strip()
        if not term or term in cleaned:
            continue
        if len(term) > NAME_MAX_CHARS:
            raise InvalidInput(
                "error.too_long", field="term", limit=NAME_MAX_CHARS, length=len(term)
            )
        cleaned.append(term)
    if len(cleaned) > MAX_TERMS:
        raise InvalidInput("error.too_many_terms", limit=MAX_TERMS)
    session.execute(
        delete(VocabularyTerm).where(
            col(VocabularyTerm.scope) == scope, col(VocabularyTerm.scope_key) == scope_key
        )
    )
    for term in cleaned:
        session.add(VocabularyTerm(scope=scope, scope_key=scope_key, term=term))
    session.flush()
    return cleaned


def hotwords_for(*, session: Session, district: str | None, workshop_id: int | None) -> str | None:
    """The hotwords for a recording: workshop terms first (most specific), then
    the district's, then the default list, cut to fit Whisper's prompt."""
    require(session, "recording.read")
    combined: list[str] = []
    if workshop_id is not None:
        combined += terms(session=session, scope=SCOPE_WORKSHOP, scope_key=str(workshop_id))
    if district:
        combined += terms(session=session, scope=SCOPE_DISTRICT, scope_key=district)
    combined += terms(session=session, scope=SCOPE_DEFAULT)
    return hotwords(combined)


def notation_rules(*, session: Session) -> list[tuple[str, str]]:
    require(session, "recording.read")
    rows = session.exec(select(NotationRule).order_by(col(NotationRule.position))).all()
    return [(row.source, row.target) for row in rows]


def replace_notation_rules(*, session: Session, raw: str) -> list[tuple[str, str]]:
    """Set the notation list from lines written ``source→target`` (or ``source=target``)."""
    require(session, "recording.write")
    rules: list[tuple[str, str]] = []
    for number, line in enumerate(clean_text(raw).split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        for arrow in ("→", "->", "=", "⇒"):
            if arrow in line:
                source, target = (part.strip() for part in line.split(arrow, 1))
                break
        else:
            raise InvalidInput("error.notation_line", line=number)
        if not source:
            raise InvalidInput("error.notation_line", line=number)
        rules.append((source, target))
    session.execute(delete(NotationRule))
    for position, (source, target) in enumerate(rules):
        session.add(NotationRule(position=position, source=source, target=target))
    session.flush()
    return rules
