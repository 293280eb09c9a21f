"""The process-wide database handle, and sessions bound to whoever is using
the page: every read and write a page makes carries its actor to the domain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlmodel import Session

from facilitation.accounts import ensure_admin
from facilitation.core.db import Database
from facilitation.core.migrate import upgrade
from facilitation.core.settings import get_settings
from facilitation.documents.people import use_database
from facilitation.policy.access import Actor


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    settings = get_settings()
    database = Database(url)
    database.mark_in_use()
    upgrade(database)
    use_database(database)  # the name finder's answers are kept there
    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    with database.write() as session:
        one_time = ensure_admin(session=session, username=settings.admin_user, password=password)
    if one_time:
        # The console of the machine that runs Kondan is the only place it appears.
        name = settings.admin_user
        print(
            f"\nKondan: the first administrator is '{name}' with the one-time password: "
            f"{one_time}\n(it must be changed at the first sign-in)\n",
            flush=True,
        )
    return database


def system_database() -> Database:
    """The database without an actor: only for signing in and resolving join codes."""
    return _database(get_settings().database_url)


class BoundDatabase:
    """The database as one actor sees it."""

    def __init__(self, database: Database, actor: Actor | object) -> None:
        self._database, self.actor = database, actor

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._database.read(actor=self.actor) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._database.write(actor=self.actor) as session:
            yield session


ACTOR_KEY = "bound_actor"


def bind(actor: Actor) -> None:
    """Make ``actor`` the one this browser session's pages read and write as."""
    st.session_state[ACTOR_KEY] = actor


def database() -> BoundDatabase:
    """The database as the signed-in user (or the join code) sees it. A page
    reached without either gets a handle the domain refuses everything to."""
    actor = st.session_state.get(ACTOR_KEY)
    return BoundDatabase(system_database(), actor if actor is not None else _Nobody())


class _Nobody:
    """An actor with no rights at all (the domain knows neither staff nor code)."""

    label = "nobody"
