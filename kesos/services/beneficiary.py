"""Monthly beneficiary counts: one grid per kab/kota and month, saved whole in one transaction.

The grid has a row per LKS that operated in that month (plus any LKS that already has a count
there). Saving validates every row before writing any, checks each row's version against the one
the grid was loaded with, and writes and audits only the rows that changed.
"""

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, or_
from sqlmodel import Session, select

from kesos import clock, validate as v
from kesos import validation_rules as rules
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import BeneficiaryCount, KabKota, Lks, maximum
from kesos.security import Actor, require_kab_kota
from kesos.services import base, reporting, validation_warning

GRID_COLUMNS = ["lks_id", "name", "lks_type", "women", "men", "version", "count_id"]
MAX_PER_LKS = maximum(BeneficiaryCount, "women")


@dataclass(frozen=True)
class Row:
    """One edited grid row: an LKS and its counts (None, None when the cells are empty)."""

    lks_id: int
    women: object = None
    men: object = None


def clean_period(year, month, *, today: date | None = None) -> tuple[int, int]:
    today = today or clock.today()
    values = v.collect({
        "year": lambda: v.integer(year, label="Tahun", minimum=1990, maximum=2100),
        "month": lambda: v.integer(month, label="Bulan", minimum=1, maximum=12),
    })
    if (values["year"], values["month"]) > (today.year, today.month):
        raise ValidationError({"month": "Bulan ini belum berjalan; penerima manfaat belum bisa dicatat."})
    return values["year"], values["month"]


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _check_read(session: Session, actor: Actor, kab_kota_code: str) -> None:
    if session.get(KabKota, kab_kota_code) is None or not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Anda tidak berhak melihat data kab/kota ini.")


def _counts(session: Session, kab_kota_code: str, year: int, month: int, *, live_only: bool = True
            ) -> dict[int, BeneficiaryCount]:
    stmt = (
        select(BeneficiaryCount)
        .join(Lks, Lks.id == BeneficiaryCount.lks_id)
        .where(Lks.kab_kota_code == kab_kota_code, BeneficiaryCount.year == year,
               BeneficiaryCount.month == month)
    )
    if live_only:
        stmt = stmt.where(BeneficiaryCount.deleted_at.is_(None))
    return {count.lks_id: count for count in session.exec(stmt)}


