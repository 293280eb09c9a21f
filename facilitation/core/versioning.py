"""Optimistic locking, the one way a versioned row is changed.

Every row that two people can edit at once (a workshop, a note, a cluster, a
group summary, an action item, a transcript segment) has an integer
``version``. An edit carries the version its writer saw; the write is a single
``UPDATE … WHERE id = :id AND version = :seen`` (or ``DELETE``), so the check
and the write cannot be separated. Of two writers holding the same version,
exactly one succeeds: on PostgreSQL the second waits on the first's row lock,
then finds the version moved on; on SQLite writers already take turns.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, update
from sqlmodel import Session

from facilitation.core.errors import NotFound, StaleEdit


def versioned_update(
    session: Session,
    model: type[Any],
    row_id: int,
    expected_version: int,
    *,
    not_found: str,
    **values: object,
) -> None:
    """Write ``values`` to the row and move its version on by one, if its
    version is still ``expected_version``. Raises StaleEdit if someone changed
    it first, NotFound(``not_found``) if it is gone. Expires the session, so
    objects read before show the new values."""
    table = model.__table__
    result = cast(
        CursorResult[Any],
        session.execute(
            update(table)
            .where(table.c.id == row_id, table.c.version == expected_version)
            .values(version=table.c.version + 1, **values)
        ),
    )
    _check_one_row(session, model, row_id, result.rowcount, not_found)
    session.expire_all()


def versioned_delete(
    session: Session, model: type[Any], row_id: int, expected_version: int, *, not_found: str
) -> None:
    """Delete the row if its version is still ``expected_version`` (else as
    ``versioned_update``)."""
    table = model.__table__
    result = cast(
        CursorResult[Any],
        session.execute(
            delete(table).where(table.c.id == row_id, table.c.version == expected_version)
        ),
    )
    _check_one_row(session, model, row_id, result.rowcount, not_found)
    session.expire_all()


def _check_one_row(
    session: Session, model: type[Any], row_id: int, rowcount: int, not_found: str
) -> None:
    if rowcount == 1:
        return
    session.expire_all()
    if session.get(model, row_id) is None:
        raise NotFound(not_found)
    raise StaleEdit("error.stale_edit")
