"""articles.dropped: the page furniture cleaning removed, per kind

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Written by hand to match store/schema.py. ``dropped`` holds a JSON list ``[{"kind": ..., "chars": n}]``
(issue 11); articles stored before this revision have NULL (unknown), never an empty list. Made on
branch hygiene as 0003 after 0002, re-chained after main's 0003_actor_version when main was merged in.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dropped', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('dropped')
