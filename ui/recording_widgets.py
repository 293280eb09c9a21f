"""Widgets of the recordings page: upload, job status, segment editor,
speaker renaming and the glossary editor."""

from __future__ import annotations

from functools import partial

import streamlit as st
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator

from facilitation import actions
from facilitation.core.settings import get_settings
from facilitation.models import (
    CANCELLED,
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    GroupRead,
    JobRead,
    RecordingRead,
    SegmentRead,
    WorkshopRead,
)
from facilitation.workshops import boards
from transcripts.audio import PERMANENT_ERRORS, AudioLimits
from transcripts.models import available_models, model_size_mb
from transcripts.queue import enqueue
from transcripts.store import (
    delete_recording,
    record_consent,
    rename_speaker,
    request_cancel,
    retry_job,
    update_segment,
)
from transcripts.uploads import accept_upload
from transcripts.vocabulary import (
    SCOPE_DEFAULT,
    SCOPE_DISTRICT,
    SCOPE_WORKSHOP,
    notation_rules,
    replace_notation_rules,
    replace_terms,
    terms,
)
from ui.db import database
from ui.i18n import t
from ui.widgets import REFUSED, apply, flash, md_escape, workshop_labels, write


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def model_select(where: DeltaGenerator, *, key: str) -> str:
    """The speech models on this machine (a hub name would fail later,
    offline), each with its size."""
    models = available_models(get_settings().models_dir)
    sizes = {m.name: model_size_mb(m) for m in models}
    return str(
        where.selectbox(
            t("rec.model"),
            options=[m.name for m in models],
            format_func=lambda name: (
                t("rec.model_bundled", mb=sizes[name])
                if name == "base"
                else t("rec.model_sized", name=name, mb=sizes[name])
            ),
            help=t("rec.model_help"),
            key=key,
        )
    )


def save_upload(
    *,
    upload: object,
    title: str,
    workshop: WorkshopRead | None,
    group_id: int | None,
    model: str,
    language: str | None,
    use_glossary: bool,
    consent: bool,
    limits: AudioLimits,
) -> int:
    """Hand the upload to the domain, then the job to the workers. Returns the job id."""
    with database().write() as session:
        job = accept_upload(
            session=session,
            recordings_dir=get_settings().recordings_dir,
            data=upload.getvalue(),  # type: ignore[attr-defined]
            name=str(getattr(upload, "name", "") or ""),
            title=title,
            workshop_id=workshop.id if workshop else None,
            district=workshop.district if workshop else None,
            group_id=group_id,
            model=model,
            language=language,
            use_glossary=use_glossary,
            consent=consent,
            limits=limits,
        )

    if consent:
        enqueue(job.id)
        flash("success", t("rec.queued"))
    else:
        flash("warning", t("rec.waiting_consent"))
    return job.id


def consent_button(recording: RecordingRead, key: str) -> None:
    """「同意を記録」: the speakers agreed; the waiting transcription starts."""
    if st.button(t("rec.record_consent"), key=key, icon=":material/how_to_reg:"):
        job = write(
            lambda session: record_consent(session=session, recording_id=recording.id),
            success=t("rec.consent_recorded"),
        )
        if isinstance(job, JobRead):
            enqueue(job.id)
        st.rerun()


def delete_section(recording: RecordingRead) -> None:
    """Deleting a recording takes its audio, transcript and jobs with it, once
    the staff member has said so twice."""
    with st.expander(t("rec.delete"), icon=":material/delete:"):
        st.warning(t("rec.delete_confirm", title=md_escape(recording.title)))
        sure = st.checkbox(t("rec.delete_sure"), key=f"delete-sure-{recording.id}")
        if st.button(
            t("rec.delete"), type="primary", disabled=not sure, key=f"delete-{recording.id}"
        ):
            done = write(
                lambda session: delete_recording(
                    session=session,
                    recording_id=recording.id,
                    recordings_dir=get_settings().recordings_dir,
                ),
                success=t("rec.deleted"),
            )
            if done is not REFUSED:
                st.query_params.pop("recording", None)
            st.rerun()


def job_status(job: JobRead, *, where: str = "list") -> None:
    """Status, a progress bar with percentage and time left, cancel / retry
    (``where`` tells apart its buttons when the job shows twice on a page)."""
    label = t(f"rec.status_{job.status}")
    if job.status == RUNNING:
        percent = int(job.progress * 100)
        left = t("rec.eta", minutes=max(1, round(job.eta_s / 60))) if job.eta_s else ""
        st.progress(job.progress, text=f"{label} {percent}% {left}")
    elif job.status == DONE:
        st.caption(f":green[●] {label}")
    else:
        st.caption(label)
    if job.error_key:
        st.error(t(job.error_key, **job.error_params))
    for key, params in job.warnings:
        st.warning(t(key, **params))
    if job.status in (QUEUED, RUNNING) and not job.cancel_requested:
        st.button(
            t("rec.cancel"),
            key=f"{where}-cancel-{job.id}",
            on_click=apply,
            args=(partial(request_cancel, job_id=job.id),),
        )
    elif job.status == FAILED and job.error_key in PERMANENT_ERRORS:
        st.caption(t("rec.no_retry"))  # the file itself cannot be transcribed
    elif job.status in (FAILED, CANCELLED):
        st.button(t("rec.retry"), key=f"{where}-retry-{job.id}", on_click=_retry, args=(job.id,))


def _retry(job_id: int) -> None:
    if write(partial(retry_job, job_id=job_id)) is not REFUSED:
        enqueue(job_id)


def _play_from(recording_id: int, seconds: float) -> None:
    st.session_state[f"play-{recording_id}"] = int(seconds)


