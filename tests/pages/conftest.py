"""AppTest fixtures: each test runs the real router on its own SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from facilitation.accounts import AccountRead, create_user, ensure_admin
from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.core.settings import get_settings
from facilitation.models import UserAccount
from facilitation.ops.demo import seed_demo
from facilitation.workshops.setup import load_setup
from ui import state

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("KONDAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KONDAN_DATABASE_URL", raising=False)
    # The app reads its settings once per process; each test is a new installation.
    get_settings.cache_clear()
    database = Database(f"sqlite:///{tmp_path / 'kondan.sqlite3'}")
    upgrade(database)
    yield database
    database.dispose()
    get_settings.cache_clear()


ADMIN_PASSWORD = "correct-horse-battery"  # noqa: S105 - a test account's


@pytest.fixture
def accounts(app_database: Database) -> dict[str, AccountRead]:
    """An admin, a staff member and a facilitator, signed-in capable."""
    with app_database.write() as session:
        ensure_admin(session=session, username="admin", password=ADMIN_PASSWORD)
    made = {}
    with app_database.write() as session:
        for role in ("staff", "facilitator"):
            made[role] = create_user(
                session=session, username=role, password=ADMIN_PASSWORD, role=role
            )
        admin = session.exec(select(UserAccount).where(UserAccount.username == "admin")).one()
        for account in session.exec(select(UserAccount)).all():
            account.must_change_password = False
    made["admin"] = AccountRead(
        id=admin.id or 0,
        username="admin",
        display_name="",
        role="admin",
        active=True,
        must_change_password=False,
        session_epoch=admin.session_epoch,
    )
    return made


@pytest.fixture
def open_page(app_database: Database, accounts: dict[str, AccountRead]) -> Callable[..., AppTest]:
    """Run ``page`` through app.py with query parameters, as a browser would,
    signed in as ``as_user`` (admin by default; None: not signed in)."""

    def run(page: str, *, as_user: str | None = "admin", **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if as_user is not None:
            at.session_state[state.USER_ID] = accounts[as_user].id
            at.session_state[state.USER_EPOCH] = accounts[as_user].session_epoch
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
