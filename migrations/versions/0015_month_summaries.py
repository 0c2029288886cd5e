"""summaries by month: aid per kab/kota, month and kind of source; the LKS registry's openings and closings;
an index for the whole country's months of people served

Two summary tables, kept up to date on every write by kesos.summaries, filled here from the data
already stored, so the whole country's dashboards read neither the million distributions (a year not
over yet against the same months of another) nor the 40,000 LKS (which kab/kota-months are complete).
The fill is plain SQL written for this revision, so it stays what it was when kesos.summaries changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'aid_monthly',
        sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('source_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('province_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('distributions', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kab_kota_code', 'year', 'month', 'source_kind', name=op.f('pk_aid_monthly')),
    )
    op.create_index('ix_aid_monthly_province_year', 'aid_monthly', ['province_code', 'year'], unique=False)
    op.create_table(
        'lks_registry_monthly',
        sa.Column('kab_kota_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('province_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column('opened', sa.Integer(), nullable=False),
        sa.Column('closed', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kab_kota_code', 'year', 'month', name=op.f('pk_lks_registry_monthly')),
    )
    op.create_index('ix_lks_registry_monthly_province_year', 'lks_registry_monthly', ['province_code', 'year'],
                    unique=False)
    # The whole country's months (people served, kab/kota reported) read from this index alone.
    op.create_index('ix_beneficiary_monthly_year_month', 'beneficiary_monthly',
                    ['year', 'month', 'lks_type', 'kab_kota_code', 'reports', 'women', 'men'], unique=False)
    _fill()


def _fill() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"

    def part(name: str, column: str) -> str:
        if sqlite:
            return f"CAST(strftime('{'%Y' if name == 'year' else '%m'}', {column}) AS INTEGER)"
        return f"CAST(EXTRACT({name} FROM {column}) AS INTEGER)"

    year, month = part("year", "d.distributed_on"), part("month", "d.distributed_on")
    op.execute(
        "INSERT INTO aid_monthly (kab_kota_code, year, month, source_kind, province_code, value, distributions)"
        f" SELECT d.kab_kota_code, {year}, {month}, s.kind, substr(d.kab_kota_code, 1, 2), sum(d.value_rupiah),"
        " count(*) FROM aid_distribution d JOIN funding_source s ON s.id = d.funding_source_id"
        f" WHERE d.deleted_at IS NULL GROUP BY d.kab_kota_code, {year}, {month}, s.kind"
    )
    reg_year, reg_month = part("year", "registered_on"), part("month", "registered_on")
    closed_year, closed_month = part("year", "closed_on"), part("month", "closed_on")
    # An LKS is never closed before it registered (the check ck_lks_closed_after_registered).
    expected = "deleted_at IS NULL"
    op.execute(
        "INSERT INTO lks_registry_monthly (kab_kota_code, year, month, province_code, opened, closed)"
        " SELECT kab_kota_code, y, m, substr(kab_kota_code, 1, 2), sum(opened), sum(closed) FROM ("
        f" SELECT kab_kota_code, {reg_year} AS y, {reg_month} AS m, 1 AS opened, 0 AS closed FROM lks"
        f" WHERE {expected}"
        f" UNION ALL SELECT kab_kota_code, {closed_year}, {closed_month}, 0, 1 FROM lks"
        f" WHERE {expected} AND closed_on IS NOT NULL"
        ") events GROUP BY kab_kota_code, y, m"
    )


def downgrade() -> None:
    op.drop_index('ix_beneficiary_monthly_year_month', table_name='beneficiary_monthly')
    op.drop_index('ix_lks_registry_monthly_province_year', table_name='lks_registry_monthly')
    op.drop_table('lks_registry_monthly')
    op.drop_index('ix_aid_monthly_province_year', table_name='aid_monthly')
    op.drop_table('aid_monthly')
