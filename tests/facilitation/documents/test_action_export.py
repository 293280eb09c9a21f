"""Exports never carry formulas (issue 11, item 2): text that a spreadsheet
would evaluate is written so that it shows as the text it is."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from facilitation import actions
from facilitation.core.db import Database
from facilitation.documents.action_export import (
    ActionFilter,
    action_rows,
    csv_cell,
    to_csv,
    to_xlsx,
)

FORMULAS = [
    '=HYPERLINK("http://evil.example/x","詳細")',
    "=1+1",
    "+81-3-1234",
    "-2+3",
    "@SUM(A1)",
]


@pytest.fixture
def rows(database: Database) -> list[dict[str, object]]:
    with database.write() as session:
        for title in [*FORMULAS, "見守り講座"]:
            actions.create_action(
                session=session,
                data=actions.ActionInput(title=title, district="=2+2", owner_names="@田中"),
            )
    with database.read() as session:
        return action_rows(session=session)


def test_csv_cells_that_would_be_formulas_start_with_an_apostrophe(rows) -> None:  # type: ignore[no-untyped-def]
    table = list(csv.reader(io.StringIO(to_csv(rows).decode("utf-8-sig"), newline="")))
    titles = [line[1] for line in table[1:]]
    assert titles == [f"'{title}" for title in FORMULAS] + ["見守り講座"]
    assert {line[3] for line in table[1:]} == {"'=2+2"}
    assert {line[6] for line in table[1:]} == {"'@田中"}


def test_xlsx_holds_them_as_text_cells_not_formulas(rows) -> None:  # type: ignore[no-untyped-def]
    data = to_xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    titles = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(FORMULAS) + 1)]
    assert [c.value for c in titles] == [*FORMULAS, "見守り講座"]
    assert {c.data_type for c in titles} == {"s"}
    assert sheet["D2"].value == "=2+2" and sheet["D2"].data_type == "s"


def test_a_leading_tab_or_return_is_neutralised_too() -> None:
    # Titles are stripped when saved; a cell could still hold one from elsewhere.
    assert csv_cell("\t=1+1") == "'\t=1+1" and csv_cell("\r=1") == "'\r=1"
    assert csv_cell("見守り=1") == "見守り=1" and csv_cell(3) == 3


def test_a_masked_export_names_nobody(database: Database) -> None:
    with database.write() as session:
        actions.create_action(
            session=session,
            data=actions.ActionInput(
                title="向かいの田中さんの見守り", owner_names="民生委員 井上、さくら町会 山本太郎"
            ),
        )
    with database.read() as session:
        plain = action_rows(session=session)
        masked = action_rows(session=session, mask=True)
    assert plain[0]["title"] == "向かいの田中さんの見守り"
    content = to_csv(masked).decode("utf-8-sig")
    for name in ("田中", "井上", "山本太郎"):
        assert name not in content, name
    assert "民生委員" in content and "さくら町会" in content
    assert masked[0]["title"] == "向かいの○○さんの見守り"


def test_an_export_follows_the_filters_and_holds_real_dates(database: Database) -> None:
    """Issue 15, item 3."""
    with database.write() as session:
        for title, district in (("見守り", "さくら地区"), ("配食", "みどり地区")):
            actions.create_action(
                session=session,
                data=actions.ActionInput(
                    title=title, district=district, next_review_date=dt.date(2026, 7, 30)
                ),
            )
    with database.read() as session:
        every = action_rows(session=session)
        sakura = action_rows(session=session, only=ActionFilter(district="さくら地区"))
    assert {r["title"] for r in every} == {"見守り", "配食"}
    assert [r["title"] for r in sakura] == ["見守り"]

    data = to_xlsx(sakura)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    review = sheet.cell(row=2, column=10)  # next_review_date
    assert review.value == dt.datetime(2026, 7, 30) and review.is_date
    assert sheet.auto_filter.ref == "A1:Q2"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 30
    assert "2026-07-30" in to_csv(sakura).decode("utf-8-sig")
