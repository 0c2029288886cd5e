"""Data versions per province: moved on inside every writing transaction, read into every cache key.

Each flush notes the provinces its rows belong to (before and after the change: an LKS moved to
another province touches both); statements run through a session that bypass the ORM's objects
(the importer's INSERT of many rows, the demo's DELETEs) are read for their provinces too. Just
before the commit, one statement moves those provinces' counters on by one, in the writing
transaction:

    INSERT INTO data_version VALUES (...) ON CONFLICT (province_code) DO UPDATE SET version = version + 1

On PostgreSQL the row stays locked until the commit, so two writers of one province take turns
and each reader sees a number that moved with every commit it can see, whatever order the
transactions started or got their ids in (`max(audit_log.id)` did not: ids are handed out at
insert, not at commit). Writers of different provinces touch different rows and never wait.

Writes that bypass the session altogether (the generator's COPY, a restored backup) call
`move_all` or `move_past`. A table this module does not know moves every province: a new record
kind is correct before it is precise.
"""

from sqlalchemy import Connection, delete, event, func, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key
from sqlmodel import SQLModel

from kesos.models import Activity, Branch, DataVersion, FundingSource, Lks, Organisation, Province
from kesos.summaries import _old_and_new

_PROVINCES = "kesos_data_version_provinces"
ALL = "*"  # every province
_TABLE = DataVersion.__table__

# Tables no cached read depends on (users and the audit trail are read uncached), and the
# summaries, which follow the rows under them.
UNVERSIONED = frozenset({"app_user", "audit_log", "report_snapshot", "data_version", "beneficiary_monthly",
                         "aid_yearly", "aid_source_yearly", "aid_monthly",
                         "lks_registry_monthly"})
# Reference data every province shares: a change moves them all.
SHARED = frozenset({"province", "kab_kota", "aid_item"})
# A row's province: its own column (a kab/kota code starts with its province's code) ...
OWN = {"organisation": "province_code", "funding_source": "province_code", "activity": "province_code",
       "branch": "kab_kota_code", "lks": "kab_kota_code", "aid_request": "kab_kota_code",
       "aid_distribution": "kab_kota_code", "monthly_report": "kab_kota_code",
       "validation_warning": "kab_kota_code", "welfare_count": "kab_kota_code"}
# ... or its parent's: (this table's column, the parent table) for each parent it may have.
PARENTS = {"beneficiary_count": [("lks_id", "lks")], "donation": [("funding_source_id", "funding_source")],
           "activity_kab_kota": [("activity_id", "activity")], "activity_participant": [("activity_id", "activity")],
           "board_term": [("organisation_id", "organisation"), ("branch_id", "branch")]}

_PARENT_MODELS = {"lks": Lks, "funding_source": FundingSource, "activity": Activity, "organisation": Organisation,
                  "branch": Branch}


def _table(name: str):
    return SQLModel.metadata.tables[name]


def _province(value) -> str | None:
    return value[:2] if isinstance(value, str) and value else None


def _columns(table_name: str) -> tuple[str, ...]:
    if table_name in OWN:
        return (OWN[table_name],)
    return tuple(column for column, _ in PARENTS.get(table_name, ()))


def _loaded(session: Session | None, parent: str, ids: set) -> dict:
    """The provinces of parents already in the session (a flush's rows mostly have theirs loaded)."""
    if session is None:
        return {}
    found = {}
    for parent_id in ids:
        obj = session.identity_map.get(identity_key(_PARENT_MODELS[parent], parent_id))
        if obj is not None:
            found[parent_id] = getattr(obj, OWN[parent])
    return found


def provinces_of_rows(connection: Connection, table_name: str, rows: list[dict],
                      session: Session | None = None) -> set[str]:
    """The provinces of rows of `table_name` given as column values ({ALL} when they do not say).

    Parents are looked up in `session` first, then in the database, in one query per parent table.
    """
    if table_name in UNVERSIONED or not rows:
        return set()
    if table_name in OWN:
        found = {_province(row.get(OWN[table_name])) for row in rows}
        return {ALL} if None in found else found
    if table_name not in PARENTS:
        return {ALL}
    provinces = set()
    ids: dict[str, set] = {}
    for row in rows:
        named = [(column, parent) for column, parent in PARENTS[table_name] if row.get(column) is not None]
        if not named:
            return {ALL}
        for column, parent in named:
            ids.setdefault(parent, set()).add(row[column])
    for parent, wanted in ids.items():
        table = _table(parent)
        found = _loaded(session, parent, wanted)
        if missing := wanted - set(found):
            found.update(connection.execute(
                select(table.c.id, table.c[OWN[parent]]).where(table.c.id.in_(sorted(missing)))).all())
        if len(found) < len(wanted):  # a parent this transaction cannot see: be safe
            return {ALL}
        provinces.update(_province(code) for code in found.values())
    return provinces


