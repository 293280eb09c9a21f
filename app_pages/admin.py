"""Administration (/admin, admins only): accounts and roles, the audit log,
and how retention and backups are set up."""

from functools import partial
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from facilitation import accounts
from facilitation.core.settings import get_settings
from facilitation.policy import audit
from facilitation.policy.access import ROLES, STAFF
from ui.auth import staff_actor
from ui.db import database
from ui.i18n import aside, t
from ui.widgets import REFUSED, md_escape, show_flash, write

db = database()
st.title(t("adm.heading"), anchor=False)
show_flash()


users_tab, audit_tab, care_tab = st.tabs([t("adm.users"), t("adm.audit"), t("adm.care")])

ONE_TIME = "admin-one-time-password"


def reset(user_id: int) -> None:
    """``on_click``: a new one-time password, kept to be shown once on this page."""
    one_time = write(partial(accounts.reset_password, user_id=user_id))
    if isinstance(one_time, str):
        st.session_state[ONE_TIME] = (user_id, one_time)


with users_tab:
    with db.read() as session:
        users = accounts.list_users(session=session)
    me = getattr(staff_actor(), "user_id", None)
    shown = st.session_state.get(ONE_TIME)
    if shown:
        who = next((u.username for u in users if u.id == shown[0]), "")
        with st.container(border=True):
            st.success(t("adm.reset_done", name=md_escape(who)))
            st.code(shown[1], language=None)
            st.caption(t("adm.reset_once"))
            if st.button(t("adm.reset_hide"), key="hide-one-time"):
                st.session_state.pop(ONE_TIME, None)
                st.rerun()
    for user in users:
        row = st.container(horizontal=True, vertical_alignment="center")
        name = aside(user.display_name)
        row.markdown(f"**{md_escape(user.username)}**{md_escape(name)}")
        role = row.selectbox(
            t("adm.role"),
            options=list(ROLES),
            index=ROLES.index(user.role),
            format_func=lambda r: t(f"role_user.{r}"),
            key=f"role-{user.id}",
            label_visibility="collapsed",
        )
        if role != user.role:
            write(partial(accounts.set_role, user_id=user.id, role=role), success=t("group.saved"))
            st.rerun()
        if user.id != me:  # one's own password is changed on /account
            resetting = row.popover(t("adm.reset"), key=f"reset-{user.id}")
            resetting.caption(t("adm.reset_confirm", name=md_escape(user.username)))
            resetting.button(
                t("adm.reset"),
                key=f"reset-user-{user.id}",
                type="primary",
                on_click=reset,
                args=(user.id,),
            )
        # Deleting signs the account out everywhere and cannot be undone: ask first.
        confirm = row.popover(t("adm.delete_user"), key=f"delete-{user.id}")
        confirm.caption(t("adm.delete_confirm", name=md_escape(user.username)))
        if confirm.button(t("adm.delete_user"), key=f"delete-user-{user.id}", type="primary"):
            write(partial(accounts.delete_user, user_id=user.id), success=t("adm.user_deleted"))
            st.rerun()
    # The form keeps what was typed when the domain refuses it (a taken name,
    # a short password); after a success a new form starts empty.
    form_number = st.session_state.get("new-user-form", 0)
    with st.form(f"new_user-{form_number}"):
        st.subheader(t("adm.new_user"), anchor=False)
        username = st.text_input(t("auth.username"))
        display_name = st.text_input(t("adm.display_name"))
        password = st.text_input(t("adm.first_password"), type="password")
        role = st.selectbox(
            t("adm.role"),
            options=list(ROLES),
            index=ROLES.index(STAFF),  # the least a new colleague needs; admin is a choice
            format_func=lambda r: t(f"role_user.{r}"),
        )
        if st.form_submit_button(t("adm.create_user"), type="primary"):
            created = write(
                partial(
                    accounts.create_user,
                    username=username,
                    password=password,
                    role=role,
                    display_name=display_name,
                ),
                success=t("adm.user_created"),
            )
            if created is not REFUSED:
                st.session_state["new-user-form"] = form_number + 1
            st.rerun()
    waiting = accounts.THROTTLE.waiting()
    st.caption(t("adm.sign_in_waits", count=waiting))
    if st.button(t("adm.release_waits"), disabled=waiting == 0):
        write(accounts.release_sign_in_waits, success=t("adm.released"))
        st.rerun()

JAPAN = ZoneInfo("Asia/Tokyo")


def audit_target(target: str) -> str:
    """「workshop:3」 as 「懇談会 3」, 「user:ono」 as 「アカウント ono」."""
    kind, _, rest = target.partition(":")
    key = f"target.{kind}"
    label = t(key)
    if label == key:
        return target
    return f"{label} {rest}".strip()


def audit_detail(action: str, detail: str) -> str:
    """A role change 「staff->facilitator」 as 「職員→ファシリテーター」."""
    if action == "role_change" and "->" in detail:
        old, new = detail.split("->", 1)
        return f"{t(f'role_user.{old}')}→{t(f'role_user.{new}')}"
    return detail


with audit_tab:
    with db.read() as session:
        events = audit.list_events(session=session)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("adm.when"): e.at.astimezone(JAPAN).strftime("%Y-%m-%d %H:%M:%S"),
                    t("adm.who"): e.actor,
                    t("adm.what"): t(f"audit.{e.action}"),
                    t("adm.target"): audit_target(e.target),
                    t("adm.detail"): audit_detail(e.action, e.detail),
                }
                for e in events
            ]
        ),
        hide_index=True,
    )

with care_tab:
    days = get_settings().audio_retention_days
    st.markdown(t("adm.retention", count=days) if days else t("adm.retention_off"))
    st.markdown(t("adm.backup_help"))
    st.code(
        "kondan backup --out kondan-backup.tar.gz\nkondan restore kondan-backup.tar.gz --yes",
        language="bash",
    )
