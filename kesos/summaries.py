"""The dashboards' summary tables, kept up to date in the same transaction as every write.

Each flush notes which summary keys the changed rows touch, with their old and their new values
(a distribution moved to another kab/kota or year changes two keys). Just before the commit,
those keys are computed again from the base tables. On PostgreSQL a transaction-scoped advisory
lock per kab/kota (and per funding source) is taken first, in a fixed order, so two writers of
the same kab/kota cannot interleave their recomputations; SQLite lets one writer in at a time.

Writes that bypass the ORM (the demo loader, the generator, `remove_demo`) call `rebuild`.

The tables: people served per kab/kota, LKS type and month (`beneficiary_monthly`); aid per kab/kota,
year, item and kind of source (`aid_yearly`) and per kab/kota, month and kind (`aid_monthly`); aid per
funding source and year (`aid_source_yearly`); and the registry's openings and closings per kab/kota
and month (`lks_registry_monthly`), from which the LKS expected to report in any month are counted.
"""

import zlib
from datetime import date

from sqlalchemy import Connection, and_, delete, event, extract, insert, literal_column, select, text, union_all
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session
from sqlmodel import func

from kesos.models import (
    AidDistribution,
    AidMonthly,
    AidSourceYearly,
    AidYearly,
    BeneficiaryCount,
    BeneficiaryMonthly,
    FundingSource,
    Lks,
    LksRegistryMonthly,
)

_KEYS = "kesos_summary_keys"
_BENEFICIARY = BeneficiaryMonthly.__table__
_AID = AidYearly.__table__
_SOURCE = AidSourceYearly.__table__
_AID_MONTH = AidMonthly.__table__
_REGISTRY = LksRegistryMonthly.__table__


def _province(kab_kota_column):
    # Literal positions: PostgreSQL matches a SELECT expression to its GROUP BY only without parameters.
    return func.substr(kab_kota_column, literal_column("1"), literal_column("2"))


def _aid_year():
    return extract("year", AidDistribution.distributed_on)


def _beneficiary_rows(*where):
    bc = BeneficiaryCount
    return (
        select(Lks.kab_kota_code, Lks.lks_type, bc.year, bc.month, _province(Lks.kab_kota_code),
               func.sum(bc.women), func.sum(bc.men), func.count())
        .join(Lks, Lks.id == bc.lks_id)
        .where(bc.deleted_at.is_(None), Lks.deleted_at.is_(None), *where)
        .group_by(Lks.kab_kota_code, Lks.lks_type, bc.year, bc.month)
    )


def _aid_rows(*where):
    d = AidDistribution
    return (
        select(d.kab_kota_code, _aid_year(), d.aid_item_id, FundingSource.kind, _province(d.kab_kota_code),
               func.sum(d.value_rupiah), func.sum(d.quantity), func.count())
        .join(FundingSource, FundingSource.id == d.funding_source_id)
        .where(d.deleted_at.is_(None), *where)
        .group_by(d.kab_kota_code, _aid_year(), d.aid_item_id, FundingSource.kind)
    )


def _aid_month_rows(*where):
    d = AidDistribution
    month = extract("month", d.distributed_on)
    return (
        select(d.kab_kota_code, _aid_year(), month, FundingSource.kind, _province(d.kab_kota_code),
               func.sum(d.value_rupiah), func.count())
        .join(FundingSource, FundingSource.id == d.funding_source_id)
        .where(d.deleted_at.is_(None), *where)
        .group_by(d.kab_kota_code, _aid_year(), month, FundingSource.kind)
    )


