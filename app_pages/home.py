"""Home: the workshops, a first-run offer of the sample, and a join-code box."""

import datetime as dt

import streamlit as st

from facilitation.actions import due_for_review, list_actions
from facilitation.ops.demo import seed_demo
from facilitation.workshops.codes import normalize_join_code
from facilitation.workshops.setup import copy_workshop, workshop_overviews
from ui.db import database
from ui.i18n import aside, t
from ui.system_status import system_status
from ui.widgets import flash, md_escape, show_flash

st.title(t("home.heading"))
st.caption(t("home.intro"))
show_flash()
system_status()

db = database()
with db.read() as session:
    overviews = workshop_overviews(session=session)

with st.container(border=True):
    st.subheader(t("home.join_heading"))
    with st.form("join", border=False):
        code = st.text_input(t("home.join_code"), placeholder=t("group.code_placeholder"))
        if st.form_submit_button(t("home.join_button")) and code.strip():
            st.switch_page("app_pages/group.py", query_params={"code": normalize_join_code(code)})

if not overviews:
    st.info(t("home.empty"))
    if st.button(t("home.load_demo"), type="primary"):
        with db.write() as session:
            demo = seed_demo(session=session)
        flash("success", t("home.demo_loaded"))
        st.switch_page("app_pages/board.py", query_params={"workshop": str(demo.id)})

today = dt.date.today()
with db.read() as session:
    due = due_for_review(session=session, today=today)
    overdue = list_actions(session=session, overdue_on=today)
    week_end = today + dt.timedelta(days=7)
    this_week = [
        item
        for item in list_actions(session=session)
        if any(
            day is not None and today <= day <= week_end
            for day in (item.next_review_date, item.due_date)
        )
    ]
if due or overdue or this_week:
    week_col, due_col, overdue_col = st.columns(3)
    for column, heading, shown in (
        (week_col, t("home.this_week"), this_week),
        (due_col, t("act.due_month"), due),
        (overdue_col, t("act.overdue"), overdue),
    ):
        with column.container(border=True):
            st.subheader(heading, anchor=False)
            for item in shown:
                when = item.next_review_date or item.due_date
                st.page_link(
                    "app_pages/actions.py",
                    label=f"{md_escape(item.title)}{aside(when.isoformat() if when else '')}",
                    query_params={"action": str(item.id)},
                )
            if not shown:
                st.caption(t("act.none"))

st.page_link("app_pages/setup.py", label=t("home.new"), icon=":material/add:")

for overview in overviews:
    workshop = overview.workshop
    with st.container(border=True):
        title_col, actions_col = st.columns([3, 2])
        closed = aside(t("home.closed")) if workshop.status == "closed" else ""
        title_col.markdown(f"**{md_escape(workshop.title)}**{closed}")
        details = " ・ ".join(
            part
            for part in (
                workshop.date.isoformat() if workshop.date else "",
                workshop.district,
                f"{overview.group_count} {t('home.tables')}",
                f"{overview.note_count} {t('home.notes')}",
            )
            if part
        )
        title_col.caption(md_escape(details))
        # One row that wraps on a narrow screen, so no label is cut short.
        links = actions_col.container(
            horizontal=True, horizontal_alignment="right", vertical_alignment="center"
        )
        links.page_link(
            "app_pages/board.py",
            label=t("home.open_board"),
            query_params={"workshop": str(workshop.id)},
        )
        links.page_link(
            "app_pages/setup.py", label=t("home.edit"), query_params={"workshop": str(workshop.id)}
        )
        if links.button(t("home.copy"), key=f"copy-{workshop.id}"):
            with db.write() as session:
                copy = copy_workshop(session=session, workshop_id=workshop.id)
            flash("success", t("home.copied"))
            st.switch_page("app_pages/setup.py", query_params={"workshop": str(copy.id)})
