"""Action items (/actions, /actions?action=ID): a board by stage, a filtered
list, new items from workshop outcomes, charts, and each item's page with its
lifecycle, support log, reviews and timeline."""

import datetime as dt
from functools import partial

import streamlit as st
from sqlmodel import Session

from facilitation import actions
from facilitation.core.errors import UserError
from facilitation.documents.action_export import ActionFilter, action_rows, to_csv, to_xlsx
from facilitation.documents.calendar import calendar_items
from facilitation.models import OWNER_KINDS, STAGES, WorkshopRead
from facilitation.workshops.setup import list_workshops
from ui.action_charts import charts
from ui.action_widgets import (
    create_from_source,
    item_form,
    log_form,
    review_form,
    source_picker,
    stage_buttons,
    timeline,
)
from ui.db import database
from ui.i18n import aside, language, t
from ui.island_suggestions import similar_panel
from ui.widgets import REFUSED, audit_export, md_escape, on_demand, query_int, show_flash, write

BOARD_COLUMNS = 4

db = database()
today = dt.date.today()
st.title(t("act.heading"), anchor=False)
show_flash()


def open_link(item: actions.ActionRead, *, where: str) -> None:
    """The item's title as a button that opens its page (it wraps, unlike a link)."""
    if st.button(md_escape(item.title), key=f"open-{where}-{item.id}", type="tertiary"):
        st.query_params["action"] = str(item.id)
        st.rerun()


# --- one item --------------------------------------------------------------------------

action_id = query_int("action")
if action_id is not None:
    try:
        with db.read() as session:
            detail = actions.get_action(session=session, action_id=action_id)
    except UserError as error:
        st.error(t(error.key, **error.params))
        st.stop()
    item = detail.item
    st.page_link("app_pages/actions.py", label=t("act.back"), icon=":material/arrow_back:")
    st.header(md_escape(item.title), anchor=False)
    overdue = " :red[●]" if item.overdue(today) else ""
    st.markdown(f"{t('act.stage_now')}: **{t(f'stage.{item.stage}')}**{overdue}")
    if item.workshop_id or item.workshop_title:
        st.caption(md_escape(t("act.from_workshop", title=item.workshop_title)))
    if item.source_text:
        with st.container(border=True):
            st.caption(t("act.source") + aside(t(f"source.{item.source_kind}")))
            st.text(item.source_text)
            if detail.source_recording_id is not None:
                st.page_link(
                    "app_pages/transcript.py",
                    label=t("act.open_source"),
                    icon=":material/play_circle:",
                    query_params={
                        "recording": str(detail.source_recording_id),
                        "at": str(int(detail.source_start_s or 0)),
                    },
                )
            elif item.source_kind and item.workshop_id:
                st.page_link(
                    "app_pages/board.py",
                    label=t("act.open_board"),
                    icon=":material/dashboard:",
                    query_params={"workshop": str(item.workshop_id)},
                )
    stage_buttons(item)
    similar_panel(item)
    details_tab, log_tab, review_tab, timeline_tab = st.tabs(
        [t("act.details"), t("act.log"), t("act.reviews"), t("act.timeline")]
    )
    with details_tab:
        # The version this browser opened the form on: a save from a tab that
        # someone else's save overtook is refused, never applied over it.
        seen_key = f"edit-seen-{item.id}"
        seen = int(st.session_state.setdefault(seen_key, item.version))
        if seen != item.version:
            with st.container(border=True):
                st.warning(t("act.changed_elsewhere"))
                st.caption(t("act.saved_now"))
                st.markdown(f"**{md_escape(item.title)}**")
                if item.description:
                    st.text(item.description)
                if st.button(t("act.load_latest"), key=f"latest-{item.id}"):
                    st.session_state.pop(seen_key, None)
                    st.rerun()
        changed = item_form(key=f"edit-{item.id}-{seen}", item=item)
        if changed is not None:
            edited: actions.ActionInput = changed

            def save_changes(session: Session) -> None:
                actions.update_action(
                    session=session, action_id=item.id, expected_version=seen, data=edited
                )

            done = write(
                save_changes,
                success=t("group.saved"),
                kept_text="\n".join(x for x in (edited.title, edited.description) if x),
            )
            if done is not REFUSED:
                st.session_state.pop(seen_key, None)
            st.rerun()
    with log_tab:
        log_form(item)
        for entry in reversed(detail.log):
            st.markdown(
                f"**{entry.date.isoformat()}** {md_escape(t(f'log.{entry.kind}'))} "
                f"{aside(md_escape(entry.staff))} {md_escape(entry.note)}"
            )
    with review_tab:
        review_form(item)
        for review in reversed(detail.reviews):
            with st.container(border=True):
                st.markdown(
                    f"**{review.date.isoformat()}** {t('act.decision')}: "
                    f"**{t(f'decision.{review.decision}')}** · {t('act.satisfaction')}: "
                    f"{review.satisfaction or '-'}"
                )
                for label, text in (
                    ("act.attendees", review.attendees),
                    ("act.results", review.results),
                    ("act.issues", review.issues),
                    ("act.improvements", review.improvements),
                ):
                    if text:
                        st.caption(t(label))
                        st.text(text)
    with timeline_tab:
        timeline(detail)
    st.stop()

# --- overview --------------------------------------------------------------------------


