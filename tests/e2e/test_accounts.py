"""Account flows in Chromium (issue 11, item 5): an admin resets a colleague's
password; the colleague signs in with the one-time password, must change it,
and then changes it again on /account."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from facilitation import accounts
from facilitation.core.db import Database
from tests.e2e.conftest import RunningApp, sign_in, staff_page

pytestmark = pytest.mark.e2e

FIRST = "first-long-password"


def test_reset_then_first_sign_in_then_own_change(app: RunningApp, browser: Browser) -> None:
    app.kondan("db", "upgrade")
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    with database.write() as session:
        sato = accounts.create_user(session=session, username="sato", password=FIRST, role="staff")
    database.dispose()

    admin = staff_page(browser, app)
    admin.goto(f"{app.url}/admin")
    row = admin.get_by_text("sato", exact=True)
    expect(row).to_be_visible(timeout=30_000)
    admin.locator(f".st-key-reset-{sato.id} button").click()
    admin.locator(f".st-key-reset-user-{sato.id} button").click()
    expect(admin.get_by_text("sato の一時パスワードです")).to_be_visible(timeout=15_000)
    one_time = admin.locator("[data-testid=stCode] code").first.inner_text().strip()
    assert len(one_time) >= 12
    admin.get_by_role("button", name="伝えたので閉じる").click()
    expect(admin.get_by_text(one_time)).to_have_count(0)
    admin.context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(f"{app.url}/")
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.get_by_label("ユーザー名").fill("sato")
    page.get_by_label("パスワード").fill(one_time)
    page.get_by_role("button", name="サインイン").click()
    expect(page.get_by_text("一時パスワードでサインインしました", exact=False)).to_be_visible(
        timeout=15_000
    )
    page.get_by_label("今のパスワード").fill(one_time)
    page.get_by_label("新しいパスワード（10文字以上）").fill("sato-second-password")
    page.get_by_label("新しいパスワード（確認）").fill("sato-second-password")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("サインイン中")).to_be_visible(timeout=15_000)
    context.close()

    again = browser.new_context(viewport={"width": 1280, "height": 900})
    own = again.new_page()
    sign_in(own, app, "sato", "sato-second-password")
    own.goto(f"{app.url}/account")
    expect(own.get_by_text("パスワードの変更")).to_be_visible(timeout=30_000)
    own.get_by_label("今のパスワード").fill("sato-second-password")
    own.get_by_label("新しいパスワード（10文字以上）").fill("sato-third-password")
    own.get_by_label("新しいパスワード（確認）").fill("sato-third-password")
    own.get_by_role("button", name="保存").click()
    expect(own.get_by_text("パスワードを変更しました。")).to_be_visible(timeout=15_000)
    again.close()
