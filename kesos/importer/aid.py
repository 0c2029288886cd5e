"""Importing aid distributions.

Natural key: date, item, kab/kota, recipient (LKS, group or household name folded), quantity
and value. A row equal on all of these to a stored distribution is that distribution: the
funding source and a non-empty note may change it; anything else makes it a new distribution.
"""

from collections import defaultdict

from sqlmodel import Session, select

from kesos import fmt, vocab
from kesos import validation_rules as rules
from kesos.errors import ValidationError
from kesos.importer import values as val
from kesos.importer.common import (Context, Kind, check_scope, display, insert_all, service_errors, take,
                                   update_all)
from kesos.importer.lks import KAB_KOTA_ALIASES, existing_lks, name_key
from kesos.importer.plan import ADD, CHANGE, ERROR, SAME, RowResult
from kesos.importer.reading import Column, Table
from kesos.models import AidDistribution, AidItem, FundingSource, Lks
from kesos.security import Actor, visible_kab_kota
from kesos.services import aid as aid_service
from kesos.services import validation_warning

COLUMNS = (
    Column("distributed_on", "Tanggal", aliases=("tanggal penyaluran", "tgl", "tgl penyaluran", "tanggal salur"),
           hint="10/08/2023 (hari/bulan/tahun), 2023-08-10 atau 10 Agustus 2023."),
    Column("kab_kota_code", "Kabupaten/Kota", aliases=KAB_KOTA_ALIASES,
           hint="Nama resmi, nama singkat yang tidak kembar, atau kode (61.71)."),
    Column("aid_item_id", "Barang bantuan", aliases=("barang", "jenis bantuan", "bantuan", "item"),
           hint="Pilih dari daftar katalog barang bantuan."),
    Column("quantity", "Jumlah", aliases=("jumlah barang", "volume", "qty", "banyaknya"),
           hint="Angka bulat dalam satuan barang (paket, unit, stel...)."),
    Column("value_rupiah", "Nilai (Rp)", aliases=("nilai", "nilai rp", "nilai rupiah", "rupiah", "nilai bantuan"),
           hint="1.250.000 atau Rp 1.250.000,00; 0 bila tidak dinilai."),
    Column("recipient_kind", "Jenis penerima", aliases=("jenis penerima bantuan",),
           hint="LKS, Kelompok atau Rumah tangga."),
    Column("recipient", "Penerima", aliases=("nama penerima", "penerima bantuan"),
           hint="LKS: nama LKS di kab/kota itu; Kelompok: " + ", ".join(vocab.RECIPIENT_GROUPS.values())
                + "; Rumah tangga: nama kepala rumah tangga."),
    Column("funding_source_id", "Sumber dana", aliases=("sumber", "sumber bantuan", "donatur"),
           hint="Nama sumber dana provinsi (perusahaan CSR, kotak sumbangan, instansi, donatur)."),
    Column("note", "Catatan", required=False, aliases=("keterangan", "ket")),
)
_H = {c.key: c.header for c in COLUMNS}

recipient_kind = val.Choices(vocab.RECIPIENT_KINDS, _H["recipient_kind"],
                             extra={"lembaga": "lks", "rt": "rumah_tangga", "perorangan": "rumah_tangga",
                                    "keluarga": "rumah_tangga"})
recipient_group = val.Choices(vocab.RECIPIENT_GROUPS, "Kelompok penerima",
                              extra={"lansia": "lansia", "penca": "disabilitas", "penyandang cacat": "disabilitas",
                                     "panti": "panti", "yayasan": "panti"})


def source_label(source: FundingSource) -> str:
    return f"{source.name} · {vocab.FUNDING_SOURCE_KINDS[source.kind]}"


