"""Reads for pages and reports: SQL aggregates, scoped to the acting user, returning small frames.

The filters, the shared clauses and the overview's headline live here; each record kind's reads live
in the module named after it (`queries.aid.csr_by_company`), imported from there.
"""

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, and_, case, cast, or_, true
from sqlmodel import Session, func, select

from kesos import clock, data_versions
from kesos.errors import PermissionDenied
from kesos.models import (
    Activity,
    AidYearly,
    BeneficiaryMonthly,
    Branch,
    KabKota,
    Lks,
    Organisation,
    Province,
    lks_alive_at,
)
from kesos.security import Actor


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: a province, optionally one kab/kota, a year range, an LKS type."""

    province_code: str | None = None
    kab_kota_code: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    lks_type: str | None = None

    @property
    def year(self) -> int:
        return self.year_to or self.year_from or clock.today().year


def scoped(actor: Actor, filters: Filters) -> Filters:
    """Clamp filters to what the actor may see; refuse a kab/kota or province outside the scope."""
    if filters.kab_kota_code and not actor.may_see_kab_kota(filters.kab_kota_code):
        raise PermissionDenied("Anda tidak berhak melihat data kab/kota ini.")
    if filters.province_code and not actor.may_see_province(filters.province_code):
        raise PermissionDenied("Anda tidak berhak melihat data provinsi ini.")
    kab_kota = actor.kab_kota_code or filters.kab_kota_code
    province = actor.province_code or filters.province_code
    if kab_kota:
        province = kab_kota.split(".")[0]
    return replace(filters, province_code=province, kab_kota_code=kab_kota)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _region_clause(column, filters: Filters):
    """A WHERE clause on a kab/kota code column; codes start with their province's code."""
    if filters.kab_kota_code:
        return column == filters.kab_kota_code
    if filters.province_code:
        # A range rather than LIKE '63.%', so both databases can use an index on the code:
        # every code of province 63 sorts from "63." up to, not including, "63/" ("/" follows ".").
        return and_(column >= f"{filters.province_code}.", column < f"{filters.province_code}/")
    return true()


def _summary_region(summary, filters: Filters):
    """A WHERE clause on a summary table, which keeps the province beside the kab/kota code."""
    if filters.kab_kota_code:
        return summary.kab_kota_code == filters.kab_kota_code
    if filters.province_code:
        return summary.province_code == filters.province_code
    return true()


def plain_rows(session: Session, statement) -> list[tuple]:
    """A read's rows as plain tuples, through the connection: pandas probes every row it is given for
    attributes, which a Row answers slowly (a KeyError inside each probe), so thousands of rows (the whole
    country's kab/kota-months) come into a frame several times faster this way."""
    session.flush()  # what the ORM's autoflush would do before this read
    return [tuple(row) for row in session.connection().execute(statement).all()]


def _lks_alive_at(year_end: date):
    return lks_alive_at(year_end)


def data_version(session: Session, province_code: str | None = None) -> int:
    """Moves on with every committed write to the province's data (None: to any province's).

    Part of every cache key, so a save shows at once, and a save elsewhere leaves the cache warm.
    """
    return data_versions.current(session.connection(), province_code)


def data_versions_now(session: Session) -> dict[str, int]:
    """Every province's data version, in one query (a province never written to is absent: version 0)."""
    return data_versions.versions(session.connection())


def provinces(session: Session, actor: Actor) -> pd.DataFrame:
    """The provinces of the deployment (those with a coordination body) the actor may see."""
    stmt = (
        select(Province.code, Province.name, Organisation.acronym)
        .join(Organisation, Organisation.province_code == Province.code)
        .where(Organisation.deleted_at.is_(None))
        .order_by(Province.code)
    )
    if actor.province_code:
        stmt = stmt.where(Province.code == actor.province_code)
    return pd.DataFrame(session.exec(stmt).all(), columns=["code", "name", "acronym"])


