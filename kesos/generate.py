"""Deterministic synthetic data at national scale, for benchmarks and load tests.

`python -m kesos generate --scale national` fills a database with 40,000 LKS over the 514
kab/kota, ten years of their monthly beneficiary counts (about 4.6 million rows), 1,000,000 aid
distributions and 5,000 CSR companies, plus the organisations, branches, other funding sources,
donations, requests and activities the dashboards read. `province` (Jawa Barat at the same
density) and `small` (Kalimantan Selatan, three years) are for tests.

Rows go in by bulk: COPY on PostgreSQL (psycopg), executemany on SQLite, in one transaction, so
an interrupted run leaves nothing behind. Every row is marked `is_demo`, so `kesos demo-remove`
takes it out again; no audit rows are written. The same scale gives the same rows every time:
every choice comes from `random.Random` seeded with the scale and the part, never the clock.
"""

import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, func, select, text
from sqlmodel import Session

from kesos import data_versions, summaries, vocab
from kesos.db import load_regions, migrate, session_scope
from kesos.demo.aid import AID_ITEMS, DISTRIBUTION_PLAN, unit_price
from kesos.demo.names import LKS_CORES, LKS_PREFIXES, STREETS
from kesos.models import (
    Activity,
    AidDistribution,
    AidItem,
    AidRequest,
    BeneficiaryCount,
    Branch,
    Donation,
    FundingSource,
    KabKota,
    Lks,
    Organisation,
    Province,
    User,
    WelfareCount,
)
from kesos.services.lks import accreditation_expiry

END = date(2026, 10, 31)  # the last day generated, as the demo's "today"


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[str, ...] | None  # None: all 38
    lks: int
    months: int  # monthly beneficiary counts, ending with END's month
    distributions: int
    csr_companies: int
    requests_per_kab_kota_year: int = 3
    activities_per_province_year: int = 10
    donations_per_province_year: int = 24


SCALES = {
    "national": Scale("national", None, lks=40_000, months=120, distributions=1_000_000, csr_companies=5_000),
    "province": Scale("province", ("32",), lks=2_100, months=120, distributions=52_000, csr_companies=260),
    "small": Scale("small", ("63",), lks=300, months=36, distributions=3_000, csr_companies=30,
                   requests_per_kab_kota_year=2, activities_per_province_year=4, donations_per_province_year=6),
}

LKS_TYPE_WEIGHTS = {"anak": 45, "lansia": 15, "disabilitas": 14, "napza": 5, "fakir_miskin": 11,
                    "tuna_sosial": 5, "lainnya": 5}
SOURCE_KIND_WEIGHTS = {"csr": 50, "kotak_sumbangan": 15, "instansi": 25, "donatur": 10}
OTHER_SOURCES = {"kotak_sumbangan": 4, "instansi": 3, "donatur": 5}
ACRONYMS = vocab.ORGANISATION_ACRONYMS[:4]
COMPANY_WORDS = ["Bumi", "Nusa", "Karya", "Sentosa", "Makmur", "Jaya", "Abadi", "Mandiri", "Sejahtera", "Prima",
                 "Utama", "Lestari", "Cahaya", "Harapan", "Sinar", "Mitra", "Agung", "Bangun", "Cipta", "Daya",
                 "Energi", "Graha", "Indah", "Kencana", "Mulia", "Perkasa", "Raya", "Samudra", "Tunas", "Wijaya"]
COMPANY_KINDS = ["Tbk", "Persero", "Group", "Indonesia", "Nusantara"]
PEOPLE = ["Ahmad", "Siti", "Budi", "Dewi", "Rahmat", "Nur", "Agus", "Sri", "Hendra", "Wati", "Yusuf", "Lina",
          "Bambang", "Ratna", "Fajar", "Maya", "Joko", "Ani", "Rudi", "Fitri"]
CORES = sorted({core for cores in LKS_CORES.values() for core in cores})
GENERIC_STREETS = ["Merdeka", "Sudirman", "Ahmad Yani", "Diponegoro", "Gatot Subroto", "Pahlawan", "Veteran"]
FAMILY = ["Santoso", "Rahman", "Hidayat", "Lestari", "Saputra", "Wahyuni", "Pratama", "Kusuma", "Nasution",
          "Siregar", "Simanjuntak", "Wibowo", "Putri", "Gunawan", "Halim"]


