"""What every write shares: audit log, optimistic locking by version, soft delete and restore.

Services for each record kind build on these; each checks the actor's role and kab/kota scope
before calling them, and runs inside one transaction given by the caller's session.
"""

import json
from datetime import date, datetime
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
from sqlalchemy import bindparam, update
from sqlalchemy import insert as insert_statement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from kesos import clock
from kesos.errors import ConflictError, NotFound, PermissionDenied
from kesos.models import AuditLog
from kesos.personal_data import present_audit
from kesos.security import RESTORER_ROLES, Actor

T = TypeVar("T", bound=SQLModel)

# Secrets, and an image whose hash column says when it changed (an organisation's logo).
_HIDDEN_FIELDS = frozenset({"password_hash", "logo"})


def now() -> datetime:
    return clock.now()


def snapshot(record: SQLModel) -> dict:
    """The record's columns as JSON-ready values (dates as ISO text), secrets left out."""
    values = {}
    for key, value in record.model_dump().items():
        if key in _HIDDEN_FIELDS:
            continue
        values[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return values


Extra = Callable[[], dict] | None
"""Values that belong in a record's audit snapshot but live in other rows (an activity's kab/kota
present); called for the snapshot before the change and again for the one after it."""


def audit_row(actor: Actor, action: str, table_name: str, record_id, before: dict | None, after: dict) -> dict:
    """The one place an audit row is built: who, when, what, which record, before and after as JSON.

    The import's bulk insert (which has plain rows, not records) builds its rows here too.
    """
    return {"at": now(), "username": actor.username, "action": action, "table_name": table_name,
            "record_id": str(record_id),
            "before": None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            "after": json.dumps(after, ensure_ascii=False, default=str)}


def _audit_values(actor: Actor, action: str, record: SQLModel, before: dict | None, extra: Extra) -> dict:
    """The audit row of a record: its snapshot (no secrets) and the extra values that belong to it."""
    after = snapshot(record) | (extra() if extra else {})
    return audit_row(actor, action, record.__tablename__, record.id, before, after)


def audit(session: Session, actor: Actor, action: str, record: SQLModel, before: dict | None,
          extra: Extra = None) -> None:
    session.add(AuditLog(**_audit_values(actor, action, record, before, extra)))


def _before(record: SQLModel, extra: Extra) -> dict:
    return snapshot(record) | (extra() if extra else {})


def get_live(session: Session, model: type[T], record_id: int) -> T:
    record = session.get(model, record_id)
    if record is None or getattr(record, "deleted_at", None) is not None:
        raise NotFound("Data tidak ditemukan; mungkin sudah dihapus.")
    return record


CONFLICT_MESSAGE = ("Data ini baru saja diubah oleh pengguna lain. Muat ulang halaman untuk melihat "
                    "perubahan terbaru, lalu ulangi perubahan Anda.")


def check_version(record: SQLModel, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)


def _claim_versions(session: Session, records: list[SQLModel]) -> None:
    """Move each stored version on by one, only where it is still the version the record was read with.

    The check above alone lets two saves that read the same version at the same moment both
    pass (a lost update); this compare-and-set in the database lets exactly one through. One
    statement claims them all (executemany), and a single moved version refuses the lot.
    """
    table = type(records[0]).__table__
    moved = session.connection().execute(
        update(table).where(table.c.id == bindparam("claim_id"), table.c.version == bindparam("claim_version"))
        .values(version=bindparam("claim_version") + 1),
        [{"claim_id": record.id, "claim_version": record.version} for record in records],
    ).rowcount
    if moved != len(records):
        raise ConflictError(CONFLICT_MESSAGE)
    for record in records:
        record.version += 1


def _is_unique_violation(exc: IntegrityError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def _flush_new(session: Session) -> None:
    """Flush added records. Two first saves of the same thing at once: the unique key refuses the
    second, which rolls back whole and is told why, instead of seeing a database error."""
    try:
        session.flush()
    except IntegrityError as exc:
        if _is_unique_violation(exc):
            raise ConflictError("Data yang sama sudah ada atau baru saja disimpan oleh pengguna lain. Muat ulang "
                                "halaman untuk melihatnya.") from exc
        raise


def insert(session: Session, actor: Actor, record: T, *, extra: Extra = None,
           then: Callable[[], None] | None = None) -> T:
    """Add a record and its audit row; `then` writes rows that hang off it once it has its id."""
    session.add(record)
    _flush_new(session)
    if then:
        then()
    audit(session, actor, "create", record, None, extra)
    return record


def apply_update(session: Session, actor: Actor, record: T, changes: dict, expected_version: int | None,
                 action: str = "update", *, extra: Extra = None, guard: Callable[[], None] | None = None,
                 then: Callable[[], None] | None = None) -> T:
    """The one write path for a change to a stored record: refuse a stale version, claim the next
    version in the database (compare-and-set), apply the changes, audit before and after.

    `action` names the change in the audit log ("import" when a file changed the record).
    `guard` runs right after the claim, when this transaction holds the record (and on SQLite the
    database's write lock), so a rule over several rows ("one admin stays active") is checked
    against what concurrent writers committed. `then` writes rows that hang off the record, and
    `extra` adds them to both audit snapshots. The summaries follow from the flush (`summaries`).
    """
    check_version(record, expected_version)
    before = _before(record, extra)
    _claim_versions(session, [record])
    if guard:
        guard()
    for key, value in changes.items():
        setattr(record, key, value)
    if hasattr(record, "updated_at"):
        record.updated_at = now()
    session.add(record)
    session.flush()
    if then:
        then()
    audit(session, actor, action, record, before, extra)
    return record


def insert_many(session: Session, actor: Actor, records: list[T]) -> list[T]:
    """`insert` for many records of one kind (a month's grid): one flush, then one audit row each."""
    if not records:
        return records
    session.add_all(records)
    _flush_new(session)
    _audit_many(session, actor, "create", [(record, None) for record in records])
    return records


def _audit_many(session: Session, actor: Actor, action: str, changes: list[tuple[SQLModel, dict | None]]) -> None:
    """`audit` for many records in one executemany (the ORM would insert them one by one for their ids)."""
    session.connection().execute(insert_statement(AuditLog.__table__), [
        _audit_values(actor, action, record, before, None) for record, before in changes])


def apply_updates(session: Session, actor: Actor, updates: list[tuple[T, dict, int | None]]) -> list[T]:
    """`apply_update` for many records of one kind at once: (record, changes, expected version) each.

    The same compare-and-set claims every version in one statement (all or none), one flush
    writes the changes, and each record gets its audit row. A grid
    of a hundred rows then costs a few statements instead of three hundred.
    """
    if not updates:
        return []
    for record, _changes, expected_version in updates:
        check_version(record, expected_version)
    befores = [snapshot(record) for record, _, _ in updates]
    _claim_versions(session, [record for record, _, _ in updates])
    stamp = now()
    for record, changes, _ in updates:
        for key, value in changes.items():
            setattr(record, key, value)
        record.updated_at = stamp
    session.add_all([record for record, _, _ in updates])
    session.flush()
    _audit_many(session, actor, "update", [(record, before) for (record, _, _), before in zip(updates, befores)])
    return [record for record, _, _ in updates]


def soft_delete(session: Session, actor: Actor, record: T, expected_version: int | None, *,
                extra: Extra = None) -> T:
    """Mark a live record deleted, through the same compare-and-set and audit as `apply_update`."""
    check_version(record, expected_version)
    before = _before(record, extra)
    _claim_versions(session, [record])
    record.deleted_at = now()
    session.add(record)
    session.flush()
    audit(session, actor, "delete", record, before, extra)
    return record


def restore(session: Session, actor: Actor, record: T, *, extra: Extra = None) -> T:
    """Undo a soft delete; only the secretariat and admins may."""
    if actor.role not in RESTORER_ROLES:
        raise PermissionDenied("Hanya sekretariat atau admin yang boleh memulihkan data yang dihapus.")
    if record.deleted_at is None:
        return record
    before = _before(record, extra)
    _claim_versions(session, [record])
    record.deleted_at = None
    session.add(record)
    session.flush()
    audit(session, actor, "restore", record, before, extra)
    return record


def history(session: Session, table_name: str, record_id: int, actor: Actor | None = None) -> pd.DataFrame:
    """The record's audit trail (Riwayat), newest first: when, who, action, what changed; personal data is masked
    for an actor who may not see it (and when no actor is given)."""
    rows = session.exec(
        select(AuditLog)
        .where(AuditLog.table_name == table_name, AuditLog.record_id == str(record_id))
        .order_by(AuditLog.id.desc())
    ).all()
    records = []
    for row in rows:
        before = json.loads(row.before) if row.before else {}
        after = json.loads(row.after) if row.after else {}
        before, after = present_audit(actor, table_name, before, after)
        changed = {
            key: (before.get(key), after.get(key))
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key) and key not in {"version", "updated_at", "created_at"}
        }
        records.append({"at": row.at, "username": row.username, "action": row.action, "changes": changed})
    return pd.DataFrame(records, columns=["at", "username", "action", "changes"])
