"""The Mode Rakor slides on paper: one 16:9 landscape PDF, a page per slide, for a rakor's handout.

Each page is the slide a leader sees on the projector: the same panel (`dashboards.rakor_slides`), so
the same query, chart (`charts.for_slide`, rendered by `export.chart_png`) and takeaway. A title page
carries the body's letterhead and the signature block; every page names the body, the place and
years, and when it was printed (the province's zone). Set with the laporan's fonts (`reports.pdf`).
"""

import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from fpdf import FPDF
from sqlmodel import Session

from kesos import charts, clock, dashboards, export, fmt, takeaways
from kesos.dashboards import View
from kesos.reports import pdf as layout
from kesos.reports.figures import ReportRequest, letterhead, resolve
from kesos.security import Actor

PAGE_W, PAGE_H = 338.67, 190.5  # mm: 13.33 x 7.5 inches, a 16:9 slide (PowerPoint's widescreen)
MARGIN = 14
SLIDE_WIDTH_PX = 1200  # a 1280-pixel projector less the slide's margins, as Mode Rakor draws it
PRINT_HEIGHT_GAIN = 100  # px: a page has no buttons under the chart, so the chart takes their room
TITLE = "Bahan Rapat Koordinasi"


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    takeaway: str
    png: bytes | None  # None: nothing to chart, the takeaway says so ("Belum ada ...")


@dataclass
class Deck:
    meta: dict  # organisation, letterhead, place, period, printed_at (province zone), printed_by
    slides: list[Slide] = field(default_factory=list)
    logo: bytes | None = None

    @property
    def filename(self) -> str:
        return filename(self.meta["place"], self.meta["years"])


def filename(place: str, years: str) -> str:
    """`deck-rakor-provinsi-kalimantan-selatan-2023-2025.pdf`."""
    slug = re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")
    return f"deck-rakor-{slug}-{years.replace('–', '-')}.pdf"


def slide_spec(panel, frame, view: View, takeaway: str) -> dict:
    """The slide's chart as Mode Rakor draws it (larger type, fitted height), at the projector's width."""
    spec = panel.chart(frame, view).to_dict()
    if not any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        spec["width"] = SLIDE_WIDTH_PX
    return charts.for_slide(spec, charts.slide_height(takeaway) + PRINT_HEIGHT_GAIN, scale=panel.slide_scale,
                            legend_right=panel.slide_legend_right)


def collect(session: Session, actor: Actor, request: ReportRequest, *,
            printed_at: datetime | None = None) -> Deck:
    """Every slide of the region and years, scoped to the actor (refuses what it may not see)."""
    filters, province, kab_kota, organisation = resolve(session, actor, request)
    view = View(takeaways.place_name(province.code, province.name, kab_kota.name if kab_kota else None),
                filters.year_from, filters.year_to)
    printed_at = printed_at or clock.local_now(province.code)
    meta = {
        "organisation": f"{organisation.acronym} – {organisation.name}" if organisation else f"Provinsi {province.name}",
        "letterhead": letterhead(organisation),
        "province_code": province.code,
        "province": province.name,
        "place": kab_kota.name if kab_kota else f"Provinsi {province.name}",
        "years": view.years,
        "period": f"Tahun {view.years}",
        "printed_at": printed_at.isoformat(timespec="seconds"),
        "printed": fmt.waktu(printed_at, province.code),
        "printed_by": actor.username,
    }
    deck = Deck(meta, logo=organisation.logo if organisation else None)
    for panel in dashboards.rakor_slides(filters.kab_kota_code):
        frame = panel.query(session, filters)
        takeaway = panel.takeaway(frame, view)
        png = None if panel.is_empty(frame) else export.chart_png(slide_spec(panel, frame, view, takeaway))
        deck.slides.append(Slide(panel.key, panel.title(view), takeaway, png))
    return deck


