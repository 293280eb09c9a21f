"""The group leader's paste box: many notes at once, one a line, for notes
first written on paper. Everything else on the board is the sticky board
component (``ui.sticky_board``)."""

from __future__ import annotations

import uuid
from functools import partial

import streamlit as st

from facilitation.models import CategoryRead
from facilitation.workshops import boards
from ui import state
from ui.i18n import t
from ui.widgets import REFUSED, flash, write


def _form_token(key: str) -> str:
    """The current form's token: a resubmit of the same form reuses it, so the
    domain can refuse a duplicate; it changes once the form's write succeeds."""
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return str(st.session_state[key])


def _rotate_token(key: str) -> None:
    st.session_state[key] = uuid.uuid4().hex


def _category_name(categories: list[CategoryRead], category_id: int | None) -> str:
    match = next((c for c in categories if c.id == category_id), None)
    return match.name if match else t("group.no_category")


def _add_pasted(group_id: int, token: str) -> None:
    added = write(
        partial(
            boards.add_pasted_notes,
            group_id=group_id,
            pasted=st.session_state.get(state.PASTE_TEXT, ""),
            category_id=st.session_state.get(state.PASTE_CATEGORY),
            client_token=token,
        )
    )
    if added is not REFUSED:
        flash("success", t("group.pasted", count=len(added)))
        _rotate_token(state.PASTE_FORM_TOKEN)
        st.session_state[state.PASTE_TEXT] = ""


def paste_form(*, group_id: int, categories: list[CategoryRead], disabled: bool) -> None:
    """Many notes at once, one a line (for notes first written on paper)."""
    token = _form_token(state.PASTE_FORM_TOKEN)
    with st.expander(t("group.paste_heading")), st.form("paste_notes", border=False):
        st.selectbox(
            t("group.category"),
            options=[c.id for c in categories],
            format_func=lambda cid: _category_name(categories, cid),
            key=state.PASTE_CATEGORY,
            disabled=disabled,
        )
        st.text_area(t("group.paste_help"), key=state.PASTE_TEXT, height=150, disabled=disabled)
        st.form_submit_button(
            t("group.paste_add"), disabled=disabled, on_click=_add_pasted, args=(group_id, token)
        )
