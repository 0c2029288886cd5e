"""Importing PPKS and PSKS yearly counts (`kesos import ppks|psks FILE`). One row per kab/kota, year and
category; natural key: those three (and the kind). The same checks as the grid (`services.pusat_data`)."""

from sqlmodel import Session, select

from kesos import vocab
from kesos.errors import ValidationError
from kesos.importer import values as val
from kesos.importer.common import Context, Kind, check_scope, display, insert_all, take, update_all
from kesos.importer.lks import KAB_KOTA_ALIASES
from kesos.importer.plan import ADD, CHANGE, ERROR, SAME, RowResult
from kesos.importer.reading import Column, Table
from kesos.models import WelfareCount
from kesos.security import Actor, visible_kab_kota
from kesos.services import pusat_data
from kesos.services.pusat_data import Figures

_FIELDS = ("count", "source", "figures_on")


def _columns(kind: str) -> tuple[Column, ...]:
    name = vocab.WELFARE_KINDS[kind]
    return (
        Column("kab_kota_code", "Kabupaten/Kota", aliases=KAB_KOTA_ALIASES,
               hint="Nama resmi, nama singkat yang tidak kembar, atau kode (63.71)."),
        Column("year", "Tahun", aliases=("thn", "tahun data"), hint="Empat angka, misalnya 2024."),
        Column("category", f"Kategori {name}", aliases=("kategori", "jenis", f"jenis {name.lower()}"),
               hint=f"Nama kategori {name} menurut Permensos 08/2012 atau singkatannya (misalnya "
                    f"{next(iter(vocab.WELFARE_SHORT[kind].values()))})."),
        Column("count", "Jumlah", aliases=("jumlah jiwa", "total", "angka"), hint="Angka bulat, 0 atau lebih."),
        Column("source", "Sumber data", aliases=("sumber",),
               hint="Pilih: " + ", ".join(vocab.WELFARE_SOURCES.values()) + "."),
        Column("figures_on", "Tanggal data", aliases=("tgl data", "tanggal"),
               hint="Tanggal angka itu dihitung: 31/12/2024, 2024-12-31 atau 31 Desember 2024."),
    )


def _category_choices(kind: str) -> val.Choices:
    extra = {short: code for code, short in vocab.WELFARE_SHORT[kind].items()}
    extra |= {pusat_data.category_label(kind, code): code for code in vocab.WELFARE_CATEGORIES[kind]}
    if kind == "ppks":
        extra |= {"pmks fakir miskin": "fakir_miskin", "lansia telantar": "lansia_telantar", "lansia": "lansia_telantar",
                  "hiv/aids": "odha", "pekerja migran": "pmbs"}
    return val.Choices(vocab.WELFARE_CATEGORIES[kind], f"Kategori {vocab.WELFARE_KINDS[kind]}", extra=extra)


_SOURCES = val.Choices(vocab.WELFARE_SOURCES, "Sumber data", extra={
    "dinsos": "dinsos", "dinas sosial": "dinsos", "dtks": "dtks", "survey": "survei", "survei": "survei"})


