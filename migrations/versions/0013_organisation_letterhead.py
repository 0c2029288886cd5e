"""Organisation letterhead: the chair who signs, the place of signing, the logo

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chair_name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True))
        batch_op.add_column(sa.Column('signature_place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_mime', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('logo_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('logo_sha256')
        batch_op.drop_column('logo_mime')
        batch_op.drop_column('logo')
        batch_op.drop_column('signature_place')
        batch_op.drop_column('chair_name')
