"""the minutes list named attendees and the next meeting

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 04:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('workshop') as batch:
        batch.add_column(sa.Column('attendees', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('next_meeting', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('workshop') as batch:
        batch.drop_column('next_meeting')
        batch.drop_column('attendees')
