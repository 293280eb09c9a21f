"""User text is shown literally wherever Streamlit reads markdown: a display
name in the sidebar, a category on the group page's buttons, a table in the
plenary chooser (issue 12, finding 10)."""

from __future__ import annotations

from sqlalchemy import update

from facilitation.models import Category, Group, UserAccount

MARKDOWN = "**太字**![x](http://127.0.0.1:9/x.png)"
# The word joiner (U+2060) after each colon keeps Streamlit from linking the address.
ESCAPED = "\\*\\*太字\\*\\*\\!\\[x\\]\\(http\\:\u2060//127\\.0\\.0\\.1\\:\u20609/x\\.png\\)"


def test_a_display_name_is_literal_in_the_sidebar(open_page, app_database, accounts) -> None:  # type: ignore[no-untyped-def]
    with app_database.write() as session:
        session.execute(update(UserAccount).values(display_name=MARKDOWN))
    at = open_page("app_pages/home.py")
    captions = [c.value for c in at.sidebar.caption]
    assert any(ESCAPED in c for c in captions), captions


def test_categories_and_tables_are_literal_in_options(open_page, app_database, demo) -> None:  # type: ignore[no-untyped-def]
    with app_database.write() as session:
        session.execute(update(Category).values(name=MARKDOWN))
        session.execute(update(Group).values(name=MARKDOWN))
    group = open_page("app_pages/group.py", as_user=None, code=demo["groups"][0].join_code)
    assert not group.exception
    options = [o for box in group.selectbox for o in box.options]
    assert options and all(o == MARKDOWN for o in options), options  # plain text there
    board = open_page("app_pages/board.py", workshop=str(demo["workshop_id"]))
    assert not board.exception