def _provinces_matched(connection: Connection, statement) -> set[str]:
    """The provinces of the rows a DELETE will remove, read with its own WHERE before it runs."""
    table, where = statement.table, statement.whereclause
    if where is None:
        return {ALL}
    if table.name in OWN:
        selects = [select(func.substr(table.c[OWN[table.name]], literal_column("1"), literal_column("2")))
                   .where(where)]
    else:
        selects = []
        for column, parent_name in PARENTS[table.name]:
            parent = _table(parent_name)
            selects.append(select(func.substr(parent.c[OWN[parent_name]], literal_column("1"), literal_column("2")))
                           .select_from(table.join(parent, parent.c.id == table.c[column])).where(where))
    return {code for stmt in selects for code in connection.execute(stmt.distinct()).scalars()}


def _note(session: Session, provinces: set[str]) -> None:
    if provinces:
        session.info.setdefault(_PROVINCES, set()).update(provinces)


@event.listens_for(Session, "before_flush")
def _collect_from_objects(session: Session, _flush_context, _instances) -> None:
    rows: dict[str, list[dict]] = {}
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            table_name = getattr(type(obj), "__tablename__", None)
            if table_name is None or table_name in UNVERSIONED:
                continue
            if table_name in SHARED or (table_name not in OWN and table_name not in PARENTS):
                _note(session, {ALL})
                continue
            for values in _old_and_new(session, obj, _columns(table_name)):
                if values is not None:
                    rows.setdefault(table_name, []).append(values)
        for table_name, values in rows.items():
            _note(session, provinces_of_rows(session.connection(), table_name, values, session))


@event.listens_for(Session, "do_orm_execute")
def _collect_from_statements(state) -> None:
    """INSERT, UPDATE and DELETE statements run through a session, outside its objects."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in UNVERSIONED:
        return
    session = state.session
    if name is None or name in SHARED or (name not in OWN and name not in PARENTS) or state.is_update:
        _note(session, {ALL})  # an UPDATE may move rows to another province: every province
        return
    with session.no_autoflush:
        if state.is_delete:
            _note(session, _provinces_matched(session.connection(), state.statement))
            return
        params = state.parameters
        rows = list(params) if isinstance(params, (list, tuple)) else [params] if params else []
        _note(session, provinces_of_rows(session.connection(), name, rows) if rows else {ALL})


@event.listens_for(Session, "before_commit")
def _move_before_commit(session: Session) -> None:
    session.flush()
    provinces = session.info.pop(_PROVINCES, None)
    if provinces:
        move(session.connection(), provinces)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PROVINCES, None)


# --- Moving and reading --------------------------------------------------------------------------

def _upsert(connection: Connection):
    return (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(_TABLE)


def _every_province(connection: Connection) -> list[str]:
    return sorted(set(connection.execute(select(Province.code)).scalars())
                  | set(connection.execute(select(_TABLE.c.province_code)).scalars()))


def move(connection: Connection, provinces: set[str]) -> None:
    """Move the provinces' versions on by one, in the connection's transaction ({ALL}: every province)."""
    codes = _every_province(connection) if ALL in provinces else sorted(provinces)
    if not codes:
        return
    # One statement, the rows in code order: two writers of several provinces lock them in the
    # same order, so they wait for each other instead of deadlocking.
    stmt = _upsert(connection).values([{"province_code": code, "version": 1} for code in codes])
    connection.execute(stmt.on_conflict_do_update(index_elements=[_TABLE.c.province_code],
                                                  set_={"version": _TABLE.c.version + 1}))


def move_all(connection: Connection) -> None:
    """After a bulk load or removal that bypassed the session: every province moves on."""
    move(connection, {ALL})


def versions(connection: Connection) -> dict[str, int]:
    return dict(connection.execute(select(_TABLE.c.province_code, _TABLE.c.version)).all())


def move_past(connection: Connection, earlier: dict[str, int]) -> None:
    """After a restore: every version beyond both the restored one and the one before the restore.

    A restored database carries the versions of its day, which caches may already hold entries
    for (with other data); past both, no cache key can be one used before.
    """
    restored = versions(connection)
    codes = sorted(set(_every_province(connection)) | set(earlier))
    connection.execute(delete(_TABLE))
    if codes:
        connection.execute(_TABLE.insert(), [
            {"province_code": code, "version": max(restored.get(code, 0), earlier.get(code, 0)) + 1}
            for code in codes])


def has_written(session) -> bool:
    """Whether this session holds a write not committed yet (an object changed, or a statement that moves a
    province's data version): what it reads then is not what the version it reads says."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_PROVINCES))


def current(connection: Connection, province_code: str | None) -> int:
    """The version of one province (one row by its key), or for a national read the sum of all."""
    if province_code is None:
        return connection.execute(select(func.coalesce(func.sum(_TABLE.c.version), 0))).scalar_one()
    return connection.execute(
        select(_TABLE.c.version).where(_TABLE.c.province_code == province_code)).scalar_one_or_none() or 0