class _Lookups:
    """The catalogue and funding sources, loaded once for the file."""

    def __init__(self, session: Session, province_codes: set[str]):
        self.items: dict[str, AidItem] = {}
        for item in session.exec(select(AidItem).where(AidItem.deleted_at.is_(None))):
            self.items[val.fold(item.name)] = item
            self.items.setdefault(val.fold(f"{item.name} ({item.unit})"), item)
        self.sources: dict[tuple[str, str], list[FundingSource]] = defaultdict(list)
        self.source_labels: dict[int, str] = {}
        if province_codes:
            for source in session.exec(select(FundingSource).where(
                    FundingSource.province_code.in_(sorted(province_codes)), FundingSource.deleted_at.is_(None))):
                self.sources[(source.province_code, val.fold(source.name))].append(source)
                self.sources[(source.province_code, val.fold(source_label(source)))].append(source)
                self.source_labels[source.id] = source_label(source)

    def item(self, raw) -> int:
        val.no_formula(raw)
        written = val.text(raw, label=_H["aid_item_id"], required=True)
        item = self.items.get(val.fold(written))
        if item is None:
            raise val.FieldError(f"Barang “{written}” tidak ada di katalog: pilih dari daftar, atau minta "
                                 "sekretariat menambahkannya ke katalog.")
        return item.id

    def source(self, raw, province_code: str) -> int:
        val.no_formula(raw)
        written = val.text(raw, label=_H["funding_source_id"], required=True)
        found = self.sources.get((province_code, val.fold(written)), [])
        if not found:
            raise val.FieldError(f"Sumber dana “{written}” tidak dikenal di provinsi ini: pilih dari daftar, atau "
                                 "tambahkan dulu di halaman Donatur & CSR.")
        if len(found) > 1:
            options = " atau ".join(f"“{source_label(s)}”" for s in found)
            raise val.FieldError(f"Sumber dana “{written}” tidak jelas: tulis {options}.")
        return found[0].id


def _recipient(result: RowResult, kind: str | None, raw, code: str | None, lks_by_key, ctx: Context) -> dict:
    header = _H["recipient"]
    if kind == "lks":
        name = take(result, header, raw, lambda r: val.text(r, label=header, required=True))
        if name is None or code is None:
            return {}
        matches = lks_by_key.get((code, name_key(name)), [])
        if len(matches) != 1:
            reason = (f"LKS “{name}” tidak ada di daftar LKS {ctx.kab_kota.name(code)}." if not matches else
                      f"Ada {len(matches)} LKS bernama “{name}” di {ctx.kab_kota.name(code)}; catat lewat halaman "
                      "Bantuan.")
            result.refuse(header, name, reason)
            return {}
        return {"recipient_lks_id": matches[0].id}
    if kind == "kelompok":
        return {"recipient_group": take(result, header, raw, recipient_group)}
    if kind == "rumah_tangga":
        return {"recipient_name": take(result, header, raw,
                                       lambda r: val.text(r, label="Nama kepala rumah tangga", required=True,
                                                          max_length=150))}
    return {}


def _key(values: dict) -> tuple:
    name = values.get("recipient_name")
    return (values["distributed_on"], values["aid_item_id"], values["kab_kota_code"], values["recipient_kind"],
            values.get("recipient_lks_id"), values.get("recipient_group"), name_key(name) if name else None,
            values["quantity"], values["value_rupiah"])


