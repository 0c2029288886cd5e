"""The laporan wilayah as an A4 PDF in Indonesian: headline figures, tables and the dashboards' charts.

The text is set in DejaVu Sans (embedded, so en dashes and any name print the same everywhere);
every page carries the report's number, the source of its figures and when they were read.
"""

import io
import struct
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from kesos import clock, export, fmt, vocab
from kesos.errors import KesosError
from kesos.reports import pusat_data
from kesos.reports.figures import Report, panel_charts

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
CHART_WIDTH = 760  # px before the 2x scale: the charts' 16 px type prints at about 10 pt on A4
INK = (33, 37, 41)
MUTED = (100, 106, 112)
ACCENT = (0, 84, 147)
RULE = (200, 205, 210)
HEAD_FILL = (232, 238, 245)


def font_dir() -> Path:
    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    raise KesosError("Font DejaVu Sans tidak ditemukan di server, jadi PDF tidak dapat dibuat. "
                     "Minta pengelola server memasang paket fonts-dejavu-core.")


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def add_fonts(pdf: FPDF) -> None:
    """DejaVu Sans in its three styles, embedded (the laporan and the rakor deck)."""
    folder = font_dir()
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(folder / name))


def letterhead(pdf: FPDF, head: dict | None, logo: bytes | None, *, logo_height: float = 22,
               name_size: float = 13) -> None:
    """The kop surat at the top of the page: the logo at the left, the body's name and address beside it,
    a double rule under them. Without a body (a deployment that has not named one) nothing is drawn."""
    if not head:
        return
    top, left = pdf.get_y(), pdf.l_margin
    text_x = left
    if logo:
        width_px, height_px = _png_size(logo)
        width = logo_height * width_px / height_px
        if width > 2.2 * logo_height:  # a wide wordmark: keep it to the left third of the line
            width, logo_height = 2.2 * logo_height, 2.2 * logo_height * height_px / width_px
        pdf.image(io.BytesIO(logo), x=left, y=top, w=width, h=logo_height)
        text_x = left + width + 5
    pdf.set_xy(text_x, top + (1 if logo else 0))
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", name_size)
    width = pdf.w - pdf.r_margin - text_x
    pdf.multi_cell(width, name_size * 0.5, head["name"].upper(), align="C" if logo else "L",
                   new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", name_size * 0.8)
    pdf.multi_cell(width, name_size * 0.45, f"({head['acronym']})", align="C" if logo else "L",
                   new_x="LEFT", new_y="NEXT")
    if head.get("address"):
        pdf.set_font(FONT, "", name_size * 0.7)
        pdf.multi_cell(width, name_size * 0.4, head["address"], align="C" if logo else "L",
                       new_x="LEFT", new_y="NEXT")
    bottom = max(pdf.get_y(), top + (logo_height if logo else 0)) + 2
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(left, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom + 0.9, pdf.w - pdf.r_margin, bottom + 0.9)
    pdf.set_xy(left, bottom + 4)


def signature_lines(head: dict | None, signed_on, province_name: str) -> list[str]:
    """'Banjarmasin, 2 Desember 2026', the body, 'Ketua', the chair's name: what the signature block says.

    The date is the day in the province's zone; without a place or a chair the line is left to fill in by hand.
    """
    head = head or {}
    place = head.get("signature_place") or "…………………"
    body = head.get("acronym") or f"Provinsi {province_name}"
    if head.get("acronym"):
        body = f"{head['acronym']} Provinsi {province_name}"
    return [f"{place}, {fmt.tanggal(signed_on)}", body, "Ketua", head.get("chair_name") or "(…………………………)"]


def signature(pdf: FPDF, lines: list[str], *, width: float = 75, size: float = 10) -> None:
    """The signature block at the right of the page: place and date, the body, Ketua, room to sign, the name."""
    pdf.set_text_color(*INK)
    if pdf.get_y() + 45 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(8)
    x = pdf.w - pdf.r_margin - width
    place_date, body, title, name = lines
    for text, style in ((place_date, ""), (body, ""), (title, "")):
        pdf.set_x(x)
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 1.6)  # room to sign
    pdf.set_x(x)
    pdf.set_font(FONT, "BU", size)
    pdf.multi_cell(width, size * 0.5, name, align="C", new_x="LMARGIN", new_y="NEXT")