def _registry_rows(*where):
    """Per kab/kota and month: live LKS registered then (opened) and closed then (closed). An LKS is never
    closed before it registered (the table's check ck_lks_closed_after_registered)."""
    live = and_(Lks.deleted_at.is_(None), *where)
    events = union_all(
        select(Lks.kab_kota_code.label("kab_kota_code"), extract("year", Lks.registered_on).label("year"),
               extract("month", Lks.registered_on).label("month"), literal_column("1").label("opened"),
               literal_column("0").label("closed"))
        .where(live),
        select(Lks.kab_kota_code, extract("year", Lks.closed_on), extract("month", Lks.closed_on),
               literal_column("0"), literal_column("1"))
        .where(live, Lks.closed_on.is_not(None)),
    ).subquery("events")
    return (select(events.c.kab_kota_code, events.c.year, events.c.month, _province(events.c.kab_kota_code),
                   func.sum(events.c.opened), func.sum(events.c.closed))
            .group_by(events.c.kab_kota_code, events.c.year, events.c.month))


def _source_rows(*where):
    d = AidDistribution
    return (
        select(d.funding_source_id, _aid_year(), _province(d.kab_kota_code), FundingSource.kind,
               func.sum(d.value_rupiah), func.count())
        .join(FundingSource, FundingSource.id == d.funding_source_id)
        .where(d.deleted_at.is_(None), *where)
        .group_by(d.funding_source_id, _aid_year(), _province(d.kab_kota_code), FundingSource.kind)
    )


_BENEFICIARY_COLUMNS = ["kab_kota_code", "lks_type", "year", "month", "province_code", "women", "men", "reports"]
_AID_COLUMNS = ["kab_kota_code", "year", "aid_item_id", "source_kind", "province_code", "value", "quantity",
                "distributions"]
_SOURCE_COLUMNS = ["funding_source_id", "year", "province_code", "source_kind", "value", "distributions"]
_AID_MONTH_COLUMNS = ["kab_kota_code", "year", "month", "source_kind", "province_code", "value", "distributions"]
_REGISTRY_COLUMNS = ["kab_kota_code", "year", "month", "province_code", "opened", "closed"]
# Each summary: its table, its columns, and the SELECT of its rows from the base tables.
SUMMARIES = ((_BENEFICIARY, _BENEFICIARY_COLUMNS, _beneficiary_rows), (_AID, _AID_COLUMNS, _aid_rows),
             (_SOURCE, _SOURCE_COLUMNS, _source_rows), (_AID_MONTH, _AID_MONTH_COLUMNS, _aid_month_rows),
             (_REGISTRY, _REGISTRY_COLUMNS, _registry_rows))


def rebuild(connection: Connection) -> None:
    """Compute every summary again from the base tables (after a bulk load or removal)."""
    for table, columns, make_rows in SUMMARIES:
        rows = make_rows()
        connection.execute(delete(table))
        connection.execute(insert(table).from_select(columns, rows))


# --- Which keys a flush touches ------------------------------------------------------------------

def _old_and_new(session: Session, obj, names: tuple[str, ...]) -> tuple[dict | None, dict | None]:
    """The values of `names` as stored before this flush (None for a new row) and after (None: deleted)."""
    state = sa_inspect(obj)
    new = None if obj in session.deleted else {name: getattr(obj, name) for name in names}
    if state.key is None or obj in session.new:
        return None, new
    old = {}
    for name in names:
        history = state.attrs[name].history
        if history.deleted:
            old[name] = history.deleted[0]
        elif history.unchanged:
            old[name] = history.unchanged[0]
        else:  # changed without having been loaded: read what is stored
            column = getattr(type(obj), name)
            old[name] = session.connection().execute(
                select(column).where(type(obj).id == state.identity[0])).scalar_one()
    return old, new


def _kab_kota_of(session: Session, lks_id) -> str | None:
    lks = session.get(Lks, lks_id) if lks_id is not None else None
    return lks.kab_kota_code if lks is not None else None


