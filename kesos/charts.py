"""Altair chart builders: a DataFrame in, a chart out; no database access. Sized for a projector.

Tooltips show text made by `fmt` (rupiah, Indonesian dates), never numbers formatted here; the
Indonesian Vega locale makes axes read `1.250` and `Agu 2023`.
"""

from datetime import timedelta

import altair as alt
import pandas as pd

from kesos import fmt, takeaways, vocab

FONT_SIZE = 18  # read from the back of a meeting room; labels are 2 points smaller
INK = "#222222"  # axis and legend text: near black, not the pale grey of the default theme
TYPE_ORDER = list(vocab.LKS_TYPES.values())
# Colour-blind-safe palette (Okabe-Ito), one colour per LKS type, the same on every chart.
TYPE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999"]


_LEGEND = {"labelFontSize": FONT_SIZE - 2, "titleFontSize": FONT_SIZE, "labelColor": INK, "titleColor": INK,
           "labelLimit": 0, "symbolSize": 220}


def _styled(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure(locale=fmt.VEGA_LOCALE)
        .configure_axis(labelFontSize=FONT_SIZE - 2, titleFontSize=FONT_SIZE, labelColor=INK, titleColor=INK)
        .configure_legend(**_LEGEND, orient="bottom", columns=3)
        .configure_title(fontSize=FONT_SIZE + 4, anchor="start")
        .configure_view(stroke=None)
    )


def lks_by_type_per_kab_kota(frame: pd.DataFrame, title: str = "") -> alt.Chart:
    """Stacked horizontal bars: LKS count per kab/kota, split by LKS type."""
    frame = frame.assign(kab_kota=frame["kab_kota"].map(fmt.kab_kota_short))
    kab_kota_order = (
        frame.groupby("kab_kota")["count"].sum().sort_values(ascending=False).index.tolist()
    )
    chart = (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("kab_kota:N", title=None, sort=kab_kota_order, axis=alt.Axis(labelLimit=260)),
            x=alt.X("sum(count):Q", title="Jumlah LKS", axis=alt.Axis(tickMinStep=1, tickCount=8)),
            color=_type_colour(frame["type_label"]),
            order=alt.Order("type_label:N"),
            tooltip=[
                alt.Tooltip("kab_kota:N", title="Kab/kota"),
                alt.Tooltip("type_label:N", title="Jenis"),
                alt.Tooltip("count:Q", title="Jumlah LKS", format=","),
            ],
        )
        .properties(height=max(220, 32 * len(kab_kota_order)))
    )
    return _styled(chart)


# --- Shared pieces -------------------------------------------------------------------------------

SOURCE_ORDER = list(vocab.FUNDING_SOURCE_KINDS.values())
SOURCE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#999999"]
WOMEN_COLOUR, MEN_COLOUR, LAST_YEAR_COLOUR = "#CC79A7", "#0072B2", "#444444"
STATUS_COLOURS = {  # pale fills, so the black text on every cell stays readable on a projector
    takeaways.OK: "#CDEBD6", takeaways.WATCH: "#FBE3A6", takeaways.ACT: "#F5B7A8", takeaways.NONE: "#EEEEEE",
}
MONTHS = [fmt.bulan(2000, m).split()[0] for m in range(1, 13)]
SHORT_MONTHS = fmt.VEGA_LOCALE["time"]["shortMonths"]


def _rupiah_axis(title: str = "Nilai") -> alt.Axis:
    return alt.Axis(title=title, labelExpr=fmt.RUPIAH_AXIS_LABEL, tickCount=5)


def _room_for_labels(largest: float, room: float = 1.25) -> alt.Scale:
    """A value axis reaching past the longest bar (by default a quarter), so the label at its end is not
    cut off; a longer label ("Rp 704,3 juta · 2.816 paket") asks for more room."""
    return alt.Scale(domain=[0, max(float(largest), 1.0) * room], nice=False)


