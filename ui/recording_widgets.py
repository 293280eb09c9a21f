"""Widgets of the recordings and transcript pages: upload, job status,
deleting, speaker renaming and the glossary editor."""

from __future__ import annotations

from functools import partial

import streamlit as st
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator

from facilitation.core.settings import get_settings
from facilitation.models import (
    CANCELLED,
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    JobRead,
    RecordingRead,
    WorkshopRead,
)
from transcripts.audio import PERMANENT_ERRORS, AudioLimits
from transcripts.models import available_models, model_size_mb
from transcripts.queue import enqueue
from transcripts.store import (
    delete_recording,
    record_consent,
    rename_speaker,
    request_cancel,
    retry_job,
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
