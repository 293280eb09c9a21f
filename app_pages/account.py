"""Your account (/account, everyone signed in): change your own password."""

import streamlit as st

from ui.auth import current_account_read, password_form
from ui.i18n import t
from ui.widgets import md_escape, show_flash

st.title(t("acc.heading"), anchor=False)
show_flash()
account = current_account_read()
if account is not None:
    st.caption(t("acc.who", name=md_escape(account.username), role=t(f"role_user.{account.role}")))
    st.subheader(t("auth.change_password"), anchor=False)
    st.caption(t("acc.password_help"))
    password_form(account)
