"""renewed join codes are kept, so that a page open on one says it was renewed

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 01:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'retired_join_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('join_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            'group_id',
            sa.Integer(),
            sa.ForeignKey('workshop_group.id', ondelete='CASCADE'),
            nullable=False,
        ),
        sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_retired_join_code_join_code', 'retired_join_code', ['join_code'], unique=True
    )
    op.create_index('ix_retired_join_code_group_id', 'retired_join_code', ['group_id'])


def downgrade() -> None:
    op.drop_index('ix_retired_join_code_group_id', table_name='retired_join_code')
    op.drop_index('ix_retired_join_code_join_code', table_name='retired_join_code')
    op.drop_table('retired_join_code')
