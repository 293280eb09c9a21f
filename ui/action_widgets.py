"""Widgets of the action-items page: the item form, the source picker, stage
buttons, the support log, the review form and the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

import streamlit as st

from facilitation import actions
from facilitation.actions import ActionDetail, ActionInput, ActionRead, ReviewInput
from facilitation.models import (
    DECISIONS,
    KINDS,
    LOG_KINDS,
    OWNER_KINDS,
    REASON_NEEDED,
    SOURCE_KINDS,
    TRANSITIONS,
    WorkshopRead,
)
from facilitation.workshops import boards
from ui.auth import staff_actor
from ui.db import database
from ui.i18n import aside, t
from ui.widgets import REFUSED, choice_labels, md_escape, workshop_labels, write


def signed_in_name() -> str:
    """The support log's default staff name; stage events and reviews take
    the signed-in account in the domain, whatever the page sends."""
    staff = staff_actor()
    return staff.label if staff is not None else ""


def item_form(*, key: str, item: ActionRead | None = None, title: str = "") -> ActionInput | None:
    """The details form; returns what was entered when it is submitted. Its
    fields have keys of their own, so what was typed survives a rerun in which
    the saved item changed (another tab's save)."""
    with st.form(key):
        new_title = st.text_input(
            t("act.title"), value=item.title if item else title, key=f"{key}-title"
        )
        description = st.text_area(
            t("act.description"),
            value=item.description if item else "",
            height=90,
            key=f"{key}-description",
        )
        first, second = st.columns(2)
        kind = first.selectbox(
            t("act.kind"),
            options=list(KINDS),
            index=KINDS.index(item.kind) if item else 0,
            format_func=lambda k: t(f"kind.{k}"),
            key=f"{key}-kind",
        )
        district = second.text_input(
            t("setup.district"), value=item.district if item else "", key=f"{key}-district"
        )
        owners = st.multiselect(
            t("act.owners"),
            options=list(OWNER_KINDS),
            default=list(item.owners) if item else [],
            format_func=lambda o: t(f"owner.{o}"),
            placeholder=t("common.choose"),
            key=f"{key}-owners",
        )
        owner_names = st.text_input(
            t("act.owner_names"), value=item.owner_names if item else "", key=f"{key}-names"
        )
        c1, c2, c3, c4 = st.columns(4)
        start = c1.date_input(
            t("act.start_date"), value=item.start_date if item else None, key=f"{key}-start"
        )
        due = c2.date_input(
            t("act.due_date"), value=item.due_date if item else None, key=f"{key}-due"
        )
        review = c3.date_input(
            t("act.next_review"),
            value=item.next_review_date if item else None,
            key=f"{key}-review",
        )
        progress = c4.number_input(
            t("act.progress"),
            min_value=0,
            max_value=100,
            value=item.progress if item else 0,
            key=f"{key}-progress",
        )
        label = t("act.save") if item else t("act.create")
        if not st.form_submit_button(label, type="primary"):
            return None
    return ActionInput(
        title=new_title,
        description=description,
        district=district,
        kind=kind,
        owners=tuple(owners),
        owner_names=owner_names,
        start_date=start if isinstance(start, dt.date) else None,
        due_date=due if isinstance(due, dt.date) else None,
        next_review_date=review if isinstance(review, dt.date) else None,
        progress=int(progress),
    )


@dataclass(frozen=True)
class SourceChoice:
    kind: str
    id: int
    text: str
    workshop_id: int


def source_picker(
    workshops: list[WorkshopRead], *, preselect: int | None = None, key: str = "source"
) -> SourceChoice | None:
    """Pick a note, island or group summary of a workshop's tables."""
    options = [None] + [w.id for w in workshops]
    names = workshop_labels(workshops)
    workshop_id = st.selectbox(
        t("act.source"),
        options=options,
        index=options.index(preselect) if preselect in options else 0,
        format_func=lambda wid: t("act.source_none") if wid is None else names[wid],
        key=f"{key}-workshop",
    )
    if workshop_id is None:
        return None
    kind = st.segmented_control(
        t("act.source_kind"),
        options=[k for k in SOURCE_KINDS if k != "segment"],
        format_func=lambda k: t(f"source.{k}"),
        default="cluster",
        key=f"{key}-kind",
    )
    with database().read() as session:
        board = boards.load_board(session=session, workshop_id=workshop_id)
    choices: dict[int, str] = {}
    for group in board.groups:
        if kind == "cluster":
            choices.update({c.id: f"{group.group.name}：{c.label}" for c in group.clusters})
        elif kind == "note":
            choices.update({n.id: f"{group.group.name}：{n.text}" for n in group.notes})
        elif kind == "group_summary" and group.summary:
            choices[group.summary.id] = f"{group.group.name}：{group.summary.text[:60]}"
    if not kind or not choices:
        return None
    shown = choice_labels([(cid, text[:80]) for cid, text in choices.items()])
    chosen = st.selectbox(
        t("act.source_item"),
        options=list(choices),
        format_func=shown.__getitem__,
        key=f"{key}-item-{kind}",
    )
    if chosen is None:
        return None
    text = choices[chosen].split("：", 1)[-1]
    return SourceChoice(kind=kind, id=chosen, text=text, workshop_id=workshop_id)


def stage_buttons(item: ActionRead) -> None:
    allowed = sorted(TRANSITIONS[item.stage])
    if not allowed:
        st.caption(t("act.no_moves"))
        return
    # Dropping a proposal and reopening one need a reason (the event's note).
    needs_reason = any((item.stage, stage) in REASON_NEEDED for stage in allowed)
    note = st.text_input(
        t("act.move_reason") if needs_reason else t("act.move_note"),
        key=f"move-note-{item.id}-{item.version}",
    )
    row = st.container(horizontal=True)
    for stage in allowed:
        row.button(
            f"→ {t(f'stage.{stage}')}",
            key=f"move-{item.id}-{stage}",
            on_click=_move,
            args=(item, stage, note),
        )


def _move(item: ActionRead, stage: str, note: str) -> None:
    note = st.session_state.get(f"move-note-{item.id}-{item.version}", note)
    write(
        lambda session: actions.change_stage(
            session=session,
            action_id=item.id,
            expected_version=item.version,
            to_stage=stage,
            note=note,
        ),
        success=t("act.moved"),
    )


def log_form(item: ActionRead) -> None:
    with st.form(f"log-{item.id}"):
        c1, c2, c3 = st.columns(3)
        date = c1.date_input(t("act.log_date"), value=dt.date.today())
        kind = c2.selectbox(
            t("act.log_kind"), options=list(LOG_KINDS), format_func=lambda k: t(f"log.{k}")
        )
        staff = c3.text_input(t("act.log_staff"), value=signed_in_name())
        note = st.text_area(t("act.log_note"), height=68)
        if st.form_submit_button(t("act.log_add")):
            write(
                lambda session: actions.add_log_entry(
                    session=session, action_id=item.id, date=date, kind=kind, staff=staff, note=note
                ),
                success=t("group.saved"),
                kept_text=note,
            )
            st.rerun()


def review_form(item: ActionRead) -> None:
    with st.form(f"review-{item.id}-{item.version}"):
        c1, c2 = st.columns(2)
        date = c1.date_input(t("act.review_date"), value=dt.date.today())
        attendees = c2.text_input(t("act.attendees"))
        mode = st.radio(
            t("act.rating_mode"),
            options=["single", "counts"],
            format_func=lambda m: t(f"act.rating_{m}"),
            horizontal=True,
        )
        rating = st.slider(t("act.satisfaction"), min_value=1, max_value=5, value=4)
        count_cols = st.columns(5)
        counts = tuple(
            int(col.number_input(t("act.rating_count", n=n), min_value=0, value=0, step=1))
            for n, col in zip(range(1, 6), count_cols, strict=True)
        )
        results = st.text_area(t("act.results"), height=68)
        issues = st.text_area(t("act.issues"), height=68)
        improvements = st.text_area(t("act.improvements"), height=68)
        c3, c4 = st.columns(2)
        decision = c3.selectbox(
            t("act.decision"), options=list(DECISIONS), format_func=lambda d: t(f"decision.{d}")
        )
        next_review = c4.date_input(t("act.next_review"), value=None)
        if st.form_submit_button(t("act.review"), type="primary"):
            review = ReviewInput(
                date=date,
                decision=decision,
                attendees=attendees,
                satisfaction=rating if mode == "single" else None,
                satisfaction_counts=counts if mode == "counts" else None,  # type: ignore[arg-type]
                results=results,
                issues=issues,
                improvements=improvements,
                next_review_date=next_review if isinstance(next_review, dt.date) else None,
            )
            write(
                lambda session: actions.record_review(
                    session=session,
                    action_id=item.id,
                    expected_version=item.version,
                    review=review,
                ),
                success=t("act.review_saved"),
                kept_text="\n".join(x for x in (results, issues, improvements) if x) or None,
            )
            st.rerun()


JAPAN = ZoneInfo("Asia/Tokyo")


def timeline(detail: ActionDetail) -> None:
    """Events, support-log entries and reviews, newest first, in time order
    (Japan time): a log entry or a review dated a day sorts on that day by
    when it was written."""
    entries: list[tuple[dt.date, dt.datetime, str, str]] = []
    for event in detail.events:
        label = (
            t("act.event_created")
            if event.from_stage is None
            else f"{t(f'stage.{event.from_stage}')} → {t(f'stage.{event.to_stage}')}"
        )
        extra = f" — {event.note}" if event.note and not event.note.startswith("review:") else ""
        at = event.at.astimezone(JAPAN)
        entries.append((at.date(), at, ":material/flag:", f"{label}{aside(event.actor)}{extra}"))
    for log in detail.log:
        text = f"{t(f'log.{log.kind}')}{aside(log.staff)} {log.note}"
        entries.append((log.date, log.created_at.astimezone(JAPAN), ":material/edit_note:", text))
    for review in detail.reviews:
        rating = f" {t('act.satisfaction')} {review.satisfaction}" if review.satisfaction else ""
        text = (
            f"{t('act.event_review')}：{t(f'decision.{review.decision}')}{rating} {review.results}"
        )
        at = review.created_at.astimezone(JAPAN)
        entries.append((review.date, at, ":material/rate_review:", text))
    for day, at, icon, text in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True):
        when = f"{day.isoformat()} {at:%H:%M}" if at.date() == day else day.isoformat()
        st.markdown(f"**{when}** {icon} {md_escape(text)}")


def create_from_source(*, source: SourceChoice, title: str) -> int | None:
    """Create an item from a board source; returns its id."""
    created = write(
        partial(
            actions.create_from_source,
            kind=source.kind,
            source_id=source.id,
            title=title,
            workshop_id=source.workshop_id,
        ),
        success=t("act.created"),
    )
    return None if created is REFUSED else created.id
