"""Widgets and helpers used by several pages."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from facilitation.core.errors import UserError
from facilitation.policy import audit
from ui import state
from ui.db import database
from ui.i18n import t

FLASH_SECONDS = 8
KEPT_TEXT_SECONDS = 120


def flash(kind: str, message: str, kept_text: str | None = None) -> None:
    """Show ``message`` at the top of the page for a few seconds, across the
    reruns that widgets trigger on their own. ``kept_text`` is what the user
    typed when a write was refused, shown longer so that nothing is lost."""
    seconds = KEPT_TEXT_SECONDS if kept_text else FLASH_SECONDS
    st.session_state[state.FLASH] = (kind, message, kept_text, time.monotonic() + seconds)


def show_flash() -> None:
    kind, message, kept_text, until = st.session_state.get(state.FLASH, (None, None, None, 0.0))
    if not message or time.monotonic() > until:
        st.session_state.pop(state.FLASH, None)
        return
    {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(message)
    if kept_text:
        st.caption(t("common.kept_text"))
        st.code(kept_text, language=None, wrap_lines=True)


def write(
    action: Callable[[Session], object], *, success: str | None = None, kept_text: str | None = None
) -> bool:
    """Run ``action`` in a write transaction; flash its outcome. False if refused."""
    try:
        with database().write() as session:
            action(session)
    except UserError as error:
        flash("error", user_error_text(error), kept_text)
        return False
    if success:
        flash("success", success)
    return True


def apply(action: Callable[[Session], object]) -> None:
    """``write`` for an ``on_click`` callback (its outcome shows as a message)."""
    write(action)


def audit_export(target: str, detail: str) -> None:
    """``on_click`` of a download button: the export goes into the audit log."""

    write(lambda session: audit.record(session, "export", target, detail))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(
    container: object,
    label: str,
    data: bytes,
    *,
    file_name: str,
    target: str,
    kind: str,
    icon: str,
    primary: bool = False,
) -> None:
    """A Word download whose click goes into the audit log as an export of
    ``kind`` (minutes.docx …) of ``target`` (workshop:3 …)."""
    container.download_button(  # type: ignore[attr-defined]
        label,
        data=data,
        file_name=file_name,
        mime=DOCX,
        type="primary" if primary else "secondary",
        icon=icon,
        on_click=audit_export,
        args=(target, kind),
    )


def user_error_text(error: UserError) -> str:
    return t(error.key, **error.params)


def show_user_error(error: UserError) -> None:
    st.error(user_error_text(error))


def query_int(name: str) -> int | None:
    """A positive integer query parameter, or None when missing or malformed."""
    raw = st.query_params.get(name)
    if raw is None or not str(raw).isdigit():
        return None
    value = int(raw)
    return value if value > 0 else None


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$")


def md_escape(text: str) -> str:
    """User text made safe to place inside Streamlit markdown: shown literally."""
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in text)
