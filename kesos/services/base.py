"""What every write shares: audit log, optimistic locking by version, soft delete and restore.

Services for each record kind build on these; each checks the actor's role and kab/kota scope
before calling them, and runs inside one transaction given by the caller's session.
"""

import json
from datetime import date, datetime
from typing import TypeVar

import pandas as pd
from sqlalchemy import bindparam, update
from sqlalchemy import insert as insert_statement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from kesos import clock
from kesos.errors import ConflictError, NotFound, PermissionDenied
from kesos.models import AuditLog
from kesos.security import RESTORER_ROLES, Actor

T = TypeVar("T", bound=SQLModel)

_HIDDEN_FIELDS = frozenset({"password_hash"})


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


def audit(session: Session, actor: Actor, action: str, record: SQLModel, before: dict | None) -> None:
    session.add(
        AuditLog(
            username=actor.username,
            action=action,
            table_name=record.__tablename__,
            record_id=str(record.id),
            before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            after=json.dumps(snapshot(record), ensure_ascii=False, default=str),
        )
    )


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


def _claim_version(session: Session, record: SQLModel) -> None:
    """Move the stored version on by one, only if it is still the version this record was read with.

    The check above alone lets two saves that read the same version at the same moment both
    pass (a lost update); this compare-and-set in the database lets exactly one through.
    """
    table = type(record).__table__
    moved = session.connection().execute(
        update(table).where(table.c.id == record.id, table.c.version == record.version)
        .values(version=record.version + 1)
    ).rowcount
    if moved != 1:
        raise ConflictError(CONFLICT_MESSAGE)
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


def insert(session: Session, actor: Actor, record: T) -> T:
    session.add(record)
    _flush_new(session)
    audit(session, actor, "create", record, None)
    return record


def apply_update(session: Session, actor: Actor, record: T, changes: dict, expected_version: int | None,
                 action: str = "update") -> T:
    """Apply changes to a live record, refusing a stale version; audits before and after.

    `action` names the change in the audit log ("import" when a file changed the record).
    """
    check_version(record, expected_version)
    before = snapshot(record)
    _claim_version(session, record)
    for key, value in changes.items():
        setattr(record, key, value)
    record.updated_at = now()
    session.add(record)
    session.flush()
    audit(session, actor, action, record, before)
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
    at = now()
    session.connection().execute(insert_statement(AuditLog.__table__), [
        {"at": at, "username": actor.username, "action": action, "table_name": record.__tablename__,
         "record_id": str(record.id),
         "before": None if before is None else json.dumps(before, ensure_ascii=False, default=str),
         "after": json.dumps(snapshot(record), ensure_ascii=False, default=str)}
        for record, before in changes
    ])


def apply_updates(session: Session, actor: Actor, updates: list[tuple[T, dict, int | None]]) -> list[T]:
    """`apply_update` for many records of one kind at once: (record, changes, expected version) each.

    One compare-and-set statement claims every version (all or none: a single moved version
    refuses the lot), one flush writes the changes, and each record gets its audit row. A grid
    of a hundred rows then costs a few statements instead of three hundred.
    """
    if not updates:
        return []
    for record, _changes, expected_version in updates:
        check_version(record, expected_version)
    befores = [snapshot(record) for record, _, _ in updates]
    table = type(updates[0][0]).__table__
    moved = session.connection().execute(
        update(table).where(table.c.id == bindparam("claim_id"), table.c.version == bindparam("claim_version"))
        .values(version=bindparam("claim_version") + 1),
        [{"claim_id": record.id, "claim_version": record.version} for record, _, _ in updates],
    ).rowcount
    if moved != len(updates):
        raise ConflictError(CONFLICT_MESSAGE)
    stamp = now()
    for record, changes, _ in updates:
        record.version += 1
        for key, value in changes.items():
            setattr(record, key, value)
        record.updated_at = stamp
    session.add_all([record for record, _, _ in updates])
    session.flush()
    _audit_many(session, actor, "update", [(record, before) for (record, _, _), before in zip(updates, befores)])
    return [record for record, _, _ in updates]


def soft_delete(session: Session, actor: Actor, record: T, expected_version: int | None) -> T:
    check_version(record, expected_version)
    before = snapshot(record)
    _claim_version(session, record)
    record.deleted_at = now()
    session.add(record)
    session.flush()
    audit(session, actor, "delete", record, before)
    return record


def restore(session: Session, actor: Actor, record: T) -> T:
    """Undo a soft delete; only the secretariat and admins may."""
    if actor.role not in RESTORER_ROLES:
        raise PermissionDenied("Hanya sekretariat atau admin yang boleh memulihkan data yang dihapus.")
    if record.deleted_at is None:
        return record
    before = snapshot(record)
    _claim_version(session, record)
    record.deleted_at = None
    session.add(record)
    session.flush()
    audit(session, actor, "restore", record, before)
    return record


def history(session: Session, table_name: str, record_id: int) -> pd.DataFrame:
    """The record's audit trail (Riwayat), newest first: when, who, action, what changed."""
    rows = session.exec(
        select(AuditLog)
        .where(AuditLog.table_name == table_name, AuditLog.record_id == str(record_id))
        .order_by(AuditLog.id.desc())
    ).all()
    records = []
    for row in rows:
        before = json.loads(row.before) if row.before else {}
        after = json.loads(row.after) if row.after else {}
        changed = {
            key: (before.get(key), after.get(key))
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key) and key not in {"version", "updated_at", "created_at"}
        }
        records.append({"at": row.at, "username": row.username, "action": row.action, "changes": changed})
    return pd.DataFrame(records, columns=["at", "username", "action", "changes"])
