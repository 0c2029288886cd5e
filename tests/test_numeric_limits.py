"""The largest number every numeric field allows is stored as typed, on SQLite and on PostgreSQL;
one more is refused with an Indonesian message beside that field, and nothing is stored.

The limits live on the columns (`kesos.models.maximum`); this walks every column that has one, so
a new numeric field without a case here fails `test_every_limited_column_has_a_case`. Rp 10^12 is
above PostgreSQL's INTEGER: before migration 0005 (BIGINT money) Rp 3.000.000.000 crashed there.
"""

from datetime import date

import pytest
from sqlmodel import Session, select

from kesos.db import session_scope
from kesos.errors import ValidationError
from kesos.models import (
    Activity,
    AidDistribution,
    AidItem,
    BeneficiaryCount,
    Donation,
    FundingSource,
    Lks,
    WelfareCount,
    limited_columns,
    maximum,
)
from kesos.security import Actor
from kesos.services import activity, aid, beneficiary, funding, lks
from tests.importer.helpers import csv_bytes, errors_of, preview, run_import

ADMIN = Actor("admin", "admin")
SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")
KAB_KOTA = "63.71"
# The largest values are far from the usual ones, so the validasi rules warn; a reason lets them through
# (the limits under test are the columns', not the warnings').
REASON = "Nilai batas kolom, diuji sengaja"


def _refs(s: Session) -> dict:
    home = s.exec(select(Lks).where(Lks.kab_kota_code == KAB_KOTA, Lks.deleted_at.is_(None))
                  .order_by(Lks.id)).first()
    item = s.exec(select(AidItem).where(AidItem.deleted_at.is_(None)).order_by(AidItem.id)).first()
    source = s.exec(select(FundingSource).where(FundingSource.province_code == "63", FundingSource.is_active,
                                                FundingSource.deleted_at.is_(None)).order_by(FundingSource.id)).first()
    return {"lks": home, "item": item, "source": source}


def _lks(s, refs, field, value):
    record = lks.create_lks(session=s, actor=ADMIN, data={
        "name": f"Panti batas {value}", "lks_type": "anak", "kab_kota_code": KAB_KOTA,
        "registered_on": date(2020, 1, 1), field: value})
    return Lks, record.id, field


def _count(s, refs, field, value):
    home = refs["lks"]
    women, men = (value, 0) if field == "women" else (0, value)
    stored = s.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == home.id, BeneficiaryCount.year == 2021,
                                                   BeneficiaryCount.month == 3)).first()
    versions = {home.id: stored.version if stored is not None and stored.deleted_at is None else None}
    beneficiary.save_grid(session=s, actor=ADMIN, kab_kota_code=KAB_KOTA, year=2021, month=3,
                          rows=[beneficiary.Row(home.id, women, men)], expected_versions=versions,
                          warnings_reason=REASON)
    stored = s.exec(select(BeneficiaryCount).where(BeneficiaryCount.lks_id == home.id, BeneficiaryCount.year == 2021,
                                                   BeneficiaryCount.month == 3)).one()
    return BeneficiaryCount, stored.id, f"{field}:{home.id}"


def _distribution(s, refs, field, value):
    data = {"distributed_on": date(2024, 5, 1), "aid_item_id": refs["item"].id, "quantity": 1, "value_rupiah": 1,
            "recipient_kind": "lks", "recipient_lks_id": refs["lks"].id, "kab_kota_code": KAB_KOTA,
            "funding_source_id": refs["source"].id} | {field: value}
    return AidDistribution, aid.create_distribution(session=s, actor=ADMIN, data=data,
                                                              warnings_reason=REASON).id, field


def _donation(s, refs, field, value):
    data = ({"kind": "tunai", "amount_rupiah": value} if field == "amount_rupiah"
            else {"kind": "barang", "aid_item_id": refs["item"].id, "quantity": value})
    record = funding.create_donation(session=s, actor=ADMIN, data=data | {
        "funding_source_id": refs["source"].id, "received_on": date(2024, 5, 1)})
    return Donation, record.id, field


def _activity(s, refs, field, value):
    record = activity.create_activity(session=s, actor=ADMIN, data={
        "province_code": "63", "kab_kota_code": KAB_KOTA, "kind": "rakor", "title": f"Rakor batas {field} {value}",
        "start_date": date(2024, 5, 1), field: value})
    return Activity, record.id, field


def _welfare(s, refs, field, value):
    from kesos.services import pusat_data

    year = 2021
    stored = pusat_data.stored(s, "ppks", KAB_KOTA, year).get("fakir_miskin")
    pusat_data.save_grid(session=s, actor=ADMIN, kind="ppks", kab_kota_code=KAB_KOTA, year=year,
                         figures=pusat_data.Figures({"fakir_miskin": value}, "dinsos", date(2021, 12, 31)),
                         expected_versions={"fakir_miskin": stored.version if stored else None})
    return WelfareCount, pusat_data.stored(s, "ppks", KAB_KOTA, year)["fakir_miskin"].id, "count:fakir_miskin"


