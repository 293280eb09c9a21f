"""Staff accounts: argon2 password hashes, roles, lockout after failures.

The first run creates an admin from KONDAN_ADMIN_USER / KONDAN_ADMIN_PASSWORD,
or with a one-time password that the caller prints to the console and that
must be changed at the first sign-in. Group leaders never have accounts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
import secrets
import threading
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, SQLModel, col, select

from facilitation.core.clock import now_utc
from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput, NotFound, UserError
from facilitation.core.limits import NAME_MAX_CHARS
from facilitation.core.text import optional_text
from facilitation.models import SignInToken, UserAccount
from facilitation.policy import audit
from facilitation.policy.access import ADMIN, ROLES, Staff, actor_of, require

FAILURE_DELAY_S = 0.5
MIN_PASSWORD_CHARS = 10
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{3,64}$")
_hasher = PasswordHasher()


@functools.cache
def _stand_in() -> str:
    """Checked against when the name is unknown, so that takes as long as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


class SignInFailed(UserError):
    """Wrong name or password (the message never says which), or a client
    address that failed too often and must wait."""


class AccountRead(SQLModel):
    """An account as pages see it (never its password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool
    session_epoch: int

    def as_staff(self) -> Staff:
        return Staff(
            user_id=self.id,
            username=self.username,
            role=self.role,
            display_name=self.display_name,
            session_epoch=self.session_epoch,
        )


def _read(account: UserAccount) -> AccountRead:
    return AccountRead.model_validate(account)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput("error.password_short", limit=MIN_PASSWORD_CHARS)


def ensure_admin(*, session: Session, username: str | None, password: str | None) -> str | None:
    """Create the first admin if there is no account at all. Returns the
    one-time password it made up (None when one was given, or no admin was made)."""
    if session.exec(select(UserAccount.id)).first() is not None:
        return None
    one_time = None
    if not password:
        one_time = password = secrets.token_urlsafe(12)
    session.add(
        UserAccount(
            username=username or "admin",
            role=ADMIN,
            password_hash=_hasher.hash(password),
            must_change_password=one_time is not None,
            display_name="管理者",
        )
    )
    session.flush()
    return one_time


class SignInThrottle:
    """Failed sign-ins per client address, in this process. After
    ``FREE_FAILURES`` failures from one address, each further attempt from it
    waits ``BACKOFF_S`` doubled per failure (at most ``MAX_WAIT_S``). Accounts
    are never locked, so no anonymous client can lock anyone out; the memory
    held is bounded by forgetting addresses quiet for ``FORGET_AFTER_S``."""

    FREE_FAILURES = 5
    BACKOFF_S = 2.0
    MAX_WAIT_S = 300.0
    FORGET_AFTER_S = 3600.0
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def wait_s(self, client: str) -> float:
        """Seconds this address must still wait before its next attempt."""
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
        if count < self.FREE_FAILURES:
            return 0.0
        wait = min(self.BACKOFF_S * 2 ** (count - self.FREE_FAILURES), self.MAX_WAIT_S)
        return max(0.0, last + wait - self._clock())

    def failed(self, client: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) >= self.MAX_ADDRESSES:
                self._failures = {
                    address: entry
                    for address, entry in self._failures.items()
                    if now - entry[1] < self.FORGET_AFTER_S
                }
            count, _last = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def waiting(self) -> int:
        """How many addresses must wait now before their next attempt."""
        with self._lock:
            clients = list(self._failures)
        return sum(1 for client in clients if self.wait_s(client) > 0)

    def release_all(self) -> int:
        """Forget every failure; returns how many addresses were waiting."""
        waiting = self.waiting()
        with self._lock:
            self._failures.clear()
        return waiting


THROTTLE = SignInThrottle()


def sign_in(*, database: Database, username: str, password: str, client: str = "") -> AccountRead:
    """Check a name and password. A wrong one costs a delay, and repeated
    failures from one client address slow that address down (``THROTTLE``);
    an unknown name, a wrong password and an inactive account get the same
    message in the same time. Attempts are audited, by name only when the
    name exists.

    The password check and the delay hold no database lock: the account is
    read in one short read, checked outside any transaction, and the outcome
    written in one short write, so wrong guesses do not stall others' notes."""
    wait = THROTTLE.wait_s(client)
    if wait > 0:
        raise SignInFailed("error.sign_in_throttled", seconds=math.ceil(wait))
    with database.read() as session:
        account = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
        known = account is not None
        found = account is not None and account.active
        stored_hash = account.password_hash if account is not None and found else _stand_in()
    try:
        _hasher.verify(stored_hash, password)
        right = found
    except (VerificationError, InvalidHashError):
        right = False
    if not right:
        time.sleep(FAILURE_DELAY_S)
        THROTTLE.failed(client)
        with database.write() as session:
            audit.record(
                session,
                "sign_in_failed",
                # What an anonymous client typed is kept only when it names an account.
                f"user:{username}" if known else "user:(unknown)",
                actor="anonymous",
            )
        raise SignInFailed("error.sign_in_failed")
    THROTTLE.succeeded(client)
    with database.write() as session:
        account = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        audit.record(session, "sign_in", f"user:{username}", actor=username)
        return _read(account)


def current_account(*, session: Session, user_id: int, session_epoch: int) -> AccountRead | None:
    """The account behind a browser session, if it still stands: deleted,
    deactivated, signed out elsewhere or changed role → None."""
    account = session.get(UserAccount, user_id)
    if account is None or not account.active or account.session_epoch != session_epoch:
        return None
    return _read(account)


