"""The laporan wilayah as an Excel workbook: a sheet per section, the same figures the PDF prints.

Numbers stay numbers (rupiah as whole numbers with a thousands format), dates stay dates, and every
sheet starts with the report's title, number, source and time, so a sheet copied alone still says
where its figures come from.
"""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kesos import fmt, vocab
from kesos.export import safe_cell
from kesos.reports import pusat_data
from kesos.reports.figures import Report

_HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
_RUPIAH = '"Rp" #,##0'


def _sheet(workbook: Workbook, title: str, report: Report):
    sheet = workbook.create_sheet(title)
    meta = report.meta
    sheet["A1"] = safe_cell(f"{meta['title']}, {meta['period']}")
    sheet["A1"].font = Font(bold=True, size=13)
    number = f"Laporan No. {meta['number']}" if meta["number"] is not None else "Laporan (tanpa nomor)"
    sheet["A2"] = safe_cell(f"{number} · Sumber: {meta['source']}")
    sheet["A2"].font = Font(italic=True, color="646A70")
    sheet.row = 4  # the next free row
    return sheet


def _block(sheet, title: str, headers: list[str], rows: list[list], rupiah: set[int] = frozenset(),
           total: list | None = None) -> None:
    """A titled table at the sheet's next free row; columns in `rupiah` get a rupiah number format."""
    row = sheet.row
    sheet.cell(row=row, column=1, value=safe_cell(title)).font = Font(bold=True, size=11)
    row += 1
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
    for values in [*rows, *([total] if total else [])]:
        row += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=safe_cell(value))
            if column - 1 in rupiah and isinstance(value, int):
                cell.number_format = _RUPIAH
            elif isinstance(value, int):
                cell.number_format = "#,##0"
            elif isinstance(value, date):
                cell.number_format = "d mmmm yyyy"
            if total and values is total:
                cell.font = Font(bold=True)
    sheet.row = row + 2