def _count(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:Q", title=title, format=",")


def _type_colour(labels: pd.Series, title: str = "Jenis LKS") -> alt.Color:
    """The same colour for a type on every chart; the legend lists only the types shown."""
    shown = [label for label in TYPE_ORDER if label in set(labels)]
    return alt.Color("type_label:N", title=title, scale=alt.Scale(domain=TYPE_ORDER, range=TYPE_COLOURS),
                     legend=alt.Legend(values=shown))


def _bar_height(rows: int) -> int:
    return max(240, 40 * rows)


# --- LKS -----------------------------------------------------------------------------------------


def lks_per_year(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: LKS at the end of each year by type, with the year's total on top."""
    frame = frame.assign(tahun=frame["year"].astype(str))
    totals = frame.groupby("tahun", as_index=False)["count"].sum()
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("tahun:O", title="Tahun", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(count):Q", title="Jumlah LKS"),
        color=_type_colour(frame["type_label"]),
        order=alt.Order("type_label:N"),
        tooltip=[alt.Tooltip("tahun:O", title="Tahun"), alt.Tooltip("type_label:N", title="Jenis"),
                 _count("count", "Jumlah LKS")],
    )
    labels = alt.Chart(totals).mark_text(dy=-12, fontSize=FONT_SIZE, fontWeight="bold").encode(
        x="tahun:O", y="count:Q", text=alt.Text("count:Q", format=","),
    )
    return _styled(alt.layer(bars, labels).properties(height=380))


# --- Beneficiaries -------------------------------------------------------------------------------


def beneficiaries_by_month(frame: pd.DataFrame, year: int) -> alt.Chart:
    """This year's months as bars of women and men; last year's total as a dashed line over them."""
    now = frame[frame["year"] == year]
    before = frame[frame["year"] == year - 1]
    women, men, last = f"Perempuan {year}", f"Laki-laki {year}", f"Jumlah {year - 1}"
    bars = pd.concat([
        now.assign(series=women, value=now["women"], order=0),
        now.assign(series=men, value=now["men"], order=1),
    ])
    line = before.assign(series=last, value=before["total"], order=2)
    data = pd.concat([bars, line], ignore_index=True)
    data["bulan"] = data["month"].map(lambda m: MONTHS[m - 1])
    data["bulan_tahun"] = [fmt.bulan(y, m) for y, m in zip(data["year"], data["month"])]
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=[women, men, last], range=[WOMEN_COLOUR, MEN_COLOUR, LAST_YEAR_COLOUR]))
    x = alt.X("bulan:O", title=None, sort=MONTHS, scale=alt.Scale(domain=MONTHS),
              axis=alt.Axis(labelAngle=0, labelExpr="slice(datum.label, 0, 3)"))
    tooltip = [alt.Tooltip("bulan_tahun:N", title="Bulan"), _count("women", "Perempuan"),
               _count("men", "Laki-laki"), _count("total", "Jumlah")]
    data["lengkap"] = _complete(data)
    data["keadaan"] = data["lengkap"].map({True: "Lengkap", False: PARTIAL_LABEL})
    tooltip.append(alt.Tooltip("keadaan:N", title="Laporan"))
    base = alt.Chart(data)
    # A month some kab/kota have not reported is drawn pale and labelled, not as a fall.
    bar_layer = base.transform_filter(alt.datum.order < 2).mark_bar().encode(
        x=x, y=alt.Y("sum(value):Q", title="Orang dilayani"), color=colour, order=alt.Order("order:Q"),
        opacity=alt.condition(alt.datum.lengkap, alt.value(1.0), alt.value(PARTIAL_OPACITY)), tooltip=tooltip,
        detail="lengkap:N",  # kept through the sum, so the condition sees it
    )
    line_layer = base.transform_filter(alt.datum.order == 2).mark_line(
        strokeDash=[8, 5], strokeWidth=3, point=alt.OverlayMarkDef(size=70, filled=True, color=LAST_YEAR_COLOUR),
    ).encode(x=x, y="value:Q", color=colour, tooltip=tooltip)
    layers = [bar_layer, line_layer]
    partial = now.assign(lengkap=_complete(now))
    partial = partial[~partial["lengkap"]]
    if not partial.empty:
        marks = pd.DataFrame({"bulan": partial["month"].map(lambda m: MONTHS[m - 1]), "value": partial["total"],
                              "label": PARTIAL_LABEL})
        layers.append(alt.Chart(marks).mark_text(dy=-14, fontSize=FONT_SIZE - 4, fontStyle="italic", color=INK)
                      .encode(x=x, y="value:Q", text="label:N"))
    return _styled(alt.layer(*layers).properties(height=400))


PARTIAL_LABEL = "belum lengkap"
PARTIAL_OPACITY = 0.35


def _complete(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's month is complete (kesos.queries.reporting); a frame without the column: all are."""
    if "complete" not in frame.columns:
        return pd.Series(True, index=frame.index)
    return frame["complete"].astype(bool)


def _with_month(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        bulan=pd.to_datetime(pd.DataFrame({"year": frame["year"], "month": frame["month"], "day": 1})),
        bulan_tahun=[fmt.bulan(y, m) for y, m in zip(frame["year"], frame["month"])],
    )


def beneficiaries_by_type(frame: pd.DataFrame) -> alt.Chart:
    """Stacked areas per month over last year and this year: who the people served are, by LKS type.

    Months not complete yet are left out: an area that drops because reports are missing is a cliff.
    """
    data = _with_month(frame[_complete(frame)])
    chart = alt.Chart(data).mark_area(opacity=0.9, line=alt.LineConfig(color="white", strokeWidth=1)).encode(
        x=alt.X("bulan:T", title=None, axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=-40,
                                                     labelOverlap=True)),
        y=alt.Y("total:Q", title="Orang dilayani", stack=True),
        color=_type_colour(data["type_label"]),
        order=alt.Order("type_label:N"),
        tooltip=[alt.Tooltip("bulan_tahun:N", title="Bulan"), alt.Tooltip("type_label:N", title="Jenis"),
                 _count("women", "Perempuan"), _count("men", "Laki-laki"), _count("total", "Jumlah")],
    )
    return _styled(chart.properties(height=400))


