"""Correcting a transcript in its editor (/transcript?recording=ID): saving a
segment's text as it is typed, naming speakers for a run of segments, and
find and replace with a preview.

Two people may correct the same transcript at once. A text edit carries the
version and the text its writer started from: it goes through if the text is
still that (a speaker named meanwhile does not count as a clash), and is
refused with both texts (``SegmentConflict``) if someone else changed the
words; nothing is overwritten unseen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from facilitation.core.errors import InvalidInput, NotFound, StaleEdit
from facilitation.core.limits import NAME_MAX_CHARS, SEGMENT_MAX_CHARS
from facilitation.core.text import clean_text, optional_text
from facilitation.models import (
    Group,
    Recording,
    SegmentRead,
    TranscriptSegment,
    Workshop,
)
from facilitation.policy import audit
from facilitation.policy.access import require
from transcripts.search import find_spans, replace_spans
from transcripts.store import list_segments, update_segment


class SegmentConflict(StaleEdit):
    """Someone else changed the segment's words since this edit began;
    ``current`` is their version, for showing beside the refused text."""

    def __init__(self, current: SegmentRead) -> None:
        super().__init__("error.segment_conflict")
        self.current = current


def transcript_revision(*, session: Session, recording_id: int) -> str:
    """A short value that changes whenever any segment of the recording
    changes, appears or goes (segment ids are never reused)."""
    count, versions, last = session.execute(
        select(
            func.count(col(TranscriptSegment.id)),
            func.coalesce(func.sum(TranscriptSegment.version), 0),
            func.coalesce(func.max(TranscriptSegment.id), 0),
        ).where(TranscriptSegment.recording_id == recording_id)
    ).one()
    return f"{count}.{versions}.{last}"


def save_segment_text(
    *, session: Session, segment_id: int, expected_version: int, base_text: str, text: str
) -> SegmentRead:
    """Save a segment's corrected words. ``base_text`` is the text the editor
    started from at ``expected_version``. Raises SegmentConflict when another
    edit changed the words since."""
    try:
        return update_segment(
            session=session, segment_id=segment_id, expected_version=expected_version, text=text
        )
    except StaleEdit:
        row = session.get(TranscriptSegment, segment_id)
        if row is None:
            raise NotFound("error.segment_not_found") from None
        current = SegmentRead.model_validate(row)
        if current.text == clean_text(text):
            return current  # the same words, saved from another tab or a repeat
        if current.text != clean_text(base_text):
            raise SegmentConflict(current) from None
        # Only the speaker (or nothing visible) changed meanwhile: the words stand.
        return update_segment(
            session=session, segment_id=segment_id, expected_version=current.version, text=text
        )


def assign_speaker(
    *, session: Session, segment_id: int, speaker: str, following: bool = False
) -> int:
    """Name the speaker of a segment, and with ``following`` of every later
    segment of the recording too (so that a transcript is named turn by turn
    from the top: one action at each change of speaker). Returns how many
    segments were named."""
    require(session, "recording.write")
    row = session.get(TranscriptSegment, segment_id)
    if row is None:
        raise NotFound("error.segment_not_found")
    name = optional_text(speaker, field="speaker", max_chars=NAME_MAX_CHARS)
    which = col(TranscriptSegment.id) == segment_id
    if following:
        which = (col(TranscriptSegment.recording_id) == row.recording_id) & (
            (col(TranscriptSegment.start) > row.start)
            | ((col(TranscriptSegment.start) == row.start) & (col(TranscriptSegment.id) >= row.id))
        )
    result = session.execute(
        update(TranscriptSegment)
        .where(which)
        .values(speaker=name, version=TranscriptSegment.version + 1)
    )
    audit.record(
        session,
        "transcript_edit",
        f"recording:{row.recording_id}",
        f"speaker from segment:{segment_id}" if following else f"speaker segment:{segment_id}",
    )
    session.expire_all()
    return int(result.rowcount)  # type: ignore[attr-defined]


def speaker_choices(*, session: Session, recording_id: int) -> list[str]:
    """Names to pick a speaker from: this transcript's speakers (in order of
    first appearance), then the workshop's facilitator, its table leaders and
    the speakers of its other recordings."""
    require(session, "recording.read")
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise NotFound("error.recording_not_found")
    names: list[str] = []
    names += _speakers_in(session, [recording_id])
    if recording.workshop_id is not None:
        workshop = session.get(Workshop, recording.workshop_id)
        if workshop is not None and workshop.facilitator:
            names.append(workshop.facilitator)
        names += session.exec(
            select(Group.leader_name)
            .where(Group.workshop_id == recording.workshop_id)
            .order_by(col(Group.position))
        ).all()
        others = session.exec(
            select(Recording.id).where(
                Recording.workshop_id == recording.workshop_id, col(Recording.id) != recording_id
            )
        ).all()
        names += _speakers_in(session, [r for r in others if r is not None])
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


def _speakers_in(session: Session, recording_ids: list[int]) -> list[str]:
    rows = session.exec(
        select(TranscriptSegment.speaker, func.min(TranscriptSegment.start))
        .where(col(TranscriptSegment.recording_id).in_(recording_ids))
        .group_by(col(TranscriptSegment.speaker))
        .order_by(func.min(TranscriptSegment.start))
    ).all()
    return [speaker for speaker, _ in rows if speaker]


# --- find and replace ---------------------------------------------------------------


@dataclass(frozen=True)
class TextChange:
    """A segment as it was previewed, and the text it is to get."""

    segment: SegmentRead
    new_text: str


def search_segments(segments: list[SegmentRead], query: str) -> dict[int, list[tuple[int, int]]]:
    """The hits of a search (``transcripts.search``: width, kana type and
    spaces ignored) by segment id, as character spans of each text."""
    hits = {}
    for segment in segments:
        spans = find_spans(segment.text, query)
        if spans:
            hits[segment.id] = spans
    return hits


def replace_preview(
    *, session: Session, recording_id: int, find: str, replacement: str
) -> list[TextChange]:
    """What replacing ``find`` (searched as ``search_segments`` does) with
    ``replacement`` would change, segment by segment; nothing is written."""
    require(session, "recording.read")
    new = clean_text(replacement, multiline=False)
    changes = []
    for segment in list_segments(session=session, recording_id=recording_id):
        spans = find_spans(segment.text, find)
        if not spans:
            continue
        new_text = replace_spans(segment.text, spans, new)
        if new_text == segment.text:
            continue
        if len(new_text) > SEGMENT_MAX_CHARS:
            raise InvalidInput(
                "error.too_long", field="segment", limit=SEGMENT_MAX_CHARS, length=len(new_text)
            )
        changes.append(TextChange(segment, new_text))
    return changes


def apply_text_changes(*, session: Session, changes: list[TextChange], action: str) -> int:
    """Write previewed changes (audited as ``action``); a segment edited since
    the preview is left as it is (its version moved on). Returns how many
    were written."""
    require(session, "recording.write")
    written = 0
    for change in changes:
        row = session.get(TranscriptSegment, change.segment.id)
        if row is None or row.version != change.segment.version:
            continue
        row.text = change.new_text
        row.version += 1
        session.add(row)
        written += 1
    if changes:
        audit.record(session, action, f"recording:{changes[0].segment.recording_id}")
    session.flush()
    return written
