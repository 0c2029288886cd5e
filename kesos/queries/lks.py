"""LKS dashboard reads: the registry counted at the end of each year, by type and kab/kota."""

import pandas as pd
from sqlalchemy import Date, Integer, and_, literal, or_, union_all
from sqlmodel import Session, func, select

from kesos import vocab
from kesos.models import KabKota, Lks
from kesos.queries import Filters, _lks_alive_at, _region_clause, _year_end, plain_rows


def _years(filters: Filters) -> list[int]:
    return list(range(filters.year_from or filters.year, filters.year + 1))


def lks_count_by_year(session: Session, filters: Filters) -> pd.DataFrame:
    """LKS in the registry at the end of each year of the range, by type: year, lks_type, type_label, count.

    One GROUP BY over a small table of year ends, so a ten-year range is one round trip.
    """
    years = union_all(*(
        select(literal(year, Integer).label("year"), literal(_year_end(year), Date).label("year_end"))
        for year in _years(filters)
    )).subquery("years")
    stmt = (
        select(years.c.year, Lks.lks_type, func.count())
        .select_from(years)
        .join(Lks, and_(Lks.registered_on <= years.c.year_end,
                        or_(Lks.closed_on.is_(None), Lks.closed_on > years.c.year_end)))
        .where(Lks.deleted_at.is_(None), _region_clause(Lks.kab_kota_code, filters))
        .group_by(years.c.year, Lks.lks_type)
        .order_by(years.c.year, Lks.lks_type)
    )
    if filters.lks_type:
        stmt = stmt.where(Lks.lks_type == filters.lks_type)
    frame = pd.DataFrame(plain_rows(session, stmt), columns=["year", "lks_type", "count"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def lks_by_type_per_kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    """LKS at the end of the filter's year: kab_kota_code, kab_kota, lks_type, type_label, count."""
    stmt = (
        select(KabKota.code, KabKota.name, Lks.lks_type, func.count())
        .join(KabKota, KabKota.code == Lks.kab_kota_code)
        .where(_lks_alive_at(_year_end(filters.year)), _region_clause(Lks.kab_kota_code, filters))
        .group_by(KabKota.code, KabKota.name, Lks.lks_type)
        .order_by(KabKota.code, Lks.lks_type)
    )
    if filters.lks_type:
        stmt = stmt.where(Lks.lks_type == filters.lks_type)
    frame = pd.DataFrame(plain_rows(session, stmt), columns=["kab_kota_code", "kab_kota", "lks_type", "count"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame
