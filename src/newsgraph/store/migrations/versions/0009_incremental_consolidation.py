"""incremental consolidation: event_blocks, event_links, consolidation_dirty, ix_events_cluster

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Written by hand to match store/schema.py (the tables appended under "incremental consolidation").
A store upgraded to this revision has no event_blocks rows, so its next consolidation is a full one
(consolidate/incremental.py), which fills them.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('event_blocks',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('day', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('event_blocks', schema=None) as batch_op:
        batch_op.create_index('ix_event_blocks_kind_day', ['kind', 'day'], unique=False)

    op.create_table('event_links',
    sa.Column('a', sa.String(length=64), nullable=False),
    sa.Column('b', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('day_a', sa.Integer(), nullable=True),
    sa.Column('day_b', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('a', 'b')
    )
    with op.batch_alter_table('event_links', schema=None) as batch_op:
        batch_op.create_index('ix_event_links_b', ['b'], unique=False)
        batch_op.create_index('ix_event_links_kind_days', ['kind', 'day_a', 'day_b'], unique=False)

    op.create_table('consolidation_dirty',
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('article_id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_cluster', ['cluster'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_cluster')
    op.drop_table('consolidation_dirty')
    with op.batch_alter_table('event_links', schema=None) as batch_op:
        batch_op.drop_index('ix_event_links_kind_days')
        batch_op.drop_index('ix_event_links_b')
    op.drop_table('event_links')
    with op.batch_alter_table('event_blocks', schema=None) as batch_op:
        batch_op.drop_index('ix_event_blocks_kind_day')
    op.drop_table('event_blocks')
