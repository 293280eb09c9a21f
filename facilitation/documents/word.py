"""The one Word-document module every export uses (minutes, かわら版, the
action progress report): A4 portrait, Japanese fonts on every style used
(the East Asian font too, not only the Latin one), the title in the header,
page numbers in the footer, tables whose header row repeats on each page, and
text cleaned of characters that XML cannot hold."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from facilitation.core.clock import now_utc

BODY_FONT = "游明朝"
HEADING_FONT = "游ゴシック"
LATIN_BODY_FONT = "Century"
LATIN_HEADING_FONT = "Arial"
# Tables a point smaller than the body, as in most office forms, so that an
# era date (令和8年11月30日) fits its column on one line.
TABLE_SIZE = 9.5
STYLES_USED = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Table Grid",
    "Header",
    "Footer",
    "Caption",
)

# XML 1.0 allows tab, LF, CR and these ranges; everything else (NUL, vertical
# tab, form feed, U+FFFE, lone surrogates…) is dropped.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Transform = Callable[[str], str]


def xml_safe(text: str | None) -> str:
    """``text`` without the characters a .docx cannot hold."""
    return _NOT_XML.sub("", text or "")


def _set_fonts(style: object, *, east_asian: str, latin: str, size: float | None) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = latin
    if size:
        font.size = Pt(size)
    r_pr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute, value in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asian),
        ("w:cs", latin),
    ):
        fonts.set(qn(attribute), value)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def new_document(
    *,
    header: str,
    body_size: float = 10.5,
    large_print: bool = False,
    title: str = "",
    author: str = "",
) -> DocumentObject:
    """An empty A4 portrait document with the fonts, header and page numbers
    set, headings in black, and its properties (title, author, dates) filled
    in: python-docx's template says "python-docx", 2013, no title."""
    document = Document()
    properties = document.core_properties
    stamp = now_utc().replace(microsecond=0, tzinfo=None)
    properties.title = xml_safe(title or header)
    properties.author = properties.last_modified_by = xml_safe(author) or "Kondan"
    properties.created = properties.modified = stamp
    properties.language = "ja-JP"
    properties.comments = properties.keywords = properties.subject = ""
    properties.revision = 1
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(22)
    size = 14.0 if large_print else body_size
    for name in STYLES_USED:
        style = document.styles[name]
        heading = name.startswith(("Heading", "Title"))
        _set_fonts(
            style,
            east_asian=HEADING_FONT if heading else BODY_FONT,
            latin=LATIN_HEADING_FONT if heading else LATIN_BODY_FONT,
            size={
                "Title": size + 8,
                "Heading 1": size + 4,
                "Heading 2": size + 2,
                "Heading 3": size + 1,
            }.get(name, size if name in ("Normal", "List Bullet", "Table Grid") else None),
        )
        if heading:
            # Word's template draws headings in theme blue; an office files black.
            style.font.color.rgb = RGBColor(0, 0, 0)
            # The title's rule under it too (theme accent blue in the template).
            for rule in style.element.iter(qn("w:bottom")):
                rule.set(qn("w:color"), "000000")
                rule.attrib.pop(qn("w:themeColor"), None)
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.text = xml_safe(header)
    header_paragraph.style = document.styles["Header"]
    header_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    footer.add_run(" -")
    return document


def heading(document: DocumentObject, text: str, level: int) -> Paragraph:
    return document.add_heading(xml_safe(text), level=level)


def paragraph(document: DocumentObject, text: str, *, bold_lead: str | None = None) -> Paragraph:
    """A body paragraph; ``bold_lead`` (「日時：」) comes first in bold."""
    para = document.add_paragraph()
    if bold_lead:
        para.add_run(xml_safe(bold_lead)).bold = True
    para.add_run(xml_safe(text))
    return para


def bullet(document: DocumentObject, text: str) -> Paragraph:
    return document.add_paragraph(xml_safe(text), style="List Bullet")


def _repeat_header(table: Table) -> None:
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_pr.append(marker)
    # A row is not split across pages either: a note stays with its row.
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)


def table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths_mm: Sequence[float] | None = None,
) -> Table:
    """A grid table whose header row repeats on every page."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold = True
        run.font.size = Pt(TABLE_SIZE)
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(xml_safe("" if value is None else str(value)))
            run.font.size = Pt(TABLE_SIZE)
    if widths_mm:
        grid.autofit = False
        for column, width in zip(grid.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid LibreOffice reads
        for row in grid.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)  # the cell widths Word reads
    _repeat_header(grid)
    return grid


def to_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


APPROVERS = ("所長", "課長", "係長", "担当")


def approval_box(document: DocumentObject, approvers: Sequence[str] = APPROVERS) -> None:
    """The 決裁欄: a small table at the right, one column per approver, with
    an empty row for the seals."""
    box = document.add_table(rows=2, cols=len(approvers))
    box.style = document.styles["Table Grid"]
    box.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for cell, name in zip(box.rows[0].cells, approvers, strict=True):
        cell.text = name
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.width = Mm(18)
    box.rows[1].height = Mm(18)
    for cell in box.rows[1].cells:
        cell.width = Mm(18)
