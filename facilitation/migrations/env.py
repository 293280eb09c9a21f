"""Alembic environment: every table is imported so autogenerate sees it."""

from alembic import context
from sqlmodel import SQLModel

# The import registers every table on SQLModel.metadata.
import facilitation.models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
