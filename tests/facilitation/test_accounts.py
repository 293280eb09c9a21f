"""Accounts, sign-in, lockout, sessions that end, and the audit log."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import update

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput
from facilitation.models import UserAccount
from facilitation.policy import audit
from facilitation.policy.access import Forbidden
from facilitation.workshops import boards
from tests.factories import make_transcript, make_workshop
from transcripts.store import update_segment, view_transcript

PASSWORD = "long-enough-pw"  # noqa: S105 - a test account's


@pytest.fixture(autouse=True)
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "FAILURE_DELAY_S", 0.0)


def make(database: Database, name: str = "staff1", role: str = "staff") -> accounts.AccountRead:
    with database.write() as session:
        return accounts.create_user(session=session, username=name, password=PASSWORD, role=role)


def actions_logged(database: Database) -> list[tuple[str, str]]:
    with database.read() as session:
        return [(e.action, e.target) for e in audit.list_events(session=session)]


def test_first_run_creates_one_admin_with_a_one_time_password(database: Database) -> None:
    with database.write() as session:
        one_time = accounts.ensure_admin(session=session, username=None, password=None)
        again = accounts.ensure_admin(session=session, username=None, password=None)
    assert one_time and len(one_time) >= 12 and again is None
    admin = accounts.sign_in(database=database, username="admin", password=one_time)
    assert admin.role == "admin" and admin.must_change_password
    with database.write() as session:
        changed = accounts.change_password(
            session=session, user_id=admin.id, old=one_time, new="a-new-long-password"
        )
    assert not changed.must_change_password and changed.session_epoch == admin.session_epoch + 1


def test_admin_from_the_environment(database: Database) -> None:
    with database.write() as session:
        assert accounts.ensure_admin(session=session, username="kanri", password=PASSWORD) is None
    assert accounts.sign_in(database=database, username="kanri", password=PASSWORD).role == "admin"


def test_repeated_failures_slow_down_that_address_only(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12, finding 9: no anonymous client can lock an account (the
    admin's included) for everyone; the address that keeps failing waits."""
    make(database)
    now = [1000.0]
    monkeypatch.setattr(accounts, "THROTTLE", accounts.SignInThrottle(clock=lambda: now[0]))
    for _ in range(accounts.SignInThrottle.FREE_FAILURES):
        with pytest.raises(accounts.SignInFailed) as caught:
            accounts.sign_in(
                database=database, username="staff1", password="wrong-password", client="10.0.0.9"
            )
        assert caught.value.key == "error.sign_in_failed"
    with pytest.raises(accounts.SignInFailed) as caught:
        accounts.sign_in(database=database, username="staff1", password=PASSWORD, client="10.0.0.9")
    assert (caught.value.key, caught.value.params) == ("error.sign_in_throttled", {"seconds": 2})
    # The account itself is not locked: the right password from elsewhere works.
    assert accounts.sign_in(
        database=database, username="staff1", password=PASSWORD, client="10.0.0.7"
    )
    now[0] += 2.1
    assert accounts.sign_in(
        database=database, username="staff1", password=PASSWORD, client="10.0.0.9"
    )
    logged = actions_logged(database)
    assert [a for a, _ in logged].count("sign_in_failed") == accounts.SignInThrottle.FREE_FAILURES
    assert [a for a, _ in logged].count("sign_in") == 2


def test_the_wait_doubles_and_is_bounded() -> None:
    now = [0.0]
    throttle = accounts.SignInThrottle(clock=lambda: now[0])
    waits = []
    for _ in range(accounts.SignInThrottle.FREE_FAILURES + 10):
        throttle.failed("10.0.0.9")
        waits.append(throttle.wait_s("10.0.0.9"))
    assert waits[: accounts.SignInThrottle.FREE_FAILURES - 1] == [0.0] * 4
    assert waits[4:8] == [2.0, 4.0, 8.0, 16.0]
    assert max(waits) == accounts.SignInThrottle.MAX_WAIT_S
    throttle.succeeded("10.0.0.9")
    assert throttle.wait_s("10.0.0.9") == 0.0


