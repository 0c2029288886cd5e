"""Mode Rakor: the dashboards as slides for a 1280x720 projector, one chart and its takeaway each.

The region and years are chosen once, on the first screen; then the URL holds them and the slide
number, so a refresh or a shared link reopens the same slide.
"""

import streamlit as st

from kesos import dashboards, reports, web
from kesos.reports import deck

actor = web.require_page("rakor")


def _slide_number(count: int) -> int | None:
    try:
        return min(max(int(st.query_params.get("slide", "")), 1), count)
    except ValueError:
        return None


def _deck_button(filters, place: str, years: str, key: str) -> None:
    """The slides as one 16:9 PDF for the handout; drawn only when clicked (it takes a few seconds)."""
    request = reports.ReportRequest(filters.province_code, filters.kab_kota_code, filters.year_from, filters.year_to)

    def pdf() -> bytes:
        with web.session() as s:
            return deck.deck_pdf(s, actor, request)[1]

    st.download_button("Unduh deck PDF", pdf, deck.filename(place, years), "application/pdf", key=key,
                       on_click="ignore", icon=":material/picture_as_pdf:", type="tertiary")


def _go(number: int | None) -> None:
    if number is None:
        del st.query_params["slide"]
    else:
        st.query_params["slide"] = str(number)


if st.query_params.get("slide") is None:
    st.title("Mode Rakor")
    st.markdown("Grafik untuk ditayangkan di proyektor, satu grafik dan kesimpulannya per layar. "
                "Pilih wilayah dan tahun sekali di sini, lalu mulai.")
    filters = web.filter_bar(actor, year_range=True)
    setup_view = web.dashboard_view(actor, filters)
    with st.container(horizontal=True):
        if st.button("Mulai presentasi", type="primary", icon=":material/play_arrow:"):
            web.filters_to_url(filters, year_range=True, slide="1")
            st.rerun()
        _deck_button(filters, setup_view.place, setup_view.years, "rakor_deck_awal")
    st.caption("Deck PDF: satu halaman 16:9 per tayangan, dengan grafik dan kesimpulan yang sama, untuk dicetak "
               "atau dibagikan.")
    st.stop()

filters = web.url_filters(actor, year_range=True)
slides = dashboards.rakor_slides(filters.kab_kota_code)
number = _slide_number(len(slides)) or 1
view = web.dashboard_view(actor, filters)

# A projector shows only the slide: no sidebar, no toolbar, little padding, large type. A phone held upright
# (narrower than 640 px) keeps the page's type and margins of a few pixels, so the chart gets the width.
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.5rem 0.3rem 2.5rem !important; max-width: 100% !important; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.5rem; padding: 0; color: #333; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2rem; line-height: 1.25; padding: 0.2rem 0 0.6rem 0; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 0.6rem 0.5rem 0.3rem 0.5rem !important; }
  [data-testid="stMainBlockContainer"] h3 { font-size: 1rem; }
  [data-testid="stMainBlockContainer"] h2 { font-size: 1.3rem; line-height: 1.3; padding: 0.1rem 0 0.4rem 0; }
  [data-testid="stVegaLiteChart"], [data-testid="stFullScreenFrame"] { overflow-x: auto; max-width: 100%; }
}
</style>""")

web.chart_panel(slides[number - 1], filters, view, slide=True, phone=web.is_phone())

with st.container(horizontal=True, vertical_alignment="center"):
    st.button("Sebelumnya", icon=":material/arrow_back:", key="rakor_prev", on_click=_go, args=(number - 1,),
              disabled=number == 1, shortcut="Left")
    st.markdown(f"**{number} / {len(slides)}** · {view.place}, {view.years}")
    st.button("Berikutnya", icon=":material/arrow_forward:", key="rakor_next", on_click=_go, args=(number + 1,),
              disabled=number == len(slides), shortcut="Right", type="primary")
    st.button("Ubah pilihan", icon=":material/tune:", key="rakor_setup", on_click=_go, args=(None,), type="tertiary")
    _deck_button(filters, view.place, view.years, "rakor_deck")
    if st.button("Keluar", icon=":material/close:", key="rakor_exit", type="tertiary"):
        st.switch_page("pages/dasbor/ringkasan.py")
