"""Map builders: a dashboard query's frame in, an Altair `geoshape` map of kab/kota (or provinces) out.

Pure like `kesos.charts`: the figures are the frames of the dashboards' own queries
(`lks_by_type_per_kab_kota`, `branch_coverage`, `aid_by_kab_kota`), the boundaries are the files
shipped in `data/peta/`. A frame of one province draws that province's kab/kota; a frame spanning
several provinces (a national deployment) draws Indonesia by province. Each feature carries its
figure and its Indonesian text in `properties`, so the tooltip, the PNG and the tests read the same
numbers. A kab/kota without a boundary is named under the map with its figure.
"""

import altair as alt
import pandas as pd

from kesos import fmt, peta, takeaways, vocab
from kesos.charts import FONT_SIZE, INK
from kesos.peta import labels

MAP_HEIGHT = 520
# The plot a name is placed on: smaller than a page's map (its width less the legend), as small as a
# Mode Rakor slide's, so names placed apart stay apart on both.
LABEL_PLOT = (720, 440)
NO_DATA = "#E6E6E6"  # a province of Indonesia outside the deployment
BORDER = "#FFFFFF"
# Sequential fills from pale to a mid blue (or green for rupiah), so the black names stay readable.
COUNT_RANGE = ["#EEF4FA", "#2C7FB8"]
VALUE_RANGE = ["#EEF7F1", "#1B9E62"]
FORMED, TERM_SOON, TERM_OVER, NOT_FORMED = (
    "Terbentuk", "Masa bakti berakhir dalam setahun", "Masa bakti sudah berakhir", "Belum terbentuk")
BRANCH_STATES = {FORMED: "#7CC49A", TERM_SOON: "#F2C14E", TERM_OVER: "#C77CB4", NOT_FORMED: "#E4572E"}
_GRADIENT = {"gradientLength": 320, "gradientThickness": 18, "orient": "right", "titleLimit": 400}


def _province_of(code: str) -> str:
    return code.split(".")[0]


def provinces_in(frame: pd.DataFrame) -> list[str]:
    return sorted({_province_of(code) for code in frame["kab_kota_code"]})


def is_national(frame: pd.DataFrame) -> bool:
    return len(provinces_in(frame)) > 1


# Mercator keeps the shapes leaders know; Vega-Lite fits it to the features drawn.
PROJECTION = "mercator"


def _features(frame: pd.DataFrame, figures: dict[str, dict], national: bool) -> tuple[list, list]:
    """(features with their figures merged into properties, names without a boundary with their text).

    `figures` maps a code (kab/kota, or province when national) to properties to add; a code not in
    it is drawn without a figure (`value` None).
    """
    if national:
        features = peta.national_features()
        missing = []
    else:
        province = provinces_in(frame)[0]
        features = peta.province_features(province)
        missing = [{**row, **figures.get(row["code"], {})} for row in peta.without_boundary(province)]
    drawn = []
    for feature in features:
        props = feature["properties"]
        extra = figures.get(props["code"], {"value": None, "text": "Tidak ada data"})
        drawn.append({**feature, "properties": {**props, "short": _short(props, national), **extra}})
    return drawn, missing


def _short(props: dict, national: bool) -> str:
    return fmt.province_short(props["code"], props["name"]) if national else fmt.kab_kota_short(props["name"])


