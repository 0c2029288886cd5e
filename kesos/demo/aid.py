"""Demo money and aid: the item catalogue, funding sources, donations, requests and distributions."""

import random
from datetime import date, timedelta

from kesos.demo.base import DATA_END, FIRST_YEAR, DemoContext, insert_rows, random_date, record, rng_for, year_bounds
from kesos.demo.names import FUNDING_SOURCES, NEEDS, STREETS, person_name, short_name
from kesos.models import AidDistribution, AidItem, AidRequest, Donation, FundingSource

AREA_CODES = {"61": "0561", "63": "0511", "51": "0361"}
# name, unit, price per unit in 2024 rupiah; older years are cheaper (see `unit_price`).
AID_ITEMS = [
    ("Paket PMT", "paket", 175_000),
    ("Kursi roda", "unit", 2_100_000),
    ("Tripod", "unit", 550_000),
    ("Pakaian olahraga lansia", "stel", 200_000),
    ("Bedah rumah", "unit", 20_000_000),
    ("Paket sembako", "paket", 250_000),
    ("Alat bantu dengar", "unit", 2_500_000),
    ("Kruk", "buah", 300_000),
    ("Tongkat tunanetra", "buah", 200_000),
    ("Selimut", "buah", 95_000),
    ("Paket perlengkapan sekolah", "paket", 300_000),
    ("Santunan anak yatim", "orang", 500_000),
]
ITEM_PRICES = {name: price for name, _unit, price in AID_ITEMS}
FUNDING_WEIGHTS = {"csr": 40, "kotak_sumbangan": 20, "instansi": 25, "donatur": 15}
# item: (weight in a year's distributions, quantity range, recipient choices)
DISTRIBUTION_PLAN = {
    "Paket PMT": (25, (10, 60), ("kelompok:lansia", "kelompok:disabilitas", "kelompok:panti", "lks:lansia", "lks:anak")),
    "Paket sembako": (20, (20, 150), ("kelompok:fakir_miskin", "kelompok:lansia", "kelompok:korban_bencana")),
    "Kursi roda": (10, (1, 6), ("rumah_tangga", "rumah_tangga", "lks:disabilitas")),
    "Tripod": (5, (1, 3), ("rumah_tangga", "lks:lansia")),
    "Pakaian olahraga lansia": (8, (20, 80), ("kelompok:lansia", "lks:lansia")),
    "Bedah rumah": (7, (1, 1), ("rumah_tangga",)),
    "Alat bantu dengar": (5, (1, 3), ("rumah_tangga", "lks:disabilitas")),
    "Kruk": (4, (1, 4), ("rumah_tangga", "kelompok:disabilitas")),
    "Tongkat tunanetra": (4, (2, 10), ("lks:disabilitas", "kelompok:disabilitas")),
    "Selimut": (4, (20, 100), ("kelompok:korban_bencana", "lks:lansia")),
    "Paket perlengkapan sekolah": (5, (10, 50), ("lks:anak", "kelompok:anak")),
    "Santunan anak yatim": (3, (10, 40), ("lks:anak",)),
}


def unit_price(item: str, year: int) -> int:
    """A 2024 price moved by 4% a year, rounded to a thousand rupiah."""
    return round(ITEM_PRICES[item] * 1.04 ** (year - 2024), -3)


# --- Catalogue and funding sources --------------------------------------------------------------


def insert_aid_items(ctx: DemoContext) -> None:
    rows = [{"name": name, "unit": unit, **record(date(2019, 1, 2))} for name, unit, _ in AID_ITEMS]
    ids = insert_rows(ctx.session, AidItem, rows, returning_ids=True)
    ctx.items = {row["name"]: id_ for row, id_ in zip(rows, ids)}


def insert_funding_sources(ctx: DemoContext) -> None:
    rng = rng_for("funding")
    rows = []
    for province, by_kind in FUNDING_SOURCES.items():
        for kind, entries in by_kind.items():
            for name, location, contact in entries:
                phone = f"({AREA_CODES[province]}) {rng.randint(3_000_000, 7_999_999)}"
                rows.append({
                    "province_code": province, "kind": kind, "name": name, "location": location,
                    "contact": f"{contact}, telp. {phone}" if contact else None, "is_active": True,
                    **record(date(FIRST_YEAR[province], 1, 2)),
                })
    ids = insert_rows(ctx.session, FundingSource, rows, returning_ids=True)
    for row, id_ in zip(rows, ids):
        ctx.sources.setdefault(row["province_code"], {}).setdefault(row["kind"], []).append(id_)


