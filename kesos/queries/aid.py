"""Aid and CSR dashboard reads: aid handed out per funding source, item and kab/kota; donations."""

from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, case, cast, extract
from sqlmodel import Session, func, select

from kesos import clock, vocab
from kesos.models import (
    AidDistribution,
    AidItem,
    AidMonthly,
    AidSourceYearly,
    AidYearly,
    Donation,
    FundingSource,
    KabKota,
)
from kesos.queries import Filters, _region_clause, _summary_region, _year_end, plain_rows

TOP_COMPANIES = 10
OTHERS = "Lainnya"


def _period(filters: Filters) -> tuple[date, date]:
    return date(filters.year_from or filters.year, 1, 1), _year_end(filters.year)


def _distributions(filters: Filters, *columns):
    """SELECT `columns` FROM aid handed out in the filter's years and region, with item and source."""
    return (
        select(*columns)
        .select_from(AidDistribution)
        .join(AidItem, AidItem.id == AidDistribution.aid_item_id)
        .join(FundingSource, FundingSource.id == AidDistribution.funding_source_id)
        .where(AidDistribution.deleted_at.is_(None))
        .where(AidDistribution.distributed_on.between(*_period(filters)))
        .where(_region_clause(AidDistribution.kab_kota_code, filters))
    )


def _sum(column):
    # SUM of a BIGINT is NUMERIC on PostgreSQL; cast back so frames hold integers on both databases.
    return cast(func.sum(column), BigInteger)


def _aid_yearly(filters: Filters, *columns):
    """SELECT `columns` FROM the yearly aid summary (kesos.summaries) of the filter's years and region."""
    first, last = _period(filters)
    return (
        select(*columns)
        .select_from(AidYearly)
        .join(AidItem, AidItem.id == AidYearly.aid_item_id)
        .where(AidYearly.year.between(first.year, last.year))
        .where(_summary_region(AidYearly, filters))
    )


def _quantity_per_unit():
    """SUM(quantity) for each unit apart: packages and wheelchairs are never added together."""
    return [func.coalesce(_sum(case((AidItem.unit == unit, AidYearly.quantity), else_=0)), 0)
            for unit in vocab.UNITS]


def aid_by_source_per_year(session: Session, filters: Filters) -> pd.DataFrame:
    """year, source_kind, source_label, value, distributions, and one quantity column per unit."""
    stmt = _aid_yearly(
        filters, AidYearly.year, AidYearly.source_kind, _sum(AidYearly.value), _sum(AidYearly.distributions),
        *_quantity_per_unit(),
    ).group_by(AidYearly.year, AidYearly.source_kind).order_by(AidYearly.year, AidYearly.source_kind)
    frame = pd.DataFrame(plain_rows(session, stmt),
                         columns=["year", "source_kind", "value", "distributions", *vocab.UNITS])
    frame["year"] = frame["year"].astype(int)
    frame["source_label"] = frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS)
    return aid_same_period(session, filters, frame)


def _same_period(frame: pd.DataFrame, column: str, rows, cut_month: int) -> pd.DataFrame:
    """`column`_same_period: each year's figure over January to `cut_month` only, and `period_months`.

    Added when the last year shown is not over: its figure then covers fewer months than the
    earlier years', and a takeaway compares the same months instead (see takeaways.aid_by_source).
    """
    same = {(int(year), kind): int(value or 0) for year, kind, value in rows}
    frame[f"{column}_same_period"] = [same.get((int(y), k), 0) for y, k in zip(frame["year"], frame["source_kind"])]
    frame["period_months"] = cut_month
    return frame


def _partial_year_cut(session: Session, filters: Filters, date_column, *where) -> int | None:
    """The month of the newest record in the last year shown, when that year is not over yet."""
    if filters.year < clock.today().year:
        return None
    newest = session.exec(select(func.max(date_column)).where(
        date_column.between(date(filters.year, 1, 1), _year_end(filters.year)), *where)).one()
    if newest is None:
        return None
    return (newest if isinstance(newest, date) else date.fromisoformat(str(newest)[:10])).month


def aid_same_period(session: Session, filters: Filters, frame: pd.DataFrame) -> pd.DataFrame:
    """The same months of the first and the last year shown, when the last is not over: from the monthly aid
    summary (kesos.summaries), a few rows per kab/kota, not the distributions (a million for the country)."""
    if filters.year < clock.today().year or frame.empty:
        return frame
    m = AidMonthly
    region = _summary_region(m, filters)
    cut = session.exec(select(func.max(m.month)).where(m.year == filters.year, region)).one()
    if cut is None:
        return frame
    rows = session.exec(
        select(m.year, m.source_kind, _sum(m.value))
        .where(m.year.in_(sorted({filters.year_from or filters.year, filters.year})), m.month <= cut, region)
        .group_by(m.year, m.source_kind)
    ).all()
    return _same_period(frame, "value", rows, cut)


def _csr_per_company_year(filters: Filters):
    """(source id, company, year, value, distributions) of CSR-funded aid.

    For a province or the whole country, from the per-source summary; for one kab/kota (which
    the summary does not keep), from that kab/kota's distributions through their index.
    """
    if filters.kab_kota_code:
        year = extract("year", AidDistribution.distributed_on)
        return (_distributions(filters, FundingSource.id, FundingSource.name, year,
                               _sum(AidDistribution.value_rupiah), func.count())
                .where(FundingSource.kind == "csr")
                .group_by(FundingSource.id, FundingSource.name, year))
    first, last = _period(filters)
    s = AidSourceYearly
    stmt = (
        select(FundingSource.id, FundingSource.name, s.year, _sum(s.value), _sum(s.distributions))
        .join(FundingSource, FundingSource.id == s.funding_source_id)
        .where(s.source_kind == "csr", s.year.between(first.year, last.year))
        .group_by(FundingSource.id, FundingSource.name, s.year)
    )
    if filters.province_code:
        stmt = stmt.where(s.province_code == filters.province_code)
    return stmt