def _map(features: list, missing: list, colour: alt.Color, tooltip: list[tuple[str, str]],
         label_all: bool = True) -> alt.Chart:
    """Fills, names (with the figure when the feature has a `mark`), and under the map the kab/kota
    without a boundary. `tooltip` is (property, title) pairs; a name shows the same tooltip as its shape."""
    # A frame, not inline values: Altair deep-copies inline values at every step of building a chart
    # (a second per map); a frame is converted once, by to_dict.
    data = pd.DataFrame(features)
    # Every feature in grey first: a feature without a figure still shows, and the projection is
    # fitted to all of them (Vega-Lite leaves out a mark whose colour field is empty).
    everything = alt.Chart(data).mark_geoshape(fill=NO_DATA, stroke=BORDER, strokeWidth=1.2).encode(
        tooltip=[alt.Tooltip(f"properties.{field}:N", title=title) for field, title in tooltip[:2]])
    shapes = alt.Chart(data).mark_geoshape(stroke=BORDER, strokeWidth=1.2).encode(
        color=colour, tooltip=[alt.Tooltip(f"properties.{field}:N", title=title) for field, title in tooltip])
    labelled = [f for f in features if label_all or f["properties"]["value"] is not None]
    rows = [{**place, **{field: f["properties"].get(field) for field, _ in tooltip}}
            for f, place in labels.placed(labelled, LABEL_PLOT, FONT_SIZE - 4)]
    layers = [everything, shapes]
    if rows:
        base = alt.Chart(pd.DataFrame(rows)).encode(
            longitude="lon:Q", latitude="lat:Q", text="label:N",
            tooltip=[alt.Tooltip(f"{field}:N", title=title) for field, title in tooltip])
        # A white outline under each name keeps it readable on any fill.
        layers.append(base.mark_text(fontSize=FONT_SIZE - 4, fontWeight="bold", stroke="white", strokeWidth=3,
                                     strokeOpacity=0.85, color="white", lineHeight=FONT_SIZE - 1,
                                     lineBreak="\n"))
        layers.append(base.mark_text(fontSize=FONT_SIZE - 4, fontWeight="bold", color=INK, lineHeight=FONT_SIZE - 1,
                                     lineBreak="\n"))
    if missing:
        text = "Tanpa batas wilayah di peta: " + "; ".join(
            f"{fmt.kab_kota_short(m['name'])} ({m.get('text', 'tidak ada data')})" for m in missing)
        note = pd.DataFrame([{"note": text}])
        layers.append(alt.Chart(note).mark_text(align="left", baseline="top", fontSize=FONT_SIZE - 4, color=INK,
                                                limit=1000).encode(
            x=alt.value(0), y=alt.value({"expr": "height + 10"}), text="note:N"))
    # One configure call (each call copies the chart): the charts' look, the legend at the right.
    return alt.layer(*layers).project(PROJECTION).properties(height=MAP_HEIGHT).configure(
        locale=fmt.VEGA_LOCALE, legend=_legend_config(), view={"stroke": None},
        title={"fontSize": FONT_SIZE + 4, "anchor": "start"})


def _legend_config() -> dict:
    return {"labelFontSize": FONT_SIZE - 2, "titleFontSize": FONT_SIZE, "labelColor": INK, "titleColor": INK,
            "labelLimit": 0, "symbolSize": 260, "orient": "right"}


def _name_title(national: bool) -> str:
    return "Provinsi" if national else "Kab/kota"


# --- LKS -----------------------------------------------------------------------------------------


def lks_figures(frame: pd.DataFrame) -> dict[str, dict]:
    """From `lks_by_type_per_kab_kota`: per kab/kota (or province, when national) its LKS count and text."""
    national = is_national(frame)
    data = frame.assign(region=frame["kab_kota_code"].map(_province_of) if national else frame["kab_kota_code"])
    figures = {}
    for region, rows in data.groupby("region"):
        per_type = rows.groupby("lks_type")["count"].sum()
        kinds = ", ".join(f"{vocab.LKS_TYPES[t].removeprefix('LKS ')} {fmt.number(n)}"
                          for t, n in per_type.items() if n)
        total = int(per_type.sum())
        figures[region] = {"value": total, "text": f"{fmt.number(total)} LKS", "detail": kinds,
                           "mark": fmt.number(total)}
    return figures


def lks_map(frame: pd.DataFrame) -> alt.Chart:
    """LKS registered per kab/kota (or province), shaded by count; kab/kota without LKS are palest."""
    national = is_national(frame)
    figures = lks_figures(frame)
    features, missing = _features(frame, figures, national)
    if not national:  # every kab/kota of the province has a figure: none is 0 LKS
        for feature in features:
            if feature["properties"]["value"] is None:
                feature["properties"].update(value=0, text="0 LKS", detail="", mark="0")
        missing = [{**m, "text": m.get("text", "0 LKS")} for m in missing]
    top = max([1, *(f["properties"]["value"] or 0 for f in features)])
    colour = (
        alt.Color("properties.value:Q", title="Jumlah LKS", scale=alt.Scale(domain=[0, top], range=COUNT_RANGE),
                  legend=alt.Legend(format=",d", tickMinStep=1, **_GRADIENT)))
    tooltip = [("name", _name_title(national)), ("text", "LKS"), ("detail", "Per jenis")]
    return _map(features, missing, colour, tooltip, label_all=not national)


# --- Branches ------------------------------------------------------------------------------------


