"""A recording's transcript (/transcript?recording=ID, &at=SECONDS to start
the player there): read it beside the audio and correct it as you go, name
the speakers, search and replace, turn a segment into an action item or a
note, transcribe it again with today's glossary, export it."""

from functools import partial

import streamlit as st

from facilitation.core.errors import UserError
from facilitation.core.settings import get_settings
from facilitation.documents.minutes import recording_masker
from facilitation.models import FINISHED, RecordingRead
from facilitation.workshops.setup import list_workshops
from transcripts.editing import apply_text_changes, replace_preview, search_segments
from transcripts.formats import FORMATS, export
from transcripts.store import get_recording, list_recordings, list_segments, view_transcript
from ui import transcript_editor
from ui.db import database
from ui.i18n import t
from ui.recording_widgets import consent_button, delete_section, speaker_renamer
from ui.transcript_versions import changes_preview, notation_section, versions_section
from ui.widgets import (
    audit_export,
    flash,
    md_escape,
    query_int,
    show_flash,
    workshop_labels,
    write,
)

db = database()
settings = get_settings()
st.page_link("app_pages/recordings.py", label=t("te.back"), icon=":material/arrow_back:")
show_flash()

recording_id = query_int("recording")
if recording_id is None:
    # Opened from the menu: choose one of the recordings.
    st.title(t("te.heading"), anchor=False)
    with db.read() as session:
        rows = list_recordings(session=session)
        labels = workshop_labels(list_workshops(session=session))
    if not rows:
        st.info(t("rec.empty"))
        st.stop()
    chosen = st.selectbox(
        t("te.choose"),
        options=[recording.id for recording, _ in rows],
        index=None,
        format_func=lambda rid: next(
            f"{r.title}（{labels.get(r.workshop_id or 0, t('rec.no_workshop'))}）"
            for r, _ in rows
            if r.id == rid
        ),
        placeholder=t("te.choose_placeholder"),
    )
    if chosen is not None:
        st.query_params["recording"] = str(chosen)
        st.rerun()
    st.stop()

try:
    with db.read() as session:
        recording = get_recording(session=session, recording_id=recording_id)
        workshop_names = workshop_labels(list_workshops(session=session))
except UserError as error:
    st.error(t(error.key, **error.params))
    st.stop()

st.title(md_escape(recording.title), anchor=False)
details = [md_escape(workshop_names.get(recording.workshop_id or 0, t("rec.no_workshop")))]
if recording.consent:
    when = recording.consent_at.date().isoformat() if recording.consent_at else ""
    details.append(t("rec.consent_by", who=md_escape(recording.consent_by), when=when))
st.caption(" · ".join(details))

# Opening a transcript is audited once per browser session and recording.
viewed_key = f"viewed-{recording.id}"
if not st.session_state.get(viewed_key):
    with db.write() as session:
        view_transcript(session=session, recording_id=recording.id)
    st.session_state[viewed_key] = True

audio_path = settings.recordings_dir / recording.stored_name
audio_kept = audio_path.exists()
if not recording.consent:
    warn, act = st.columns([4, 1], vertical_alignment="center")
    warn.warning(t("rec.no_consent"), icon=":material/block:")
    with act:
        consent_button(recording, key=f"consent-{recording.id}")


@st.fragment(run_every=transcript_editor.REFRESH)
def transcription(recording: RecordingRead, audio_kept: bool) -> None:
    """The job's progress, the kept transcript's choice, 「もう一度文字起こしする」.
    When the job ends, the whole page is drawn again (exports, speakers)."""
    status = versions_section(recording, audio_kept=audio_kept)
    seen_key = f"job-status-{recording.id}"
    seen = st.session_state.get(seen_key)
    st.session_state[seen_key] = status
    if seen is not None and seen != status and status in FINISHED:
        st.rerun()


transcription(recording, audio_kept)

# A link from an action item opens the recording at the second it was said.
start_at = query_int("at")
if audio_kept:
    st.audio(str(audio_path), start_time=start_at or 0)
