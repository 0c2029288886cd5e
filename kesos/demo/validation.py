"""Demo validasi: a few warnings saved with a reason for the tindak lanjut list, one of them closed.

The warnings are about real demo records and say what the rules say about them: Kalsel counts
above their LKS's capacity in mid-2026, and one wheelchair distribution valued far above the
usual price (an electric wheelchair, added here with its warning).
"""

from datetime import date

from sqlmodel import select

from kesos import validation_rules as rules
from kesos.demo.base import DATA_END, DemoContext, insert_rows, record, stamp
from kesos.models import AidDistribution, BeneficiaryCount, Lks, ValidationWarning
from kesos.services.validation_warning import AID_DISTRIBUTION, BENEFICIARY_COUNT, unit_values

CAPACITY_REASONS = [
    "Ada anak titipan dari Dinas Sosial selama panti lain direnovasi.",
    "Sesuai laporan LKS: kamar tambahan sudah dipakai, kapasitas di daftar belum diperbarui.",
    "Termasuk peserta layanan harian yang tidak menginap.",
]
CLOSING_NOTE = "Sudah dicek ke pengurus LKS: kapasitas di daftar LKS diperbarui bulan depan."


def _warning(kind: str, record_id: int, kab_kota_code: str, on: date, rule: str, message: str, reason: str,
             by: str) -> dict:
    saved = stamp(min(on, DATA_END))
    return {"record_kind": kind, "record_id": record_id, "kab_kota_code": kab_kota_code, "year": on.year,
            "month": on.month, "rule": rule, "message": message, "reason": reason, "created_by": by,
            "status": "open", "closing_note": None, "closed_by": None, "closed_at": None,
            **record(on), "created_at": saved, "updated_at": saved}


def insert_validation_warnings(ctx: DemoContext) -> None:
    session = ctx.session
    over = session.exec(
        select(BeneficiaryCount, Lks).join(Lks, Lks.id == BeneficiaryCount.lks_id)
        .where(Lks.kab_kota_code.startswith("63."), Lks.capacity.is_not(None), BeneficiaryCount.year == 2026,
               BeneficiaryCount.month.between(6, 9), BeneficiaryCount.women + BeneficiaryCount.men > Lks.capacity)
        .order_by(Lks.kab_kota_code.desc(), BeneficiaryCount.month.desc(), Lks.id)
    ).all()
    picked, kab_kota_seen = [], set()
    for count, lks in over:  # the latest one per kab/kota, for four kab/kota (Banjarmasin among them)
        if lks.kab_kota_code not in kab_kota_seen:
            kab_kota_seen.add(lks.kab_kota_code)
            picked.append((count, lks))
    rows = []
    for position, (count, lks) in enumerate(picked[:4]):
        on = date(count.year, count.month, 28)
        by = "operator" if lks.kab_kota_code == "63.71" else "sekretariat"
        rows.append(_warning(BENEFICIARY_COUNT, count.id, lks.kab_kota_code, on, rules.ABOVE_CAPACITY,
                             rules.above_capacity(count.women, count.men, lks.capacity),
                             CAPACITY_REASONS[position % len(CAPACITY_REASONS)], by))
    if len(rows) == 4:  # the last one was followed up already
        rows[-1] |= {"status": "closed", "closing_note": CLOSING_NOTE, "closed_by": "sekretariat",
                     "closed_at": stamp(DATA_END), "version": 2, "updated_at": stamp(DATA_END)}

    item_id = ctx.items["Kursi roda"]
    history = unit_values(session, [item_id])[item_id]
    on = date(2026, 10, 20)
    distribution = {"distributed_on": on, "aid_item_id": item_id, "quantity": 2, "value_rupiah": 19_000_000,
                    "recipient_kind": "kelompok", "recipient_lks_id": None, "recipient_group": "disabilitas",
                    "recipient_name": None, "kab_kota_code": "63.71", "funding_source_id": ctx.sources["63"]["csr"][0],
                    "aid_request_id": None, "note": "Kursi roda elektrik untuk penyandang disabilitas berat.",
                    **record(on)}
    [distribution_id] = insert_rows(session, AidDistribution, [distribution], returning_ids=True)
    message = rules.unusual_unit_value(distribution["value_rupiah"], distribution["quantity"], "unit", history)
    if message:
        rows.append(_warning(AID_DISTRIBUTION, distribution_id, "63.71", on, rules.UNUSUAL_UNIT_VALUE, message,
                             "Kursi roda elektrik, harga sesuai kuitansi toko.", "operator"))
    insert_rows(session, ValidationWarning, rows)
