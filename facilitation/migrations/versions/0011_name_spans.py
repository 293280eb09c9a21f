"""the name finder's answers are kept per text hash

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 03:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'name_span',
        sa.Column('text_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('spans', sa.JSON(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('text_hash'),
    )


def downgrade() -> None:
    op.drop_table('name_span')