class Progress:
    """A plain-text progress bar on stderr: one line, redrawn at most twice a second."""

    def __init__(self, scale: str, total: int, stream=sys.stderr):
        self.scale, self.total, self.done, self.stream = scale, total, 0, stream
        self.started = self._drawn = time.monotonic()

    def add(self, rows: int, what: str) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self._drawn >= 0.5 or self.done >= self.total:
            self._drawn = now
            self.draw(what)

    def draw(self, what: str) -> None:
        share = min(1.0, self.done / max(1, self.total))
        bar = "#" * int(share * 30)
        self.stream.write(f"\rgenerate {self.scale}: [{bar:<30}] {share:4.0%} {self.done:>11,} rows"
                          f" {time.monotonic() - self.started:6.0f} s  {what:<22}")
        self.stream.flush()

    def finish(self, what: str) -> None:
        self.total = self.done  # the plan was an estimate: the bar ends full
        self.draw(what)
        self.stream.write("\n")
        self.stream.flush()


def _day(on: date) -> str:
    return on.isoformat()


def _moment(on: date) -> str:
    """A record's created/updated stamp: its own day, 10:00 WITA (the demo's convention)."""
    return f"{on.isoformat()} 02:00:00.000000"


DELETED_ONE_IN = 40  # a share of every kind of record is soft-deleted, as in a database in use


def _is_deleted(row_id: int) -> bool:
    """Whether the generated row with this id is one of the deleted (by its id, so the random
    streams, and with them every other generated value, stay as they were)."""
    return (row_id * 7919) % DELETED_ONE_IN == 0


def _record(on: date, row_id: int | None = None) -> tuple:
    """is_demo, version, created_at, updated_at, deleted_at (set for a share of the rows)."""
    stamp = _moment(min(on, END))
    deleted = row_id is not None and _is_deleted(row_id)
    return (1, 2 if deleted else 1, stamp, stamp, stamp if deleted else None)


RECORD_COLUMNS = ("is_demo", "version", "created_at", "updated_at", "deleted_at")


