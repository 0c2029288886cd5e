"""Demo PPKS and PSKS: yearly figures per kab/kota of the three demo provinces, deterministic.

Each kab/kota gets a size (cities more people, but fewer fakir miskin per head than the regencies),
each category a typical share, and the figures drift a few percent a year. The LKS figure of PSKS
is the registry's count give or take a few (kab/kota offices count differently), so the grid shows
the difference beside it. The figures of a year are dated in the first quarter of the next.
"""

from datetime import date, timedelta

from sqlalchemy import bindparam, select, update

from kesos.demo.base import DATA_END, DemoContext, insert_rows, record, rng_for
from kesos.models import Lks, WelfareCount
from kesos.services.lks import accreditation_expiry

YEARS = range(2021, 2026)
# Typical count per 100,000 inhabitants of a regency (cities: see _CITY).
PPKS_PER_100K = {
    "anak_balita_telantar": 60, "anak_telantar": 260, "abh": 12, "anak_jalanan": 25, "anak_disabilitas": 90,
    "anak_korban_kekerasan": 18, "ampk": 30, "lansia_telantar": 520, "disabilitas": 780, "tuna_susila": 15,
    "gelandangan": 14, "pengemis": 22, "pemulung": 70, "kelompok_minoritas": 8, "bwblp": 45, "odha": 35,
    "korban_napza": 40, "korban_trafficking": 3, "korban_kekerasan": 28, "pmbs": 20, "korban_bencana_alam": 350,
    "korban_bencana_sosial": 10, "prse": 640, "fakir_miskin": 5200, "kbsp": 55, "kat": 40,
}
_CITY = {"anak_jalanan": 3.0, "gelandangan": 3.0, "pengemis": 2.5, "pemulung": 2.0, "tuna_susila": 2.0,
         "fakir_miskin": 0.5, "kat": 0.0, "korban_bencana_alam": 0.6, "odha": 1.8, "korban_napza": 1.8}
PSKS_PER_KAB_KOTA = {
    "psp": (4, 20), "psm": (60, 220), "tagana": (25, 80), "karang_taruna": (40, 200), "lk3": (1, 2),
    "keluarga_pioner": (10, 60), "wksbm": (5, 40), "wpks": (10, 50), "penyuluh_sosial": (1, 6),
    "tksk": (5, 20), "dunia_usaha": (3, 40),
}
SOURCES = ("dinsos", "dinsos", "dinsos", "survei", "dtks")


def _lks_at_year_end(ctx: DemoContext, code: str, year: int) -> int:
    end = date(year, 12, 31)
    return sum(1 for lks in ctx.lks if lks.kab_kota_code == code and lks.alive_on(end))


def insert_welfare_counts(ctx: DemoContext) -> None:
    rng = rng_for("pusat-data")
    rows = []
    for province in sorted(ctx.kab_kota):
        for code, name in ctx.kab_kota[province]:
            is_city = name.startswith("Kota")
            people = rng.randint(150_000, 700_000) if is_city else rng.randint(80_000, 550_000)
            levels = {category: per * people / 100_000 * (_CITY.get(category, 1.0) if is_city else 1.0)
                      * rng.uniform(0.6, 1.5) for category, per in PPKS_PER_100K.items()}
            resources = {category: rng.randint(*bounds) * (2 if is_city else 1)
                         for category, bounds in PSKS_PER_KAB_KOTA.items()}
            for year in YEARS:
                figures_on = min(date(year + 1, rng.randint(1, 3), rng.randint(1, 28)), DATA_END)
                source = rng.choice(SOURCES)
                for category in levels:
                    levels[category] *= rng.uniform(0.92, 1.07)
                    rows.append(_row("ppks", code, year, category, round(levels[category]), source, figures_on))
                for category in resources:
                    resources[category] = max(0, round(resources[category] * rng.uniform(0.95, 1.08)))
                    rows.append(_row("psks", code, year, category, resources[category], source, figures_on))
                registry = _lks_at_year_end(ctx, code, year)
                rows.append(_row("psks", code, year, "lks", max(0, registry + rng.choice((-2, -1, 0, 0, 0, 1, 3))),
                                 source, figures_on))
    insert_rows(ctx.session, WelfareCount, rows)


def _row(kind, code, year, category, count, source, figures_on) -> dict:
    return {**record(figures_on), "kind": kind, "kab_kota_code": code, "year": year, "category": category,
            "count": count, "source": source, "figures_on": figures_on}


def insert_accreditation_dates(ctx: DemoContext) -> None:
    """Dates for the demo's accredited LKS: expiries spread from a year before the demo's end to four
    years after, a few of them within six months of it; growth grades for about half of all LKS."""
    rng = rng_for("akreditasi")
    table = Lks.__table__
    rows = []
    for lks_id, grade, registered_on in ctx.session.execute(
            select(table.c.id, table.c.accreditation, table.c.registered_on).order_by(table.c.id)):
        values = {"lks_id": lks_id, "accredited_on": None, "expires": None, "growth": None, "assessed": None}
        if grade in ("A", "B", "C"):
            years = {"A": 5, "B": 3, "C": 2}[grade]
            wanted = DATA_END + timedelta(days=rng.randint(-300, 365 * years - 30))
            accredited_on = max(registered_on, wanted.replace(year=wanted.year - years, day=min(wanted.day, 28)))
            accredited_on = min(accredited_on, DATA_END)
            values |= {"accredited_on": accredited_on, "expires": accreditation_expiry(grade, accredited_on)}
        if rng.random() < 0.5:
            values |= {"growth": rng.choices(("embrio", "tumbuh", "berkembang", "mandiri"), (2, 4, 3, 1))[0],
                       "assessed": min(DATA_END, registered_on + timedelta(days=rng.randint(200, 3000)))}
        rows.append(values)
    if rows:
        ctx.session.connection().execute(
            update(table).where(table.c.id == bindparam("lks_id")).values(
                accredited_on=bindparam("accredited_on"), accreditation_expires_on=bindparam("expires"),
                growth_grade=bindparam("growth"), growth_assessed_on=bindparam("assessed")), rows)
