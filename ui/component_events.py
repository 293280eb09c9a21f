"""The browser's events from a Kondan component (the sticky board, the
transcript editor), carried out once each: an event is repeated until its
``ack`` comes back, so a repeat is answered with the first outcome instead of
being carried out again. A refusal is an ack with the user's message; a full
disk is said so; anything else is a bug and raised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy.exc import OperationalError

from facilitation.core.db import is_disk_full
from facilitation.core.errors import UserError
from ui.i18n import t
from ui.widgets import user_error_text

REMEMBERED_EVENTS = 200  # per component: a repeat comes within seconds


def run_event(
    key: str, carry_out: Callable[[dict[str, Any]], dict[str, Any]], *, redraw: str
) -> None:
    """``on_event_change`` of the component ``key``: carry out its event once
    with ``carry_out`` (which returns the ack's fields: ``message`` and what
    else the component reads; ``ok`` is true unless it says otherwise), keep
    the ack for the component's next run, and drop ``redraw`` (the cached
    drawing) so that the result shows at once."""
    event = (st.session_state.get(key) or {}).get("event")
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        return
    event_id = event["id"][:64]
    done: dict[str, dict[str, Any]] = st.session_state.setdefault(f"{key}-done", {})
    if event_id in done:  # a repeat of an event already carried out: answer again
        st.session_state[f"{key}-ack"] = done[event_id]
        return
    ack: dict[str, Any] = {"id": event_id, "ok": False, "message": ""}
    try:
        ack.update({"ok": True, "message": "", **carry_out(event)})
    except UserError as error:
        ack["message"] = user_error_text(error)
    except OperationalError as error:
        if not is_disk_full(error):
            raise
        ack["message"] = t("error.disk_full")
    st.session_state[f"{key}-ack"] = ack
    done[event_id] = ack
    while len(done) > REMEMBERED_EVENTS:
        done.pop(next(iter(done)))
    st.session_state.pop(redraw, None)
