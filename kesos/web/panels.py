"""Dashboards: a panel's chart with its takeaway and downloads, built once per filter and province data version."""

from datetime import date

import streamlit as st

from kesos import clock, queries
from kesos.security import Actor
from kesos.web.core import _cached, data_version, query
from kesos.web.device import is_phone
from kesos.web.lists import made_on_click
from kesos.web.text import as_text


def dashboard_view(actor: Actor, filters: queries.Filters):
    """The place as leaders say it ("Kalsel", "Tanah Bumbu") and the years, for titles and takeaways."""
    from kesos import dashboards, takeaways

    provinces = query(queries.provinces, actor)
    province_name = dict(zip(provinces["code"], provinces["name"])).get(filters.province_code)
    kab_kota_name = None
    if filters.kab_kota_code:
        options = query(queries.kab_kota_options, actor, filters.province_code)
        kab_kota_name = dict(zip(options["code"], options["name"])).get(filters.kab_kota_code)
    place = takeaways.place_name(filters.province_code, province_name, kab_kota_name)
    national = filters.province_code is None and len(provinces) > 1
    return dashboards.View(place, filters.year_from or filters.year, filters.year, national)


@st.cache_data(ttl=3600, max_entries=1000, show_spinner=False)
def _rendered(panel_key: str, filters: queries.Filters, view, version: int, slide: bool, today: date,
              phone: bool = False) -> dict:
    """A panel's title, takeaway, Vega-Lite spec and frame, built once per filter and data version.

    Building and validating an Altair chart costs tens of milliseconds; a rerun reuses the spec.
    """
    from kesos import charts, dashboards

    panel = dashboards.PANELS[panel_key]
    frame = _cached(panel.query, (filters,), version, today)
    empty = panel.is_empty(frame)
    # Not validated against the Vega-Lite schema here (that doubles the cost of a cold panel);
    # the chart tests build every panel with validation.
    spec = None if empty else dashboards.panel_spec(panel, frame, view)
    takeaway = panel.takeaway(frame, view)
    if spec is not None and slide:
        spec = charts.for_slide(spec, charts.slide_height(takeaway), scale=panel.slide_scale,
                                legend_right=panel.slide_legend_right, phone=phone,
                                phone_width=panel.phone_width)
    # What is drawn: on a phone (not a slide, which for_slide made for it) the legends go below and names are
    # cut to fit; the downloads keep the page's spec.
    drawn = charts.for_phone(spec, panel.phone_width) if spec is not None and phone and not slide else spec
    return {"title": panel.title(view), "takeaway": takeaway, "spec": spec, "drawn": drawn, "frame": frame}


def _file_stem(panel_key: str, view) -> str:
    import re

    place = re.sub(r"[^0-9A-Za-z]+", "-", view.place).strip("-").lower()
    return f"{panel_key}-{place}-{view.years.replace('–', '-')}"


def chart_only(panel, filters: queries.Filters, view) -> bool:
    """Only a panel's chart (no title, takeaway or downloads), from the same render cache as `chart_panel`;
    False, drawing nothing, when the selection is empty."""
    phone = is_phone()
    shown = _rendered(panel.key, filters, view, data_version((filters,)), False, clock.today(), phone)
    if shown["spec"] is None:
        return False
    # A copy: Streamlit moves the datasets out of it.
    st.vega_lite_chart(spec={**shown["drawn"]}, width="content" if phone and panel.phone_width else "stretch")
    return True


def chart_panel(panel, filters: queries.Filters, view, *, slide: bool = False, phone: bool | None = None) -> None:
    """Draw a dashboard Panel: title, one-line takeaway, chart, and PNG/SVG/Excel downloads.

    An empty selection shows its takeaway ("Belum ada ...") as a plain message instead of an
    empty chart. On a Mode Rakor slide (`slide=True`) the type is larger and there are no downloads; on a
    phone (`phone`, by default `is_phone()`: the browser's User-Agent or ?tampilan=) the legends go below the
    plot and names beside bars are cut to fit (`charts.for_phone`), on a page as on a slide.
    """
    if phone is None:
        phone = is_phone()
    if panel.province_only and filters.kab_kota_code:  # no title: it would name the kab/kota the panel is not of
        st.info(f"{panel.province_only_note} Pilih “Semua kab/kota” untuk melihatnya.")
        return
    shown = _rendered(panel.key, filters, view, data_version((filters,)), slide, clock.today(), phone)
    title, takeaway, spec = shown["title"], shown["takeaway"], shown["spec"]
    if slide:
        st.markdown(f"### {as_text(title)}")
        st.markdown(f"## {as_text(takeaway)}")
    else:
        st.subheader(title)
    if spec is None:
        st.info(as_text(takeaway), icon=":material/info:")
        return
    if not slide:  # the takeaway is the headline a leader reads first: larger and coloured
        st.markdown(f"#### :blue[{as_text(takeaway)}]")
    wide = phone and panel.phone_width  # wider than the phone: drawn at its own width, scrolled
    # A copy: Streamlit moves the datasets out of it.
    st.vega_lite_chart(spec={**shown["drawn"]}, width="content" if wide else "stretch")
    if slide:
        return
    frame, stem = shown["frame"], _file_stem(panel.key, view)
    with st.container(horizontal=True):
        # The files are made only when a button is clicked (a callable), so a rerun stays fast, and
        # kesos.export (vl-convert, openpyxl) is imported then, not on the first render.
        st.download_button("PNG", made_on_click("chart_png", spec, title, takeaway), f"{stem}.png", "image/png",
                           key=f"{panel.key}-png", on_click="ignore", icon=":material/image:")
        st.download_button("SVG", made_on_click("chart_svg", spec, title, takeaway), f"{stem}.svg", "image/svg+xml",
                           key=f"{panel.key}-svg", on_click="ignore", icon=":material/draw:")
        st.download_button(
            "Excel", made_on_click("frame_xlsx", frame, panel.headers, title, note=takeaway), f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{panel.key}-xlsx", on_click="ignore", icon=":material/table_view:",
        )
