"""The dashboard panels: for each chart, its query, builder, takeaway, title and Excel headers.

Pages and Mode Rakor draw the same panels from here (through `web.chart_panel`), so a chart, its
one-line takeaway and its downloads are the same wherever a leader sees them.
"""

import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from kesos import charts, maps, takeaways, vocab
from kesos.db import WILAYAH_DIR
from kesos.queries import activity, aid, beneficiary, branch, lks, pusat_data, reporting, who_helps
from kesos.takeaways import years_label


@dataclass(frozen=True)
class View:
    """What titles and takeaways need besides the frame: the place as leaders say it, the years."""

    place: str
    year_from: int
    year_to: int
    national: bool = False  # every province: the per-kab/kota panels are drawn per province

    @property
    def years(self) -> str:
        return years_label(self.year_from, self.year_to)

    @property
    def regions(self) -> str:
        return "provinsi" if self.national else "kab/kota"


@dataclass(frozen=True)
class Panel:
    key: str  # file names of downloads, widget keys
    query: Callable[..., pd.DataFrame]  # a kesos.queries function taking (session, filters)
    title: Callable[[View], str]
    chart: Callable[[pd.DataFrame, View], alt.TopLevelMixin]
    takeaway: Callable[[pd.DataFrame, View], str]
    headers: dict[str, str]  # frame column -> Excel header, in sheet order
    province_only: bool = False  # kept for the province, not per kab/kota (donations), or the province's map
    # What a page with one kab/kota chosen says instead of the panel.
    province_only_note: str = "Donasi dicatat untuk provinsi, tidak per kab/kota."
    is_empty: Callable[[pd.DataFrame], bool] = field(default=lambda frame: frame.empty)
    slide_legend_right: bool = True  # on a Mode Rakor slide; a wide board keeps its legend below
    slide_scale: float = charts.SLIDE_SCALE  # how much larger the type is on a slide
    phone_width: int | None = None  # px a phone's slide keeps (scrolled sideways) when its columns cannot shrink


@functools.cache
def province_names() -> dict[str, str]:
    """Code -> name of the 38 provinces (data/wilayah), for the national panels' rows."""
    with (WILAYAH_DIR / "provinces.csv").open(encoding="utf-8") as file:
        return {row["code"]: row["name"] for row in csv.DictReader(file)}


def by_province(frame: pd.DataFrame, keys: list[str], sums: list[str], firsts: tuple[str, ...] = ()) -> pd.DataFrame:
    """A per-kab/kota frame summed per province: kab_kota_code holds the province's code and kab_kota its
    name, so the charts, takeaways and maps of a province draw Indonesia's 38 rows instead of 514."""
    if frame.empty:
        return frame
    province = frame["kab_kota_code"].str[:2]
    data = frame.assign(kab_kota_code=province, kab_kota=province.map(province_names()))
    grouped = data.groupby(["kab_kota_code", "kab_kota", *keys], sort=True, dropna=False)
    summed = grouped[sums].sum()
    if firsts:
        summed = summed.join(grouped[list(firsts)].first())
    return summed.reset_index()[list(frame.columns)]


def ppks_change_by_province(frame: pd.DataFrame) -> pd.DataFrame:
    """`pusat_data.change_on_last_year` summed per province and category: the year's people; last year's and
    the change over the kab/kota that reported both years only (NA where none did), so the change is like for
    like. kab_kota_code holds the province's code, kab_kota its name, as `by_province`."""
    if frame.empty:
        return frame
    data = frame.assign(kab_kota_code=frame["kab_kota_code"].str[:2])  # change is NA where previous is
    data["kab_kota"] = data["kab_kota_code"].map(province_names())
    grouped = data.groupby(["kab_kota_code", "kab_kota", "category", "short"], sort=True)
    summed = pd.DataFrame({"count": grouped["count"].sum(), "previous": grouped["previous"].sum(min_count=1),
                           "change": grouped["change"].sum(min_count=1)}).reset_index()
    return summed[list(frame.columns)]