else:
    st.caption(t("rec.audio_deleted"))

search_col, count_col = st.columns([3, 2], vertical_alignment="bottom")
query = search_col.text_input(
    t("te.search"), key=f"search-{recording.id}", placeholder=t("te.search_placeholder")
).strip()
if query:
    with db.read() as session:
        hits = search_segments(list_segments(session=session, recording_id=recording.id), query)
    count_col.markdown(
        t("te.hit_count", hits=sum(len(spans) for spans in hits.values()), segments=len(hits))
    )


def replace_section(recording: RecordingRead, query: str) -> None:
    """Find and replace across the transcript: a preview first, then one click."""
    with st.expander(t("te.replace"), icon=":material/find_replace:"):
        with st.form(f"replace-{recording.id}", border=False):
            find_col, with_col = st.columns(2)
            find = find_col.text_input(t("te.replace_find"), value=query)
            replacement = with_col.text_input(t("te.replace_with"))
            asked = st.form_submit_button(t("te.replace_preview"))
        preview_key = f"replace-preview-{recording.id}"
        if asked:
            try:
                with db.read() as session:
                    changes = replace_preview(
                        session=session,
                        recording_id=recording.id,
                        find=find,
                        replacement=replacement,
                    )
            except UserError as error:
                st.error(t(error.key, **error.params))
                return
            st.session_state[preview_key] = (find, replacement, changes)
        if preview_key not in st.session_state:
            st.caption(t("te.replace_help"))
            return
        find, replacement, changes = st.session_state[preview_key]
        if not changes:
            st.info(t("te.replace_none", find=md_escape(find)))
            return
        st.caption(t("te.replace_count", count=len(changes)))
        changes_preview(changes)
        do_col, cancel_col = st.columns(2)
        if do_col.button(
            t("te.replace_do", count=len(changes)),
            type="primary",
            key=f"replace-do-{recording.id}",
        ):
            written = write(
                partial(apply_text_changes, changes=changes, action="transcript_replace")
            )
            if isinstance(written, int):
                skipped = len(changes) - written
                flash(
                    "success",
                    t("te.replaced", count=written)
                    + (t("te.replace_skipped", count=skipped) if skipped else ""),
                )
            st.session_state.pop(preview_key, None)
            st.rerun()
        if cancel_col.button(t("te.replace_cancel"), key=f"replace-cancel-{recording.id}"):
            st.session_state.pop(preview_key, None)
            st.rerun()


replace_section(recording, query)


@st.fragment(run_every=transcript_editor.REFRESH)
def editor(recording: RecordingRead, query: str, start_at: int | None) -> None:
    transcript_editor.show(
        key=f"editor-{recording.id}", recording=recording, query=query, start_at=start_at
    )


editor(recording, query, start_at)

with db.read() as session:
    everything = list_segments(session=session, recording_id=recording.id)
if everything:
    speaker_renamer(
        recording_id=recording.id, labels=sorted({s.speaker for s in everything if s.speaker})
    )
    notation_section(recording)
    with st.expander(t("te.export"), icon=":material/download:"):
        masked_export = st.checkbox(t("rec.mask_export"), key=f"mask-export-{recording.id}")

        def exported(fmt: str) -> str:
            """A transcript file, built when its button is clicked, masked if asked."""
            with db.read() as session:
                rows = list_segments(session=session, recording_id=recording.id)
                if masked_export:
                    masker = recording_masker(session=session, recording=recording)
            if masked_export:
                masker.prepare(text for s in rows for text in (s.speaker, s.text))
                rows = [
                    s.model_copy(update={"speaker": masker(s.speaker), "text": masker(s.text)})
                    for s in rows
                ]
            return export(rows, fmt, language="ja", duration=recording.duration_s)

        export_row = st.container(horizontal=True)
        for fmt in FORMATS:
            export_row.download_button(
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
delete_section(recording)