@pytest.mark.parametrize("username", ["nobody", "staff1", "inactive"])
def test_unknown_user_wrong_password_and_inactive_account_look_alike(
    database: Database, username: str
) -> None:
    make(database)
    make(database, "inactive")
    with database.write() as session:
        session.execute(
            update(UserAccount).where(UserAccount.username == "inactive").values(active=False)  # type: ignore[arg-type]
        )
    with pytest.raises(accounts.SignInFailed) as caught:
        accounts.sign_in(
            database=database,
            username=username,
            password=PASSWORD if username == "inactive" else "wrong-password",
        )
    assert (caught.value.key, caught.value.params) == ("error.sign_in_failed", {})
    (target,) = [t for a, t in actions_logged(database) if a == "sign_in_failed"]
    # What an anonymous client typed is kept only when it names an account.
    assert target == ("user:(unknown)" if username == "nobody" else f"user:{username}")


def test_sessions_end_on_sign_out_role_change_and_deletion(database: Database) -> None:
    make(database, "admin1", "admin")
    user = make(database)
    with database.read() as session:
        assert accounts.current_account(session=session, user_id=user.id, session_epoch=1)
    with database.write() as session:
        accounts.sign_out(session=session, user_id=user.id)
    with database.read() as session:
        assert accounts.current_account(session=session, user_id=user.id, session_epoch=1) is None
    with database.write() as session:
        moved = accounts.set_role(session=session, user_id=user.id, role="facilitator")
    with database.read() as session:
        assert accounts.current_account(session=session, user_id=user.id, session_epoch=2) is None
        assert accounts.current_account(
            session=session, user_id=user.id, session_epoch=moved.session_epoch
        )
    with database.write() as session:
        accounts.delete_user(session=session, user_id=user.id)
    with database.read() as session:
        assert accounts.current_account(session=session, user_id=user.id, session_epoch=3) is None
    logged = actions_logged(database)
    assert ("role_change", "user:staff1") in logged and ("user_delete", "user:staff1") in logged


@pytest.mark.parametrize(
    ("name", "password", "role", "key"),
    [
        ("ab", PASSWORD, "staff", "error.username"),
        ("has space", PASSWORD, "staff", "error.username"),
        ("okname", "short", "staff", "error.password_short"),
        ("okname", PASSWORD, "king", "error.role_unknown_user"),
    ],
)
def test_bad_accounts_are_refused(
    database: Database, name: str, password: str, role: str, key: str
) -> None:
    with pytest.raises(InvalidInput) as caught, database.write() as session:
        accounts.create_user(session=session, username=name, password=password, role=role)
    assert caught.value.key == key


def test_the_last_admin_stays(database: Database) -> None:
    admin = make(database, "admin1", "admin")
    with pytest.raises(InvalidInput), database.write() as session:
        accounts.set_role(session=session, user_id=admin.id, role="staff")
    with pytest.raises(InvalidInput), database.write() as session:
        accounts.delete_user(session=session, user_id=admin.id)


def test_only_admins_manage_accounts(database: Database) -> None:
    staff = make(database)
    with pytest.raises(Forbidden), database.write(actor=staff.as_staff()) as session:
        accounts.create_user(session=session, username="x1x", password=PASSWORD, role="admin")
    with pytest.raises(Forbidden), database.read(actor=staff.as_staff()) as session:
        audit.list_events(session=session)


def test_the_audit_log_holds_no_personal_text(database: Database) -> None:

    made = make_workshop(database)
    with database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="田中さんの家は坂の上")
    recording_id, _job = make_transcript(database, [(0, 1, "田中です")], finish=None)
    with database.write() as session:
        segment = view_transcript(session=session, recording_id=recording_id)[0]
        update_segment(
            session=session, segment_id=segment.id, expected_version=1, text="田中一郎です"
        )
    logged = actions_logged(database)
    assert ("transcript_view", f"recording:{recording_id}") in logged
    assert ("transcript_edit", f"recording:{recording_id}") in logged
    with database.read() as session:
        everything = " ".join(
            f"{e.actor} {e.target} {e.detail}" for e in audit.list_events(session=session)
        )
    assert "田中" not in everything


