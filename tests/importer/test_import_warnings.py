"""Validasi at import: the preview names each row's warnings; confirming them needs a reason, and
each warning is stored against the record the row wrote."""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos import clock, importer
from kesos.db import session_scope
from kesos.errors import WarningsNeedReason
from kesos.models import AidDistribution, BeneficiaryCount, Lks, ValidationWarning
from kesos.services import lks
from tests.importer.helpers import OPERATOR, csv_bytes, preview, run_import

COUNTS_HEADER = "Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n"


def _lks(engine, name="Panti Asuhan Harapan Bangsa") -> Lks:
    with Session(engine) as session:
        return session.exec(select(Lks).where(Lks.name == name)).one()


def _history(engine, lks_id: int) -> list[int]:
    """The stored totals of 2025-11 .. 2026-10, read plainly."""
    with Session(engine) as session:
        counts = session.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == lks_id)).all()
    return [c.women + c.men for c in counts if (2025, 11) <= (c.year, c.month) <= (2026, 10)]


def test_count_rows_far_from_their_months_or_above_capacity_are_warned_in_the_preview(demo_engine):
    home = _lks(demo_engine)
    assert home.capacity == 76 and max(_history(demo_engine, home.id)) < 40  # the demo LKS, about 25 a month
    content = csv_bytes(COUNTS_HEADER
                        + f"Kota Banjarmasin;{home.name};2026;10;300;200\n"  # far above, and above capacity
                        + f"Kota Banjarmasin;{home.name};2026;9;12;12\n")  # usual
    shown = preview(demo_engine, OPERATOR, "penerima-manfaat", "pm.csv", content)
    assert [row.row for row in shown.warned] == [2]
    frame = shown.warnings_frame()
    assert frame["Peringatan"].tolist() == [
        "Jumlah penerima manfaat 500 orang melebihi kapasitas LKS (76 orang).",
        frame["Peringatan"].iloc[1]]
    assert frame["Peringatan"].iloc[1].startswith("Jumlah 500 orang jauh di atas biasanya")


def test_the_file_own_months_count_as_history(demo_engine):
    """Months of a new LKS in one file: the later months are checked against the earlier ones."""
    with session_scope(demo_engine) as session:
        home = lks.create_lks(session=session, actor=OPERATOR, data={
            "name": "LKSA Baru Impor", "lks_type": "anak", "kab_kota_code": "63.71", "registered_on": date(2026, 1, 1)})
    rows = "".join(f"Kota Banjarmasin;{home.name};2027;{m};10;10\n" for m in range(1, 8))
    with pytest.MonkeyPatch.context() as patch:  # 2027 must be a past year for the file to be read
        patch.setattr(clock, "today", lambda: date(2028, 1, 1))
        shown = preview(demo_engine, OPERATOR, "penerima-manfaat", "pm.csv",
                        csv_bytes(COUNTS_HEADER + rows + f"Kota Banjarmasin;{home.name};2027;8;0;0\n"))
    assert [(row.row, [p.finding.rule for p in row.warnings]) for row in shown.warned] == [(9, ["drop_to_zero"])]


def test_confirming_warned_rows_needs_a_reason_then_each_warning_points_at_its_record(demo_engine):
    home = _lks(demo_engine)
    content = csv_bytes(COUNTS_HEADER + f"Kota Banjarmasin;{home.name};2026;10;300;200\n")
    with pytest.raises(WarningsNeedReason) as caught:
        run_import(demo_engine, OPERATOR, "penerima-manfaat", "pm.csv", content)
    assert list(caught.value.warnings) == ["row:2"]
    with Session(demo_engine) as session:
        count = session.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == home.id,
                                                            BeneficiaryCount.year == 2026,
                                                            BeneficiaryCount.month == 10)).one()
        assert count.women + count.men < 100  # nothing written
    run_import(demo_engine, OPERATOR, "penerima-manfaat", "pm.csv", content, warnings_reason="laporan gabungan")
    with Session(demo_engine) as session:
        stored = session.exec(select(ValidationWarning).where(ValidationWarning.reason == "laporan gabungan")).all()
        assert {(w.record_kind, w.record_id, w.rule, w.kab_kota_code, w.year, w.month, w.created_by) for w in stored} == {
            ("beneficiary_count", count.id, rule, "63.71", 2026, 10, "operator")
            for rule in ("above_capacity", "far_from_history")}
        assert (session.get(BeneficiaryCount, count.id).women, session.get(BeneficiaryCount, count.id).men) == (300, 200)


def test_aid_rows_far_from_the_items_usual_value_are_warned_and_stored_with_the_new_distribution(demo_engine):
    header = "Tanggal;Kabupaten/Kota;Barang bantuan;Jumlah;Nilai (Rp);Jenis penerima;Penerima;Sumber dana\n"
    content = csv_bytes(header
                        + "2026-10-05;Kota Banjarmasin;Paket PMT;10;17.500.000;Kelompok;Lanjut usia;PT Bank Intan Banua\n"
                        + "2026-10-05;Kota Banjarmasin;Paket PMT;10;1.800.000;Kelompok;Lanjut usia;PT Bank Intan Banua\n"
                        + "2026-10-06;Kota Banjarmasin;Paket PMT;10;0;Kelompok;Lanjut usia;PT Bank Intan Banua\n")
    shown = preview(demo_engine, OPERATOR, "bantuan", "bantuan.csv", content)
    assert shown.counts["add"] == 3 and [row.row for row in shown.warned] == [2]
    assert shown.warnings_frame()["Peringatan"].iloc[0].startswith("Nilai per paket Rp 1.750.000 jauh dari biasanya")
    with session_scope(demo_engine) as session, pytest.raises(WarningsNeedReason):
        importer.commit(session=session, actor=OPERATOR, shown=shown)
    run_import(demo_engine, OPERATOR, "bantuan", "bantuan.csv", content, warnings_reason="paket besar")
    with Session(demo_engine) as session:
        [warning] = session.exec(select(ValidationWarning).where(ValidationWarning.reason == "paket besar")).all()
        record = session.get(AidDistribution, warning.record_id)
        assert (record.value_rupiah, record.quantity, warning.rule) == (17_500_000, 10, "unusual_unit_value")
