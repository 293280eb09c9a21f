"""Everyone changes their own password on /account (issue 11, item 5)."""

from __future__ import annotations

from facilitation import accounts as account_store
from tests.pages.conftest import ADMIN_PASSWORD
from tests.pages.helpers import texts

ACCOUNT = "app_pages/account.py"


def test_a_signed_in_user_changes_their_password(open_page, accounts, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page(ACCOUNT, as_user="facilitator")
    assert not at.exception
    assert "パスワードの変更" in [s.value for s in at.subheader]
    old, new, again = at.text_input
    old.input("wrong-password")
    new.input("a-brand-new-password")
    again.input("a-brand-new-password")
    at.button(key="FormSubmitter:change_password-保存").click().run()
    assert at.error and at.text_input[1].value == "a-brand-new-password"  # kept
    at.text_input[0].input(ADMIN_PASSWORD)
    at.button(key="FormSubmitter:change_password-保存").click().run()
    assert "パスワードを変更しました。" in texts(at)
    user = account_store.sign_in(
        database=app_database, username="facilitator", password="a-brand-new-password"
    )
    assert not user.must_change_password
