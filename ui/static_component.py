"""Custom components (``st.components.v2``) whose code is a static file.

The code is served by Streamlit's static serving (server.enableStaticServing)
and imported once per browser tab: a fragment rerun sends only the data, not
the code, with every refresh. The component's own script only finds or makes
its root element and hands each new set of data to the module's ``update``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

STATIC = Path(__file__).resolve().parents[1] / "static"

_LOADER = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".ROOT_CLASS");
  if (!root) {
    root = document.createElement("div");
    root.className = "ROOT_CLASS";
    parentElement.appendChild(root);
  }
  // This code runs from a blob: address; the module's address is made absolute.
  const url = new URL(data.module, window.location.origin).href;
  const modules = (window.__kondanModules = window.__kondanModules || {});
  const loading = (modules[url] = modules[url] || import(url));
  loading
    .then((module) => module.update(root, data, setTriggerValue))
    .catch((error) => {
      console.error(error);
      delete modules[url]; // the next refresh tries again
      root.textContent = data.load_failed;
    });
  return () => loading.then((module) => module.destroy(root));
}
"""


@dataclass(frozen=True)
class StaticComponent:
    """A component and the address of its module (with its content hash, so
    a changed file is fetched afresh)."""

    draw: Callable[..., Any]
    module: str  # under static/, e.g. "board/board.js"
    version: str

    def module_url(self) -> str:
        base = str(st.get_option("server.baseUrlPath") or "").strip("/")
        prefix = f"/{base}" if base else ""
        return f"{prefix}/app/static/{self.module}?v={self.version}"


def static_component(name: str, *, module: str, css: str, root_class: str) -> StaticComponent:
    """Register ``name`` with the module ``static/<module>`` (exporting
    ``update(root, data, send)`` and ``destroy(root)``) and the stylesheet
    ``static/<css>``. It is mounted in the page's own DOM (touch drag and the
    page's audio player need it), so its CSS is scoped under ``root_class``."""
    draw = st.components.v2.component(
        name,
        css=(STATIC / css).read_text(encoding="utf-8"),
        js=_LOADER.replace("ROOT_CLASS", root_class),
        isolate_styles=False,
    )
    version = hashlib.sha256((STATIC / module).read_bytes()).hexdigest()[:12]
    return StaticComponent(draw=draw, module=module, version=version)
