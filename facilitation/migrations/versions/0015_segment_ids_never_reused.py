"""transcript segment ids are never reused on SQLite (AUTOINCREMENT), so an
editor still showing a replaced segment cannot save over a new one

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 09:50:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL's sequences never reuse a value: only SQLite's table changes.
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table(
            'transcript_segment', recreate='always', table_kwargs={'sqlite_autoincrement': True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table(
            'transcript_segment', recreate='always', table_kwargs={'sqlite_autoincrement': False}
        ):
            pass