def _save_segment(segment: SegmentRead) -> None:
    key = f"seg-{segment.id}-{segment.version}"
    text = st.session_state.get(f"{key}-text", segment.text)
    speaker = st.session_state.get(f"{key}-speaker", segment.speaker)
    write(
        lambda session: update_segment(
            session=session,
            segment_id=segment.id,
            expected_version=segment.version,
            text=text,
            speaker=speaker,
        ),
        success=t("group.saved"),
        kept_text=text,
    )


def _segment_to_note(segment: SegmentRead, key: str) -> None:
    group_id = st.session_state.get(key)
    if group_id is None:
        return
    write(
        lambda session: boards.add_note(
            session=session,
            group_id=group_id,
            text=segment.text[:300],
            client_token=f"seg-{segment.id}",
        ),
        success=t("rec.note_added"),
    )


def _segment_to_action(segment: SegmentRead) -> None:
    created = write(partial(actions.create_from_source, kind="segment", source_id=segment.id))
    if created is not REFUSED:
        flash("success", t("rec.action_made", title=created.title))


def segment_editor(
    *, segment: SegmentRead, recording: RecordingRead, groups: list[GroupRead]
) -> None:
    """One segment: its time (click to play from there), speaker and text."""
    key = f"seg-{segment.id}-{segment.version}"
    with st.container(border=True):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.button(
            f"▶ {clock(segment.start)}–{clock(segment.end)}",
            key=f"{key}-play",
            on_click=_play_from,
            args=(recording.id, segment.start),
            type="tertiary",
        )
        row.text_input(
            t("rec.speaker"),
            value=segment.speaker,
            key=f"{key}-speaker",
            label_visibility="collapsed",
            placeholder=t("rec.speaker"),
            width=180,
        )
        st.text_area(
            t("rec.segment_text"),
            value=segment.text,
            key=f"{key}-text",
            label_visibility="collapsed",
            height=68,
        )
        buttons = st.container(horizontal=True)
        buttons.button(t("group.save"), key=f"{key}-save", on_click=_save_segment, args=(segment,))
        buttons.button(
            t("rec.to_action"),
            key=f"{key}-action",
            on_click=_segment_to_action,
            args=(segment,),
            icon=":material/flag:",
        )
        if groups:
            with buttons.popover(t("rec.to_note")):
                default = (
                    recording.group_id if recording.group_id in [g.id for g in groups] else None
                )
                target_key = f"{key}-group"
                st.selectbox(
                    t("rec.group"),
                    options=[g.id for g in groups],
                    index=[g.id for g in groups].index(default) if default else 0,
                    format_func=lambda gid: next(g.name for g in groups if g.id == gid),
                    key=target_key,
                )
                st.button(
                    t("rec.to_note"),
                    key=f"{key}-note",
                    on_click=_segment_to_note,
                    args=(segment, target_key),
                )


def speaker_renamer(*, recording_id: int, labels: list[str]) -> None:
    if not labels:
        return
    with st.expander(t("rec.rename_speaker")), st.form(f"rename-speaker-{recording_id}"):
        old = st.selectbox(t("rec.speaker"), options=labels)
        new = st.text_input(t("rec.new_speaker"))
        if st.form_submit_button(t("group.save")):
            write(
                lambda session: rename_speaker(
                    session=session, recording_id=recording_id, old=old, new=new
                ),
                success=t("group.saved"),
            )
            st.rerun()


def glossary_editor(*, workshops: list[WorkshopRead]) -> None:
    """The default glossary, a district's and a workshop's terms, and the notation list."""
    with database().read() as session:
        default_terms = terms(session=session, scope=SCOPE_DEFAULT)
        rules = notation_rules(session=session)
    st.caption(t("rec.glossary_help"))
    scope = st.segmented_control(
        t("rec.glossary_scope"),
        options=[SCOPE_DEFAULT, SCOPE_DISTRICT, SCOPE_WORKSHOP],
        format_func=lambda s: t(f"rec.scope_{s}"),
        default=SCOPE_DEFAULT,
        key="glossary_scope",
    )
    scope_key = ""
    if scope == SCOPE_DISTRICT:
        districts = sorted({w.district for w in workshops if w.district})
        scope_key = st.selectbox(t("setup.district"), options=districts) or ""
    elif scope == SCOPE_WORKSHOP:
        labels = workshop_labels(workshops)
        chosen = st.selectbox(
            t("rec.workshop"), options=list(labels), format_func=labels.__getitem__
        )
        scope_key = str(chosen) if chosen is not None else ""
    if scope and (scope == SCOPE_DEFAULT or scope_key):
        with database().read() as session:
            current = (
                default_terms
                if scope == SCOPE_DEFAULT
                else terms(session=session, scope=scope, scope_key=scope_key)
            )
        with st.form(f"terms-{scope}-{scope_key}"):
            raw = st.text_area(t("rec.terms"), value="\n".join(current), height=200)
            if st.form_submit_button(t("group.save")):

                def save(session: Session) -> None:
                    replace_terms(session=session, scope=scope or "", scope_key=scope_key, raw=raw)

                write(save, success=t("group.saved"), kept_text=raw)
                st.rerun()
    with st.form("notation"):
        raw_rules = st.text_area(
            t("rec.notation"), value="\n".join(f"{a}→{b}" for a, b in rules), height=150
        )
        if st.form_submit_button(t("group.save")):
            write(
                lambda session: replace_notation_rules(session=session, raw=raw_rules),
                success=t("group.saved"),
                kept_text=raw_rules,
            )
            st.rerun()