def test_a_wrong_password_holds_no_write_lock_while_it_is_checked(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anonymous wrong guesses must not stall a group leader's note: while a
    failed sign-in waits out its delay, another writer gets through at once."""
    make(sqlite_database)
    monkeypatch.setattr(accounts, "FAILURE_DELAY_S", 1.5)
    made = make_workshop(sqlite_database)
    refused: list[str] = []

    def guess() -> None:
        try:
            accounts.sign_in(database=sqlite_database, username="staff1", password="wrong")
        except accounts.SignInFailed as error:
            refused.append(error.key)

    guessing = threading.Thread(target=guess)
    guessing.start()
    time.sleep(0.3)  # the guess is checked and is waiting out its delay
    began = time.monotonic()
    with sqlite_database.write() as session:
        boards.add_note(session=session, group_id=made.groups[0].id, text="止まらない付箋")
    waited = time.monotonic() - began
    guessing.join()
    assert refused == ["error.sign_in_failed"]
    assert waited < 0.5, waited


def test_an_admin_resets_a_password_shown_once_and_signs_the_account_out(
    database: Database,
) -> None:
    """Issue 11, item 5."""
    user = make(database)
    with database.write() as session:
        admin = accounts.create_user(
            session=session, username="kanri", password=PASSWORD, role="admin"
        ).as_staff()
    with database.write(admin) as session:
        one_time = accounts.reset_password(session=session, user_id=user.id)
    assert len(one_time) >= 12
    with database.read() as session:
        # The old sign-in is over, and the old password is gone.
        assert (
            accounts.current_account(
                session=session, user_id=user.id, session_epoch=user.session_epoch
            )
            is None
        )
    with pytest.raises(accounts.SignInFailed):
        accounts.sign_in(database=database, username="staff1", password=PASSWORD)
    again = accounts.sign_in(database=database, username="staff1", password=one_time)
    assert again.must_change_password
    assert ("password_reset", "user:staff1") in actions_logged(database)

    other = make(database, "staff2")
    with pytest.raises(Forbidden), database.write(other.as_staff()) as session:
        accounts.reset_password(session=session, user_id=user.id)


def test_everyone_changes_their_own_password(database: Database) -> None:
    user = make(database)
    with database.write() as session, pytest.raises(accounts.SignInFailed):
        accounts.change_password(session=session, user_id=user.id, old="wrong", new="x" * 12)
    with database.write() as session, pytest.raises(InvalidInput) as same:
        accounts.change_password(session=session, user_id=user.id, old=PASSWORD, new=PASSWORD)
    assert same.value.key == "error.password_same"
    with database.write() as session:
        changed = accounts.change_password(
            session=session, user_id=user.id, old=PASSWORD, new="another-long-pw"
        )
    assert changed.session_epoch == user.session_epoch + 1  # other sign-ins end
    assert accounts.sign_in(database=database, username="staff1", password="another-long-pw")
    assert ("password_change", "user:staff1") in actions_logged(database)


def test_an_admin_lets_waiting_addresses_try_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    throttle = accounts.SignInThrottle()
    monkeypatch.setattr(accounts, "THROTTLE", throttle)
    make(database)
    for _ in range(throttle.FREE_FAILURES + 1):
        with pytest.raises(accounts.SignInFailed):
            accounts.sign_in(database=database, username="staff1", password="no", client="10.0.0.9")
    assert throttle.waiting() == 1
    with pytest.raises(accounts.SignInFailed) as waiting:
        accounts.sign_in(database=database, username="staff1", password=PASSWORD, client="10.0.0.9")
    assert waiting.value.key == "error.sign_in_throttled"
    with database.write() as session:
        assert accounts.release_sign_in_waits(session=session) == 1
    assert accounts.sign_in(
        database=database, username="staff1", password=PASSWORD, client="10.0.0.9"
    )


def test_an_admin_changes_their_own_password_rather_than_resetting_it(database: Database) -> None:
    with database.write() as session:
        admin = accounts.create_user(
            session=session, username="kanri", password=PASSWORD, role="admin"
        )
    with pytest.raises(InvalidInput) as own, database.write(admin.as_staff()) as session:
        accounts.reset_password(session=session, user_id=admin.id)
    assert own.value.key == "error.reset_own"
