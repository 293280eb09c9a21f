"""The admin page: accounts, roles and the audit log; only admins reach it."""

from __future__ import annotations

import datetime as dt

from facilitation import accounts as account_store
from facilitation.policy import audit
from tests.pages.helpers import texts

ADMIN = "app_pages/admin.py"


def test_admin_adds_an_account_and_reads_the_audit_log(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    assert not at.exception
    form = [w for w in at.text_input if w.form_id == "new_user-0"]
    form[0].input("tanaka")
    form[1].input("田中")
    form[2].input("first-password-1")
    next(s for s in at.selectbox if s.form_id == "new_user-0").set_value("facilitator")
    at.button(key="FormSubmitter:new_user-0-追加").click().run()
    assert "アカウントを追加しました" in texts(at)
    with app_database.read() as session:
        users = {u.username: u.role for u in account_store.list_users(session=session)}
        logged = [(e.action, e.target) for e in audit.list_events(session=session)]
    assert users["tanaka"] == "facilitator"
    assert ("user_create", "user:tanaka") in logged


def test_role_change_is_audited(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    staff = accounts["staff"]
    at.selectbox(key=f"role-{staff.id}").set_value("facilitator").run()
    with app_database.read() as session:
        logged = [(e.action, e.detail) for e in audit.list_events(session=session)]
    assert ("role_change", "staff->facilitator") in logged


def test_staff_do_not_reach_the_admin_page(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN, as_user="staff")
    assert "管理" not in [t.value for t in at.title]
    assert "操作記録" not in texts(at)


def test_a_new_account_is_staff_unless_chosen(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    form = [w for w in at.text_input if w.form_id == "new_user-0"]
    form[0].input("suzuki")
    form[2].input("first-password-1")
    at.button(key="FormSubmitter:new_user-0-追加").click().run()
    with app_database.read() as session:
        users = {u.username: u.role for u in account_store.list_users(session=session)}
    assert users["suzuki"] == "staff"


def test_deleting_an_account_is_confirmed_and_audited(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    staff = accounts["staff"]
    assert "staff を削除します。サインインできなくなり、元に戻せません。" in texts(at)
    at.button(key=f"delete-user-{staff.id}").click().run()
    assert "アカウントを削除しました。" in texts(at)
    with app_database.read() as session:
        users = {u.username for u in account_store.list_users(session=session)}
        logged = [(e.action, e.target) for e in audit.list_events(session=session)]
    assert "staff" not in users
    assert ("user_delete", "user:staff") in logged


def test_the_last_admin_cannot_be_deleted(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    at.button(key=f"delete-user-{accounts['admin'].id}").click().run()
    assert "管理者が1人もいなくなるため、この変更はできません。" in texts(at)
    with app_database.read() as session:
        users = {u.username for u in account_store.list_users(session=session)}
    assert "admin" in users


def test_a_refused_new_account_keeps_what_was_typed(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    form = [w for w in at.text_input if w.form_id == "new_user-0"]
    form[0].input("tanaka")
    form[1].input("田中 一郎")
    form[2].input("short")  # too short: refused
    at.button(key="FormSubmitter:new_user-0-追加").click().run()
    form = [w for w in at.text_input if w.form_id == "new_user-0"]
    assert [w.value for w in form] == ["tanaka", "田中 一郎", "short"]
    assert any("パスワード" in e.value for e in at.error)
    form[2].input("long-enough-password")
    at.button(key="FormSubmitter:new_user-0-追加").click().run()
    assert not [w for w in at.text_input if w.form_id == "new_user-0"]  # a fresh, empty form
    assert all(w.value == "" for w in at.text_input if w.form_id == "new_user-1")


def test_an_admin_resets_a_password_that_is_shown_once(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ADMIN)
    staff = accounts["staff"]
    at.button(key=f"reset-user-{staff.id}").click().run()
    assert not at.exception
    one_time = next(c.value for c in at.code if c.language != "bash")
    assert len(one_time) >= 12
    signed = account_store.sign_in(database=app_database, username="staff", password=one_time)
    assert signed.must_change_password
    at.button(key="hide-one-time").click().run()
    assert one_time not in [c.value for c in at.code]  # gone for good
    with app_database.read() as session:
        logged = [(e.action, e.target) for e in audit.list_events(session=session)]
    assert ("password_reset", "user:staff") in logged


def test_the_audit_log_reads_in_japanese_and_japan_time(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, item 9."""
    at = open_page(ADMIN)
    staff = accounts["staff"]
    at.selectbox(key=f"role-{staff.id}").set_value("facilitator").run()
    table = at.dataframe[0].value
    row = table[table["操作"] == "役割変更"].iloc[0]
    assert row["対象"] == "アカウント staff"
    assert row["詳細"] == "職員→ファシリテーター"
    with app_database.read() as session:
        logged = next(e for e in audit.list_events(session=session) if e.action == "role_change")
    japan = logged.at.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert row["日時（日本時間）"] == japan.strftime("%Y-%m-%d %H:%M:%S")
