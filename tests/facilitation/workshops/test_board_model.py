"""Random sequences of create / edit / move / vote / delete from several writers,
checked after every step against a simple model: nothing lost, nothing
duplicated, every stale edit refused and every fresh one applied."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlmodel import Session

from facilitation.core.db import Database
from facilitation.core.errors import StaleEdit
from facilitation.core.limits import MAX_VOTES
from facilitation.workshops import boards
from tests.databases import empty_postgres, migrated_sqlite_template, postgres_database, sqlite_copy
from tests.factories import make_workshop

WRITERS = 3
texts = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S"]) | st.sampled_from("買い物サロン👍<>&"),
    min_size=1,
    max_size=20,
)


@dataclass
class ModelNote:
    group_id: int
    text: str
    cluster_id: int | None = None
    votes: int = 0
    version: int = 1


@dataclass
class Writer:
    seen: dict[int, int] = field(default_factory=dict)  # note id → version seen


class BoardMachine(RuleBasedStateMachine):
    """Subclasses say which database to run on."""

    def open_database(self) -> Database:
        raise NotImplementedError

    @initialize()
    def setup(self) -> None:
        self.database = self.open_database()
        made = make_workshop(self.database, tables=2)
        self.group_ids = [g.id for g in made.groups]
        self.notes: dict[int, ModelNote] = {}
        self.clusters: dict[int, int] = {}  # cluster id → group id
        self.writers = [Writer() for _ in range(WRITERS)]
        self.tokens = 0
        self.last_token: tuple[str, int, str, int] | None = None

    def teardown(self) -> None:
        if hasattr(self, "database"):
            self.database.dispose()

    def _pick(self, data: st.DataObject, values: list[int]) -> int:
        return data.draw(st.sampled_from(sorted(values)))

    def _seen_note(self, writer: int, data: st.DataObject) -> tuple[int, ModelNote] | None:
        """A note this writer has seen (at the version it saw), or None."""
        seen = self.writers[writer].seen
        candidates = [i for i in self.notes if i in seen]
        if not candidates:
            return None
        note_id = self._pick(data, candidates)
        return note_id, self.notes[note_id]

    def _versioned(
        self, writer: int, note_id: int, write: Callable[[Session, int], object]
    ) -> bool:
        """Run a versioned write with the version the writer saw. It must succeed
        exactly when that version is current; returns whether it did."""
        seen = self.writers[writer].seen
        model = self.notes[note_id]
        try:
            with self.database.write() as session:
                write(session, seen[note_id])
        except StaleEdit:
            assert seen[note_id] != model.version
            return False
        assert seen[note_id] == model.version
        return True

    @rule(writer=st.integers(0, WRITERS - 1), table=st.integers(0, 1), text=texts)
    def create(self, writer: int, table: int, text: str) -> None:
        group_id = self.group_ids[table]
        self.tokens += 1
        token = f"t{self.tokens}"
        with self.database.write() as session:
            note = boards.add_note(
                session=session, group_id=group_id, text=text, client_token=token
            )
        assert note.id not in self.notes
        self.notes[note.id] = ModelNote(group_id=group_id, text=note.text)
        self.writers[writer].seen[note.id] = note.version
        self.last_token = (token, group_id, note.text, note.id)

    @precondition(lambda self: self.last_token is not None)
    @rule()
    def resubmit(self) -> None:
        assert self.last_token is not None
        token, group_id, text, note_id = self.last_token
        with self.database.write() as session:
            note = boards.add_note(
                session=session, group_id=group_id, text=text, client_token=token
            )
        if note_id in self.notes:
            assert note.id == note_id, "a second submit of one form made a second note"
        else:
            # The note was deleted since; sending its form again writes it anew.
            self.notes[note.id] = ModelNote(group_id=group_id, text=note.text)
            self.last_token = (token, group_id, text, note.id)

    @rule(writer=st.integers(0, WRITERS - 1))
    def refresh(self, writer: int) -> None:
        for group_id in self.group_ids:
            with self.database.read() as session:
                board = boards.load_group_board(session=session, group_id=group_id)
            for note in board.notes:
                self.writers[writer].seen[note.id] = note.version

    @precondition(lambda self: self.notes)
    @rule(writer=st.integers(0, WRITERS - 1), text=texts, data=st.data())
    def edit(self, writer: int, text: str, data: st.DataObject) -> None:
        picked = self._seen_note(writer, data)
        if picked is None:
            return
        note_id, model = picked
        saved: list[str] = []

        def write(session: Session, version: int) -> None:
            saved.append(
                boards.update_note(
                    session=session,
                    group_id=model.group_id,
                    note_id=note_id,
                    expected_version=version,
                    text=text,
                    category_id=None,
                ).text
            )

        if self._versioned(writer, note_id, write):
            model.text, model.version = saved[0], model.version + 1
            self.writers[writer].seen[note_id] = model.version

    @precondition(lambda self: self.notes)
    @rule(writer=st.integers(0, WRITERS - 1), data=st.data())
    def move(self, writer: int, data: st.DataObject) -> None:
        picked = self._seen_note(writer, data)
        if picked is None:
            return
        note_id, model = picked
        targets = [None] + [c for c, g in self.clusters.items() if g == model.group_id]
        target = data.draw(st.sampled_from(targets))

        def write(session: Session, version: int) -> None:
            boards.move_note(
                session=session,
                group_id=model.group_id,
                note_id=note_id,
                expected_version=version,
                cluster_id=target,
            )

        if self._versioned(writer, note_id, write):
            model.cluster_id, model.version = target, model.version + 1
            self.writers[writer].seen[note_id] = model.version

    @precondition(lambda self: self.notes)
    @rule(delta=st.integers(-3, 3).filter(bool), data=st.data())
    def vote(self, delta: int, data: st.DataObject) -> None:
        note_id = self._pick(data, list(self.notes))
        model = self.notes[note_id]
        with self.database.write() as session:
            votes = boards.vote_note(
                session=session, group_id=model.group_id, note_id=note_id, delta=delta
            )
        if 0 <= model.votes + delta <= MAX_VOTES:
            model.votes += delta
        assert votes == model.votes

    @precondition(lambda self: self.notes)
    @rule(writer=st.integers(0, WRITERS - 1), data=st.data())
    def delete(self, writer: int, data: st.DataObject) -> None:
        picked = self._seen_note(writer, data)
        if picked is None:
            return
        note_id, model = picked

        def write(session: Session, version: int) -> None:
            boards.delete_note(
                session=session, group_id=model.group_id, note_id=note_id, expected_version=version
            )

        if self._versioned(writer, note_id, write):
            del self.notes[note_id]

    @rule(table=st.integers(0, 1), label=texts)
    def create_cluster(self, table: int, label: str) -> None:
        group_id = self.group_ids[table]
        with self.database.write() as session:
            cluster = boards.create_cluster(session=session, group_id=group_id, label=label)
        self.clusters[cluster.id] = group_id

    @invariant()
    def database_matches_model(self) -> None:
        if not hasattr(self, "database"):
            return
        stored: dict[int, ModelNote] = {}
        for group_id in self.group_ids:
            with self.database.read() as session:
                board = boards.load_group_board(session=session, group_id=group_id)
            for note in board.notes:
                assert note.id not in stored, "a note appears twice"
                stored[note.id] = ModelNote(
                    group_id=note.group_id,
                    text=note.text,
                    cluster_id=note.cluster_id,
                    votes=note.votes,
                    version=note.version,
                )
        assert stored == self.notes


_TEMPLATE: list[Path] = []


class SQLiteBoardMachine(BoardMachine):
    def open_database(self) -> Database:
        if not _TEMPLATE:
            _TEMPLATE.append(migrated_sqlite_template(Path(tempfile.mkdtemp())))
        target = Path(tempfile.mkdtemp()) / "kondan.sqlite3"
        return sqlite_copy(_TEMPLATE[0], target)


class PostgresBoardMachine(BoardMachine):
    def open_database(self) -> Database:

        database = postgres_database(
            f"kondan_test_model_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        )
        empty_postgres(database)
        return database


_settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestBoardModelSQLite = SQLiteBoardMachine.TestCase
TestBoardModelSQLite.settings = _settings
TestBoardModelPostgres = pytest.mark.postgres(PostgresBoardMachine.TestCase)
TestBoardModelPostgres.settings = settings(_settings, max_examples=15)
