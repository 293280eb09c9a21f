"""Word minutes and reports: reopened with python-docx, rendered by
LibreOffice, masked, and fed arbitrary text."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image
from pypdf import PdfReader

from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.era import format_japanese_date
from facilitation.core.errors import InvalidInput
from facilitation.documents.minutes import MinutesOptions, build_minutes, read_minutes_source
from facilitation.documents.reports import build_kawaraban, build_progress_report
from facilitation.documents.word import STYLES_USED, xml_safe
from facilitation.ops.demo import seed_demo
from facilitation.workshops import boards
from facilitation.workshops.setup import load_setup, save_minutes_notes
from tests.factories import make_transcript, make_workshop

TODAY = dt.date(2026, 11, 26)


def all_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def demo(database: Database) -> int:
    with database.write() as session:
        workshop = seed_demo(session=session, today=TODAY)
        save_minutes_notes(
            session=session,
            workshop_id=workshop.id,
            expected_version=workshop.version,
            plenary_notes="各テーブルから買い物と担い手の課題が出された。",
            decisions="・移動販売の誘致を進める\n・見守り講座を開く",
            next_steps="次回は三月に活動のふりかえりを行う。連絡先 090-1234-5678",
        )
    return workshop.id


def minutes(database: Database, workshop_id: int, **options: object) -> bytes:
    with database.read() as session:
        return build_minutes(
            session=session,
            workshop_id=workshop_id,
            options=MinutesOptions(**options),  # type: ignore[arg-type]
        )


def test_minutes_hold_the_whole_workshop(database: Database, demo: int) -> None:
    data = minutes(database, demo)
    text = all_text(data)
    assert "令和8年11月26日（木）／2026年11月26日 14:00〜16:00" in text
    for expected in (
        "さくら地区 サンプル住民懇談会 記録",
        "住民",
        "14名",
        "合計",
        "31名",
        "開会・趣旨説明",
        "14:00〜14:10",
        "Aテーブル（まとめ役：佐藤）",
        "島：買い物・移動の困難（5票）",
        "［困りごと］坂が多くて高齢者は外出しにくい（1票）",
        "移動販売と乗り合いの買い物ツアーを試したい",
        "各テーブルから買い物と担い手の課題",
        "移動販売の誘致を進める",
        "移動販売の誘致",
        "継続",
        "次回は三月に",
        "令和8年11月30日",  # the sample item's next review, in the action table
    ):
        assert expected in text, expected
    document = Document(io.BytesIO(data))
    bullets = {p.text for p in document.paragraphs if p.style.name == "List Bullet"}
    assert (
        "各テーブルから買い物と担い手の課題が出された。" in bullets
    )  # the plenary, a point a line
    assert "移動販売の誘致を進める" in bullets  # the decisions, without their typed 「・」
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == [
        "第1　開催概要",
        "第2　参加者",
        "第3　次第",
        "第4　グループワークの記録",
        "第5　全体共有",
        "第6　決定事項",
        "第7　取組",
        "第8　今後の予定",
    ]
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert all(t._tbl.xpath(".//w:tblHeader") for t in document.tables)


def test_every_style_used_sets_the_east_asian_font(database: Database, demo: int) -> None:
    document = Document(io.BytesIO(minutes(database, demo, include_transcript=True)))
    used = {p.style.name for p in document.paragraphs} | {t.style.name for t in document.tables}
    assert used <= set(STYLES_USED)
    for name in used | {"Normal"}:
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), name


def test_masking_leaves_no_registered_name(database: Database, demo: int) -> None:
    with database.read() as session:
        names = read_minutes_source(session=session, workshop_id=demo).registered_names()
    assert {"佐藤", "鈴木", "高橋"} <= set(names)
    text = all_text(minutes(database, demo, mask_names=True))
    for name in ("佐藤", "鈴木", "高橋", "090-1234-5678"):
        assert name not in text, name
    assert "まとめ役：○○" in text
    assert "区社協 地域福祉コーディネーター" in text  # a role, not a person


def test_chosen_tables_only(database: Database, demo: int) -> None:
    with database.read() as session:
        groups = load_setup(session=session, workshop_id=demo).groups
    text = all_text(minutes(database, demo, group_ids=(groups[1].id,)))
    assert "Bテーブル" in text and "Aテーブル（まとめ役" not in text


def test_a_workshop_without_notes_still_exports(database: Database) -> None:
    made = make_workshop(database)
    text = all_text(minutes(database, made.workshop.id, include_transcript=True))
    assert "付箋の記録はありません。" in text
    assert "この懇談会の録音はありません。" in text


def test_transcript_appendix(database: Database, demo: int) -> None:
    make_transcript(
        database,
        [(3725.0, 3730.0, "鈴木さんから報告がありました\x0b\x0c")],
        title="全体会",
        workshop_id=demo,
    )
    text = all_text(minutes(database, demo, include_transcript=True))
    assert "付録　文字起こし" in text and "1:02:05" in text
    assert "鈴木さんから報告がありました" in text


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(min_size=1, max_size=300), title=st.text(min_size=1, max_size=60))
def test_any_unicode_exports(sqlite_database: Database, note: str, title: str) -> None:
    made = make_workshop(sqlite_database, title="懇談会")
    with sqlite_database.write() as session:
        try:
            boards.add_note(session=session, group_id=made.groups[0].id, text=note)
            boards.create_cluster(session=session, group_id=made.groups[0].id, label=title)
        except Exception as error:  # only the domain's own refusals are expected
            assert type(error).__name__ == "InvalidInput"
    data = minutes(sqlite_database, made.workshop.id, mask_names=True)
    Document(io.BytesIO(data))  # reopens


@given(st.text())
def test_xml_safe_drops_what_xml_cannot_hold(text: str) -> None:
    cleaned = xml_safe(text + "\x00\x0b\x0c\ufffe\ud800")
    assert all(
        ch in "\t\n\r"
        or 0x20 <= ord(ch) <= 0xD7FF
        or 0xE000 <= ord(ch) <= 0xFFFD
        or ord(ch) >= 0x10000
        for ch in cleaned
    )


def test_kawaraban_is_large_print_without_names(database: Database, demo: int) -> None:
    with database.read() as session:
        data = build_kawaraban(session=session, workshop_id=demo)
    text = all_text(data)
    assert "かわら版" in text and "こんな声が出ました" in text and "これから" in text
    assert "買い物支援のアイデア" in text  # the most-voted island
    for name in ("佐藤", "鈴木", "高橋", "090-1234-5678"):
        assert name not in text
    document = Document(io.BytesIO(data))
    assert document.styles["Normal"].font.size.pt >= 14


def test_progress_report_per_district(database: Database, demo: int) -> None:
    with database.read() as session:
        data = build_progress_report(session=session, district="さくら地区", today=TODAY)
        empty = build_progress_report(session=session, district="ひまわり地区", today=TODAY)
    text = all_text(data)
    assert "さくら地区 取組の進捗報告" in text and format_japanese_date(TODAY) in text
    assert "移動販売の誘致" in text and "継続" in text and "満足度 4.38" in text
    assert "期限切れ" in text  # the sample's recruiting item is past its due date
    assert "令和8年11月30日" in text  # the next review, in the era as offices write it
    assert "この地域の取組はまだありません。" in all_text(empty)


def test_libreoffice_renders_the_minutes(database: Database, demo: int, tmp_path: Path) -> None:
    pdf = render_pdf(minutes(database, demo, mask_names=True), tmp_path, "minutes")
    text = "".join(page.extract_text() for page in pdf.pages).replace(" ", "")
    assert len(pdf.pages) >= 3
    assert "令和8年11月26日" in text
    assert "スーパーが閉店して買い物が大変" in text
    assert "-1/" in text  # the page number field was filled in


def test_minutes_as_an_office_files_them(database: Database, demo: int) -> None:
    """Issue 15, item 8 (in part): properties, 作成日・作成者, black 第1 headings,
    and a 決裁欄 when asked."""
    data = minutes(
        database,
        demo,
        approval_box=True,
        author="区社協 田中",
        organization="さくら区社会福祉協議会",
    )
    document = Document(io.BytesIO(data))
    properties = document.core_properties
    assert properties.title == "さくら地区 サンプル住民懇談会 記録"
    assert properties.author == "さくら区社会福祉協議会"
    assert properties.created is not None and properties.created.year >= 2026
    assert "python-docx" not in (properties.author, properties.last_modified_by)
    text = all_text(data)
    assert "作成者：区社協 田中" in text and "作成日：令和" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "第1　開催概要" and not any(h[:1].isdigit() for h in headings)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert str(document.styles[name].font.color.rgb) == "000000", name
    approval = document.tables[0]
    assert [c.text for c in approval.rows[0].cells] == ["所長", "課長", "係長", "担当"]
    plain = Document(io.BytesIO(minutes(database, demo)))
    assert [c.text for c in plain.tables[0].rows[0].cells] != ["所長", "課長", "係長", "担当"]


def test_named_attendees_and_the_next_meeting(database: Database, demo: int) -> None:
    with database.write() as session:
        workshop = load_setup(session=session, workshop_id=demo).workshop
        save_minutes_notes(
            session=session,
            workshop_id=demo,
            expected_version=workshop.version,
            plenary_notes=workshop.plenary_notes,
            decisions=workshop.decisions,
            next_steps=workshop.next_steps,
            attendees="区役所 地域振興課 佐野\n区社協 地域福祉コーディネーター 木村",
            next_meeting="令和9年3月10日（水）14時 さくら地区センター",
        )
    text = all_text(minutes(database, demo))
    assert "区役所 地域振興課 佐野" in text and "出席者（名簿）：" in text
    assert "次回開催：令和9年3月10日（水）14時 さくら地区センター" in text
    masked = all_text(minutes(database, demo, mask_names=True))
    assert "佐野" not in masked and "木村" not in masked  # named attendees are registered names
    assert "区役所 地域振興課 ○○" in masked
    with database.read() as session:
        newsletter = all_text(build_kawaraban(session=session, workshop_id=demo))
    assert "次回：令和9年3月10日（水）14時 さくら地区センター" in newsletter


def render_pdf(data: bytes, tmp_path: Path, name: str) -> PdfReader:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/test"
    source = tmp_path / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(tmp_path / f"{name}.pdf")


def test_kawaraban_names_its_publisher_and_contact(database: Database, demo: int) -> None:
    with database.read() as session:
        data = build_kawaraban(
            session=session,
            workshop_id=demo,
            organization="さくら区社会福祉協議会",
            contact="地域福祉係 電話 03-1234-5678",
            today=TODAY,
        )
    text = all_text(data)
    assert "発行：さくら区社会福祉協議会（令和8年11月26日）" in text
    assert "お問い合わせ：地域福祉係 電話 03-1234-5678" in text
    document = Document(io.BytesIO(data))
    assert document.core_properties.author == "さくら区社会福祉協議会"
    assert document.core_properties.title == "さくら地区 サンプル住民懇談会 かわら版"
    # The title's rule is black as well (the template draws it in theme blue).
    rules = list(document.styles["Title"].element.iter(qn("w:bottom")))
    assert rules and all(rule.get(qn("w:color")) == "000000" for rule in rules)
    assert all(rule.get(qn("w:themeColor")) is None for rule in rules)


def busy_workshop(database: Database, tables: int) -> int:
    """A workshop whose every table has three islands and a long summary."""
    made = make_workshop(database, tables=tables, title=f"{tables}卓の懇談会")
    with database.write() as session:
        for group in made.groups:
            for island in range(3):
                note = boards.add_note(
                    session=session, group_id=group.id, text=f"{group.name}の意見{island}"
                )
                boards.create_cluster(
                    session=session,
                    group_id=group.id,
                    label=f"{group.name}で出た{('買い物', '見守り', '居場所')[island]}の話",
                    note_ids=(note.id,),
                )
            boards.save_group_summary(
                session=session,
                group_id=group.id,
                text="買い物に困る高齢者が多く、移動販売や送迎の仕組みが必要という意見が多かった。"
                * 3,
                expected_version=0,
            )
    return made.workshop.id


@pytest.mark.parametrize("tables", [1, 3, 4, 6, 8])
def test_kawaraban_leaves_no_near_empty_page(
    database: Database, tmp_path: Path, tables: int
) -> None:
    """Issue 15, item 8: rendered by LibreOffice, a かわら版 of 1 to 8 busy
    tables is one page, or its last page is at least a quarter full."""
    workshop_id = busy_workshop(database, tables)
    with database.read() as session:
        data = build_kawaraban(
            session=session,
            workshop_id=workshop_id,
            organization="さくら区社会福祉協議会",
            contact="電話 03-1234-5678",
        )
    pdf = render_pdf(data, tmp_path, f"kawaraban-{tables}")
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) <= 2
    assert "お問い合わせ" in pages[-1]
    if len(pages) > 1:
        last_lines = [line for line in pages[-1].splitlines() if line.strip()]
        # A full page holds about 30 lines at this print; the footer's page number is one.
        assert len(last_lines) >= 8, last_lines


def test_progress_report_over_a_period_with_owners_and_support_log(
    database: Database, demo: int
) -> None:
    with database.write() as session:
        item = actions.create_action(
            session=session,
            data=actions.ActionInput(
                title="ふれあい喫茶の立上げ",
                district="さくら地区",
                owners=("local_group", "council_staff"),
                owner_names="さくら町会 山本太郎",
            ),
        )
        for day in (dt.date(2026, 3, 20), dt.date(2026, 5, 1), dt.date(2026, 9, 15)):
            actions.add_log_entry(
                session=session, action_id=item.id, date=day, kind="visit", staff="木村", note=""
            )
    with database.read() as session:
        data = build_progress_report(
            session=session, district="さくら地区", today=TODAY, organization="さくら区社協"
        )
        spring = build_progress_report(
            session=session,
            district="さくら地区",
            today=TODAY,
            start=dt.date(2026, 3, 1),
            end=dt.date(2026, 3, 31),
        )
        with pytest.raises(InvalidInput):
            build_progress_report(
                session=session,
                district="さくら地区",
                start=dt.date(2026, 5, 1),
                end=dt.date(2026, 4, 1),
            )
    text = all_text(data)
    # This fiscal year to date by default: 1 April to the day it is made.
    assert "報告期間：令和8年4月1日～令和8年11月26日" in text
    assert "作成：さくら区社協" in text
    document = Document(io.BytesIO(data))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "取組",
        "担い手",
        "段階",
        "直近のふりかえり",
        "次回ふりかえり",
        "支援記録",
        "進捗",
    ]
    row = next(r for r in table.rows if r.cells[0].text == "ふれあい喫茶の立上げ")
    assert row.cells[1].text.splitlines()[0] == "地域団体・区社協職員"
    assert "山本" not in row.cells[1].text  # the owner's name is masked
    assert row.cells[5].text == "2件"  # May and September; March is the year before
    spring_row = next(
        r
        for r in Document(io.BytesIO(spring)).tables[0].rows
        if r.cells[0].text == "ふれあい喫茶の立上げ"
    )
    assert spring_row.cells[5].text == "1件"
    assert "期間中の支援記録" in text


def test_rendered_pages_have_no_blue(database: Database, demo: int, tmp_path: Path) -> None:
    """Issue 15: page images of the minutes, the かわら版 and the progress
    report show black headings and rules, none of Word's theme blue."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is installed by scripts/test"
    with database.read() as session:
        documents = {
            "minutes": minutes(database, demo, approval_box=True),
            "kawaraban": build_kawaraban(session=session, workshop_id=demo),
            "report": build_progress_report(session=session, district="さくら地区", today=TODAY),
        }
    for name, data in documents.items():
        render_pdf(data, tmp_path, name)
        subprocess.run(
            [pdftoppm, "-r", "40", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
            timeout=60,
        )
        pages = sorted(tmp_path.glob(f"{name}-*.png"))
        assert pages, name
        for page in pages:
            with Image.open(page) as image:
                rgb = np.asarray(image.convert("RGB")).astype(int)
            red, green, blue_ = rgb[..., 0], rgb[..., 1], rgb[..., 2]
            blue = int(((blue_ > red + 60) & (blue_ > green + 30)).sum())
            assert blue == 0, f"{page.name}: {blue} blue pixels"
