"""Recordings (/recordings): upload or record audio, set the glossary, and
watch the transcriptions; a recording opens in its transcript's own page
(/transcript?recording=ID).

Transcription never runs here: the page saves the file and queues a job for
the worker process, then shows the job's progress from the database."""

import dataclasses
import datetime as dt

import streamlit as st

from facilitation.core.clock import now_utc
from facilitation.core.errors import UserError
from facilitation.core.settings import get_settings
from facilitation.models import WorkshopRead
from facilitation.ops.doctor import WORKER_SILENT_AFTER
from facilitation.workshops.setup import list_workshops, load_setup
from transcripts.audio import AudioLimits
from transcripts.store import (
    RECORDING_STATES,
    get_job,
    last_worker_beat,
    list_recordings,
    recording_state,
)
from ui.db import database
from ui.i18n import t
from ui.recording_widgets import (
    consent_button,
    glossary_editor,
    job_status,
    model_select,
    save_upload,
)
from ui.widgets import md_escape, query_int, show_flash, workshop_labels

PAGE_SIZE = 40

db = database()
settings = get_settings()
# The browser can send no more than Streamlit's own cap, so that is the limit
# shown and checked, whichever of the two is smaller.
limits = AudioLimits.from_settings(settings)
upload_mb = min(limits.max_bytes // 1024**2, int(st.get_option("server.maxUploadSize")))
limits = dataclasses.replace(limits, max_bytes=upload_mb * 1024**2)
TRANSCRIPT = "app_pages/transcript.py"
# The transcript once lived on this page: its old addresses still open it.
old_link = query_int("recording")
if old_link is not None:
    kept = {"recording": str(old_link)}
    if query_int("at") is not None:
        kept["at"] = str(query_int("at"))
    st.switch_page(TRANSCRIPT, query_params=kept)
st.title(t("rec.heading"), anchor=False)
show_flash()

with db.read() as session:
    workshops = list_workshops(session=session)
    recordings = list_recordings(session=session)
    beat = last_worker_beat(session=session)

# Uploads wait in the queue while no worker runs: say so, and how to start one.
if beat is None or now_utc() - beat > WORKER_SILENT_AFTER:
    st.warning(t("rec.no_worker"), icon=":material/warning:")


workshop_names = workshop_labels(workshops)


def workshop_label(workshop_id: int | None) -> str:
    if workshop_id is None:
        return t("rec.no_workshop")
    return workshop_names.get(workshop_id, "?")


# --- upload ----------------------------------------------------------------------------

with st.expander(t("rec.add"), expanded=not recordings):
    source = st.segmented_control(
        t("rec.source"),
        options=["file", "mic"],
        format_func=lambda s: t(f"rec.source_{s}"),
        default="file",
        key="rec_source",
    )
    upload = None
    if source == "mic":
        upload = st.audio_input(t("rec.record"), key="rec_mic")
    else:
        upload = st.file_uploader(
            t("rec.file", limit=upload_mb),
            max_upload_size=upload_mb,
            type=["wav", "mp3", "m4a", "aac", "ogg", "opus", "webm", "flac", "mp4", "mov"],
            key="rec_file",
        )
    title = st.text_input(t("rec.title"), key="rec_title")
    workshop_col, group_col = st.columns(2)
    workshop_id = workshop_col.selectbox(
        t("rec.workshop"),
        options=[None] + [w.id for w in workshops],
        format_func=workshop_label,
        key="rec_workshop",
    )
    groups = []
    if workshop_id is not None:
        with db.read() as session:
            groups = load_setup(session=session, workshop_id=workshop_id).groups
    group_id = group_col.selectbox(
        t("rec.group"),
        options=[None] + [g.id for g in groups],
        format_func=lambda gid: (
            t("rec.whole_room") if gid is None else next(g.name for g in groups if g.id == gid)
        ),
        key="rec_group",
    )
    model_col, language_col, glossary_col = st.columns(3)
    model = model_select(model_col, key="rec_model")
    language = language_col.selectbox(
        t("rec.language"),
        options=["ja", "auto"],
        format_func=lambda code: t(f"rec.language_{code}"),
        key="rec_language",
    )
    use_glossary = glossary_col.toggle(t("rec.use_glossary"), value=True, key="rec_glossary")
    # Asked every time, with no answer chosen: a recording without the
    # speakers' consent is kept but never transcribed until consent is recorded.
    consent_answer = st.radio(
        t("rec.consent"),
        options=["yes", "no"],
        index=None,
        format_func=lambda answer: t(f"rec.consent_{answer}"),
        key="rec_consent",
    )
    consent = consent_answer == "yes"
    if st.button(t("rec.start"), type="primary", disabled=upload is None or consent_answer is None):
        workshop: WorkshopRead | None = next((w for w in workshops if w.id == workshop_id), None)
        try:
            job_id = save_upload(
                upload=upload,
                title=title,
                workshop=workshop,
                group_id=group_id,
                model=model,
                language=None if language == "auto" else language,
                use_glossary=use_glossary,
                consent=consent,
                limits=limits,
            )
        except UserError as error:
            st.error(t(error.key, **error.params))
        else:
            with db.read() as session:
                job = get_job(session=session, job_id=job_id)
            st.switch_page(TRANSCRIPT, query_params={"recording": str(job.recording_id)})

# The glossary and notation rules, set before any upload (they shape the next
# transcription; they were only reachable inside a finished transcript).
with st.expander(t("rec.glossary")):
    glossary_editor(workshops=workshops)

# --- the list with live progress ------------------------------------------------------


ALL = "all"
LIST_PAGE = 20


def list_filters() -> tuple[object, str]:
    """Which workshop (ALL, None for none, or an id) and which state to list."""
    row = st.container(horizontal=True)
    workshop = row.selectbox(
        t("rec.filter_workshop"),
        options=[ALL, None, *[w.id for w in workshops]],
        format_func=lambda wid: t("rec.filter_all") if wid == ALL else workshop_label(wid),
        key="rec_filter_workshop",
    )
    state = row.selectbox(
        t("rec.filter_state"),
        options=[ALL, *RECORDING_STATES],
        format_func=lambda s: t("rec.filter_all") if s == ALL else t(f"rec.state_{s}"),
        key="rec_filter_state",
    )
    return workshop, state


@st.fragment(run_every=dt.timedelta(seconds=2))
def recording_list(workshop: object, state: str) -> None:
    with db.read() as session:
        rows = list_recordings(session=session)  # newest first
    if not rows:
        st.info(t("rec.empty"))
        return
    rows = [
        (recording, job)
        for recording, job in rows
        if (workshop == ALL or recording.workshop_id == workshop)
        and (state == ALL or recording_state(recording, job) == state)
    ]
    if not rows:
        st.info(t("rec.filter_none"))
        return
    pages = (len(rows) + LIST_PAGE - 1) // LIST_PAGE
    page = 0
    if pages > 1:
        page = (
            st.segmented_control(
                t("rec.list_page"),
                options=list(range(pages)),
                format_func=lambda p: f"{p + 1}",
                default=0,
                key="rec_list_page",
            )
            or 0
        )
        page = min(page, pages - 1)
    st.caption(t("rec.list_count", count=len(rows)))
    for recording, job in rows[page * LIST_PAGE : (page + 1) * LIST_PAGE]:
        with st.container(border=True, key=f"recording-{recording.id}"):
            head, action = st.columns([4, 1], vertical_alignment="center")
            where = md_escape(workshop_label(recording.workshop_id))
            head.markdown(f"**{md_escape(recording.title)}** · {where}")
            action.page_link(
                TRANSCRIPT,
                label=t("rec.open"),
                query_params={"recording": str(recording.id)},
            )
            if not recording.consent:
                warn, act = st.columns([4, 1], vertical_alignment="center")
                warn.warning(t("rec.no_consent"), icon=":material/block:")
                with act:
                    consent_button(recording, key=f"consent-{recording.id}")
            elif job is not None:
                job_status(job)


recording_list(*list_filters())
