"""actors.pipeline_version: which pipeline version last wrote an actor row

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

An actor row is shared by every article that mentions the actor, so it carries no article; it records
the pipeline version that wrote it last, so that a build by a newer version rewrites its name and
type (as a fresh build would) and drops the actors only an older version produced. Rows written
before this revision have NULL (an older version).

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pipeline_version', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_column('pipeline_version')
