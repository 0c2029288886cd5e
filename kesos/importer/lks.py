"""Importing the LKS registry. Natural key: the name (case and spaces folded) within its kab/kota.

A row for an LKS already in the registry changes it; an empty optional cell keeps what is stored
(an import never blanks a field), and the name keeps its stored spelling.
"""

from collections import defaultdict

from sqlalchemy import Row
from sqlmodel import Session, select

from kesos import vocab
from kesos.errors import ValidationError
from kesos.importer import values as val
from kesos.importer.common import Context, Kind, check_scope, display, insert_all, service_errors, take, update_all
from kesos.importer.plan import ADD, CHANGE, ERROR, SAME, RowResult
from kesos.importer.reading import Column, Table, is_blank
from kesos.models import Lks
from kesos.security import Actor, visible_kab_kota
from kesos.services import lks as lks_service

KAB_KOTA_ALIASES = ("kab/kota", "kabupaten", "kota", "kab kota", "kode kab/kota", "kabupaten kota", "wilayah")
COLUMNS = (
    Column("kab_kota_code", "Kabupaten/Kota", aliases=KAB_KOTA_ALIASES,
           hint="Nama resmi (Kabupaten Kubu Raya, Kota Pontianak), nama singkat yang tidak kembar, atau kode (61.12)."),
    Column("name", "Nama LKS", aliases=("nama", "nama lembaga", "nama lks/lksa", "nama panti"),
           hint="Nama lembaga. Baris dengan nama dan kab/kota yang sudah ada akan mengubah data LKS itu."),
    Column("lks_type", "Jenis LKS", aliases=("jenis", "jenis lembaga"),
           hint="Pilih dari daftar: " + ", ".join(vocab.LKS_TYPES.values()) + "."),
    Column("address", "Alamat", required=False, aliases=("alamat lengkap", "alamat lks")),
    Column("registration_status", "Status pendaftaran", required=False, aliases=("status terdaftar",),
           hint="Terdaftar atau Belum terdaftar; kosong = Terdaftar."),
    Column("registration_number", "Nomor pendaftaran", required=False,
           aliases=("no pendaftaran", "no. pendaftaran", "nomor tanda daftar", "no tanda daftar")),
    Column("accreditation", "Akreditasi", required=False, hint="A, B, C atau Belum; kosong = Belum."),
    Column("capacity", "Kapasitas", required=False, aliases=("kapasitas (orang)", "daya tampung"),
           hint="Jumlah orang, angka bulat."),
    Column("registered_on", "Tanggal terdaftar",
           aliases=("tgl terdaftar", "terdaftar sejak", "tanggal daftar", "terdaftar"),
           hint="10/08/2023 (hari/bulan/tahun), 2023-08-10 atau 10 Agustus 2023."),
    Column("closed_on", "Tanggal berhenti", required=False, aliases=("tgl berhenti", "tutup sejak"),
           hint="Isi hanya bila LKS sudah tidak beroperasi."),
)
_HEADERS = {c.key: c.header for c in COLUMNS}
_OPTIONAL = ("address", "registration_status", "registration_number", "accreditation", "capacity", "closed_on")
_LABELS = {"lks_type": vocab.LKS_TYPES, "registration_status": vocab.REGISTRATION_STATUSES,
           "accreditation": vocab.ACCREDITATIONS}

lks_type = val.Choices(vocab.LKS_TYPES, "Jenis LKS", extra={"panti asuhan": "anak", "lks anak": "anak",
                                                           "lks lansia": "lansia", "penyandang cacat": "disabilitas"})
registration_status = val.Choices(vocab.REGISTRATION_STATUSES, "Status pendaftaran",
                                  extra={"sudah terdaftar": "terdaftar", "belum": "belum_terdaftar"})
accreditation = val.Choices(vocab.ACCREDITATIONS, "Akreditasi",
                            extra={"belum akreditasi": "belum", "-": "belum", "tidak ada": "belum"})


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _parse(ctx: Context, result: RowResult, cells: dict) -> dict:
    h = _HEADERS
    return {
        "kab_kota_code": ctx.kab_kota_in_scope(result, h["kab_kota_code"], cells.get("kab_kota_code")),
        "name": take(result, h["name"], cells.get("name"),
                     lambda raw: val.text(raw, label=h["name"], required=True)),
        "lks_type": take(result, h["lks_type"], cells.get("lks_type"), lks_type),
        "address": take(result, h["address"], cells.get("address"),
                        lambda raw: val.text(raw, label=h["address"], max_length=300)),
        "registration_status": take(result, h["registration_status"], cells.get("registration_status"),
                                    lambda raw: registration_status(raw, required=False)),
        "registration_number": take(result, h["registration_number"], cells.get("registration_number"),
                                    lambda raw: val.text(raw, label=h["registration_number"], max_length=100)),
        "accreditation": take(result, h["accreditation"], cells.get("accreditation"),
                              lambda raw: accreditation(raw, required=False)),
        "capacity": take(result, h["capacity"], cells.get("capacity"),
                         lambda raw: val.integer(raw, label=h["capacity"], required=False)),
        "registered_on": take(result, h["registered_on"], cells.get("registered_on"),
                              lambda raw: val.a_date(raw, label=h["registered_on"])),
        "closed_on": take(result, h["closed_on"], cells.get("closed_on"),
                          lambda raw: val.a_date(raw, label=h["closed_on"], required=False)),
    }


