"""What the sticky board's events mean: each one is checked for shape here and
then handed to the domain, which checks who may do it, the board lock, the
versions the page saw and the idempotency tokens. Nothing here trusts the
browser's copy of the board; a malformed event is refused as invalid input.

Kept free of Streamlit so that it can be tested with a plain database session.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from facilitation.actions import create_from_source
from facilitation.core.errors import InvalidInput
from facilitation.workshops import boards
from facilitation.workshops.setup import set_plenary_group, set_spotlight_note

MAX_NOTES_PER_EVENT = 500
TOKEN_MAX_CHARS = 64


@dataclass(frozen=True)
class Outcome:
    """The message key to show for a successful event (None: nothing to say)."""

    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _int(event: Mapping[str, Any], name: str) -> int:
    value = event.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise InvalidInput("error.bad_event")
    return value


def _version(event: Mapping[str, Any], name: str = "version") -> int:
    value = event.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise InvalidInput("error.bad_event")
    return value


def _optional_int(event: Mapping[str, Any], name: str) -> int | None:
    return None if event.get(name) is None else _int(event, name)


def _text(event: Mapping[str, Any], name: str) -> str:
    value = event.get(name)
    if not isinstance(value, str):
        raise InvalidInput("error.bad_event")
    return value


def _notes(event: Mapping[str, Any]) -> list[tuple[int, int]]:
    raw = event.get("notes")
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_NOTES_PER_EVENT:
        raise InvalidInput("error.bad_event")
    pairs = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 2:
            raise InvalidInput("error.bad_event")
        pairs.append((_int({"id": item[0]}, "id"), _version({"v": item[1]}, "v")))
    return pairs


def apply_event(
    session: Session,
    event: Mapping[str, Any],
    *,
    workshop_id: int,
    group_ids: Collection[int],
) -> Outcome:
    """Carry out one board event for a page that shows ``group_ids`` of
    ``workshop_id``. Raises the domain's UserError when it is refused."""
    op = event.get("op")
    if op == "spotlight":
        group_id = _optional_int(event, "group")
        if group_id is not None and group_id not in group_ids:
            raise InvalidInput("error.bad_event")
        set_plenary_group(session=session, workshop_id=workshop_id, group_id=group_id)
        return Outcome("sb.spotlight_on" if group_id else "sb.spotlight_off_done")
    if op == "spotlight_note":
        note_id = _optional_int(event, "note")
        set_spotlight_note(session=session, workshop_id=workshop_id, note_id=note_id)
        return Outcome("sb.note_spotlight_on" if note_id else "sb.note_spotlight_off_done")
    group_id = _int(event, "group")
    if group_id not in group_ids:
        raise InvalidInput("error.bad_event")
    if op == "add":
        token = _text(event, "token")
        if not token or len(token) > TOKEN_MAX_CHARS:
            raise InvalidInput("error.bad_event")
        boards.add_note(
            session=session,
            group_id=group_id,
            text=_text(event, "text"),
            category_id=_optional_int(event, "category"),
            client_token=token,
        )
        return Outcome("group.added")
    if op == "edit":
        boards.update_note(
            session=session,
            group_id=group_id,
            note_id=_int(event, "note"),
            expected_version=_version(event),
            text=_text(event, "text"),
            category_id=_optional_int(event, "category"),
        )
        return Outcome("group.saved")
    if op == "move":
        notes = _notes(event)
        island = event.get("island")
        if island == "new":
            island = boards.create_cluster(
                session=session, group_id=group_id, label=_text(event, "label")
            ).id
        else:
            island = _optional_int(event, "island")
        boards.move_notes(session=session, group_id=group_id, notes=notes, cluster_id=island)
        return Outcome("sb.moved", {"count": len(notes)})
    if op == "delete":
        notes = _notes(event)
        for note_id, version in notes:
            boards.delete_note(
                session=session, group_id=group_id, note_id=note_id, expected_version=version
            )
        return Outcome()
    if op == "make_action":
        # An action item from a note, an island or the table's summary, in one
        # tap: a short title is proposed and the source is linked.
        kind = event.get("kind")
        if kind not in ("note", "cluster", "group_summary"):
            raise InvalidInput("error.bad_event")
        item = create_from_source(
            session=session, kind=kind, source_id=_int(event, "target"), group_id=group_id
        )
        return Outcome("sb.action_made", {"title": item.title})
    if op == "vote":
        delta = event.get("delta")
        if delta not in (1, -1):
            raise InvalidInput("error.bad_event")
        target = _int(event, "target")
        if event.get("kind") == "note":
            boards.vote_note(session=session, group_id=group_id, note_id=target, delta=delta)
        elif event.get("kind") == "island":
            boards.vote_cluster(session=session, group_id=group_id, cluster_id=target, delta=delta)
        else:
            raise InvalidInput("error.bad_event")
        return Outcome()
    if op == "rename":
        boards.rename_cluster(
            session=session,
            group_id=group_id,
            cluster_id=_int(event, "island"),
            expected_version=_version(event),
            label=_text(event, "label"),
        )
        return Outcome("group.saved")
    if op == "dissolve":
        boards.delete_cluster(
            session=session,
            group_id=group_id,
            cluster_id=_int(event, "island"),
            expected_version=_version(event),
        )
        return Outcome("sb.dissolved")
    if op == "merge":
        boards.merge_clusters(
            session=session,
            group_id=group_id,
            cluster_id=_int(event, "island"),
            expected_version=_version(event),
            into_cluster_id=_int(event, "into"),
        )
        return Outcome("sb.merged")
    if op == "summary":
        boards.save_group_summary(
            session=session,
            group_id=group_id,
            text=_text(event, "text"),
            expected_version=_version(event),
        )
        return Outcome("group.saved")
    raise InvalidInput("error.bad_event")
