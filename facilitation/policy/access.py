"""Who may do what, checked inside the domain on every read and write.

A session carries its actor in ``session.info["actor"]`` (``Database.read`` /
``Database.write`` put it there): a signed-in staff member (:class:`Staff`),
or a group leader holding a join code (:class:`TableCode`). Sessions opened
without an actor are the system's own (the command line, the worker, tests):
the pages never open one, because ``ui.db`` binds every session to the
signed-in user or the code.

| permission        | admin | staff | facilitator        | join code     |
|-------------------|-------|-------|--------------------|---------------|
| workshop.read     | all   | all   | their workshops    | its workshop  |
| workshop.write    | all   | all   | their workshops    | –             |
| board.read        | all   | all   | their workshops    | its table     |
| board.write       | all   | all   | their workshops    | its table     |
| recording.*       | all   | all   | –                  | –             |
| action.*          | all   | all   | their workshops    | –             |
| minutes.export    | all   | all   | their workshops    | –             |
| account.list      | all   | all   | –                  | –             |
| account.list      | all   | all   | –                  | –             |
| user.manage, audit.read, backup | admin only |  |                    |               |
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, or_, select

from facilitation.core.errors import UserError
from facilitation.models import Group, UserAccount, Workshop

ADMIN, STAFF, FACILITATOR = "admin", "staff", "facilitator"
ROLES = (ADMIN, STAFF, FACILITATOR)

PERMISSIONS = (
    "workshop.read",
    "workshop.write",
    "board.read",
    "board.write",
    "recording.read",
    "recording.write",
    "action.read",
    "action.write",
    "minutes.export",
    "account.list",
    "user.manage",
    "audit.read",
    "backup",
)
_ADMIN_ONLY = {"user.manage", "audit.read", "backup"}
_FACILITATOR = {
    "workshop.read",
    "workshop.write",
    "board.read",
    "board.write",
    "action.read",
    "action.write",
    "minutes.export",
}
_TABLE = {"workshop.read", "board.read", "board.write"}
# A code sees its workshop's details (title, categories) but only its own table's board.
_TABLE_NEEDS_GROUP = {"board.read", "board.write"}


class Forbidden(UserError):
    """The actor may not do this (or see this)."""


@dataclass(frozen=True)
class Staff:
    """A signed-in account."""

    user_id: int
    username: str
    role: str
    display_name: str = ""
    # The account's epoch when this sign-in began: a sign-out elsewhere, a
    # password or role change moves it on, and this actor then holds nothing.
    session_epoch: int = 1

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class TableCode:
    """A group leader: a join code that reaches one table of one workshop."""

    group_id: int
    workshop_id: int
    # The code as it was typed (normalised): a renewed code stops working.
    join_code: str = ""

    @property
    def label(self) -> str:
        return f"table:{self.group_id}"


Actor = Staff | TableCode


def _still_valid(session: Session, actor: Actor) -> bool:
    """Whether the actor still holds what it held when it was bound: the
    account exists, is active, and its epoch has not moved on; the join code
    is still open and was not renewed. Read once per database session, so a
    page that was signed out, demoted or deleted elsewhere — or a live
    fragment that reruns on its own — gets nothing at its next read or write."""
    checked: dict[Actor, str | None] = session.info.setdefault("kondan_actor_checked", {})
    if actor not in checked:
        if isinstance(actor, Staff):
            account = session.get(UserAccount, actor.user_id)
            valid = (
                account is not None
                and account.active
                and account.session_epoch == actor.session_epoch
            )
            checked[actor] = account.role if valid and account is not None else None
        else:
            group = session.get(Group, actor.group_id)
            valid = (
                group is not None
                and group.workshop_id == actor.workshop_id
                and group.code_active
                and (not actor.join_code or group.join_code == actor.join_code)
            )
            checked[actor] = "code" if valid else None
    return checked[actor] is not None


def _current_role(session: Session, actor: Staff) -> str | None:
    """The account's role as stored now (a role change takes effect at once)."""
    _still_valid(session, actor)
    role: str | None = session.info["kondan_actor_checked"][actor]
    return role


def actor_of(session: Session) -> Actor | None:
    """The session's actor; None for the system's own sessions."""
    actor = session.info.get("actor")
    return actor if isinstance(actor, Staff | TableCode) else None


def actor_label(session: Session) -> str:
    actor = session.info.get("actor")
    return str(getattr(actor, "label", "system")) if actor is not None else "system"


def _facilitates(session: Session, user_id: int, workshop_id: int | None) -> bool:
    if workshop_id is None:
        return False

    workshop = session.get(Workshop, workshop_id)
    return workshop is not None and user_id in (
        workshop.facilitator_user_id,
        workshop.created_by_user_id,
    )


def allowed(
    session: Session,
    permission: str,
    *,
    workshop_id: int | None = None,
    group_id: int | None = None,
) -> bool:
    """Whether the session's actor holds ``permission`` (for that workshop or table)."""
    if permission not in PERMISSIONS:
        raise ValueError(permission)
    actor = session.info.get("actor")
    if actor is None:
        return True  # the system's own session
    if not isinstance(actor, Staff | TableCode):
        return False  # a page reached by nobody: no rights at all
    if not _still_valid(session, actor):
        return False
    if isinstance(actor, TableCode):
        if permission not in _TABLE:
            return False
        if group_id is not None:
            return group_id == actor.group_id
        return permission not in _TABLE_NEEDS_GROUP and workshop_id == actor.workshop_id
    role = _current_role(session, actor)
    if role == ADMIN:
        return True
    if permission in _ADMIN_ONLY:
        return False
    if role == STAFF:
        return True
    if role == FACILITATOR and permission in _FACILITATOR:
        if workshop_id is None and group_id is not None:
            group = session.get(Group, group_id)
            workshop_id = group.workshop_id if group else None
        if permission == "workshop.write" and workshop_id is None:
            return True  # creating a new workshop of their own
        return _facilitates(session, actor.user_id, workshop_id)
    return False


def require(
    session: Session,
    permission: str,
    *,
    workshop_id: int | None = None,
    group_id: int | None = None,
) -> None:
    """Raise Forbidden unless the actor holds ``permission``."""
    if not allowed(session, permission, workshop_id=workshop_id, group_id=group_id):
        raise Forbidden("error.forbidden")


def visible_workshop_ids(session: Session) -> set[int] | None:
    """The workshops the actor may see; None means all of them."""
    actor = session.info.get("actor")
    if actor is None:
        return None
    if not isinstance(actor, Staff | TableCode) or not _still_valid(session, actor):
        return set()
    if isinstance(actor, TableCode):
        return {actor.workshop_id}
    if _current_role(session, actor) in (ADMIN, STAFF):
        return None

    rows = session.exec(
        select(Workshop.id).where(
            or_(
                Workshop.facilitator_user_id == actor.user_id,
                Workshop.created_by_user_id == actor.user_id,
            )
        )
    ).all()
    return {row for row in rows if row is not None}
