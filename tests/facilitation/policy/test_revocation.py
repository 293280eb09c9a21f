"""A revoked sign-in or join code holds nothing: every read and write checks
the account (exists, active, epoch, current role) and the code (open, not
renewed) again, whatever the page or a live fragment still holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import update
from sqlmodel import Session

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.models import UserAccount
from facilitation.policy.access import Forbidden, Staff, TableCode
from facilitation.workshops import boards, timer
from facilitation.workshops.setup import list_workshops, renew_join_code, set_code_active
from tests.factories import make_workshop

PASSWORD = "correct-horse-battery"  # noqa: S105 - a test account's


def _staff(database: Database, role: str = "staff") -> Staff:
    with database.write() as session:
        return accounts.create_user(
            session=session, username=f"user-{role}", password=PASSWORD, role=role
        ).as_staff()


def _sign_out(session: Session, staff: Staff) -> None:
    accounts.sign_out(session=session, user_id=staff.user_id)


def _deactivate(session: Session, staff: Staff) -> None:
    session.execute(
        update(UserAccount).where(UserAccount.id == staff.user_id).values(active=False)  # type: ignore[arg-type]
    )


def _delete(session: Session, staff: Staff) -> None:
    accounts.delete_user(session=session, user_id=staff.user_id)


@pytest.mark.parametrize("revoke", [_sign_out, _deactivate, _delete])
def test_a_revoked_account_reads_and_writes_nothing(
    database: Database, revoke: Callable[[Session, Staff], None]
) -> None:
    made = make_workshop(database)
    staff = _staff(database)
    with database.read(staff) as session:
        assert boards.load_board(session=session, workshop_id=made.workshop.id).groups
    with database.write() as session:
        revoke(session, staff)
    with pytest.raises(Forbidden), database.read(staff) as session:
        boards.load_board(session=session, workshop_id=made.workshop.id)
    with database.read(staff) as session:
        assert list_workshops(session=session) == []
    with pytest.raises(Forbidden), database.write(staff) as session:
        timer.start_timer(session=session, workshop_id=made.workshop.id)
    with pytest.raises(Forbidden), database.write(staff) as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="消えたはずの職員")


def test_a_role_change_takes_effect_at_once(database: Database) -> None:
    made = make_workshop(database)
    staff = _staff(database)
    with database.write() as session:
        accounts.set_role(session=session, user_id=staff.user_id, role="facilitator")
    # The old actor said "staff"; the account is a facilitator of nothing now
    # (and its epoch moved on, so the old sign-in holds nothing at all).
    with pytest.raises(Forbidden), database.read(staff) as session:
        boards.load_board(session=session, workshop_id=made.workshop.id)


def test_a_closed_or_renewed_code_writes_nothing(database: Database) -> None:
    made = make_workshop(database)
    group = made.groups[0]
    code = TableCode(group_id=group.id, workshop_id=made.workshop.id, join_code=group.join_code)
    with database.write(code) as session:
        boards.add_note(session=session, group_id=group.id, text="開いているあいだの付箋")
    with database.write() as session:
        set_code_active(session=session, group_id=group.id, active=False)
    with pytest.raises(Forbidden), database.write(code) as session:
        boards.add_note(session=session, group_id=group.id, text="閉じた後の付箋")
    with database.write() as session:
        set_code_active(session=session, group_id=group.id, active=True)
        renew_join_code(session=session, group_id=group.id)
    with pytest.raises(Forbidden), database.write(code) as session:
        boards.add_note(session=session, group_id=group.id, text="再発行の後の付箋")
    with pytest.raises(Forbidden), database.read(code) as session:
        boards.load_group_board(session=session, group_id=group.id)
