"""a workshop remembers its masking choices; consent to a recording says who and when

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 02:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('workshop') as batch:
        batch.add_column(sa.Column('mask_always', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('mask_never', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('recording') as batch:
        batch.add_column(sa.Column('consent_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch.add_column(sa.Column('consent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('recording') as batch:
        batch.drop_column('consent_at')
        batch.drop_column('consent_by')
    with op.batch_alter_table('workshop') as batch:
        batch.drop_column('mask_never')
        batch.drop_column('mask_always')
