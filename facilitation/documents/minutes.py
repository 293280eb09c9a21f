"""Word minutes (議事録) of a workshop, in the structure a council files:
date in the Japanese era, venue, purpose, participants, agenda with times,
each table's islands with their notes, votes and summary, the plenary,
decisions, the action items, next steps and, if asked, transcript passages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlmodel import Session

from facilitation import actions
from facilitation.core.clock import today_in_japan
from facilitation.core.era import format_both, format_japanese_date
from facilitation.core.i18n import translate
from facilitation.documents import word
from facilitation.documents.masking import Masker, PeopleFinder, no_masking
from facilitation.documents.people import default_finder
from facilitation.documents.word import Transform
from facilitation.models import (
    PARTICIPANT_ROLES,
    ActionRead,
    RecordingRead,
    SegmentRead,
    WorkshopRead,
)
from facilitation.policy.access import require
from facilitation.workshops import boards
from facilitation.workshops.setup import participants_of
from transcripts.store import speakers, workshop_speakers, workshop_transcripts


@dataclass(frozen=True)
class MinutesOptions:
    group_ids: tuple[int, ...] | None = None  # None: every table
    include_transcript: bool = False
    mask_names: bool = False
    recording_ids: tuple[int, ...] | None = None  # None: every recording it may append
    approval_box: bool = False  # the 決裁欄 at the top right
    author: str = ""  # 作成者: who made the file (the signed-in staff member)
    organization: str = ""  # the council (KONDAN_ORGANIZATION): the file's author


@dataclass(frozen=True)
class MinutesSource:
    """Everything the minutes print, read once (``read_minutes_source``)."""

    board: boards.BoardRead
    participants: dict[str, int]
    action_items: list[ActionRead]
    speakers: list[str]
    transcripts: list[tuple[RecordingRead, list[SegmentRead]]]

    @property
    def workshop(self) -> WorkshopRead:
        return self.board.workshop

    def registered_names(self) -> list[str]:
        """Every personal name the workshop holds: facilitator, recorder, group
        leaders, action owners and transcript speakers."""
        names = [self.workshop.facilitator, self.workshop.recorder]
        names += [g.group.leader_name for g in self.board.groups]
        names += [item.owner_names for item in self.action_items]
        names += self.speakers
        names += self.workshop.attendees.splitlines()
        return [n for n in names if n.strip()]

    def texts(self) -> list[str]:
        """Every text the documents may print masked, as they pass it to the
        masker (so that one batch of the name finder answers them all)."""
        return [text for _where, text in self.labelled_texts()]

    def labelled_texts(self) -> list[tuple[str, str]]:
        """``texts`` with where each comes from (「Aテーブル・付箋」), for the review."""
        workshop = self.workshop
        found = [
            ("懇談会名", workshop.title),
            ("会場", workshop.venue),
            ("地域", workshop.district),
            ("テーマ", workshop.theme),
            ("目的", workshop.purpose),
            ("進行", workshop.facilitator),
            ("記録", workshop.recorder),
        ]
        found += [("次第", phase.title) for phase in self.board.phases]
        for table in self.board.groups:
            name = table.group.name
            found += [("テーブル名", name), (f"{name}・まとめ役", table.group.leader_name)]
            found += [(f"{name}・島", cluster.label) for cluster in table.clusters]
            found += [(f"{name}・付箋", note.text) for note in table.notes]
            found += [(f"{name}・まとめ", table.summary.text)] if table.summary else []
        for where, field in (
            ("全体共有", workshop.plenary_notes),
            ("決定事項", workshop.decisions),
            ("今後の予定", workshop.next_steps),
        ):
            found += [(where, line.strip().lstrip("・-* ")) for line in field.splitlines()]
        found += [("出席者", line.strip()) for line in workshop.attendees.splitlines()]
        found.append(("次回開催", workshop.next_meeting))
        for item in self.action_items:
            found += [("取組", item.title), ("取組・担い手", item.owner_names)]
        for recording, segments in self.transcripts:
            found.append(("録音", recording.title))
            for segment in segments:
                found += [("話者", segment.speaker), (recording.title, segment.text)]
        return [(where, text) for where, text in found if text]

    def masker(self, finder: PeopleFinder | None = None) -> Masker:
        """The workshop's masker: registered names, the finder (GiNZA unless
        told), and the choices of the masking review; every text prepared."""
        workshop = self.workshop
        masker = Masker(
            self.registered_names(),
            finder=finder if finder is not None else default_finder(),
            always=workshop.mask_always,
            never=workshop.mask_never,
        )
        masker.prepare(self.texts())
        return masker


def read_minutes_source(
    *, session: Session, workshop_id: int, include_transcript: bool = False
) -> MinutesSource:
    """One read of everything a workshop's documents print: the board (the
    workshop, its phases, categories and tables), participants, action items,
    speakers and, if asked, the transcripts."""
    require(session, "minutes.export", workshop_id=workshop_id)
    return MinutesSource(
        board=boards.load_board(session=session, workshop_id=workshop_id),
        participants=participants_of(session=session, workshop_id=workshop_id),
        action_items=sorted(
            actions.list_actions(session=session, workshop_id=workshop_id), key=lambda i: i.id
        ),
        speakers=workshop_speakers(session=session, workshop_id=workshop_id),
        transcripts=(
            workshop_transcripts(session=session, workshop_id=workshop_id)
            if include_transcript
            else []
        ),
    )


def _time_range(start: dt.time | None, end: dt.time | None) -> str:
    if start and end:
        return f"{start:%H:%M}〜{end:%H:%M}"
    return f"{start:%H:%M}〜" if start else ""


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def recording_masker(
    *, session: Session, recording: RecordingRead, finder: PeopleFinder | None = None
) -> Masker:
    """The masker for a transcript's exports: its workshop's (registered names
    and the review's choices) when it belongs to one, else its speakers' names."""
    if recording.workshop_id is not None:
        return read_minutes_source(session=session, workshop_id=recording.workshop_id).masker(
            finder
        )
    return Masker(
        speakers(session=session, recording_id=recording.id),
        finder=finder if finder is not None else default_finder(),
    )


def build_minutes(
    *,
    session: Session,
    workshop_id: int,
    options: MinutesOptions,
    finder: PeopleFinder | None = None,
) -> bytes:
    """The minutes as .docx bytes. Reads only; the caller audits the export."""
    source = read_minutes_source(
        session=session, workshop_id=workshop_id, include_transcript=options.include_transcript
    )
    return write_minutes(source, options, finder)


def write_minutes(
    source: MinutesSource, options: MinutesOptions, finder: PeopleFinder | None = None
) -> bytes:
    """The minutes of ``source`` as .docx bytes (no database needed)."""
    workshop = source.workshop
    mask: Transform = source.masker(finder) if options.mask_names else no_masking
    title = (
        f"{workshop.district} {workshop.title} 記録"
        if workshop.district
        else f"{workshop.title} 記録"
    )
    document = word.new_document(
        header=title,
        title=title,
        author=options.organization or options.author,
    )
    if options.approval_box:
        word.approval_box(document)
    document.add_heading(word.xml_safe(title), level=0)
    made_by = "　".join(
        part
        for part in (
            f"作成日：{format_japanese_date(today_in_japan(), weekday=False)}",
            f"作成者：{options.author}" if options.author else "",
            options.organization,
        )
        if part
    )
    created = word.paragraph(document, made_by)
    created.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _overview(document, source, mask)
    chosen = [
        g
        for g in source.board.groups
        if options.group_ids is None or g.group.id in options.group_ids
    ]
    _group_work(document, source.board, chosen, mask)
    _plenary_and_decisions(document, workshop, chosen, mask)
    _action_items(document, source.action_items, mask)
    word.heading(document, "第8　今後の予定", 1)
    _lines(document, workshop.next_steps, mask, empty="（記入なし）")
    if workshop.next_meeting:
        word.paragraph(document, mask(workshop.next_meeting), bold_lead="次回開催：")
    if options.include_transcript:
        appended = [
            (recording, segments)
            for recording, segments in source.transcripts
            if options.recording_ids is None or recording.id in options.recording_ids
        ]
        _transcript_appendix(document, appended, mask)
    return word.to_bytes(document)


def _overview(document: DocumentObject, source: MinutesSource, mask: Transform) -> None:
    """1. 開催概要, 2. 参加者, 3. 次第."""
    workshop, ja = source.workshop, "ja"

    word.heading(document, "第1　開催概要", 1)
    if workshop.date:
        word.paragraph(
            document,
            f"{format_both(workshop.date)} {_time_range(workshop.start_time, workshop.end_time)}",
            bold_lead="日時：",
        )
    for lead, value in (
        ("会場：", workshop.venue),
        ("地域：", workshop.district),
        ("テーマ：", workshop.theme),
        ("目的：", workshop.purpose),
    ):
        if value:
            word.paragraph(document, mask(value), bold_lead=lead)

    word.heading(document, "第2　参加者", 1)
    counts = [
        (translate(f"role.{r}", ja), source.participants.get(r, 0)) for r in PARTICIPANT_ROLES
    ]
    total = sum(n for _, n in counts)
    word.table(
        document,
        ["区分", "人数"],
        [*((r, f"{n}名") for r, n in counts if n), ("合計", f"{total}名")],
        widths_mm=(80, 40),
    )
    for lead, value in (("進行：", workshop.facilitator), ("記録：", workshop.recorder)):
        if value:
            word.paragraph(document, mask(value), bold_lead=lead)
    named = [line.strip() for line in workshop.attendees.splitlines() if line.strip()]
    if named:
        word.paragraph(document, "", bold_lead="出席者（名簿）：")
        for line in named:
            word.bullet(document, mask(line))

    if source.board.phases:
        word.heading(document, "第3　次第", 1)
        rows = []
        clock = (
            dt.datetime.combine(workshop.date or dt.date.today(), workshop.start_time)
            if workshop.start_time
            else None
        )
        for index, phase in enumerate(source.board.phases, start=1):
            when = ""
            if clock is not None:
                end = clock + dt.timedelta(minutes=phase.minutes)
                when = f"{clock:%H:%M}〜{end:%H:%M}"
                clock = end
            rows.append((f"{index}. {mask(phase.title)}", f"{phase.minutes}分", when))
        word.table(document, ["項目", "時間", "時刻"], rows, widths_mm=(100, 25, 40))


def _group_work(
    document: DocumentObject,
    board: boards.BoardRead,
    chosen: list[boards.GroupBoardRead],
    mask: Transform,
) -> None:
    """4. グループワークの記録: each chosen table's islands, notes and summary."""
    word.heading(document, "第4　グループワークの記録", 1)
    if not any(g.notes for g in chosen):
        word.paragraph(document, "付箋の記録はありません。")
    for group_board in chosen:
        group = group_board.group
        leader = f"（まとめ役：{mask(group.leader_name)}）" if group.leader_name else ""
        word.heading(document, f"{mask(group.name)}{leader}", 2)
        counts_text = "、".join(
            f"{c.name} {group_board.counts_by_category().get(c.id, 0)}枚" for c in board.categories
        )
        word.paragraph(document, f"付箋 {len(group_board.notes)}枚（{counts_text}）")
        for cluster in group_board.clusters:
            word.heading(document, f"島：{mask(cluster.label)}（{cluster.votes}票）", 3)
            for note in group_board.notes_in(cluster.id):
                word.bullet(document, _note_line(note, board, mask))
        unsorted = group_board.notes_in(None)
        if unsorted:
            word.heading(document, "島に入らなかった付箋", 3)
            for note in unsorted:
                word.bullet(document, _note_line(note, board, mask))
        summary = group_board.summary.text if group_board.summary else ""
        word.paragraph(document, mask(summary) or "（記入なし）", bold_lead="グループまとめ：")


def _plenary_and_decisions(
    document: DocumentObject,
    workshop: WorkshopRead,
    chosen: list[boards.GroupBoardRead],
    mask: Transform,
) -> None:
    """5. 全体共有 and 6. 決定事項."""
    word.heading(document, "第5　全体共有", 1)
    if workshop.plenary_notes:
        # One point per line, as the /minutes page asks, like the decisions.
        _lines(document, workshop.plenary_notes, mask, empty="")
    summaries = [
        (mask(g.group.name), mask(g.summary.text) if g.summary else "（記入なし）") for g in chosen
    ]
    if summaries:
        word.table(document, ["テーブル", "主な意見・提案"], summaries, widths_mm=(35, 130))

    word.heading(document, "第6　決定事項", 1)
    _lines(document, workshop.decisions, mask, empty="（記入なし）")


def _action_items(document: DocumentObject, items: list[ActionRead], mask: Transform) -> None:
    """7. 取組: what the workshop started, and where each item stands."""
    ja = "ja"
    word.heading(document, "第7　取組", 1)
    if items:
        word.table(
            document,
            ["取組", "担い手", "期限", "次回ふりかえり", "状況"],
            [
                (
                    mask(item.title),
                    mask(item.owner_names)
                    or "、".join(translate(f"owner.{o}", ja) for o in item.owners),
                    format_japanese_date(item.due_date, weekday=False) if item.due_date else "",
                    format_japanese_date(item.next_review_date, weekday=False)
                    if item.next_review_date
                    else "",
                    translate(f"stage.{item.stage}", ja),
                )
                for item in items
            ],
            widths_mm=(36, 32, 37, 37, 23),
        )
    else:
        word.paragraph(document, "この懇談会から始まった取組はまだありません。")


def _note_line(note: boards.NoteRead, board: boards.BoardRead, mask: Transform) -> str:
    category = board.category(note.category_id)
    votes = f"（{note.votes}票）" if note.votes else ""
    kind = f"［{category.name}］" if category else ""
    return f"{kind}{mask(note.text)}{votes}"


def _lines(document: DocumentObject, text: str, mask: Transform, *, empty: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        word.paragraph(document, empty)
    for line in lines:
        word.bullet(document, mask(line.lstrip("・-* ")))


def _transcript_appendix(
    document: DocumentObject,
    transcripts: list[tuple[RecordingRead, list[SegmentRead]]],
    mask: Transform,
) -> None:
    word.heading(document, "付録　文字起こし", 1)
    if not transcripts:
        word.paragraph(document, "この懇談会の録音はありません。")
    for recording, segments in transcripts:
        word.heading(document, mask(recording.title), 2)
        if not segments:
            word.paragraph(document, "（文字起こしなし）")
            continue
        word.table(
            document,
            ["時刻", "話者", "発言"],
            [(_clock(s.start), mask(s.speaker), mask(s.text)) for s in segments],
            widths_mm=(20, 25, 120),
        )
