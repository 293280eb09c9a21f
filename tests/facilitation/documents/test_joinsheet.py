"""Join sheets: the PDF holds every table's name and code; every QR code in
the PNG and the PDF decodes to that table's group-leader page."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from facilitation.documents.joinsheet import join_sheet_pdf, join_sheet_png, join_url
from facilitation.models import GroupRead

BASE = "http://kondan.local:8501/"
GROUPS = [
    GroupRead(
        id=index,
        workshop_id=1,
        position=index,
        name=name,
        leader_name="",
        join_code=code,
        code_active=True,
        locked=False,
    )
    for index, (name, code) in enumerate(
        [("Aテーブル", "ABCD2345"), ("Bテーブル（窓側）", "XYZW6789"), ("Cテーブル", "QRST2345")]
    )
]


def test_join_url() -> None:
    assert join_url(BASE, "ABCD2345") == "http://kondan.local:8501/group?code=ABCD2345"


def test_pdf_has_two_cards_a_page_with_names_codes_and_links() -> None:
    pdf = PdfReader(
        io.BytesIO(
            join_sheet_pdf(workshop_title="さくら地区 住民懇談会", groups=GROUPS, base_url=BASE)
        )
    )
    assert len(pdf.pages) == 2
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for group, shown in zip(GROUPS, ["ABCD-2345", "XYZW-6789", "QRST-2345"], strict=True):
        assert group.name in text
        assert shown in text
        assert join_url(BASE, group.join_code) in text
    decoded = []
    for page in pdf.pages:
        for image in page.images:
            decoded += [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    assert decoded == [join_url(BASE, g.join_code) for g in GROUPS]


def test_png_qr_codes_decode_to_each_tables_page() -> None:
    png = Image.open(
        io.BytesIO(join_sheet_png(workshop_title="懇談会", groups=GROUPS, base_url=BASE))
    )
    assert png.size == (1800, 840)
    decoded = sorted(b.text for b in zxingcpp.read_barcodes(png))
    assert decoded == sorted(join_url(BASE, g.join_code) for g in GROUPS)
