"""Accounts and the sign-in tokens their browsers hold."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from facilitation.core.clock import now_utc
from facilitation.models.columns import fk


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    display_name: str = ""
    role: str
    password_hash: str
    must_change_password: bool = False
    active: bool = True
    # Bumped on sign-out, password or role change: sessions holding an older
    # value are signed out on their next run.
    session_epoch: int = 1
    created_at: dt.datetime = Field(default_factory=now_utc)


class SignInToken(SQLModel, table=True):
    """A browser's proof of a sign-in (kept in a cookie), stored only as a hash.
    It stops working when it expires or when the account's epoch moves on."""

    __tablename__ = "sign_in_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(sa_column=fk("user_account.id", ondelete="CASCADE"))
    session_epoch: int
    expires_at: dt.datetime
    created_at: dt.datetime = Field(default_factory=now_utc)