def plan(session: Session, actor: Actor, table: Table, ctx: Context) -> list[RowResult]:
    codes = set()
    first = []
    for number, cells in table.rows:
        result = RowResult(number)
        code = ctx.kab_kota_in_scope(result, _H["kab_kota_code"], cells.get("kab_kota_code"))
        codes.add(code)
        first.append((result, cells, code))
    codes.discard(None)
    lookups = _Lookups(session, {code.split(".")[0] for code in codes})
    lks_by_key = existing_lks(session, codes)

    parsed = []
    for result, cells, code in first:
        kind = take(result, _H["recipient_kind"], cells.get("recipient_kind"), recipient_kind)
        data = {
            "distributed_on": take(result, _H["distributed_on"], cells.get("distributed_on"),
                                   lambda raw: val.a_date(raw, label=_H["distributed_on"])),
            "kab_kota_code": code,
            "aid_item_id": take(result, _H["aid_item_id"], cells.get("aid_item_id"), lookups.item),
            "quantity": take(result, _H["quantity"], cells.get("quantity"),
                             lambda raw: val.integer(raw, label=_H["quantity"])),
            "value_rupiah": take(result, _H["value_rupiah"], cells.get("value_rupiah"),
                                 lambda raw: val.rupiah(raw, label=_H["value_rupiah"])),
            "recipient_kind": kind,
            "funding_source_id": take(result, _H["funding_source_id"], cells.get("funding_source_id"),
                                      lambda raw: lookups.source(raw, code.split(".")[0])) if code else None,
            "note": take(result, _H["note"], cells.get("note"),
                         lambda raw: val.text(raw, label=_H["note"], max_length=2000)),
            **_recipient(result, kind, cells.get("recipient"), code, lks_by_key, ctx),
        }
        if result.status != ERROR:
            try:
                data = aid_service.clean(session, data)
            except ValidationError as exc:
                errors = {("recipient" if field.startswith("recipient_") else field): message
                          for field, message in exc.errors.items()}
                service_errors(result, KIND, errors, cells)
        parsed.append((result, data))

    dates = [data["distributed_on"] for result, data in parsed if result.status != ERROR]
    stored: dict[tuple, list[AidDistribution]] = defaultdict(list)
    if dates:
        for distribution in session.exec(select(AidDistribution).where(
                AidDistribution.kab_kota_code.in_(sorted(codes)), AidDistribution.deleted_at.is_(None),
                AidDistribution.distributed_on.between(min(dates), max(dates)))):
            stored[_key(distribution.model_dump())].append(distribution)

    items = {item.id: item for item in lookups.items.values()}
    unit_values = validation_warning.unit_values(session, {data["aid_item_id"] for result, data in parsed
                                                           if result.status != ERROR})
    lks_names = {lks.id: lks.name for found in lks_by_key.values() for lks in found}
    first_row: dict[tuple, int] = {}
    for result, data in parsed:
        if result.status == ERROR:
            continue
        key = _key(data)
        if key in first_row:
            result.refuse(_H["distributed_on"], fmt.tanggal(data["distributed_on"]),
                          f"Penyaluran yang sama persis (tanggal, barang, penerima, jumlah, nilai) sudah ada di baris "
                          f"{first_row[key]} berkas ini; bila memang dua kali, gabungkan jumlahnya.")
            continue
        first_row[key] = result.row
        item = items[data["aid_item_id"]]
        _decide(result, data, stored.get(key, []), item, _recipient_shown(data, lks_names), lookups, ctx)
        if result.status == ADD:  # a change only moves the funding source or the note
            message = rules.unusual_unit_value(data["value_rupiah"], data["quantity"], item.unit,
                                               unit_values[item.id])
            if message:
                year, month = validation_warning.period_of(data["distributed_on"])
                result.warnings = [validation_warning.Pending(data["kab_kota_code"], year, month, rules.Finding(
                    rules.UNUSUAL_UNIT_VALUE, "value_rupiah", message))]
    return [result for result, _ in parsed]


def _recipient_shown(data: dict, lks_names: dict[int, str]) -> str:
    if data["recipient_kind"] == "lks":
        return lks_names.get(data["recipient_lks_id"], "LKS")
    if data["recipient_kind"] == "kelompok":
        return vocab.RECIPIENT_GROUPS[data["recipient_group"]]
    return f"Rumah tangga {data['recipient_name']}"


