"""The facilitator's board (/board?workshop=ID) and the projector's view of it
(/board?workshop=ID&view=present).

Both draw the sticky board component, refreshed by a fragment every half
second. On the laptop the facilitator opens any table to move, edit or vote on
its notes (a preview only this laptop sees), puts a table on the projector
(spotlight), runs the agenda timer and locks the tables. The projector's view
has no Streamlit chrome: the timer, then every table, or the table in the
spotlight with its islands, votes and summary.
"""

from functools import partial
from typing import Any

import streamlit as st

from facilitation.core.errors import UserError
from facilitation.workshops import boards, timer
from facilitation.workshops.setup import get_workshop, list_workshops, set_boards_locked
from ui import sticky_board
from ui.db import database
from ui.i18n import t
from ui.island_suggestions import suggestions_panel, themes_panel
from ui.render import PRESENTER_CSS
from ui.widgets import apply, md_escape, query_int, show_flash, show_user_error, workshop_labels

db = database()
workshop_id = query_int("workshop")
if workshop_id is None:
    with db.read() as session:
        workshops = list_workshops(session=session)
    labels = workshop_labels(workshops)
    choice = st.selectbox(
        t("board.pick"),
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        placeholder=t("common.choose"),
    )
    if choice is not None:
        st.query_params["workshop"] = str(choice)
        st.rerun()
    st.stop()

presenting = st.query_params.get("view") == "present"


def timer_controls(container: Any, data: dict[str, Any], workshop_id: int) -> None:
    timer_data = data.get("timer")
    if timer_data is None:
        container.caption(t("board.no_phases"))
        return
    index = timer_data["index"]
    if timer_data["running"]:
        container.button(
            t("board.pause"),
            key="timer-pause",
            icon=":material/pause:",
            on_click=apply,
            args=(partial(timer.pause_timer, workshop_id=workshop_id),),
        )
    else:
        container.button(
            t("board.start"),
            key="timer-start",
            type="primary",
            icon=":material/play_arrow:",
            on_click=apply,
            args=(partial(timer.start_timer, workshop_id=workshop_id),),
        )
    for key, label, step, disabled in (
        ("timer-prev", t("board.prev_phase"), -1, index == 0),
        ("timer-next", t("board.next_phase"), 1, timer_data["next"] is None),
    ):
        container.button(
            label,
            key=key,
            disabled=disabled,
            on_click=apply,
            args=(partial(timer.go_to_phase, workshop_id=workshop_id, phase_index=index + step),),
        )


def lock_controls(container: Any, data: dict[str, Any], workshop_id: int) -> None:
    tables = data["tables"]
    all_locked = bool(tables) and all(table["locked"] for table in tables)
    container.button(
        t("board.unlock_all") if all_locked else t("board.lock_all"),
        key="lock-all",
        icon=":material/lock_open:" if all_locked else ":material/lock:",
        on_click=apply,
        args=(partial(set_boards_locked, workshop_id=workshop_id, locked=not all_locked),),
    )
    with container.popover(t("board.lock_each"), icon=":material/table_restaurant:"):
        for table in tables:
            label = f"🔒 {t('board.unlock')}" if table["locked"] else t("board.lock")
            st.button(
                f"{md_escape(table['name'])}: {label}",
                key=f"lock-{table['id']}",
                on_click=apply,
                args=(
                    partial(
                        set_boards_locked,
                        workshop_id=workshop_id,
                        locked=not table["locked"],
                        group_id=table["id"],
                    ),
                ),
            )


def counts_table(data: dict[str, Any]) -> None:
    rows = []
    for table in data["tables"]:
        row: dict[str, str | int] = {t("setup.group_name"): table["name"]}
        for category in data["categories"]:
            row[category["name"]] = sum(
                1 for note in table["notes"] if note["category"] == category["id"]
            )
        row[t("board.total")] = len(table["notes"])
        rows.append(row)
    st.dataframe(rows, hide_index=True)


@st.fragment(run_every=sticky_board.REFRESH)
def facilitator_board(workshop_id: int) -> None:
    controls = st.container(horizontal=True, vertical_alignment="center")
    data = sticky_board.show(key=f"board-{workshop_id}", mode="board", workshop_id=workshop_id)
    if data is None:
        return
    timer_controls(controls, data, workshop_id)
    lock_controls(controls, data, workshop_id)
    if data["closed"]:
        st.warning(t("board.closed"))
    with st.expander(t("board.counts")):
        counts_table(data)


@st.fragment(run_every=sticky_board.REFRESH)
def projector(workshop_id: int) -> None:
    sticky_board.show(key=f"present-{workshop_id}", mode="present", workshop_id=workshop_id)


if presenting:
    st.html(PRESENTER_CSS)
    projector(workshop_id)
    st.stop()

show_flash()
try:
    with db.read() as session:
        title = get_workshop(session=session, workshop_id=workshop_id).title
except UserError as error:
    show_user_error(error)
    st.stop()
top = st.container(horizontal=True, vertical_alignment="center")
top.subheader(md_escape(title), anchor=False, width="stretch")
top.link_button(
    t("board.open_presenter"),
    f"?workshop={workshop_id}&view=present",
    icon=":material/present_to_all:",
    help=t("board.open_presenter_help"),
)
facilitator_board(workshop_id)

# Outside the live fragment: suggestions and themes are asked for with a tap
# and stay put while the board refreshes above them.
with db.read() as session:
    tables = boards.load_board(session=session, workshop_id=workshop_id).groups
# Open while they hold suggestions or themes: a tap reruns the page, and a
# message above the board used to fold the panel shut over its own answer.
asked = any(f"islands-{g.group.id}" in st.session_state for g in tables)
with st.expander(t("isl.heading"), expanded=asked):
    if tables:
        chosen = st.selectbox(
            t("isl.board_table"),
            options=[g.group.id for g in tables],
            format_func=lambda gid: next(g.group.name for g in tables if g.group.id == gid),
            key=f"islands-table-{workshop_id}",
        )
        table = next(g.group for g in tables if g.group.id == chosen)
        suggestions_panel(group_id=table.id, locked=table.locked, key=f"islands-{table.id}")
with st.expander(t("isl.themes_heading"), expanded=f"themes-{workshop_id}" in st.session_state):
    themes_panel(workshop_id=workshop_id, key=f"themes-{workshop_id}")

links = st.container(horizontal=True)
links.page_link(
    "app_pages/setup.py",
    label=t("board.edit_setup"),
    icon=":material/settings:",
    query_params={"workshop": str(workshop_id)},
)
# Outside the live fragment and on its own page: a dropdown here would be
# redrawn under the facilitator's pointer every half second.
links.page_link(
    "app_pages/actions.py",
    label=t("act.from_board"),
    icon=":material/flag:",
    query_params={"from_workshop": str(workshop_id)},
    help=t("act.from_board_help"),
)
links.page_link(
    "app_pages/minutes.py",
    label=t("min.download_minutes"),
    icon=":material/description:",
    query_params={"workshop": str(workshop_id)},
)
