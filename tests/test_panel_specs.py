"""The spec a page draws (`dashboards.panel_spec`: Altair without its debug checks, not validated) is the
dict Altair makes with every check on, for every panel of the demo; Ringkasan's chart is the LKS panel's."""

import json

import pytest
from altair.utils import schemapi
from sqlmodel import Session

from kesos import charts, dashboards, queries

AUTOSIZE = {"autosize": {"type": "fit-x", "contains": "padding"}}
SELECTIONS = [queries.Filters(province_code="63", year_from=2023, year_to=2025),
              queries.Filters(province_code="63", kab_kota_code="63.71", year_from=2023, year_to=2025),
              queries.Filters(province_code="51", year_from=2014, year_to=2014),
              queries.Filters(year_from=2023, year_to=2025)]


def _checked(chart) -> dict:
    with schemapi.debug_mode(True):
        return chart.to_dict(validate=True)


@pytest.mark.parametrize("filters", SELECTIONS, ids=["kalsel", "banjarmasin", "bali-2014", "national"])
def test_every_panels_spec_is_the_one_altair_makes_with_its_checks(module_demo_engine, filters):
    view = dashboards.View("Kalsel", filters.year_from, filters.year_to)
    compared = 0
    with Session(module_demo_engine) as session:
        for panel in dashboards.PANELS.values():
            frame = panel.query(session, filters)
            if panel.is_empty(frame):
                continue
            fast = dashboards.panel_spec(panel, frame, view)
            expected = _checked(panel.chart(frame, view)) | AUTOSIZE
            assert json.dumps(fast, sort_keys=True) == json.dumps(expected, sort_keys=True), panel.key
            compared += 1
    assert compared >= 8


def test_ringkasans_chart_is_the_lks_per_kab_kota_panel(module_demo_engine):
    """What Ringkasan drew itself before (the chart with the page's autosize) is what it draws from the cache."""
    filters = queries.Filters(province_code="63", year_from=2025, year_to=2025)
    view = dashboards.View("Kalsel", 2025, 2025)
    panel = dashboards.LKS_PER_KAB_KOTA
    with Session(module_demo_engine) as session:
        frame = panel.query(session, filters)
    before = _checked(charts.lks_by_type_per_kab_kota(frame).properties(autosize=AUTOSIZE["autosize"]))
    assert dashboards.panel_spec(panel, frame, view) == before
