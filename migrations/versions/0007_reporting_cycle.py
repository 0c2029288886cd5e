"""the monthly reporting cycle: a kab/kota-month report state, and the branch's reminder contact

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'monthly_report',
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('sent_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
        sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_monthly_report_month')),
        sa.CheckConstraint("state IN ('terbuka', 'dikirim', 'disetujui', 'dikembalikan')",
                           name=op.f('ck_monthly_report_state')),
        sa.ForeignKeyConstraint(['kab_kota_code'], ['kab_kota.code'],
                                name=op.f('fk_monthly_report_kab_kota_code_kab_kota')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_report')),
        sa.UniqueConstraint('kab_kota_code', 'year', 'month', name=op.f('uq_monthly_report_kab_kota_code_year_month')),
    )
    with op.batch_alter_table('monthly_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_report_is_demo'), ['is_demo'], unique=False)
        batch_op.create_index('ix_monthly_report_year_month', ['year', 'month'], unique=False)
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
    with op.batch_alter_table('monthly_report', schema=None) as batch_op:
        batch_op.drop_index('ix_monthly_report_year_month')
        batch_op.drop_index(batch_op.f('ix_monthly_report_is_demo'))
    op.drop_table('monthly_report')
