"""Activity participants: the attendance list (daftar hadir) of a meeting

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'activity_participant',
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column('agency', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
        sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_participant_activity_id_activity')),
        sa.ForeignKeyConstraint(['kab_kota_code'], ['kab_kota.code'],
                                name=op.f('fk_activity_participant_kab_kota_code_kab_kota')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_participant')),
    )
    op.create_index(op.f('ix_activity_participant_activity_id'), 'activity_participant', ['activity_id'], unique=False)
    op.create_index(op.f('ix_activity_participant_is_demo'), 'activity_participant', ['is_demo'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_activity_participant_is_demo'), table_name='activity_participant')
    op.drop_index(op.f('ix_activity_participant_activity_id'), table_name='activity_participant')
    op.drop_table('activity_participant')
