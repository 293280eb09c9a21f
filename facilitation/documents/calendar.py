"""Review dates and deadlines of action items as iCalendar (RFC 5545), for
the calendars staff already use (Outlook and Google Calendar import it, or
subscribe to the file where it is published).

Each date is an all-day event whose UID stays the same for the same item and
kind, so importing a newer file updates the events instead of adding copies.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event
from sqlmodel import Session

from facilitation.actions import list_actions
from facilitation.core.clock import now_utc
from facilitation.core.i18n import translate
from facilitation.models import ActionRead

PRODUCT = "-//Kondan//action items//JA"


def _event(item: ActionRead, kind: str, day: dt.date, language: str) -> Event:
    event = Event()
    event.add("uid", f"kondan-action-{item.id}-{kind}@kondan")
    event.add("dtstamp", now_utc())
    event.add("dtstart", day)  # a date: an all-day event
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"{translate(f'calendar.{kind}', language)}：{item.title}")
    details = [
        f"{translate('export.stage', language)}：{translate(f'stage.{item.stage}', language)}",
        f"{translate('export.district', language)}：{item.district}" if item.district else "",
        f"{translate('export.owner_names', language)}：{item.owner_names}"
        if item.owner_names
        else "",
    ]
    event.add("description", "\n".join(d for d in details if d))
    event.add("categories", [translate(f"calendar.{kind}", language)])
    return event


def calendar_items(
    items: list[ActionRead], *, person: str | None = None, language: str = "ja"
) -> bytes:
    """The review dates and deadlines of ``items`` (those naming ``person``
    among their owners, if given) as one .ics file."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", translate("calendar.name", language))
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    for item in items:
        if person and person not in item.owner_names:
            continue
        if item.next_review_date:
            calendar.add_component(_event(item, "review", item.next_review_date, language))
        if item.due_date:
            calendar.add_component(_event(item, "due", item.due_date, language))
    return calendar.to_ical()


def action_calendar(
    *,
    session: Session,
    district: str | None = None,
    person: str | None = None,
    language: str = "ja",
) -> bytes:
    """Every item the actor may see (of a district, of a person) as .ics."""
    items = list_actions(session=session, district=district or None)
    return calendar_items(items, person=person, language=language)