def _widths(sheet) -> None:
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column[3:] if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = min(60, max(10, width + 2))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def render_xlsx(report: Report) -> bytes:
    figures, head = report.figures, report.figures["headline"]
    year, period = report.filters.year_to, report.period_label
    workbook = Workbook()
    workbook.remove(workbook.active)

    sheet = _sheet(workbook, "Ringkasan", report)
    month = head["beneficiaries_month"]
    month_label = fmt.bulan(int(month[:4]), int(month[5:])) if month else "belum ada data"
    meta = report.meta
    _block(sheet, "Laporan", ["Keterangan", "Isi"], [
        ["Nomor laporan", meta["number"]], ["Wilayah", meta["kab_kota"] or f"Provinsi {meta['province']}"],
        ["Periode", meta["period"]], ["Dibuat", fmt.waktu(_when(meta["generated_at"]), meta.get("province_code"))],
        ["Dibuat oleh", meta["generated_by"]], ["Sumber", meta["source"]],
    ])
    _block(sheet, "Angka utama", ["Angka", "Nilai", "Keterangan"], [
        ["LKS terdaftar", head["lks"], f"pada akhir {year}"],
        ["Penerima manfaat", head["beneficiaries"], f"dilayani LKS, {month_label}"],
        ["Nilai bantuan (Rp)", head["aid_value"], f"{fmt.number(head['aid_distributions'])} penyaluran, {period}"],
        ["Bantuan dari CSR (Rp)", head["aid_value_csr"], f"{fmt.number(head['csr_companies'])} perusahaan"],
        ["Rapat dan kegiatan", head["activities"], f"{fmt.number(head['activity_participants'])} peserta"],
        ["Cabang terbentuk", head["branches_formed"], f"dari {fmt.number(head['branches_total'])} kab/kota"],
    ])
    if head.get("beneficiaries_note"):
        _block(sheet, "Kelengkapan", ["Keterangan"], [[f"{head['beneficiaries_note']}; angka penerima manfaat dari "
                                                         "bulan terakhir yang lengkap"]])
    _block(sheet, "Laporan bulanan yang disetujui", ["Bulan", "Kab/kota disetujui", "Kab/kota"], [
        [fmt.bulan(int(m["month"][:4]), int(m["month"][5:])), m["approved_kab_kota"], m["kab_kota"]]
        for m in report.figures.get("approved_months") or []])
    _widths(sheet)

    sheet = _sheet(workbook, "LKS", report)
    by_type = figures["lks_by_type"]
    _block(sheet, f"LKS per jenis pada akhir {year}", ["Jenis LKS", "Jumlah"],
           [[t["label"], t["count"]] for t in by_type], total=["Jumlah", sum(t["count"] for t in by_type)])
    types = [t["lks_type"] for t in by_type]
    _block(sheet, f"LKS per kab/kota dan jenis, akhir {year}",
           ["Kode", "Kab/kota", *(vocab.LKS_TYPES[t] for t in types), "Jumlah"],
           [[k["kab_kota_code"], k["kab_kota"], *(k["by_type"].get(t, 0) for t in types), k["total"]]
            for k in figures["lks_by_kab_kota"]],
           total=["", "Jumlah", *(t["count"] for t in by_type), sum(t["count"] for t in by_type)])
    _widths(sheet)

    sheet = _sheet(workbook, "Penerima manfaat", report)
    people = ["Perempuan", "Laki-laki", "Jumlah"]
    _block(sheet, f"Penerima manfaat per bulan, {year}", ["Bulan", *people],
           [[fmt.bulan(year, m["month"]), m["women"], m["men"], m["total"]] for m in figures["beneficiaries_by_month"]])
    _block(sheet, f"Penerima manfaat per jenis LKS, {month_label}", ["Jenis LKS", *people],
           [[t["label"], t["women"], t["men"], t["total"]] for t in figures["beneficiaries_by_type"]])
    by_kab_kota = figures["beneficiaries_by_kab_kota"]
    _block(sheet, f"Penerima manfaat per kab/kota, {month_label}", ["Kode", "Kab/kota", *people],
           [[k["kab_kota_code"], k["kab_kota"], k["women"], k["men"], k["total"]] for k in by_kab_kota],
           total=["", "Jumlah", *(sum(k[c] for k in by_kab_kota) for c in ("women", "men", "total"))])
    _widths(sheet)

    sheet = _sheet(workbook, "Bantuan", report)
    _block(sheet, f"Bantuan per sumber dana, {period}", ["Sumber dana", "Penyaluran", "Nilai (Rp)"],
           [[s["label"], s["distributions"], s["value"]] for s in figures["aid_by_source"]], {2},
           ["Jumlah", head["aid_distributions"], head["aid_value"]])
    companies = figures["csr_by_company"]
    _block(sheet, f"Bantuan yang didanai CSR per perusahaan, {period}", ["Perusahaan", "Penyaluran", "Nilai (Rp)"],
           [[c["company"], c["distributions"], c["value"]] for c in companies], {2},
           ["Jumlah", sum(c["distributions"] for c in companies), head["aid_value_csr"]])
    _block(sheet, f"Bantuan per jenis barang, {period}", ["Barang", "Jumlah", "Satuan", "Penyaluran", "Nilai (Rp)"],
           [[i["item"], i["quantity"], i["unit"], i["distributions"], i["value"]] for i in figures["aid_by_item"]],
           {4})
    _widths(sheet)

    sheet = _sheet(workbook, "Cabang", report)
    branches = figures["branches"]
    _block(sheet, f"Cabang yang sudah terbentuk, keadaan per {fmt.tanggal(_day(branches['as_of']))}",
           ["Kode", "Kab/kota", "Nama cabang", "Tanggal SK", "Ketua", "Masa bakti mulai", "Masa bakti berakhir"],
           [[b["kab_kota_code"], b["kab_kota"], b["branch_name"], _day(b["decree_date"]), b["chair_name"],
             _day(b["term_start"]), _day(b["term_end"])] for b in branches["formed"]])
    _block(sheet, "Kab/kota yang belum membentuk cabang", ["Kode", "Kab/kota"],
           [[b["kab_kota_code"], b["kab_kota"]] for b in branches["not_formed"]])
    _widths(sheet)

    sheet = _sheet(workbook, "Kegiatan", report)
    _block(sheet, f"Rapat dan kegiatan, {period}", ["Mulai", "Selesai", "Jenis", "Kegiatan", "Tempat", "Peserta"],
           [[_day(a["start_date"]), _day(a["end_date"]), a["kind_label"], a["title"], a["place"], a["participants"]]
            for a in figures["activities"]],
           total=["Jumlah", None, None, f"{head['activities']} kegiatan", None, head["activity_participants"]])
    _widths(sheet)

    sheet = _sheet(workbook, "Pusat data", report)
    pusat_data.xlsx_blocks(sheet, figures, _block)
    _widths(sheet)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _when(iso: str):
    from datetime import datetime

    return datetime.fromisoformat(iso)
