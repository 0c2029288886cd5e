"""validation warnings (validasi, tindak lanjut)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('validation_warning',
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("record_kind IN ('beneficiary_count', 'aid_distribution')",
                       name=op.f('ck_validation_warning_record_kind')),
    sa.CheckConstraint("rule IN ('above_capacity', 'far_from_history', 'drop_to_zero', 'unusual_unit_value')",
                       name=op.f('ck_validation_warning_rule')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_validation_warning_status')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_validation_warning_month')),
    sa.CheckConstraint(
        "(status = 'open' AND closed_at IS NULL AND closed_by IS NULL AND closing_note IS NULL)"
        " OR (status = 'closed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL AND closing_note IS NOT NULL)",
        name=op.f('ck_validation_warning_closed_fields')),
    sa.ForeignKeyConstraint(['kab_kota_code'], ['kab_kota.code'],
                            name=op.f('fk_validation_warning_kab_kota_code_kab_kota')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_validation_warning'))
    )
    with op.batch_alter_table('validation_warning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_validation_warning_is_demo'), ['is_demo'], unique=False)
        batch_op.create_index('ix_validation_warning_status_kab_kota', ['status', 'kab_kota_code'], unique=False)
        batch_op.create_index('ix_validation_warning_record', ['record_kind', 'record_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('validation_warning', schema=None) as batch_op:
        batch_op.drop_index('ix_validation_warning_record')
        batch_op.drop_index('ix_validation_warning_status_kab_kota')
        batch_op.drop_index(batch_op.f('ix_validation_warning_is_demo'))

    op.drop_table('validation_warning')
