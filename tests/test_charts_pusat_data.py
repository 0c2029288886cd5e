"""The 3W chart stays small at national scale (thousands of source x kab/kota x item rows), and with one
kab/kota shows its largest funding sources with the rest together."""

import pandas as pd

from kesos import charts


def _frame(sources: int, kab_kota: int, items: int = 4) -> pd.DataFrame:
    rows = [{"source_kind": "csr", "source_label": "CSR perusahaan", "funding_source_id": s,
             "funding_source": f"PT Sumber {s}", "kab_kota_code": f"35.{k:02d}", "kab_kota": f"Kabupaten K{k}",
             "item": f"Barang {i}", "unit": "paket", "quantity": 1 + s % 7, "value": 1_000_000 * (1 + s % 13),
             "distributions": 1 + i}
            for s in range(sources) for k in range(kab_kota) for i in range(items)]
    return pd.DataFrame(rows)


def _dataset(chart) -> pd.DataFrame:
    spec = chart.to_dict(validate=True)
    return [pd.DataFrame(values) for values in spec["datasets"].values()]


def test_the_3w_chart_of_a_large_province_is_aggregated_below_altairs_row_limit():
    frame = _frame(sources=60, kab_kota=38)  # 9,120 rows: above Altair's 5,000
    cells, totals = _dataset(charts.who_helps_where(frame))
    assert len(cells) == 38 and len(totals) == 38  # one cell per kab/kota and kind of source
    assert int(cells["value"].sum()) == int(frame["value"].sum())
    assert set(cells["sources"]) == {60}


def test_the_3w_chart_of_one_kab_kota_shows_its_fifteen_largest_sources_and_the_rest_together():
    frame = _frame(sources=40, kab_kota=1)
    cells, _ = _dataset(charts.who_helps_where(frame))
    assert len(cells) == charts.WHO_HELPS_TOP + 1 and charts.OTHERS in set(cells["funding_source"])
    assert int(cells["value"].sum()) == int(frame["value"].sum())
    largest = frame.groupby("funding_source")["value"].sum().sort_values(ascending=False, kind="stable")
    shown = set(cells["funding_source"]) - {charts.OTHERS}
    assert shown == set(largest.index[:charts.WHO_HELPS_TOP])