def csr_by_company(session: Session, filters: Filters) -> pd.DataFrame:
    """Aid value funded by each CSR company per year; past the top ten, one row 'Lainnya' per year.

    Columns: company, year, value, distributions, rank (1 = funded most over the whole range).
    """
    frame = pd.DataFrame(plain_rows(session, _csr_per_company_year(filters)),
                         columns=["source_id", "company", "year", "value", "distributions"])
    if frame.empty:
        return frame.drop(columns="source_id").assign(rank=pd.Series(dtype=int))
    frame["year"] = frame["year"].astype(int)
    totals = frame.groupby("source_id")["value"].sum().sort_values(ascending=False, kind="stable")
    rank = {source_id: i + 1 for i, source_id in enumerate(totals.index)}
    frame["rank"] = frame["source_id"].map(rank)
    others = frame["rank"] > TOP_COMPANIES
    if others.any():
        count = frame.loc[others, "source_id"].nunique()
        tail = (frame[others].groupby("year", as_index=False)[["value", "distributions"]].sum()
                .assign(company=f"{OTHERS} ({count} perusahaan)", rank=TOP_COMPANIES + 1))
        frame = pd.concat([frame[~others], tail], ignore_index=True)
    return (frame.drop(columns="source_id").sort_values(["rank", "year"], ignore_index=True)
            [["company", "year", "value", "distributions", "rank"]])


def aid_by_item(session: Session, filters: Filters) -> pd.DataFrame:
    """item, unit, quantity, value, distributions over the filter's years, most valuable first."""
    value = _sum(AidYearly.value)
    stmt = (
        _aid_yearly(filters, AidItem.name, AidItem.unit, _sum(AidYearly.quantity), value,
                    _sum(AidYearly.distributions))
        .group_by(AidItem.name, AidItem.unit)
        .order_by(value.desc(), AidItem.name)
    )
    return pd.DataFrame(plain_rows(session, stmt), columns=["item", "unit", "quantity", "value", "distributions"])


def aid_by_kab_kota(session: Session, filters: Filters) -> pd.DataFrame:
    """kab_kota_code, kab_kota, value, distributions, and one quantity column per unit."""
    stmt = (
        _aid_yearly(filters, KabKota.code, KabKota.name, _sum(AidYearly.value),
                    _sum(AidYearly.distributions), *_quantity_per_unit())
        .join(KabKota, KabKota.code == AidYearly.kab_kota_code)
        .group_by(KabKota.code, KabKota.name)
        .order_by(KabKota.code)
    )
    return pd.DataFrame(plain_rows(session, stmt),
                        columns=["kab_kota_code", "kab_kota", "value", "distributions", *vocab.UNITS])


def _donations(filters: Filters, *columns):
    """Donations are received by the provincial body: they have a province, not a kab/kota."""
    stmt = (
        select(*columns)
        .select_from(Donation)
        .join(FundingSource, FundingSource.id == Donation.funding_source_id)
        .where(Donation.deleted_at.is_(None))
        .where(Donation.received_on.between(*_period(filters)))
    )
    if filters.province_code:
        stmt = stmt.where(FundingSource.province_code == filters.province_code)
    return stmt


def donations_cash(session: Session, filters: Filters) -> pd.DataFrame:
    """Cash received per year and source kind: year, source_kind, source_label, amount, donations.

    Empty when the filters name one kab/kota, since donations are not kept per kab/kota.
    """
    year = extract("year", Donation.received_on)
    columns = ["year", "source_kind", "amount", "donations"]
    if filters.kab_kota_code:
        return pd.DataFrame(columns=[*columns, "source_label"])
    stmt = (
        _donations(filters, year, FundingSource.kind, _sum(Donation.amount_rupiah), func.count())
        .where(Donation.kind == "tunai")
        .group_by(year, FundingSource.kind)
        .order_by(year, FundingSource.kind)
    )
    frame = pd.DataFrame(plain_rows(session, stmt), columns=columns)
    frame["year"] = frame["year"].astype(int)
    frame["source_label"] = frame["source_kind"].map(vocab.FUNDING_SOURCE_KINDS)
    cut = _partial_year_cut(session, filters, Donation.received_on, Donation.deleted_at.is_(None),
                            Donation.kind == "tunai")
    if cut is not None and not frame.empty:
        rows = session.exec(
            _donations(filters, year, FundingSource.kind, func.sum(Donation.amount_rupiah))
            .where(Donation.kind == "tunai", extract("month", Donation.received_on) <= cut)
            .where(year.in_((filters.year_from or filters.year, filters.year)))
            .group_by(year, FundingSource.kind)
        ).all()
        frame = _same_period(frame, "amount", rows, cut)
    return frame


def donations_in_kind(session: Session, filters: Filters) -> pd.DataFrame:
    """Goods received per year and item, in the item's unit: year, item, unit, quantity, donations."""
    year = extract("year", Donation.received_on)
    columns = ["year", "item", "unit", "quantity", "donations"]
    if filters.kab_kota_code:
        return pd.DataFrame(columns=columns)
    stmt = (
        _donations(filters, year, AidItem.name, AidItem.unit, func.sum(Donation.quantity), func.count())
        .join(AidItem, AidItem.id == Donation.aid_item_id)
        .where(Donation.kind == "barang")
        .group_by(year, AidItem.name, AidItem.unit)
        .order_by(year, AidItem.name)
    )
    frame = pd.DataFrame(plain_rows(session, stmt), columns=columns)
    frame["year"] = frame["year"].astype(int)
    return frame
