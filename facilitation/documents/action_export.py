"""``kondan actions export``: one row per action item with its stage, district,
owners, dates, latest review and decision, and its history in one column.
CSV is written with a BOM so that Excel opens the Japanese text correctly."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from facilitation.actions import get_action, list_actions
from facilitation.core.i18n import translate
from facilitation.documents.masking import Masker
from facilitation.documents.people import default_finder

COLUMNS = (
    "id",
    "title",
    "stage",
    "district",
    "kind",
    "owners",
    "owner_names",
    "start_date",
    "due_date",
    "next_review_date",
    "progress",
    "latest_review",
    "decision",
    "satisfaction",
    "workshop",
    "source_text",
    "history",
)


MASKED_COLUMNS = ("title", "owner_names", "workshop", "source_text", "history")


@dataclass(frozen=True)
class ActionFilter:
    """The list's filters on screen, which an export follows (all: everything)."""

    district: str | None = None
    stage: str | None = None
    owner: str | None = None
    overdue_on: dt.date | None = None


def action_rows(
    *,
    session: Session,
    language: str = "ja",
    mask: bool = False,
    only: ActionFilter | None = None,
) -> list[dict[str, object]]:
    """One row per action item (those ``only`` keeps); dates stay dates.
    ``mask``: personal details as ○○ in its texts (the same masker as the
    minutes: owners' names, patterns, the name finder)."""
    rows = _rows(session=session, language=language, only=only or ActionFilter())
    if mask:
        masker = Masker([str(row["owner_names"]) for row in rows], finder=default_finder())
        masker.prepare(str(row[column]) for row in rows for column in MASKED_COLUMNS)
        for row in rows:
            for column in MASKED_COLUMNS:
                row[column] = masker(str(row[column]))
    return rows


def _rows(*, session: Session, language: str, only: ActionFilter) -> list[dict[str, object]]:
    rows = []
    listed = list_actions(
        session=session,
        district=only.district,
        stage=only.stage,
        owner=only.owner,
        overdue_on=only.overdue_on,
    )
    for item in listed:
        detail = get_action(session=session, action_id=item.id)
        latest = detail.reviews[-1] if detail.reviews else None
        history = "; ".join(
            f"{event.at:%Y-%m-%d} "
            + (
                translate(f"stage.{event.to_stage}", language)
                if event.from_stage is None
                else f"{translate(f'stage.{event.from_stage}', language)}→"
                f"{translate(f'stage.{event.to_stage}', language)}"
            )
            + (f" ({event.actor})" if event.actor else "")
            for event in detail.events
        )
        rows.append(
            {
                "id": item.id,
                "title": item.title,
                "stage": translate(f"stage.{item.stage}", language),
                "district": item.district,
                "kind": translate(f"kind.{item.kind}", language),
                "owners": "、".join(translate(f"owner.{o}", language) for o in item.owners),
                "owner_names": item.owner_names,
                "start_date": item.start_date,
                "due_date": item.due_date,
                "next_review_date": item.next_review_date,
                "progress": item.progress,
                "latest_review": latest.date if latest else None,
                "decision": translate(f"decision.{latest.decision}", language) if latest else "",
                "satisfaction": latest.satisfaction if latest and latest.satisfaction else "",
                "workshop": item.workshop_title,
                "source_text": item.source_text,
                "history": history,
            }
        )
    return rows


# Column widths in characters (Japanese text counts about two a character).
COLUMN_WIDTHS = {
    "id": 6,
    "title": 30,
    "stage": 12,
    "district": 14,
    "kind": 12,
    "owners": 24,
    "owner_names": 24,
    "start_date": 12,
    "due_date": 12,
    "next_review_date": 12,
    "progress": 8,
    "latest_review": 12,
    "decision": 10,
    "satisfaction": 8,
    "workshop": 24,
    "source_text": 40,
    "history": 60,
}
WRAPPED = ("title", "source_text", "history")

# A cell whose text starts with one of these is a formula (or becomes one) in
# Excel, LibreOffice or Google Sheets: 「=HYPERLINK(…)」 in a title would be
# live in whoever opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV value no spreadsheet evaluates: formula-like text gets a leading
    apostrophe, which spreadsheets show as text and do not display. A date is
    written 2026-07-30, nothing is written for none."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _header(language: str) -> list[str]:
    return [translate(f"export.{column}", language) for column in COLUMNS]


def to_csv(rows: list[dict[str, object]], language: str = "ja") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header(language))
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, object]], language: str = "ja") -> bytes:

    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # a new workbook always has one; this keeps the types honest
        sheet = workbook.create_sheet()
    sheet.title = translate("export.sheet", language)
    sheet.append(_header(language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                # openpyxl stores text that starts with "=" as a formula; every
                # text is written as a string cell instead.
                cell.data_type = "s"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy/mm/dd"  # a real date: sorts and filters as one
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS.get(column, 14)
        if column in WRAPPED:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_actions(
    *, session: Session, fmt: str, out: Path, language: str = "ja", mask: bool = False
) -> int:
    """Write every action item to ``out`` as csv or xlsx; returns the row count."""
    rows = action_rows(session=session, language=language, mask=mask)
    out.write_bytes(to_csv(rows, language) if fmt == "csv" else to_xlsx(rows, language))
    return len(rows)