SAVES = {
    (Lks, "capacity"): _lks,
    (BeneficiaryCount, "women"): _count,
    (BeneficiaryCount, "men"): _count,
    (AidDistribution, "quantity"): _distribution,
    (AidDistribution, "value_rupiah"): _distribution,
    (Donation, "amount_rupiah"): _donation,
    (Donation, "quantity"): _donation,
    (Activity, "participants_total"): _activity,
    (Activity, "participants_women"): _activity,
    (Activity, "participants_men"): _activity,
    (WelfareCount, "count"): _welfare,
}
CASES = sorted(SAVES, key=lambda case: (case[0].__tablename__, case[1]))


def test_every_limited_column_has_a_case():
    assert set(SAVES) == set(limited_columns())
    assert maximum(AidDistribution, "value_rupiah") > 2**31 - 1  # money does not fit PostgreSQL's INTEGER


@pytest.mark.parametrize("case", CASES, ids=[f"{model.__tablename__}.{field}" for model, field in CASES])
def test_the_largest_allowed_value_is_stored_and_one_more_is_refused_beside_the_field(demo_engine, case):
    model, field = case
    largest = maximum(model, field)
    with session_scope(demo_engine) as s:
        stored_model, record_id, _key = SAVES[case](s, _refs(s), field, largest)
    with Session(demo_engine) as s:
        assert getattr(s.get(stored_model, record_id), field) == largest

    with pytest.raises(ValidationError) as caught, session_scope(demo_engine) as s:
        SAVES[case](s, _refs(s), field, largest + 1)
    (key, message), = [(k, m) for k, m in caught.value.errors.items() if k.split(":")[0] == field]
    assert "tidak boleh lebih dari" in message and f"{largest:,}".replace(",", ".") in message, message


# --- Through the import ---------------------------------------------------------------------------

def _aid_file(quantity, value) -> bytes:
    return csv_bytes("Tanggal;Kabupaten/Kota;Barang bantuan;Jumlah;Nilai (Rp);Jenis penerima;Penerima;Sumber dana\n"
                     f"2024-08-10;Kota Banjarmasin;Paket PMT;{quantity};{value};Kelompok;Lanjut usia;"
                     "PT Bank Intan Banua\n")


def _count_file(women, men) -> bytes:
    return csv_bytes("Kab/Kota;Nama LKS;Tahun;Bulan;P;L\n"
                     f"Kota Banjarmasin;Panti Asuhan Harapan Bangsa;2021;3;{women};{men}\n")


def _lks_file(capacity) -> bytes:
    return csv_bytes("Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
                     f"Kota Banjarmasin;LKSA Batas {capacity};LKSA;{capacity};01/02/2020\n")


IMPORTS = {
    (AidDistribution, "quantity"): ("bantuan", "Jumlah", lambda n: _aid_file(n, 1)),
    (AidDistribution, "value_rupiah"): ("bantuan", "Nilai (Rp)", lambda n: _aid_file(1, n)),
    (BeneficiaryCount, "women"): ("penerima-manfaat", "Perempuan", lambda n: _count_file(n, 0)),
    (BeneficiaryCount, "men"): ("penerima-manfaat", "Laki-laki", lambda n: _count_file(0, n)),
    (Lks, "capacity"): ("lks", "Kapasitas", _lks_file),
    (WelfareCount, "count"): ("ppks", "Jumlah", lambda n: csv_bytes(
        f"Kabupaten/Kota;Tahun;Kategori;Jumlah;Sumber;Tanggal data\nKota Banjarmasin;2021;FM;{n};dinsos;31/12/2021\n")),
}
IMPORT_CASES = sorted(IMPORTS, key=lambda case: (case[0].__tablename__, case[1]))


@pytest.mark.parametrize("case", IMPORT_CASES, ids=[f"{m.__tablename__}.{f}" for m, f in IMPORT_CASES])
def test_the_import_stores_the_largest_allowed_value_and_refuses_one_more_in_its_column(demo_engine, case):
    model, field = case
    kind, header, content = IMPORTS[case]
    largest = maximum(model, field)

    shown = preview(demo_engine, SEKRETARIAT, kind, "batas.csv", content(largest + 1))
    assert shown.counts["error"] == 1, shown.counts
    (reasons,) = errors_of(shown).values()
    assert f"{largest:,}".replace(",", ".") in reasons[header], reasons

    shown, counts = run_import(demo_engine, SEKRETARIAT, kind, "batas.csv", content(largest),
                                warnings_reason=REASON)
    assert counts["add"] + counts["change"] == 1, counts
    with Session(demo_engine) as s:
        assert s.exec(select(model).where(getattr(model, field) == largest)).first() is not None
