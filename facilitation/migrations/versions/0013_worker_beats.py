"""each transcription worker beats, so a missing one can be named

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 06:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'worker_beat',
        sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('beat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('worker'),
    )
    op.create_index('ix_worker_beat_beat_at', 'worker_beat', ['beat_at'])


def downgrade() -> None:
    op.drop_index('ix_worker_beat_beat_at', table_name='worker_beat')
    op.drop_table('worker_beat')