def kab_kota_options(session: Session, actor: Actor, province_code: str) -> pd.DataFrame:
    stmt = select(KabKota.code, KabKota.name).where(KabKota.province_code == province_code)
    if actor.kab_kota_code:
        stmt = stmt.where(KabKota.code == actor.kab_kota_code)
    return pd.DataFrame(session.exec(stmt.order_by(KabKota.code)).all(), columns=["code", "name"])


def headline(session: Session, filters: Filters) -> dict:
    """The overview's figures for the filter's year."""
    year = filters.year
    year_start, year_end = date(year, 1, 1), _year_end(year)

    lks = session.exec(
        select(func.count()).where(_lks_alive_at(year_end), _region_clause(Lks.kab_kota_code, filters))
    ).one()

    # People served and aid handed out come from the summaries (kesos.summaries), not the millions
    # of rows under them.
    monthly = BeneficiaryMonthly
    latest_month = session.exec(
        select(func.max(monthly.month)).where(monthly.year == year, _summary_region(monthly, filters))
    ).one()
    # The figure of the last complete month: a month some kab/kota have not reported yet would read
    # as a fall. The newest month, when it is partial, is named with how complete it is.
    shown_month, partial, partial_months = latest_month, None, []
    if latest_month:
        from kesos.queries.reporting import month_status

        status = month_status(session, filters, [year])
        status = status[status["month"] <= latest_month]
        newest = status[status["month"] == latest_month]
        if not newest.empty and not bool(newest["complete"].iloc[0]):
            partial = {"month": int(latest_month), "complete_kab_kota": int(newest["complete_kab_kota"].iloc[0]),
                       "expected_kab_kota": int(newest["expected_kab_kota"].iloc[0])}
            complete = status.loc[status["complete"], "month"]
            shown_month = int(complete.max()) if not complete.empty else latest_month
            # Every partial month after the one shown (October as well as November), oldest first.
            after = status[~status["complete"] & (status["month"] > (shown_month if not complete.empty else 0))]
            partial_months = [{"month": int(row.month), "complete_kab_kota": int(row.complete_kab_kota),
                               "expected_kab_kota": int(row.expected_kab_kota)}
                              for row in after.sort_values("month").itertuples()]
    beneficiaries = 0
    if shown_month:
        beneficiaries = session.exec(
            select(cast(func.coalesce(func.sum(monthly.women + monthly.men), 0), BigInteger))
            .where(monthly.year == year, monthly.month == shown_month, _summary_region(monthly, filters))
        ).one()

    aid_value, aid_count = session.exec(
        select(cast(func.coalesce(func.sum(AidYearly.value), 0), BigInteger),
               cast(func.coalesce(func.sum(AidYearly.distributions), 0), BigInteger))
        .where(AidYearly.year == year, _summary_region(AidYearly, filters))
    ).one()

    activity_stmt = (
        select(func.count())
        .where(Activity.deleted_at.is_(None), Activity.start_date.between(year_start, year_end))
    )
    if filters.kab_kota_code:
        activity_stmt = activity_stmt.where(Activity.kab_kota_code == filters.kab_kota_code)
    elif filters.province_code:
        activity_stmt = activity_stmt.where(Activity.province_code == filters.province_code)
    activities = session.exec(activity_stmt).one()

    formed_by_year_end = and_(
        Branch.is_formed, or_(Branch.decree_date.is_(None), Branch.decree_date <= year_end)
    )
    branches_formed, branches_total = session.exec(
        select(func.coalesce(func.sum(case((formed_by_year_end, 1), else_=0)), 0), func.count())
        .where(Branch.deleted_at.is_(None), _region_clause(Branch.kab_kota_code, filters))
    ).one()

    return {
        "year": year,
        "lks": lks,
        "beneficiaries": beneficiaries,
        "beneficiaries_month": shown_month,
        # The month shown is complete, unless no month of the year is (then it is the partial one).
        "beneficiaries_complete": partial is None or shown_month != partial["month"],
        "beneficiaries_partial": partial,  # the newest month when it is partial: how many kab/kota reported
        "beneficiaries_partial_months": partial_months,  # each partial month after the one shown
        "aid_value": aid_value,
        "aid_count": aid_count,
        "activities": activities,
        "branches_formed": branches_formed,
        "branches_total": branches_total,
    }

