"""The audit log: who did what, when — sign-ins, exports, transcript views and
edits, deletions and role changes. Entries name the thing touched by kind and
id, never by its content, so the log holds no resident's words."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, SQLModel, col, select

from facilitation.models import AuditEvent
from facilitation.policy.access import Staff, actor_label, actor_of, require

AUDITED = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "export",
    "transcript_view",
    "transcript_edit",
    "transcribe_again",
    "transcript_restore",
    "transcript_confirm",
    "transcript_notation",
    "transcript_replace",
    "delete",
    "role_change",
    "user_create",
    "user_delete",
    "backup",
    "restore",
    "retention",
    "consent",
    "password_reset",
    "password_change",
    "sign_in_unblock",
)


class AuditRead(SQLModel):
    at: dt.datetime
    actor: str
    actor_user_id: int | None
    action: str
    target: str
    detail: str


def record(
    session: Session, action: str, target: str = "", detail: str = "", *, actor: str | None = None
) -> None:
    """Add an entry in the caller's transaction."""
    if action not in AUDITED:
        raise ValueError(action)
    staff = actor_of(session)
    user_id = staff.user_id if isinstance(staff, Staff) else None
    if actor is None:
        actor = staff.username if isinstance(staff, Staff) else actor_label(session)
    session.add(
        AuditEvent(
            actor=actor,
            actor_user_id=user_id,
            action=action,
            target=target,
            detail=detail[:200],
        )
    )
    session.flush()


def list_events(
    *, session: Session, action: str | None = None, limit: int = 500
) -> list[AuditRead]:
    """Newest first; admins only."""
    require(session, "audit.read")
    statement = select(AuditEvent)
    if action:
        statement = statement.where(AuditEvent.action == action)
    rows = session.exec(statement.order_by(col(AuditEvent.id).desc()).limit(limit)).all()
    return [AuditRead.model_validate(row) for row in rows]