def _note(session: Session, obj, keys: set) -> None:
    if isinstance(obj, BeneficiaryCount):
        for values in _old_and_new(session, obj, ("lks_id", "year", "month")):
            if values and (kab_kota := _kab_kota_of(session, values["lks_id"])):
                keys.add(("month", kab_kota, values["year"], values["month"]))
    elif isinstance(obj, AidDistribution):
        for values in _old_and_new(session, obj, ("kab_kota_code", "distributed_on", "funding_source_id")):
            if values and values["distributed_on"] is not None:
                year = values["distributed_on"].year
                keys.add(("aid", values["kab_kota_code"], year))
                keys.add(("source", values["funding_source_id"], year))
    elif isinstance(obj, Lks):
        old, new = _old_and_new(session, obj, ("kab_kota_code", "lks_type", "deleted_at"))
        if old is not None and old != new:  # a new LKS has no counts yet
            keys.update(("kab_kota", values["kab_kota_code"]) for values in (old, new) if values)
        old, new = _old_and_new(session, obj, ("kab_kota_code", "registered_on", "closed_on", "deleted_at"))
        if old != new:  # a new LKS is expected from its registration month on
            keys.update(("registry", values["kab_kota_code"]) for values in (old, new) if values)
    elif isinstance(obj, FundingSource):
        old, new = _old_and_new(session, obj, ("kind",))
        if old is not None and old != new:
            keys.add(("source_all", obj.id))


@event.listens_for(Session, "before_flush")
def _collect_keys(session: Session, _flush_context, _instances) -> None:
    keys = session.info.setdefault(_KEYS, set())
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            _note(session, obj, keys)


_WATCHED = frozenset({"beneficiary_count", "aid_distribution", "lks", "funding_source"})


@event.listens_for(Session, "do_orm_execute")
def _collect_statement_keys(state) -> None:
    """Bulk statements run through a session (the importer's INSERT of many rows, the demo's DELETEs).

    An INSERT of counts or distributions names its keys in its parameters. Other statements on
    the tables under the summaries (a bulk UPDATE or DELETE) could touch anything: everything is
    computed again at the commit.
    """
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is None or table.name not in _WATCHED:
        return
    keys = state.session.info.setdefault(_KEYS, set())
    params = state.parameters
    rows = params if isinstance(params, (list, tuple)) else [params] if params else []
    if state.is_insert and table.name == "funding_source":
        return  # a new source has no distributions
    if not (state.is_insert and rows):
        keys.add(("all",))
        return
    if table.name == "lks":  # a new LKS has no counts, but is expected to report from its registration on
        if not all("kab_kota_code" in row for row in rows):
            keys.add(("all",))
            return
        keys.update(("registry", row["kab_kota_code"]) for row in rows)
        return
    if table.name == "aid_distribution":
        for row in rows:
            if not {"kab_kota_code", "distributed_on", "funding_source_id"} <= row.keys():
                keys.add(("all",))
                return
            keys.add(("aid", row["kab_kota_code"], row["distributed_on"].year))
            keys.add(("source", row["funding_source_id"], row["distributed_on"].year))
    else:
        lks_ids = {row.get("lks_id") for row in rows}
        with state.session.no_autoflush:
            kab_kota = dict(state.session.connection().execute(
                select(Lks.id, Lks.kab_kota_code).where(Lks.id.in_([i for i in lks_ids if i is not None]))).all())
        for row in rows:
            if row.get("lks_id") not in kab_kota or "year" not in row or "month" not in row:
                keys.add(("all",))
                return
            keys.add(("month", kab_kota[row["lks_id"]], row["year"], row["month"]))


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    session.flush()
    keys = session.info.pop(_KEYS, None)
    if keys:
        refresh(session.connection(), keys)


@event.listens_for(Session, "after_rollback")
def _forget_keys(session: Session) -> None:
    session.info.pop(_KEYS, None)


# --- Computing keys again ------------------------------------------------------------------------

def _lock(connection: Connection, names: set[str]) -> None:
    if connection.dialect.name != "postgresql":
        return
    for name in sorted(names):  # a fixed order: two writers never wait on each other in a circle
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": zlib.crc32(f"kesos-summary:{name}".encode())})