def branch_state(row) -> str:
    """A kab/kota's branch on the map: not formed, its board's term over or ending within a year, or formed."""
    if not row.is_formed:
        return NOT_FORMED
    if takeaways._given(row.term_end):
        if row.term_end < row.as_of:
            return TERM_OVER
        if (row.term_end - row.as_of).days <= takeaways.TERM_WARNING_DAYS:
            return TERM_SOON
    return FORMED


def branch_figures(frame: pd.DataFrame) -> dict[str, dict]:
    """From `branch_coverage`: per kab/kota its state and the term's end; per province (national)
    the share of kab/kota with a branch."""
    if is_national(frame):
        figures = {}
        for province, rows in frame.groupby(frame["kab_kota_code"].map(_province_of)):
            # The board lists every kab/kota of Indonesia: a province with nothing recorded (no branch,
            # LKS, request or activity) is outside the deployment, not a province without branches.
            recorded = (rows["is_formed"] | rows["branch_name"].notna() | (rows["lks"] > 0)
                        | (rows["open_requests"] > 0) | rows["last_activity"].notna())
            if not recorded.any():
                continue
            formed, total = int(rows["is_formed"].sum()), len(rows)
            figures[province] = {"value": round(100 * formed / total), "formed": formed, "total": total,
                                 "text": f"{fmt.number(formed)} dari {fmt.number(total)} kab/kota"}
        return figures
    figures = {}
    for row in frame.itertuples():
        state = branch_state(row)
        term = f"s.d. {fmt.tanggal(row.term_end)}" if row.is_formed and takeaways._given(row.term_end) else "-"
        figures[row.kab_kota_code] = {"value": state, "text": state, "term": term}
    return figures


def branch_map(frame: pd.DataFrame) -> alt.Chart:
    """Branch state per kab/kota (national: the share of kab/kota with a formed branch per province)."""
    national = is_national(frame)
    features, missing = _features(frame, branch_figures(frame), national)
    if national:
        colour = (
            alt.Color("properties.value:Q", title="Kab/kota bercabang (%)",
                      scale=alt.Scale(domain=[0, 100], range=["#FBE3D6", "#1B9E62"]),
                      legend=alt.Legend(**_GRADIENT)))
        tooltip = [("name", _name_title(True)), ("text", "Cabang terbentuk")]
        return _map(features, missing, colour, tooltip, label_all=False)
    shown = [s for s in BRANCH_STATES if any(f["properties"]["value"] == s for f in features)]
    colour = alt.Color("properties.value:N", title="Cabang",
                       scale=alt.Scale(domain=list(BRANCH_STATES), range=list(BRANCH_STATES.values())),
                       legend=alt.Legend(values=shown, orient="right", labelLimit=0))
    tooltip = [("name", _name_title(False)), ("text", "Cabang"), ("term", "Masa bakti")]
    return _map(features, missing, colour, tooltip)


# --- Aid -----------------------------------------------------------------------------------------


def aid_figures(frame: pd.DataFrame) -> dict[str, dict]:
    """From `aid_by_kab_kota`: per kab/kota (or province) the value of aid handed out and its rupiah text."""
    national = is_national(frame)
    data = frame.assign(region=frame["kab_kota_code"].map(_province_of) if national else frame["kab_kota_code"])
    figures = {}
    for region, rows in data.groupby("region"):
        value, count = int(rows["value"].sum()), int(rows["distributions"].sum())
        figures[region] = {"value": value, "text": fmt.rupiah(value), "detail": f"{fmt.number(count)} penyaluran",
                           "mark": fmt.rupiah_short(value)}
    return figures


def aid_map(frame: pd.DataFrame) -> alt.Chart:
    """Aid value per kab/kota (or province) in the chosen years; kab/kota that got none are palest."""
    national = is_national(frame)
    features, missing = _features(frame, aid_figures(frame), national)
    if not national:
        for feature in features:
            if feature["properties"]["value"] is None:
                feature["properties"].update(value=0, text=fmt.rupiah(0), detail="0 penyaluran", mark="Rp 0")
        missing = [{**m, "text": m.get("text", fmt.rupiah(0))} for m in missing]
    top = max([1, *(f["properties"]["value"] or 0 for f in features)])
    colour = (
        alt.Color("properties.value:Q", title="Nilai bantuan",
                  scale=alt.Scale(domain=[0, top], range=VALUE_RANGE),
                  legend=alt.Legend(labelExpr=fmt.RUPIAH_AXIS_LABEL, tickCount=4, **_GRADIENT)))
    tooltip = [("name", _name_title(national)), ("text", "Nilai bantuan"), ("detail", "Penyaluran")]
    return _map(features, missing, colour, tooltip, label_all=not national)