def beneficiaries_by_kab_kota(frame: pd.DataFrame) -> alt.Chart:
    """A heat map: kab/kota down, months across (last year then this year), darker = more people."""
    data = _with_month(frame).assign(kab_kota=frame["kab_kota"].map(fmt.kab_kota_short))
    data["kolom"] = [f"{SHORT_MONTHS[m - 1]} {str(y)[2:]}" for y, m in zip(data["year"], data["month"])]
    columns = list(dict.fromkeys(data.sort_values(["year", "month"])["kolom"]))
    order = data.groupby("kab_kota")["total"].max().sort_values(ascending=False).index.tolist()
    # The number is written in each cell: shades alone cannot be told apart from the back of a room.
    data["angka"] = data["total"].map(fmt.number)
    data["gelap"] = data["total"] > 0.55 * max(int(data["total"].max()), 1)
    x = alt.X("kolom:O", title=None, sort=columns, axis=alt.Axis(labelAngle=-50, orient="top"))
    y = alt.Y("kab_kota:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    tooltip = [alt.Tooltip("kab_kota:N", title="Kab/kota"), alt.Tooltip("bulan_tahun:N", title="Bulan"),
               _count("women", "Perempuan"), _count("men", "Laki-laki"), _count("total", "Jumlah")]
    data["lengkap"] = _complete(data)
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, tooltip=tooltip, opacity=alt.condition(alt.datum.lengkap, alt.value(1.0), alt.value(PARTIAL_OPACITY)),
        color=alt.Color("total:Q", title="Orang dilayani", scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(orient="bottom", gradientLength=360, format=",.0f")),
    )
    numbers = alt.Chart(data).mark_text(fontSize=FONT_SIZE - 6).encode(
        x=x, y=y, text="angka:N", tooltip=tooltip,
        color=alt.condition(alt.datum.gelap, alt.value("white"), alt.value(INK)),
    )
    return _styled(alt.layer(cells, numbers).properties(height=max(60, 34 * len(order))))  # one kab/kota: one row


# --- Aid, CSR and donations ----------------------------------------------------------------------


def _quantities(frame: pd.DataFrame) -> pd.Series:
    """`190 paket, 5 unit`: the per-unit quantity columns of a row as one line of text."""
    return frame.apply(
        lambda row: ", ".join(f"{fmt.number(row[unit])} {unit}" for unit in vocab.UNITS if row.get(unit, 0)) or "-",
        axis=1,
    )


