"""LKS accreditation date and expiry, and growth grade with its assessment date

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accredited_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('accreditation_expires_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('growth_grade', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))
        batch_op.add_column(sa.Column('growth_assessed_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_lks_growth_grade'),
            "growth_grade IS NULL OR growth_grade IN ('embrio', 'tumbuh', 'berkembang', 'mandiri')")
        batch_op.create_check_constraint(
            op.f('ck_lks_accreditation_expiry'),
            "accreditation_expires_on IS NULL OR accredited_on IS NULL OR accreditation_expires_on > accredited_on")


def downgrade() -> None:
    with op.batch_alter_table('lks', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_lks_accreditation_expiry'), type_='check')
        batch_op.drop_constraint(op.f('ck_lks_growth_grade'), type_='check')
        batch_op.drop_column('growth_assessed_on')
        batch_op.drop_column('growth_grade')
        batch_op.drop_column('accreditation_expires_on')
        batch_op.drop_column('accredited_on')
