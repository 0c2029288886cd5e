"""data versions per province, for the caches

One counter row per province, moved on inside every writing transaction (kesos.data_versions).
Rows appear with a province's first write, so the table starts empty: every cache key of the
new version is new anyway.

Revision ID: 0006
Revises: 0005 (the lead re-chains it after 0005 at merge)
Create Date: 2026-12-02 06:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('data_version',
    sa.Column('province_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('province_code', name=op.f('pk_data_version'))
    )


def downgrade() -> None:
    op.drop_table('data_version')
