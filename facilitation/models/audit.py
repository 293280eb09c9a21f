"""The audit log's table (see ``facilitation.policy.audit``)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=now_utc, index=True)
    # Who: a user name (never a display name, which anyone can set), a
    # "table:ID" join code, "anonymous", "cli" or "system"; and the account id.
    actor: str
    actor_user_id: int | None = Field(default=None, index=True)
    action: str = Field(index=True)
    target: str = ""  # "workshop:3", "recording:7", "user:alice"
    detail: str = ""  # a format or a role, never personal text
