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

# Streamlit's built-in English that CSS can replace rather than hide: the
# keyboard "skip to content" link and the file uploader's button. The uploader's
# size and type line goes: each page's label says both in the user's language.
STREAMLIT_JAPANESE_CSS = """
<style>
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stSkipToContent"]::after { content: "本文へ移動"; font-size: 1rem; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "ファイルを選ぶ"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
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