def national_coverage_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The coverage board of every province: per province and column, the worst state of its kab/kota and how
    many of them are fine ("11/13 baik"), from the cells of `takeaways.coverage_cells`."""
    cells = takeaways.coverage_cells(frame)
    columns = len(takeaways.COVERAGE_COLUMNS)
    assert len(cells) == columns * len(frame)  # each kab/kota has one cell per column, in row order
    cells["province"] = frame["kab_kota_code"].str[:2].repeat(columns).to_numpy()
    worst = [takeaways.ACT, takeaways.WATCH, takeaways.OK, takeaways.NONE]
    rows = []
    for (code, column), group in cells.groupby(["province", "column"], sort=False):
        states = group["status"].value_counts()
        status = next(state for state in worst if state in states)
        rows.append({"kab_kota": province_names().get(code, code), "column": column,
                     "text": f"{states.get(takeaways.OK, 0)}/{len(group)} baik", "status": status,
                     "note": "; ".join(f"{takeaways.STATUS_LABELS[state]}: {states[state]} kab/kota"
                                       for state in worst if state in states)})
    return pd.DataFrame(rows, columns=["kab_kota", "column", "text", "status", "note"])


def _per_region(build: Callable, keys: list[str], sums: list[str], firsts: tuple[str, ...] = ()) -> Callable:
    """A per-kab/kota builder (chart or takeaway) that draws a national view per province."""
    def drawn(frame: pd.DataFrame, view: View):
        return build(by_province(frame, keys, sums, firsts) if view.national else frame, view)

    return drawn


_LKS_TYPE = {"type_label": "Jenis LKS"}
_UNITS = {"paket": "Paket", "unit": "Unit", "stel": "Stel", "buah": "Buah", "orang": "Orang"}

LKS_PER_YEAR = Panel(
    "lks-per-tahun", lks.lks_count_by_year,
    lambda v: f"Jumlah LKS per jenis di {v.place}, akhir tahun {v.years}",
    lambda f, v: charts.lks_per_year(f),
    lambda f, v: takeaways.lks_trend(f, v.place, v.year_from, v.year_to),
    {"year": "Tahun", **_LKS_TYPE, "count": "Jumlah LKS"},
)
LKS_PER_KAB_KOTA = Panel(
    "lks-per-kab-kota", lks.lks_by_type_per_kab_kota,
    lambda v: f"LKS per jenis di tiap {v.regions}, {v.place}, akhir {v.year_to}",
    _per_region(lambda f, v: charts.lks_by_type_per_kab_kota(f), ["lks_type", "type_label"], ["count"]),
    _per_region(lambda f, v: takeaways.lks_by_kab_kota(f, v.place, v.year_to), ["lks_type", "type_label"],
                ["count"]),
    {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", **_LKS_TYPE, "count": "Jumlah LKS"},
)

_PEOPLE = {"women": "Perempuan", "men": "Laki-laki", "total": "Jumlah",
           # how complete the month was when the figures were read (kesos.queries.reporting)
           "complete_kab_kota": "Kab/kota lengkap", "expected_kab_kota": "Kab/kota dengan LKS aktif"}
BENEFICIARIES_BY_MONTH = Panel(
    "penerima-per-bulan", beneficiary.beneficiaries_by_month,
    lambda v: f"Penerima manfaat per bulan di {v.place}: {v.year_to} dibanding {v.year_to - 1}",
    lambda f, v: charts.beneficiaries_by_month(f, v.year_to),
    lambda f, v: takeaways.beneficiaries_trend(f, v.place, v.year_to),
    {"year": "Tahun", "month": "Bulan", **_PEOPLE},
)
BENEFICIARIES_BY_TYPE = Panel(
    "penerima-per-jenis", beneficiary.beneficiaries_by_type,
    lambda v: f"Penerima manfaat menurut jenis LKS di {v.place}, {v.year_to - 1}–{v.year_to}",
    lambda f, v: charts.beneficiaries_by_type(f),
    lambda f, v: takeaways.beneficiaries_by_type(f, v.place, v.year_to),
    {"year": "Tahun", "month": "Bulan", **_LKS_TYPE, **_PEOPLE},
)
# A month's people summed per province; how complete the month is is the same for all its rows.
_MONTH_PER_REGION = (["year", "month"], ["women", "men", "total"], ("complete", "complete_kab_kota",
                                                                   "expected_kab_kota"))
BENEFICIARIES_BY_KAB_KOTA = Panel(
    "penerima-per-kab-kota", beneficiary.beneficiaries_by_kab_kota,
    lambda v: f"Penerima manfaat per {v.regions} di {v.place}, {v.year_to - 1}–{v.year_to}",
    _per_region(lambda f, v: charts.beneficiaries_by_kab_kota(f), *_MONTH_PER_REGION),
    _per_region(lambda f, v: takeaways.beneficiaries_by_kab_kota(f, v.place, v.year_to), *_MONTH_PER_REGION),
    {"year": "Tahun", "month": "Bulan", "kab_kota_code": "Kode", "kab_kota": "Kab/kota", **_PEOPLE},
)

AID_BY_SOURCE = Panel(
    "bantuan-per-sumber", aid.aid_by_source_per_year,
    lambda v: f"Nilai bantuan per sumber dana di {v.place}, {v.years}",
    lambda f, v: charts.aid_by_source_per_year(f),
    lambda f, v: takeaways.aid_by_source(f, v.place, v.year_from, v.year_to),
    {"year": "Tahun", "source_label": "Sumber dana", "value": "Nilai (Rp)", "distributions": "Penyaluran", **_UNITS},
)
CSR_BY_COMPANY = Panel(
    "csr-per-perusahaan", aid.csr_by_company,
    lambda v: f"Bantuan yang didanai CSR per perusahaan di {v.place}, {v.years}",
    lambda f, v: charts.csr_by_company(f),
    lambda f, v: takeaways.csr_by_company(f, v.place, v.year_from, v.year_to),
    {"rank": "Peringkat", "company": "Perusahaan", "year": "Tahun", "value": "Nilai (Rp)",
     "distributions": "Penyaluran"},
)
AID_BY_ITEM = Panel(
    "bantuan-per-barang", aid.aid_by_item,
    lambda v: f"Bantuan per jenis barang di {v.place}, {v.years}",
    lambda f, v: charts.aid_by_item(f),
    lambda f, v: takeaways.aid_by_item(f, v.place, v.year_from, v.year_to),
    {"item": "Barang", "quantity": "Jumlah", "unit": "Satuan", "value": "Nilai (Rp)", "distributions": "Penyaluran"},
)
AID_BY_KAB_KOTA = Panel(
    "bantuan-per-kab-kota", aid.aid_by_kab_kota,
    lambda v: f"Bantuan per {v.regions} di {v.place}, {v.years}",
    _per_region(lambda f, v: charts.aid_by_kab_kota(f), [], ["value", "distributions", *_UNITS]),
    _per_region(lambda f, v: takeaways.aid_by_kab_kota(f, v.place, v.year_from, v.year_to), [],
                ["value", "distributions", *_UNITS]),
    {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", "value": "Nilai (Rp)", "distributions": "Penyaluran", **_UNITS},
)
DONATIONS_CASH = Panel(
    "donasi-tunai", aid.donations_cash,
    lambda v: f"Donasi tunai yang diterima di {v.place}, {v.years}",
    lambda f, v: charts.donations_cash(f),
    lambda f, v: takeaways.donations_cash(f, v.place, v.year_from, v.year_to),
    {"year": "Tahun", "source_label": "Sumber", "amount": "Nilai (Rp)", "donations": "Penerimaan"},
    province_only=True,
)
DONATIONS_IN_KIND = Panel(
    "donasi-barang", aid.donations_in_kind,
    lambda v: f"Donasi barang yang diterima di {v.place}, {v.years}",
    lambda f, v: charts.donations_in_kind(f),
    lambda f, v: takeaways.donations_in_kind(f, v.place, v.year_from, v.year_to),
    {"year": "Tahun", "item": "Barang", "quantity": "Jumlah", "unit": "Satuan", "donations": "Penerimaan"},
    province_only=True,
)

BRANCH_COVERAGE = Panel(
    "cakupan-cabang", branch.branch_coverage,
    lambda v: f"Cakupan cabang kab/kota di {v.place}, {v.year_to}" + (" per provinsi" if v.national else ""),
    lambda f, v: charts.branch_coverage(national_coverage_cells(f) if v.national else takeaways.coverage_cells(f)),
    lambda f, v: takeaways.branch_coverage(f, v.place),
    {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", "is_formed": "Cabang terbentuk", "branch_name": "Nama cabang",
     "decree_date": "Tanggal SK", "chair_name": "Ketua", "term_start": "Masa bakti mulai",
     "term_end": "Masa bakti berakhir", "lks": "LKS", "open_requests": "Permohonan terbuka",
     "oldest_open_request": "Permohonan terbuka tertua", "last_activity": "Kegiatan terakhir",
     "as_of": "Keadaan per"},
    slide_legend_right=False, slide_scale=1.0,  # 13 rows of five cells: the page's type already fills them
    phone_width=760,  # five columns of dates and words: on a phone the board scrolls sideways
)
ACTIVITY_TIMELINE = Panel(
    "kegiatan", activity.activity_timeline,
    lambda v: f"Rapat dan kegiatan di {v.place}, {v.years}",
    lambda f, v: charts.activity_timeline(f),
    lambda f, v: takeaways.activity_timeline(f, v.place, v.year_from, v.year_to),
    {"start_date": "Mulai", "end_date": "Selesai", "kind_label": "Jenis", "title": "Kegiatan", "place": "Tempat",
     "participants": "Peserta", "host_kab_kota": "Tuan rumah", "kab_kota_present": "Kab/kota hadir"},
)

# Maps (kesos.maps): the same queries, takeaways and Excel sheets as the charts above, drawn on the
# province's kab/kota (or, for a national deployment, on Indonesia's provinces). A map is of a whole
# province: a page with one kab/kota chosen leaves it out, as Mode Rakor does (`province_only`).
MAP_SLIDE_SCALE = 1.0  # names are placed to fit the map; the legend's 16-18 px type reads on a projector
MAP_NOTE = "Peta menggambarkan seluruh kab/kota di provinsi, tidak satu kab/kota saja."
LKS_MAP = Panel(
    "peta-lks", LKS_PER_KAB_KOTA.query,
    lambda v: f"Peta LKS di {v.place}, akhir {v.year_to}",
    lambda f, v: maps.lks_map(f),
    LKS_PER_KAB_KOTA.takeaway, LKS_PER_KAB_KOTA.headers, province_only=True,
    province_only_note=MAP_NOTE, slide_scale=MAP_SLIDE_SCALE,
)
BRANCH_MAP = Panel(
    "peta-cabang", BRANCH_COVERAGE.query,
    lambda v: f"Peta cabang kab/kota di {v.place}, {v.year_to}",
    lambda f, v: maps.branch_map(f),
    BRANCH_COVERAGE.takeaway, BRANCH_COVERAGE.headers, province_only=True,
    province_only_note=MAP_NOTE, slide_scale=MAP_SLIDE_SCALE,
)
AID_MAP = Panel(
    "peta-bantuan", AID_BY_KAB_KOTA.query,
    lambda v: f"Peta nilai bantuan per kab/kota di {v.place}, {v.years}",
    lambda f, v: maps.aid_map(f),
    AID_BY_KAB_KOTA.takeaway, AID_BY_KAB_KOTA.headers, province_only=True,
    province_only_note=MAP_NOTE, slide_scale=MAP_SLIDE_SCALE,
)
# The reporting cycle: last month by kesos.clock, whatever the years chosen (the Kelengkapan grid's figures).
REPORTING_MAP = Panel(
    "peta-pelaporan", reporting.reporting_last_month,
    lambda v: f"Peta LKS yang melapor bulan lalu di {v.place}",
    lambda f, v: maps.reporting_map(f),
    lambda f, v: takeaways.reporting_last_month(f, v.place),
    {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", "year": "Tahun", "month": "Bulan", "expected": "LKS aktif",
     "reported": "LKS melapor", "on_time": "Tepat waktu", "share": "Bagian melapor", "state_label": "Keadaan"},
    province_only=True, is_empty=lambda frame: frame.empty or not frame["expected"].sum(),
    province_only_note=MAP_NOTE, slide_scale=MAP_SLIDE_SCALE,
)
MAP_PANELS = (LKS_MAP, BRANCH_MAP, AID_MAP, REPORTING_MAP)

# Pusat data: PPKS are counted once a year. The map is of the filter's year; the top needs (a Mode Rakor
# slide, a section of the laporan wilayah) are of the newest year with figures up to it, and say which.
_PPKS_MAP_HEADERS = {"kab_kota_code": "Kode", "kab_kota": "Kab/kota", "year": "Tahun", "short": "Kategori",
                     "count": "Jiwa", "previous": "Jiwa tahun lalu", "source": "Sumber data",
                     "figures_on": "Tanggal data"}


def _ppks_map(category: str | None) -> Panel:
    label = None if category is None else vocab.PPKS_CATEGORIES[category]
    return Panel(
        f"peta-ppks-{category or pusat_data.ALL}", pusat_data.ppks_by_kab_kota,
        lambda v: f"Peta PPKS {'' if label is None else label + ' '}per kab/kota di {v.place}, {v.year_to}",
        lambda f, v: maps.ppks_map(f, category),
        lambda f, v: takeaways.ppks_map(f if category is None else f[f["category"] == category], v.place, v.year_to,
                                        label),
        _PPKS_MAP_HEADERS, province_only=True, slide_scale=MAP_SLIDE_SCALE,
    )


# One panel per choice (every category, or all of them), so each has its own key, file names and cache.
PPKS_MAPS = {category: _ppks_map(category) for category in (None, *vocab.PPKS_CATEGORIES)}
PPKS_TOP_NEEDS = Panel(
    "ppks-kebutuhan-terbesar", pusat_data.ppks_top_needs,
    lambda v: f"Kebutuhan terbesar (PPKS) di {v.place}, sampai {v.year_to}",
    lambda f, v: charts.ppks_top_needs(f),
    lambda f, v: takeaways.ppks_top_needs(f, v.place, v.year_to),
    {"year": "Tahun", "short": "Singkatan", "label": "Kategori PPKS", "count": "Jiwa",
     "kab_kota_reported": "Kab/kota melapor", "kab_kota_total": "Kab/kota", "count_both": "Jiwa (melapor kedua tahun)",
     "previous_both": "Jiwa tahun sebelumnya (melapor kedua tahun)", "kab_kota_both": "Kab/kota melapor kedua tahun",
     "sources": "Sumber data", "figures_on": "Data per"},
)
WHO_HELPS_WHERE = Panel(
    "siapa-membantu", who_helps.who_helps_where,
    lambda v: (f"Siapa membantu apa di mana: bantuan per "
               f"{'jenis sumber dana dan provinsi' if v.national else 'sumber dana dan kab/kota'} di {v.place}, {v.years}"),
    lambda f, v: charts.who_helps_where(f),
    lambda f, v: takeaways.who_helps_where(f, v.place, v.year_from, v.year_to),
    {"source_label": "Jenis sumber dana", "funding_source": "Sumber dana", "kab_kota_code": "Kode",
     "kab_kota": "Kab/kota", "item": "Barang", "quantity": "Jumlah", "unit": "Satuan", "value": "Nilai (Rp)",
     "distributions": "Penyaluran"},
)

LKS_PANELS = (LKS_PER_YEAR, LKS_PER_KAB_KOTA)
BENEFICIARY_PANELS = (BENEFICIARIES_BY_MONTH, BENEFICIARIES_BY_TYPE, BENEFICIARIES_BY_KAB_KOTA)
AID_PANELS = (AID_BY_SOURCE, CSR_BY_COMPANY, AID_BY_ITEM, AID_BY_KAB_KOTA, DONATIONS_CASH, DONATIONS_IN_KIND)
# Mode Rakor: one slide per panel, in the order a coordination meeting goes through them.
RAKOR_SLIDES = (
    *LKS_PANELS, BENEFICIARIES_BY_MONTH, BENEFICIARIES_BY_TYPE, AID_BY_SOURCE, CSR_BY_COMPANY, AID_BY_ITEM,
    AID_BY_KAB_KOTA, DONATIONS_CASH, PPKS_TOP_NEEDS, BRANCH_COVERAGE, BRANCH_MAP, ACTIVITY_TIMELINE,
)


def rakor_slides(kab_kota_code: str | None) -> list[Panel]:
    """The slides of a Mode Rakor (on screen and in the printed deck): one kab/kota's leaves out the
    province's own panels (donations, maps)."""
    return [panel for panel in RAKOR_SLIDES if not (panel.province_only and kab_kota_code)]


PANELS = {panel.key: panel for panel in (*LKS_PANELS, *BENEFICIARY_PANELS, *AID_PANELS, BRANCH_COVERAGE,
                                         ACTIVITY_TIMELINE, *MAP_PANELS, *PPKS_MAPS.values(), PPKS_TOP_NEEDS,
                                         WHO_HELPS_WHERE)}


def panel_spec(panel: Panel, frame: pd.DataFrame, view: View) -> dict:
    """The panel's chart as the Vega-Lite dict a page draws, filling the page's width (the height is the
    plot's, so every row of a long bar chart has room).

    Built without Altair's checks: in its debug mode every object validates itself against the schema as
    it is made, a quarter of the cost of a cold panel, and `to_dict(validate=False)` skips the final check.
    The tests build every panel with both (tests/test_summaries.py), and the spec is the same dict.
    """
    with debug_mode(False):
        spec = panel.chart(frame, view).to_dict(validate=False)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec
