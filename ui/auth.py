"""Signing in and out, and who the current browser session is.

The signed-in account is re-read on every run: an account deleted,
deactivated, given another role or signed out elsewhere is signed out here
at the next click, whatever the browser still holds."""

from __future__ import annotations

import streamlit as st
from sqlmodel import select

from facilitation.accounts import (
    AccountRead,
    SignInFailed,
    account_for_token,
    change_password,
    current_account,
    issue_token,
    sign_in,
    sign_out,
)
from facilitation.core.errors import UserError
from facilitation.models import UserAccount
from facilitation.policy.access import Staff
from ui import state
from ui.db import ACTOR_KEY, bind, system_database
from ui.i18n import t
from ui.widgets import flash, md_escape

COOKIE = "kondan_session"


def _set_cookie(token: str, max_age: int) -> None:
    """Keep the sign-in across reloads and tabs. The token is random and only
    its hash is stored; it never appears in a URL."""
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    st.html(
        f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age={max_age}; "
        f"SameSite=Strict{secure}';</script>",
        unsafe_allow_javascript=True,
    )


def current_account_read() -> AccountRead | None:
    user_id = st.session_state.get(state.USER_ID)
    epoch = st.session_state.get(state.USER_EPOCH)
    if user_id is None or epoch is None:
        token = str(st.context.cookies.get(COOKIE) or "")
        if not token or st.session_state.get(state.SIGNED_OUT):
            return None
        with system_database().read() as session:
            account = account_for_token(session=session, token=token)
        if account is None:
            return None
        _remember(account)
        return account
    with system_database().read() as session:
        account = current_account(session=session, user_id=user_id, session_epoch=epoch)
    if account is None:
        forget()
        return None
    bind(account.as_staff())
    return account


def forget() -> None:
    for key in (state.USER_ID, state.USER_EPOCH, state.COOKIE_TOKEN, ACTOR_KEY):
        st.session_state.pop(key, None)


def _remember(account: AccountRead) -> None:
    st.session_state[state.USER_ID] = account.id
    st.session_state[state.USER_EPOCH] = account.session_epoch
    bind(account.as_staff())


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, AttributeError):
        return False


def sign_in_page() -> None:
    """The only thing a browser without a sign-in or a code sees."""
    if st.session_state.get(state.SIGNED_OUT):
        _set_cookie("", 0)  # forget the signed-out token in this browser too
    st.title(t("auth.heading"), anchor=False)
    st.caption(t("auth.intro"))
    with st.form("sign_in"):
        username = st.text_input(t("auth.username"), autocomplete="username")
        password = st.text_input(
            t("auth.password"), type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if submitted:
        try:
            account = sign_in(
                database=system_database(),
                username=username.strip(),
                password=password,
                client=str(st.context.ip_address or ""),
            )
        except SignInFailed as error:
            st.error(t(error.key, **error.params))
        else:
            with system_database().write() as session:
                token = issue_token(session=session, account=account)
            _remember(account)
            st.session_state.pop(state.SIGNED_OUT, None)
            st.session_state[state.COOKIE_TOKEN] = token
            st.rerun()
    if _oidc_configured() and st.button(t("auth.sign_in_oidc")):
        st.login()
    st.divider()
    st.page_link(
        "app_pages/group.py", label=t("auth.group_leader"), icon=":material/sticky_note_2:"
    )


def sign_in_with_oidc() -> None:
    """After st.login: an account whose name is the e-mail the provider gave."""
    user = getattr(st, "user", None)
    if user is None or not getattr(user, "is_logged_in", False):
        return
    email = str(user.get("email") or "")

    with system_database().read() as session:
        row = session.exec(select(UserAccount).where(UserAccount.username == email)).first()
        account = (
            current_account(session=session, user_id=row.id or 0, session_epoch=row.session_epoch)
            if row is not None
            else None
        )
    if account is None:
        st.error(t("auth.oidc_unknown"))
        st.logout()
        return
    _remember(account)
    if not st.session_state.get(state.COOKIE_TOKEN):
        # The gate (ui/gate.py) lets recordings and exports reach a browser by
        # this cookie, whichever way it signed in.
        with system_database().write() as session:
            st.session_state[state.COOKIE_TOKEN] = issue_token(session=session, account=account)


def sign_out_button(account: AccountRead) -> None:
    # Written on every run, not once: a run cut short by the next click can
    # lose the element before its script runs, and the browser would then
    # forget the sign-in at the next reload. The same element in the same
    # place is not mounted again, so the script runs once per page load.
    token = st.session_state.get(state.COOKIE_TOKEN)
    if token:
        _set_cookie(token, 12 * 3600)
    st.sidebar.caption(
        t("auth.signed_in_as", name=md_escape(account.display_name or account.username))
    )
    if st.sidebar.button(t("auth.sign_out"), key="sign_out"):
        with system_database().write() as session:
            sign_out(session=session, user_id=account.id)
        forget()
        # Every token of this account stopped working with the epoch; the
        # cookie itself is cleared too.
        st.session_state[state.SIGNED_OUT] = True
        st.rerun()


def change_password_page(account: AccountRead) -> None:
    """The first sign-in with a one-time password: nothing else until it is changed."""
    st.title(t("auth.change_password"), anchor=False)
    st.info(t("auth.must_change"))
    password_form(account)


def password_form(account: AccountRead) -> None:
    """Change one's own password: the current one, the new one twice. Every
    other sign-in of the account ends; this browser stays signed in."""
    with st.form("change_password"):
        old = st.text_input(
            t("auth.old_password"), type="password", autocomplete="current-password"
        )
        new = st.text_input(t("auth.new_password"), type="password", autocomplete="new-password")
        again = st.text_input(
            t("auth.new_password_again"), type="password", autocomplete="new-password"
        )
        submitted = st.form_submit_button(t("group.save"), type="primary")
    if submitted:
        if new != again:
            st.error(t("auth.mismatch"))
            return
        try:
            with system_database().write() as session:
                changed = change_password(session=session, user_id=account.id, old=old, new=new)
        except UserError as error:
            st.error(t(error.key, **error.params))
        else:
            with system_database().write() as session:
                st.session_state[state.COOKIE_TOKEN] = issue_token(session=session, account=changed)
            _remember(changed)
            flash("success", t("auth.password_changed"))
            st.rerun()


def staff_actor() -> Staff | None:
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Staff) else None