class BulkWriter:
    """Rows as tuples into a table: COPY on PostgreSQL, executemany in chunks on SQLite."""

    CHUNK = 20_000

    def __init__(self, connection: Connection, progress: Progress):
        self.connection = connection
        self.progress = progress
        self.postgres = connection.dialect.name == "postgresql"
        self.tables: list[str] = []  # the tables written, in order: their id sequences move on afterwards

    def write(self, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> int:
        columns = list(columns)
        if table not in self.tables:
            self.tables.append(table)
        written = 0
        if self.postgres:
            cursor = self.connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    # COPY's text format: booleans are given as 1/0 like everything else here.
                    copy.write_row(row)
                    written += 1
                    if written % self.CHUNK == 0:
                        self.progress.add(self.CHUNK, table)
            self.progress.add(written % self.CHUNK, table)
            return written
        # Table and column names come from this module, never from input; the values are bound.
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"  # nosec B608
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == self.CHUNK:
                self.connection.exec_driver_sql(sql, chunk)
                written += len(chunk)
                self.progress.add(len(chunk), table)
                chunk = []
        if chunk:
            self.connection.exec_driver_sql(sql, chunk)
            written += len(chunk)
            self.progress.add(len(chunk), table)
        return written


def _next_id(connection: Connection, model) -> int:
    return (connection.execute(select(func.max(model.id))).scalar() or 0) + 1


def _months(count: int) -> list[tuple[int, int]]:
    year, month = END.year, END.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


@dataclass
class _Lks:
    id: int
    kab_kota: str
    lks_type: str
    registered_on: date
    closed_on: date | None
    capacity: int
    accreditation: str = "belum"


class Generator:
    def __init__(self, scale: Scale, connection: Connection, progress: Progress):
        self.scale = scale
        self.connection = connection
        self.writer = BulkWriter(connection, progress)
        self.months = _months(scale.months)
        self.first_day = date(*self.months[0], 1)
        self.years = sorted({year for year, _ in self.months})
        kab_kota = connection.execute(select(KabKota.code, KabKota.province_code, KabKota.name)
                                      .order_by(KabKota.code)).all()
        if scale.provinces is not None:
            kab_kota = [row for row in kab_kota if row.province_code in scale.provinces]
        self.kab_kota = [(row.code, row.name) for row in kab_kota]
        self.provinces = sorted({row.province_code for row in kab_kota})
        self.province_names = dict(connection.execute(select(Province.code, Province.name)).all())

    def rng(self, part: str) -> random.Random:
        return random.Random(f"kesos-generate:{self.scale.name}:{part}")

    # -- planning --------------------------------------------------------------------------------

    def planned_rows(self) -> int:
        s = self.scale
        beneficiary = int(s.lks * s.months * 0.97)
        return (beneficiary + s.lks + s.distributions + s.csr_companies + len(self.kab_kota) * (1 + len(self.years)
                * s.requests_per_kab_kota_year) + len(self.provinces) * len(self.years)
                * (s.activities_per_province_year + s.donations_per_province_year)
                + len(self.kab_kota) * sum(1 for year in self.years if year < END.year)
                * (len(vocab.PPKS_CATEGORIES) + len(vocab.PSKS_CATEGORIES)))

    def run(self) -> dict[str, int]:
        counts = {}
        counts["organisation"] = self.organisations_and_branches()
        self.items = self.aid_items()
        self.sources = self.funding_sources()
        counts["funding_source"] = sum(len(ids) for kinds in self.sources.values() for ids in kinds.values())
        self.lks = self.lks_registry()
        counts["lks"] = len(self.lks)
        counts["beneficiary_count"] = self.beneficiary_counts()
        counts["aid_distribution"] = self.distributions()
        counts["donation"] = self.donations()
        counts["aid_request"] = self.requests()
        counts["activity"] = self.activities()
        counts["welfare_count"] = self.welfare_counts()
        return counts

    # -- the parts -------------------------------------------------------------------------------

    def organisations_and_branches(self) -> int:
        rng = self.rng("bodies")
        organisation_id = _next_id(self.connection, Organisation)
        rows = []
        for i, province in enumerate(self.provinces):
            acronym = ACRONYMS[i % len(ACRONYMS)]
            rows.append((organisation_id + i, province, acronym, f"{acronym} Provinsi {self.province_names[province]}",
                         None, *_record(date(2010, 1, 4))))
        self.writer.write("organisation", ("id", "province_code", "acronym", "name", "address", *RECORD_COLUMNS), rows)
        branch_id = _next_id(self.connection, Branch)
        branches = []
        for i, (code, name) in enumerate(self.kab_kota):
            formed = rng.random() < 0.82
            decree = date(rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28)) if formed else None
            branches.append((branch_id + i, code, formed, f"KKKS {name}" if formed else None,
                             f"SK-{code}/{decree.year}" if decree else None, _day(decree) if decree else None,
                             f"{rng.choice(PEOPLE)} {rng.choice(FAMILY)}" if formed else None,
                             *_record(decree or date(2010, 1, 4))))
        self.writer.write("branch", ("id", "kab_kota_code", "is_formed", "name", "decree_number", "decree_date",
                                     "chair_name", *RECORD_COLUMNS), branches)
        return len(rows)

    def aid_items(self) -> dict[str, tuple[int, str]]:
        """The demo catalogue; items already there (a demo database) are reused."""
        existing = dict(self.connection.execute(select(AidItem.name, AidItem.id)).all())
        next_id = _next_id(self.connection, AidItem)
        rows, items = [], {}
        for name, unit, _price in AID_ITEMS:
            if name in existing:
                items[name] = (existing[name], unit)
                continue
            items[name] = (next_id, unit)
            rows.append((next_id, name, unit, *_record(date(2010, 1, 4))))
            next_id += 1
        self.writer.write("aid_item", ("id", "name", "unit", *RECORD_COLUMNS), rows)
        return items

    def funding_sources(self) -> dict[str, dict[str, list[int]]]:
        """CSR companies spread over the provinces by their number of kab/kota, and a few others each."""
        rng = self.rng("sources")
        per_province = {p: sum(1 for code, _ in self.kab_kota if code.startswith(p + ".")) for p in self.provinces}
        total = sum(per_province.values())
        shares = {p: max(1, round(self.scale.csr_companies * n / total)) for p, n in per_province.items()}
        largest = max(shares, key=shares.get)
        shares[largest] += self.scale.csr_companies - sum(shares.values())
        next_id = _next_id(self.connection, FundingSource)
        sources: dict[str, dict[str, list[int]]] = {}
        rows = []

        def add(province: str, kind: str, name: str, location: str | None = None) -> None:
            nonlocal next_id
            sources.setdefault(province, {}).setdefault(kind, []).append(next_id)
            rows.append((next_id, province, kind, name, location, None, True, *_record(date(2012, 1, 2))))
            next_id += 1

        for province in self.provinces:
            taken: set[str] = set()
            for n in range(shares[province]):
                name = f"PT {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
                if name in taken:
                    name = f"{name} {n + 1}"
                taken.add(name)
                add(province, "csr", name)
            capital = next(name for code, name in self.kab_kota if code.startswith(province + "."))
            for kind, count in OTHER_SOURCES.items():
                for n in range(count):
                    if kind == "kotak_sumbangan":
                        add(province, kind, f"Kotak sumbangan {n + 1}", f"Swalayan {n + 1}, {capital}")
                    elif kind == "instansi":
                        add(province, kind, ["Dinas Sosial", "Biro Kesra", "Baznas"][n] + f" {self.province_names[province]}")
                    else:
                        add(province, kind, f"{rng.choice(PEOPLE)} {rng.choice(FAMILY)} ({n + 1})")
        self.writer.write("funding_source", ("id", "province_code", "kind", "name", "location", "contact", "is_active",
                                             *RECORD_COLUMNS), rows)
        return sources

    def lks_registry(self) -> list[_Lks]:
        """LKS over the kab/kota (cities hold more); most registered before the ten years, some during."""
        rng = self.rng("lks")
        grades = self.rng("akreditasi")  # a stream of its own: the registry's other values stay as they were
        codes = [code for code, _ in self.kab_kota]
        weights = [2.0 if code[3] == "7" else 1.0 for code in codes]
        names = dict(self.kab_kota)
        types, type_weights = list(LKS_TYPE_WEIGHTS), list(LKS_TYPE_WEIGHTS.values())
        next_id = _next_id(self.connection, Lks)
        window_days = (END - self.first_day).days
        registry, rows = [], []
        for i in range(self.scale.lks):
            code = codes[i] if i < len(codes) else rng.choices(codes, weights)[0]  # every kab/kota has one
            lks_type = rng.choices(types, type_weights)[0]
            if rng.random() < 0.95:
                registered = date(rng.randint(1995, self.first_day.year - 1), rng.randint(1, 12), rng.randint(1, 28))
            else:
                registered = self.first_day + timedelta(days=rng.randint(0, window_days))
            closed = None
            if rng.random() < 0.03:
                closed = registered + timedelta(days=rng.randint(400, 4000))
                closed = closed if closed < END else None
            capacity = rng.randint(15, 120)
            lks = _Lks(next_id + i, code, lks_type, registered, closed, capacity)
            registry.append(lks)
            prefix = rng.choice(LKS_PREFIXES[lks_type])
            core = rng.choice(CORES)
            street = "Jl. " + rng.choice(STREETS.get(code[:2], GENERIC_STREETS))
            name, address = f"{prefix} {core} {i + 1}", f"{street} No. {rng.randint(1, 200)}, {names[code]}"
            lks.accreditation = rng.choice(["A", "B", "C", "belum"])
            rows.append((lks.id, name, lks_type, code, address, "terdaftar",
                         f"{i + 1:05d}/Dinsos-{code}/{registered.year}", lks.accreditation,
                         capacity, _day(registered), _day(closed) if closed else None, closed is None,
                         *_accreditation_dates(grades, lks), *_record(registered, lks.id)))
        self.writer.write("lks", ("id", "name", "lks_type", "kab_kota_code", "address", "registration_status",
                                  "registration_number", "accreditation", "capacity", "registered_on", "closed_on",
                                  "is_active", "accredited_on", "accreditation_expires_on", "growth_grade",
                                  "growth_assessed_on", *RECORD_COLUMNS), rows)
        return registry

    def beneficiary_counts(self) -> int:
        """A count for every month each LKS operated: about its capacity, drifting, women and men."""
        months = [(year, month, date(year, month, 1), _month_end(year, month), _moment(_month_end(year, month)))
                  for year, month in self.months]
        next_id = _next_id(self.connection, BeneficiaryCount)

        def rows() -> Iterator[tuple]:
            row_id = next_id
            for lks in self.lks:
                served = lks.capacity * (60 + lks.id % 35) // 100
                share = 35 + lks.id % 30  # women per hundred
                for i, (year, month, first, last, stamp) in enumerate(months):
                    if lks.registered_on > last or (lks.closed_on is not None and lks.closed_on <= first):
                        continue
                    people = served + (lks.id * 7 + i * 13) % 9 - 4 + i // 12
                    women = people * share // 100
                    deleted = _is_deleted(row_id)
                    yield (row_id, 1, 2 if deleted else 1, stamp, stamp, stamp if deleted else None, lks.id, year,
                           month, women, people - women)
                    row_id += 1

        return self.writer.write("beneficiary_count", ("id", *RECORD_COLUMNS, "lks_id", "year", "month", "women",
                                                       "men"), rows())

    def distributions(self) -> int:
        rng = self.rng("distributions")
        lks_by_kab_kota: dict[str, list[_Lks]] = {}
        for lks in self.lks:
            lks_by_kab_kota.setdefault(lks.kab_kota, []).append(lks)
        codes = list(lks_by_kab_kota)
        weights = [len(lks_by_kab_kota[code]) for code in codes]
        plan = [(name, *DISTRIBUTION_PLAN[name]) for name in DISTRIBUTION_PLAN]
        item_names, item_weights = [p[0] for p in plan], [p[1] for p in plan]
        by_item = {p[0]: p for p in plan}
        kinds, kind_weights = list(SOURCE_KIND_WEIGHTS), list(SOURCE_KIND_WEIGHTS.values())
        window_days = (END - self.first_day).days
        next_id = _next_id(self.connection, AidDistribution)
        prices = {(name, year): int(unit_price(name, year)) for name in item_names for year in self.years}

        def rows() -> Iterator[tuple]:
            for i in range(self.scale.distributions):
                code = rng.choices(codes, weights)[0]
                on = self.first_day + timedelta(days=rng.randrange(window_days + 1))
                name = rng.choices(item_names, item_weights)[0]
                _, _, (low, high), recipients = by_item[name]
                quantity = rng.randint(low, high)
                recipient = rng.choice(recipients)
                lks_id = group = person = None
                if recipient.startswith("lks:"):
                    kind = "lks"
                    lks_id = rng.choice(lks_by_kab_kota[code]).id
                elif recipient.startswith("kelompok:"):
                    kind, group = "kelompok", recipient.split(":")[1]
                else:
                    kind, person = "rumah_tangga", f"{rng.choice(PEOPLE)} {rng.choice(FAMILY)}"
                province_sources = self.sources[code[:2]]
                source_kind = rng.choices(kinds, kind_weights)[0]
                source = rng.choice(province_sources.get(source_kind) or province_sources["instansi"])
                yield (next_id + i, _day(on), self.items[name][0], quantity, quantity * prices[name, on.year], kind,
                       lks_id, group, person, code, source, None, None, *_record(on, next_id + i))

        return self.writer.write("aid_distribution", (
            "id", "distributed_on", "aid_item_id", "quantity", "value_rupiah", "recipient_kind", "recipient_lks_id",
            "recipient_group", "recipient_name", "kab_kota_code", "funding_source_id", "aid_request_id", "note",
            *RECORD_COLUMNS), rows())

    def donations(self) -> int:
        rng = self.rng("donations")
        next_id = _next_id(self.connection, Donation)
        items = [(item_id, unit) for item_id, unit in self.items.values()]
        rows = []
        for province in self.provinces:
            sources = [s for ids in self.sources[province].values() for s in ids]
            for year in self.years:
                for _ in range(self.scale.donations_per_province_year):
                    on = date(year, rng.randint(1, 12), rng.randint(1, 28))
                    if on < self.first_day or on > END:
                        continue
                    source = rng.choice(sources)
                    if rng.random() < 0.8:
                        rows.append((next_id + len(rows), source, _day(on), "tunai", rng.randint(5, 500) * 100_000,
                                     None, None, None, None, *_record(on, next_id + len(rows))))
                    else:
                        item_id, _unit = rng.choice(items)
                        rows.append((next_id + len(rows), source, _day(on), "barang", None, item_id,
                                     rng.randint(5, 200), None, None, *_record(on, next_id + len(rows))))
        return self.writer.write("donation", ("id", "funding_source_id", "received_on", "kind", "amount_rupiah",
                                              "aid_item_id", "quantity", "batch_ref", "note", *RECORD_COLUMNS), rows)

    def requests(self) -> int:
        rng = self.rng("requests")
        next_id = _next_id(self.connection, AidRequest)
        statuses = list(vocab.REQUEST_STATUSES)
        needs = ["Kursi roda untuk anggota keluarga", "Bantuan sembako", "Bedah rumah tidak layak huni",
                 "Alat bantu dengar", "Santunan anak yatim"]
        rows = []
        for code, _name in self.kab_kota:
            for year in self.years:
                for _ in range(self.scale.requests_per_kab_kota_year):
                    received = date(year, rng.randint(1, 12), rng.randint(1, 28))
                    if received < self.first_day or received > END:
                        continue
                    status = rng.choice(statuses)
                    changed = min(END, received + timedelta(days=rng.randint(3, 60))) if status != "diterima" else None
                    closed = changed if status in ("terpenuhi", "ditolak") else None
                    rows.append((next_id + len(rows), code, _day(received),
                                 f"{rng.choice(PEOPLE)} {rng.choice(FAMILY)}", None, None, None, rng.choice(needs),
                                 status, _day(changed) if changed else None, _day(closed) if closed else None,
                                 *_record(received)))
        return self.writer.write("aid_request", ("id", "kab_kota_code", "received_on", "applicant_name", "nik",
                                                 "address", "phone", "need", "status", "status_changed_on",
                                                 "closed_on", *RECORD_COLUMNS), rows)

    def welfare_counts(self) -> int:
        """PPKS (26 categories) and PSKS (12) for every kab/kota and every whole year before END's, sized and
        drifting as the demo's (`kesos.demo.pusat_data`); the LKS figure is the registry's at the year's end,
        give or take a few, as kab/kota offices count differently. Dated in the first quarter after the year."""
        from kesos.demo.pusat_data import _CITY, PPKS_PER_100K, PSKS_PER_KAB_KOTA, SOURCES

        rng = self.rng("pusat-data")
        years = [year for year in self.years if year < END.year]
        alive: dict[str, list[_Lks]] = {}
        for lks in self.lks:
            alive.setdefault(lks.kab_kota, []).append(lks)
        next_id = _next_id(self.connection, WelfareCount)

        def rows() -> Iterator[tuple]:
            row_id = next_id
            for code, name in self.kab_kota:
                is_city = code[3] == "7"
                people = rng.randint(150_000, 700_000) if is_city else rng.randint(80_000, 550_000)
                levels = {category: per * people / 100_000 * (_CITY.get(category, 1.0) if is_city else 1.0)
                          * rng.uniform(0.6, 1.5) for category, per in PPKS_PER_100K.items()}
                resources = {category: rng.randint(*bounds) * (2 if is_city else 1)
                             for category, bounds in PSKS_PER_KAB_KOTA.items()}
                for year in years:
                    figures_on = min(date(year + 1, rng.randint(1, 3), rng.randint(1, 28)), END)
                    source = rng.choice(SOURCES)
                    figures = []
                    for category in levels:
                        levels[category] *= rng.uniform(0.92, 1.07)
                        figures.append(("ppks", category, round(levels[category])))
                    for category in resources:
                        resources[category] = max(0, round(resources[category] * rng.uniform(0.95, 1.08)))
                        figures.append(("psks", category, resources[category]))
                    end = date(year, 12, 31)
                    registry = sum(1 for lks in alive.get(code, ()) if lks.registered_on <= end
                                   and (lks.closed_on is None or lks.closed_on > end))
                    figures.append(("psks", "lks", max(0, registry + rng.choice((-2, -1, 0, 0, 0, 1, 3)))))
                    for kind, category, count in figures:
                        yield (row_id, kind, code, year, category, count, source, _day(figures_on),
                               *_record(figures_on))
                        row_id += 1

        return self.writer.write("welfare_count", ("id", "kind", "kab_kota_code", "year", "category", "count", "source",
                                                   "figures_on", *RECORD_COLUMNS), rows())

    def activities(self) -> int:
        rng = self.rng("activities")
        next_id = _next_id(self.connection, Activity)
        # The kinds the benchmark data was built with; the release kinds added later (musda, peresmian,
        # penyerahan bantuan, HUT, forum) are left out so a generated database stays the same.
        kinds = ["rakor", "raker", "workshop", "pelatihan", "bakti_sosial", "lainnya"]
        rows = []
        for province in self.provinces:
            hosts = [code for code, _ in self.kab_kota if code.startswith(province + ".")]
            for year in self.years:
                for _ in range(self.scale.activities_per_province_year):
                    start = date(year, rng.randint(1, 12), rng.randint(1, 26))
                    if start < self.first_day or start > END:
                        continue
                    kind = rng.choice(kinds)
                    host = rng.choice(hosts) if rng.random() < 0.5 else None
                    total = rng.randint(20, 150)
                    rows.append((next_id + len(rows), province, host, kind,
                                 f"{vocab.ACTIVITY_KINDS[kind]} {self.province_names[province]} {year}",
                                 _day(start), _day(start + timedelta(days=rng.randint(0, 2))), "Aula Dinas Sosial",
                                 total, None, None, None, None, None, None, *_record(start)))
        return self.writer.write("activity", ("id", "province_code", "kab_kota_code", "kind", "title", "start_date",
                                              "end_date", "place", "participants_total", "participants_women",
                                              "participants_men", "agencies", "conclusions", "source_text",
                                              "source_url", *RECORD_COLUMNS), rows)


