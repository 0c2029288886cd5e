"""Mode Rakor on a phone held upright (390 px): every slide's chart keeps its legends below the plot (not cut
off at the right edge), names beside bars cut to fit, fewer ticks; still valid Vega-Lite; and the page picks
the phone layout from the browser's User-Agent or the URL."""

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

from kesos import charts, dashboards
from kesos.db import session_scope
from kesos.queries import Filters

VIEW = dashboards.View("Kalsel", 2023, 2025)
FILTERS = Filters(province_code="63", year_from=2023, year_to=2025)


def _nodes(node, key):
    """Every value stored under `key` anywhere in a spec (datasets left out)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            if k != "datasets":
                yield from _nodes(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item, key)


@pytest.fixture(scope="module")
def slide_specs(module_demo_engine):
    specs = {}
    with session_scope(module_demo_engine) as session:
        for panel in dashboards.rakor_slides(None):
            frame = panel.query(session, FILTERS)
            if not panel.is_empty(frame):
                specs[panel.key] = (panel, panel.chart(frame, VIEW).to_dict(validate=False))
    assert len(specs) == len(dashboards.rakor_slides(None))  # the demo draws every slide
    return specs


def test_every_phone_slide_puts_each_legend_below_and_stays_valid(slide_specs):
    schema = load_schema()
    for key, (panel, spec) in slide_specs.items():
        phone = charts.for_slide(spec, charts.slide_height("x"), scale=panel.slide_scale,
                                 legend_right=panel.slide_legend_right, phone=True)
        validate_jsonschema(phone, schema)
        legends = [legend for legend in _nodes(phone, "legend") if isinstance(legend, dict)]
        assert all(legend["orient"] == "bottom" for legend in legends), key
        assert all(legend.get("columns", 1) <= charts.PHONE_LEGEND_COLUMNS or legend["direction"] == "horizontal"
                   for legend in legends), key
        assert all(0 < limit <= charts.PHONE_LABEL_LIMIT for limit in _nodes(phone, "labelLimit")
                   if limit != phone["config"]["legend"]["labelLimit"]), key
        assert phone["config"]["axisXQuantitative"]["tickCount"] <= 4
        assert phone["autosize"]["type"] == "fit"
        assert phone["height"] == charts.PHONE_SLIDE_HEIGHT or panel.phone_width, key
        # the projector's slide is unchanged: a legend at the right where the panel asks for it
        wide = charts.for_slide(spec, charts.slide_height("x"), scale=panel.slide_scale,
                                legend_right=panel.slide_legend_right)
        if panel.slide_legend_right:
            assert wide["config"]["legend"]["orient"] == "right", key


def test_the_phone_slide_keeps_the_page_s_type_size(slide_specs):
    panel, spec = slide_specs["lks-per-tahun"]
    fonts = list(_nodes(spec, "labelFontSize"))
    phone = charts.for_slide(spec, phone=True)
    assert list(_nodes(phone, "labelFontSize")) == fonts  # not the projector's 1.3x
    assert list(_nodes(charts.for_slide(spec), "labelFontSize")) != fonts


IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.mark.parametrize("agent,param,phone", [
    (IPHONE, None, True), (ANDROID_PHONE, None, True), (ANDROID_TABLET, None, False), (DESKTOP, None, False),
    (DESKTOP, "ponsel", True), (IPHONE, "layar", False), ("", None, False)])
def test_a_phone_is_told_by_its_user_agent_or_the_url(monkeypatch, agent, param, phone):
    from kesos.web import device

    class Context:
        headers = {"User-Agent": agent}

    monkeypatch.setattr(device.st, "context", Context())
    monkeypatch.setattr(device.st, "query_params", {device.VIEW_PARAM: param} if param else {})
    assert device.is_phone() is phone


def test_mode_rakor_draws_the_phone_slide_when_the_url_asks_for_it(app_env):
    from tests.pages.test_dashboards import ACTORS, open_page

    def legend_orient(at) -> str:
        [chart] = at.get("vega_lite_chart")
        import json

        return json.loads(chart.proto.spec)["config"]["legend"]["orient"]

    wide = open_page("rakor", ACTORS["pimpinan"], prov="63", dari="2023", tahun="2025", slide="1")
    phone = open_page("rakor", ACTORS["pimpinan"], prov="63", dari="2023", tahun="2025", slide="1", tampilan="ponsel")
    assert not wide.exception and not phone.exception
    assert (legend_orient(wide), legend_orient(phone)) == ("right", "bottom")


def test_every_dashboard_page_draws_its_charts_for_a_phone_when_asked(app_env):
    """On a phone the pages' charts too (not only Mode Rakor's) have their legends below in at most two
    columns and names cut to fit, so nothing is cut off at 390 px; the downloads keep the page's chart."""
    import json

    from tests.pages.test_dashboards import ACTORS, open_page

    for key in ("dasbor-bantuan", "dasbor-penerima", "ringkasan"):
        wide = open_page(key, ACTORS["sekretariat"], dari="2023", tahun="2025")
        phone = open_page(key, ACTORS["sekretariat"], dari="2023", tahun="2025", tampilan="ponsel")
        assert not wide.exception and not phone.exception
        wide_specs = [json.loads(chart.proto.spec) for chart in wide.get("vega_lite_chart")]
        phone_specs = [json.loads(chart.proto.spec) for chart in phone.get("vega_lite_chart")]
        assert len(wide_specs) == len(phone_specs) > 0, key
        for spec in phone_specs:
            legend = spec["config"]["legend"]
            assert legend["orient"] == "bottom" and legend["columns"] <= charts.PHONE_LEGEND_COLUMNS, key
            assert 0 < legend["labelLimit"] <= 260, key
        assert any(spec["config"]["legend"].get("labelLimit") == 0 for spec in wide_specs), key  # the page's own
