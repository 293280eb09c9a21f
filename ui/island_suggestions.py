"""島の提案 under a table's board (the leader's phone, the facilitator's
laptop) and the workshop's shared themes on the board. Suggestions are kept
in the browser session until each is accepted or dismissed; nothing moves
without a tap."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from facilitation.core.errors import UserError
from facilitation.islands.board import (
    SuggestedNote,
    TableSuggestion,
    WorkshopTheme,
    accept_suggestion,
    add_themes_to_plenary,
    table_suggestions,
    workshop_themes,
)
from facilitation.islands.embedding import default_embedder
from facilitation.islands.similar import Similar, similar_ideas
from facilitation.models import ActionRead
from facilitation.workshops.setup import get_workshop
from ui.db import database
from ui.i18n import t
from ui.widgets import REFUSED, flash, md_escape, show_user_error, user_error_text, write


def _suggest(group_id: int, key: str) -> None:
    try:
        with database().read() as session:
            found = table_suggestions(
                session=session, group_id=group_id, embedder=default_embedder()
            )
    except UserError as error:
        st.session_state[f"{key}-error"] = error
        st.session_state.pop(f"{key}-none", None)
        return
    st.session_state.pop(f"{key}-error", None)
    for stale in [
        k for k in st.session_state if str(k).startswith((f"{key}-label-", f"{key}-note-"))
    ]:
        del st.session_state[stale]  # what was typed or unticked for the last suggestions
    st.session_state[key] = found
    st.session_state[f"{key}-none"] = not found  # said under the button, where it was asked


def _drop(key: str, index: int) -> None:
    found: list[TableSuggestion] = st.session_state.get(key, [])
    st.session_state[key] = [s for i, s in enumerate(found) if i != index]


# A suggestion's widgets are keyed by its first note, not by its place in the
# list: accepting or dismissing one moves the others up, and a key by place
# gave the next island the label typed or shown for the one before.
def _label_key(key: str, suggestion: TableSuggestion) -> str:
    return f"{key}-label-{suggestion.notes[0].id}"


def _note_key(key: str, suggestion: TableSuggestion, note_id: int) -> str:
    return f"{key}-note-{suggestion.notes[0].id}-{note_id}"


def _ticked(key: str, suggestion: TableSuggestion) -> list[SuggestedNote]:
    """The suggestion's notes the leader left ticked (all, until one is unticked)."""
    return [
        n for n in suggestion.notes if st.session_state.get(_note_key(key, suggestion, n.id), True)
    ]


def _accept(group_id: int, key: str, index: int) -> None:
    found: list[TableSuggestion] = st.session_state.get(key, [])
    if index >= len(found):
        return
    suggestion = found[index]
    ticked = _ticked(key, suggestion)
    if not ticked:
        flash("warning", t("isl.none_ticked"))
        return
    label = st.session_state.get(_label_key(key, suggestion), suggestion.label)
    done = write(
        partial(
            accept_suggestion,
            group_id=group_id,
            notes=[(n.id, n.version) for n in ticked],
            label=label,
            island_id=suggestion.island_id,
        )
    )
    if done is REFUSED:
        return
    flash("success", t("isl.accepted", label=suggestion.island_label or label))
    _drop(key, index)


def suggestions_panel(*, group_id: int, locked: bool, key: str) -> None:
    """A tap asks for islands for the table's unsorted notes; each one is
    accepted (with its label as shown, editable) or dismissed in one tap."""
    st.button(
        t("isl.suggest"),
        key=f"{key}-go",
        on_click=_suggest,
        args=(group_id, key),
        icon=":material/auto_awesome:",
        disabled=locked,
        help=t("isl.suggest_help"),
    )
    error = st.session_state.get(f"{key}-error")
    if error is not None:
        show_user_error(error)
    found: list[TableSuggestion] = st.session_state.get(key, [])
    if st.session_state.get(f"{key}-none"):
        st.info(t("isl.none"))
    for index, suggestion in enumerate(found):
        with st.container(border=True):
            if suggestion.island_id is not None:
                st.markdown(t("isl.into", label=md_escape(suggestion.island_label)))
            else:
                st.text_input(
                    t("isl.label"), value=suggestion.label, key=_label_key(key, suggestion)
                )
            for note in suggestion.notes:
                # Unticked notes stay unsorted when the island is accepted.
                st.checkbox(
                    md_escape(note.text), value=True, key=_note_key(key, suggestion, note.id)
                )
            row = st.container(horizontal=True)
            row.button(
                t("isl.accept", count=len(_ticked(key, suggestion))),
                key=f"{key}-accept-{index}-{suggestion.notes[0].id}",
                type="primary",
                on_click=_accept,
                args=(group_id, key, index),
                disabled=locked,
            )
            row.button(
                t("isl.dismiss"),
                key=f"{key}-drop-{index}-{suggestion.notes[0].id}",
                on_click=_drop,
                args=(key, index),
            )


