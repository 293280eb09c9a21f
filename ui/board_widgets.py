"""The group leader's board widgets: note form, paste box, islands, note cards,
votes and the summary.

Writes run in ``on_click`` callbacks whose arguments are bound when the page is
drawn: an edit carries the version the leader was looking at, and it still
reaches the domain (and is refused as stale) when someone else changed the
note in between, instead of vanishing with the redrawn form."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import partial
from html import escape

import streamlit as st
from sqlmodel import Session
from streamlit_sortables import sort_items

from facilitation.models import CategoryRead, ClusterRead, NoteRead
from facilitation.workshops import boards
from facilitation.workshops.boards import GroupBoardRead
from ui import state
from ui.i18n import t
from ui.render import NEUTRAL_COLOR
from ui.widgets import REFUSED, flash, md_escape, write

_DRAG_ITEM = re.compile(r"^#(\d+) ")
_DRAG_PREVIEW_CHARS = 40
_DRAG_STYLE = """
.sortable-component { background: #FAFAF7; border: 1px solid #DDD; }
.sortable-container { background: #FFFFFF; border: 2px dashed #9AA; border-radius: 8px; }
.sortable-container-header { font-weight: 700; }
.sortable-item, .sortable-item:hover { background: #FFF3B0; color: #1A1A1A;
  border-radius: 3px; box-shadow: 1px 2px 3px rgba(0,0,0,0.18); }
"""


def _form_token(key: str) -> str:
    """The current form's token: a resubmit of the same form reuses it, so the
    domain can refuse a duplicate; it changes once the form's write succeeds."""
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return str(st.session_state[key])


def _rotate_token(key: str) -> None:
    st.session_state[key] = uuid.uuid4().hex


def _category_name(categories: list[CategoryRead], category_id: int | None) -> str:
    match = next((c for c in categories if c.id == category_id), None)
    return match.name if match else t("group.no_category")


# --- adding notes --------------------------------------------------------------------


def _add_note(group_id: int, token: str) -> None:
    text = st.session_state.get(state.NOTE_TEXT, "")
    saved = write(
        lambda session: boards.add_note(
            session=session,
            group_id=group_id,
            text=text,
            category_id=st.session_state.get(state.NOTE_CATEGORY),
            client_token=token,
        ),
        success=t("group.added"),
    )
    if saved is not REFUSED:
        _rotate_token(state.NOTE_FORM_TOKEN)
        st.session_state[state.NOTE_TEXT] = ""  # ready for the next note


def note_form(*, group_id: int, categories: list[CategoryRead], disabled: bool) -> None:
    """Category and text in one step; Enter submits. The text box is only cleared
    once the note is saved, so a refused note is still there to fix."""
    token = _form_token(state.NOTE_FORM_TOKEN)
    with st.form("add_note", border=True):
        st.subheader(t("group.add_heading"), anchor=False)
        st.radio(
            t("group.category"),
            options=[c.id for c in categories],
            # radio options are markdown; a selectbox's are plain text
            format_func=lambda cid: md_escape(_category_name(categories, cid)),
            horizontal=True,
            key=state.NOTE_CATEGORY,
            disabled=disabled,
        )
        st.text_input(
            t("group.note_text"),
            placeholder=t("group.note_placeholder"),
            key=state.NOTE_TEXT,
            disabled=disabled,
        )
        st.form_submit_button(
            t("group.add"),
            type="primary",
            disabled=disabled,
            on_click=_add_note,
            args=(group_id, token),
        )


def _add_pasted(group_id: int, token: str) -> None:
    added = write(
        partial(
            boards.add_pasted_notes,
            group_id=group_id,
            pasted=st.session_state.get(state.PASTE_TEXT, ""),
            category_id=st.session_state.get(state.PASTE_CATEGORY),
            client_token=token,
        )
    )
    if added is not REFUSED:
        flash("success", t("group.pasted", count=len(added)))
        _rotate_token(state.PASTE_FORM_TOKEN)
        st.session_state[state.PASTE_TEXT] = ""


def paste_form(*, group_id: int, categories: list[CategoryRead], disabled: bool) -> None:
    """Many notes at once, one a line (for notes first written on paper)."""
    token = _form_token(state.PASTE_FORM_TOKEN)
    with st.expander(t("group.paste_heading")), st.form("paste_notes", border=False):
        st.selectbox(
            t("group.category"),
            options=[c.id for c in categories],
            format_func=lambda cid: _category_name(categories, cid),
            key=state.PASTE_CATEGORY,
            disabled=disabled,
        )
        st.text_area(t("group.paste_help"), key=state.PASTE_TEXT, height=150, disabled=disabled)
        st.form_submit_button(
            t("group.paste_add"), disabled=disabled, on_click=_add_pasted, args=(group_id, token)
        )


# --- islands -------------------------------------------------------------------------


def drag_board(*, board: GroupBoardRead) -> None:
    """Drag notes between islands. Moves carry each note's version, so a move
    made on a stale board is refused rather than undoing someone's change."""
    st.caption(t("group.drag_help"))
    containers: list[tuple[int | None, str]] = [(None, t("group.unsorted"))] + [
        (c.id, c.label) for c in board.clusters
    ]
    by_id = {n.id: n for n in board.notes}
    items = [
        {
            "header": label,
            "items": [
                f"#{n.id} {n.text[:_DRAG_PREVIEW_CHARS]}" for n in board.notes_in(cluster_id)
            ],
        }
        for cluster_id, label in containers
    ]
    fingerprint = ",".join(f"{n.id}:{n.version}:{n.cluster_id}" for n in board.notes)
    arranged = sort_items(
        items,
        multi_containers=True,
        direction="vertical",
        custom_style=_DRAG_STYLE,
        key=f"drag-{board.group.id}-{abs(hash((fingerprint, tuple(containers))))}",
    )
    moves: list[tuple[NoteRead, int | None]] = []
    for (cluster_id, _label), container in zip(containers, arranged, strict=False):
        for item in container.get("items", []):
            match = _DRAG_ITEM.match(item)
            note = by_id.get(int(match.group(1))) if match else None
            if note is not None and note.cluster_id != cluster_id:
                moves.append((note, cluster_id))
    if moves:

        def apply_moves(session: Session) -> None:
            for note, cluster_id in moves:
                boards.move_note(
                    session=session,
                    group_id=board.group.id,
                    note_id=note.id,
                    expected_version=note.version,
                    cluster_id=cluster_id,
                )

        write(apply_moves)
        st.rerun()


def _create_cluster(group_id: int) -> None:
    label = st.session_state.get(state.CLUSTER_LABEL, "")
    saved = write(
        lambda session: boards.create_cluster(
            session=session,
            group_id=group_id,
            label=label,
            note_ids=tuple(st.session_state.get(state.CLUSTER_NOTES, [])),
        ),
        success=t("group.cluster_created"),
        kept_text=label or None,
    )
    if saved is not REFUSED:
        st.session_state[state.CLUSTER_LABEL] = ""
        st.session_state[state.CLUSTER_NOTES] = []


def new_cluster_form(*, board: GroupBoardRead, disabled: bool) -> None:
    unsorted = {n.id: n.text for n in board.notes_in(None)}
    with st.form("new_cluster"):
        st.text_input(t("group.new_cluster"), key=state.CLUSTER_LABEL, disabled=disabled)
        if unsorted:  # an empty island can still be made, to move notes into later
            st.multiselect(
                t("group.unsorted"),
                options=list(unsorted),
                format_func=lambda nid: unsorted.get(nid, "")[:60],
                key=state.CLUSTER_NOTES,
                disabled=disabled,
                placeholder=t("group.pick_notes"),
            )
        st.form_submit_button(
            t("group.create_cluster"),
            disabled=disabled,
            on_click=_create_cluster,
            args=(board.group.id,),
        )


def _vote_note(group_id: int, note_id: int, delta: int) -> None:
    write(
        lambda session: boards.vote_note(
            session=session, group_id=group_id, note_id=note_id, delta=delta
        )
    )


def _vote_cluster(group_id: int, cluster_id: int, delta: int) -> None:
    write(
        lambda session: boards.vote_cluster(
            session=session, group_id=group_id, cluster_id=cluster_id, delta=delta
        )
    )


def _vote_buttons(*, key: str, votes: int, disabled: bool, on_vote: Callable[[int], None]) -> None:
    """The dot count with ＋/－, in the current (horizontal) container."""
    st.markdown(f":red[●] **{votes}**", help=t("group.votes"), width="content")
    st.button(
        "＋",
        key=f"{key}-plus",
        help=t("group.vote_add"),
        disabled=disabled,
        on_click=on_vote,
        args=(1,),
    )
    st.button(
        "－",
        key=f"{key}-minus",
        help=t("group.vote_remove"),
        disabled=disabled or votes == 0,
        on_click=on_vote,
        args=(-1,),
    )


def _rename_cluster(group_id: int, cluster: ClusterRead) -> None:
    label = st.session_state.get(f"rename_{cluster.id}_{cluster.version}", "")
    write(
        lambda session: boards.rename_cluster(
            session=session,
            group_id=group_id,
            cluster_id=cluster.id,
            expected_version=cluster.version,
            label=label,
        ),
        success=t("group.saved"),
        kept_text=label,
    )


def _dissolve_cluster(group_id: int, cluster: ClusterRead) -> None:
    write(
        lambda session: boards.delete_cluster(
            session=session,
            group_id=group_id,
            cluster_id=cluster.id,
            expected_version=cluster.version,
        )
    )


def cluster_card(*, cluster: ClusterRead, board: GroupBoardRead, disabled: bool) -> None:
    group_id = board.group.id
    st.markdown(f"#### :material/workspaces: {md_escape(cluster.label)}")
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        _vote_buttons(
            key=f"cluster-{cluster.id}",
            votes=cluster.votes,
            disabled=disabled,
            on_vote=lambda delta: _vote_cluster(group_id, cluster.id, delta),
        )
    with row.popover(t("group.rename"), icon=":material/edit:", disabled=disabled):
        with st.form(f"rename-{cluster.id}-{cluster.version}", border=False):
            st.text_input(
                t("group.new_cluster"),
                value=cluster.label,
                key=f"rename_{cluster.id}_{cluster.version}",
            )
            st.form_submit_button(
                t("group.rename"), on_click=_rename_cluster, args=(group_id, cluster)
            )
        st.button(
            t("group.delete_cluster"),
            key=f"dissolve-{cluster.id}",
            on_click=_dissolve_cluster,
            args=(group_id, cluster),
        )


# --- notes ---------------------------------------------------------------------------


def note_card(
    *, note: NoteRead, board: GroupBoardRead, categories: list[CategoryRead], disabled: bool
) -> None:
    """One note: its text on its category's colour, votes, and an edit menu with
    a non-drag way to move it to another island."""
    group_id = board.group.id
    category = next((c for c in categories if c.id == note.category_id), None)
    color = category.color if category else NEUTRAL_COLOR
    st.html(
        f'<div style="background:{escape(color)};padding:6px 8px;border-radius:3px;'
        f'white-space:pre-wrap;overflow-wrap:anywhere;color:#1A1A1A" class="kd-group-note">'
        f"{escape(note.text)}</div>"
    )
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        _vote_buttons(
            key=f"note-{note.id}",
            votes=note.votes,
            disabled=disabled,
            on_vote=lambda delta: _vote_note(group_id, note.id, delta),
        )
    with row.popover(t("group.edit"), icon=":material/edit:", disabled=disabled):
        _note_editor(note=note, board=board, categories=categories)


def _save_note(group_id: int, note: NoteRead, form: str) -> None:
    text = st.session_state.get(f"{form}-text", note.text)
    category_id = st.session_state.get(f"{form}-category", note.category_id)
    cluster_id = st.session_state.get(f"{form}-cluster", note.cluster_id)

    def save(session: Session) -> None:
        version = note.version
        if text != note.text or category_id != note.category_id:
            version = boards.update_note(
                session=session,
                group_id=group_id,
                note_id=note.id,
                expected_version=version,
                text=text,
                category_id=category_id,
            ).version
        if cluster_id != note.cluster_id:
            boards.move_note(
                session=session,
                group_id=group_id,
                note_id=note.id,
                expected_version=version,
                cluster_id=cluster_id,
            )

    write(save, success=t("group.saved"), kept_text=text if text != note.text else None)


def _delete_note(group_id: int, note: NoteRead) -> None:
    write(
        lambda session: boards.delete_note(
            session=session, group_id=group_id, note_id=note.id, expected_version=note.version
        ),
        success=t("group.deleted"),
        kept_text=note.text,
    )


def _note_editor(*, note: NoteRead, board: GroupBoardRead, categories: list[CategoryRead]) -> None:
    group_id = board.group.id
    destinations: list[int | None] = [None] + [c.id for c in board.clusters]
    labels: dict[int | None, str] = {c.id: c.label for c in board.clusters}
    category_ids = [c.id for c in categories]
    form = f"edit-{note.id}-{note.version}"
    with st.form(form, border=False):
        st.text_area(t("group.note_text"), value=note.text, key=f"{form}-text")
        st.selectbox(
            t("group.category"),
            options=category_ids,
            index=category_ids.index(note.category_id) if note.category_id in category_ids else 0,
            format_func=lambda cid: _category_name(categories, cid),
            key=f"{form}-category",
        )
        st.selectbox(
            t("group.move_to"),
            options=destinations,
            index=destinations.index(note.cluster_id) if note.cluster_id in destinations else 0,
            format_func=lambda cid: labels.get(cid) or t("group.unsorted"),
            key=f"{form}-cluster",
        )
        st.form_submit_button(
            t("group.save"), type="primary", on_click=_save_note, args=(group_id, note, form)
        )
    st.button(
        t("group.delete"), key=f"delete-{note.id}", on_click=_delete_note, args=(group_id, note)
    )


# --- summary -------------------------------------------------------------------------


def _save_summary(group_id: int, version: int) -> None:
    text = st.session_state.get(f"summary-text-{version}", "")
    write(
        lambda session: boards.save_group_summary(
            session=session, group_id=group_id, text=text, expected_version=version
        ),
        success=t("group.saved"),
        kept_text=text,
    )


def summary_form(*, board: GroupBoardRead, disabled: bool) -> None:
    summary = board.summary
    version = summary.version if summary else 0
    with st.form("summary"):
        st.subheader(t("group.summary_heading"), anchor=False)
        st.text_area(
            t("group.summary_heading"),
            value=summary.text if summary else "",
            height=150,
            label_visibility="collapsed",
            disabled=disabled,
            key=f"summary-text-{version}",
        )
        st.form_submit_button(
            t("group.summary_save"),
            disabled=disabled,
            on_click=_save_summary,
            args=(board.group.id, version),
        )
