"""A group leader's page (/group?code=JOINCODE): no account, made for a phone.

Write notes, group them into islands, record dot votes and the table summary.
Every write goes through the domain, which checks the code's table and the lock.
"""

import streamlit as st

from facilitation.core.errors import UserError
from facilitation.policy.access import TableCode
from facilitation.workshops import boards
from facilitation.workshops.codes import format_join_code, normalize_join_code
from facilitation.workshops.setup import get_workshop, group_for_code
from ui import sticky_board
from ui.board_widgets import paste_form
from ui.db import bind, database, system_database
from ui.i18n import t
from ui.island_suggestions import suggestions_panel
from ui.render import PHONE_CSS
from ui.widgets import md_escape, show_flash, show_user_error, user_error_text


def code_entry(typed: str = "") -> None:
    with st.form("code_entry"):
        code = st.text_input(
            t("group.enter_code"), value=typed, placeholder=t("group.code_placeholder")
        )
        if st.form_submit_button(t("group.open"), type="primary") and code.strip():
            st.query_params["code"] = normalize_join_code(code)
            st.rerun()


code = st.query_params.get("code", "")
if not code:
    code_entry()
    st.stop()

try:
    # The code is checked on every run: a renewed or closed code stops here.
    with system_database().read() as session:
        group = group_for_code(session=session, code=code)
    bind(TableCode(group_id=group.id, workshop_id=group.workshop_id, join_code=group.join_code))
    db = database()
    with db.read() as session:
        workshop = get_workshop(session=session, workshop_id=group.workshop_id)
        categories = boards.categories_of(session=session, workshop_id=group.workshop_id)
except UserError as error:
    show_user_error(error)
    code_entry(code)
    st.stop()

st.html(PHONE_CSS)
st.subheader(md_escape(group.name), anchor=False)
st.caption(
    f"{md_escape(workshop.title)}・{t('home.join_code')}: {format_join_code(group.join_code)}"
)
show_flash()


@st.fragment(run_every=sticky_board.REFRESH)
def live_table(workshop_id: int, group_id: int) -> None:
    # Every run re-checks the code (in the domain, and here for the reason): a
    # renewed or closed code stops the board at once and says why.
    try:
        with system_database().read() as session:
            group_for_code(session=session, code=code)
    except UserError as error:
        show_user_error(error)
        sticky_board.show_ended(key=f"table-{group_id}", message=user_error_text(error))
        return
    sticky_board.show(
        key=f"table-{group_id}",
        mode="group",
        workshop_id=workshop_id,
        group_id=group_id,
    )


live_table(group.workshop_id, group.id)
suggestions_panel(group_id=group.id, locked=group.locked, key=f"islands-{group.id}")
paste_form(group_id=group.id, categories=categories, disabled=group.locked)
