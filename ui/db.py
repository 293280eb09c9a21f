"""The process-wide database handle (migrated on first use)."""

from __future__ import annotations

import streamlit as st

from facilitation.db import Database
from facilitation.migrate import upgrade
from facilitation.settings import load_settings


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    database = Database(url)
    upgrade(database)
    return database


def database() -> Database:
    """The database named by the settings, migrated to the newest revision."""
    return _database(load_settings().database_url)
