"""events.date_basis, time_precision, place_basis, geo_precision: how an event's when and where were found

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Written by hand to match store/schema.py (issue 12). ``date_basis``: explicit, context, publication or
none; ``time_precision``: ACLED's code (1 day, 2 week / approximate, 3 month, year or on or before); ``place_basis``:
sentence, context, dateline or focus; ``geo_precision``: ACLED's code (1 the place itself, 2 near it or
part of a region, 3 a region or country). NULL: rows written before this revision, or not located/dated.
Every report of an event (the first mention and the later ones) is a row of event_reports already.

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_basis', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('time_precision', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('place_basis', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('geo_precision', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('geo_precision')
        batch_op.drop_column('place_basis')
        batch_op.drop_column('time_precision')
        batch_op.drop_column('date_basis')
