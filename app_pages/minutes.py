"""Minutes and reports (/minutes): the workshop's Word minutes with options,
the residents' かわら版, and a district's action progress report."""

import datetime as dt
from functools import partial

import streamlit as st

from facilitation.actions import list_actions
from facilitation.core.settings import get_settings
from facilitation.documents.minutes import MinutesOptions, build_minutes
from facilitation.documents.reports import (
    build_kawaraban,
    build_progress_report,
    fiscal_year_start,
)
from facilitation.workshops.setup import list_workshops, load_setup, save_minutes_notes
from transcripts.store import appendable_recordings
from ui.auth import staff_actor
from ui.db import database
from ui.i18n import t
from ui.mask_review import review
from ui.widgets import (
    choice_labels,
    docx_download,
    on_demand,
    query_int,
    show_flash,
    workshop_labels,
    write,
)

db = database()
st.title(t("min.heading"), anchor=False)
show_flash()

with db.read() as session:
    workshops = list_workshops(session=session)
    districts = sorted({i.district for i in list_actions(session=session) if i.district})

minutes_tab, report_tab = st.tabs([t("min.tab_minutes"), t("min.tab_report")])

with minutes_tab:
    if not workshops:
        st.info(t("home.empty"))
    else:
        labels = workshop_labels(workshops)
        ids = list(labels)
        wanted = query_int("workshop")
        workshop_id = st.selectbox(
            t("board.pick"),
            options=ids,
            index=ids.index(wanted) if wanted in ids else 0,
            format_func=labels.__getitem__,
        )
        with db.read() as session:
            setup = load_setup(session=session, workshop_id=workshop_id)
        workshop = setup.workshop
        with st.form(f"notes-{workshop.id}-{workshop.version}"):
            st.caption(t("min.notes_help"))
            plenary = st.text_area(t("min.plenary"), value=workshop.plenary_notes, height=100)
            decisions = st.text_area(t("min.decisions"), value=workshop.decisions, height=100)
            next_steps = st.text_area(t("min.next_steps"), value=workshop.next_steps, height=100)
            next_meeting = st.text_input(t("min.next_meeting"), value=workshop.next_meeting)
            attendees = st.text_area(
                t("min.attendees"),
                value=workshop.attendees,
                height=100,
                help=t("min.attendees_help"),
            )
            if st.form_submit_button(t("group.save")):
                write(
                    lambda session: save_minutes_notes(
                        session=session,
                        workshop_id=workshop.id,
                        expected_version=workshop.version,
                        plenary_notes=plenary,
                        decisions=decisions,
                        next_steps=next_steps,
                        attendees=attendees,
                        next_meeting=next_meeting,
                    ),
                    success=t("group.saved"),
                    kept_text="\n\n".join(
                        x for x in (plenary, decisions, next_steps, next_meeting, attendees) if x
                    )
                    or None,
                )
                st.rerun()

        names = {g.id: g.name for g in setup.groups}
        chosen = st.multiselect(
            t("min.tables"),
            options=list(names),
            default=list(names),
            format_func=lambda gid: names[gid],
            placeholder=t("common.choose"),
        )
        include_transcript = st.checkbox(t("min.include_transcript"))
        recording_ids: tuple[int, ...] | None = None
        if include_transcript:
            with db.read() as session:
                appendable = appendable_recordings(session=session, workshop_id=workshop.id)
            titles = choice_labels([(r.id, r.title) for r in appendable])
            recording_ids = tuple(
                st.multiselect(
                    t("min.recordings"),
                    options=list(titles),
                    default=list(titles),
                    format_func=lambda rid: titles[rid],
                    placeholder=t("common.choose"),
                )
            )
        approval = st.checkbox(t("min.approval_box"))
        mask_names = st.checkbox(t("min.mask"))
        # The かわら版 is always masked; masked documents wait for the review.
        reviewed = False
        if st.toggle(t("min.review_open"), value=mask_names):
            reviewed = review(workshop.id, include_transcript=include_transcript)
        if not reviewed:
            st.caption(t("min.review_needed"))
        stamp = (workshop.date or dt.date.today()).isoformat()
        options = MinutesOptions(
            group_ids=tuple(chosen),
            include_transcript=include_transcript,
            mask_names=mask_names,
            recording_ids=recording_ids,
            approval_box=approval,
            author=getattr(staff_actor(), "label", ""),
            organization=get_settings().organization,
        )
        buttons = st.container(horizontal=True)
        target = f"workshop:{workshop.id}"
        docx_download(
            buttons,
            t("min.download_minutes"),
            on_demand(partial(build_minutes, workshop_id=workshop.id, options=options)),
            primary=True,
            disabled=mask_names and not reviewed,
            file_name=f"minutes-{stamp}.docx",
            kind="minutes.docx",
            target=target,
            icon=":material/description:",
        )
        docx_download(
            buttons,
            t("min.download_kawaraban"),
            on_demand(
                partial(
                    build_kawaraban,
                    workshop_id=workshop.id,
                    organization=get_settings().organization,
                    contact=get_settings().contact,
                )
            ),
            disabled=not reviewed,
            file_name=f"kawaraban-{stamp}.docx",
            kind="kawaraban.docx",
            target=target,
            icon=":material/campaign:",
        )

with report_tab:
    if not districts:
        st.info(t("act.none"))
    else:
        district = st.selectbox(t("setup.district"), options=districts)
        # The reporting period: this fiscal year (年度) to date unless chosen.
        today = dt.date.today()
        period = st.container(horizontal=True)
        start = period.date_input(
            t("min.report_from"), value=fiscal_year_start(today), format="YYYY/MM/DD"
        )
        end = period.date_input(t("min.report_to"), value=today, format="YYYY/MM/DD")
        if start > end:
            st.error(t("error.period_reversed"))
            st.stop()
        docx_download(
            st,
            t("min.download_report"),
            on_demand(
                partial(
                    build_progress_report,
                    district=district,
                    start=start,
                    end=end,
                    organization=get_settings().organization,
                )
            ),
            file_name=f"progress-report-{dt.date.today().isoformat()}.docx",
            kind="progress-report.docx",
            target=f"district:{district}",
            icon=":material/summarize:",
        )
