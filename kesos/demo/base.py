"""What the demo's parts share: the fixed seed and end date, row helpers, and the ids inserted so far.

Everything comes from `random.Random` seeded with a fixed string per part, never from the clock,
so two demo databases are identical and changing one part does not reshuffle the others.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert
from sqlmodel import Session

SEED = "kesos-demo-2023"
DATA_END = date(2026, 10, 31)  # the demo's "today": every record is on or before this day
FIRST_YEAR = {"61": 2019, "63": 2019, "51": 2013}  # aid, money and activities start here
BENEFICIARIES_FROM = date(2022, 1, 1)


def rng_for(part: str) -> random.Random:
    return random.Random(f"{SEED}:{part}")


def stamp(on: date) -> datetime:
    """The moment a demo record was 'entered': its own day, 10:00 WITA."""
    return datetime(on.year, on.month, on.day, 2, 0, tzinfo=timezone.utc)


def record(on: date) -> dict:
    """The Record mixin's columns for a demo row."""
    moment = stamp(min(on, DATA_END))
    return {"is_demo": True, "version": 1, "created_at": moment, "updated_at": moment, "deleted_at": None}


def insert_rows(session: Session, model, rows: list[dict], *, returning_ids: bool = False) -> list[int]:
    """One bulk INSERT; with `returning_ids`, the new ids in the order of `rows`.

    A Core insert on the table, not the ORM's bulk insert: the ORM splits the rows into many
    statements, the Core sends one executemany, several times faster on SQLite.
    """
    if not rows:
        return []
    table = model.__table__
    if returning_ids:
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.exec(stmt, params=rows).scalars())
    session.exec(insert(table), params=rows)
    return []


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), min(date(year, 12, 31), DATA_END)


def some_day(rng: random.Random, year: int, after: date | None = None) -> date:
    start, end = year_bounds(year)
    if after is not None:
        start = max(start, after + timedelta(days=1))
    return random_date(rng, start, end)


@dataclass(frozen=True)
class LksInfo:
    id: int
    kab_kota_code: str
    lks_type: str
    registered_on: date
    closed_on: date | None
    capacity: int | None

    def alive_on(self, day: date) -> bool:
        return self.registered_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass
class DemoContext:
    """What the demo parts share: regions, and the ids of what was inserted so far."""

    session: Session
    province_names: dict[str, str]
    kab_kota: dict[str, list[tuple[str, str]]]  # province -> [(code, name)] in code order
    items: dict[str, int] = field(default_factory=dict)  # aid item name -> id
    sources: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # province -> kind -> ids
    lks: list[LksInfo] = field(default_factory=list)

    def kab_kota_name(self, code: str) -> str:
        return dict(self.kab_kota[code[:2]])[code]

    def kab_kota_weights(self, province: str) -> tuple[list[str], list[float]]:
        """Cities, and the capital most of all, hold more LKS and more requests."""
        codes = [code for code, _ in self.kab_kota[province]]
        return codes, [3.0 if code.endswith(".71") else 2.0 if code[3] == "7" else 1.0 for code in codes]
