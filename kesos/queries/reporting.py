"""Kelengkapan: which LKS reported each month, per kab/kota, on time or not, and the state of the month.

An LKS is *expected* in a month when it is live (not deleted), registered on or before the month's
last day and not closed before its first day. It has *reported* when it has a live beneficiary
count for the month (a 0 is a report; a missing row is not), *on time* when that row was first
saved by the due day of the next month (`config.report_due_day`, the end of that day in WIB, as
`kesos.clock` counts days). A kab/kota-month is *complete* when every expected LKS reported, or when
the secretariat approved it; a region's month is complete when every kab/kota in it with an
expected LKS is complete. The dashboards' headlines read the last complete month (see README).
"""

import calendar
import threading
from collections import OrderedDict
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import Date, DateTime, Integer, and_, case, literal, or_, union_all
from sqlmodel import Session, func, select

from kesos import clock, data_versions, vocab
from kesos.config import settings
from kesos.errors import PermissionDenied
from kesos.models import BeneficiaryCount, BeneficiaryMonthly, Branch, KabKota, Lks, LksRegistryMonthly, MonthlyReport
from kesos.queries import Filters, _region_clause, _summary_region, plain_rows
from kesos.security import Actor

COLUMNS = ["kab_kota_code", "kab_kota", "year", "month", "expected", "reported", "on_time", "share", "state",
           "state_label", "due_on", "complete", "late"]


def due_on(year: int, month: int, due_day: int | None = None) -> date:
    """The last day a month's report is on time: the due day of the next month."""
    due_day = due_day or settings().report_due_day
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(next_year, next_month, min(due_day, calendar.monthrange(next_year, next_month)[1]))


def _due_moment(year: int, month: int, due_day: int) -> datetime:
    """The end of the due day in WIB, as the naive UTC moment `created_at` is stored in."""
    end = datetime.combine(due_on(year, month, due_day) + timedelta(days=1), time(), clock.WIB)
    return end.astimezone(timezone.utc).replace(tzinfo=None)


def _months_table(year: int, months: list[int], due_day: int):
    """A small table of the months asked for: month, first and last day, the moment a report is due."""
    rows = [
        select(literal(m, Integer).label("month"), literal(date(year, m, 1), Date).label("first_day"),
               literal(date(year, m, calendar.monthrange(year, m)[1]), Date).label("last_day"),
               literal(_due_moment(year, m, due_day), DateTime).label("due_at"))
        for m in months
    ]
    return (rows[0] if len(rows) == 1 else union_all(*rows)).subquery("months")


def _expected_in(months):
    return and_(Lks.deleted_at.is_(None), Lks.registered_on <= months.c.last_day,
                or_(Lks.closed_on.is_(None), Lks.closed_on >= months.c.first_day))


def _months_of(year: int, month: int | None, today: date) -> list[int]:
    """The months asked for that have begun by today (a month not begun yet has nothing to report)."""
    if month is not None:
        return [month] if (year, month) <= (today.year, today.month) else []
    last = 12 if year < today.year else today.month if year == today.year else 0
    return list(range(1, last + 1))


def _by_month(year: int, months: list[int], value) -> case:
    """CASE month WHEN 1 THEN value(1) ...: a per-month bound without joining a table of months."""
    return case({m: value(m) for m in months}, value=BeneficiaryCount.month)


def _lks_rows(session: Session, region):
    """(kab/kota, registered_on, closed_on) of the region's LKS: the whole registry for the whole country.

    Read through the connection: 40,000 plain rows come back in a third of the time the ORM's result
    takes (about 70 ms against 230 ms nationally); the kelengkapan grid counts from them (the dashboards'
    marking counts from the registry's summary instead, `_summary_expected`).
    """
    session.flush()  # what the ORM's autoflush would do before this read
    return session.connection().execute(select(Lks.kab_kota_code, Lks.registered_on, Lks.closed_on)
                                        .where(Lks.deleted_at.is_(None), region(Lks.kab_kota_code))).all()


