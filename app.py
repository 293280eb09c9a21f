"""Kondan: the router. Page config, navigation, language; pages hold the rest."""

import streamlit as st

from ui.i18n import language_picker, t

st.set_page_config(page_title="Kondan 懇談", page_icon=":material/forum:", layout="wide")

pages = [
    st.Page(
        "app_pages/home.py",
        title=t("nav.home"),
        icon=":material/home:",
        url_path="home",
        default=True,
    ),
    st.Page(
        "app_pages/setup.py",
        title=t("nav.setup"),
        icon=":material/edit_calendar:",
        url_path="setup",
    ),
    st.Page(
        "app_pages/board.py", title=t("nav.board"), icon=":material/dashboard:", url_path="board"
    ),
    st.Page(
        "app_pages/recordings.py",
        title=t("nav.recordings"),
        icon=":material/mic:",
        url_path="recordings",
    ),
    st.Page(
        "app_pages/actions.py",
        title=t("nav.actions"),
        icon=":material/flag:",
        url_path="actions",
    ),
    st.Page(
        "app_pages/minutes.py",
        title=t("nav.minutes"),
        icon=":material/description:",
        url_path="minutes",
    ),
    st.Page(
        "app_pages/group.py",
        title=t("nav.group"),
        icon=":material/sticky_note_2:",
        url_path="group",
    ),
]
current = st.navigation(pages)
language_picker()
current.run()
