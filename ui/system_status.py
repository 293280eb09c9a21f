"""The same checks as ``kondan doctor``, on the home page for administrators:
what to set or start before the next workshop."""

from __future__ import annotations

import re

import streamlit as st

from facilitation.core.settings import get_settings
from facilitation.ops.doctor import FAIL, OK, run_checks
from facilitation.policy.access import allowed
from ui.db import database, system_database
from ui.i18n import t
from ui.widgets import md_escape

_MARKS = {OK: ":green[✓]", FAIL: ":red[✗]"}
# Commands and settings in the messages are code, shown as such (not words).
_COMMAND = re.compile(r"(KONDAN_[A-Z_]+|kondan [a-z][a-z -]*[a-z]|scripts/run|requirements\.lock)")


@st.cache_data(ttl=60, show_spinner=False)
def _checks() -> list[tuple[str, str, str, dict[str, object]]]:
    # Checked at most once a minute: the model's checksum reads 145 MB.
    return [
        (c.status, c.name, c.key, c.params) for c in run_checks(system_database(), get_settings())
    ]


def system_status() -> None:
    with database().read() as session:
        if not allowed(session, "user.manage"):
            return
    checks = _checks()
    failing = sum(1 for status, *_ in checks if status == FAIL)
    to_see = sum(1 for status, *_ in checks if status != OK)
    title = t("doctor.heading_ok") if not to_see else t("doctor.heading_issues", count=to_see)
    with st.expander(title, expanded=bool(failing)):
        for status, name, key, params in checks:
            mark = _MARKS.get(status, ":orange[!]")
            message = t(key, **{k: md_escape(str(v)) for k, v in params.items()})
            shown = _COMMAND.sub(r"`\1`", message)
            st.markdown(f"{mark} **{t(f'doctor.{name}')}**：{shown}")
        st.caption(t("doctor.heading_help"))