def _expected(rows, year: int, months: list[int]) -> pd.DataFrame:
    """kab_kota_code, month, expected (> 0) from (kab/kota, registered_on, closed_on) rows, with numpy."""
    codes, kab_kota = pd.factorize(pd.Series([row[0] for row in rows], dtype=object))
    registered = np.array([row[1].toordinal() for row in rows], dtype=np.int64)
    closed = np.array([row[2].toordinal() if row[2] else 10**7 for row in rows], dtype=np.int64)
    expected = []
    for m in months:
        first, last = date(year, m, 1).toordinal(), date(year, m, calendar.monthrange(year, m)[1]).toordinal()
        active = np.bincount(codes[(registered <= last) & (closed >= first)], minlength=len(kab_kota))
        expected.append(pd.DataFrame({"kab_kota_code": kab_kota, "month": m, "expected": active}))
    frame = pd.concat(expected, ignore_index=True) if expected else pd.DataFrame(
        columns=["kab_kota_code", "month", "expected"])
    return frame[frame["expected"] > 0]


def _counts(session: Session, region, year: int, months: list[int], due_day: int) -> pd.DataFrame:
    """expected, reported and on_time per kab/kota and month.

    Expected is counted from the region's LKS in pandas (a few thousand rows even for Jawa Timur);
    reported and on time in one grouped query from the region's LKS to their counts of the year
    through the (lks_id, year, month) key, the month's bounds given by CASE expressions.
    """
    frame = _expected(_lks_rows(session, region), year, months)
    bc = BeneficiaryCount
    first_day = _by_month(year, months, lambda m: literal(date(year, m, 1), Date))
    last_day = _by_month(year, months, lambda m: literal(date(year, m, calendar.monthrange(year, m)[1]), Date))
    due_at = _by_month(year, months, lambda m: literal(_due_moment(year, m, due_day), DateTime))
    reported = session.exec(
        select(Lks.kab_kota_code, bc.month, func.count(),
               func.coalesce(func.sum(case((bc.created_at < due_at, 1), else_=0)), 0))
        .select_from(Lks)
        .join(bc, and_(bc.lks_id == Lks.id, bc.year == year, bc.deleted_at.is_(None)))
        .where(Lks.deleted_at.is_(None), region(Lks.kab_kota_code), bc.month.in_(months),
               Lks.registered_on <= last_day, or_(Lks.closed_on.is_(None), Lks.closed_on >= first_day))
        .group_by(Lks.kab_kota_code, bc.month)
    ).all()
    done = pd.DataFrame(reported, columns=["kab_kota_code", "month", "reported", "on_time"])
    return frame.merge(done, on=["kab_kota_code", "month"], how="left")


def _states(session: Session, region, year: int) -> dict[tuple[str, int], str]:
    rows = session.exec(
        select(MonthlyReport.kab_kota_code, MonthlyReport.month, MonthlyReport.state)
        .where(MonthlyReport.year == year, MonthlyReport.deleted_at.is_(None), region(MonthlyReport.kab_kota_code))
    ).all()
    return {(code, month): state for code, month, state in rows}


def _region(filters: Filters):
    return lambda column: _region_clause(column, filters)


def completeness(session: Session, actor: Actor, province_code: str, year: int, month: int | None = None,
                 kab_kota_code: str | None = None, *, due_day: int | None = None,
                 today: date | None = None) -> pd.DataFrame:
    """The kelengkapan grid: a row per kab/kota (every one in scope, LKS or not) and month begun.

    Columns: kab_kota_code, kab_kota, year, month, expected, reported, on_time, share (reported /
    expected, NA without an expected LKS), state, state_label, due_on, complete, late (past the due
    day and not complete). An operator sees only its own kab/kota.
    """
    if not actor.may_see_province(province_code) or (kab_kota_code and not actor.may_see_kab_kota(kab_kota_code)):
        raise PermissionDenied("Anda tidak berhak melihat kelengkapan laporan wilayah ini.")
    filters = Filters(province_code=province_code, kab_kota_code=actor.kab_kota_code or kab_kota_code)
    return _grid(session, filters, year, month, due_day=due_day, today=today)


