"""Pusat data: a kab/kota's yearly PPKS and PSKS counts (Permensos 08/2012), written as one grid.

A grid is one kab/kota, one year and one kind (PPKS or PSKS): a figure per category, with the
source of the figures (Dinsos kab/kota, survey, DTKS extract) and their date, which every row of
the grid shares. Every write goes through `services.base` (version compare-and-set, audit rows);
the data version of the kab/kota's province moves on with the flush (`kesos.data_versions`).

The LKS category of PSKS is also counted from the LKS registry; the grid shows that count beside
the reported figure (`grid`), and never writes it in place of what the kab/kota reported.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, func, select

from kesos import clock, fmt, vocab
from kesos import validate as v
from kesos.errors import ConflictError, PermissionDenied, ValidationError
from kesos.models import KabKota, Lks, WelfareCount, lks_alive_at, maximum
from kesos.security import Actor, require_kab_kota
from kesos.services import base

EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class Figures:
    """What the grid sends: one figure per category (None or absent: not reported), source and date."""

    counts: dict[str, object]
    source: object
    figures_on: object


def category_label(kind: str, category: str) -> str:
    """"FM · fakir miskin": the short name offices write, then the regulation's words."""
    return f"{vocab.WELFARE_SHORT[kind][category]} · {vocab.WELFARE_CATEGORIES[kind][category]}"


def clean_kind(kind) -> str:
    return v.collect({"kind": lambda: v.choice(kind, vocab.WELFARE_KINDS, label="Jenis data")})["kind"]


def clean_year(year) -> int:
    return v.collect({"year": lambda: v.integer(year, label="Tahun", minimum=EARLIEST_YEAR,
                                                maximum=clock.today().year)})["year"]