def sign_out(*, session: Session, user_id: int) -> None:
    account = session.get(UserAccount, user_id)
    if account is not None:
        account.session_epoch += 1
        audit.record(session, "sign_out", f"user:{account.username}", actor=account.username)


def change_password(*, session: Session, user_id: int, old: str, new: str) -> AccountRead:
    account = session.get(UserAccount, user_id)
    if account is None:
        raise NotFound("error.user_not_found")
    try:
        _hasher.verify(account.password_hash, old)
    except (VerificationError, InvalidHashError) as error:
        raise SignInFailed("error.sign_in_failed") from error
    _check_password(new)
    if new == old:
        raise InvalidInput("error.password_same")
    account.password_hash = _hasher.hash(new)
    account.must_change_password = False
    account.session_epoch += 1
    session.flush()
    audit.record(session, "password_change", f"user:{account.username}", actor=account.username)
    return _read(account)


def reset_password(*, session: Session, user_id: int) -> str:
    """An admin gives an account a new one-time password (returned, to be shown
    once): it must be changed at the next sign-in, and every sign-in of the
    account ends now."""
    require(session, "user.manage")
    account = session.get(UserAccount, user_id)
    if account is None:
        raise NotFound("error.user_not_found")
    actor = actor_of(session)
    if isinstance(actor, Staff) and actor.user_id == user_id:
        # It would sign this admin out before the password could be read.
        raise InvalidInput("error.reset_own")
    one_time = secrets.token_urlsafe(12)
    account.password_hash = _hasher.hash(one_time)
    account.must_change_password = True
    account.session_epoch += 1
    session.flush()
    audit.record(session, "password_reset", f"user:{account.username}")
    return one_time


def find_user(*, session: Session, username: str) -> AccountRead:
    require(session, "user.manage")
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if account is None:
        raise NotFound("error.user_not_found")
    return _read(account)


def release_sign_in_waits(*, session: Session) -> int:
    """An admin lets every client address that failed too often try again now
    (accounts themselves are never locked). Returns how many were waiting."""
    require(session, "user.manage")
    released = THROTTLE.release_all()
    audit.record(session, "sign_in_unblock", "sign_in", str(released))
    return released


def create_user(
    *, session: Session, username: str, password: str, role: str, display_name: str = ""
) -> AccountRead:
    require(session, "user.manage")
    if not _USERNAME.match(username):
        raise InvalidInput("error.username")
    if role not in ROLES:
        raise InvalidInput("error.role_unknown_user")
    _check_password(password)
    if session.exec(select(UserAccount.id).where(UserAccount.username == username)).first():
        raise InvalidInput("error.username_taken")
    account = UserAccount(
        username=username,
        role=role,
        password_hash=_hasher.hash(password),
        display_name=optional_text(display_name, field="leader", max_chars=NAME_MAX_CHARS),
        must_change_password=True,
    )
    session.add(account)
    session.flush()
    audit.record(session, "user_create", f"user:{username}", role)
    return _read(account)


def set_role(*, session: Session, user_id: int, role: str) -> AccountRead:
    require(session, "user.manage")
    if role not in ROLES:
        raise InvalidInput("error.role_unknown_user")
    account = session.get(UserAccount, user_id)
    if account is None:
        raise NotFound("error.user_not_found")
    _keep_an_admin(session, account, role=role)
    old = account.role
    account.role = role
    account.session_epoch += 1
    audit.record(session, "role_change", f"user:{account.username}", f"{old}->{role}")
    return _read(account)


def delete_user(*, session: Session, user_id: int) -> None:
    require(session, "user.manage")
    account = session.get(UserAccount, user_id)
    if account is None:
        raise NotFound("error.user_not_found")
    _keep_an_admin(session, account, role=None)
    audit.record(session, "user_delete", f"user:{account.username}")
    session.delete(account)
    session.flush()


def _keep_an_admin(session: Session, account: UserAccount, *, role: str | None) -> None:
    if account.role == ADMIN and role != ADMIN:
        admins = session.exec(
            select(UserAccount.id).where(UserAccount.role == ADMIN, col(UserAccount.active))
        ).all()
        if len(admins) <= 1:
            raise InvalidInput("error.last_admin")


def list_users(*, session: Session) -> list[AccountRead]:
    require(session, "user.manage")
    return [_read(a) for a in session.exec(select(UserAccount).order_by(col(UserAccount.id))).all()]


def users_by_role(*, session: Session, role: str) -> list[AccountRead]:
    """Accounts of a role (the setup page's facilitator chooser; staff and admins)."""
    require(session, "account.list")
    rows = session.exec(
        select(UserAccount).where(UserAccount.role == role, col(UserAccount.active))
    ).all()
    return [_read(a) for a in rows]


TOKEN_HOURS = 12


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, session: Session, account: AccountRead) -> str:
    """A new sign-in token for the browser's cookie (valid TOKEN_HOURS)."""
    token = secrets.token_urlsafe(32)
    session.add(
        SignInToken(
            token_hash=_token_hash(token),
            user_id=account.id,
            session_epoch=account.session_epoch,
            expires_at=now_utc() + dt.timedelta(hours=TOKEN_HOURS),
        )
    )
    session.flush()
    return token


def account_for_token(*, session: Session, token: str) -> AccountRead | None:
    """The account a cookie's token signs in, if the token still holds."""
    if not token or len(token) > 100:
        return None
    row = session.exec(
        select(SignInToken).where(SignInToken.token_hash == _token_hash(token))
    ).first()
    if row is None or row.expires_at < now_utc():
        return None
    return current_account(session=session, user_id=row.user_id, session_epoch=row.session_epoch)
