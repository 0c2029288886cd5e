"""Demo LKS of Kalbar and Bali growing year by year, and the monthly people every LKS serves."""

import random
from datetime import date, timedelta

from kesos.demo.base import BENEFICIARIES_FROM, DATA_END, DemoContext, LksInfo, insert_rows, record, rng_for, some_day
from kesos.demo import reporting
from kesos.demo.names import LKS_CORES, LKS_PREFIXES, STREETS, short_name
from kesos.models import BeneficiaryCount, Lks

LKS_TYPE_WEIGHTS = {
    "anak": 60, "lansia": 12, "disabilitas": 12, "napza": 4, "fakir_miskin": 6, "tuna_sosial": 3, "lainnya": 3,
}
CAPACITY = {
    "anak": (20, 80), "lansia": (15, 60), "disabilitas": (15, 50), "napza": (10, 40),
    "fakir_miskin": (20, 100), "tuna_sosial": (10, 40), "lainnya": (15, 60),
}
WOMEN_SHARE = {
    "anak": 0.48, "lansia": 0.62, "disabilitas": 0.45, "napza": 0.12,
    "fakir_miskin": 0.55, "tuna_sosial": 0.35, "lainnya": 0.5,
}

# (lks_type, registered_on, closed_on)
LksPlan = list[tuple[str, date, date | None]]


def growing_lks_plan(rng: random.Random, before: int, first_year: int, new_per_year: list[int], closures: int) -> LksPlan:
    """A registry that grows year by year from `before` LKS registered before `first_year`."""
    types, weights = list(LKS_TYPE_WEIGHTS), list(LKS_TYPE_WEIGHTS.values())
    plan = [[rng.choices(types, weights)[0], some_day(rng, rng.randint(1990, first_year - 1)), None]
            for _ in range(before)]
    for year, count in zip(range(first_year, DATA_END.year + 1), new_per_year):
        plan += [[rng.choices(types, weights)[0], some_day(rng, year), None] for _ in range(count)]
    for index in rng.sample(range(before), closures):
        registered = plan[index][1]
        plan[index][2] = some_day(rng, rng.randint(max(first_year, registered.year + 1), DATA_END.year), registered)
    return [tuple(entry) for entry in plan]


def insert_lks(ctx: DemoContext, province: str, plan: LksPlan, rng: random.Random, used_names: set[str]) -> None:
    codes, weights = ctx.kab_kota_weights(province)
    # Every kab/kota gets at least one LKS; the rest follow the weights.
    kab_kota_codes = codes + rng.choices(codes, weights, k=len(plan) - len(codes))
    rng.shuffle(kab_kota_codes)
    rows = []
    for (lks_type, registered_on, closed_on), kab_kota_code in zip(plan, kab_kota_codes):
        town = short_name(ctx.kab_kota_name(kab_kota_code))
        base = f"{rng.choice(LKS_PREFIXES[lks_type])} {rng.choice(LKS_CORES[province])}"
        name = base if base not in used_names else f"{base} {town}"
        suffix = 2
        while name in used_names:
            name, suffix = f"{base} {suffix}", suffix + 1
        used_names.add(name)
        registered = rng.random() < 0.9
        low, high = CAPACITY[lks_type]
        rows.append({
            "name": name,
            "lks_type": lks_type,
            "kab_kota_code": kab_kota_code,
            "address": f"Jl. {rng.choice(STREETS[province])} No. {rng.randint(1, 120)}, {town}",
            "registration_status": "terdaftar" if registered else "belum_terdaftar",
            "registration_number": (
                f"460/{rng.randint(10, 999):03d}/Dinsos-{kab_kota_code}/{registered_on.year}" if registered else None
            ),
            "accreditation": rng.choices(("A", "B", "C", "belum"), (10, 25, 20, 45))[0] if registered else "belum",
            "capacity": rng.randint(low, high) if rng.random() < 0.9 else None,
            "registered_on": registered_on,
            "closed_on": closed_on,
            "is_active": closed_on is None,
            **record(registered_on),
        })
    ids = insert_rows(ctx.session, Lks, rows, returning_ids=True)
    ctx.lks += [
        LksInfo(id_, row["kab_kota_code"], row["lks_type"], row["registered_on"], row["closed_on"], row["capacity"])
        for row, id_ in zip(rows, ids)
    ]


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def insert_beneficiary_counts(ctx: DemoContext) -> None:
    """Monthly women and men served by every LKS open that month, about 20 people per LKS."""
    rng = rng_for("beneficiaries")
    months = []
    year, month = BENEFICIARIES_FROM.year, BENEFICIARIES_FROM.month
    while date(year, month, 1) <= DATA_END:
        months.append((year, month, date(year, month, 1), _month_end(year, month)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    stamps: dict[tuple[str, int, int], dict] = {}  # the day each kab/kota entered each month (demo.reporting)
    rows = []
    for lks in ctx.lks:
        base = max(5, min(round(rng.gauss(20, 5)), lks.capacity or 60))
        share = WOMEN_SHARE[lks.lks_type] + rng.uniform(-0.08, 0.08)
        level = base
        for year, month, first_day, last_day in months:
            if lks.registered_on > last_day or (lks.closed_on is not None and lks.closed_on < first_day):
                continue
            pull = 1 if level < base - 3 else -1 if level > base + 3 else 0
            level = max(2, level + pull + rng.choice((-1, 0, 0, 1)))
            women = min(level, max(0, round(level * share) + rng.choice((-1, 0, 1))))
            if not reporting.reports_last_month(lks.kab_kota_code, year, month):
                continue  # this kab/kota has not sent the last month yet
            key = (lks.kab_kota_code, year, month)
            if key not in stamps:
                stamps[key] = record(reporting.entered_on(*key))
            rows.append({"lks_id": lks.id, "year": year, "month": month, "women": women,
                         "men": level - women, **stamps[key]})
    insert_rows(ctx.session, BeneficiaryCount, rows)
