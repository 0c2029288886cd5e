"""The laporan wilayah's pusat data section: PPKS top needs per kab/kota, PSKS per PPKS served, and the LKS
accreditation follow-up (expiring within six months, or never accredited).

The figures are read through the queries the PPKS dashboard and the LKS page use (`queries.pusat_data`,
`queries.accreditation`), scoped like the rest of the report; `pdf_section` and `xlsx_blocks` print them.
PPKS are counted once a year after it ends, so the section is of the newest year with figures up to the
report's last year, and says which, with the sources and how many kab/kota reported.
"""

from datetime import date

import pandas as pd
from sqlmodel import Session

from kesos import clock, dashboards, fmt, vocab
from kesos.queries import Filters, accreditation, pusat_data
from kesos.security import Actor

KEY = "pusat_data"
TOP = 3  # needs per kab/kota
SERVED = ("psp", "tksk", "lks")


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    return value.isoformat() if isinstance(value, date) else value


def collect(session: Session, actor: Actor, filters: Filters) -> tuple[dict, dict]:
    """(figures under KEY, {panel key: frame}) for the report of `filters` (already scoped to `actor`)."""
    needs = pusat_data.ppks_top_needs(session, filters)
    figures: dict = {"ppks_year": None, "ppks_top_needs": [], "ppks_by_kab_kota": [], "psks_per_ppks": []}
    if not needs.empty:
        year = int(needs["year"].iloc[0])
        first = needs.iloc[0]
        figures |= {
            "ppks_year": year, "ppks_kab_kota_reported": int(first.kab_kota_reported),
            "ppks_kab_kota_total": int(first.kab_kota_total), "ppks_sources": first.sources,
            "ppks_figures_on": _plain(first.figures_on), "ppks_total": int(needs["count"].sum()),
            "ppks_top_needs": [{"category": r.category, "short": r.short, "label": r.label, "count": int(r.count),
                                "count_both": _plain(r.count_both), "previous_both": _plain(r.previous_both)}
                               for r in needs.itertuples()],
        }
        per = pusat_data.top_needs(session, actor, year, TOP, filters.province_code, filters.kab_kota_code)
        figures["ppks_by_kab_kota"] = [
            {"kab_kota_code": code, "kab_kota": name,
             "needs": [{"rank": int(r.rank), "short": r.short, "label": vocab.PPKS_CATEGORIES[r.category],
                        "count": int(r.count)} for r in rows.itertuples()]}
            for (code, name), rows in per.groupby(["kab_kota_code", "kab_kota"], sort=True)]
        served = pusat_data.psks_per_ppks(session, actor, year, filters.province_code, filters.kab_kota_code)
        columns = ["kab_kota_code", "kab_kota", "ppks", *SERVED, *(f"ppks_per_{c}" for c in SERVED)]
        figures["psks_per_ppks"] = [{c: _plain(v) for c, v in zip(columns, values)}
                                    for values in served.sort_values("kab_kota_code")[columns].itertuples(index=False)]

    follow = accreditation.follow_up(session, actor, filters.province_code, filters.kab_kota_code)
    expiring = follow[follow["status"] != "belum"].sort_values(["accreditation_expires_on", "kab_kota_code", "name"])
    never = follow[follow["status"] == "belum"]
    figures |= {
        "accreditation_as_of": clock.today().isoformat(),
        "accreditation_expiring": [
            {"kab_kota_code": r.kab_kota_code, "kab_kota": r.kab_kota, "name": r.name, "lks_type": r.lks_type,
             "accreditation": r.accreditation, "expires_on": _plain(r.accreditation_expires_on), "status": r.status}
            for r in expiring.itertuples()],
        "never_accredited": [
            {"kab_kota_code": code, "kab_kota": name, "count": len(rows), "names": sorted(rows["name"])}
            for (code, name), rows in never.groupby(["kab_kota_code", "kab_kota"], sort=True)],
    }
    return {KEY: figures}, {dashboards.PPKS_TOP_NEEDS.key: needs}


def _n(value) -> str:
    return "-" if value is None else fmt.number(value)


def _day(value: str | None) -> str:
    return fmt.tanggal(date.fromisoformat(value)) if value else "-"


def _stand(figures: dict) -> str:
    """'Angka PPKS 2025 dari 13 dari 13 kab/kota; sumber: ..., data per ...': what the figures are."""
    return (f"Angka PPKS {figures['ppks_year']} dari {_n(figures['ppks_kab_kota_reported'])} dari "
            f"{_n(figures['ppks_kab_kota_total'])} kab/kota; sumber: {figures['ppks_sources']}, data per "
            f"{_day(figures['ppks_figures_on'])}. Jumlah PPKS {_n(figures['ppks_total'])} jiwa.")