def last_month(today: date | None = None) -> tuple[int, int]:
    """(year, month) of the month before today's (`kesos.clock`): in January, December of the year before."""
    today = today or clock.today()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def reporting_last_month(session: Session, filters: Filters, *, today: date | None = None) -> pd.DataFrame:
    """The kelengkapan grid of last month (by `kesos.clock`) for scoped `filters` (an operator's kab/kota
    only; every province for a national read), whatever years the filters choose."""
    year, month = last_month(today)
    return _grid(session, Filters(province_code=filters.province_code, kab_kota_code=filters.kab_kota_code),
                 year, month, today=today)


def _grid(session: Session, filters: Filters, year: int, month: int | None, *, due_day: int | None = None,
          today: date | None = None) -> pd.DataFrame:
    today = today or clock.today()
    due_day = due_day or settings().report_due_day
    months = _months_of(year, month, today)
    kab_kota = session.exec(select(KabKota.code, KabKota.name).where(_region_clause(KabKota.code, filters))
                            .order_by(KabKota.code)).all()
    if not months or not kab_kota:
        return pd.DataFrame(columns=COLUMNS)
    grid = pd.DataFrame([(code, name, m) for code, name in kab_kota for m in months],
                        columns=["kab_kota_code", "kab_kota", "month"])
    counts = _counts(session, _region(filters), year, months, due_day)
    grid = grid.merge(counts, on=["kab_kota_code", "month"], how="left")
    for column in ("expected", "reported", "on_time"):
        grid[column] = grid[column].fillna(0).astype(int)
    grid.insert(2, "year", year)
    grid["share"] = (grid["reported"] / grid["expected"].where(grid["expected"] > 0)).astype("Float64")
    states = _states(session, _region(filters), year)
    grid["state"] = [states.get((code, m), "terbuka") for code, m in zip(grid["kab_kota_code"], grid["month"])]
    grid["state_label"] = grid["state"].map(vocab.REPORT_STATES)
    grid["due_on"] = [due_on(year, m, due_day) for m in grid["month"]]
    grid["complete"] = (grid["state"] == "disetujui") | ((grid["expected"] > 0) & (grid["reported"] >= grid["expected"]))
    grid["late"] = (grid["due_on"] < today) & ~grid["complete"] & (grid["expected"] > 0)
    return grid[COLUMNS]


def missing_lks(session: Session, actor: Actor, kab_kota_code: str, year: int, month: int) -> pd.DataFrame:
    """The LKS expected in a kab/kota-month that have not reported: id, name, lks_type, type_label."""
    if not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Anda tidak berhak melihat kelengkapan laporan kab/kota ini.")
    m = _months_table(year, [month], settings().report_due_day)
    reported = select(BeneficiaryCount.lks_id).where(
        BeneficiaryCount.year == year, BeneficiaryCount.month == month, BeneficiaryCount.deleted_at.is_(None))
    rows = session.exec(
        select(Lks.id, Lks.name, Lks.lks_type).select_from(Lks).join(m, _expected_in(m))
        .where(Lks.kab_kota_code == kab_kota_code, Lks.id.not_in(reported)).order_by(Lks.name, Lks.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "name", "lks_type"])
    frame["type_label"] = frame["lks_type"].map(vocab.LKS_TYPES)
    return frame


def _summary_reports(session: Session, filters: Filters, year: int) -> pd.DataFrame:
    """LKS counted per kab/kota and month, from the dashboards' summary (a few rows per kab/kota).

    The summary counts every live count of a live LKS; one of an LKS outside its active months
    (its dates changed after the count was entered) would count too, which the grid's exact count
    leaves out. The dashboards' marking accepts that, to stay fast for the whole country.
    """
    b = BeneficiaryMonthly
    rows = plain_rows(session, select(b.kab_kota_code, b.month, func.sum(b.reports))
                  .where(b.year == year, _summary_region(b, filters)).group_by(b.kab_kota_code, b.month))
    return pd.DataFrame(rows, columns=["kab_kota_code", "month", "reported"])


