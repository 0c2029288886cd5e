"""activity kinds that releases use: musda, peresmian, penyerahan bantuan, HUT, forum

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 08:15:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ('rakor', 'raker', 'workshop', 'pelatihan', 'pengukuhan', 'bakti_sosial', 'lainnya')
NEW = ('rakor', 'raker', 'workshop', 'pelatihan', 'pengukuhan', 'bakti_sosial', 'musda', 'peresmian',
       'penyerahan_bantuan', 'hut', 'forum', 'lainnya')


def _check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_activity_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_activity_kind'), _check(NEW))


def downgrade() -> None:
    # Activities of the new kinds become "lainnya" so the old constraint holds again.
    op.execute("UPDATE activity SET kind = 'lainnya' WHERE kind NOT IN (" + ", ".join(f"'{k}'" for k in OLD) + ")")
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_activity_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_activity_kind'), _check(OLD))