# --- Donations received -------------------------------------------------------------------------


def insert_donations(ctx: DemoContext) -> None:
    """Cash and goods from every source each year; donation boxes are emptied once a quarter."""
    rng = rng_for("donations")
    in_kind = ("Kursi roda", "Paket sembako", "Selimut", "Paket perlengkapan sekolah", "Paket PMT")
    rows = []

    def add(source_id: int, on: date, *, amount=None, item=None, quantity=None, batch=None, note=None):
        rows.append({
            "funding_source_id": source_id, "received_on": on, "kind": "tunai" if item is None else "barang",
            "amount_rupiah": amount, "aid_item_id": ctx.items[item] if item else None, "quantity": quantity,
            "batch_ref": batch, "note": note, **record(on),
        })

    for province, by_kind in ctx.sources.items():
        for year in range(FIRST_YEAR[province], DATA_END.year + 1):
            start, end = year_bounds(year)
            scale = 1.04 ** (year - 2024)
            for source_id in by_kind["csr"]:
                for _ in range(rng.randint(1, 2)):
                    add(source_id, random_date(rng, start, end),
                        amount=round(rng.randint(25, 150) * 1_000_000 * scale, -5), note="Dana CSR")
                if rng.random() < 0.3:
                    item = rng.choice(in_kind)
                    add(source_id, random_date(rng, start, end), item=item, quantity=rng.randint(5, 60))
            for quarter in range(1, 5):
                collected = date(year, quarter * 3, 25)
                if collected > DATA_END:
                    break
                for source_id in by_kind["kotak_sumbangan"]:
                    add(source_id, collected, amount=rng.randint(600, 8_000) * 500,
                        batch=f"KS-{province}-{year}-T{quarter}", note=f"Pembukaan kotak triwulan {quarter}")
            for index, source_id in enumerate(by_kind["instansi"]):
                if index == 0 or rng.random() < 0.5:
                    add(source_id, random_date(rng, start, end),
                        amount=round(rng.randint(10, 50) * 5_000_000 * scale, -6), note="Hibah/bantuan instansi")
            for source_id in by_kind["donatur"]:
                for _ in range(rng.randint(0, 2)):
                    if rng.random() < 0.6:
                        add(source_id, random_date(rng, start, end), amount=rng.randint(10, 250) * 100_000)
                    else:
                        add(source_id, random_date(rng, start, end), item="Paket sembako", quantity=rng.randint(20, 100))
            for source_id in by_kind.get("lainnya", []):
                add(source_id, date(year, 1, 15), amount=rng.randint(20, 60) * 250_000, note="Iuran tahunan pengurus")
    insert_rows(ctx.session, Donation, rows)


# --- Requests and aid distributions -------------------------------------------------------------


def _source(ctx: DemoContext, rng: random.Random, province: str) -> int:
    kinds = list(FUNDING_WEIGHTS)
    return rng.choice(ctx.sources[province][rng.choices(kinds, list(FUNDING_WEIGHTS.values()))[0]])


def _distribution(ctx, rng, province, on, item, quantity, recipient, kab_kota_code, *, request_id=None, note=None):
    """One distribution row; `recipient` is 'rumah_tangga', 'kelompok:<group>' or 'lks:<type>'."""
    row = {
        "distributed_on": on, "aid_item_id": ctx.items[item], "quantity": quantity,
        "value_rupiah": quantity * unit_price(item, on.year), "recipient_kind": "kelompok",
        "recipient_lks_id": None, "recipient_group": None, "recipient_name": None,
        "kab_kota_code": kab_kota_code, "funding_source_id": _source(ctx, rng, province),
        "aid_request_id": request_id, "note": note, **record(on),
    }
    kind, _, detail = recipient.partition(":")
    if kind == "lks":
        candidates = [lks for lks in ctx.lks if lks.kab_kota_code[:2] == province
                      and lks.lks_type == detail and lks.alive_on(on)]
        if candidates:
            lks = rng.choice(candidates)
            row.update(recipient_kind="lks", recipient_lks_id=lks.id, kab_kota_code=lks.kab_kota_code)
            return row
        kind, detail = "kelompok", {"anak": "anak", "lansia": "lansia"}.get(detail, "disabilitas")
    if kind == "rumah_tangga":
        name = person_name(rng, province)
        row.update(recipient_kind="rumah_tangga",
                   recipient_name=f"Keluarga {name}" if item in ("Bedah rumah", "Paket sembako") else name)
    else:
        row.update(recipient_group=detail)
    return row


