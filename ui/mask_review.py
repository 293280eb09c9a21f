"""The masking review (issue 11): before a masked document leaves the office,
staff see every part that becomes ○○, highlighted, and choose terms that are
always or never masked; the workshop remembers the choices."""

from __future__ import annotations

import re

import streamlit as st

from facilitation.documents.masking import Masker
from facilitation.documents.minutes import MinutesSource, read_minutes_source
from facilitation.workshops.setup import save_mask_choices
from ui.db import database
from ui.i18n import t
from ui.widgets import md_escape, write

SHOWN_LINES = 150


def highlighted(text: str, masker: Masker) -> str:
    """``text`` as markdown, each part that would be masked on a coloured ground."""
    pieces, at = [], 0
    for span in masker.spans(text):
        pieces.append(md_escape(text[at : span.start]))
        pieces.append(f":red-background[**{md_escape(text[span.start : span.end])}**]")
        at = span.end
    pieces.append(md_escape(text[at:]))
    return "".join(pieces)


def _terms(text: str) -> list[str]:
    return [term.strip() for term in re.split(r"[、,\n]+", text) if term.strip()]


def confirmed_key(workshop_id: int, always: list[str], never: list[str]) -> str:
    """A confirmation holds for the choices it saw: saving others asks again."""
    return f"mask-reviewed-{workshop_id}-{hash((tuple(always), tuple(never)))}"


def review(workshop_id: int, *, include_transcript: bool) -> bool:
    """Draws the review; whether staff confirmed it for the workshop as it is now."""
    with database().read() as session:
        source: MinutesSource = read_minutes_source(
            session=session, workshop_id=workshop_id, include_transcript=include_transcript
        )
    workshop = source.workshop
    st.subheader(t("min.review_heading"), anchor=False)
    st.caption(t("min.review_help"))
    with st.spinner(t("min.review_finding")):
        masker = source.masker()
    texts = list(dict.fromkeys(source.labelled_texts()))
    masked = [(where, text) for where, text in texts if masker.spans(text)]
    found = sorted(
        {text[s.start : s.end] for _where, text in masked for s in masker.spans(text)}, key=len
    )
    st.caption(t("min.review_counts", lines=len(texts), masked=len(masked), terms=len(found)))
    with st.container(height=360, border=True):
        if not masked:
            st.markdown(t("min.review_none"))
        for where, text in masked[:SHOWN_LINES]:
            st.markdown(f":gray[{md_escape(where)}]　{highlighted(text, masker)}")
        if len(masked) > SHOWN_LINES:
            st.caption(t("min.review_more", count=len(masked) - SHOWN_LINES))

    with st.form(f"mask-choices-{workshop.id}-{workshop.version}"):
        never = st.multiselect(
            t("min.review_never"),
            options=list(dict.fromkeys([*workshop.mask_never, *found])),
            default=workshop.mask_never,
            placeholder=t("common.choose"),
            help=t("min.review_never_help"),
        )
        always = st.text_area(
            t("min.review_always"), value="、".join(workshop.mask_always), height=80
        )
        if st.form_submit_button(t("min.review_save")):
            write(
                lambda session: save_mask_choices(
                    session=session,
                    workshop_id=workshop.id,
                    always=_terms(always),
                    never=list(never),
                ),
                success=t("min.review_saved"),
                kept_text=always or None,
            )
            st.rerun()
    key = confirmed_key(workshop.id, workshop.mask_always, workshop.mask_never)
    return st.checkbox(t("min.review_confirm"), key=key)
