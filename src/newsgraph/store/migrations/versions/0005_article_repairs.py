"""articles.repairs: the cleaning record of characters replaced to make a text storable

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Written by hand to match store/schema.py. ``repairs`` is a JSON object (kind -> count, e.g.
``{"nul": 2}``) or NULL when nothing was replaced (storable.py).

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # a plain ALTER TABLE ADD COLUMN on both backends: the table is never copied
    op.add_column('articles', sa.Column('repairs', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('repairs')
