"""Translation for pages: the user's language lives in session state."""

from __future__ import annotations

from typing import Any

import streamlit as st

from facilitation.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from ui import state


def language() -> str:
    chosen = st.session_state.get(state.LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(key, language(), **params)


def language_picker() -> None:
    """A small switch between 日本語 and English."""
    st.sidebar.segmented_control(
        t("nav.language"),
        options=list(LANGUAGES),
        format_func=lambda code: {"ja": "日本語", "en": "English"}.get(code, code),
        key=state.LANGUAGE,
        default=None if state.LANGUAGE in st.session_state else DEFAULT_LANGUAGE,
    )


def aside(text: str) -> str:
    """A parenthetical after a word: 「（継続）」 in Japanese, " (Continuing)" in English."""
    if not text:
        return ""
    return f"（{text}）" if language() == "ja" else f" ({text})"
