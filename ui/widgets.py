"""Widgets and helpers used by several pages."""

from __future__ import annotations

import enum
import re
import time
from collections.abc import Callable
from typing import Final, Protocol, TypeVar

import streamlit as st
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from facilitation.core.db import is_disk_full
from facilitation.core.errors import UserError
from facilitation.models import WorkshopRead
from facilitation.policy import audit
from ui import state
from ui.db import database
from ui.i18n import t

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

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


class Refused(enum.Enum):
    """What ``write`` returns when the domain refused the action."""

    REFUSED = "refused"


REFUSED: Final = Refused.REFUSED


class Action(Protocol[T_co]):
    """A domain call waiting for its session: ``partial(set_role, user_id=3, role="staff")``."""

    def __call__(self, *, session: Session) -> T_co: ...


def write(
    action: Action[T], *, success: str | None = None, kept_text: str | None = None
) -> T | Refused:
    """Run ``action(session=…)`` in a write transaction and return what it
    returns, or ``REFUSED`` when the domain refused it; the outcome is flashed."""
    try:
        with database().write() as session:
            result = action(session=session)
    except UserError as error:
        flash("error", user_error_text(error), kept_text)
        return REFUSED
    except OperationalError as error:
        if not is_disk_full(error):
            raise
        flash("error", t("error.disk_full"), kept_text)
        return REFUSED
    if success:
        flash("success", success)
    return result


def apply(action: Action[object]) -> None:
    """``write`` for an ``on_click`` callback (its outcome shows as a message)."""
    write(action)


def audit_export(target: str, detail: str) -> None:
    """``on_click`` of a download button: the export goes into the audit log."""

    write(lambda session: audit.record(session, "export", target, detail))


def on_demand(build: Callable[..., T]) -> Callable[[], T]:
    """A download's contents, built only when the button is clicked.

    Streamlit runs the callable on a thread of its own, where session state
    cannot be read, so the database is bound to the signed-in user now.
    ``build`` takes ``session=``: ``on_demand(partial(build_minutes, ...))``."""
    bound = database()

    def contents() -> T:
        with bound.read() as session:
            return build(session=session)

    return contents


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(
    container: object,
    label: str,
    data: Callable[[], bytes],
    *,
    file_name: str,
    target: str,
    kind: str,
    icon: str,
    primary: bool = False,
    disabled: bool = False,
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
        disabled=disabled,
    )


def user_error_text(error: UserError) -> str:
    return t(error.key, **error.params)


def show_user_error(error: UserError) -> None:
    st.error(user_error_text(error))


# The largest id a table can hold (PostgreSQL's integer). A larger one in an
# address cannot name anything: it is looked up as this one, so the page says
# "not found" as for any other unknown id instead of overflowing the driver.
LARGEST_ID = 2**31 - 1


def query_int(name: str) -> int | None:
    """A positive integer query parameter, or None when missing or malformed."""
    raw = st.query_params.get(name)
    if raw is None or not str(raw).isascii() or not str(raw).isdigit():
        return None
    value = int(raw)
    return min(value, LARGEST_ID) if value > 0 else None


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$")
# Streamlit turns web and mail addresses into links after parsing, so escaping
# does not stop it; an invisible word joiner after ``:`` and ``@`` and inside
# ``www.`` does (issue 12, finding 10).
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=[:@])|(?<=www)(?=\.)", re.IGNORECASE)


def md_escape(text: str) -> str:
    """User text made safe to place inside Streamlit markdown: shown literally,
    never as a link, an image or formatting."""
    text = _AUTOLINK.sub(WORD_JOINER, text)
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def choice_labels(items: list[tuple[int, str]]) -> dict[int, str]:
    """Labels for a chooser, one per id. Streamlit finds the chosen option by
    its label, so two with the same text (two 「サンプル住民懇談会」) would
    both choose the first: a repeated label gets its number."""
    counts: dict[str, int] = {}
    for _id, label in items:
        counts[label] = counts.get(label, 0) + 1
    return {
        item_id: label if counts[label] == 1 else f"{label}（No.{item_id}）"
        for item_id, label in items
    }


def workshop_labels(workshops: list[WorkshopRead]) -> dict[int, str]:
    """A workshop chooser's labels: its title and date."""
    return choice_labels(
        [(w.id, f"{w.title}（{w.date.isoformat()}）" if w.date else w.title) for w in workshops]
    )