def _summary_expected(session: Session, filters: Filters, year: int, months: list[int]) -> pd.DataFrame:
    """kab_kota_code, month, expected (> 0): the LKS expected to report, from the registry's summary
    (`lks_registry_monthly`): those opened in or before a month, less those closed before it.

    Equal to `_expected` over the registry itself (tests/queries/test_month_status.py), without reading
    40,000 LKS for the whole country: the months before the year are summed in the database.
    """
    r = LksRegistryMonthly
    region = _summary_region(r, filters)
    carried = dict(plain_rows(session, select(r.kab_kota_code, func.sum(r.opened - r.closed))
                          .where(r.year < year, region).group_by(r.kab_kota_code)))
    changes = plain_rows(session, select(r.kab_kota_code, r.month, r.opened, r.closed).where(r.year == year, region))
    codes = sorted(set(carried) | {row[0] for row in changes})
    if not codes or not months:
        return pd.DataFrame(columns=["kab_kota_code", "month", "expected"])
    index = {code: i for i, code in enumerate(codes)}
    opened, closed = np.zeros((len(codes), 13), dtype=np.int64), np.zeros((len(codes), 13), dtype=np.int64)
    for code, month, o, c in changes:
        opened[index[code], month] += o
        closed[index[code], month] += c
    start = np.array([int(carried.get(code) or 0) for code in codes], dtype=np.int64)
    # In month m: opened in months 1..m, closed in months 1..m-1 (an LKS closed in m still reports for m).
    expected = start[:, None] + np.cumsum(opened, axis=1) - (np.cumsum(closed, axis=1) - closed)
    frame = pd.DataFrame({"kab_kota_code": np.repeat(codes, len(months)),
                          "month": np.tile(months, len(codes)),
                          "expected": expected[:, months].reshape(-1)})
    return frame[frame["expected"] > 0]


_STATUS_MEMO: OrderedDict = OrderedDict()
_STATUS_MEMO_SIZE = 64
_STATUS_LOCK = threading.Lock()


def month_status(session: Session, filters: Filters, years: list[int], *, today: date | None = None
                 ) -> pd.DataFrame:
    """Per year and month begun, for the filter's region: complete_kab_kota, expected_kab_kota, complete.

    What the dashboards mark a month with: a month is complete when every kab/kota of the region
    with an expected LKS is complete (all its LKS reported, or approved). Expected and reported come
    from the summaries (`_summary_expected`, `_summary_reports`): the whole country costs a few
    thousand summary rows, not the LKS registry.

    Every chart of the Penerima page marks its months, so the frame is kept in this process by the database,
    the region, the years, the day and the region's data version (read first, as `web.query` does: an entry is never
    older than its key); a session holding a write not committed yet neither reads nor fills it.
    """
    today = today or clock.today()
    if data_versions.has_written(session):
        return _month_status(session, filters, years, today)
    province = filters.province_code or (filters.kab_kota_code or "")[:2] or None
    connection = session.connection()
    key = (str(connection.engine.url), province, filters.kab_kota_code, tuple(years), today,
           data_versions.current(connection, province))
    with _STATUS_LOCK:
        if key in _STATUS_MEMO:
            _STATUS_MEMO.move_to_end(key)
            return _STATUS_MEMO[key].copy()
    frame = _month_status(session, filters, years, today)
    with _STATUS_LOCK:
        _STATUS_MEMO[key] = frame.copy()
        while len(_STATUS_MEMO) > _STATUS_MEMO_SIZE:
            _STATUS_MEMO.popitem(last=False)
    return frame


