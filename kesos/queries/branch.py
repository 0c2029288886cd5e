"""Branch coverage reads: every kab/kota of the province, with its branch, board, LKS and requests."""

from datetime import date

import pandas as pd
from sqlalchemy import and_, or_, union_all
from sqlmodel import Session, func, select

from kesos import clock
from kesos.models import Activity, ActivityKabKota, AidRequest, BoardTerm, Branch, KabKota, Lks, Organisation
from kesos.queries import Filters, _lks_alive_at, _region_clause, _year_end, plain_rows

COLUMNS = [
    "kab_kota_code", "kab_kota", "is_formed", "branch_name", "decree_date", "chair_name",
    "term_start", "term_end", "lks", "open_requests", "oldest_open_request", "last_activity",
]


def as_of(filters: Filters, today: date | None = None) -> date:
    """The board shows the end of the filter's year, or today for the current year."""
    return min(today or clock.today(), _year_end(filters.year))


def branch_coverage(session: Session, filters: Filters) -> pd.DataFrame:
    """One row per kab/kota of the province, formed branch or not: COLUMNS and the as_of day.

    Each figure is one GROUP BY subquery joined to the kab/kota list, so the board is one query.
    """
    on = as_of(filters)
    branch = (
        select(Branch.id, Branch.kab_kota_code, Branch.name, Branch.decree_date, Branch.chair_name,
               and_(Branch.is_formed, or_(Branch.decree_date.is_(None), Branch.decree_date <= on))
               .label("is_formed"))
        .where(Branch.deleted_at.is_(None))
        .subquery()
    )
    latest_term = (
        select(BoardTerm.branch_id, func.max(BoardTerm.term_start).label("term_start"))
        .where(BoardTerm.deleted_at.is_(None), BoardTerm.branch_id.is_not(None), BoardTerm.term_start <= on)
        .group_by(BoardTerm.branch_id)
        .subquery()
    )
    term = (
        select(BoardTerm.branch_id, BoardTerm.term_start, BoardTerm.term_end, BoardTerm.chair_name)
        .join(latest_term, and_(latest_term.c.branch_id == BoardTerm.branch_id,
                                latest_term.c.term_start == BoardTerm.term_start))
        .where(BoardTerm.deleted_at.is_(None))
        .subquery()
    )
    lks = (
        select(Lks.kab_kota_code, func.count().label("n"))
        .where(_lks_alive_at(on), _region_clause(Lks.kab_kota_code, filters))
        .group_by(Lks.kab_kota_code)
        .subquery()
    )
    requests = (
        select(AidRequest.kab_kota_code, func.count().label("n"), func.min(AidRequest.received_on).label("oldest"))
        .where(AidRequest.deleted_at.is_(None), AidRequest.received_on <= on,
               or_(AidRequest.closed_on.is_(None), AidRequest.closed_on > on),
               _region_clause(AidRequest.kab_kota_code, filters))
        .group_by(AidRequest.kab_kota_code)
        .subquery()
    )
    # An activity counts for the kab/kota that hosted it and for every kab/kota that attended.
    present = union_all(
        select(Activity.kab_kota_code.label("kab_kota_code"), Activity.start_date)
        .where(Activity.deleted_at.is_(None), Activity.kab_kota_code.is_not(None), Activity.start_date <= on),
        select(ActivityKabKota.kab_kota_code.label("kab_kota_code"), Activity.start_date)
        .join(Activity, Activity.id == ActivityKabKota.activity_id)
        .where(Activity.deleted_at.is_(None), Activity.start_date <= on),
    ).subquery()
    activity = (
        select(present.c.kab_kota_code, func.max(present.c.start_date).label("last"))
        .where(_region_clause(present.c.kab_kota_code, filters))
        .group_by(present.c.kab_kota_code)
        .subquery()
    )
    stmt = (
        select(
            KabKota.code, KabKota.name, func.coalesce(branch.c.is_formed, False), branch.c.name,
            branch.c.decree_date, func.coalesce(term.c.chair_name, branch.c.chair_name),
            term.c.term_start, term.c.term_end, func.coalesce(lks.c.n, 0), func.coalesce(requests.c.n, 0),
            requests.c.oldest, activity.c.last,
        )
        .outerjoin(branch, branch.c.kab_kota_code == KabKota.code)
        .outerjoin(term, term.c.branch_id == branch.c.id)
        .outerjoin(lks, lks.c.kab_kota_code == KabKota.code)
        .outerjoin(requests, requests.c.kab_kota_code == KabKota.code)
        .outerjoin(activity, activity.c.kab_kota_code == KabKota.code)
        .where(_region_clause(KabKota.code, filters))
        .order_by(KabKota.code)
    )
    if not filters.province_code and not filters.kab_kota_code:
        # Every province of the deployment (those with a coordination body), not all 514 kab/kota of Indonesia.
        stmt = stmt.where(KabKota.province_code.in_(
            select(Organisation.province_code).where(Organisation.deleted_at.is_(None))))
    frame = pd.DataFrame(plain_rows(session, stmt), columns=COLUMNS)
    frame["is_formed"] = frame["is_formed"].astype(bool)
    frame["as_of"] = on
    return frame
