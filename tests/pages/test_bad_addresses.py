"""Addresses a person can type: an id too large for any table gives the same
"not found" as any unknown id, never a crash (issue 12, finding 14)."""

from __future__ import annotations

import pytest

HUGE = str(10**23)


@pytest.mark.parametrize(
    ("page", "parameter"),
    [
        ("app_pages/board.py", "workshop"),
        ("app_pages/setup.py", "workshop"),
        ("app_pages/actions.py", "action"),
        ("app_pages/recordings.py", "recording"),
        ("app_pages/minutes.py", "workshop"),
    ],
)
def test_a_huge_id_is_just_not_found(open_page, demo, page: str, parameter: str) -> None:  # type: ignore[no-untyped-def]
    at = open_page(page, **{parameter: HUGE})
    assert not at.exception, at.exception
