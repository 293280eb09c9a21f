"""The sticky board component (``st.components.v2``) and its live refresh.

One component draws a table's notes in their islands on the group leader's
phone (``group``), on the facilitator's laptop with every table (``board``)
and on the projector (``present``). It lives in a fragment that reruns every
half second: each run asks the database for the board's revision (a few
aggregate queries) and re-reads the board only when it moved, so an idle page
costs little and a change anywhere shows everywhere within a second.

The browser sends events (``ui.board_events``); each is carried out in its own
write transaction, and its outcome goes back to the component as ``ack`` so
the message appears where the user is looking and a refused note keeps its
text in the box.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import streamlit as st
from sqlmodel import Session

from facilitation.core.clock import now_utc
from facilitation.core.errors import UserError
from facilitation.islands.embedding import default_embedder
from facilitation.models import CategoryRead, PhaseRead, WorkshopRead
from facilitation.models.workshops import WORKSHOP_CLOSED
from facilitation.policy.access import allowed
from facilitation.workshops import boards, timer
from facilitation.workshops.boards import GroupBoardRead
from facilitation.workshops.setup import get_workshop
from ui.board_events import apply_event
from ui.component_events import run_event
from ui.db import database
from ui.i18n import t
from ui.render import NEUTRAL_COLOR
from ui.static_component import static_component
from ui.widgets import show_user_error, user_error_text

REFRESH = dt.timedelta(seconds=0.5)

_COMPONENT = static_component(
    "kondan_sticky_board", module="board/board.js", css="board/board.css", root_class="kd-sb"
)


# Labels the component shows, by its own short names.
_TEXT_KEYS = (
    "add",
    "all_tables",
    "cancel",
    "category",
    "changed_meanwhile",
    "chime",
    "chime_short",
    "clear_selection",
    "closed",
    "delete",
    "deleted_count",
    "dissolve",
    "edit",
    "empty_note",
    "finished",
    "island_empty",
    "island_label",
    "island_menu",
    "locked",
    "locked_short",
    "make_action",
    "merge_into",
    "mode_select",
    "mode_vote",
    "move_here",
    "move_to",
    "new_island",
    "new_island_make",
    "no_answer",
    "next",
    "no_notes",
    "no_summary",
    "note_placeholder",
    "note_text",
    "notes_count",
    "now",
    "on_screen",
    "open_table",
    "over",
    "rename",
    "save",
    "select_help",
    "selected",
    "spotlight",
    "spotlight_off",
    "note_spotlight",
    "note_spotlight_off",
    "summary",
    "summary_save",
    "undo",
    "undone",
    "unsorted",
    "unsorted_empty",
    "vote_add",
    "vote_help",
    "vote_remove",
    "votes",
)


def _texts() -> dict[str, str]:
    # {count} stays a placeholder: the browser fills it in.
    return {key: t(f"sb.{key}", count="{count}") for key in _TEXT_KEYS}


def _epoch_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def timer_payload(workshop: WorkshopRead, phases: list[PhaseRead]) -> dict[str, Any] | None:
    """What the browser needs to count down by itself: the time left at a
    given server time, and whether it is running."""
    now = now_utc()
    view = timer.timer_view(workshop=workshop, phases=phases, now=now)
    if view.phase is None:
        return None
    return {
        "phase": view.phase.title,
        "next": view.next_phase.title if view.next_phase else None,
        "index": view.phase_index,
        "running": view.running,
        "remaining_ms": round(view.remaining_s * 1000),
        "at_ms": _epoch_ms(now),
    }


def table_payload(board: GroupBoardRead) -> dict[str, Any]:
    return {
        "id": board.group.id,
        "name": board.group.name,
        "locked": board.group.locked,
        "islands": [
            {"id": c.id, "label": c.label, "votes": c.votes, "version": c.version}
            for c in board.clusters
        ],
        "notes": [
            {
                "id": n.id,
                "text": n.text,
                "category": n.category_id,
                "votes": n.votes,
                "version": n.version,
                "island": n.cluster_id,
            }
            for n in board.notes
        ],
        "summary": {
            "id": board.summary.id if board.summary else None,
            "text": board.summary.text if board.summary else "",
            "version": board.summary.version if board.summary else 0,
        },
    }


def board_payload(
    *,
    mode: str,
    rev: str,
    workshop: WorkshopRead,
    phases: list[PhaseRead],
    categories: list[CategoryRead],
    tables: list[GroupBoardRead],
    editable: bool,
    focus: int | None,
    can_act: bool = False,
) -> dict[str, Any]:
    return {
        "mode": mode,
        "rev": rev,
        "workshop": workshop.id,
        "text": _texts(),
        "neutral": NEUTRAL_COLOR,
        "editable": editable,
        # May make action items from the board's notes, islands and summaries.
        "can_act": can_act,
        "closed": workshop.status == WORKSHOP_CLOSED,
        "spotlight": workshop.plenary_group_id,
        "spotlight_note": workshop.spotlight_note_id,
        "focus": focus,
        "timer": timer_payload(workshop, phases),
        "categories": [{"id": c.id, "name": c.name, "color": c.color} for c in categories],
        "tables": [table_payload(table) for table in tables],
    }


def _load(
    session: Session, *, mode: str, rev: str, workshop_id: int, group_id: int | None
) -> dict[str, Any]:
    if group_id is not None:
        table = boards.load_group_board(session=session, group_id=group_id)
        return board_payload(
            mode=mode,
            rev=rev,
            workshop=get_workshop(session=session, workshop_id=workshop_id),
            phases=boards.phases_of(session=session, workshop_id=workshop_id),
            categories=boards.categories_of(session=session, workshop_id=workshop_id),
            tables=[table],
            editable=True,
            focus=group_id,
        )
    board = boards.load_board(session=session, workshop_id=workshop_id)
    return board_payload(
        mode=mode,
        rev=rev,
        workshop=board.workshop,
        phases=board.phases,
        categories=board.categories,
        tables=board.groups,
        editable=mode == "board",
        focus=board.workshop.plenary_group_id if mode == "present" else None,
        can_act=mode == "board" and allowed(session, "action.write", workshop_id=workshop_id),
    )


def _carry_out(key: str, event: dict[str, Any], workshop_id: int) -> dict[str, Any]:
    """One event of the board, on the tables this browser was shown."""
    cached = st.session_state.get(f"{key}-cache") or {}
    group_ids = {table["id"] for table in cached.get("tables", [])}
    with database().write() as session:
        outcome = apply_event(session, event, workshop_id=workshop_id, group_ids=group_ids)
    return {"message": t(outcome.key, **outcome.params) if outcome.key else ""}


def show_ended(*, key: str, message: str) -> None:
    """The group page's component once its code no longer opens the table:
    no board, the reason, and the note being typed kept to copy."""
    board = {"mode": "group", "rev": "", "text": _texts(), "ended": message, "tables": []}
    _COMPONENT.draw(
        key=key,
        data={
            "board": json.dumps(board, ensure_ascii=False),
            "load_failed": t("sb.load_failed"),
            "module": _COMPONENT.module_url(),
            "now_ms": int(time.time() * 1000),
            "ack": None,
        },
        on_event_change=lambda: None,
    )


def show(
    *,
    key: str,
    mode: str,
    workshop_id: int,
    group_id: int | None = None,
) -> dict[str, Any] | None:
    """Draw the live board; call it inside a fragment that reruns every
    ``REFRESH``. Returns the data it drew (the page's controls read the timer
    and the locks from it), or None after saying why the actor may no longer
    see the board: a renewed code or a revoked account gets no data."""
    cache_key = f"{key}-cache"
    cached: dict[str, Any] | None = st.session_state.get(cache_key)
    try:
        with database().read() as session:
            rev = boards.board_revision(session=session, workshop_id=workshop_id, group_id=group_id)
            if cached is None or cached["rev"] != rev or cached["lang"] != t("sb.lang"):
                cached = _load(
                    session, mode=mode, rev=rev, workshop_id=workshop_id, group_id=group_id
                )
                cached["lang"] = t("sb.lang")
                st.session_state[cache_key] = cached
                if mode != "present":
                    # Island suggestions and themes are then ready when asked for.
                    # (Not the topics' examples: 200 texts, about 3 s of both cores
                    # on a first board, slowed the live refresh; the first request
                    # for islands in a process embeds them, 1.4 s once.)
                    default_embedder().warm(
                        [note["text"] for table in cached["tables"] for note in table["notes"]]
                    )
                # Serialised once per change: every refresh sends this string
                # as it is (Streamlit dumps and hashes a component's data on
                # each run, which costs far more for 480 nested notes).
                st.session_state[f"{key}-json"] = json.dumps(cached, ensure_ascii=False)
    except UserError as error:
        st.session_state.pop(cache_key, None)
        st.session_state.pop(f"{key}-json", None)
        show_user_error(error)
        if mode == "group":
            # The component stays, without any board, so that a note being
            # typed when the code was renewed or closed is still there to copy.
            show_ended(key=key, message=user_error_text(error))
        return None
    data = {
        "board": st.session_state.get(f"{key}-json") or json.dumps(cached, ensure_ascii=False),
        "load_failed": t("sb.load_failed"),
        "module": _COMPONENT.module_url(),
        "now_ms": int(time.time() * 1000),
        "ack": st.session_state.get(f"{key}-ack"),
    }
    _COMPONENT.draw(
        key=key,
        data=data,
        on_event_change=lambda: run_event(
            key, lambda event: _carry_out(key, event, workshop_id), redraw=f"{key}-cache"
        ),
    )
    return cached
