"""The transcript editor's domain: saving as you type without losing a
concurrent edit, naming speakers turn by turn, find and replace with a
preview. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from facilitation.core.db import Database
from facilitation.core.errors import InvalidInput
from facilitation.models import AuditEvent, Group, Workshop
from tests.factories import make_transcript, make_workshop
from transcripts.editing import (
    SegmentConflict,
    apply_text_changes,
    assign_speaker,
    replace_preview,
    save_segment_text,
    search_segments,
    speaker_choices,
    transcript_revision,
)
from transcripts.store import list_segments, update_segment

LINES = [
    (0.0, 3.0, "今日はサロンについて話し合います。"),
    (3.5, 6.0, "ｻﾛﾝは毎週火曜日です。"),
    (6.5, 9.0, "買い物が大変だという声があります。"),
    (9.5, 12.0, "さろんの場所を増やしたいです。"),
]


def seeded(database: Database, **options: object) -> int:
    recording_id, _ = make_transcript(database, LINES, **options)  # type: ignore[arg-type]
    return recording_id


def segments(database: Database, recording_id: int):  # type: ignore[no-untyped-def]
    with database.read() as session:
        return list_segments(session=session, recording_id=recording_id)


def test_a_save_from_the_text_it_began_with_goes_through(database: Database) -> None:
    recording_id = seeded(database)
    first = segments(database, recording_id)[0]
    with database.write() as session:
        saved = save_segment_text(
            session=session,
            segment_id=first.id,
            expected_version=first.version,
            base_text=first.text,
            text="今日は地域のサロンについて話し合います。",
        )
    assert (saved.text, saved.version) == ("今日は地域のサロンについて話し合います。", 2)


def test_a_concurrent_edit_of_the_words_is_refused_with_both_texts(database: Database) -> None:
    recording_id = seeded(database)
    first = segments(database, recording_id)[0]
    with database.write() as session:  # tab A saves first
        save_segment_text(
            session=session,
            segment_id=first.id,
            expected_version=first.version,
            base_text=first.text,
            text="Aの修正です。",
        )
    with pytest.raises(SegmentConflict) as refused, database.write() as session:  # then tab B
        save_segment_text(
            session=session,
            segment_id=first.id,
            expected_version=first.version,
            base_text=first.text,
            text="Bの修正です。",
        )
    assert (refused.value.current.text, refused.value.current.version) == ("Aの修正です。", 2)
    assert segments(database, recording_id)[0].text == "Aの修正です。"
    # B, having seen A's text, may still put its own in: from A's version.
    with database.write() as session:
        saved = save_segment_text(
            session=session,
            segment_id=first.id,
            expected_version=2,
            base_text="Aの修正です。",
            text="Bの修正です。",
        )
    assert (saved.text, saved.version) == ("Bの修正です。", 3)


def test_a_speaker_named_meanwhile_does_not_block_a_text_edit(database: Database) -> None:
    recording_id = seeded(database)
    second = segments(database, recording_id)[1]
    with database.write() as session:
        assign_speaker(session=session, segment_id=second.id, speaker="司会", following=True)
    with database.write() as session:
        saved = save_segment_text(
            session=session,
            segment_id=second.id,
            expected_version=second.version,  # the version before the speaker was named
            base_text=second.text,
            text="サロンは毎週火曜日です。",
        )
    assert (saved.text, saved.speaker, saved.version) == ("サロンは毎週火曜日です。", "司会", 3)


def test_saving_the_same_words_twice_is_not_a_conflict(database: Database) -> None:
    recording_id = seeded(database)
    first = segments(database, recording_id)[0]
    for _ in range(2):  # a repeat of the same event, or the same fix in two tabs
        with database.write() as session:
            saved = save_segment_text(
                session=session,
                segment_id=first.id,
                expected_version=first.version,
                base_text=first.text,
                text="同じ修正。",
            )
    assert (saved.text, saved.version) == ("同じ修正。", 2)


def test_speakers_are_named_for_one_segment_or_from_it_onwards(database: Database) -> None:
    recording_id = seeded(database)
    rows = segments(database, recording_id)
    with database.write() as session:
        assert assign_speaker(session=session, segment_id=rows[0].id, speaker="司会") == 1
        assert (
            assign_speaker(session=session, segment_id=rows[1].id, speaker="山田", following=True)
            == 3
        )
        assert (
            assign_speaker(session=session, segment_id=rows[3].id, speaker="司会", following=True)
            == 1
        )
    assert [s.speaker for s in segments(database, recording_id)] == ["司会", "山田", "山田", "司会"]
    with database.read() as session:
        actions = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.target) == f"recording:{recording_id}")
        ).all()
    assert actions.count("transcript_edit") == 3


def test_speaker_choices_come_from_the_transcript_and_the_workshop(database: Database) -> None:
    made = make_workshop(database)
    with database.write() as session:
        session.execute(
            update(Workshop).where(col(Workshop.id) == made.workshop.id).values(facilitator="佐藤")
        )
        session.execute(
            update(Group).where(col(Group.id) == made.groups[0].id).values(leader_name="田中")
        )
    other = seeded(database, workshop_id=made.workshop.id)
    recording_id = seeded(database, workshop_id=made.workshop.id)
    with database.write() as session:
        first_other = list_segments(session=session, recording_id=other)[0]
        assign_speaker(session=session, segment_id=first_other.id, speaker="民生委員の木村")
        rows = list_segments(session=session, recording_id=recording_id)
        assign_speaker(session=session, segment_id=rows[2].id, speaker="山田")
        assign_speaker(session=session, segment_id=rows[3].id, speaker="佐藤")
    with database.read() as session:
        names = speaker_choices(session=session, recording_id=recording_id)
    assert names == ["山田", "佐藤", "田中", "民生委員の木村"]


def test_search_finds_every_spelling(database: Database) -> None:
    recording_id = seeded(database)
    rows = segments(database, recording_id)
    hits = search_segments(rows, "サロン")
    assert hits == {rows[0].id: [(3, 6)], rows[1].id: [(0, 3)], rows[3].id: [(0, 3)]}


def test_replace_previews_then_writes_and_skips_what_changed_since(database: Database) -> None:
    recording_id = seeded(database)
    with database.read() as session:
        changes = replace_preview(
            session=session, recording_id=recording_id, find="さろん", replacement="サロン"
        )
    assert [c.new_text for c in changes] == [
        "サロンは毎週火曜日です。",
        "サロンの場所を増やしたいです。",
    ]  # the first segment already says サロン: nothing to change there
    assert segments(database, recording_id)[1].text == "ｻﾛﾝは毎週火曜日です。"  # only a preview
    changed = changes[1].segment
    with database.write() as session:  # someone edits one of them meanwhile
        update_segment(
            session=session,
            segment_id=changed.id,
            expected_version=changed.version,
            text="さろんを増やしたい。",
        )
    with database.write() as session:
        written = apply_text_changes(session=session, changes=changes, action="transcript_replace")
    assert written == 1
    assert [s.text for s in segments(database, recording_id)][1:] == [
        "サロンは毎週火曜日です。",
        "買い物が大変だという声があります。",
        "さろんを増やしたい。",
    ]


def test_a_replacement_that_makes_a_segment_too_long_is_refused(database: Database) -> None:
    recording_id = seeded(database)
    with pytest.raises(InvalidInput) as refused, database.read() as session:
        replace_preview(
            session=session, recording_id=recording_id, find="サロン", replacement="長" * 5000
        )
    assert refused.value.key == "error.too_long"


def test_the_revision_moves_with_every_change(database: Database) -> None:
    recording_id = seeded(database)
    first = segments(database, recording_id)[0]
    with database.read() as session:
        before = transcript_revision(session=session, recording_id=recording_id)
    with database.write() as session:
        assign_speaker(session=session, segment_id=first.id, speaker="司会")
    with database.read() as session:
        after = transcript_revision(session=session, recording_id=recording_id)
    assert before != after
