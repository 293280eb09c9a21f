"""Kondan: the router. Page config, the sign-in gate, navigation by role."""

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from facilitation.policy.access import ADMIN, FACILITATOR
from ui.auth import (
    change_password_page,
    current_account_read,
    sign_in_page,
    sign_in_with_oidc,
    sign_out_button,
)
from ui.db import ACTOR_KEY, system_database
from ui.i18n import language, language_picker, t
from ui.render import STREAMLIT_ENGLISH_CSS, STREAMLIT_JAPANESE_CSS

FAVICON = Path(__file__).parent / "static" / "favicon.svg"
# The icon is drawn here, not fetched: a Material icon would come from Google's servers.
st.set_page_config(page_title="Kondan 懇談", page_icon=FAVICON, layout="wide")
st.html(STREAMLIT_ENGLISH_CSS)
if language() == "ja":
    st.html(STREAMLIT_JAPANESE_CSS)


def page(path: str, key: str, icon: str, url: str, **options: object) -> st.Page:
    return st.Page(f"app_pages/{path}", title=t(key), icon=icon, url_path=url, **options)  # type: ignore[arg-type]


STAFF_PATHS = (
    "home",
    "setup",
    "board",
    "recordings",
    "transcript",
    "actions",
    "minutes",
    "admin",
    "account",
)


def _sign_in_at(path: str) -> Callable[[], None]:
    def show() -> None:
        sign_in_page()

    show.__name__ = f"sign_in_{path}"
    return show


group = page("group.py", "nav.group", ":material/sticky_note_2:", "group")
system_database()  # migrates, and on a first run prints the first admin's password
sign_in_with_oidc()
account = current_account_read()
if account is None:
    # A join code still opens its table's page; nothing else shows without a sign-in.
    if not str(st.query_params.get("code", "")):
        st.session_state.pop(ACTOR_KEY, None)
    # Every staff address answers with the sign-in form, so a deep link
    # (/board?workshop=1) signs in and then shows what it named.
    current = st.navigation(
        [
            st.Page(
                _sign_in_at(path),
                title=t("auth.heading"),
                url_path=path,
                default=path == "home",
            )
            for path in STAFF_PATHS
        ]
        + [group],
        position="hidden",
    )
elif account.must_change_password:
    signed_in = account
    current = st.navigation(
        [
            st.Page(
                lambda: change_password_page(signed_in),
                title=t("auth.change_password"),
                url_path="password",
                default=True,
            )
        ],
        position="hidden",
    )
else:
    pages = [
        page("home.py", "nav.home", ":material/home:", "home", default=True),
        page("setup.py", "nav.setup", ":material/edit_calendar:", "setup"),
        page("board.py", "nav.board", ":material/dashboard:", "board"),
    ]
    if account.role != FACILITATOR:
        pages.append(page("recordings.py", "nav.recordings", ":material/mic:", "recordings"))
        pages.append(page("transcript.py", "nav.transcript", ":material/subtitles:", "transcript"))
    pages += [
        page("actions.py", "nav.actions", ":material/flag:", "actions"),
        page("minutes.py", "nav.minutes", ":material/description:", "minutes"),
    ]
    if account.role == ADMIN:
        pages.append(page("admin.py", "nav.admin", ":material/admin_panel_settings:", "admin"))
    pages += [page("account.py", "nav.account", ":material/key:", "account"), group]
    current = st.navigation(pages)
    sign_out_button(account)
language_picker()
current.run()
