"""Kondan's server: the router (app.py) behind Kondan's gate (ui/gate.py).

Start it with ``streamlit run serve.py`` (scripts/run does): Streamlit finds
the ``st.App`` below and serves app.py through it, so recordings, exports and
uploads answer only signed-in browsers and every answer carries the security
headers. ``streamlit run app.py`` would serve the same pages without the gate.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.gate import Gate

app = st.App("app.py", middleware=[Middleware(Gate)])
