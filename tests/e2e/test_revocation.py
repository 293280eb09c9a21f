"""A staff tab left open on the live board stops receiving notes, and stops
acting, once its account is deleted elsewhere (the board's fragment reruns on
its own, without the router's sign-in check)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from facilitation import accounts
from facilitation.core.db import Database
from facilitation.workshops import boards
from tests.e2e.conftest import RunningApp, staff_page

pytestmark = pytest.mark.e2e
PASSWORD = "e2e-staff-password"  # noqa: S105 - a test account's


def test_a_deleted_account_stops_seeing_the_board(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    with database.write() as session:
        account = accounts.create_user(
            session=session, username="revoked-staff", password=PASSWORD, role="staff"
        )
        accounts.change_password(
            session=session, user_id=account.id, old=PASSWORD, new=PASSWORD + "-2"
        )
    page = staff_page(browser, app, username="revoked-staff", password=PASSWORD + "-2")
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(page.get_by_text("スーパーが閉店して買い物が大変")).to_be_visible(timeout=30_000)

    group_id = None
    with database.read() as session:
        board = boards.load_board(session=session, workshop_id=demo["workshop_id"])
        group_id = board.groups[0].group.id
    with database.write() as session:
        boards.add_note(session=session, group_id=group_id, text="削除の前の付箋")
    expect(page.get_by_text("削除の前の付箋")).to_be_visible(timeout=10_000)

    with database.write() as session:
        accounts.delete_user(session=session, user_id=account.id)
    with database.write() as session:
        boards.add_note(session=session, group_id=group_id, text="削除の後の付箋")
    expect(page.get_by_text("この操作を行う権限がありません。")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("削除の後の付箋")).to_have_count(0)
    expect(page.get_by_text("スーパーが閉店して買い物が大変")).to_have_count(0)
    page.context.close()
    database.dispose()