# --- Reporting cycle -------------------------------------------------------------------------------

REPORTING_RANGE = ["#FBE3D6", "#1B9E62"]  # few reported (pale orange) to all reported (green)
NO_ACTIVE_LKS = "Tidak ada LKS aktif"


def reporting_figures(frame: pd.DataFrame) -> dict[str, dict]:
    """From `reporting_last_month` (the kelengkapan grid of one month): per kab/kota (or province, when
    national) the share of expected LKS that reported, in percent, with '7 dari 9 LKS (78%)'."""
    national = is_national(frame)
    data = frame.assign(region=frame["kab_kota_code"].map(_province_of) if national else frame["kab_kota_code"])
    figures = {}
    for region, rows in data.groupby("region"):
        expected, reported = int(rows["expected"].sum()), int(rows["reported"].sum())
        if not expected:
            figures[region] = {"value": None, "text": NO_ACTIVE_LKS, "mark": None}
            continue
        share = 100 * reported / expected
        percent = f"{fmt.number(round(share))}%"
        figures[region] = {"value": share, "text": f"{fmt.number(reported)} dari {fmt.number(expected)} LKS ({percent})",
                           "mark": percent}
    return figures


def reporting_map(frame: pd.DataFrame) -> alt.Chart:
    """The share of active LKS that reported the month, per kab/kota (or province); grey without an active LKS."""
    national = is_national(frame)
    features, missing = _features(frame, reporting_figures(frame), national)
    colour = alt.Color("properties.value:Q", title="LKS melapor (%)",
                       scale=alt.Scale(domain=[0, 100], range=REPORTING_RANGE),
                       legend=alt.Legend(format=".0f", values=[0, 25, 50, 75, 100], **_GRADIENT))
    tooltip = [("name", _name_title(national)), ("text", "Melapor")]
    return _map(features, missing, colour, tooltip, label_all=not national)


# --- PPKS --------------------------------------------------------------------------------------------

PPKS_RANGE = ["#FDF0E6", "#D55E00"]  # pale to the PPKS charts' orange


def ppks_figures(frame: pd.DataFrame, category: str | None) -> dict[str, dict]:
    """From `ppks_by_kab_kota`: per kab/kota (or province) the people of one category (None: all together)
    and the change on the year before, over the kab/kota that reported both years."""
    national = is_national(frame)
    data = frame if category is None else frame[frame["category"] == category]
    data = data.assign(region=data["kab_kota_code"].map(_province_of) if national else data["kab_kota_code"])
    figures = {}
    for region, rows in data.groupby("region"):
        value = int(rows["count"].sum())
        both = rows[rows["previous"].notna()]
        detail = "belum ada angka tahun lalu"
        if not both.empty and both["previous"].sum():
            previous = float(both["previous"].sum())
            change = 100 * (int(both["count"].sum()) - previous) / previous
            detail = ("tetap" if round(change, 1) == 0 else
                      f"{'naik' if change > 0 else 'turun'} {fmt.percent(abs(change))} dari tahun lalu")
        figures[region] = {"value": value, "text": f"{fmt.number(value)} jiwa", "detail": detail,
                           "mark": fmt.number(value)}
    return figures


def ppks_map(frame: pd.DataFrame, category: str | None = None) -> alt.Chart:
    """PPKS per kab/kota (or province) for one category or all; a kab/kota that did not report is grey."""
    national = is_national(frame)
    features, missing = _features(frame, ppks_figures(frame, category), national)
    year = int(frame["year"].iloc[0])
    for feature in features:
        if feature["properties"]["value"] is None:
            feature["properties"].update(text=f"Belum ada angka {year}", detail="")
    missing = [{**m, "text": m.get("text", f"belum ada angka {year}")} for m in missing]
    top = max([1, *(f["properties"]["value"] or 0 for f in features)])
    title = "PPKS (jiwa)" if category is None else f"{vocab.PPKS_SHORT[category]} (jiwa)"
    colour = alt.Color("properties.value:Q", title=title, scale=alt.Scale(domain=[0, top], range=PPKS_RANGE),
                       legend=alt.Legend(format=",d", tickCount=4, **_GRADIENT))
    tooltip = [("name", _name_title(national)), ("text", f"PPKS {year}"), ("detail", "Dibanding tahun lalu")]
    return _map(features, missing, colour, tooltip, label_all=not national)
