"""Altair chart builders: a DataFrame in, a chart out; no database access. Sized for a projector."""

import altair as alt
import pandas as pd

from kesos import vocab

FONT_SIZE = 16
TYPE_ORDER = list(vocab.LKS_TYPES.values())
# Colour-blind-safe palette (Okabe-Ito), one colour per LKS type, the same on every chart.
TYPE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999"]


def _styled(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE - 2, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE - 2, titleFontSize=FONT_SIZE, orient="bottom", columns=3)
        .configure_title(fontSize=FONT_SIZE + 4, anchor="start")
        .configure_view(stroke=None)
    )


def lks_by_type_per_kab_kota(frame: pd.DataFrame, title: str = "") -> alt.Chart:
    """Stacked horizontal bars: LKS count per kab/kota, split by LKS type."""
    kab_kota_order = (
        frame.groupby("kab_kota")["count"].sum().sort_values(ascending=False).index.tolist()
    )
    chart = (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("kab_kota:N", title=None, sort=kab_kota_order),
            x=alt.X("sum(count):Q", title="Jumlah LKS"),
            color=alt.Color(
                "type_label:N",
                title="Jenis LKS",
                scale=alt.Scale(domain=TYPE_ORDER, range=TYPE_COLOURS),
            ),
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