class Page(FPDF):
    """An A4 document in DejaVu Sans with the laporan's building blocks (headings, tables, charts);
    the laporan wilayah and the daftar hadir are made of it."""

    def __init__(self, orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        add_fonts(self)

    def _rule(self):
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())

    # --- building blocks -------------------------------------------------------------------------

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit, so a heading never ends a page alone."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, room: float = 45) -> None:
        self.room(room)
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.set_text_color(*ACCENT)
        self.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def subheading(self, text: str) -> None:
        self.room(40)  # the title, a table's heading and its first rows stay together
        self.ln(2)
        self.set_font(FONT, "B", 10)
        self.set_text_color(*INK)
        self.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, style: str = "", size: float = 9.5, colour=INK) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float], numeric: set[int],
              total: list[str] | None = None) -> None:
        """A table with a shaded heading row; numbers right-aligned; an optional bold total row."""
        self.room(8 + 6 * min(len(rows), 4))
        self.set_font(FONT, "", 8.5)
        self.set_draw_color(*RULE)
        self.set_line_width(0.15)
        align = ["RIGHT" if i in numeric else "LEFT" for i in range(len(headers))]
        width = min(self.epw, self.epw * sum(widths) / 100)  # widths are percent of the line
        with super().table(col_widths=widths, align="LEFT", text_align=align, line_height=4.6, padding=(1, 1.5),
                           headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
                           borders_layout="HORIZONTAL_LINES", width=width) as table:
            table.row(headers)
            for values in rows:
                table.row(values)
            if total:
                self.set_font(FONT, "B", 8.5)
                table.row(total)
        self.set_font(FONT, "", 8.5)
        self.ln(3)

    def fitted_widths(self, headers: list[str], rows: list[list[str]]) -> list[float]:
        """Column widths (percent of the line) for a first text column and number columns after it.

        Each number column is as wide as its longest word or figure, so no heading breaks inside a
        word; the first column takes the rest.
        """
        self.set_font(FONT, "B", 8.5)
        needed = []
        for index, header in enumerate(headers[1:], start=1):
            words = [*header.split(), *(str(row[index]) for row in rows)]
            needed.append(max(self.get_string_width(word) for word in words) + 4.5)
        first = max(self.epw - sum(needed), self.epw * 0.3)
        return [100 * width / (first + sum(needed)) for width in (first, *needed)]

    def chart(self, title: str, takeaway: str, chart, heading: str | None = None) -> None:
        """A chart under its title and takeaway; with `heading`, the section starts on the same page."""
        try:
            chart = chart.properties(width=CHART_WIDTH)
        except (AttributeError, ValueError):  # a concatenated chart sizes its parts itself
            pass
        png = export.chart_png(chart)
        width_px, height_px = _png_size(png)
        width = self.epw
        height = width * height_px / width_px
        limit = self.page_break_trigger - self.t_margin - 30
        if height > limit:
            width, height = width * limit / height, limit
        self.room(height + 16 + (14 if heading else 0))
        if heading:
            self.heading(heading, room=0)
        self.subheading(title)
        self.paragraph(takeaway, "I", 9, MUTED)
        self.ln(1)
        self.image(io.BytesIO(png), x=self.l_margin + (self.epw - width) / 2, w=width, h=height)
        self.ln(4)


class _Document(Page):
    def __init__(self, report: Report):
        super().__init__()
        self.report = report
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=22)
        self.set_title(f"{report.meta['title']}, {report.meta['period']}")
        self.set_author(report.meta["generated_by"])
        self.set_creator("Kesos")
        self.set_lang("id")
        self.alias_nb_pages("{nb}")

    def _number(self) -> str:
        number = self.report.meta["number"]
        return f"Laporan No. {number}" if number is not None else "Laporan (tanpa nomor)"

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.report.meta['title']} · {self.report.meta['period']}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self._number(), align="R", new_x="LMARGIN", new_y="NEXT")
        self._rule()
        self.ln(4)

    def footer(self):
        self.set_y(-16)
        self._rule()
        self.ln(1)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.multi_cell(self.epw - 32, 3.6, f"Sumber: {self.report.meta['source']}. {self._number()}.",
                        align="L", new_x="RIGHT", new_y="TOP")
        self.cell(32, 3.6, f"Halaman {self.page_no()} dari {{nb}}", align="R")


_SHORT_TYPES = {"anak": "Anak", "lansia": "Lansia", "disabilitas": "Disabilitas", "napza": "NAPZA",
                "fakir_miskin": "Fakir miskin", "tuna_sosial": "Tuna sosial", "lainnya": "Lainnya"}