def clean_figures(kind: str, year: int, figures: Figures) -> tuple[dict[str, int | None], str, date]:
    """Every figure a whole number from 0 up to the column's maximum, of a known category, and the
    source and date of the figures given (the date not after today and not before the year began)."""
    categories = vocab.WELFARE_CATEGORIES[kind]
    errors = {}
    for category in figures.counts:
        if category not in categories:
            errors[f"count:{category}"] = f"Kategori {vocab.WELFARE_KINDS[kind]} tidak dikenal: {category}."
    counts: dict[str, int | None] = {}
    limit = maximum(WelfareCount, "count")
    for category, raw in figures.counts.items():
        if category not in categories:
            continue
        try:
            counts[category] = v.integer(raw, label=vocab.WELFARE_SHORT[kind][category], minimum=0, maximum=limit,
                                         required=False)
        except v.FieldError as exc:
            errors[f"count:{category}"] = str(exc)
    try:
        source = v.choice(figures.source, vocab.WELFARE_SOURCES, label="Sumber data")
    except v.FieldError as exc:
        errors["source"] = str(exc)
    try:
        figures_on = v.a_date(figures.figures_on, label="Tanggal data", latest=clock.today())
        if figures_on is not None and figures_on < date(year, 1, 1):
            errors["figures_on"] = (f"Tanggal data ({fmt.tanggal(figures_on)}) sebelum tahun {year} dimulai: "
                                    "angka suatu tahun dihitung pada tahun itu atau sesudahnya.")
    except v.FieldError as exc:
        errors["figures_on"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return counts, source, figures_on


def _kab_kota(session: Session, code) -> KabKota:
    kab_kota = session.get(KabKota, code) if isinstance(code, str) else None
    if kab_kota is None:
        raise ValidationError({"kab_kota_code": "Kabupaten/kota tidak dikenal: pilih dari daftar."})
    return kab_kota


def stored(session: Session, kind: str, kab_kota_code: str, year: int, *, live_only: bool = True
           ) -> dict[str, WelfareCount]:
    stmt = select(WelfareCount).where(WelfareCount.kind == kind, WelfareCount.kab_kota_code == kab_kota_code,
                                      WelfareCount.year == year)
    if live_only:
        stmt = stmt.where(WelfareCount.deleted_at.is_(None))
    return {count.category: count for count in session.exec(stmt)}


def registry_lks(session: Session, kab_kota_code: str, year: int) -> int:
    """LKS in the registry of the kab/kota at the end of the year (what the LKS pages count)."""
    return session.exec(select(func.count()).select_from(Lks).where(
        Lks.kab_kota_code == kab_kota_code, lks_alive_at(date(year, 12, 31)))).one()


def grid(*, session: Session, actor: Actor, kind: str, kab_kota_code: str, year: int) -> pd.DataFrame:
    """The grid as stored: category, label, count (None: not reported), version (None: no row),
    source, figures_on, and for PSKS `registry` (the LKS registry's count, on the LKS row only)."""
    kind = clean_kind(kind)
    if not actor.may_see_kab_kota(kab_kota_code):
        raise PermissionDenied("Data kab/kota ini di luar wilayah Anda.")
    rows = stored(session, kind, kab_kota_code, year)
    registry = registry_lks(session, kab_kota_code, year) if kind == "psks" else None
    records = []
    for category in vocab.WELFARE_CATEGORIES[kind]:
        count = rows.get(category)
        records.append({
            "category": category, "label": category_label(kind, category),
            "count": count.count if count else None, "version": count.version if count else None,
            "source": count.source if count else None, "figures_on": count.figures_on if count else None,
            "registry": registry if category == "lks" else None,
        })
    return pd.DataFrame(records, columns=["category", "label", "count", "version", "source", "figures_on",
                                          "registry"])


def save_grid(*, session: Session, actor: Actor, kind: str, kab_kota_code: str, year: int, figures: Figures,
              expected_versions: dict[str, int | None]) -> dict[str, int]:
    """Store the grid, every category or none; returns how many rows were created, updated, deleted.

    `expected_versions` maps each category sent to the version it had when the grid was loaded
    (None: no row then); a row someone saved since refuses the whole grid. An emptied figure
    removes the category's row (soft delete); a row whose figure, source and date are unchanged
    is left alone.
    """
    kind = clean_kind(kind)
    require_kab_kota(actor, kab_kota_code)  # scope before anything about the kab/kota is told
    kab_kota = _kab_kota(session, kab_kota_code)
    year = clean_year(year)
    counts, source, figures_on = clean_figures(kind, year, figures)

    rows = stored(session, kind, kab_kota.code, year, live_only=False)
    for category in counts:
        count = rows.get(category)
        live = count if count is not None and count.deleted_at is None else None
        expected = expected_versions.get(category)
        if (live is None) != (expected is None) or (live is not None and live.version != expected):
            raise ConflictError(f"Angka {vocab.WELFARE_SHORT[kind][category]} {kab_kota.name} {year} baru saja "
                                "diubah oleh pengguna lain. Muat ulang tabel untuk melihat angka terbaru, lalu "
                                "ulangi perubahan Anda.")

    changed = {"created": 0, "updated": 0, "deleted": 0}
    new_rows, updates = [], []
    for category, value in counts.items():
        count = rows.get(category)
        live = count is not None and count.deleted_at is None
        wanted = {"count": value, "source": source, "figures_on": figures_on}
        if value is None:
            if live:
                base.soft_delete(session, actor, count, count.version)
                changed["deleted"] += 1
        elif count is None:
            new_rows.append(WelfareCount(kind=kind, kab_kota_code=kab_kota.code, year=year, category=category,
                                         **wanted))
            changed["created"] += 1
        elif not live:
            updates.append((count, {**wanted, "deleted_at": None}, count.version))
            changed["created"] += 1
        elif (count.count, count.source, count.figures_on) != (value, source, figures_on):
            updates.append((count, wanted, count.version))
            changed["updated"] += 1
    base.insert_many(session, actor, new_rows)
    base.apply_updates(session, actor, updates)
    return changed
