"""What every write shares: audit log, optimistic locking by version, soft delete and restore.

Services for each record kind build on these; each checks the actor's role and kab/kota scope
before calling them, and runs inside one transaction given by the caller's session.
"""

import json
from datetime import date, datetime, timezone
from typing import TypeVar

import pandas as pd
from sqlmodel import Session, SQLModel, select

from kesos.errors import ConflictError, NotFound, PermissionDenied
from kesos.models import AuditLog
from kesos.security import Actor

T = TypeVar("T", bound=SQLModel)

RESTORER_ROLES = frozenset({"admin", "sekretariat"})
_HIDDEN_FIELDS = frozenset({"password_hash"})


def now() -> datetime:
    return datetime.now(timezone.utc)


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


def check_version(record: SQLModel, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(
            "Data ini baru saja diubah oleh pengguna lain. Muat ulang halaman untuk melihat "
            "perubahan terbaru, lalu ulangi perubahan Anda."
        )


def insert(session: Session, actor: Actor, record: T) -> T:
    session.add(record)
    session.flush()
    audit(session, actor, "create", record, None)
    return record


def apply_update(session: Session, actor: Actor, record: T, changes: dict, expected_version: int | None) -> T:
    """Apply changes to a live record, refusing a stale version; audits before and after."""
    check_version(record, expected_version)
    before = snapshot(record)
    for key, value in changes.items():
        setattr(record, key, value)
    record.version += 1
    record.updated_at = now()
    session.add(record)
    session.flush()
    audit(session, actor, "update", record, before)
    return record


def soft_delete(session: Session, actor: Actor, record: T, expected_version: int | None) -> T:
    check_version(record, expected_version)
    before = snapshot(record)
    record.deleted_at = now()
    record.version += 1
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
    record.deleted_at = None
    record.version += 1
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
