"""Beneficiary grid: loading, copy last month, one-transaction save, scope, versions and audit."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos import clock
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import AuditLog, BeneficiaryCount
from kesos.security import Actor
from kesos.services import base, beneficiary, lks
from kesos.services.beneficiary import Row

SEKRETARIAT = Actor("sek", "sekretariat", province_code="63")
OPERATOR = Actor("op", "operator", province_code="63", kab_kota_code="63.71")
OTHER_OPERATOR = Actor("op2", "operator", province_code="63", kab_kota_code="63.72")
PIMPINAN = Actor("pim", "pimpinan", province_code="63")


@pytest.fixture
def session(empty_engine):
    with Session(empty_engine) as s:
        yield s


def add_lks(session, name, kab_kota_code="63.71", registered_on=date(2020, 1, 1), closed_on=None):
    data = {"name": name, "lks_type": "anak", "kab_kota_code": kab_kota_code, "registered_on": registered_on,
            "closed_on": closed_on}
    return lks.create_lks(session=session, actor=SEKRETARIAT, data=data)


@pytest.fixture
def two_lks(session):
    first, second = add_lks(session, "LKSA Al Fadhilah"), add_lks(session, "Panti Werdha Budi Sejahtera")
    session.commit()
    return first, second


def grid(session, actor=OPERATOR, year=2024, month=5):
    return beneficiary.load_grid(session=session, actor=actor, kab_kota_code="63.71", year=year, month=month)


def save(session, rows, versions=None, actor=OPERATOR, year=2024, month=5, **kwargs):
    versions = versions if versions is not None else {row.lks_id: None for row in rows}
    return beneficiary.save_grid(session=session, actor=actor, kab_kota_code="63.71", year=year, month=month,
                                 rows=rows, expected_versions=versions, **kwargs)


def counts(session):
    return {(c.lks_id, c.year, c.month): (c.women, c.men)
            for c in session.exec(select(BeneficiaryCount).where(BeneficiaryCount.deleted_at.is_(None)))}


def test_grid_has_a_row_per_operating_lks_with_empty_cells(session, two_lks):
    add_lks(session, "LKS Tutup Lama", closed_on=date(2023, 12, 31))
    add_lks(session, "LKS Baru", registered_on=date(2024, 6, 1))
    add_lks(session, "LKS Kab Banjar", kab_kota_code="63.03")
    frame = grid(session)
    assert frame["name"].tolist() == ["LKSA Al Fadhilah", "Panti Werdha Budi Sejahtera"]
    assert frame["women"].isna().all() and frame["men"].isna().all() and frame["version"].isna().all()


def test_saving_the_grid_stores_every_row_and_audits_each(session, two_lks):
    first, second = two_lks
    changed = save(session, [Row(first.id, 12, 8), Row(second.id, 20, 15)])
    session.commit()
    assert changed == {"created": 2, "updated": 0, "deleted": 0}
    assert counts(session) == {(first.id, 2024, 5): (12, 8), (second.id, 2024, 5): (20, 15)}
    frame = grid(session)
    assert frame[["women", "men", "version"]].values.tolist() == [[12, 8, 1], [20, 15, 1]]
    actions = session.exec(select(AuditLog.action).where(AuditLog.table_name == "beneficiary_count")).all()
    assert actions == ["create", "create"]


def test_only_changed_rows_are_written_and_audited(session, two_lks):
    first, second = two_lks
    save(session, [Row(first.id, 12, 8), Row(second.id, 20, 15)])
    frame = grid(session)
    versions = dict(zip(frame["lks_id"], frame["version"]))
    changed = save(session, [Row(first.id, 12, 8), Row(second.id, 21, 15)], versions)
    assert changed == {"created": 0, "updated": 1, "deleted": 0}
    count_id = session.exec(select(BeneficiaryCount.id).where(BeneficiaryCount.lks_id == second.id)).one()
    trail = base.history(session, "beneficiary_count", count_id)
    assert trail["action"].tolist() == ["update", "create"]
    assert trail.iloc[0]["changes"]["women"] == (20, 21)


def test_a_failing_row_leaves_nothing_written(session, two_lks):
    first, second = two_lks
    with pytest.raises(ValidationError) as caught:
        save(session, [Row(first.id, 12, 8), Row(second.id, -1, "dua")])
    assert caught.value.errors == {
        f"women:{second.id}": "Panti Werdha Budi Sejahtera: Perempuan tidak boleh kurang dari 0.",
        f"men:{second.id}": "Panti Werdha Budi Sejahtera: Laki-laki harus berupa angka.",
    }
    session.commit()
    assert counts(session) == {}
    assert session.exec(select(AuditLog).where(AuditLog.table_name == "beneficiary_count")).all() == []


def test_a_conflicting_row_refuses_the_whole_grid(session, two_lks):
    first, second = two_lks
    save(session, [Row(first.id, 12, 8), Row(second.id, 20, 15)])
    session.commit()
    loaded = dict(zip(grid(session)["lks_id"], grid(session)["version"]))
    save(session, [Row(first.id, 12, 8), Row(second.id, 25, 15)], loaded, actor=SEKRETARIAT)  # first save
    session.commit()
    with pytest.raises(ConflictError, match="Panti Werdha Budi Sejahtera baru saja diubah"):
        save(session, [Row(first.id, 99, 99), Row(second.id, 30, 15)], loaded)  # second save, stale
    session.rollback()
    assert counts(session)[(first.id, 2024, 5)] == (12, 8)
    assert counts(session)[(second.id, 2024, 5)] == (25, 15)


def test_rows_saved_by_someone_else_since_loading_are_a_conflict(session, two_lks):
    first, _ = two_lks
    save(session, [Row(first.id, 1, 1)], actor=SEKRETARIAT)
    with pytest.raises(ConflictError):
        save(session, [Row(first.id, 2, 2)], {first.id: None})


def test_emptied_row_is_removed_softly_and_can_be_entered_again(session, two_lks):
    first, _ = two_lks
    save(session, [Row(first.id, 5, 5)])
    save(session, [Row(first.id, None, None)], {first.id: 1})
    assert counts(session) == {}
    assert grid(session)["version"].isna().all()
    changed = save(session, [Row(first.id, 6, 4)], {first.id: None})
    assert changed["created"] == 1 and counts(session) == {(first.id, 2024, 5): (6, 4)}
    assert len(session.exec(select(BeneficiaryCount)).all()) == 1


def test_one_empty_cell_counts_as_zero(session, two_lks):
    first, _ = two_lks
    save(session, [Row(first.id, 7, None)])
    assert counts(session) == {(first.id, 2024, 5): (7, 0)}


def test_copy_last_month_fills_the_grid_but_keeps_this_months_versions(session, two_lks):
    first, second = two_lks
    save(session, [Row(first.id, 12, 8)], month=4)
    save(session, [Row(second.id, 3, 3)], month=5)
    copied = beneficiary.copy_last_month(session=session, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=5)
    assert copied[["women", "men"]].values.tolist() == [[12, 8], [3, 3]]
    assert copied["version"].isna().tolist() == [True, False]
    assert counts(session).get((first.id, 2024, 5)) is None  # nothing saved by copying


def test_copy_last_month_in_january_reads_december(session, two_lks):
    first, _ = two_lks
    save(session, [Row(first.id, 4, 2)], year=2023, month=12)
    copied = beneficiary.copy_last_month(session=session, actor=OPERATOR, kab_kota_code="63.71", year=2024, month=1)
    assert copied.loc[0, ["women", "men"]].tolist() == [4, 2]


def test_reported_total_must_match_the_rows(session, two_lks):
    first, second = two_lks
    with pytest.raises(ValidationError) as caught:
        save(session, [Row(first.id, 600, 500), Row(second.id, 20, 15)], reported_total=1125)
    assert caught.value.errors == {
        "reported_total": "Jumlah di tabel (1.135) tidak sama dengan jumlah menurut laporan (1.125)."}
    assert counts(session) == {}
    save(session, [Row(first.id, 600, 500), Row(second.id, 20, 15)], reported_total=1135)
    assert len(counts(session)) == 2


def test_operator_cannot_read_or_save_another_kab_kota(session, two_lks):
    first, _ = two_lks
    with pytest.raises(PermissionDenied):
        grid(session, actor=OTHER_OPERATOR)
    with pytest.raises(PermissionDenied):
        save(session, [Row(first.id, 1, 1)], actor=OTHER_OPERATOR)


def test_crafted_row_for_an_lks_of_another_kab_kota_is_refused(session, two_lks):
    first, _ = two_lks
    elsewhere = add_lks(session, "LKS Martapura", kab_kota_code="63.03")
    with pytest.raises(PermissionDenied, match="bukan LKS di kab/kota ini"):
        save(session, [Row(first.id, 1, 1), Row(elsewhere.id, 9, 9)])
    assert counts(session) == {}


def test_leader_writes_nothing(session, two_lks):
    first, _ = two_lks
    assert len(grid(session, actor=PIMPINAN)) == 2  # a leader may read
    with pytest.raises(PermissionDenied):
        save(session, [Row(first.id, 1, 1)], actor=PIMPINAN)


def test_future_month_and_bad_month_are_refused(session, two_lks):
    first, _ = two_lks
    next_year = clock.today().year + 1
    with pytest.raises(ValidationError, match="belum berjalan"):
        save(session, [Row(first.id, 1, 1)], year=next_year, month=1)
    with pytest.raises(ValidationError) as caught:
        save(session, [Row(first.id, 1, 1)], month=13)
    assert caught.value.errors == {"month": "Bulan tidak boleh lebih dari 12."}


def test_grid_cells_from_the_editor_are_accepted(session, two_lks):
    import numpy as np
    import pandas as pd

    first, second = two_lks
    save(session, [Row(first.id, np.int64(12), pd.NA), Row(second.id, 3.0, np.float64("nan"))])
    assert counts(session) == {(first.id, 2024, 5): (12, 0), (second.id, 2024, 5): (3, 0)}
