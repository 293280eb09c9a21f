"""audit entries name the account id; accounts are no longer locked

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 23:00:00

Sign-in failures now slow down the client address that makes them instead of
locking the account for everyone, so the lock's two columns go. Native
ALTER TABLE, as in 0006: a batch copy on SQLite would drop user_account and,
with foreign keys on, every sign-in token with it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('audit_event', sa.Column('actor_user_id', sa.Integer(), nullable=True))
    op.create_index('ix_audit_event_actor_user_id', 'audit_event', ['actor_user_id'])
    op.execute('ALTER TABLE user_account DROP COLUMN failed_attempts')
    op.execute('ALTER TABLE user_account DROP COLUMN locked_until')


def downgrade() -> None:
    op.add_column(
        'user_account',
        sa.Column('failed_attempts', sa.Integer(), nullable=False, server_default='0'),
    )
    op.add_column(
        'user_account',
        sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.drop_index('ix_audit_event_actor_user_id', table_name='audit_event')
    op.execute('ALTER TABLE audit_event DROP COLUMN actor_user_id')