def _themes(workshop_id: int, key: str) -> None:
    try:
        with database().read() as session:
            found = workshop_themes(
                session=session, workshop_id=workshop_id, embedder=default_embedder()
            )
            version = get_workshop(session=session, workshop_id=workshop_id).version
    except UserError as error:
        st.session_state[f"{key}-error"] = error
        return
    st.session_state.pop(f"{key}-error", None)
    st.session_state[key] = (found, version)


def _add_to_plenary(workshop_id: int, key: str) -> None:
    found, version = st.session_state[key]
    themes: list[WorkshopTheme] = found[0]
    chosen = [th for i, th in enumerate(themes) if st.session_state.get(f"{key}-pick-{i}", True)]
    if not chosen:
        flash("warning", t("isl.themes_none_chosen"))
        return
    done = write(
        partial(
            add_themes_to_plenary,
            workshop_id=workshop_id,
            expected_version=version,
            themes=chosen,
        )
    )
    if done is not REFUSED:
        flash("success", t("isl.themes_added", count=len(chosen)))
        st.session_state[key] = (found, done.version)


def _theme_block(index: int, theme: WorkshopTheme, key: str) -> None:
    with st.container(border=True):
        st.checkbox(
            t("isl.theme_title", label=md_escape(theme.label), tables="、".join(theme.tables)),
            value=True,
            key=f"{key}-pick-{index}",
        )
        shown = theme.notes[:6]
        st.markdown("\n".join(f"- {md_escape(text)}（{md_escape(name)}）" for name, text in shown))
        if len(theme.notes) > len(shown):
            st.caption(t("isl.theme_more", count=len(theme.notes) - len(shown)))


def themes_panel(*, workshop_id: int, key: str) -> None:
    """Themes several tables raised, for the plenary; the chosen ones go into
    the minutes' 全体共有 notes in one tap."""
    st.button(
        t("isl.themes_go"),
        key=f"{key}-go",
        on_click=_themes,
        args=(workshop_id, key),
        icon=":material/hub:",
    )
    error = st.session_state.get(f"{key}-error")
    if error is not None:
        show_user_error(error)
    stored: Any = st.session_state.get(key)
    if stored is None:
        return
    (themes, duplicates), _ = stored
    if not themes:
        st.info(t("isl.themes_empty"))
    for index, theme in enumerate(themes):
        _theme_block(index, theme, key)
    if themes:
        st.button(
            t("isl.themes_add"),
            key=f"{key}-add",
            type="primary",
            on_click=_add_to_plenary,
            args=(workshop_id, key),
            help=t("isl.themes_add_help"),
        )
    if duplicates:
        st.markdown(f"**{t('isl.duplicates')}**")
        st.markdown(
            "\n".join(
                f"- {md_escape(a_text)}（{md_escape(a_name)}）⇔ "
                f"{md_escape(b_text)}（{md_escape(b_name)}）"
                for (a_name, a_text), (b_name, b_text) in duplicates[:10]
            )
        )


def _similar(item: ActionRead, key: str) -> None:
    try:
        with database().read() as session:
            st.session_state[key] = similar_ideas(
                session=session,
                text=f"{item.title}。{item.description}",
                embedder=default_embedder(),
                not_action=item.id,
                not_workshop=item.workshop_id,
            )
    except UserError as error:
        flash("error", user_error_text(error))


def similar_panel(item: ActionRead) -> None:
    """Existing action items and other workshops' islands like this item, to
    link to an activity that already exists."""
    key = f"similar-{item.id}-{item.version}"
    with st.expander(t("isl.similar_heading")):
        st.button(
            t("isl.similar_go"),
            key=f"{key}-go",
            on_click=_similar,
            args=(item, key),
            icon=":material/search:",
        )
        found: Similar | None = st.session_state.get(key)
        if found is None:
            return
        if not found.actions and not found.islands:
            st.info(t("isl.similar_none"))
        for other, _ in found.actions:
            st.page_link(
                "app_pages/actions.py",
                label=f"{other.title}（{t(f'stage.{other.stage}')}・{other.district}）",
                query_params={"action": str(other.id)},
            )
        for island in found.islands:
            with st.container(border=True):
                st.markdown(
                    f"**{md_escape(island.label)}**　"
                    + md_escape(f"{island.district} {island.workshop_title}・{island.table}")
                )
                st.caption("／".join(md_escape(n) for n in island.notes))
