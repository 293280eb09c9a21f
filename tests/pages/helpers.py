"""Finding widgets and text in an AppTest run."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest


def by_label(widgets: object, label: str):  # type: ignore[no-untyped-def]
    """The one widget of a kind with this label."""
    matches = [w for w in widgets if getattr(w, "label", None) == label]  # type: ignore[attr-defined]
    assert len(matches) == 1, f"{len(matches)} widgets labelled {label!r}"
    return matches[0]


def texts(at: AppTest) -> str:
    """All visible text of a run: markdown, html, titles, alerts."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "success",
        "info",
        "html",
        "metric",
    ):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "") or getattr(element, "body", "")))
            if kind == "html":
                parts.append(str(element.proto.body))
    return "\n".join(parts)


def board_data(at: AppTest, index: int = 0) -> dict[str, Any]:
    """The data a run sent to its sticky board component."""
    components = at.get("bidi_component")
    assert components, "no sticky board on the page"
    data: dict[str, Any] = json.loads(json.loads(components[index].proto.json)["board"])
    return data