def _n(value) -> str:
    return fmt.number(value)


def _date(value: str | None) -> str:
    from datetime import date

    return fmt.tanggal(date.fromisoformat(value)) if value else "-"


def _cover(pdf: _Document, report: Report) -> None:
    meta, head = report.meta, report.figures["headline"]
    letterhead(pdf, meta.get("letterhead"), report.logo)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 9, meta["title"], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, meta["period"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    when = fmt.waktu(_local(meta["generated_at"]), meta.get("province_code"))
    pdf.paragraph(f"{pdf._number()} · dibuat {when} oleh {meta['generated_by']}", "", 9, MUTED)
    pdf.ln(3)
    pdf._rule()
    pdf.ln(4)

    month = head["beneficiaries_month"]
    month_label = fmt.bulan(int(month[:4]), int(month[5:])) if month else "belum ada data"
    boxes = [
        ("LKS terdaftar", _n(head["lks"]), f"pada akhir {report.filters.year_to}"),
        ("Penerima manfaat", _n(head["beneficiaries"]), f"dilayani LKS, {month_label}"),
        ("Nilai bantuan", fmt.rupiah(head["aid_value"]), f"{_n(head['aid_distributions'])} penyaluran"),
        ("Bantuan dari CSR", fmt.rupiah(head["aid_value_csr"]), f"{_n(head['csr_companies'])} perusahaan"),
        ("Rapat dan kegiatan", _n(head["activities"]), f"{_n(head['activity_participants'])} peserta"),
        ("Cabang terbentuk", f"{_n(head['branches_formed'])} dari {_n(head['branches_total'])}", "kab/kota"),
    ]
    gap, columns = 4, 3
    box_w, box_h = (pdf.epw - gap * (columns - 1)) / columns, 24
    top = pdf.get_y()
    for index, (label, value, note) in enumerate(boxes):
        x = pdf.l_margin + (index % columns) * (box_w + gap)
        y = top + (index // columns) * (box_h + gap)
        pdf.set_fill_color(*HEAD_FILL)
        pdf.rect(x, y, box_w, box_h, style="F")
        pdf.set_xy(x + 3, y + 2.5)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(box_w - 6, 4.5, label)
        pdf.set_xy(x + 3, y + 8)
        pdf.set_font(FONT, "B", 14 if len(value) < 16 else 11.5)
        pdf.set_text_color(*INK)
        pdf.cell(box_w - 6, 7, value)
        pdf.set_xy(x + 3, y + 16.5)
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(box_w - 6, 4.5, note)
    pdf.set_text_color(*INK)
    pdf.set_y(top + 2 * box_h + gap + 4)
    note = approved_text(report.figures)
    if head.get("beneficiaries_note"):
        note = f"{head['beneficiaries_note']}; angka penerima manfaat dari bulan terakhir yang lengkap. {note}"
    pdf.paragraph(note, "", 8.5, MUTED)


def approved_text(figures: dict) -> str:
    """'Laporan bulanan disetujui (kab/kota): Jan 13/13, Feb 13/13, …' from the report's figures."""
    months = figures.get("approved_months") or []
    if not months:
        return "Belum ada laporan bulanan yang disetujui."
    parts = [f"{fmt.bulan(int(m['month'][:4]), int(m['month'][5:])).split()[0][:3]} "
             f"{m['approved_kab_kota']}/{m['kab_kota']}" for m in months]
    return f"Laporan bulanan {months[0]['month'][:4]} yang disetujui (kab/kota): {', '.join(parts)}."


def _local(iso: str):
    from datetime import datetime

    return datetime.fromisoformat(iso)


def _lks(pdf: _Document, report: Report, charts: dict) -> None:
    figures = report.figures
    pdf.heading("1. Lembaga Kesejahteraan Sosial (LKS)")
    if not figures["lks_by_type"]:
        pdf.paragraph(f"Belum ada LKS tercatat pada akhir {report.filters.year_to}.")
        return
    pdf.subheading(f"LKS per jenis pada akhir {report.filters.year_to}")
    rows = [[t["label"], _n(t["count"])] for t in figures["lks_by_type"]]
    pdf.table(["Jenis LKS", "Jumlah"], rows, [60, 20], {1},
              total=["Jumlah", _n(sum(t["count"] for t in figures["lks_by_type"]))])
    if report.filters.kab_kota_code:  # one kab/kota: its row would repeat the table above
        return
    types = [t["lks_type"] for t in figures["lks_by_type"]]
    pdf.subheading(f"LKS per kab/kota dan jenis, akhir {report.filters.year_to}")
    rows = [[k["kab_kota"], *(_n(k["by_type"].get(t, 0)) for t in types), _n(k["total"])]
            for k in figures["lks_by_kab_kota"]]
    headers = ["Kab/kota", *(_SHORT_TYPES[t] for t in types), "Jumlah"]
    total = ["Jumlah", *(_n(t["count"]) for t in figures["lks_by_type"]),
             _n(sum(k["total"] for k in figures["lks_by_kab_kota"]))]
    pdf.table(headers, rows, pdf.fitted_widths(headers, [*rows, total]), set(range(1, len(types) + 2)), total)
    if "lks-per-kab-kota" in charts:
        pdf.chart(*charts["lks-per-kab-kota"])


def _beneficiaries(pdf: _Document, report: Report, charts: dict) -> None:
    figures, year = report.figures, report.filters.year_to
    title = "2. Penerima manfaat"
    month = figures["headline"]["beneficiaries_month"]
    if not month:
        pdf.heading(title)
        pdf.paragraph(f"Belum ada data penerima manfaat tahun {year}.")
        return
    month_label = fmt.bulan(int(month[:4]), int(month[5:]))
    if "penerima-per-bulan" in charts:
        pdf.chart(*charts["penerima-per-bulan"], heading=title)
    else:
        pdf.heading(title)
    pdf.subheading(f"Penerima manfaat per bulan, {year}")
    rows = [[fmt.bulan(year, m["month"]), _n(m["women"]), _n(m["men"]), _n(m["total"])]
            for m in figures["beneficiaries_by_month"]]
    pdf.table(["Bulan", "Perempuan", "Laki-laki", "Jumlah"], rows, [34, 18, 18, 18], {1, 2, 3})
    pdf.subheading(f"Penerima manfaat per jenis LKS, {month_label}")
    rows = [[t["label"], _n(t["women"]), _n(t["men"]), _n(t["total"])] for t in figures["beneficiaries_by_type"]]
    pdf.table(["Jenis LKS", "Perempuan", "Laki-laki", "Jumlah"], rows, [46, 18, 18, 18], {1, 2, 3})
    if report.filters.kab_kota_code:  # one kab/kota: the monthly table holds its figures
        return
    pdf.subheading(f"Penerima manfaat per kab/kota, {month_label}")
    rows = [[k["kab_kota"], _n(k["women"]), _n(k["men"]), _n(k["total"])]
            for k in figures["beneficiaries_by_kab_kota"]]
    total = ["Jumlah", *(_n(sum(k[c] for k in figures["beneficiaries_by_kab_kota"]))
                         for c in ("women", "men", "total"))]
    pdf.table(["Kab/kota", "Perempuan", "Laki-laki", "Jumlah"], rows, [46, 18, 18, 18], {1, 2, 3}, total)


def _aid(pdf: _Document, report: Report, charts: dict) -> None:
    figures = report.figures
    title = "3. Bantuan dan sumber dana"
    if not figures["aid_by_item"]:
        pdf.heading(title)
        pdf.paragraph(f"Belum ada penyaluran bantuan tercatat pada {report.period_label}.")
        return
    if "bantuan-per-sumber" in charts:
        pdf.chart(*charts["bantuan-per-sumber"], heading=title)
    else:
        pdf.heading(title, room=60)
    pdf.subheading(f"Bantuan per sumber dana, {report.period_label}")
    rows = [[s["label"], _n(s["distributions"]), fmt.rupiah(s["value"])] for s in figures["aid_by_source"]]
    head = figures["headline"]
    pdf.table(["Sumber dana", "Penyaluran", "Nilai"], rows, [50, 18, 32], {1, 2},
              ["Jumlah", _n(head["aid_distributions"]), fmt.rupiah(head["aid_value"])])
    if figures["csr_by_company"]:
        if "csr-per-perusahaan" in charts:
            pdf.chart(*charts["csr-per-perusahaan"])
        pdf.subheading(f"Bantuan yang didanai CSR per perusahaan, {report.period_label}")
        rows = [[c["company"], _n(c["distributions"]), fmt.rupiah(c["value"])] for c in figures["csr_by_company"]]
        pdf.table(["Perusahaan", "Penyaluran", "Nilai"], rows, [50, 18, 32], {1, 2},
                  ["Jumlah", _n(sum(c["distributions"] for c in figures["csr_by_company"])),
                   fmt.rupiah(head["aid_value_csr"])])
    if "bantuan-per-barang" in charts:
        pdf.chart(*charts["bantuan-per-barang"])
    pdf.subheading(f"Bantuan per jenis barang, {report.period_label}")
    rows = [[i["item"], f"{_n(i['quantity'])} {vocab.UNITS.get(i['unit'], i['unit'])}", _n(i["distributions"]),
             fmt.rupiah(i["value"])] for i in figures["aid_by_item"]]
    pdf.table(["Barang", "Jumlah", "Penyaluran", "Nilai"], rows, [38, 18, 14, 30], {1, 2, 3})


def _branches(pdf: _Document, report: Report, charts: dict) -> None:
    branches = report.figures["branches"]
    pdf.heading("4. Cabang kab/kota")
    formed, not_formed = branches["formed"], branches["not_formed"]
    pdf.paragraph(f"Keadaan per {_date(branches['as_of'])}: cabang terbentuk di {_n(len(formed))} dari "
                  f"{_n(len(formed) + len(not_formed))} kab/kota.")
    pdf.ln(1)
    if "cakupan-cabang" in charts:
        pdf.chart(*charts["cakupan-cabang"])
    if formed:
        pdf.subheading("Cabang yang sudah terbentuk")
        rows = [[b["kab_kota"], b["branch_name"] or "-", _date(b["decree_date"]), b["chair_name"] or "-",
                 f"{_date(b['term_start'])} – {_date(b['term_end'])}" if b["term_start"] else "-"]
                for b in formed]
        pdf.table(["Kab/kota", "Nama cabang", "Tanggal SK", "Ketua", "Masa bakti"], rows,
                  [20, 24, 14, 18, 24], set())
    if not_formed:
        pdf.subheading("Kab/kota yang belum membentuk cabang")
        pdf.table(["Kode", "Kab/kota"], [[b["kab_kota_code"], b["kab_kota"]] for b in not_formed], [14, 50], set())
    _branch_map(pdf, report)


def _branch_map(pdf: _Document, report: Report) -> None:
    """The branch map of the province, on a page of its own (from the branch board's own frame)."""
    from kesos import dashboards

    frame = report.frames.get(dashboards.BRANCH_COVERAGE.key)
    if frame is None or frame.empty or report.filters.kab_kota_code:
        return
    panel = dashboards.BRANCH_MAP
    pdf.add_page()
    pdf.chart(panel.title(report.view), panel.takeaway(frame, report.view), panel.chart(frame, report.view))


def _activities(pdf: _Document, report: Report, charts: dict) -> None:
    activities = report.figures["activities"]
    title = "5. Rapat dan kegiatan"
    if not activities:
        pdf.heading(title)
        pdf.paragraph(f"Belum ada rapat atau kegiatan tercatat pada {report.period_label}.")
        return
    if "kegiatan" in charts:
        pdf.chart(*charts["kegiatan"], heading=title)
    else:
        pdf.heading(title)
    pdf.subheading(f"Daftar rapat dan kegiatan, {report.period_label}")
    from datetime import date

    rows = [[fmt.tanggal_range(date.fromisoformat(a["start_date"]), date.fromisoformat(a["end_date"])),
             a["kind_label"], a["title"], a["place"] or "-", _n(a["participants"]) if a["participants"] else "-"]
            for a in activities]
    head = report.figures["headline"]
    pdf.table(["Tanggal", "Jenis", "Kegiatan", "Tempat", "Peserta"], rows, [17, 16, 31, 26, 10], {4},
              ["Jumlah", f"{_n(head['activities'])} kegiatan", "", "", _n(head["activity_participants"])])


def render_pdf(report: Report) -> bytes:
    pdf = _Document(report)
    pdf.add_page()
    _cover(pdf, report)
    charts = {key: (title, takeaway, chart) for key, title, takeaway, chart in panel_charts(report)}
    for section in (_lks, _beneficiaries, _aid, _branches, _activities):
        section(pdf, report, charts)
    pusat_data.pdf_section(pdf, report, charts, 6)
    # The day in the province's zone: a snapshot's generated_at is UTC (at 01.07 WITA on 3 December it is
    # still 2 December in UTC).
    signed_on = clock.in_zone(_local(report.meta["generated_at"]), report.meta.get("province_code")).date()
    signature(pdf, signature_lines(report.meta.get("letterhead"), signed_on, report.meta["province"]))
    return bytes(pdf.output())