def aid_by_source_per_year(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: aid value per year by kind of funding source; quantities in the tooltip."""
    data = frame.assign(tahun=frame["year"].astype(str), nilai=frame["value"].map(fmt.rupiah),
                        jumlah=_quantities(frame))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("tahun:O", title="Tahun", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(value):Q", axis=_rupiah_axis("Nilai bantuan")),
        color=alt.Color("source_label:N", title="Sumber dana",
                        scale=alt.Scale(domain=SOURCE_ORDER, range=SOURCE_COLOURS)),
        order=alt.Order("source_kind:N"),
        tooltip=[alt.Tooltip("tahun:O", title="Tahun"), alt.Tooltip("source_label:N", title="Sumber dana"),
                 alt.Tooltip("nilai:N", title="Nilai"), _count("distributions", "Penyaluran"),
                 alt.Tooltip("jumlah:N", title="Jumlah barang")],
    )
    return _styled(chart.properties(height=380))


def _year_colour(years) -> alt.Color:
    years = sorted({str(y) for y in years})
    return alt.Color("tahun:O", title="Tahun", sort=years,
                     scale=alt.Scale(scheme="blues", domain=years) if len(years) > 1 else alt.Undefined)


def csr_by_company(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars per CSR company (top ten, then 'Lainnya'), split by year; the total at the end."""
    data = frame.assign(tahun=frame["year"].astype(str), nilai=frame["value"].map(fmt.rupiah))
    order = data.sort_values("rank")["company"].drop_duplicates().tolist()
    totals = data.groupby("company", as_index=False)["value"].sum()
    totals["label"] = totals["value"].map(fmt.rupiah_short)
    y = alt.Y("company:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(data).mark_bar().encode(
        y=y, x=alt.X("sum(value):Q", axis=_rupiah_axis("Nilai bantuan yang didanai"),
                     scale=_room_for_labels(totals["value"].max())),
        color=_year_colour(data["tahun"]), order=alt.Order("tahun:O"),
        tooltip=[alt.Tooltip("company:N", title="Perusahaan"), alt.Tooltip("tahun:O", title="Tahun"),
                 alt.Tooltip("nilai:N", title="Nilai"), _count("distributions", "Penyaluran")],
    )
    labels = alt.Chart(totals).mark_text(align="left", dx=6, fontSize=FONT_SIZE - 2).encode(
        y=y, x="value:Q", text="label:N",
    )
    return _styled(alt.layer(bars, labels).properties(height=_bar_height(len(order))))


def aid_by_item(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of value per item, labelled with the value the bar is sized by and then the
    quantity in the item's own unit ("Rp 590 jt · 30 unit"): a label of quantities alone on bars of
    rupiah made 30 houses look larger than 1.530 food packages."""
    jumlah = [f"{fmt.number(q)} {u}" for q, u in zip(frame["quantity"], frame["unit"])]
    data = frame.assign(nilai=frame["value"].map(fmt.rupiah), jumlah=jumlah,
                        label=[f"{fmt.rupiah_short(v)} · {j}" for v, j in zip(frame["value"], jumlah)])
    order = data.sort_values("value", ascending=False)["item"].tolist()
    y = alt.Y("item:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(data).mark_bar(color="#0072B2").encode(
        y=y, x=alt.X("value:Q", axis=_rupiah_axis("Nilai bantuan"),
                     scale=_room_for_labels(data["value"].max(), room=1.5)),
        tooltip=[alt.Tooltip("item:N", title="Barang"), alt.Tooltip("jumlah:N", title="Jumlah"),
                 alt.Tooltip("nilai:N", title="Nilai"), _count("distributions", "Penyaluran")],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=FONT_SIZE - 2, color="black").encode(text="label:N")
    return _styled(alt.layer(bars, labels).properties(height=_bar_height(len(order))))


def aid_by_kab_kota(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of aid value per kab/kota, largest first, labelled in short rupiah."""
    data = frame.assign(kab_kota=frame["kab_kota"].map(fmt.kab_kota_short), nilai=frame["value"].map(fmt.rupiah),
                        label=frame["value"].map(fmt.rupiah_short), jumlah=_quantities(frame))
    order = data.sort_values("value", ascending=False)["kab_kota"].tolist()
    y = alt.Y("kab_kota:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(data).mark_bar(color="#009E73").encode(
        y=y, x=alt.X("value:Q", axis=_rupiah_axis("Nilai bantuan"), scale=_room_for_labels(data["value"].max())),
        tooltip=[alt.Tooltip("kab_kota:N", title="Kab/kota"), alt.Tooltip("nilai:N", title="Nilai"),
                 _count("distributions", "Penyaluran"), alt.Tooltip("jumlah:N", title="Jumlah barang")],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=FONT_SIZE - 2, color="black").encode(text="label:N")
    return _styled(alt.layer(bars, labels).properties(height=_bar_height(len(order))))


def donations_cash(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: cash received per year by kind of source (rupiah only; goods are charted apart)."""
    data = frame.assign(tahun=frame["year"].astype(str), nilai=frame["amount"].map(fmt.rupiah))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("tahun:O", title="Tahun", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(amount):Q", axis=_rupiah_axis("Donasi tunai")),
        color=alt.Color("source_label:N", title="Sumber", scale=alt.Scale(domain=SOURCE_ORDER, range=SOURCE_COLOURS)),
        order=alt.Order("source_kind:N"),
        tooltip=[alt.Tooltip("tahun:O", title="Tahun"), alt.Tooltip("source_label:N", title="Sumber"),
                 alt.Tooltip("nilai:N", title="Nilai"), _count("donations", "Penerimaan")],
    )
    return _styled(chart.properties(height=360))


def donations_in_kind(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: goods received per item in its own unit, split by year (never in rupiah)."""
    data = frame.assign(tahun=frame["year"].astype(str),
                        barang=[f"{item} ({unit})" for item, unit in zip(frame["item"], frame["unit"])],
                        jumlah=[f"{fmt.number(q)} {u}" for q, u in zip(frame["quantity"], frame["unit"])])
    order = data.groupby("barang")["quantity"].sum().sort_values(ascending=False).index.tolist()
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("barang:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
        x=alt.X("sum(quantity):Q", title="Jumlah (dalam satuan barangnya)"),
        color=_year_colour(data["tahun"]), order=alt.Order("tahun:O"),
        tooltip=[alt.Tooltip("item:N", title="Barang"), alt.Tooltip("tahun:O", title="Tahun"),
                 alt.Tooltip("jumlah:N", title="Jumlah"), _count("donations", "Penerimaan")],
    )
    return _styled(chart.properties(height=_bar_height(len(order))))


# --- Branches and activities ---------------------------------------------------------------------


def branch_coverage(cells: pd.DataFrame) -> alt.Chart:
    """The coverage board: a kab/kota per row, a coloured cell per column (see takeaways.coverage_cells)."""
    data = cells.assign(keadaan=cells["status"].map(takeaways.STATUS_LABELS))
    rows = list(dict.fromkeys(data["kab_kota"]))
    x = alt.X("column:N", title=None, sort=takeaways.COVERAGE_COLUMNS,
              axis=alt.Axis(orient="top", labelAngle=0, labelFontWeight="bold", domain=False, ticks=False,
                            labelLimit=220))
    y = alt.Y("kab_kota:N", title=None, sort=rows, axis=alt.Axis(domain=False, ticks=False, labelLimit=260))
    base = alt.Chart(data).encode(x=x, y=y)
    fills = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color("keadaan:N", title="Keadaan",
                        scale=alt.Scale(domain=[takeaways.STATUS_LABELS[s] for s in STATUS_COLOURS],
                                        range=list(STATUS_COLOURS.values()))),
        tooltip=[alt.Tooltip("kab_kota:N", title="Kab/kota"), alt.Tooltip("column:N", title="Kolom"),
                 alt.Tooltip("text:N", title="Isi"), alt.Tooltip("note:N", title="Keterangan"),
                 alt.Tooltip("keadaan:N", title="Keadaan")],
    )
    texts = base.mark_text(fontSize=FONT_SIZE - 1, color="black").encode(text="text:N")
    chart = alt.layer(fills, texts).properties(height=max(60, 42 * len(rows)))
    return _styled(chart).configure_legend(**_LEGEND, orient="bottom", columns=4)


KIND_ORDER = list(vocab.ACTIVITY_KINDS.values())
# One colour per kind, in vocab order (the release kinds of issue 18 before "lainnya", grey last).
KIND_COLOURS = ["#D55E00", "#0072B2", "#009E73", "#56B4E9", "#CC79A7", "#E69F00",
                "#882255", "#44AA99", "#332288", "#AA4499", "#117733", "#999999"]


TIMELINE_PAD_SHARE = 0.04  # of the span shown, each side: room for the largest circle (about 45 px)


def _padded_days(starts: pd.Series, ends: pd.Series) -> list[str]:
    """The time axis from a little before the first event to a little after the last, so a circle on
    the first or last day is drawn whole instead of cut in half at the chart's edge."""
    if starts.empty:
        return []
    first, last = starts.min(), ends.max()
    pad = max(pd.Timedelta(days=7), (last - first) * TIMELINE_PAD_SHARE)
    return [(first - pad).date().isoformat(), (last + pad).date().isoformat()]


def activity_timeline(frame: pd.DataFrame) -> alt.Chart:
    """A timeline: one row per kind of event, a bar from first to last day, a circle sized by participants."""
    data = frame.assign(
        mulai=pd.to_datetime(frame["start_date"]),
        selesai=pd.to_datetime(frame["end_date"]) + timedelta(days=1),
        tanggal=[fmt.tanggal_range(s, e) for s, e in zip(frame["start_date"], frame["end_date"])],
        peserta=frame["participants"].fillna(0).astype(int),
        tuan_rumah=frame["host_kab_kota"].map(lambda n: fmt.kab_kota_short(n) if isinstance(n, str) else "Provinsi"),
    ).drop(columns=["start_date", "end_date"])  # date objects do not go into a JSON spec
    kinds = [k for k in KIND_ORDER if k in set(data["kind_label"])]
    y = alt.Y("kind_label:N", title=None, sort=kinds, axis=alt.Axis(labelLimit=280))
    colour = alt.Color("kind_label:N", title="Jenis kegiatan", legend=None,
                       scale=alt.Scale(domain=KIND_ORDER, range=KIND_COLOURS))
    tooltip = [alt.Tooltip("title:N", title="Kegiatan"), alt.Tooltip("tanggal:N", title="Tanggal"),
               alt.Tooltip("place:N", title="Tempat"), _count("peserta", "Peserta"),
               alt.Tooltip("tuan_rumah:N", title="Tuan rumah"), _count("kab_kota_present", "Kab/kota hadir")]
    days = _padded_days(data["mulai"], data["selesai"])
    x = alt.X("mulai:T", title=None, scale=alt.Scale(domain=days) if days else alt.Undefined,
              axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True, grid=True))
    spans = alt.Chart(data).mark_bar(height=10, opacity=0.6).encode(x=x, x2="selesai:T", y=y, color=colour,
                                                                    tooltip=tooltip)
    dots = alt.Chart(data).mark_circle(opacity=0.75, stroke="black", strokeWidth=0.5).encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        size=alt.Size("peserta:Q", title="Peserta", scale=alt.Scale(range=[60, 1600]),
                      legend=alt.Legend(orient="bottom", symbolFillColor="#999999", columns=8)),
    )
    return _styled(alt.layer(spans, dots).properties(height=max(220, 70 * len(kinds))))


