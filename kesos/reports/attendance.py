"""The daftar hadir of an activity as PDF (A4, under the body's letterhead) or Excel: the people listed,
grouped by agency and kab/kota, by name for those who may see names (`services.participant.may_see_names`),
otherwise how many came from each agency and kab/kota."""

import io
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, select

from kesos import clock, export, fmt, vocab
from kesos.models import Organisation, Province
from kesos.reports import pdf as layout
from kesos.reports.figures import letterhead
from kesos.security import Actor
from kesos.services import participant

FORMATS = {"pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HIDDEN_NOTE = ("Nama peserta tidak ditampilkan: peran Anda melihat jumlah peserta per instansi dan kab/kota, "
               "bukan data pribadi.")


@dataclass
class Attendance:
    activity: object  # kesos.models.Activity
    frame: pd.DataFrame  # services.participant.attendance
    names: bool  # whether the names are shown
    province: str
    head: dict | None  # the letterhead (figures.letterhead)
    logo: bytes | None
    printed_at: datetime  # in the province's zone
    printed_by: str

    @property
    def when(self) -> str:
        return fmt.tanggal_range(self.activity.start_date, self.activity.end_date)

    def filename(self, format: str) -> str:
        return f"daftar-hadir-kegiatan-{self.activity.id}-{self.activity.start_date.isoformat()}.{format}"


def collect(session: Session, actor: Actor, activity_id: int) -> Attendance:
    activity, frame = participant.attendance(session=session, actor=actor, activity_id=activity_id)
    organisation = session.exec(select(Organisation).where(
        Organisation.province_code == activity.province_code, Organisation.deleted_at.is_(None))).first()
    return Attendance(activity, frame, participant.may_see_names(actor, activity),
                      session.get(Province, activity.province_code).name, letterhead(organisation),
                      organisation.logo if organisation else None, clock.local_now(activity.province_code),
                      actor.username)


class _AttendanceDocument(layout.Page):
    def __init__(self, sheet: Attendance):
        super().__init__()
        self.sheet = sheet
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_title(f"Daftar hadir: {sheet.activity.title}")
        self.set_author(sheet.printed_by)
        self.set_creator("Kesos")
        self.set_lang("id")
        self.alias_nb_pages("{nb}")

    def footer(self):
        self.set_y(-14)
        self._rule()
        self.ln(1)
        self.set_font(layout.FONT, "", 7.5)
        self.set_text_color(*layout.MUTED)
        self.cell(self.epw - 32, 3.6, f"Daftar hadir · {self.sheet.activity.title} · dicetak "
                                      f"{fmt.waktu(self.sheet.printed_at, self.sheet.activity.province_code)}")
        self.cell(32, 3.6, f"Halaman {self.page_no()} dari {{nb}}", align="R")


def render_pdf(sheet: Attendance) -> bytes:
    activity, frame = sheet.activity, sheet.frame
    pdf = _AttendanceDocument(sheet)
    pdf.add_page()
    layout.letterhead(pdf, sheet.head, sheet.logo)
    pdf.set_font(layout.FONT, "B", 15)
    pdf.set_text_color(*layout.ACCENT)
    pdf.cell(0, 8, "DAFTAR HADIR", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*layout.INK)
    pdf.set_font(layout.FONT, "B", 11)
    pdf.multi_cell(0, 5.5, activity.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    details = [("Jenis", vocab.ACTIVITY_KINDS.get(activity.kind, activity.kind)), ("Tanggal", sheet.when),
               ("Tempat", activity.place or "-"), ("Peserta terdaftar", f"{fmt.number(len(frame))} orang")]
    for label, value in details:
        pdf.set_font(layout.FONT, "", 9.5)
        pdf.cell(38, 5, label)
        pdf.multi_cell(0, 5, f": {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if frame.empty:
        pdf.paragraph("Belum ada peserta di daftar hadir kegiatan ini.")
    elif sheet.names:
        for (agency, kab_kota), rows in frame.groupby(["agency", "kab_kota"], sort=False):
            pdf.subheading(f"{agency} · {kab_kota} ({fmt.number(len(rows))} orang)")
            table = [[str(n), name, position if isinstance(position, str) else "-", ""] for n, (name, position) in
                     enumerate(zip(rows["name"], rows["position"]), start=1)]
            pdf.table(["No.", "Nama", "Jabatan", "Tanda tangan"], table, [7, 38, 30, 25], {0})
    else:
        pdf.paragraph(HIDDEN_NOTE, "I", 9, layout.MUTED)
        pdf.ln(2)
        grouped = participant.counts(frame)
        rows = [[a, k, fmt.number(c)] for a, k, c in grouped[["agency", "kab_kota", "count"]].itertuples(index=False)]
        pdf.table(["Instansi", "Kab/kota", "Peserta"], rows, [50, 34, 16], {2},
                  total=["Jumlah", "", fmt.number(int(grouped["count"].sum()))])
    layout.signature(pdf, layout.signature_lines(sheet.head, sheet.printed_at.date(), sheet.province))
    return bytes(pdf.output())


def render_xlsx(sheet: Attendance) -> bytes:
    workbook = Workbook()
    book = workbook.active
    book.title = "Daftar hadir"
    book["A1"] = export.safe_cell(f"Daftar hadir: {sheet.activity.title}, {sheet.when}")
    book["A1"].font = Font(bold=True)
    if sheet.names:
        headers = ["Instansi", "Kab/kota", "Nama", "Jabatan"]
        rows = sheet.frame[["agency", "kab_kota", "name", "position"]].itertuples(index=False)
    else:
        book["A2"] = HIDDEN_NOTE
        headers = ["Instansi", "Kab/kota", "Peserta"]
        rows = participant.counts(sheet.frame).itertuples(index=False)
    for column, header in enumerate(headers, start=1):
        book.cell(row=3, column=column, value=header).font = Font(bold=True)
        book.column_dimensions[chr(64 + column)].width = 34
    for row_number, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            book.cell(row=row_number, column=column, value=export.safe_cell(None if pd.isna(value) else
                                                                            value.item() if hasattr(value, "item")
                                                                            else value))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def daftar_hadir(session: Session, actor: Actor, activity_id: int, format: str) -> tuple[str, bytes]:
    """(file name, content) of the activity's daftar hadir in `format` ("pdf" or "xlsx"), as the actor may see it."""
    sheet = collect(session, actor, activity_id)
    return sheet.filename(format), (render_pdf(sheet) if format == "pdf" else render_xlsx(sheet))
