"""the data centre: yearly PPKS and PSKS counts per kab/kota and category (Permensos 08/2012)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 13:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = ('anak_balita_telantar', 'anak_telantar', 'abh', 'anak_jalanan', 'anak_disabilitas',
              'anak_korban_kekerasan', 'ampk', 'lansia_telantar', 'disabilitas', 'tuna_susila', 'gelandangan',
              'pengemis', 'pemulung', 'kelompok_minoritas', 'bwblp', 'odha', 'korban_napza', 'korban_trafficking',
              'korban_kekerasan', 'pmbs', 'korban_bencana_alam', 'korban_bencana_sosial', 'prse', 'fakir_miskin',
              'kbsp', 'kat', 'psp', 'psm', 'tagana', 'lks', 'karang_taruna', 'lk3', 'keluarga_pioner', 'wksbm',
              'wpks', 'penyuluh_sosial', 'tksk', 'dunia_usaha')


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table(
        'welfare_count',
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('figures_on', sa.Date(), nullable=False),
        sa.CheckConstraint(_in('kind', ('ppks', 'psks')), name=op.f('ck_welfare_count_kind')),
        sa.CheckConstraint(_in('category', CATEGORIES), name=op.f('ck_welfare_count_category')),
        sa.CheckConstraint(_in('source', ('dinsos', 'survei', 'dtks')), name=op.f('ck_welfare_count_source')),
        sa.CheckConstraint('year BETWEEN 1990 AND 2100', name=op.f('ck_welfare_count_year')),
        sa.CheckConstraint('count >= 0', name=op.f('ck_welfare_count_non_negative')),
        sa.ForeignKeyConstraint(['kab_kota_code'], ['kab_kota.code'],
                                name=op.f('fk_welfare_count_kab_kota_code_kab_kota')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_welfare_count')),
        sa.UniqueConstraint('kind', 'kab_kota_code', 'year', 'category',
                            name=op.f('uq_welfare_count_kind_kab_kota_code_year_category')),
    )
    with op.batch_alter_table('welfare_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_welfare_count_is_demo'), ['is_demo'], unique=False)
        batch_op.create_index(batch_op.f('ix_welfare_count_kab_kota_code'), ['kab_kota_code'], unique=False)
        batch_op.create_index('ix_welfare_count_kind_year', ['kind', 'year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('welfare_count', schema=None) as batch_op:
        batch_op.drop_index('ix_welfare_count_kind_year')
        batch_op.drop_index(batch_op.f('ix_welfare_count_kab_kota_code'))
        batch_op.drop_index(batch_op.f('ix_welfare_count_is_demo'))
    op.drop_table('welfare_count')