def new_from_source(workshops: list[WorkshopRead], *, preselect: int | None, key: str) -> bool:
    """The source picker and a create button; False when no source is chosen."""
    source = source_picker(workshops, preselect=preselect, key=key)
    if source is None:
        return False
    st.text(source.text)
    title = st.text_input(
        t("act.title"),
        value=actions.propose_title(source.text),
        key=f"source-title-{key}-{source.kind}-{source.id}",
    )
    if st.button(t("act.create"), type="primary", key=f"create-from-source-{key}"):
        created = create_from_source(source=source, title=title)
        if created is not None:
            st.switch_page("app_pages/actions.py", query_params={"action": str(created)})
    return True


with db.read() as session:
    items = actions.list_actions(session=session)
    workshops = list_workshops(session=session)

from_workshop = query_int("from_workshop")
if from_workshop is not None:
    # Arrived from a facilitator's board: offer its islands, notes and summaries first.
    with st.container(border=True):
        st.subheader(t("act.from_board"), anchor=False)
        st.caption(t("act.from_board_help"))
        new_from_source(workshops, preselect=from_workshop, key="board")

board_tab, list_tab, new_tab, charts_tab = st.tabs(
    [t("act.tab_board"), t("act.tab_list"), t("act.tab_new"), t("act.tab_charts")]
)

with board_tab:
    st.caption(t("act.overdue_legend"))
    # Four stages a row: every column stays wide enough to read on a 1024 px
    # screen (eight in one row broke titles every two or three characters).
    for row_start in range(0, len(STAGES), BOARD_COLUMNS):
        row_stages = STAGES[row_start : row_start + BOARD_COLUMNS]
        for column, stage in zip(st.columns(BOARD_COLUMNS), row_stages, strict=False):
            column.markdown(f"**{t(f'stage.{stage}')}**")
            for item in (i for i in items if i.stage == stage):
                with column.container(border=True):
                    open_link(item, where="board")
                    when = item.next_review_date.isoformat() if item.next_review_date else ""
                    late = ""
                    if item.overdue(today):
                        passed = min(
                            d for d in (item.next_review_date, item.due_date) if d and d < today
                        )
                        late = " " + t("act.overdue_since", date=passed.isoformat())
                    st.caption(f"{md_escape(item.district)} {when}{late}")

with list_tab:
    districts = sorted({i.district for i in items if i.district})
    f1, f2, f3, f4 = st.columns(4)
    district: str | None = f1.selectbox(
        t("act.filter_district"), [None, *districts], format_func=lambda d: d or t("act.all")
    )
    stage_filter = f2.selectbox(
        t("act.filter_stage"),
        [None, *STAGES],
        format_func=lambda s: t(f"stage.{s}") if s else t("act.all"),
    )
    owner = f3.selectbox(
        t("act.filter_owner"),
        [None, *OWNER_KINDS],
        format_func=lambda o: t(f"owner.{o}") if o else t("act.all"),
    )
    only_overdue = f4.toggle(t("act.filter_overdue"))
    with db.read() as session:
        shown = actions.list_actions(
            session=session,
            district=district,
            stage=stage_filter,
            owner=owner,
            overdue_on=today if only_overdue else None,
        )
    if not shown:
        st.info(t("act.none"))
    for item in shown:
        row = st.container(horizontal=True, vertical_alignment="center")
        with row:
            open_link(item, where="list")
            late = " :red[●]" if item.overdue(today) else ""
            st.caption(
                f"{t(f'stage.{item.stage}')} · {md_escape(item.district)} · "
                f"{item.next_review_date or ''}{late}"
            )
    lang = language()
    # The exports hold what the list shows: the same filters.
    only = ActionFilter(
        district=district,
        stage=stage_filter,
        owner=owner,
        overdue_on=today if only_overdue else None,
    )
    st.caption(t("act.export_shown", count=len(shown)))
    masked = st.checkbox(t("act.mask_export"), key="act-mask")
    listed = list(shown)
    exports = st.container(horizontal=True)
    exports.download_button(
        t("act.download_csv"),
        data=on_demand(
            lambda session: to_csv(
                action_rows(session=session, language=lang, mask=masked, only=only), lang
            )
        ),
        file_name="action-items.csv",
        mime="text/csv",
        on_click=audit_export,
        args=("actions", "actions.csv" + (" masked" if masked else "")),
    )
    exports.download_button(
        t("act.download_xlsx"),
        data=on_demand(
            lambda session: to_xlsx(
                action_rows(session=session, language=lang, mask=masked, only=only), lang
            )
        ),
        file_name="action-items.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=audit_export,
        args=("actions", "actions.xlsx" + (" masked" if masked else "")),
    )
    exports.download_button(
        t("act.download_ics"),
        data=lambda: calendar_items(listed, language=lang),
        file_name="action-items.ics",
        mime="text/calendar",
        help=t("act.ics_help"),
        on_click=audit_export,
        args=("actions", "actions.ics"),
    )

with new_tab:
    if from_workshop is not None or not new_from_source(workshops, preselect=None, key="tab"):
        data = item_form(key="new-action")
        if data is not None:
            made = write(partial(actions.create_action, data=data), success=t("act.created"))
            if made is not REFUSED:
                st.switch_page("app_pages/actions.py", query_params={"action": str(made.id)})
            show_flash()

with charts_tab, db.read() as session:
    charts(actions.action_stats(session=session))
