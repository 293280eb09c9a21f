"""Two more documents on the shared module: the resident-facing かわら版 of a
workshop (large print, a few lines a table, next steps, never a personal
name) and the progress report of a district's action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlmodel import Session

from facilitation.actions import get_action, list_actions
from facilitation.core.era import format_japanese_date
from facilitation.core.i18n import translate
from facilitation.documents import word
from facilitation.documents.masking import Masker, no_masking
from facilitation.documents.minutes import read_minutes_source
from facilitation.documents.people import default_finder

KAWARABAN_ISLANDS = 3
SUMMARY_CHARS = 160


def build_kawaraban(*, session: Session, workshop_id: int) -> bytes:
    """A one- or two-page summary for residents (④ publicity). Names are always masked."""
    source = read_minutes_source(session=session, workshop_id=workshop_id)
    board, workshop = source.board, source.workshop
    mask = source.masker()
    title = f"{workshop.district} {workshop.title} かわら版".strip()
    document = word.new_document(header=title, large_print=True)
    document.add_heading(word.xml_safe(mask(title)), level=0)
    if workshop.date:
        word.paragraph(
            document, f"{format_japanese_date(workshop.date)}に開きました。", bold_lead="日時："
        )
    if workshop.theme:
        word.paragraph(document, mask(workshop.theme), bold_lead="テーマ：")
    word.heading(document, "こんな声が出ました", 1)
    if not any(g.notes for g in board.groups):
        word.paragraph(document, "付箋の記録はありません。")
    for group_board in board.groups:
        if not group_board.notes and not group_board.summary:
            continue
        word.heading(document, mask(group_board.group.name), 2)
        top = sorted(group_board.clusters, key=lambda c: c.votes, reverse=True)
        for cluster in top[:KAWARABAN_ISLANDS]:
            word.bullet(document, mask(cluster.label))
        if group_board.summary and group_board.summary.text:
            text = mask(group_board.summary.text)
            if len(text) > SUMMARY_CHARS:
                text = text[:SUMMARY_CHARS] + "…"
            word.paragraph(document, text)
    word.heading(document, "これから", 1)
    steps = [line.strip() for line in workshop.next_steps.splitlines() if line.strip()]
    for line in steps:
        word.bullet(document, mask(line.lstrip("・-* ")))
    if workshop.next_meeting:
        word.paragraph(document, mask(workshop.next_meeting), bold_lead="次回：")
    elif not steps:
        word.bullet(document, "次回の日程が決まりましたらお知らせします。")
    return word.to_bytes(document)


def build_progress_report(
    *, session: Session, district: str, today: dt.date | None = None, mask_names: bool = True
) -> bytes:
    """A district's action items: stage, latest review, next review."""
    today = today or dt.date.today()
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
    document = word.new_document(header=title)
    document.add_heading(word.xml_safe(title), level=0)
    word.paragraph(document, format_japanese_date(today), bold_lead="作成日：")
    if not items:
        word.paragraph(document, "この地域の取組はまだありません。")
        return word.to_bytes(document)
    rows = []
    for item, detail in zip(items, details, strict=True):
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
                translate(f"stage.{item.stage}", "ja") + late,
                review,
                format_japanese_date(item.next_review_date, weekday=False)
                if item.next_review_date
                else "",
                f"{item.progress}%",
            )
        )
    word.table(
        document,
        ["取組", "段階", "直近のふりかえり", "次回ふりかえり", "進捗"],
        rows,
        widths_mm=(40, 24, 50, 35, 16),
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