def insert_requests_and_distributions(ctx: DemoContext, skip_years: dict[str, set[int]]) -> None:
    """Requests from the public with their statuses, and the year's aid, some of it answering them.

    `skip_years` holds years whose distributions are facts inserted elsewhere (Bali 2014).
    """
    rng = rng_for("aid")
    items, weights = list(DISTRIBUTION_PLAN), [plan[0] for plan in DISTRIBUTION_PLAN.values()]
    requests, fulfilments, distributions = [], [], []
    for province in ctx.sources:
        codes, kab_weights = ctx.kab_kota_weights(province)
        for year in range(FIRST_YEAR[province], DATA_END.year + 1):
            start, end = year_bounds(year)
            if year >= 2019:
                for _ in range(rng.randint(18, 32)):
                    request, fulfilment = _request(ctx, rng, province, rng.choices(codes, kab_weights)[0],
                                                   random_date(rng, start, end))
                    requests.append(request)
                    fulfilments.append(fulfilment)
            if year in skip_years.get(province, set()):
                continue
            count = round(rng.randint(24, 40) * (end - start).days / 364)
            for _ in range(count):
                item = rng.choices(items, weights)[0]
                _weight, (low, high), recipients = DISTRIBUTION_PLAN[item]
                recipient = rng.choice(recipients)
                quantity = 1 if recipient == "rumah_tangga" else rng.randint(low, high)
                distributions.append(_distribution(
                    ctx, rng, province, random_date(rng, start, end), item, quantity, recipient,
                    rng.choices(codes, kab_weights)[0],
                ))
    ids = insert_rows(ctx.session, AidRequest, requests, returning_ids=True)
    for request, request_id, fulfilment in zip(requests, ids, fulfilments):
        if fulfilment is None:
            continue
        item, quantity = fulfilment
        province = request["kab_kota_code"][:2]
        row = _distribution(ctx, rng, province, request["status_changed_on"], item, quantity, "rumah_tangga",
                            request["kab_kota_code"], request_id=request_id, note="Menjawab permohonan warga")
        row["recipient_name"] = request["applicant_name"]
        distributions.append(row)
    distributions.sort(key=lambda row: (row["distributed_on"], row["kab_kota_code"]))
    insert_rows(ctx.session, AidDistribution, distributions)


def _request(ctx: DemoContext, rng: random.Random, province: str, kab_kota_code: str, received_on: date):
    """One request and, when it was (partly) met, the (item, quantity) handed out."""
    female = rng.random() < 0.5
    birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    nik = (f"{kab_kota_code.replace('.', '')}{rng.randint(1, 9):02d}"
           f"{birth.day + (40 if female else 0):02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}")
    item = rng.choice(list(NEEDS))
    age = (DATA_END - received_on).days
    if age > 150:
        status = rng.choices(("terpenuhi", "sebagian", "ditolak", "disetujui"), (50, 18, 22, 10))[0]
    elif age > 45:
        status = rng.choices(("diteruskan", "disetujui", "terpenuhi", "sebagian", "ditolak"), (30, 25, 25, 10, 10))[0]
    else:
        status = rng.choice(("diterima", "diverifikasi", "diteruskan"))
    changed = received_on if status == "diterima" else min(DATA_END, received_on + timedelta(days=rng.randint(5, 120)))
    closed = changed if status in ("terpenuhi", "sebagian", "ditolak") else None
    town = short_name(ctx.kab_kota_name(kab_kota_code))
    request = {
        "kab_kota_code": kab_kota_code,
        "received_on": received_on,
        "applicant_name": person_name(rng, province, female),
        "nik": nik,
        "address": f"Jl. {rng.choice(STREETS[province])} Gg. {rng.randint(1, 12)}, RT {rng.randint(1, 30):03d}, {town}",
        "phone": f"08{rng.choice(('11', '12', '13', '21', '22', '52', '53', '77', '78', '95'))}{rng.randint(0, 99_999_999):08d}",
        "need": rng.choice(NEEDS[item]),
        "status": status,
        "status_changed_on": changed,
        "closed_on": closed,
        **record(received_on),
    }
    fulfilment = None
    if status in ("terpenuhi", "sebagian"):
        fulfilment = (item, 1 if item in ("Kursi roda", "Bedah rumah", "Alat bantu dengar", "Tripod") else rng.randint(1, 3))
    return request, fulfilment