def _plan_for(kind: str, columns: tuple[Column, ...]):
    h = {c.key: c.header for c in columns}
    categories = _category_choices(kind)

    def plan(session: Session, actor: Actor, table: Table, ctx: Context) -> list[RowResult]:
        parsed = []
        for number, cells in table.rows:
            result = RowResult(number)
            values = {
                "kab_kota_code": ctx.kab_kota_in_scope(result, h["kab_kota_code"], cells.get("kab_kota_code")),
                "year": take(result, h["year"], cells.get("year"), lambda raw: val.integer(raw, label=h["year"])),
                "category": take(result, h["category"], cells.get("category"), categories),
                "count": take(result, h["count"], cells.get("count"), lambda raw: val.integer(raw, label=h["count"])),
                "source": take(result, h["source"], cells.get("source"), _SOURCES),
                "figures_on": take(result, h["figures_on"], cells.get("figures_on"),
                                   lambda raw: val.a_date(raw, label=h["figures_on"])),
            }
            if result.status != ERROR:
                _service_checks(result, values, cells, h)
            parsed.append((result, values, cells))

        good = [values for result, values, _ in parsed if result.status != ERROR]
        codes = sorted({values["kab_kota_code"] for values in good})
        years = sorted({values["year"] for values in good})
        stored: dict[tuple[str, int, str], WelfareCount] = {}
        if codes and years:
            for count in session.exec(select(WelfareCount).where(
                    WelfareCount.kind == kind, WelfareCount.kab_kota_code.in_(codes), WelfareCount.year.in_(years))):
                stored[(count.kab_kota_code, count.year, count.category)] = count
        first_row: dict[tuple, int] = {}
        for result, values, cells in parsed:
            if result.status == ERROR:
                continue
            code, year, category = values["kab_kota_code"], values["year"], values["category"]
            key = (code, year, category)
            if key in first_row:
                result.refuse(h["category"], val.shown(cells.get("category")), f"Angka {vocab.WELFARE_SHORT[kind][category]}"
                              f" {ctx.kab_kota.name(code)} {year} sudah ada di baris {first_row[key]} berkas ini.")
                continue
            first_row[key] = result.row
            result.kab_kota_code = code
            result.summary = f"{vocab.WELFARE_SHORT[kind][category]} · {year} · {ctx.kab_kota.name(code)}"
            new = {field: values[field] for field in _FIELDS}
            count = stored.get(key)
            if count is None:
                result.status = ADD
                result.values = {"kind": kind, "kab_kota_code": code, "year": year, "category": category, **new}
                continue
            result.record_id, result.version = count.id, count.version
            if count.deleted_at is not None:
                result.status, result.values = ADD, {**new, "deleted_at": None}
            elif all(getattr(count, field) == new[field] for field in _FIELDS):
                result.status = SAME
            else:
                labels = {"source": vocab.WELFARE_SOURCES}
                result.status, result.values = CHANGE, new
                result.changes = {h[field]: (display(getattr(count, field), labels.get(field)),
                                             display(new[field], labels.get(field)))
                                  for field in _FIELDS if getattr(count, field) != new[field]}
        return [result for result, _, _ in parsed]

    return plan


def _service_checks(result: RowResult, values: dict, cells: dict, h: dict) -> None:
    """The grid's own rules (range, year begun, date within the year and not ahead), under the file's headers."""
    try:
        year = pusat_data.clean_year(values["year"])
    except ValidationError as exc:
        result.refuse(h["year"], val.shown(cells.get("year")), exc.errors["year"])
        return
    kind = next(k for k, cats in vocab.WELFARE_CATEGORIES.items() if values["category"] in cats)
    try:
        pusat_data.clean_figures(kind, year, Figures({values["category"]: values["count"]}, values["source"],
                                                     values["figures_on"]))
    except ValidationError as exc:
        for field, message in exc.errors.items():
            key = "count" if field.startswith("count:") else field
            result.refuse(h[key], val.shown(cells.get(key)), message)


def _write(session: Session, actor: Actor, rows: list[RowResult]) -> dict[int, int]:
    check_scope(session, actor, WelfareCount, rows)
    new = [row for row in rows if row.status == ADD and row.record_id is None]
    stored = insert_all(session, actor, WelfareCount, [row.values for row in new])
    update_all(session, actor, WelfareCount, [row for row in rows if row.record_id is not None])
    ids = {(r["kab_kota_code"], r["year"], r["category"]): r["id"] for r in stored}
    return {row.row: ids[(row.values["kab_kota_code"], row.values["year"], row.values["category"])]
            for row in new} | {row.row: row.record_id for row in rows if row.record_id is not None}


def _lists_for(kind: str):
    def lists(session: Session, actor: Actor) -> dict[str, list[str]]:
        return {"kab_kota_code": [kk.name for kk in visible_kab_kota(session, actor)],
                "category": [pusat_data.category_label(kind, code) for code in vocab.WELFARE_CATEGORIES[kind]],
                "source": list(vocab.WELFARE_SOURCES.values())}
    return lists


def _kind(kind: str) -> Kind:
    columns = _columns(kind)
    return Kind(kind, f"{vocab.WELFARE_KINDS[kind]} per kab/kota per tahun", columns, _plan_for(kind, columns),
                _write, _lists_for(kind))


PPKS = _kind("ppks")
PSKS = _kind("psks")
