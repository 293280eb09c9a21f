"""The transcript editor component (``st.components.v2``) and its events.

The component draws a recording's segments under a sticky play bar that
drives the page's audio player: the segment being played is marked and kept
in view, a click on a time plays from there, words are corrected in place and
saved as they are typed, speakers are picked from a list. It lives in a
fragment that reruns every two seconds and re-reads the transcript only when
its revision moved, so corrections from another tab (or a re-run's new
segments) appear by themselves.

The browser sends events (edit, speaker, action, note); each is carried out
in its own write transaction through ``transcripts.editing`` and answered with
an ``ack`` the component reads on the next run.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from sqlmodel import Session

from facilitation import actions
from facilitation.core.errors import InvalidInput, NotFound
from facilitation.models import RecordingRead, TranscriptSegment
from facilitation.policy.access import allowed
from facilitation.workshops import boards
from facilitation.workshops.setup import load_setup
from transcripts.editing import (
    SegmentConflict,
    assign_speaker,
    save_segment_text,
    search_segments,
    speaker_choices,
    transcript_revision,
)
from transcripts.store import list_segments
from ui.component_events import run_event
from ui.db import database
from ui.i18n import t
from ui.static_component import static_component
from ui.widgets import user_error_text

REFRESH = dt.timedelta(seconds=2)

_COMPONENT = static_component(
    "kondan_transcript_editor",
    module="transcript/editor.js",
    css="transcript/editor.css",
    root_class="kd-te",
)

# Labels the component shows, by its own short names.
_TEXT_KEYS = (
    "ahead5",
    "back5",
    "conflict",
    "empty",
    "follow",
    "hit_at",
    "hit_next",
    "hit_prev",
    "keep_mine",
    "keep_theirs",
    "keys",
    "mine",
    "more",
    "no_answer",
    "no_audio",
    "no_hits",
    "not_saved",
    "nothing_here",
    "pause",
    "play",
    "play_from",
    "saved",
    "saving",
    "segment_text",
    "speaker_clear",
    "speaker_following",
    "speaker_for",
    "speaker_new",
    "speaker_one",
    "speaker_pick",
    "speaker_set",
    "speed",
    "theirs",
    "to_action",
    "to_note",
    "unsaved",
)


def _texts() -> dict[str, str]:
    # {time}, {at} and {count} stay placeholders: the browser fills them in.
    return {key: t(f"te.{key}", time="{time}", at="{at}", count="{count}") for key in _TEXT_KEYS}


# --- events --------------------------------------------------------------------------


def _segment_of(session: Session, event: dict[str, Any], recording_id: int) -> TranscriptSegment:
    """The event's segment, which must belong to the opened recording."""
    segment_id = event.get("segment")
    row = session.get(TranscriptSegment, segment_id) if isinstance(segment_id, int) else None
    if row is None or row.recording_id != recording_id:
        raise NotFound("error.segment_not_found")
    return row


def _text(event: dict[str, Any], name: str) -> str:
    value = event.get(name)
    if not isinstance(value, str):
        raise InvalidInput("error.bad_event")
    return value


@dataclass(frozen=True)
class Outcome:
    """What an event did: a message (catalogue key and parameters) and, for
    an edit, the segment as saved."""

    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    segment: dict[str, Any] | None = None


def apply_event(session: Session, event: dict[str, Any], *, recording: RecordingRead) -> Outcome:
    """Carry out one event from the editor."""
    op = event.get("op")
    segment = _segment_of(session, event, recording.id)
    if op == "edit":
        version = event.get("version")
        if not isinstance(version, int):
            raise InvalidInput("error.bad_event")
        saved = save_segment_text(
            session=session,
            segment_id=segment.id or 0,
            expected_version=version,
            base_text=_text(event, "base"),
            text=_text(event, "text"),
        )
        return Outcome(segment={"id": saved.id, "text": saved.text, "version": saved.version})
    if op == "speaker":
        name = _text(event, "speaker")
        count = assign_speaker(
            session=session,
            segment_id=segment.id or 0,
            speaker=name,
            following=event.get("following") is True,
        )
        if not name.strip():
            return Outcome("te.speaker_cleared")
        return Outcome("te.speaker_named", {"count": count, "name": name.strip()})
    if op == "action":
        item = actions.create_from_source(
            session=session, kind="segment", source_id=segment.id or 0
        )
        return Outcome("rec.action_made", {"title": item.title})
    if op == "note":
        group_id = event.get("group")
        groups = (
            load_setup(session=session, workshop_id=recording.workshop_id).groups
            if recording.workshop_id is not None
            else []
        )
        if group_id not in [g.id for g in groups]:
            raise NotFound("error.group_not_found")
        boards.add_note(
            session=session,
            group_id=int(group_id),
            text=segment.text[:300],
            client_token=f"seg-{segment.id}",
        )
        return Outcome("rec.note_added")
    raise InvalidInput("error.bad_event")


def _carry_out(event: dict[str, Any], recording: RecordingRead) -> dict[str, Any]:
    """One event of the editor, as the ack's fields (a clash: both texts)."""
    try:
        with database().write() as session:
            outcome = apply_event(session, event, recording=recording)
    except SegmentConflict as conflict:
        return {
            "ok": False,
            "message": user_error_text(conflict),
            "conflict": {"text": conflict.current.text, "version": conflict.current.version},
        }
    message = t(outcome.key, **outcome.params) if outcome.key else ""
    return {"message": message, "segment": outcome.segment}


# --- drawing -------------------------------------------------------------------------


def _document(session: Session, *, recording: RecordingRead, rev: str, query: str) -> str:
    segments = list_segments(session=session, recording_id=recording.id)
    groups = (
        load_setup(session=session, workshop_id=recording.workshop_id).groups
        if recording.workshop_id is not None
        else []
    )
    doc = {
        "rev": rev,
        "query": query,
        "text": _texts(),
        "can_edit": allowed(session, "recording.write"),
        "can_act": allowed(session, "action.write", workshop_id=recording.workshop_id),
        "groups": [{"id": g.id, "name": g.name} for g in groups if not g.locked],
        "speakers": speaker_choices(session=session, recording_id=recording.id),
        "segments": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "speaker": s.speaker,
                "version": s.version,
            }
            for s in segments
        ],
        "hits": {str(k): v for k, v in search_segments(segments, query).items()},
    }
    return json.dumps(doc, ensure_ascii=False)


def show(*, key: str, recording: RecordingRead, query: str, start_at: int | None) -> None:
    """Draw the editor; call it inside a fragment that reruns every ``REFRESH``.
    ``start_at`` (seconds) is where a link asked the player to start."""
    doc_key = f"{key}-doc"
    cached: dict[str, str] | None = st.session_state.get(doc_key)
    with database().read() as session:
        rev = transcript_revision(session=session, recording_id=recording.id)
        if (
            cached is None
            or cached["rev"] != rev
            or cached["query"] != query
            or cached["lang"] != t("sb.lang")
        ):
            cached = {
                "rev": rev,
                "query": query,
                "lang": t("sb.lang"),
                "json": _document(session, recording=recording, rev=rev, query=query),
            }
            st.session_state[doc_key] = cached
    _COMPONENT.draw(
        key=key,
        data={
            "doc": cached["json"],
            "start_at": start_at,
            "load_failed": t("sb.load_failed"),
            "module": _COMPONENT.module_url(),
            "ack": st.session_state.get(f"{key}-ack"),
        },
        on_event_change=lambda: run_event(
            key, lambda event: _carry_out(event, recording), redraw=f"{key}-doc"
        ),
    )