def _year_range(year: int):
    return AidDistribution.distributed_on.between(date(year, 1, 1), date(year, 12, 31))


def _widen(keys: set) -> set:
    """Many months of one kab/kota (a bulk import) are computed as the whole kab/kota, in one statement."""
    months: dict[str, int] = {}
    for key in keys:
        if key[0] == "month":
            months[key[1]] = months.get(key[1], 0) + 1
    wide = {kab_kota for kab_kota, count in months.items() if count > 12}
    return {("kab_kota", k[1]) if k[0] == "month" and k[1] in wide else k for k in keys}


def refresh(connection: Connection, keys: set) -> None:
    """Compute the summary rows of `keys` again from the base tables."""
    if ("all",) in keys:
        rebuild(connection)
        return
    keys = _widen(set(keys))
    for key in [k for k in keys if k[0] == "source_all"]:
        source_id = key[1]
        d = AidDistribution
        for kab_kota, year in connection.execute(
                select(d.kab_kota_code, _aid_year()).where(d.funding_source_id == source_id).distinct()):
            keys.add(("aid", kab_kota, int(year)))
            keys.add(("source", source_id, int(year)))
    _lock(connection, {f"kab_kota:{k[1]}" for k in keys if k[0] in ("month", "kab_kota", "aid", "registry")}
          | {f"source:{k[1]}" for k in keys if k[0] in ("source", "source_all")})

    whole = {k[1] for k in keys if k[0] == "kab_kota"}
    for kab_kota in sorted(whole):
        connection.execute(delete(_BENEFICIARY).where(_BENEFICIARY.c.kab_kota_code == kab_kota))
        connection.execute(insert(_BENEFICIARY).from_select(
            _BENEFICIARY_COLUMNS, _beneficiary_rows(Lks.kab_kota_code == kab_kota)))
    for _, kab_kota, year, month in sorted(k for k in keys if k[0] == "month" and k[1] not in whole):
        b = _BENEFICIARY.c
        connection.execute(delete(_BENEFICIARY).where(b.kab_kota_code == kab_kota, b.year == year, b.month == month))
        connection.execute(insert(_BENEFICIARY).from_select(_BENEFICIARY_COLUMNS, _beneficiary_rows(
            Lks.kab_kota_code == kab_kota, BeneficiaryCount.year == year, BeneficiaryCount.month == month)))
    for _, kab_kota, year in sorted(k for k in keys if k[0] == "aid"):
        connection.execute(delete(_AID).where(_AID.c.kab_kota_code == kab_kota, _AID.c.year == year))
        connection.execute(insert(_AID).from_select(_AID_COLUMNS, _aid_rows(
            AidDistribution.kab_kota_code == kab_kota, _year_range(year))))
        a = _AID_MONTH.c
        connection.execute(delete(_AID_MONTH).where(a.kab_kota_code == kab_kota, a.year == year))
        connection.execute(insert(_AID_MONTH).from_select(_AID_MONTH_COLUMNS, _aid_month_rows(
            AidDistribution.kab_kota_code == kab_kota, _year_range(year))))
    for _, kab_kota in sorted(k for k in keys if k[0] == "registry"):
        connection.execute(delete(_REGISTRY).where(_REGISTRY.c.kab_kota_code == kab_kota))
        connection.execute(insert(_REGISTRY).from_select(_REGISTRY_COLUMNS, _registry_rows(
            Lks.kab_kota_code == kab_kota)))
    for _, source_id, year in sorted(k for k in keys if k[0] == "source"):
        connection.execute(delete(_SOURCE).where(_SOURCE.c.funding_source_id == source_id, _SOURCE.c.year == year))
        connection.execute(insert(_SOURCE).from_select(_SOURCE_COLUMNS, _source_rows(
            and_(AidDistribution.funding_source_id == source_id, _year_range(year)))))
