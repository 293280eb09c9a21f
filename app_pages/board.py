"""The facilitator's board (/board?workshop=ID): every table live, the agenda
timer, board locks, counts, and plenary mode for the projector.

The board is read from the database in a fragment that reruns every 2 seconds,
so a note written at any table shows here without a reload."""

import datetime as dt
from functools import partial

import streamlit as st

from facilitation.core.errors import UserError
from facilitation.workshops import boards, timer
from facilitation.workshops.setup import list_workshops, set_boards_locked, set_plenary_group
from ui.db import database
from ui.i18n import language, t
from ui.render import board_html, plenary_html
from ui.widgets import apply, md_escape, query_int, show_flash, show_user_error, write

REFRESH_SECONDS = 2

db = database()
workshop_id = query_int("workshop")
if workshop_id is None:
    with db.read() as session:
        workshops = list_workshops(session=session)
    choice = st.selectbox(
        t("board.pick"),
        options=[w.id for w in workshops],
        format_func=lambda wid: next(w.title for w in workshops if w.id == wid),
        index=None,
    )
    if choice is not None:
        st.query_params["workshop"] = str(choice)
        st.rerun()
    st.stop()

show_flash()


def _clock(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(int(abs(seconds)), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def timer_panel(board: boards.BoardRead) -> None:
    view = timer.timer_view(workshop=board.workshop, phases=board.phases)
    if view.phase is None:
        st.caption(t("board.no_phases"))
        return
    now_col, left_col, next_col = st.columns([4, 2, 4], vertical_alignment="bottom")
    # Phase titles wrap rather than end in "…": the room reads them from afar.
    now_col.caption(t("board.now"))
    now_col.subheader(md_escape(view.phase.title), anchor=False)
    left_col.metric(
        t("board.over") if view.overtime else t("board.left"),
        _clock(abs(view.remaining_s)),
    )
    next_col.caption(t("board.next"))
    next_col.subheader(
        md_escape(view.next_phase.title if view.next_phase else t("board.finished")),
        anchor=False,
    )
    workshop_id = board.workshop.id
    controls = st.container(horizontal=True)
    if view.running:
        controls.button(
            t("board.pause"),
            key="timer-pause",
            on_click=apply,
            args=(lambda session: timer.pause_timer(session=session, workshop_id=workshop_id),),
        )
    else:
        controls.button(
            t("board.start"),
            key="timer-start",
            type="primary",
            on_click=apply,
            args=(lambda session: timer.start_timer(session=session, workshop_id=workshop_id),),
        )
    for key, label, step, disabled in (
        ("timer-prev", t("board.prev_phase"), -1, view.phase_index == 0),
        ("timer-next", t("board.next_phase"), 1, view.next_phase is None),
    ):
        controls.button(
            label,
            key=key,
            disabled=disabled,
            on_click=apply,
            args=(
                partial(
                    timer.go_to_phase,
                    workshop_id=workshop_id,
                    phase_index=view.phase_index + step,
                ),
            ),
        )


def lock_panel(board: boards.BoardRead) -> None:
    workshop_id = board.workshop.id
    all_locked = all(g.group.locked for g in board.groups)
    st.button(
        t("board.unlock_all") if all_locked else t("board.lock_all"),
        key="lock-all",
        on_click=apply,
        args=(
            lambda session: set_boards_locked(
                session=session, workshop_id=workshop_id, locked=not all_locked
            ),
        ),
    )
    columns = st.columns(max(len(board.groups), 1))
    for column, group_board in zip(columns, board.groups, strict=False):
        group = group_board.group
        label = f"🔒 {t('board.unlock')}" if group.locked else t("board.lock")
        column.button(
            f"{md_escape(group.name)}: {label}",
            key=f"lock-{group.id}",
            on_click=apply,
            args=(
                partial(
                    set_boards_locked,
                    workshop_id=workshop_id,
                    locked=not group.locked,
                    group_id=group.id,
                ),
            ),
        )


def counts_table(board: boards.BoardRead) -> None:
    rows = []
    for group_board in board.groups:
        counts = group_board.counts_by_category()
        row: dict[str, str | int] = {t("setup.group_name"): group_board.group.name}
        for category in board.categories:
            row[category.name] = counts.get(category.id, 0)
        row[t("board.total")] = len(group_board.notes)
        rows.append(row)
    st.dataframe(rows, hide_index=True)


def _choose_plenary(workshop_id: int, key: str) -> None:
    group_id = st.session_state.get(key)
    write(
        lambda session: set_plenary_group(
            session=session, workshop_id=workshop_id, group_id=group_id
        )
    )


def plenary_controls(board: boards.BoardRead) -> None:
    group_ids = [g.group.id for g in board.groups]
    names = {g.group.id: g.group.name for g in board.groups}
    current = board.workshop.plenary_group_id
    key = f"plenary-{current}"
    st.segmented_control(
        t("board.plenary_table"),
        options=group_ids,
        format_func=lambda gid: md_escape(names[gid]),  # options are markdown
        default=current if current in group_ids else None,
        key=key,
        on_change=_choose_plenary,
        args=(board.workshop.id, key),
    )


@st.fragment(run_every=dt.timedelta(seconds=REFRESH_SECONDS))
def live_board(workshop_id: int) -> None:
    try:
        with db.read() as session:
            board = boards.load_board(session=session, workshop_id=workshop_id)
    except UserError as error:
        show_user_error(error)
        return
    st.title(md_escape(board.workshop.title), anchor=False)
    if board.workshop.status == "closed":
        st.warning(t("board.closed"))
    timer_panel(board)
    with st.expander(t("board.plenary"), expanded=board.workshop.plenary_group_id is not None):
        plenary_controls(board)
    plenary = next((g for g in board.groups if g.group.id == board.workshop.plenary_group_id), None)
    if plenary is not None:
        st.html(plenary_html(board, plenary, language()))
        return
    with st.expander(t("board.lock_all")):
        lock_panel(board)
    st.html(board_html(board, language()))
    with st.expander(t("board.counts")):
        counts_table(board)
    st.page_link(
        "app_pages/setup.py",
        label=t("board.edit_setup"),
        query_params={"workshop": str(workshop_id)},
    )
    st.caption(md_escape(board.workshop.district))


live_board(workshop_id)

# Outside the live fragment and on its own page: a dropdown here would be
# redrawn under the facilitator's pointer every two seconds.
st.page_link(
    "app_pages/actions.py",
    label=t("act.from_board"),
    icon=":material/flag:",
    query_params={"from_workshop": str(workshop_id)},
    help=t("act.from_board_help"),
)
st.page_link(
    "app_pages/minutes.py",
    label=t("min.download_minutes"),
    icon=":material/description:",
    query_params={"workshop": str(workshop_id)},
)
