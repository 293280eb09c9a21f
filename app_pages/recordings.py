"""Recordings (/recordings, /recordings?recording=ID): upload or record audio,
watch its transcription, correct the transcript, export it.

Transcription never runs here: the page saves the file and queues a job for
the worker process, then shows the job's progress from the database."""

import dataclasses
import datetime as dt
from functools import partial

import streamlit as st

from facilitation.core.clock import now_utc
from facilitation.core.errors import UserError
from facilitation.core.settings import get_settings
from facilitation.documents.minutes import recording_masker
from facilitation.models import WorkshopRead
from facilitation.ops.doctor import WORKER_SILENT_AFTER
from facilitation.workshops.setup import list_workshops, load_setup
from transcripts.audio import AudioLimits
from transcripts.formats import FORMATS, export
from transcripts.store import (
    RECORDING_STATES,
    get_job,
    get_recording,
    last_worker_beat,
    list_recordings,
    list_segments,
    recording_state,
    speakers,
    view_transcript,
)
from ui.db import database
from ui.i18n import t
from ui.recording_widgets import (
    consent_button,
    delete_section,
    glossary_editor,
    job_status,
    model_select,
    save_upload,
    segment_editor,
    speaker_renamer,
)
from ui.transcript_versions import notation_section, versions_section
from ui.widgets import audit_export, md_escape, query_int, show_flash, workshop_labels

PAGE_SIZE = 40

db = database()
settings = get_settings()
# The browser can send no more than Streamlit's own cap, so that is the limit
# shown and checked, whichever of the two is smaller.
limits = AudioLimits.from_settings(settings)
upload_mb = min(limits.max_bytes // 1024**2, int(st.get_option("server.maxUploadSize")))
limits = dataclasses.replace(limits, max_bytes=upload_mb * 1024**2)
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
            st.query_params["recording"] = str(job.recording_id)
            st.rerun()

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
                "app_pages/recordings.py",
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

# --- the transcript editor -------------------------------------------------------------

recording_id = query_int("recording")
if recording_id is None:
    st.stop()
try:
    with db.read() as session:
        recording = get_recording(session=session, recording_id=recording_id)
        labels = speakers(session=session, recording_id=recording_id)
except UserError as error:
    st.error(t(error.key, **error.params))
    st.stop()

st.header(md_escape(recording.title), anchor=False)
if recording.consent:
    when = recording.consent_at.date().isoformat() if recording.consent_at else ""
    st.caption(t("rec.consent_by", who=md_escape(recording.consent_by), when=when))
delete_section(recording)
audio_path = settings.recordings_dir / recording.stored_name
versions_section(recording, audio_kept=audio_path.exists())
# A link from an action item opens the recording at the second it was said.
linked_at = query_int("at")
if linked_at is not None and f"play-{recording.id}" not in st.session_state:
    st.session_state[f"play-{recording.id}"] = max(0, linked_at)
start_at = int(st.session_state.get(f"play-{recording.id}", 0))
if audio_path.exists():
    st.audio(str(audio_path), start_time=start_at, autoplay=start_at > 0)
else:
    st.caption(t("rec.audio_deleted"))

search = st.text_input(t("rec.search"), key=f"search-{recording.id}")
# Opening a transcript is audited once per browser session and recording.
viewed_key = f"viewed-{recording.id}"
if not st.session_state.get(viewed_key):
    with db.write() as session:
        view_transcript(session=session, recording_id=recording.id)
    st.session_state[viewed_key] = True
with db.read() as session:
    segments = list_segments(session=session, recording_id=recording.id, search=search or None)
    everything = list_segments(session=session, recording_id=recording.id)
if not everything:
    st.info(t("rec.no_segments"))
    st.stop()

masked_export = st.checkbox(t("rec.mask_export"), key=f"mask-export-{recording.id}")


def exported(fmt: str) -> str:
    """A transcript file, built when its button is clicked, masked if asked."""
    rows = everything
    if masked_export:
        with db.read() as session:
            masker = recording_masker(session=session, recording=recording)
        masker.prepare(t for s in rows for t in (s.speaker, s.text))
        rows = [
            s.model_copy(update={"speaker": masker(s.speaker), "text": masker(s.text)})
            for s in rows
        ]
    return export(rows, fmt, language="ja", duration=recording.duration_s)


export_cols = st.columns(len(FORMATS))
for column, fmt in zip(export_cols, FORMATS, strict=True):
    column.download_button(
        fmt.upper(),
        data=partial(exported, fmt),
        file_name=f"transcript-{recording.id}.{fmt}",
        key=f"export-{fmt}",
        on_click=audit_export,
        args=(
            f"recording:{recording.id}",
            f"transcript.{fmt}" + (" masked" if masked_export else ""),
        ),
    )
speaker_renamer(recording_id=recording.id, labels=labels)
notation_section(recording)
groups_for_notes = []
if recording.workshop_id is not None:
    with db.read() as session:
        groups_for_notes = load_setup(session=session, workshop_id=recording.workshop_id).groups

pages = max(1, (len(segments) + PAGE_SIZE - 1) // PAGE_SIZE)
page = st.number_input(t("rec.page", pages=pages), min_value=1, max_value=pages, value=1) - 1
for segment in segments[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
    segment_editor(segment=segment, recording=recording, groups=groups_for_notes)