def _grid_lks(session: Session, kab_kota_code: str, year: int, month: int) -> list[Lks]:
    """Live LKS of the kab/kota that operated during the month, or already have a count in it."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    counted = select(BeneficiaryCount.lks_id).where(
        BeneficiaryCount.year == year, BeneficiaryCount.month == month, BeneficiaryCount.deleted_at.is_(None))
    operating = and_(Lks.registered_on <= last, or_(Lks.closed_on.is_(None), Lks.closed_on >= first))
    stmt = (
        select(Lks)
        .where(Lks.kab_kota_code == kab_kota_code, Lks.deleted_at.is_(None))
        .where(or_(operating, Lks.id.in_(counted)))
        .order_by(Lks.name, Lks.id)
    )
    return list(session.exec(stmt))


def load_grid(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int) -> pd.DataFrame:
    """The grid for a kab/kota and month: lks_id, name, lks_type, women, men, version, count_id.

    `women` and `men` are empty (NA) where nothing was entered yet; `version` is the stored row's
    version (NA when there is none) and goes back to `save_grid` as the expected version;
    `count_id` is the stored row (for its Riwayat).
    """
    _check_read(session, actor, kab_kota_code)
    year, month = clean_period(year, month)
    counts = _counts(session, kab_kota_code, year, month)
    rows = []
    for lks in _grid_lks(session, kab_kota_code, year, month):
        count = counts.get(lks.id)
        rows.append({
            "lks_id": lks.id, "name": lks.name, "lks_type": lks.lks_type,
            "women": count.women if count else None, "men": count.men if count else None,
            "version": count.version if count else None, "count_id": count.id if count else None,
        })
    frame = pd.DataFrame(rows, columns=GRID_COLUMNS)
    for column in ("women", "men", "version", "count_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def copy_last_month(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int,
                    grid: pd.DataFrame | None = None) -> pd.DataFrame:
    """The month's grid with the previous month's counts filled in where there are any.

    Versions stay those of this month, so saving the copy still detects a concurrent save.
    Rows without a count last month keep what they had.
    """
    if grid is None:
        grid = load_grid(session=session, actor=actor, kab_kota_code=kab_kota_code, year=year, month=month)
    _check_read(session, actor, kab_kota_code)
    reporting.ensure_unlocked(session, kab_kota_code, year, month)
    previous = _counts(session, kab_kota_code, *_previous(year, month))
    grid = grid.copy()
    for index, lks_id in grid["lks_id"].items():
        count = previous.get(int(lks_id))
        if count is not None:
            grid.loc[index, ["women", "men"]] = [count.women, count.men]
    return grid


def _is_empty(value) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def _plain(value):
    """Grid cells arrive as numpy or pandas scalars; the validators want Python values."""
    return value.item() if hasattr(value, "item") else value


def _clean_rows(rows: list[Row], names: dict[int, str]) -> dict[int, tuple[int, int] | None]:
    """Every row checked before anything is written; errors keyed `women:<lks_id>`/`men:<lks_id>`."""
    clean, errors = {}, {}
    for row in rows:
        name = names.get(row.lks_id, f"LKS {row.lks_id}")
        if _is_empty(row.women) and _is_empty(row.men):
            clean[row.lks_id] = None
            continue
        values = {}
        for field, raw, label in (("women", row.women, "Perempuan"), ("men", row.men, "Laki-laki")):
            try:
                values[field] = v.integer(0 if _is_empty(raw) else _plain(raw), label=label, minimum=0,
                                          maximum=MAX_PER_LKS)
            except v.FieldError as exc:
                errors[f"{field}:{row.lks_id}"] = f"{name}: {exc}"
        if len(values) == 2:
            clean[row.lks_id] = (values["women"], values["men"])
    if errors:
        raise ValidationError(errors)
    return clean


def _check_total(wanted: dict[int, tuple[int, int] | None], reported_total) -> None:
    """The self-check: the rows must add up to the total written on the kab/kota's report."""
    reported = v.collect({"reported_total": lambda: v.integer(
        reported_total, label="Jumlah menurut laporan", minimum=0)})["reported_total"]
    total = sum(women + men for women, men in (value for value in wanted.values() if value))
    if total != reported:
        message = f"Jumlah di tabel ({total:,}) tidak sama dengan jumlah menurut laporan ({reported:,})."
        raise ValidationError({"reported_total": message.replace(",", ".")})


