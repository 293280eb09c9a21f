"""Alembic environment: every model module is imported so autogenerate sees it."""

from alembic import context
from sqlmodel import SQLModel

# Each import registers its tables on SQLModel.metadata.
from facilitation import action_models, audit, models  # noqa: F401
from transcripts import store, vocabulary  # noqa: F401

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
