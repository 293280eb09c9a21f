"""Page-wide CSS and the colour of a note without a category."""

from __future__ import annotations

NEUTRAL_COLOR = "#EEEEEE"

# Streamlit's own English that a group leader or the projector would see:
# the form hint under a text box, the toolbar's menu (System / Light / Dark /
# Print / Record screen) and its running indicator with its Stop button.
# Live fragments rerun every half second: their elements must not fade while
# a rerun is under way (Streamlit marks them stale and dims them).
STREAMLIT_ENGLISH_CSS = """
<style>
[data-testid="InputInstructions"],
[data-testid="stMainMenu"],
[data-testid="stStatusWidget"] { display: none !important; }
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
</style>
"""

# The projector: nothing but the board, edge to edge.
PRESENTER_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] {
  padding: 0.5rem 1rem !important; max-width: 100% !important; }
</style>
"""

# A phone at a table: less of Streamlit's empty space above the board.
PHONE_CSS = """
<style>
[data-testid="stMainBlockContainer"] {
  padding-top: 3.5rem !important; padding-bottom: 2rem !important; }
</style>
"""