def _accreditation_dates(rng: random.Random, lks: _Lks) -> tuple:
    """accredited_on, accreditation_expires_on, growth_grade, growth_assessed_on of a generated LKS: expiries
    spread from a year before END to the grade's term after it, so some lapse within six months of END
    and some have lapsed; a growth grade for about half of the LKS."""
    accredited = expires = growth = assessed = None
    if lks.accreditation in vocab.ACCREDITATION_YEARS:
        years = vocab.ACCREDITATION_YEARS[lks.accreditation]
        wanted = END + timedelta(days=rng.randint(-365, 365 * years - 30))
        accredited = max(lks.registered_on, date(wanted.year - years, wanted.month, min(wanted.day, 28)))
        accredited = min(accredited, END)
        expires = accreditation_expiry(lks.accreditation, accredited)
    if rng.random() < 0.5:
        growth = rng.choices(list(vocab.LKS_GROWTH_GRADES), (2, 4, 3, 1))[0]
        assessed = min(END, lks.registered_on + timedelta(days=rng.randint(200, 3000)))
    return tuple(_day(d) if isinstance(d, date) else d for d in (accredited, expires, growth, assessed))


class GenerateRefused(RuntimeError):
    """The database already holds data this generator would collide with."""


def _reset_sequences(connection: Connection, tables: list[str]) -> None:
    """COPY with explicit ids leaves PostgreSQL's sequences behind; move them past the largest id."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        # The table names are the ones this module wrote (BulkWriter.tables), never input.
        statement = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"  # nosec B608
        connection.execute(text(statement))


def generate(engine: Engine, scale_name: str, *, progress_stream=sys.stderr) -> dict[str, int]:
    """Migrate, load regions, and fill the database with the scale's synthetic data; returns row counts."""
    scale = SCALES[scale_name]
    migrate(engine)
    with session_scope(engine) as session:
        load_regions(session)
    with engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(Organisation)).scalar():
            raise GenerateRefused("Database ini sudah berisi lembaga koordinasi; generate hanya mengisi database "
                                  "baru (tanpa data demo).")
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    with Session(engine) as session:
        connection = session.connection()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB while loading
        generator = Generator(scale, connection, Progress(scale.name, 0, progress_stream))
        generator.writer.progress.total = generator.planned_rows()
        counts = generator.run()
        generator.writer.progress.draw("summaries")
        summaries.rebuild(connection)
        data_versions.move_all(connection)
        _reset_sequences(connection, generator.writer.tables)
        if not session.exec(select(func.count()).select_from(User)).one():
            from kesos.demo import insert_demo_users

            insert_demo_users(session)
        session.commit()
        generator.writer.progress.finish("done")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    return counts


def main(database_url: str, scale_name: str) -> int:
    from kesos.db import make_engine

    engine = make_engine(database_url)
    started = time.monotonic()
    try:
        counts = generate(engine, scale_name)
    except GenerateRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    listed = ", ".join(f"{table} {count:,}" for table, count in counts.items())
    print(f"Data sintetis skala {scale_name} dibuat dalam {time.monotonic() - started:.0f} detik: {listed}.")
    return 0

