"""the projector can show one note large

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('workshop', sa.Column('spotlight_note_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute('ALTER TABLE workshop DROP COLUMN spotlight_note_id')
