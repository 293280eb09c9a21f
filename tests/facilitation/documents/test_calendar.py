"""Review dates and deadlines as iCalendar (issue 15, item 7)."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from facilitation import actions
from facilitation.core.db import Database
from facilitation.documents.calendar import action_calendar


def add(database: Database, title: str, **fields: object) -> actions.ActionRead:
    with database.write() as session:
        return actions.create_action(
            session=session,
            data=actions.ActionInput(title=title, **fields),  # type: ignore[arg-type]
        )


def events(data: bytes) -> dict[str, dict[str, object]]:
    parsed = Calendar.from_ical(data)
    return {
        str(e["uid"]): {"start": e.decoded("dtstart"), "summary": str(e["summary"])}
        for e in parsed.walk("VEVENT")
    }


def test_reviews_and_deadlines_are_all_day_events_with_stable_ids(database: Database) -> None:
    item = add(
        database,
        "見守り講座",
        district="さくら地区",
        owner_names="民生委員 井上",
        next_review_date=dt.date(2026, 7, 30),
        due_date=dt.date(2026, 8, 15),
    )
    add(database, "配食", district="みどり地区", next_review_date=dt.date(2026, 9, 1))
    with database.read() as session:
        data = action_calendar(session=session)
        again = action_calendar(session=session)
        sakura = action_calendar(session=session, district="さくら地区")
        inoue = action_calendar(session=session, person="井上")
    found = events(data)
    assert found[f"kondan-action-{item.id}-review@kondan"] == {
        "start": dt.date(2026, 7, 30),
        "summary": "ふりかえり：見守り講座",
    }
    assert found[f"kondan-action-{item.id}-due@kondan"]["start"] == dt.date(2026, 8, 15)
    assert len(found) == 3
    assert set(events(again)) == set(found)  # importing again updates, never duplicates
    assert b"DTSTART;VALUE=DATE:20260730" in data
    assert {e["summary"] for e in events(sakura).values()} == {
        "ふりかえり：見守り講座",
        "期限：見守り講座",
    }
    assert set(events(inoue)) == set(events(sakura))
