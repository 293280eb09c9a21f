"""Printable join sheets: one card per table with its name, code and a QR code
that opens ``/group?code=…``. PDF (A4, two cards a page) or one PNG."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import segno
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from facilitation.models import GroupRead
from facilitation.workshops.codes import format_join_code

# A CID font needs no font file: PDF viewers supply the Japanese glyphs.
_PDF_FONT = "HeiseiKakuGo-W5"
_PNG_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
)


def join_url(base_url: str, code: str) -> str:
    """The group leader's page for ``code`` under the app's ``base_url``."""
    return f"{base_url.rstrip('/')}/group?code={quote(code)}"


def _qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def join_sheet_pdf(*, workshop_title: str, groups: list[GroupRead], base_url: str) -> bytes:
    """A4 portrait, two tables per page, each card cut along the middle."""
    pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{workshop_title} 参加コード票")
    width, height = A4
    half = height / 2
    for index, group in enumerate(groups):
        top = height if index % 2 == 0 else half
        url = join_url(base_url, group.join_code)
        pdf.setFont(_PDF_FONT, 12)
        pdf.drawString(20 * mm, top - 20 * mm, workshop_title[:60])
        pdf.setFont(_PDF_FONT, 28)
        pdf.drawString(20 * mm, top - 36 * mm, group.name[:30])
        pdf.setFont(_PDF_FONT, 12)
        pdf.drawString(20 * mm, top - 50 * mm, "参加コード")
        pdf.setFont("Courier-Bold", 30)
        pdf.drawString(20 * mm, top - 64 * mm, format_join_code(group.join_code))
        pdf.setFont(_PDF_FONT, 10)
        pdf.drawString(
            20 * mm, top - 76 * mm, "スマートフォンやタブレットでQRコードを読み取ってください。"
        )
        pdf.drawString(20 * mm, top - 82 * mm, url[:90])
        qr = ImageReader(io.BytesIO(_qr_png(url)))
        pdf.drawImage(qr, width - 90 * mm, top - 95 * mm, 70 * mm, 70 * mm)
        if index % 2 == 0:
            pdf.setDash(3, 3)
            pdf.line(10 * mm, half, width - 10 * mm, half)
            pdf.setDash()
        if index % 2 == 1 or index == len(groups) - 1:
            pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _png_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _PNG_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def join_sheet_png(*, workshop_title: str, groups: list[GroupRead], base_url: str) -> bytes:
    """Every table's card on one image, two cards a row (for a screen or a chat)."""
    card_w, card_h, columns = 900, 420, 2
    rows = (len(groups) + columns - 1) // columns
    sheet = Image.new("RGB", (card_w * columns, max(rows, 1) * card_h), "white")
    draw = ImageDraw.Draw(sheet)
    small, large, code_font = _png_font(26), _png_font(48), _png_font(56)
    for index, group in enumerate(groups):
        x, y = (index % columns) * card_w, (index // columns) * card_h
        draw.rectangle([x + 6, y + 6, x + card_w - 6, y + card_h - 6], outline="#888888", width=2)
        draw.text((x + 30, y + 30), workshop_title[:30], fill="#333333", font=small)
        draw.text((x + 30, y + 80), group.name[:16], fill="black", font=large)
        draw.text((x + 30, y + 170), "参加コード", fill="#333333", font=small)
        draw.text(
            (x + 30, y + 210), format_join_code(group.join_code), fill="black", font=code_font
        )
        qr = Image.open(io.BytesIO(_qr_png(join_url(base_url, group.join_code)))).convert("RGB")
        qr = qr.resize((320, 320))
        sheet.paste(qr, (x + card_w - 350, y + 50))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    return buffer.getvalue()
