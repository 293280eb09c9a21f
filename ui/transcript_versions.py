"""On an opened recording: its job, transcribing it again (with the replaced
transcript kept until confirmed), and writing it to the notation rules."""

from __future__ import annotations

from functools import partial

import streamlit as st
from sqlmodel import Session

from facilitation.models import DONE, FINISHED, JobRead, RecordingRead
from transcripts.editing import TextChange, apply_text_changes
from transcripts.queue import enqueue
from transcripts.versions import (
    confirm_new_version,
    kept_version,
    latest_job,
    notation_preview,
    restore_kept_version,
    transcribe_again,
)
from transcripts.vocabulary import (
    SCOPE_DEFAULT,
    SCOPE_WORKSHOP,
    notation_rules,
    replace_terms,
    terms,
)
from ui.db import database
from ui.i18n import t
from ui.recording_widgets import job_status, model_select
from ui.widgets import REFUSED, apply, md_escape, write

PREVIEW_ROWS = 20


def _again(
    recording_id: int,
    model: str,
    use_glossary: bool,
    glossary: tuple[str, str, list[str]],
) -> None:
    """Save the terms typed beside the button (when changed), then queue the re-run."""
    scope, scope_key, shown = glossary
    raw = str(st.session_state.get(f"again-terms-{recording_id}", "\n".join(shown)))

    def again(session: Session) -> JobRead:
        if use_glossary and raw.strip() != "\n".join(shown):
            replace_terms(session=session, scope=scope, scope_key=scope_key, raw=raw)
        return transcribe_again(
            session=session, recording_id=recording_id, model=model, use_glossary=use_glossary
        )

    job = write(again, success=t("rec.again_queued"), kept_text=raw)
    if job is not REFUSED:
        enqueue(job.id)


def versions_section(recording: RecordingRead, *, audio_kept: bool) -> str | None:
    """The latest job's state, the kept transcript's choice, and 「もう一度文字起こしする」
    (while the audio is kept). Returns the latest job's status."""
    with database().read() as session:
        job = latest_job(session=session, recording_id=recording.id)
        kept = kept_version(session=session, recording_id=recording.id)
    if job is not None and job.status not in FINISHED:
        job_status(job, where="opened")
    if kept is not None and job is not None and job.status == DONE:
        with st.container(border=True, key="kept-version"):
            st.info(t("rec.kept_version", count=kept.segments, text=md_escape(kept.text)))
            keep, back = st.columns(2)
            keep.button(
                t("rec.confirm_new"),
                key="confirm-new",
                type="primary",
                on_click=apply,
                args=(partial(confirm_new_version, recording_id=recording.id),),
            )
            back.button(
                t("rec.restore_kept"),
                key="restore-kept",
                on_click=apply,
                args=(partial(restore_kept_version, recording_id=recording.id),),
            )
    status = job.status if job is not None else None
    if not recording.consent or not audio_kept:
        return status
    if kept is not None or (job is not None and job.status not in FINISHED):
        return status  # first decide on the kept transcript, or let the job finish
    with st.expander(t("rec.again"), icon=":material/refresh:"):
        st.caption(t("rec.again_help"))
        model = model_select(st.container(), key=f"again-model-{recording.id}")
        use_glossary = st.checkbox(
            t("rec.use_glossary"), value=True, key=f"again-glossary-{recording.id}"
        )
        # The terms this recording is most likely to need, added right here:
        # its workshop's list (the default list for a recording of no workshop).
        scope, scope_key = (
            (SCOPE_WORKSHOP, str(recording.workshop_id))
            if recording.workshop_id is not None
            else (SCOPE_DEFAULT, "")
        )
        with database().read() as session:
            current = terms(session=session, scope=scope, scope_key=scope_key)
        st.text_area(
            t("rec.again_terms_workshop" if scope == SCOPE_WORKSHOP else "rec.again_terms_default"),
            value="\n".join(current),
            key=f"again-terms-{recording.id}",
            disabled=not use_glossary,
            height=120,
        )
        st.button(
            t("rec.again_start"),
            key=f"again-{recording.id}",
            on_click=_again,
            args=(recording.id, model, use_glossary, (scope, scope_key, current)),
        )
    return status


def changes_preview(changes: list[TextChange]) -> None:
    """The first PREVIEW_ROWS changes, each segment's text and what it becomes."""
    st.markdown(
        "\n".join(
            f"- {md_escape(c.segment.text)}  \n  → **{md_escape(c.new_text)}**"
            for c in changes[:PREVIEW_ROWS]
        )
    )
    if len(changes) > PREVIEW_ROWS:
        st.caption(t("rec.notation_more", count=len(changes) - PREVIEW_ROWS))


def notation_section(recording: RecordingRead) -> None:
    """The notation rules on this transcript: what would change, then apply."""
    with st.expander(t("rec.notation_apply"), icon=":material/spellcheck:"):
        with database().read() as session:
            rules = notation_rules(session=session)
            changes = notation_preview(session=session, recording_id=recording.id, rules=rules)
        if not changes:
            st.caption(t("rec.notation_nothing"))
            return
        st.caption(t("rec.notation_count", count=len(changes)))
        changes_preview(changes)
        st.button(
            t("rec.notation_do", count=len(changes)),
            key=f"notation-{recording.id}",
            type="primary",
            on_click=apply,
            args=(partial(apply_text_changes, changes=changes, action="transcript_notation"),),
        )
