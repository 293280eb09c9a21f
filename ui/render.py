"""HTML for the sticky-note boards. Every piece of user text passes through
``html.escape``: a note that holds markup shows the markup, it never runs."""

from __future__ import annotations

from html import escape

from facilitation.core.i18n import translate
from facilitation.models import CategoryRead, NoteRead
from facilitation.workshops.boards import BoardRead, GroupBoardRead

NEUTRAL_COLOR = "#EEEEEE"

# Streamlit's own English that a group leader or the projector would see:
# the form hint under a text box (the page says 入力して Enter で追加 itself),
# the toolbar's menu (System / Light / Dark / Print / Record screen) and its
# running indicator with its Stop button.
STREAMLIT_ENGLISH_CSS = """
<style>
[data-testid="InputInstructions"],
[data-testid="stMainMenu"],
[data-testid="stStatusWidget"] { display: none !important; }
</style>
"""

BOARD_CSS = """
<style>
.kd-board { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
  gap: 12px; align-items: start; }
.kd-table { background: #FAFAF7; border: 1px solid #DDD; border-radius: 8px; padding: 8px; }
.kd-table h3 { font-size: 1.05rem; margin: 0 0 6px 0; }
.kd-table .kd-lock { color: #B00020; font-size: 0.8rem; margin-left: 6px; }
.kd-cluster { border: 2px dashed #9AA; border-radius: 8px; padding: 6px; margin: 6px 0; }
.kd-cluster-label { font-weight: 700; font-size: 0.9rem; margin-bottom: 4px; }
.kd-notes { display: flex; flex-wrap: wrap; gap: 6px; }
.kd-note { width: 108px; min-height: 64px; padding: 6px; border-radius: 3px;
  box-shadow: 1px 2px 3px rgba(0,0,0,0.18); font-size: 0.85rem; line-height: 1.3;
  white-space: pre-wrap; overflow-wrap: anywhere; color: #1A1A1A; position: relative; }
.kd-dots { color: #C62828; font-size: 0.75rem; letter-spacing: 1px; }
.kd-summary { background: #FFF; border-left: 4px solid #5C6BC0; padding: 6px 8px;
  margin-top: 8px; font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.kd-legend { display: flex; gap: 12px; margin: 4px 0 10px 0; font-size: 0.85rem; }
.kd-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px;
  vertical-align: middle; margin-right: 4px; border: 1px solid #BBB; }
.kd-plenary h2 { font-size: 2.2rem; margin: 0 0 8px 0; }
.kd-plenary .kd-note { width: 200px; min-height: 110px; font-size: 1.35rem; }
.kd-plenary .kd-cluster-label { font-size: 1.5rem; }
.kd-plenary .kd-summary { font-size: 1.5rem; }
.kd-plenary .kd-dots { font-size: 1.1rem; }
</style>
"""


def _dots(votes: int, lang: str) -> str:
    if votes <= 0:
        return ""
    shown = "●" * min(votes, 10) + ("+" if votes > 10 else "")
    label = escape(translate("board.votes", lang, count=votes))
    return f'<div class="kd-dots" title="{label}">{shown} {votes}</div>'


def note_html(note: NoteRead, category: CategoryRead | None, lang: str) -> str:
    color = category.color if category else NEUTRAL_COLOR
    title = escape(category.name) if category else ""
    return (
        f'<div class="kd-note" style="background:{escape(color)}" title="{title}">'
        f"{escape(note.text)}{_dots(note.votes, lang)}</div>"
    )


def _notes_html(notes: list[NoteRead], board: BoardRead, lang: str) -> str:
    inner = "".join(note_html(n, board.category(n.category_id), lang) for n in notes)
    return f'<div class="kd-notes">{inner}</div>'


def group_html(group_board: GroupBoardRead, board: BoardRead, lang: str) -> str:
    """One table: its islands with their notes, the unsorted notes, the summary."""
    parts = []
    for cluster in group_board.clusters:
        parts.append(
            '<div class="kd-cluster">'
            f'<div class="kd-cluster-label">{escape(cluster.label)}'
            f"{_dots(cluster.votes, lang)}</div>"
            f"{_notes_html(group_board.notes_in(cluster.id), board, lang)}</div>"
        )
    unsorted = group_board.notes_in(None)
    if unsorted:
        parts.append(_notes_html(unsorted, board, lang))
    summary = group_board.summary.text if group_board.summary else ""
    summary_text = escape(summary) if summary else escape(translate("board.no_summary", lang))
    parts.append(
        f'<div class="kd-summary"><b>{escape(translate("board.summary", lang))}</b>\n'
        f"{summary_text}</div>"
    )
    return "".join(parts)


def legend_html(board: BoardRead) -> str:
    items = "".join(
        f'<span><span class="kd-swatch" style="background:{escape(c.color)}"></span>'
        f"{escape(c.name)}</span>"
        for c in board.categories
    )
    return f'<div class="kd-legend">{items}</div>'


def board_html(board: BoardRead, lang: str) -> str:
    """Every table side by side as coloured sticky notes."""
    tables = []
    for group_board in board.groups:
        lock = (
            f'<span class="kd-lock">🔒 {escape(translate("board.locked", lang))}</span>'
            if group_board.group.locked
            else ""
        )
        tables.append(
            f'<div class="kd-table" data-group-id="{group_board.group.id}">'
            f"<h3>{escape(group_board.group.name)}{lock}</h3>"
            f"{group_html(group_board, board, lang)}</div>"
        )
    return f'{BOARD_CSS}{legend_html(board)}<div class="kd-board">{"".join(tables)}</div>'


def plenary_html(board: BoardRead, group_board: GroupBoardRead, lang: str) -> str:
    """One table in large print for the projector."""
    return (
        f'{BOARD_CSS}<div class="kd-plenary"><h2>{escape(group_board.group.name)}</h2>'
        f"{legend_html(board)}{group_html(group_board, board, lang)}</div>"
    )
