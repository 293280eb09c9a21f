"""Schema migrations (Alembic), applied by the app and by every ``kondan`` command."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from facilitation.core.db import Database

# The Alembic environment sits at the top of the package (it imports every
# table), beside the CLI; the kernel only points at it.
MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = database._write_engine
    return config


def is_current(database: Database) -> bool:
    """Whether the database already stands at the newest revision."""
    heads = set(ScriptDirectory.from_config(alembic_config(database)).get_heads())
    with database.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def upgrade(database: Database) -> None:
    """Bring the schema to the newest revision; does nothing if it is already there."""
    if not is_current(database):
        command.upgrade(alembic_config(database), "head")
