"""consolidation: event_clusters and contradictions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Written by hand to match store/schema.py (the tables appended under "consolidation"). The events
table already has its ``cluster`` column (0001), so no existing table changes.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('event_clusters',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('pipeline_version', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('date_first', sa.String(length=10), nullable=True),
    sa.Column('date_last', sa.String(length=10), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('n_reports', sa.Integer(), nullable=False),
    sa.Column('n_articles', sa.Integer(), nullable=False),
    sa.Column('n_outlets', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.create_index('ix_event_clusters_pv', ['pipeline_version'], unique=False)

    op.create_table('contradictions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('cluster_id', sa.String(length=64), nullable=False),
    sa.Column('pipeline_version', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('versions', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['event_clusters.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contradictions', schema=None) as batch_op:
        batch_op.create_index('ix_contradictions_cluster', ['cluster_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contradictions', schema=None) as batch_op:
        batch_op.drop_index('ix_contradictions_cluster')
    op.drop_table('contradictions')
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.drop_index('ix_event_clusters_pv')
    op.drop_table('event_clusters')
