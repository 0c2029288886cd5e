"""What every import kind shares: the file-wide lookups, cell parsing into row errors, bulk writes."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pydantic_core import PydanticUndefined
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from kesos import fmt
from kesos.errors import ConflictError
from kesos.importer.plan import RowResult
from kesos.importer.reading import Column
from kesos.importer.values import FieldError, KabKotaIndex, shown
from kesos.models import AuditLog, KabKota, Lks, Province
from kesos.security import Actor, require_kab_kota
from kesos.services import base


@dataclass(frozen=True)
class Kind:
    key: str  # on the command line and in file names: lks, penerima-manfaat, bantuan
    title: str  # Indonesian, for the page
    columns: tuple[Column, ...]
    plan: Callable  # (session, actor, table, context) -> list[RowResult]
    write: Callable  # (session, actor, rows) -> None
    lists: Callable  # (session, actor) -> {column key: [choices for the template's dropdown]}

    def header(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)


class Context:
    """Lookups loaded once per file (never per row): kab/kota and provinces, and the actor."""

    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor
        self.kab_kota = KabKotaIndex(list(session.exec(select(KabKota))), list(session.exec(select(Province))))

    def scope_name(self) -> str:
        if self.actor.kab_kota_code:
            return self.kab_kota.name(self.actor.kab_kota_code)
        return self.kab_kota.province_names.get(self.actor.province_code, "wilayah Anda")

    def kab_kota_in_scope(self, result: RowResult, header: str, raw) -> str | None:
        code = take(result, header, raw, lambda value: self.kab_kota.resolve(value, label=header))
        if code is not None and not self.actor.may_see_kab_kota(code):
            result.refuse(header, shown(raw), f"{self.kab_kota.name(code)} di luar wilayah Anda: Anda hanya boleh "
                                              f"mengimpor data {self.scope_name()}.")
            return None
        return code


def take(result: RowResult, header: str, raw, parse: Callable):
    """The parsed cell, or None with the reason noted against the row and column."""
    try:
        return parse(raw)
    except FieldError as exc:
        result.refuse(header, shown(raw), str(exc))
        return None


def service_errors(result: RowResult, kind: Kind, errors: dict[str, str], cells: dict) -> None:
    """A service's ValidationError (field -> message) as row errors under the file's column names."""
    for field, message in errors.items():
        result.refuse(kind.header(field), shown(cells.get(field)), message)


def display(value, labels: dict | None = None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, date):
        return fmt.tanggal(value)
    if labels and value in labels:
        return labels[value]
    if isinstance(value, int):
        return fmt.number(value)
    return str(value)


def check_scope(session: Session, actor: Actor, model: type[SQLModel], rows: Iterable[RowResult]) -> None:
    """Every kab/kota a row writes into, checked again at write time from what it writes, not from
    its label: a crafted plan cannot write outside the actor's scope. That is the row's kab/kota
    value, the kab/kota of any LKS it names (the counted LKS, an aid's recipient), and the
    kab/kota of the stored record a change would alter."""
    for row in rows:
        codes = {row.kab_kota_code, row.values.get("kab_kota_code")}
        lks_ids = {row.values.get("lks_id"), row.values.get("recipient_lks_id")}
        if row.record_id is not None:
            stored = session.get(model, row.record_id)
            if stored is not None:
                codes.add(getattr(stored, "kab_kota_code", None))
                lks_ids.add(getattr(stored, "lks_id", None))
        for lks_id in lks_ids - {None}:
            lks = session.get(Lks, lks_id)
            codes.add(lks.kab_kota_code if lks is not None else None)
        for code in codes - {None}:
            require_kab_kota(actor, code)


def _defaults(model: type[SQLModel]) -> dict:
    """Every column's default, computed once for a batch (one timestamp for the whole import)."""
    values = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            values[name] = info.default_factory()
        elif info.default is not PydanticUndefined:
            values[name] = info.default
    return values


def _json_ready(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in row.items()}


def _is_unique_violation(exc: IntegrityError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def insert_all(session: Session, actor: Actor, model: type[SQLModel], rows: list[dict]) -> list[dict]:
    """Insert many records in a few statements, each audited as imported; returns them as stored
    (every column, with its new id), in no promised order: match them by their values.

    Building thousands of SQLModel objects is what makes a large import slow, so the rows go to
    the database as plain values, with the same defaults and the same audit snapshot (every
    column as stored, dates as ISO text) that `base.insert` writes for a single record.
    """
    if not rows:
        return []
    defaults = _defaults(model)
    defaults.pop("id", None)
    table = model.__table__
    columns = list(model.model_fields)
    values = [{**defaults, **row} for row in rows]
    try:
        if session.get_bind().dialect.name == "postgresql":
            # The ids come from the sequence first, so the rows go in as one pipelined executemany;
            # INSERT ... RETURNING made psycopg parse ten statements of 13,000 parameters (3 s).
            ids = session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
                {"table": table.name, "n": len(values)}).scalars().all()
            for row, new_id in zip(values, ids, strict=True):
                row["id"] = new_id
            session.execute(insert(table), values)
            stored = [{c: row.get(c) for c in columns} for row in values]
        else:
            returned = session.execute(insert(table).returning(*(table.c[c] for c in columns)), values).all()
            stored = [dict(zip(columns, record)) for record in returned]
    except IntegrityError as exc:
        if not _is_unique_violation(exc):
            raise
        raise ConflictError("Sebagian data baru saja disimpan oleh pengguna lain; tidak ada yang diimpor. Unggah "
                            "berkas sekali lagi untuk melihat pratinjau terbaru.") from exc
    session.execute(insert(AuditLog.__table__), [
        base.audit_row(actor, "import", table.name, record["id"], None, _json_ready(record)) for record in stored])
    return stored


def update_all(session: Session, actor: Actor, model: type[SQLModel], rows: list[RowResult]) -> None:
    """Apply each row's changes to its stored record, version-checked and audited as imported.

    The records are read in a few queries; each update is its own compare-and-set on the version,
    so a record someone saved since the preview stops the whole import.
    """
    ids = [row.record_id for row in rows]
    for start in range(0, len(ids), 500):
        list(session.exec(select(model).where(model.id.in_(ids[start:start + 500]))))  # into the identity map
    for row in rows:
        record = session.get(model, row.record_id)
        if record is None or (record.deleted_at is not None and "deleted_at" not in row.values):
            raise ConflictError("Data yang akan diubah baru saja dihapus oleh pengguna lain; tidak ada yang diimpor. "
                                "Unggah berkas sekali lagi untuk melihat pratinjau terbaru.")
        base.apply_update(session, actor, record, row.values, row.version, action="import")
