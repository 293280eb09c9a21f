"""lists stored as lists: action owners in a child table, review counts and
job warnings as JSON

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 22:20:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    op.create_table(
        'action_owner',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('action_id', 'kind'),
    )
    with op.batch_alter_table('action_owner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_owner_action_id'), ['action_id'], unique=False)
    owner_rows = [
        {'action_id': action_id, 'position': position, 'kind': kind}
        for action_id, owners in connection.execute(sa.text('SELECT id, owners FROM action_item'))
        for position, kind in enumerate(dict.fromkeys(o for o in (owners or '').split(',') if o))
    ]
    if owner_rows:
        connection.execute(
            sa.text(
                'INSERT INTO action_owner (action_id, position, kind) '
                'VALUES (:action_id, :position, :kind)'
            ),
            owner_rows,
        )
    # Native ALTER TABLE, not a batch copy: on SQLite a batch copy drops the
    # old table, and with foreign keys on that DROP deletes every child row
    # (events, reviews, the owners just written). SQLite has had DROP COLUMN
    # since 3.35 and RENAME COLUMN since 3.25.
    op.execute('ALTER TABLE action_item DROP COLUMN owners')

    # "n1,n2,n3,n4,n5" → [n1, n2, n3, n4, n5]
    op.add_column('review', sa.Column('satisfaction_counts_list', sa.JSON(), nullable=True))
    reviews = connection.execute(sa.text('SELECT id, satisfaction_counts FROM review')).all()
    for review_id, counts in reviews:
        if counts:
            connection.execute(
                sa.text('UPDATE review SET satisfaction_counts_list = :counts WHERE id = :id'),
                {'counts': json.dumps([int(n) for n in counts.split(',')]), 'id': review_id},
            )
    op.execute('ALTER TABLE review DROP COLUMN satisfaction_counts')
    op.execute('ALTER TABLE review RENAME COLUMN satisfaction_counts_list TO satisfaction_counts')

    # Already JSON text; on PostgreSQL the column type now says so. SQLite
    # keeps text whatever the declared type, and SQLAlchemy's JSON reads it.
    if connection.dialect.name == 'postgresql':
        for name in ('error_params', 'warnings'):
            op.alter_column(
                'transcription_job',
                name,
                existing_type=sqlmodel.sql.sqltypes.AutoString(),
                type_=sa.JSON(),
                existing_nullable=False,
                postgresql_using=f'{name}::json',
            )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == 'postgresql':
        for name in ('error_params', 'warnings'):
            op.alter_column(
                'transcription_job',
                name,
                existing_type=sa.JSON(),
                type_=sqlmodel.sql.sqltypes.AutoString(),
                existing_nullable=False,
                postgresql_using=f'{name}::text',
            )
    op.add_column(
        'review',
        sa.Column('satisfaction_counts_text', sqlmodel.sql.sqltypes.AutoString(),
                  nullable=False, server_default=''),
    )
    for review_id, counts in connection.execute(
        sa.text('SELECT id, satisfaction_counts FROM review')
    ).all():
        if counts:
            values = json.loads(counts) if isinstance(counts, str) else counts
            connection.execute(
                sa.text('UPDATE review SET satisfaction_counts_text = :counts WHERE id = :id'),
                {'counts': ','.join(str(n) for n in values), 'id': review_id},
            )
    op.execute('ALTER TABLE review DROP COLUMN satisfaction_counts')
    op.execute('ALTER TABLE review RENAME COLUMN satisfaction_counts_text TO satisfaction_counts')
    op.add_column(
        'action_item',
        sa.Column('owners', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                  server_default=''),
    )
    owners: dict[int, list[str]] = {}
    for action_id, kind in connection.execute(
        sa.text('SELECT action_id, kind FROM action_owner ORDER BY action_id, position')
    ):
        owners.setdefault(action_id, []).append(kind)
    for action_id, kinds in owners.items():
        connection.execute(
            sa.text('UPDATE action_item SET owners = :owners WHERE id = :id'),
            {'owners': ','.join(kinds), 'id': action_id},
        )
    op.drop_table('action_owner')