def _decide(result: RowResult, data: dict, matches: list[AidDistribution], item: AidItem, recipient: str,
            lookups: _Lookups, ctx: Context) -> None:
    result.kab_kota_code = data["kab_kota_code"]
    result.summary = (f"{fmt.tanggal(data['distributed_on'])} · {item.name} {fmt.number(data['quantity'])} {item.unit}"
                      f" · {fmt.rupiah(data['value_rupiah'])} · {recipient}"
                      f" · {ctx.kab_kota.name(data['kab_kota_code'])}")
    if not matches:
        result.status, result.values = ADD, {k: v for k, v in data.items() if k in AidDistribution.model_fields}
        result.shown = {_H["distributed_on"]: fmt.tanggal(data["distributed_on"]),
                        _H["kab_kota_code"]: ctx.kab_kota.name(data["kab_kota_code"]),
                        _H["aid_item_id"]: item.name, _H["quantity"]: f"{fmt.number(data['quantity'])} {item.unit}",
                        _H["value_rupiah"]: fmt.rupiah(data["value_rupiah"]),
                        _H["recipient_kind"]: vocab.RECIPIENT_KINDS.get(data["recipient_kind"], "—"),
                        _H["recipient"]: recipient,
                        _H["funding_source_id"]: lookups.source_labels.get(data["funding_source_id"], "—"),
                        _H["note"]: data.get("note") or "—"}
        return
    wanted = {"funding_source_id": data["funding_source_id"]}
    if data["note"]:
        wanted["note"] = data["note"]
    same = [m for m in matches if all(getattr(m, k) == v for k, v in wanted.items())]
    if same:
        result.status, result.record_id, result.version = SAME, same[0].id, same[0].version
        return
    if len(matches) > 1:
        result.refuse(_H["funding_source_id"], "", "Ada beberapa penyaluran yang sama persis tersimpan; ubah sumber "
                      "dana atau catatannya lewat halaman Bantuan.")
        return
    record = matches[0]
    changed = {k: v for k, v in wanted.items() if getattr(record, k) != v}
    result.status, result.values = CHANGE, changed
    result.record_id, result.version = record.id, record.version
    labels = {"funding_source_id": lookups.source_labels}
    result.changes = {_H[k]: (display(getattr(record, k), labels.get(k)), display(v, labels.get(k)))
                      for k, v in changed.items()}


def write(session: Session, actor: Actor, rows: list[RowResult]) -> dict[int, int]:
    """Write the rows; returns each written row's record id by its row number (for its warnings)."""
    check_scope(session, actor, AidDistribution, rows)
    new = [row for row in rows if row.status == ADD]
    stored = insert_all(session, actor, AidDistribution, [row.values for row in new])
    update_all(session, actor, AidDistribution, [row for row in rows if row.status == CHANGE])
    ids = {_key(record): record["id"] for record in stored}  # a file holds each key once (see `plan`)
    return {row.row: ids[_key(row.values)] for row in new} | {
        row.row: row.record_id for row in rows if row.status == CHANGE}


def lists(session: Session, actor: Actor) -> dict[str, list[str]]:
    kab_kota = visible_kab_kota(session, actor)
    provinces = sorted({kk.province_code for kk in kab_kota})
    sources = list(session.exec(select(FundingSource).where(
        FundingSource.province_code.in_(provinces), FundingSource.deleted_at.is_(None), FundingSource.is_active)
        .order_by(FundingSource.name)))
    names = [s.name for s in sources]
    lks_names = sorted({lks.name for lks in session.exec(
        select(Lks).where(Lks.kab_kota_code.in_([kk.code for kk in kab_kota]), Lks.deleted_at.is_(None),
                          Lks.is_active))})
    return {
        "kab_kota_code": [kk.name for kk in kab_kota],
        "aid_item_id": [item.name for item in session.exec(
            select(AidItem).where(AidItem.deleted_at.is_(None)).order_by(AidItem.name))],
        "recipient_kind": list(vocab.RECIPIENT_KINDS.values()),
        "recipient": list(vocab.RECIPIENT_GROUPS.values()) + lks_names,
        "funding_source_id": [source_label(s) if names.count(s.name) > 1 else s.name for s in sources],
    }


KIND = Kind("bantuan", "Penyaluran bantuan", COLUMNS, plan, write, lists)