def save_grid(*, session: Session, actor: Actor, kab_kota_code: str, year: int, month: int,
              rows: list[Row], expected_versions: dict[int, int | None],
              reported_total: int | None = None, warnings_reason: str | None = None) -> dict[str, int]:
    """Upsert the month's counts of a kab/kota, all rows or none; returns counts of rows changed.

    `expected_versions` maps each LKS to the version its row had when the grid was loaded (None:
    no row then). An emptied row removes the month's count (soft delete). `reported_total`, when
    given, is the total from the paper report: the rows must add up to it. A row written with
    an unusual figure (kesos.validation_rules) is refused with WarningsNeedReason, keyed
    `total:<lks_id>`, unless `warnings_reason` says why it is right; the warnings are then stored.
    """
    require_kab_kota(actor, kab_kota_code)
    year, month = clean_period(year, month)
    if session.get(KabKota, kab_kota_code) is None:
        raise ValidationError({"kab_kota_code": "Kabupaten/kota tidak dikenal: pilih dari daftar."})

    lks_ids = [row.lks_id for row in rows]
    if len(set(lks_ids)) != len(lks_ids):
        raise ValidationError({"_grid": "Satu LKS muncul lebih dari sekali dalam tabel."})
    lks_by_id = {lks.id: lks for lks in session.exec(select(Lks).where(Lks.id.in_(lks_ids)))}
    for lks_id in lks_ids:
        lks = lks_by_id.get(lks_id)
        if lks is None or lks.deleted_at is not None:
            raise ValidationError({"_grid": f"LKS {lks_id} tidak ditemukan; mungkin sudah dihapus."})
        if lks.kab_kota_code != kab_kota_code:
            raise PermissionDenied(f"{lks.name} bukan LKS di kab/kota ini.")

    reporting.ensure_unlocked(session, kab_kota_code, year, month)  # after the scope checks: those come first
    wanted = _clean_rows(rows, {i: lks.name for i, lks in lks_by_id.items()})
    if reported_total is not None:
        _check_total(wanted, reported_total)

    stored = _counts(session, kab_kota_code, year, month, live_only=False)
    for lks_id in lks_ids:
        count = stored.get(lks_id)
        live = count if count is not None and count.deleted_at is None else None
        expected = expected_versions.get(lks_id)
        if (live is None) != (expected is None) or (live is not None and live.version != expected):
            raise ConflictError(
                f"Angka {lks_by_id[lks_id].name} baru saja diubah oleh pengguna lain. Muat ulang tabel "
                "untuk melihat angka terbaru, lalu ulangi perubahan Anda."
            )

    findings = _findings(session, lks_by_id, year, month, {
        lks_id: value for lks_id, value in wanted.items() if value is not None and _writes(stored.get(lks_id), value)})
    reason = validation_warning.require_reason({f"total:{lks_id}": [f.message for f in found]
                                      for lks_id, found in findings.items()}, warnings_reason)

    changed = {"created": 0, "updated": 0, "deleted": 0}
    new_rows, updates = [], []  # written together below: a grid is a few statements, not one per row
    for lks_id in lks_ids:
        count, value = stored.get(lks_id), wanted[lks_id]
        live = count is not None and count.deleted_at is None
        if value is None:
            if live:
                base.soft_delete(session, actor, count, count.version)
                changed["deleted"] += 1
        elif count is None:
            new_rows.append(BeneficiaryCount(lks_id=lks_id, year=year, month=month, women=value[0], men=value[1]))
            changed["created"] += 1
        elif not live:  # re-entered after it was removed: the same row comes back
            updates.append((count, {"women": value[0], "men": value[1], "deleted_at": None}, count.version))
            changed["created"] += 1
        elif (count.women, count.men) != value:
            updates.append((count, {"women": value[0], "men": value[1]}, count.version))
            changed["updated"] += 1
    base.insert_many(session, actor, new_rows)
    base.apply_updates(session, actor, updates)
    if reason:
        ids = {count.lks_id: count.id for count in new_rows} | {count.lks_id: count.id for count, _, _ in updates}
        validation_warning.store(session, actor, validation_warning.BENEFICIARY_COUNT, [
            (ids[lks_id], validation_warning.Pending(kab_kota_code, year, month, finding))
            for lks_id, found in findings.items() for finding in found], reason)
    return changed


def _writes(count: BeneficiaryCount | None, value: tuple[int, int]) -> bool:
    """Whether saving this value writes the row (new, back after removal, or changed)."""
    return count is None or count.deleted_at is not None or (count.women, count.men) != value


def _findings(session: Session, lks_by_id: dict[int, Lks], year: int, month: int,
              written: dict[int, tuple[int, int]]) -> dict[int, list]:
    """The checks beyond one field on the rows about to be written: lks_id -> findings."""
    end = validation_warning.month_index(year, month)
    totals = validation_warning.stored_totals(session, written, end - rules.WINDOW_MONTHS, end)
    found = {}
    for lks_id, (women, men) in written.items():
        history = validation_warning.history_before(totals.get(lks_id, {}), year, month)
        found[lks_id] = rules.beneficiary_findings(women, men, lks_by_id[lks_id].capacity, history)
    return {lks_id: findings for lks_id, findings in found.items() if findings}
