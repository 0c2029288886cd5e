"""Chart builders and their slide form (kesos/charts.py): a spec in, a spec out, no database.

Charts that tell the truth: what a bar is sized by is what its label says; nothing drawn is cut off.
"""

from datetime import date

import pandas as pd

from kesos import charts


def test_a_slide_spec_is_larger_and_fits_the_projector():
    spec = {"config": {"axis": {"labelFontSize": 16}}, "height": 900, "datasets": {"d": [{"a": 1}]},
            "layer": [{"mark": {"type": "text", "fontSize": 10}}]}
    slide = charts.for_slide(spec, charts.slide_height("kesimpulan pendek"))
    assert slide["config"]["axis"]["labelFontSize"] == 21 and slide["layer"][0]["mark"]["fontSize"] == 13
    assert slide["height"] == charts.SLIDE_HEIGHT and slide["autosize"]["type"] == "fit"
    assert slide["datasets"] is spec["datasets"] and spec["config"]["axis"]["labelFontSize"] == 16
    assert charts.slide_height("x" * 100) < charts.SLIDE_HEIGHT  # a takeaway on two lines leaves less room


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def _rows(chart) -> list[dict]:
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values()))


def test_aid_by_item_labels_the_rupiah_its_bars_are_sized_by_and_then_the_quantity():
    frame = pd.DataFrame({"item": ["Bedah rumah", "Paket PMT"], "unit": ["unit", "paket"], "quantity": [30, 1530],
                          "value": [590_000_000, 229_500_000], "distributions": [30, 51]})
    chart = charts.aid_by_item(frame)
    bars, labels = _layers(chart)
    assert bars["encoding"]["x"]["field"] == "value"
    shown = {row["item"]: row[labels["encoding"]["text"]["field"]] for row in _rows(chart)}
    assert shown == {"Bedah rumah": "Rp 590 juta · 30 unit", "Paket PMT": "Rp 229,5 juta · 1.530 paket"}


def test_the_timeline_leaves_room_before_the_first_and_after_the_last_event():
    frame = pd.DataFrame({"start_date": [date(2025, 1, 2), date(2025, 12, 30)],
                          "end_date": [date(2025, 1, 2), date(2025, 12, 31)],
                          "kind_label": ["Rakor", "Rakor"], "title": ["Rakor awal", "Rakor akhir"],
                          "place": ["Aula", "Aula"], "participants": [120, 80], "host_kab_kota": [None, None],
                          "kab_kota_present": [5, 3]})
    domain = _layers(charts.activity_timeline(frame))[0]["encoding"]["x"]["scale"]["domain"]
    first, last = (date.fromisoformat(day) for day in domain)
    assert first <= date(2024, 12, 26) and last >= date(2026, 1, 7)  # a week or more on each side
    assert (last - first).days < 365 + 60  # and not so much that the year shrinks


def test_a_month_not_due_yet_is_not_coloured_as_missing_but_a_late_one_is():
    frame = pd.DataFrame({
        "kab_kota_code": ["63.71"] * 3, "kab_kota": ["Kota Banjarmasin"] * 3, "year": [2026] * 3,
        "month": [10, 11, 12], "expected": [44, 44, 44], "reported": [20, 0, 0], "on_time": [20, 0, 0],
        "share": [20 / 44, 0.0, 0.0], "state": ["terbuka"] * 3, "state_label": ["Terbuka"] * 3,
        "due_on": [date(2026, 11, 10), date(2026, 12, 10), date(2027, 1, 10)],
        "complete": [False] * 3, "late": [True, False, False]})  # as on 2 December 2026
    waiting, cells, _texts = charts.reporting_completeness(frame).to_dict()["layer"]
    rows = max(charts.reporting_completeness(frame).to_dict()["datasets"].values(), key=len)
    coloured = {row["month"]: row["persen"] for row in rows}
    assert coloured[10] == 45 and coloured[11] is None and coloured[12] is None  # October late: 45%, coloured
    assert waiting["mark"]["color"] == charts.PENDING_CELL
