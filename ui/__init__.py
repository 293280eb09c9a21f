"""Streamlit-side helpers shared by the pages (state keys, database handle,
translations, renderers). Domain rules stay in ``facilitation``."""
