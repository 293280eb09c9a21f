"""User text that looks like an address stays text in the browser: no link,
no image (issue 12, finding 10). Streamlit links addresses after parsing
markdown, so escaping alone did not stop it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import update

from facilitation.core.db import Database
from facilitation.models import Workshop
from tests.e2e.conftest import RunningApp, staff_page

pytestmark = pytest.mark.e2e

TITLE = "詳細は http://evil.example/x か www.evil.example、a@evil.example へ ![i](http://127.0.0.1:9/i.png)"


def test_an_address_in_a_title_is_not_a_link(app: RunningApp, browser: Browser) -> None:
    demo = app.demo()
    database = Database(f"sqlite:///{app.data_dir / 'kondan.sqlite3'}")
    with database.write() as session:
        session.execute(
            update(Workshop).where(Workshop.id == demo["workshop_id"]).values(title=TITLE)  # type: ignore[arg-type]
        )
    page = staff_page(browser, app)
    page.goto(f"{app.url}/")
    shown = page.get_by_text("詳細は http:").first
    expect(shown).to_be_visible(timeout=30_000)
    # The words read as typed (the joiners are invisible and zero-width).
    assert shown.inner_text().replace("\u2060", "").startswith("詳細は http://evil.example/x")
    links = page.eval_on_selector_all(
        "[data-testid=stMain] a, [data-testid=stMain] img",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('src') || '')",
    )
    assert not [link for link in links if "evil.example" in link or "127.0.0.1:9" in link], links
    page.context.close()
