"""alert delivery: alerts.pending (the sinks an alert has not reached yet)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Written by hand to match store/schema.py. ``newsgraph watch`` stores an alert and the sinks it must
reach (``jsonl``, ``webhook``) in one transaction, then clears each sink once it has been written: a
watch killed between the two delivers what is pending on its next cycle (watch.py). Alerts stored
before this revision have reached their sinks already: their ``pending`` is NULL.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_alerts_pending', ['pending'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_pending')
        batch_op.drop_column('pending')