def existing_lks(session: Session, codes: set[str]) -> dict[tuple[str, str], list[Row]]:
    """Live LKS of these kab/kota by (kab/kota, folded name), in one query.

    Plain rows with the LKS's columns as attributes, read only: a province's thousands of LKS as
    ORM objects made the preview of a large file twice as slow.
    """
    found: dict[tuple[str, str], list[Row]] = defaultdict(list)
    if codes:
        table = Lks.__table__
        rows = session.execute(select(table).where(table.c.kab_kota_code.in_(sorted(codes)),
                                                   table.c.deleted_at.is_(None)))
        for lks in rows:
            found[(lks.kab_kota_code, name_key(lks.name))].append(lks)
    return found


def plan(session: Session, actor: Actor, table: Table, ctx: Context) -> list[RowResult]:
    parsed = []
    for number, cells in table.rows:
        result = RowResult(number)
        parsed.append((result, cells, _parse(ctx, result, cells)))
    existing = existing_lks(session, {p["kab_kota_code"] for _, _, p in parsed if p["kab_kota_code"]})
    first_row: dict[tuple[str, str], int] = {}
    for result, cells, parsed_values in parsed:
        code, name = parsed_values["kab_kota_code"], parsed_values["name"]
        if code and name:
            key = (code, name_key(name))
            if key in first_row:
                result.refuse(_HEADERS["name"], name, f"LKS ini sudah ada di baris {first_row[key]} berkas ini.")
            first_row.setdefault(key, result.row)
            if len(existing.get(key, [])) > 1:
                result.refuse(_HEADERS["name"], name, f"Ada {len(existing[key])} LKS bernama “{name}” di "
                              f"{ctx.kab_kota.name(code)}; ubah LKS itu lewat halaman LKS.")
        if result.status == ERROR:
            continue
        record = existing[key][0] if existing.get(key) else None
        _decide(session, result, cells, parsed_values, record, ctx)
    return [result for result, _, _ in parsed]


def _decide(session: Session, result: RowResult, cells: dict, parsed: dict, record: Row | None, ctx: Context):
    if record is None:
        data = dict(parsed)
    else:
        data = {field: getattr(record, field) for field in lks_service.FIELDS}
        data.update({field: parsed[field] for field in _OPTIONAL if not is_blank(cells.get(field))})
        data["lks_type"], data["registered_on"] = parsed["lks_type"], parsed["registered_on"]
        if data["accreditation"] != record.accreditation:  # a new grade: its stored dates were the old grade's
            data["accreditation_expires_on"] = None
            if data["accreditation"] == "belum":
                data["accredited_on"] = None
    try:
        clean = lks_service.clean(session, data)
    except ValidationError as exc:
        service_errors(result, KIND, exc.errors, cells)
        return
    clean["is_active"] = clean["closed_on"] is None
    result.kab_kota_code = clean["kab_kota_code"]
    result.summary = f"{clean['name']} · {ctx.kab_kota.name(clean['kab_kota_code'])}"
    if record is None:
        result.status, result.values = ADD, clean
        result.shown = {header: display(clean.get(key), _LABELS.get(key)) for key, header in _HEADERS.items()
                        if key in clean}
        result.shown[_HEADERS["kab_kota_code"]] = ctx.kab_kota.name(clean["kab_kota_code"])
        return
    changed = {field: value for field, value in clean.items() if getattr(record, field) != value}
    result.record_id, result.version = record.id, record.version
    if not changed:
        result.status = SAME
        return
    result.status, result.values = CHANGE, changed
    result.changes = {_HEADERS.get(field, "Status aktif"): (display(getattr(record, field), _LABELS.get(field)),
                                                          display(value, _LABELS.get(field)))
                      for field, value in changed.items()}


def write(session: Session, actor: Actor, rows: list[RowResult]) -> None:
    check_scope(session, actor, Lks, rows)
    insert_all(session, actor, Lks, [row.values for row in rows if row.status == ADD])
    update_all(session, actor, Lks, [row for row in rows if row.status == CHANGE])


def lists(session: Session, actor: Actor) -> dict[str, list[str]]:
    return {
        "kab_kota_code": [kk.name for kk in visible_kab_kota(session, actor)],
        "lks_type": list(vocab.LKS_TYPES.values()),
        "registration_status": list(vocab.REGISTRATION_STATUSES.values()),
        "accreditation": list(vocab.ACCREDITATIONS.values()),
    }


KIND = Kind("lks", "Daftar LKS", COLUMNS, plan, write, lists)
