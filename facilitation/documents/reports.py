"""Two more documents on the shared module: the resident-facing かわら版 of a
workshop (large print, a few lines a table, next steps, never a personal
name) and the progress report of a district's action items."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from facilitation.actions import ActionRead, get_action, list_actions
from facilitation.core.era import format_japanese_date
from facilitation.core.errors import InvalidInput
from facilitation.core.i18n import translate
from facilitation.documents import word
from facilitation.documents.masking import Masker, no_masking
from facilitation.documents.minutes import MinutesSource, read_minutes_source
from facilitation.documents.people import default_finder

# How much of the かわら版 each table gets, tried in this order until the
# pages fill sensibly: (islands a table, characters of its summary).
KAWARABAN_FITS = ((3, 160), (2, 100), (2, 60), (1, 0))
# Last page at least this full, or the layout is tightened (no near-empty page).
KAWARABAN_MIN_LAST_PAGE = 0.35

# Heights as fractions of an A4 page at the かわら版's 14-point print,
# measured in LibreOffice (21 single-line paragraphs, 30 bullets, 11 level-2
# and 9 level-1 headings with a line of text fill one page).
_LINE = 1 / 30
_PARAGRAPH_GAP = 1 / 21 - _LINE
_HEIGHT = {"title": 0.09, "h1": 1 / 9 - 1 / 21, "h2": 1 / 11 - 1 / 21}
_CHARS = {"title": 21, "h1": 26, "h2": 29, "p": 33, "bullet": 31}


@dataclass(frozen=True)
class _Block:
    kind: str  # title, h1, h2, p, bullet
    text: str
    lead: str | None = None


def _lines(block: _Block) -> int:
    return max(1, math.ceil(len((block.lead or "") + block.text) / _CHARS[block.kind]))


def _pages(blocks: list[_Block]) -> float:
    """The estimated length in pages (1.2: a page and a fifth)."""
    total = 0.0
    for block in blocks:
        lines = _lines(block)
        if block.kind in _HEIGHT:
            total += _HEIGHT[block.kind] * lines
        elif block.kind == "bullet":
            total += _LINE * lines
        else:
            total += _LINE * lines + _PARAGRAPH_GAP
    return total


def _fits(pages: float) -> bool:
    """One page, or two whose second is not nearly empty."""
    return pages <= 1 or (pages <= 2 and pages - 1 >= KAWARABAN_MIN_LAST_PAGE)


def _kawaraban_blocks(
    source: MinutesSource,
    mask: Callable[[str], str],
    *,
    islands: int,
    summary_chars: int,
    organization: str,
    contact: str,
    today: dt.date,
) -> list[_Block]:
    board, workshop = source.board, source.workshop
    title = f"{workshop.district} {workshop.title} かわら版".strip()
    blocks = [_Block("title", mask(title))]
    if workshop.date:
        blocks.append(_Block("p", f"{format_japanese_date(workshop.date)}に開きました。", "日時："))
    if workshop.theme:
        blocks.append(_Block("p", mask(workshop.theme), "テーマ："))
    blocks.append(_Block("h1", "こんな声が出ました"))
    if not any(g.notes for g in board.groups):
        blocks.append(_Block("p", "付箋の記録はありません。"))
    for group_board in board.groups:
        if not group_board.notes and not group_board.summary:
            continue
        blocks.append(_Block("h2", mask(group_board.group.name)))
        top = sorted(group_board.clusters, key=lambda c: c.votes, reverse=True)
        blocks.extend(_Block("bullet", mask(cluster.label)) for cluster in top[:islands])
        if summary_chars and group_board.summary and group_board.summary.text:
            text = mask(group_board.summary.text)
            if len(text) > summary_chars:
                text = text[:summary_chars] + "…"
            blocks.append(_Block("p", text))
    blocks.append(_Block("h1", "これから"))
    steps = [line.strip() for line in workshop.next_steps.splitlines() if line.strip()]
    blocks.extend(_Block("bullet", mask(line.lstrip("・-* "))) for line in steps)
    if workshop.next_meeting:
        blocks.append(_Block("p", mask(workshop.next_meeting), "次回："))
    elif not steps:
        blocks.append(_Block("bullet", "次回の日程が決まりましたらお知らせします。"))
    if organization:
        published = format_japanese_date(today, weekday=False)
        blocks.append(_Block("p", f"{organization}（{published}）", "発行："))
    if contact:
        blocks.append(_Block("p", contact, "お問い合わせ："))
    return blocks


def build_kawaraban(
    *,
    session: Session,
    workshop_id: int,
    organization: str = "",
    contact: str = "",
    today: dt.date | None = None,
) -> bytes:
    """A one- or two-page summary for residents (④ publicity): what each table
    raised, what comes next, who publishes it and whom to ask. Names are
    always masked. Each table gets less room until it fits two pages and no
    page is left nearly empty."""
    source = read_minutes_source(session=session, workshop_id=workshop_id)
    mask = source.masker()
    day = today or dt.date.today()
    for islands, summary_chars in KAWARABAN_FITS:
        blocks = _kawaraban_blocks(
            source,
            mask,
            islands=islands,
            summary_chars=summary_chars,
            organization=organization.strip(),
            contact=contact.strip(),
            today=day,
        )
        if _fits(_pages(blocks)):
            break
    header = blocks[0].text
    document = word.new_document(header=header, large_print=True, title=header, author=organization)
    for block in blocks:
        if block.kind == "title":
            document.add_heading(word.xml_safe(block.text), level=0)
        elif block.kind in ("h1", "h2"):
            word.heading(document, block.text, int(block.kind[1]))
        elif block.kind == "bullet":
            word.bullet(document, block.text)
        else:
            word.paragraph(document, block.text, bold_lead=block.lead)
    return word.to_bytes(document)


def fiscal_year_start(today: dt.date) -> dt.date:
    """1 April of the Japanese fiscal year ``today`` falls in (年度)."""
    return dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def _owners(item: ActionRead, mask: Callable[[str], str]) -> str:
    """担い手: the kinds of owner, then the names the council wrote (masked)."""
    kinds = "・".join(translate(f"owner.{kind}", "ja") for kind in item.owners)
    names = mask(item.owner_names.strip())
    return "\n".join(part for part in (kinds, names) if part)


def build_progress_report(
    *,
    session: Session,
    district: str,
    today: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    mask_names: bool = True,
    organization: str = "",
) -> bytes:
    """A district's action items over a reporting period (by default this
    fiscal year to date): 担い手, stage, latest review, next review, and the
    support-log entries and reviews recorded within the period."""
    today = today or dt.date.today()
    end = end or today
    start = start or fiscal_year_start(end)
    if start > end:
        raise InvalidInput("error.period_reversed")
    items = list_actions(session=session, district=district)
    details = [get_action(session=session, action_id=item.id) for item in items]
    mask: Callable[[str], str] = no_masking
    if mask_names:
        masker = Masker([i.owner_names for i in items], finder=default_finder())
        masker.prepare(
            [i.title for i in items]
            + [t for d in details for r in d.reviews for t in (r.results, r.issues, r.improvements)]
        )
        mask = masker
    title = f"{district} 取組の進捗報告"
    document = word.new_document(header=title, title=title, author=organization)
    document.add_heading(word.xml_safe(title), level=0)
    period = (
        f"{format_japanese_date(start, weekday=False)}～{format_japanese_date(end, weekday=False)}"
    )
    word.paragraph(document, period, bold_lead="報告期間：")
    word.paragraph(document, format_japanese_date(today), bold_lead="作成日：")
    if organization:
        word.paragraph(document, organization, bold_lead="作成：")
    if not items:
        word.paragraph(document, "この地域の取組はまだありません。")
        return word.to_bytes(document)

    def within(day: dt.date) -> bool:
        return start <= day <= end

    logs = [sum(1 for entry in d.log if within(entry.date)) for d in details]
    reviews = [sum(1 for review in d.reviews if within(review.date)) for d in details]
    word.paragraph(
        document,
        f"取組 {len(items)}件、期間中の支援記録 {sum(logs)}件・ふりかえり {sum(reviews)}回",
        bold_lead="概要：",
    )
    rows = []
    for item, detail, log_count in zip(items, details, logs, strict=True):
        latest = detail.reviews[-1] if detail.reviews else None
        review = (
            f"{format_japanese_date(latest.date, weekday=False)}"
            f" {translate(f'decision.{latest.decision}', 'ja')}"
            + (f"（満足度 {latest.satisfaction}）" if latest.satisfaction else "")
            if latest
            else "未実施"
        )
        late = "（期限切れ）" if item.overdue(today) else ""
        rows.append(
            (
                mask(item.title),
                _owners(item, mask),
                translate(f"stage.{item.stage}", "ja") + late,
                review,
                format_japanese_date(item.next_review_date, weekday=False)
                if item.next_review_date
                else "",
                f"{log_count}件",
                f"{item.progress}%",
            )
        )
    word.table(
        document,
        ["取組", "担い手", "段階", "直近のふりかえり", "次回ふりかえり", "支援記録", "進捗"],
        rows,
        widths_mm=(31, 28, 18, 32, 25, 17, 15),
    )
    for item, detail in zip(items, details, strict=True):
        if detail.reviews:
            latest = detail.reviews[-1]
            word.heading(document, mask(item.title), 2)
            for lead, text in (
                ("成果：", latest.results),
                ("課題：", latest.issues),
                ("改善点：", latest.improvements),
            ):
                if text:
                    word.paragraph(document, mask(text), bold_lead=lead)
    return word.to_bytes(document)
