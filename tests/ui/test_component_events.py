"""A component's events are carried out once each, and every outcome comes
back as an ack: done, refused with the user's message, or the disk full."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit as st
from sqlalchemy.exc import OperationalError

from facilitation.core.errors import InvalidInput
from ui.component_events import REMEMBERED_EVENTS, run_event


@pytest.fixture(autouse=True)
def fresh_state() -> None:
    for name in list(st.session_state):
        del st.session_state[name]


def send(event: Any) -> None:
    st.session_state["c"] = {"event": event}
    st.session_state["c-doc"] = "drawn"


def test_an_event_is_carried_out_once_and_a_repeat_gets_the_same_ack() -> None:
    calls: list[dict[str, Any]] = []

    def carry_out(event: dict[str, Any]) -> dict[str, Any]:
        calls.append(event)
        return {"message": "保存しました", "segment": 7}

    send({"id": "e1", "type": "save"})
    run_event("c", carry_out, redraw="c-doc")
    ack = st.session_state["c-ack"]
    assert ack == {"id": "e1", "ok": True, "message": "保存しました", "segment": 7}
    assert "c-doc" not in st.session_state  # drawn again with the result
    send({"id": "e1", "type": "save"})
    run_event("c", carry_out, redraw="c-doc")
    assert len(calls) == 1 and st.session_state["c-ack"] == ack


def test_a_refusal_and_a_full_disk_come_back_as_messages() -> None:
    def refuse(_event: dict[str, Any]) -> dict[str, Any]:
        raise InvalidInput("error.segment_unknown")

    send({"id": "e2"})
    run_event("c", refuse, redraw="c-doc")
    assert st.session_state["c-ack"]["ok"] is False
    assert st.session_state["c-ack"]["message"]

    def disk_full(_event: dict[str, Any]) -> dict[str, Any]:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    send({"id": "e3"})
    run_event("c", disk_full, redraw="c-doc")
    assert st.session_state["c-ack"]["ok"] is False and st.session_state["c-ack"]["message"]

    def broken(_event: dict[str, Any]) -> dict[str, Any]:
        raise OperationalError("INSERT", {}, Exception("no such table: note"))

    send({"id": "e4"})
    with pytest.raises(OperationalError):
        run_event("c", broken, redraw="c-doc")


def test_what_is_not_an_event_is_ignored_and_old_events_are_forgotten() -> None:
    for malformed in (None, "x", {"id": 3}, {"type": "save"}):
        send(malformed)
        run_event("c", lambda _e: {}, redraw="c-doc")
        assert "c-ack" not in st.session_state
    for n in range(REMEMBERED_EVENTS + 5):
        send({"id": f"n{n}"})
        run_event("c", lambda _e: {}, redraw="c-doc")
    assert len(st.session_state["c-done"]) == REMEMBERED_EVENTS
    assert "n0" not in st.session_state["c-done"]
