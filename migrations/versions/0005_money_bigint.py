"""money in BIGINT: rupiah columns hold up to Rp 1 triliun (INTEGER ends at 2.147.483.647)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable): the money columns. Counts of people and units stay INTEGER: their
# limits (kesos.models.PEOPLE_MAX, QUANTITY_MAX) are far below INTEGER's.
MONEY = [("aid_distribution", "value_rupiah", False), ("donation", "amount_rupiah", True)]


def _alter(to_type, from_type) -> None:
    for table, column, nullable in MONEY:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=from_type, type_=to_type, existing_nullable=nullable)


def upgrade() -> None:
    _alter(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _alter(sa.Integer(), sa.BigInteger())
