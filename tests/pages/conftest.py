"""AppTest fixtures: each test runs the real router on its own SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from facilitation.db import Database
from facilitation.demo import seed_demo
from facilitation.migrate import upgrade
from facilitation.workshops import load_setup

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("KONDAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KONDAN_DATABASE_URL", raising=False)
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def open_page(app_database: Database) -> Callable[..., AppTest]:
    """Run ``page`` through app.py with query parameters, as a browser would."""

    def run(page: str, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.switch_page(page)
        for name, value in query.items():
            at.query_params[name] = value
        return at.run()

    return run


@pytest.fixture
def demo(app_database: Database) -> dict:
    with app_database.write() as session:
        workshop = seed_demo(session=session)
        setup = load_setup(session=session, workshop_id=workshop.id)
    return {"workshop_id": workshop.id, "groups": setup.groups, "categories": setup.categories}
