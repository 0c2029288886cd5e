"""Importing monthly beneficiary counts. Natural key: the LKS (name within its kab/kota), year and month."""

from sqlmodel import Session, select

from kesos import fmt
from kesos import validation_rules as rules
from kesos.errors import ValidationError
from kesos.importer import values as val
from kesos.importer.common import Context, Kind, check_scope, display, insert_all, take, update_all
from kesos.importer.lks import KAB_KOTA_ALIASES, existing_lks, name_key
from kesos.importer.plan import ADD, CHANGE, ERROR, SAME, RowResult
from kesos.importer.reading import Column, Table, is_blank
from kesos.models import BeneficiaryCount, Lks
from kesos.security import Actor, visible_kab_kota
from kesos.services import reporting
from kesos.services import validation_warning as warnings
from kesos.services.beneficiary import MAX_PER_LKS, clean_period

COLUMNS = (
    Column("kab_kota_code", "Kabupaten/Kota", aliases=KAB_KOTA_ALIASES,
           hint="Kab/kota tempat LKS terdaftar: nama resmi, nama singkat yang tidak kembar, atau kode (63.71)."),
    Column("lks", "Nama LKS", aliases=("nama", "nama lembaga", "lks"),
           hint="Persis seperti di daftar LKS (huruf besar/kecil dan spasi boleh berbeda)."),
    Column("year", "Tahun", aliases=("thn",), hint="Empat angka, misalnya 2024."),
    Column("month", "Bulan", aliases=("bln",), hint="Angka 1-12 atau nama bulan (Agustus)."),
    Column("women", "Perempuan", aliases=("p", "wanita", "jumlah perempuan"), hint="Jumlah orang."),
    Column("men", "Laki-laki", aliases=("l", "pria", "laki laki", "jumlah laki-laki"), hint="Jumlah orang."),
    Column("total", "Jumlah", required=False, aliases=("total", "l+p", "jumlah penerima manfaat"),
           hint="Boleh kosong; bila diisi harus sama dengan perempuan + laki-laki."),
)
_H = {c.key: c.header for c in COLUMNS}


def _count(raw, header: str) -> int:
    number = val.integer(raw, label=header)
    if not 0 <= number <= MAX_PER_LKS:
        raise val.FieldError(f"{header} harus 0 sampai {fmt.number(MAX_PER_LKS)} (sekarang {fmt.number(number)}).")
    return number


def _period(result: RowResult, cells: dict) -> tuple[int, int] | None:
    year = take(result, _H["year"], cells.get("year"), lambda raw: val.integer(raw, label=_H["year"]))
    month = take(result, _H["month"], cells.get("month"), val.month)
    if year is None or month is None:
        return None
    try:
        return clean_period(year, month)
    except ValidationError as exc:
        for field, message in exc.errors.items():
            result.refuse(_H[field], val.shown(cells.get(field)), message)
        return None