def pdf_section(pdf, report, charts: dict, number: int) -> None:
    """Print the section into the report's `_Document` (its heading, subheading, paragraph and table)."""
    figures = report.figures[KEY]
    title = f"{number}. Pusat data: PPKS, PSKS dan akreditasi LKS"
    key = dashboards.PPKS_TOP_NEEDS.key
    if figures["ppks_year"] is None:
        pdf.heading(title)
        pdf.paragraph(f"Belum ada angka PPKS sampai {report.filters.year_to}.")
    else:
        if key in charts:
            pdf.chart(*charts[key], heading=title)
        else:
            pdf.heading(title, room=60)
        pdf.paragraph(_stand(figures))
        year = figures["ppks_year"]
        pdf.subheading(f"Kebutuhan terbesar tiap kab/kota (PPKS), {year}")
        rows = [[k["kab_kota"], *(f"{n['short']} {_n(n['count'])}" for n in k["needs"]),
                 *([""] * (TOP - len(k["needs"])))] for k in figures["ppks_by_kab_kota"]]
        pdf.table(["Kab/kota", *(f"Ke-{rank}" for rank in range(1, TOP + 1))], rows, [31, 23, 23, 23], set())
        pdf.subheading(f"PSKS untuk PPKS yang dilayani, {year}")
        headers = ["Kab/kota", "PPKS (jiwa)", "Peksos", "TKSK", "LKS", "PPKS/ peksos", "PPKS/ TKSK", "PPKS/ LKS"]
        rows = [[k["kab_kota"], *(_n(k[c]) for c in ("ppks", *SERVED, *(f"ppks_per_{c}" for c in SERVED)))]
                for k in figures["psks_per_ppks"]]
        pdf.table(headers, rows, pdf.fitted_widths(headers, rows), set(range(1, len(headers))))
    as_of = _day(figures["accreditation_as_of"])
    pdf.subheading(f"Akreditasi LKS yang habis dalam {accreditation.WINDOW_MONTHS} bulan atau sudah habis "
                   f"(per {as_of})")
    if figures["accreditation_expiring"]:
        rows = [[a["kab_kota"], a["name"], vocab.ACCREDITATIONS[a["accreditation"]], _day(a["expires_on"]),
                 accreditation.STATUS_LABELS[a["status"]]] for a in figures["accreditation_expiring"]]
        pdf.table(["Kab/kota", "LKS", "Akreditasi", "Berlaku sampai", "Keadaan"], rows, [20, 30, 15, 15, 20], set())
    else:
        pdf.paragraph("Tidak ada akreditasi yang habis dalam enam bulan ke depan.")
    pdf.subheading(f"LKS yang belum pernah diakreditasi (per {as_of})")
    never = figures["never_accredited"]
    if never:
        rows = [[k["kab_kota"], _n(k["count"])] for k in never]
        pdf.table(["Kab/kota", "LKS belum terakreditasi"], rows, [50, 25], {1},
                  ["Jumlah", _n(sum(k["count"] for k in never))])
        pdf.paragraph("Nama-nama LKS ada di lembar Excel laporan ini dan di halaman LKS (Tindak lanjut akreditasi).",
                      "I", 8.5)
    else:
        pdf.paragraph("Semua LKS yang beroperasi sudah pernah diakreditasi.")


def xlsx_blocks(sheet, figures: dict, block) -> None:
    """The same figures as blocks of the workbook's sheet (`block` is `xlsx._block`)."""
    figures = figures[KEY]
    if figures["ppks_year"] is not None:
        year = figures["ppks_year"]
        block(sheet, "Keterangan angka PPKS", ["Keterangan"], [[_stand(figures)]])
        block(sheet, f"PPKS per kategori, {year}", ["Kategori PPKS", "Singkatan", "Jiwa"],
              [[n["label"], n["short"], n["count"]] for n in figures["ppks_top_needs"]],
              total=["Jumlah", None, figures["ppks_total"]])
        block(sheet, f"Kebutuhan terbesar tiap kab/kota, {year}", ["Kode", "Kab/kota", "Peringkat", "Kategori", "Jiwa"],
              [[k["kab_kota_code"], k["kab_kota"], n["rank"], n["label"], n["count"]]
               for k in figures["ppks_by_kab_kota"] for n in k["needs"]])
        block(sheet, f"PSKS untuk PPKS yang dilayani, {year}",
              ["Kode", "Kab/kota", "PPKS (jiwa)", "Peksos", "TKSK", "LKS", "PPKS per peksos", "PPKS per TKSK",
               "PPKS per LKS"],
              [[k["kab_kota_code"], k["kab_kota"], k["ppks"], *(k[c] for c in SERVED),
                *(None if k[f"ppks_per_{c}"] is None else int(k[f"ppks_per_{c}"]) for c in SERVED)]
               for k in figures["psks_per_ppks"]])
    as_of = date.fromisoformat(figures["accreditation_as_of"])
    block(sheet, f"Akreditasi yang habis dalam {accreditation.WINDOW_MONTHS} bulan atau sudah habis, per "
                 f"{fmt.tanggal(as_of)}", ["Kode", "Kab/kota", "LKS", "Jenis", "Akreditasi", "Berlaku sampai", "Keadaan"],
          [[a["kab_kota_code"], a["kab_kota"], a["name"], vocab.LKS_TYPES[a["lks_type"]],
            vocab.ACCREDITATIONS[a["accreditation"]], date.fromisoformat(a["expires_on"]) if a["expires_on"] else None,
            accreditation.STATUS_LABELS[a["status"]]] for a in figures["accreditation_expiring"]])
    block(sheet, f"LKS yang belum pernah diakreditasi, per {fmt.tanggal(as_of)}", ["Kode", "Kab/kota", "LKS"],
          [[k["kab_kota_code"], k["kab_kota"], name] for k in figures["never_accredited"] for name in k["names"]])
