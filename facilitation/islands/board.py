"""Suggestions on a real board: a table's unsorted notes (with the versions
the suggestion saw), accepting one as an island in one step, and the
workshop's shared themes carried into the plenary notes. Every read and
write goes through the board's own checks (who may, locks, versions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from facilitation.core.text import clean_text
from facilitation.islands.embedding import Embedder
from facilitation.islands.suggest import NoteIn, suggest_islands
from facilitation.islands.themes import cross_table_themes
from facilitation.models import ClusterRead, WorkshopRead
from facilitation.workshops import boards
from facilitation.workshops.setup import get_workshop, save_minutes_notes

PLENARY_HEADING = "【テーブル共通のテーマ】"


@dataclass(frozen=True)
class SuggestedNote:
    id: int
    version: int
    text: str


@dataclass(frozen=True)
class TableSuggestion:
    label: str
    notes: tuple[SuggestedNote, ...]
    island_id: int | None = None  # into this existing island
    island_label: str = ""


def table_suggestions(
    *, session: Session, group_id: int, embedder: Embedder
) -> list[TableSuggestion]:
    """Islands for the table's unsorted notes (nothing moves until accepted)."""
    board = boards.load_group_board(session=session, group_id=group_id)
    if not board.notes_in(None):
        return []
    notes = board.notes
    found = suggest_islands([NoteIn(n.text, n.category_id, n.cluster_id) for n in notes], embedder)
    labels = {c.id: c.label for c in board.clusters}
    return [
        TableSuggestion(
            label=s.label,
            notes=tuple(
                SuggestedNote(notes[i].id, notes[i].version, notes[i].text) for i in s.notes
            ),
            island_id=s.island if isinstance(s.island, int) else None,
            island_label=labels.get(s.island, "") if isinstance(s.island, int) else "",
        )
        for s in found
    ]


def accept_suggestion(
    *,
    session: Session,
    group_id: int,
    notes: list[tuple[int, int]],
    label: str = "",
    island_id: int | None = None,
) -> ClusterRead | None:
    """Move the suggested notes (id, version seen) into the existing island,
    or into a new island named ``label``: all of them or, when one was
    changed or moved meanwhile, none. Returns the new island, if one was made."""
    created = None
    if island_id is None:
        created = boards.create_cluster(session=session, group_id=group_id, label=label)
        island_id = created.id
    boards.move_notes(session=session, group_id=group_id, notes=notes, cluster_id=island_id)
    return created


@dataclass(frozen=True)
class WorkshopTheme:
    label: str
    tables: tuple[str, ...]  # table names
    notes: tuple[tuple[str, str], ...]  # (table name, note text), most typical first


def workshop_themes(
    *, session: Session, workshop_id: int, embedder: Embedder
) -> tuple[list[WorkshopTheme], list[tuple[tuple[str, str], tuple[str, str]]]]:
    """Themes several tables raised and near-duplicate notes across tables."""
    board = boards.load_board(session=session, workshop_id=workshop_id)
    names = [g.group.name for g in board.groups]
    texts = [[n.text for n in g.notes] for g in board.groups]
    themes, duplicates = cross_table_themes(texts, embedder)

    def note(where: tuple[int, int]) -> tuple[str, str]:
        return names[where[0]], texts[where[0]][where[1]]

    return (
        [
            WorkshopTheme(
                t.label, tuple(names[i] for i in t.tables), tuple(note(w) for w in t.notes)
            )
            for t in themes
        ],
        [(note(d.first), note(d.second)) for d in duplicates],
    )


def themes_outline(themes: list[WorkshopTheme]) -> str:
    """The themes as lines for the plenary notes (全体共有)."""
    lines = [PLENARY_HEADING]
    lines += [f"・{theme.label}（{'、'.join(theme.tables)}）" for theme in themes]
    return "\n".join(lines)


def add_themes_to_plenary(
    *, session: Session, workshop_id: int, expected_version: int, themes: list[WorkshopTheme]
) -> WorkshopRead:
    """Append the accepted themes to the plenary notes the minutes print;
    a stale page is refused as any edit of them is."""
    workshop = get_workshop(session=session, workshop_id=workshop_id)
    before = clean_text(workshop.plenary_notes or "").rstrip()
    outline = themes_outline(themes)
    return save_minutes_notes(
        session=session,
        workshop_id=workshop_id,
        expected_version=expected_version,
        plenary_notes=f"{before}\n\n{outline}" if before else outline,
        decisions=workshop.decisions,
        next_steps=workshop.next_steps,
    )
