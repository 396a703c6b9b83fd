"""actors.sector, actors.collective, actors.inter: who an actor is in the ACLED/PLOVER sense

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Written by hand to match store/schema.py (issue 11). ``sector`` is a PLOVER/CAMEO-style sector code
(GOV, MIL, COP, REB, OPP, CVL, IGO, ...); ``collective`` marks ACLED-convention collective actors
("Military Forces of X", "Protesters (X)"); ``inter`` is ACLED's actor type code (1-8). NULL: unknown
(rows written before this revision, or nothing known).

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sector', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('collective', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('inter', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_column('inter')
        batch_op.drop_column('collective')
        batch_op.drop_column('sector')
