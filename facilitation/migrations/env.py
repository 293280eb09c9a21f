"""Alembic environment: every table is imported so autogenerate sees it.

On SQLite, a batch migration that changes a table's constraints copies the
table, drops the old one and renames the copy. With foreign keys enforced,
that drop cascades: 0005 (a foreign key added to ``workshop``) deleted every
table, note and island of an older database. Foreign keys are therefore off
while migrations run on SQLite, checked once they are done, and on again."""

from typing import Any

from alembic import context
from sqlmodel import SQLModel

# The import registers every table on SQLModel.metadata.
import facilitation.models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def _sqlite_foreign_keys(connection: Any, on: bool) -> None:
    # On the driver's own connection, outside any transaction (inside one the
    # pragma is silently ignored).
    raw = connection.connection.driver_connection
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by a migration: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


run_migrations_online()