class _DeckDocument(FPDF):
    def __init__(self, deck: Deck):
        super().__init__(orientation="L", unit="mm", format=(PAGE_H, PAGE_W))
        self.deck = deck
        layout.add_fonts(self)
        self.set_margins(MARGIN, 10, MARGIN)
        self.set_auto_page_break(False)
        self.set_title(f"{TITLE}, {deck.meta['place']}, {deck.meta['period']}")
        self.set_author(deck.meta["printed_by"])
        self.set_creator("Kesos")
        self.set_lang("id")
        self.alias_nb_pages("{nb}")

    def footer(self):
        self.set_y(-11)
        self.set_draw_color(*layout.RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_font(layout.FONT, "", 9)
        self.set_text_color(*layout.MUTED)
        meta = self.deck.meta
        self.cell(self.epw - 40, 5, f"{meta['organisation']} · {meta['place']}, {meta['period']} · "
                                    f"dicetak {meta['printed']}", align="L")
        self.cell(40, 5, f"Halaman {self.page_no()} dari {{nb}}", align="R")


def _title_page(pdf: _DeckDocument, deck: Deck) -> None:
    meta = deck.meta
    pdf.add_page()
    pdf.set_y(12)
    layout.letterhead(pdf, meta["letterhead"], deck.logo, logo_height=26, name_size=16)
    pdf.ln(12)
    pdf.set_font(layout.FONT, "B", 30)
    pdf.set_text_color(*layout.ACCENT)
    pdf.cell(0, 14, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(layout.FONT, "B", 20)
    pdf.set_text_color(*layout.INK)
    pdf.cell(0, 11, f"{meta['place']} · {meta['period']}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(layout.FONT, "", 12)
    pdf.set_text_color(*layout.MUTED)
    pdf.cell(0, 7, f"{len(deck.slides)} tayangan · dicetak {meta['printed']} oleh {meta['printed_by']}",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(PAGE_H - 78)
    signed_on = datetime.fromisoformat(meta["printed_at"]).date()  # already in the province's zone
    layout.signature(pdf, layout.signature_lines(meta["letterhead"], signed_on, meta["province"]), width=90, size=11)


def _slide_page(pdf: _DeckDocument, slide: Slide, number: int, count: int) -> None:
    pdf.add_page()
    pdf.set_y(9)
    pdf.set_font(layout.FONT, "B", 13)
    pdf.set_text_color(*layout.MUTED)
    pdf.multi_cell(pdf.epw - 30, 6, slide.title, align="L", new_x="RIGHT", new_y="TOP")
    pdf.set_font(layout.FONT, "", 11)
    pdf.cell(30, 6, f"{number} / {count}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), 16))
    pdf.set_font(layout.FONT, "B", 19)
    pdf.set_text_color(*layout.INK)
    pdf.multi_cell(0, 8.5, slide.takeaway, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    top, bottom = pdf.get_y(), PAGE_H - 13
    if slide.png is None:
        pdf.set_font(layout.FONT, "I", 14)
        pdf.set_text_color(*layout.MUTED)
        pdf.cell(0, 10, "Belum ada data untuk digambar pada pilihan ini.", align="C")
        return
    width_px, height_px = layout._png_size(slide.png)
    width = pdf.epw
    height = width * height_px / width_px
    if height > bottom - top:
        width, height = width * (bottom - top) / height, bottom - top
    pdf.image(io.BytesIO(slide.png), x=pdf.l_margin + (pdf.epw - width) / 2, y=top, w=width, h=height)


def render_deck(deck: Deck) -> bytes:
    pdf = _DeckDocument(deck)
    _title_page(pdf, deck)
    for number, slide in enumerate(deck.slides, start=1):
        _slide_page(pdf, slide, number, len(deck.slides))
    return bytes(pdf.output())


def deck_pdf(session: Session, actor: Actor, request: ReportRequest) -> tuple[str, bytes]:
    """(file name, PDF) of the rakor deck of the region and years, as the actor may see them."""
    deck = collect(session, actor, request)
    return deck.filename, render_deck(deck)
