"""The home page: first run, the list of workshops, joining with a code."""

from __future__ import annotations

from facilitation.workshops.setup import list_workshops
from tests.factories import make_workshop
from tests.pages.helpers import by_label, texts


def test_first_run_offers_the_sample(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page("app_pages/home.py")
    assert "まだ懇談会がありません" in texts(at)
    by_label(at.button, "サンプル懇談会を読み込む").click().run()
    assert not at.exception
    with app_database.read() as session:
        assert [w.title for w in list_workshops(session=session)] == ["サンプル住民懇談会"]


def test_lists_workshops_and_copies_one(open_page, demo, app_database) -> None:  # type: ignore[no-untyped-def]
    at = open_page("app_pages/home.py")
    assert "サンプル住民懇談会" in texts(at)
    assert "30 付箋" in texts(at)
    at.button(key=f"copy-{demo['workshop_id']}").click().run()
    with app_database.read() as session:
        titles = [w.title for w in list_workshops(session=session)]
    assert "サンプル住民懇談会（コピー）" in titles


def test_markdown_in_a_title_is_shown_literally(open_page, app_database) -> None:  # type: ignore[no-untyped-def]

    make_workshop(app_database, title="[罠](javascript:alert(1)) **太字**")
    at = open_page("app_pages/home.py")
    shown = texts(at)
    assert "\\[罠\\]\\(javascript\\:\u2060alert\\(1\\)\\) \\*\\*太字\\*\\*" in shown


def test_an_admin_sees_what_needs_fixing_and_others_do_not(open_page, app_database) -> None:  # type: ignore[no-untyped-def]
    """Issue 16, item 5: the doctor's checks on the home page, for admins."""
    admin = open_page("app_pages/home.py")
    titles = [e.label for e in admin.expander]
    assert any(label.startswith("システムの状態：確かめることが") for label in titles), titles
    assert "一度も動いていません。" in texts(admin)  # no worker in the tests
    staff = open_page("app_pages/home.py", as_user="staff")
    assert not any(e.label.startswith("システムの状態") for e in staff.expander)
