"""The transcript editor's events, carried out through the domain on SQLite
and PostgreSQL: an edit saves or is refused with the other text, speakers are
named, a segment becomes an action item or a note; a segment of another
recording, a foreign table or a malformed event is refused."""

from __future__ import annotations

from typing import Any

import pytest

from facilitation import actions
from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput, NotFound
from facilitation.models import RecordingRead
from facilitation.policy.access import Forbidden, TableCode
from facilitation.workshops import boards
from tests.factories import make_transcript, make_workshop
from transcripts.editing import SegmentConflict
from transcripts.store import get_recording, list_segments
from ui.transcript_editor import Outcome, apply_event

LINES = [(0.0, 3.0, "今日はサロンについて話します。"), (3.5, 6.0, "買い物が大変です。")]


def recorded(database: Database, **options: Any) -> RecordingRead:
    recording_id, _ = make_transcript(database, LINES, **options)
    with database.read() as session:
        return get_recording(session=session, recording_id=recording_id)


def run(
    database: Database, recording: RecordingRead, event: dict[str, Any], actor: object = None
) -> Outcome:
    with database.write(actor=actor) as session:
        return apply_event(session, {"id": "e1", **event}, recording=recording)


def segments(database: Database, recording: RecordingRead):  # type: ignore[no-untyped-def]
    with database.read() as session:
        return list_segments(session=session, recording_id=recording.id)


def test_an_edit_saves_and_a_stale_one_is_refused_with_the_saved_text(database: Database) -> None:
    recording = recorded(database)
    first = segments(database, recording)[0]
    edit = {"op": "edit", "segment": first.id, "version": first.version, "base": first.text}
    outcome = run(database, recording, {**edit, "text": "今日は地域のサロンについて話します。"})
    assert outcome.segment == {
        "id": first.id,
        "text": "今日は地域のサロンについて話します。",
        "version": 2,
    }
    with pytest.raises(SegmentConflict) as refused:
        run(database, recording, {**edit, "text": "別のタブの修正。"})
    assert refused.value.current.text == "今日は地域のサロンについて話します。"
    assert segments(database, recording)[0].text == "今日は地域のサロンについて話します。"


def test_html_in_an_edit_is_kept_as_text(database: Database) -> None:
    recording = recorded(database)
    first = segments(database, recording)[0]
    run(
        database,
        recording,
        {
            "op": "edit",
            "segment": first.id,
            "version": first.version,
            "base": first.text,
            "text": "<script>alert(1)</script>\x07",
        },
    )
    assert segments(database, recording)[0].text == "<script>alert(1)</script>"


def test_speakers_are_named_from_a_segment_onwards(database: Database) -> None:
    recording = recorded(database)
    first = segments(database, recording)[0]
    outcome = run(
        database,
        recording,
        {"op": "speaker", "segment": first.id, "speaker": " 司会 ", "following": True},
    )
    assert (outcome.key, outcome.params) == ("te.speaker_named", {"count": 2, "name": "司会"})
    assert [s.speaker for s in segments(database, recording)] == ["司会", "司会"]


def test_a_segment_becomes_an_action_item_and_a_note(database: Database) -> None:
    made = make_workshop(database)
    recording = recorded(database, workshop_id=made.workshop.id)
    second = segments(database, recording)[1]
    outcome = run(database, recording, {"op": "action", "segment": second.id})
    assert (outcome.key, outcome.params) == ("rec.action_made", {"title": "買い物が大変です"})
    with database.read() as session:
        items = actions.list_actions(session=session)
    assert [(i.source_kind, i.source_id, i.workshop_id) for i in items] == [
        ("segment", second.id, made.workshop.id)
    ]
    group = made.groups[1].id
    for _ in range(2):  # a repeated tap adds one note
        run(database, recording, {"op": "note", "segment": second.id, "group": group})
    with database.read() as session:
        notes = boards.load_group_board(session=session, group_id=group).notes
    assert [n.text for n in notes] == ["買い物が大変です。"]


@pytest.mark.parametrize(
    "event",
    [
        {"op": "edit", "version": 1, "base": "", "text": "x"},  # no segment
        {"op": "edit", "segment": "1", "version": 1, "base": "", "text": "x"},
        {"op": "edit", "segment": 1, "version": "1", "base": "", "text": "x"},
        {"op": "edit", "segment": 1, "version": 1, "text": "x"},
        {"op": "speaker", "segment": 1, "speaker": None},
        {"op": "dance", "segment": 1},
    ],
)
def test_malformed_events_are_refused(database: Database, event: dict[str, Any]) -> None:
    recording = recorded(database)
    with pytest.raises((InvalidInput, NotFound)):
        run(database, recording, event)
    assert [s.text for s in segments(database, recording)] == [text for _, _, text in LINES]


def test_a_segment_of_another_recording_or_a_foreign_table_is_refused(database: Database) -> None:
    made = make_workshop(database)
    other = make_workshop(database, title="別の懇談会")
    recording = recorded(database, workshop_id=made.workshop.id)
    elsewhere = recorded(database)
    theirs = segments(database, elsewhere)[0]
    with pytest.raises(NotFound):
        run(
            database,
            recording,
            {"op": "edit", "segment": theirs.id, "version": 1, "base": theirs.text, "text": "x"},
        )
    mine = segments(database, recording)[0]
    with pytest.raises(NotFound):
        run(database, recording, {"op": "note", "segment": mine.id, "group": other.groups[0].id})
    assert segments(database, elsewhere)[0].text == theirs.text


def test_a_table_code_may_not_edit_a_transcript(database: Database) -> None:
    made = make_workshop(database)
    recording = recorded(database, workshop_id=made.workshop.id)
    first = segments(database, recording)[0]
    code = TableCode(group_id=made.groups[0].id, workshop_id=made.workshop.id)
    with pytest.raises(Forbidden):
        run(
            database,
            recording,
            {"op": "speaker", "segment": first.id, "speaker": "誰か"},
            actor=code,
        )
