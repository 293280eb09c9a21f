"""Without a sign-in no page shows residents' words; a code reaches only its
table; a sign-in survives a reload and ends with a sign-out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ADMIN_PASSWORD, ADMIN_USER, RunningApp, sign_in

pytestmark = pytest.mark.e2e

SECRET_TEXTS = ("スーパーが閉店して買い物が大変", "サロンの参加者が減っている", "移動販売の誘致")


def test_no_page_shows_workshop_data_without_a_sign_in(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    page = browser.new_context().new_page()
    for path in (
        "/",
        f"/board?workshop={demo['workshop_id']}",
        "/recordings",
        "/actions?action=1",
        "/minutes",
        "/setup?workshop=1",
        "/admin",
        "/group",
    ):
        page.goto(f"{app.url}{path}")
        expect(
            page.get_by_role("button", name=("開く" if path == "/group" else "サインイン"))
        ).to_be_visible(timeout=20_000)
        body = page.inner_text("body")
        for text in SECRET_TEXTS:
            assert text not in body, (path, text)
    page.close()


def test_a_code_reaches_only_its_table(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    page = browser.new_context(viewport={"width": 420, "height": 2400}).new_page()
    page.goto(f"{app.url}/group?code={demo['groups'][0]['code']}")
    expect(page.get_by_text("スーパーが閉店して買い物が大変").first).to_be_visible(timeout=20_000)
    body = page.inner_text("body")
    assert "サロンの参加者が減っている" not in body  # table B's note
    # A forged query string: another table's code is its own table, a made-up one nothing.
    page.goto(f"{app.url}/group?code=ABCD-2345")
    expect(page.get_by_text("参加コードが見つかりません")).to_be_visible(timeout=20_000)
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=20_000)
    assert "サロンの参加者が減っている" not in page.inner_text("body")
    page.close()


def test_wrong_password_then_sign_in_survives_reload_until_sign_out(
    app: RunningApp, browser: Browser
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{app.url}/")
    page.get_by_label("ユーザー名").fill("admin")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="サインイン").click()
    expect(page.get_by_text("ユーザー名かパスワードが違います。")).to_be_visible(timeout=20_000)
    sign_in(page, app)
    page.reload()
    expect(page.get_by_text("サインイン中")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="サインアウト").click()
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=20_000)
    page.reload()
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=20_000)
    page.close()


def test_a_deep_link_signs_in_and_then_shows_what_it_named(
    app: RunningApp, browser: Browser
) -> None:

    demo = app.demo()
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{app.url}/board?workshop={demo['workshop_id']}")
    expect(page.get_by_role("button", name="サインイン")).to_be_visible(timeout=20_000)
    assert "Page not found" not in page.inner_text("body")
    page.wait_for_load_state("networkidle")
    page.get_by_label("ユーザー名").fill(ADMIN_USER)
    page.get_by_label("パスワード").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    expect(page.get_by_text("スーパーが閉店して買い物が大変")).to_be_visible(timeout=20_000)
    page.close()