def plan(session: Session, actor: Actor, table: Table, ctx: Context) -> list[RowResult]:
    parsed = []
    for number, cells in table.rows:
        result = RowResult(number)
        values = {
            "kab_kota_code": ctx.kab_kota_in_scope(result, _H["kab_kota_code"], cells.get("kab_kota_code")),
            "lks": take(result, _H["lks"], cells.get("lks"), lambda raw: val.text(raw, label=_H["lks"], required=True)),
            "period": _period(result, cells),
            "women": take(result, _H["women"], cells.get("women"), lambda raw: _count(raw, _H["women"])),
            "men": take(result, _H["men"], cells.get("men"), lambda raw: _count(raw, _H["men"])),
        }
        total = cells.get("total")
        if not is_blank(total) and values["women"] is not None and values["men"] is not None:
            written = take(result, _H["total"], total, lambda raw: val.integer(raw, label=_H["total"]))
            if written is not None and written != values["women"] + values["men"]:
                result.refuse(_H["total"], val.shown(total), f"Jumlah {fmt.number(written)} tidak sama dengan "
                              f"perempuan + laki-laki ({fmt.number(values['women'] + values['men'])}).")
        parsed.append((result, values))

    codes = {values["kab_kota_code"] for _, values in parsed if values["kab_kota_code"]}
    lks_by_key = existing_lks(session, codes)
    years = {values["period"][0] for _, values in parsed if values["period"]}
    stored: dict[tuple[int, int, int], BeneficiaryCount] = {}
    if codes and years:
        for count in session.exec(
            select(BeneficiaryCount).join(Lks, Lks.id == BeneficiaryCount.lks_id)
            .where(Lks.kab_kota_code.in_(sorted(codes)), BeneficiaryCount.year.in_(sorted(years)))
        ):
            stored[(count.lks_id, count.year, count.month)] = count

    periods = {values["period"] for _, values in parsed if values["period"]}
    locked = reporting.locked_months(session, sorted(codes), periods)
    first_row: dict[tuple, int] = {}
    in_file: dict[tuple[int, int, int], int] = {}  # (lks, year, month) -> total, as confirming would store
    to_check = []
    for result, values in parsed:
        code = values["kab_kota_code"]
        lks = None
        if code and values["lks"]:
            matches = lks_by_key.get((code, name_key(values["lks"])), [])
            if not matches:
                result.refuse(_H["lks"], values["lks"], f"LKS “{values['lks']}” tidak ada di daftar LKS "
                              f"{ctx.kab_kota.name(code)}: impor atau tambahkan LKS-nya dulu.")
            elif len(matches) > 1:
                result.refuse(_H["lks"], values["lks"], f"Ada {len(matches)} LKS bernama “{values['lks']}” di "
                              f"{ctx.kab_kota.name(code)}: isi angkanya lewat halaman Penerima manfaat.")
            else:
                lks = matches[0]
        if result.status == ERROR or lks is None:
            continue
        year, month = values["period"]
        if (code, year, month) in locked:
            result.refuse(_H["month"], fmt.bulan(year, month),
                          reporting.locked_message(ctx.kab_kota.name(code), year, month))
            continue
        key = (lks.id, year, month)
        if key in first_row:
            result.refuse(_H["lks"], values["lks"], f"Angka LKS ini untuk {fmt.bulan(year, month)} sudah ada di baris "
                          f"{first_row[key]} berkas ini.")
            continue
        first_row[key] = result.row
        in_file[key] = values["women"] + values["men"]
        result.kab_kota_code = code
        result.summary = f"{lks.name} · {fmt.bulan(year, month)} · {ctx.kab_kota.name(code)}"
        new = {"women": values["women"], "men": values["men"]}
        count = stored.get(key)
        result.shown = {_H["kab_kota_code"]: ctx.kab_kota.name(code), _H["lks"]: lks.name,
                        _H["month"]: fmt.bulan(year, month), _H["women"]: display(new["women"]),
                        _H["men"]: display(new["men"]), _H["total"]: display(new["women"] + new["men"])}
        to_check.append((result, lks, year, month, new["women"], new["men"]))
        if count is None:
            result.status, result.values = ADD, {"lks_id": lks.id, "year": year, "month": month, **new}
            continue
        result.record_id, result.version = count.id, count.version
        if count.deleted_at is not None:  # removed earlier: the same row comes back
            result.status, result.values = ADD, {**new, "deleted_at": None}
        elif (count.women, count.men) == (new["women"], new["men"]):
            result.status = SAME
        else:
            result.status, result.values = CHANGE, new
            result.changes = {_H[field]: (display(getattr(count, field)), display(new[field]))
                              for field in ("women", "men") if getattr(count, field) != new[field]}
    _check(session, [item for item in to_check if item[0].status in (ADD, CHANGE)], in_file)
    return [result for result, _ in parsed]


def _check_unlocked(session: Session, rows: list[RowResult]) -> None:
    """Approved months refuse the import whole, also when one was approved after the preview."""
    for row in rows:
        if row.status not in (ADD, CHANGE):
            continue
        if row.record_id is None:
            year, month = row.values["year"], row.values["month"]
        else:
            count = session.get(BeneficiaryCount, row.record_id)
            year, month = count.year, count.month
        reporting.ensure_unlocked(session, row.kab_kota_code, year, month)


def _check(session: Session, rows: list, in_file: dict[tuple[int, int, int], int]) -> None:
    """Validasi of the rows to be written, against the stored months with the file's months over them."""
    if not rows:
        return
    indices = [warnings.month_index(year, month) for _, _, year, month, _, _ in rows]
    totals = warnings.stored_totals(session, {lks.id for _, lks, *_ in rows},
                                    min(indices) - rules.WINDOW_MONTHS, max(indices))
    for (lks_id, year, month), total in in_file.items():
        totals.setdefault(lks_id, {})[warnings.month_index(year, month)] = total
    for result, lks, year, month, women, men in rows:
        history = warnings.history_before(totals.get(lks.id, {}), year, month)
        result.warnings = [warnings.Pending(lks.kab_kota_code, year, month, finding)
                           for finding in rules.beneficiary_findings(women, men, lks.capacity, history)]


def write(session: Session, actor: Actor, rows: list[RowResult]) -> dict[int, int]:
    """Write the rows; returns each written row's record id by its row number (for its warnings)."""
    check_scope(session, actor, BeneficiaryCount, rows)
    new = [row for row in rows if row.status == ADD and row.record_id is None]
    _check_unlocked(session, rows)
    stored = insert_all(session, actor, BeneficiaryCount, [row.values for row in new])
    update_all(session, actor, BeneficiaryCount, [row for row in rows if row.record_id is not None])
    ids = {(r["lks_id"], r["year"], r["month"]): r["id"] for r in stored}  # the natural key is unique
    return {row.row: ids[(row.values["lks_id"], row.values["year"], row.values["month"])] for row in new} | {
        row.row: row.record_id for row in rows if row.record_id is not None}


def lists(session: Session, actor: Actor) -> dict[str, list[str]]:
    kab_kota = visible_kab_kota(session, actor)
    names = sorted({lks.name for lks in session.exec(
        select(Lks).where(Lks.kab_kota_code.in_([kk.code for kk in kab_kota]), Lks.deleted_at.is_(None)))})
    return {"kab_kota_code": [kk.name for kk in kab_kota], "lks": names, "month": list(val.MONTH_NAMES)}


KIND = Kind("penerima-manfaat", "Penerima manfaat per bulan", COLUMNS, plan, write, lists)