def _month_status(session: Session, filters: Filters, years: list[int], today: date) -> pd.DataFrame:
    frames = []
    for year in years:
        months = _months_of(year, None, today)
        if not months:
            continue
        counts = _summary_expected(session, filters, year, months).merge(
            _summary_reports(session, filters, year), on=["kab_kota_code", "month"], how="left")
        counts["reported"] = counts["reported"].fillna(0)
        approved = {key for key, state in _states(session, _region(filters), year).items() if state == "disetujui"}
        keys = pd.Series(list(zip(counts["kab_kota_code"], counts["month"])), index=counts.index, dtype=object)
        counts["complete"] = (counts["reported"] >= counts["expected"]) | keys.isin(approved)
        per_month = counts.groupby("month").agg(complete_kab_kota=("complete", "sum"),
                                                expected_kab_kota=("kab_kota_code", "count"))
        per_month = per_month.reindex(months, fill_value=0).rename_axis("month").reset_index()
        per_month.insert(0, "year", year)
        frames.append(per_month)
    if not frames:
        return pd.DataFrame(columns=["year", "month", "complete_kab_kota", "expected_kab_kota", "complete"])
    frame = pd.concat(frames, ignore_index=True)
    frame[["complete_kab_kota", "expected_kab_kota"]] = frame[["complete_kab_kota", "expected_kab_kota"]].astype(int)
    frame["complete"] = (frame["expected_kab_kota"] > 0) & (frame["complete_kab_kota"] >= frame["expected_kab_kota"])
    return frame


def with_status(frame: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """A dashboard frame with year and month, and each month's completeness beside its figures.

    A month without a status row (not begun, or no LKS expected) counts as complete: nothing is
    missing from it.
    """
    merged = frame.merge(status, on=["year", "month"], how="left")
    merged["complete"] = merged["complete"].astype("boolean").fillna(True).astype(bool)
    for column in ("complete_kab_kota", "expected_kab_kota"):
        merged[column] = merged[column].fillna(0).astype(int)
    return merged


def branch_contacts(session: Session, kab_kota_codes: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """kab/kota code -> (contact name, phone 62…) of its live branch, for the reminders."""
    rows = session.exec(
        select(Branch.kab_kota_code, Branch.contact_name, Branch.contact_phone)
        .where(Branch.kab_kota_code.in_(kab_kota_codes), Branch.deleted_at.is_(None))
    ).all()
    return {code: (name, phone) for code, name, phone in rows}


def reminders(session: Session, actor: Actor, province_code: str, year: int, month: int, *,
              today: date | None = None) -> pd.DataFrame:
    """The late kab/kota of a month (past the due day, not complete), each with its branch contact, a
    ready message and its wa.me link: kab_kota_code, kab_kota, expected, reported, due_on,
    contact_name, contact_phone, message, link."""
    from kesos import reminders as text

    today = today or clock.today()
    grid = completeness(session, actor, province_code, year, month, today=today)
    late = grid[grid["late"]]
    contacts = branch_contacts(session, late["kab_kota_code"].tolist())
    rows = []
    for row in late.itertuples():
        name, phone = contacts.get(row.kab_kota_code, (None, None))
        missing = missing_lks(session, actor, row.kab_kota_code, year, month)["name"].tolist()
        body = text.message(kab_kota=row.kab_kota, year=year, month=month, reported=row.reported,
                            expected=row.expected, due_on=row.due_on, missing=missing, contact_name=name, today=today)
        rows.append({"kab_kota_code": row.kab_kota_code, "kab_kota": row.kab_kota, "expected": row.expected,
                     "reported": row.reported, "due_on": row.due_on, "contact_name": name, "contact_phone": phone,
                     "message": body, "link": text.whatsapp_link(phone, body)})
    return pd.DataFrame(rows, columns=["kab_kota_code", "kab_kota", "expected", "reported", "due_on",
                                       "contact_name", "contact_phone", "message", "link"])


def approved_months(session: Session, filters: Filters, year_from: int, year_to: int) -> pd.DataFrame:
    """Approved (locked) kab/kota-months of the region in the years: kab_kota_code, year, month."""
    rows = session.exec(
        select(MonthlyReport.kab_kota_code, MonthlyReport.year, MonthlyReport.month)
        .where(MonthlyReport.state == "disetujui", MonthlyReport.deleted_at.is_(None),
               MonthlyReport.year.between(year_from, year_to), _region_clause(MonthlyReport.kab_kota_code, filters))
        .order_by(MonthlyReport.year, MonthlyReport.month, MonthlyReport.kab_kota_code)
    ).all()
    return pd.DataFrame(rows, columns=["kab_kota_code", "year", "month"])
