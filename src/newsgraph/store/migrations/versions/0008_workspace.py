"""the analyst's workspace: consolidated events' lead report, the corrections log, watch alerts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Written by hand to match store/schema.py.

- ``event_clusters.lead_event``: the report (events.id) that represents a consolidated event in lists,
  maps and exports (the public id of an event is its cluster id, or its own row id when it stands alone).
- ``corrections``: an append-only log of an analyst's corrections (who, when, why, what), applied after
  every build and merge so that a rebuild gives the corrected result.
- ``alerts``: what `newsgraph watch` raised, one row per (rule, event) so a restart never repeats one.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('event_clusters', sa.Column('lead_event', sa.String(64), nullable=True))
    op.create_table(
        'corrections',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('target', sa.Text(), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('who', sa.Text(), nullable=False),
        sa.Column('why', sa.Text(), nullable=True),
        sa.Column('at', sa.String(32), nullable=False),
        sa.Column('uid', sa.String(64), nullable=False),
        sa.UniqueConstraint('uid', name='uq_corrections_uid'),
    )
    op.create_index('ix_corrections_target', 'corrections', ['target'])
    op.create_table(
        'alerts',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('rule', sa.Text(), nullable=False),
        sa.Column('event', sa.String(64), nullable=False),
        sa.Column('article_id', sa.String(64), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('at', sa.String(32), nullable=False),
    )
    op.create_index('ix_alerts_at', 'alerts', ['at'])


def downgrade() -> None:
    op.drop_index('ix_alerts_at', table_name='alerts')
    op.drop_table('alerts')
    op.drop_index('ix_corrections_target', table_name='corrections')
    op.drop_table('corrections')
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.drop_column('lead_event')