# --- Mode Rakor ----------------------------------------------------------------------------------

SLIDE_HEIGHT = 470  # a 720-pixel projector, less the slide's title, takeaway and buttons
SLIDE_SCALE = 1.3
_FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")


def slide_height(takeaway: str) -> int:
    """The chart's height under a takeaway that may wrap: about 68 characters fit a line at slide size."""
    lines = max(1, -(-len(takeaway) // 68))
    return SLIDE_HEIGHT - 44 * (lines - 1)


PHONE_SLIDE_HEIGHT = 440  # a phone held upright: the chart under the takeaway, the buttons below it
PHONE_LABEL_LIMIT = 120  # px of a kab/kota's or company's name beside its bar on a 360-pixel screen
PHONE_LEGEND_COLUMNS = 1  # two columns of "LKS Penyandang Disabilitas" do not fit 360 px
PHONE_SIZE_LEGEND_COLUMNS = 3  # a legend of circle sizes (the timeline's participants) has no long labels
PHONE_CIRCLE_SHARE = 0.4  # of a circle's area on the wide screen: the largest stays inside a 360-px plot
PHONE_BOARD_LEGEND_ROOM = 150  # px under a board kept at its own height: the axis and the legend


def for_phone(spec: dict, width: int | None = None) -> dict:
    """A slide's spec for a phone held upright (about 360 px wide): every legend below the plot, one entry
    a line, so it is neither cut off at the right nor squeezing the plot to nothing; names beside bars cut
    to fit (the tooltip keeps them whole); fewer ticks on number and time axes, category names along the
    bottom slanted. A board whose columns cannot be narrower (`width`) keeps that width, to scroll sideways."""

    def narrow(node, parent: str | None = None):
        if isinstance(node, list):
            return [narrow(item, parent) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "datasets":
                out[key] = value
            elif key == "x" and isinstance(value, dict) and value.get("type") in ("ordinal", "nominal") \
                    and isinstance(value.get("axis"), dict) and value["axis"].get("orient") != "top":
                out[key] = narrow(value) | {"axis": narrow(value["axis"]) | {"labelAngle": -50, "labelOverlap": False}}
            elif key == "size" and isinstance(value, dict) and isinstance(value.get("legend"), dict):
                # circles of a few sizes: side by side, or they take the plot's height
                out[key] = narrow(value) | {"legend": narrow(value["legend"]) | {
                    "orient": "bottom", "direction": "horizontal", "columns": PHONE_SIZE_LEGEND_COLUMNS}}
                scale = value.get("scale")
                if isinstance(scale, dict) and isinstance(scale.get("range"), list):  # circles for a narrow plot
                    out[key]["scale"] = scale | {"range": [round(r * PHONE_CIRCLE_SHARE) for r in scale["range"]]}
            elif key == "legend" and isinstance(value, dict):
                out[key] = narrow(value) | {"orient": "bottom", "direction": "vertical",
                                            "columns": min(value.get("columns", PHONE_LEGEND_COLUMNS),
                                                           PHONE_LEGEND_COLUMNS)}
            elif key == "labelLimit" and isinstance(value, (int, float)) and (value == 0 or value > PHONE_LABEL_LIMIT):
                out[key] = PHONE_LABEL_LIMIT
            elif key == "gradientLength" and isinstance(value, (int, float)):
                out[key] = min(value, 220)
            else:
                out[key] = narrow(value)
        return out

    phone = narrow(spec)
    if width:
        phone["width"] = width
    config = phone.setdefault("config", {})
    config.setdefault("legend", {}).update(orient="bottom", columns=PHONE_LEGEND_COLUMNS, direction="vertical",
                                           labelLimit=260)
    config["axisXQuantitative"] = {"tickCount": 4}
    config["axisXTemporal"] = {"tickCount": 4, "labelAngle": -40}
    config["axisXBand"] = {"labelAngle": -50, "labelOverlap": False}
    config["axisYBand"] = {"labelLimit": PHONE_LABEL_LIMIT, "labelOverlap": False}
    return phone


def for_slide(spec: dict, height: int = SLIDE_HEIGHT, scale: float = SLIDE_SCALE, legend_right: bool = True,
              phone: bool = False, phone_width: int | None = None) -> dict:
    """A chart spec for a Mode Rakor slide: every font larger, and a height that fits one screen.

    The legend moves to the right, so a chart with a row per kab/kota keeps the height for its rows. On a
    phone (`phone`) the type stays as on the page and the legend goes below (`for_phone`).
    """
    if phone:
        # A board kept wide keeps its rows' height too (the page's); other charts fit the phone's screen.
        height = spec["height"] + PHONE_BOARD_LEGEND_ROOM if phone_width and "height" in spec else PHONE_SLIDE_HEIGHT
        return for_phone(for_slide(spec, height, scale=1.0, legend_right=False), phone_width)

    def grow(node):
        if isinstance(node, dict):
            return {key: (round(value * scale) if key in _FONT_KEYS and isinstance(value, (int, float)) else grow(value))
                    for key, value in node.items() if key != "datasets"}
        if isinstance(node, list):
            return [grow(item) for item in node]
        return node

    slide = grow(spec)
    if "datasets" in spec:
        slide["datasets"] = spec["datasets"]
    # The whole chart, legend and axes included, fits the height left on a 720-pixel screen.
    slide["autosize"] = {"type": "fit", "contains": "padding"}
    slide["height"] = height
    config = slide.setdefault("config", {})
    config["axisBand"] = {"labelOverlap": False}  # every kab/kota's name stays on its row
    if legend_right:
        config.setdefault("legend", {}).update(orient="right", columns=1)
    return slide


# --- Kelengkapan laporan -------------------------------------------------------------------------

STATE_MARKS = {"terbuka": "", "dikirim": " ↑", "disetujui": " ✓", "dikembalikan": " ↩"}


PENDING_CELL = "#E4EBF4"  # a month not due yet: neither good nor bad


def reporting_completeness(frame: pd.DataFrame) -> alt.Chart:
    """The kelengkapan grid: kab/kota down, months across, coloured by the share of LKS that reported.

    Each cell reads 'reported/expected' and marks the month's state (↑ dikirim, ✓ disetujui,
    ↩ dikembalikan); a kab/kota without an active LKS that month is grey. A click selects a cell
    (the page lists that kab/kota-month's missing LKS).
    """
    # A month whose reports are not due yet (the current month, or last month before the due day) is not
    # drawn red for what is still to come: a neutral cell with its count, coloured once due or complete.
    pending = ~frame["complete"].astype(bool) & ~frame["late"].astype(bool) & (frame["expected"] > 0)
    data = frame.assign(
        kab_kota=frame["kab_kota"].map(fmt.kab_kota_short),
        bulan=frame["month"].map(lambda m: SHORT_MONTHS[m - 1]),
        bulan_tahun=[fmt.bulan(y, m) for y, m in zip(frame["year"], frame["month"])],
        persen=[None if pd.isna(s) or wait else round(100 * float(s)) for s, wait in zip(frame["share"], pending)],
        tenggat=pending.map({True: "Belum jatuh tempo", False: ""}),
        isi=[("-" if e == 0 else f"{r}/{e}") + STATE_MARKS.get(st, "")
             for r, e, st in zip(frame["reported"], frame["expected"], frame["state"])],
        terlambat=frame["late"].map({True: "Ya", False: "Tidak"}),
        batas=frame["due_on"].map(fmt.tanggal),
    ).drop(columns=["due_on", "share"])
    rows = list(dict.fromkeys(data["kab_kota"]))
    months = list(dict.fromkeys(data["bulan"]))
    pick = alt.selection_point(name="sel", fields=["kab_kota_code", "month"], on="click", empty=False)
    x = alt.X("bulan:O", title=None, sort=months, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("kab_kota:N", title=None, sort=rows, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    tooltip = [alt.Tooltip("kab_kota:N", title="Kab/kota"), alt.Tooltip("bulan_tahun:N", title="Bulan"),
               alt.Tooltip("reported:Q", title="LKS melapor"), alt.Tooltip("expected:Q", title="LKS aktif"),
               alt.Tooltip("on_time:Q", title="Tepat waktu"), alt.Tooltip("state_label:N", title="Keadaan"),
               alt.Tooltip("batas:N", title="Batas waktu"), alt.Tooltip("terlambat:N", title="Terlambat"),
               alt.Tooltip("tenggat:N", title="Catatan")]
    waiting = alt.Chart(data[pending.to_numpy()]).mark_rect(color=PENDING_CELL, stroke="white", strokeWidth=2).encode(
        x=x, y=y, tooltip=tooltip)
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("persen:Q", title="LKS melapor (%)",
                        scale=alt.Scale(domain=[0, 100], range=["#F5B7A8", "#FBE3A6", "#CDEBD6", "#4DAC6B"]),
                        legend=alt.Legend(orient="bottom", gradientLength=320)),
        stroke=alt.condition(pick, alt.value(INK), alt.value("white")),
    ).add_params(pick)
    texts = alt.Chart(data).mark_text(fontSize=FONT_SIZE - 5, color="black").encode(x=x, y=y, text="isi:N",
                                                                                      tooltip=tooltip)
    return _styled(alt.layer(waiting, cells, texts).properties(height=max(80, 34 * len(rows))))


def ppks_by_category(frame: pd.DataFrame, year: int, region_title: str = "Kab/kota") -> alt.Chart:
    """A heatmap of PPKS (people) per category and kab/kota (or province: `region_title`), with the change on
    last year on hover; a symlog scale so a few very large categories do not wash every other cell out to one
    colour. Short kab/kota names and the Indonesian locale (`30.000`, not `30,000`)."""
    data = frame.assign(kab_kota=frame["kab_kota"].map(fmt.kab_kota_short))
    return _styled(alt.Chart(data).mark_rect().encode(
        x=alt.X("short:N", title="Kategori PPKS", sort=list(vocab.PPKS_SHORT.values())),
        y=alt.Y("kab_kota:N", title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("count:Q", title="Jiwa", scale=alt.Scale(type="symlog", scheme="oranges"),
                        legend=alt.Legend(format=",d", orient="right", direction="vertical")),
        tooltip=[alt.Tooltip("kab_kota:N", title=region_title), alt.Tooltip("short:N", title="Kategori"),
                 alt.Tooltip("count:Q", title=f"Jiwa {year}", format=",d"),
                 alt.Tooltip("change:Q", title="Perubahan dari tahun lalu", format="+,d")])
        .properties(height=_bar_height(data["kab_kota"].nunique())))


PPKS_TOP = 10  # categories on the top-needs chart; the Excel sheet has every one


def ppks_top_needs(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of the region's largest PPKS categories in the year, each labelled with its people
    and the like-for-like change on the year before ("267.188 · naik 2,7%")."""
    data = frame.head(PPKS_TOP)
    data = data.assign(
        kategori=[f"{label[0].upper()}{label[1:]} ({short})" if short.lower() != label.lower() else label.capitalize()
                  for label, short in zip(data["label"], data["short"])],
        perubahan=[takeaways.ppks_change(row) for row in data.itertuples()],
    )
    data["teks"] = [f"{fmt.number(n)} · {c}" if c else fmt.number(n) for n, c in zip(data["count"], data["perubahan"])]
    data = data[["kategori", "count", "perubahan", "teks"]]  # plain values only: no dates or NA in the spec
    order = data["kategori"].tolist()
    y = alt.Y("kategori:N", title=None, sort=order, axis=alt.Axis(labelLimit=420))
    bars = alt.Chart(data).mark_bar(color="#D55E00").encode(
        y=y, x=alt.X("count:Q", title="Jiwa", axis=alt.Axis(format=",d", tickCount=5),
                     scale=_room_for_labels(data["count"].max(), room=1.45)),
        tooltip=[alt.Tooltip("kategori:N", title="Kategori"), _count("count", "Jiwa"),
                 alt.Tooltip("perubahan:N", title="Dibanding tahun lalu")],
    )
    labels = bars.mark_text(align="left", dx=6, fontSize=FONT_SIZE - 2, color="black").encode(text="teks:N")
    return _styled(alt.layer(bars, labels).properties(height=_bar_height(len(order))))


WHO_HELPS_TOP = 15  # funding sources on the one-kab/kota chart; the rest as OTHERS
OTHERS = "Lainnya"


def who_helps_where(frame: pd.DataFrame) -> alt.Chart:
    """3W: stacked horizontal bars of aid value per kab/kota, one colour per kind of funding source, the
    tooltip naming how many sources of that kind helped and the largest. For one kab/kota, a bar per
    funding source instead (the largest 15, then the others together): one bar would say nothing the
    headline does not. Aggregated here, so a province with thousands of source x item rows stays small."""
    data = frame.assign(kab_kota=frame["kab_kota"].map(fmt.kab_kota_short))
    rows = "funding_source" if data["kab_kota"].nunique() == 1 else "kab_kota"
    if rows == "funding_source":
        largest = data.groupby("funding_source")["value"].sum().sort_values(ascending=False, kind="stable")
        others = set(largest.index[WHO_HELPS_TOP:])
        data = data.assign(funding_source=data["funding_source"].where(~data["funding_source"].isin(others), OTHERS))
    if "sources" in data.columns:  # the whole country (queries.who_helps.national_who_helps_where): per province
        cells = data.groupby([rows, "source_label"], as_index=False).agg(
            value=("value", "sum"), distributions=("distributions", "sum"), sources=("sources", "max"),
            largest=("largest", "first"))
    else:
        per = data.groupby([rows, "funding_source", "source_label"], as_index=False)[["value", "distributions"]].sum()
        per = per.sort_values("value", ascending=False, kind="stable")
        cells = per.groupby([rows, "source_label"], as_index=False).agg(
            value=("value", "sum"), distributions=("distributions", "sum"), sources=("funding_source", "nunique"),
            largest=("funding_source", "first"))
    cells["nilai"] = cells["value"].map(fmt.rupiah)
    totals = cells.groupby(rows, as_index=False)["value"].sum().sort_values("value", ascending=False)
    totals["label"] = totals["value"].map(fmt.rupiah_short)
    order = totals[rows].tolist()
    if rows == "funding_source" and OTHERS in order:  # the others last, whatever their sum
        order = [o for o in order if o != OTHERS] + [OTHERS]
    shown = [label for label in SOURCE_ORDER if label in set(cells["source_label"])]
    y = alt.Y(f"{rows}:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(cells).mark_bar().encode(
        y=y, x=alt.X("value:Q", axis=_rupiah_axis("Nilai bantuan"), scale=_room_for_labels(totals["value"].max()),
                     stack="zero"),
        color=alt.Color("source_label:N", title="Sumber dana", scale=alt.Scale(domain=SOURCE_ORDER, range=SOURCE_COLOURS),
                        legend=alt.Legend(values=shown)),
        order=alt.Order("source_label:N"),
        tooltip=[alt.Tooltip(f"{rows}:N", title=("Provinsi" if "sources" in data.columns else "Kab/kota")
                             if rows == "kab_kota" else "Sumber dana"),
                 alt.Tooltip("source_label:N", title="Jenis sumber"), alt.Tooltip("nilai:N", title="Nilai"),
                 _count("sources", "Sumber dana"), alt.Tooltip("largest:N", title="Terbesar"),
                 _count("distributions", "Penyaluran")],
    )
    labels = alt.Chart(totals).mark_text(align="left", dx=6, fontSize=FONT_SIZE - 2).encode(
        y=y, x="value:Q", text="label:N")
    return _styled(alt.layer(bars, labels).properties(height=_bar_height(len(order))))
