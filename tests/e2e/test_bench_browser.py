"""The browser benchmark's pieces (bench/browser.py): its clock stops only when every chart is drawn, and the floor
app draws the charts it is given. Under a browser, so it skips with the other e2e tests (no Chromium, KESOS_TEST_NOW)."""

import json
import time

import jwt

from bench import browser as bb
from tests.e2e.conftest import COOKIE_KEY


def _signed_in_page(browser, base_url: str, username: str):
    # The page fixture's context has no monitor; the benchmark's own context has it.
    page = bb.new_page(browser, base_url)
    token = jwt.encode({"username": username, "exp_date": time.time() + 3600}, COOKIE_KEY, algorithm="HS256")
    page.context.add_cookies([{"name": "kesos_auth", "value": token, "url": base_url}])
    return page


def _drawn_now(page) -> list[int]:
    """Marks in each chart's SVG (or 1 per non-empty canvas), read from the DOM, independently of the monitor."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=stElementContainer].stPrintGraphic'))
        .map(box => { const svg = box.querySelector('svg.marks'); const canvas = box.querySelector('.vega-embed canvas');
                      return svg ? svg.querySelectorAll('path, rect, line, text').length : (canvas && canvas.width ? 1 : 0); })""")


def test_the_clock_stops_when_every_chart_of_the_bantuan_page_is_drawn(app_server, browser):
    from kesos import dashboards

    page = _signed_in_page(browser, app_server.url, "pimpinan")
    try:
        bb.load(page, app_server.url + "/")  # a new server's first session (see conftest): not timed
        timing = bb.load(page, app_server.url + "/dasbor-bantuan?prov=63")
        drawn = _drawn_now(page)  # right after the clock stopped
        # The page draws one chart per panel with data: the demo's Kalimantan Selatan has all six (its facts).
        assert timing.charts == len(dashboards.AID_PANELS) == len(drawn) == 6
        assert all(marks > 10 for marks in drawn), drawn
        assert 0 < timing.done_ms < 120_000 and timing.runs >= 1
        rerun = bb.choose_year(page, [2024, 2023])
        assert rerun.charts == 6 and rerun.done_ms > 0
        assert "tahun=2024" in page.url or "tahun=2023" in page.url
    finally:
        page.context.close()


def test_the_floor_app_draws_the_charts_it_is_given(browser, tmp_path):
    bar = {"mark": "bar", "encoding": {"x": {"field": "n", "type": "quantitative"}, "y": {"field": "k", "type": "nominal"}},
           "data": {"values": [{"k": "a", "n": 3}, {"k": "b", "n": 5}]}}
    line = {"mark": "line", "encoding": {"x": {"field": "t", "type": "ordinal"}, "y": {"field": "v", "type": "quantitative"}},
            "datasets": {"d": [{"t": 1, "v": 2}, {"t": 2, "v": 4}, {"t": 3, "v": 3}]}, "data": {"name": "d"}}
    specs = tmp_path / "specs.json"
    specs.write_text(json.dumps({"two": [bar, line], "none": []}))
    floor = bb.Server(bb.ROOT / "bench" / "floor_app.py", {}, tmp_path / "floor.log", args=(str(specs),)).start()
    page = bb.new_page(browser)
    try:
        timing = bb.load(page, floor.url + "/?page=two", min_charts=2)
        assert timing.charts == 2 and all(marks > 0 for marks in _drawn_now(page))
        assert bb.load(page, floor.url + "/?page=none").charts == 0
    finally:
        page.context.close()
        floor.stop()


def test_a_page_opened_with_the_login_cookie_runs_its_script_once_and_logout_still_deletes_the_cookie(
        app_server, browser):
    """The cookie component reads every cookie back through the browser and so asks for a second run of the
    script once it has mounted; a session that came in with a valid cookie (a refresh, a bookmark) never
    draws it (kesos.auth): one run per page load, counted by the monitor until the page has been still
    for two seconds. Logging out of such a session still deletes the cookie from the browser."""
    page = _signed_in_page(browser, app_server.url, "pimpinan")
    try:
        for path in ("/dasbor-lks?prov=63", "/?prov=63", "/dasbor-bantuan?prov=63"):
            timing = bb.settle(page, bb.load(page, app_server.url + path))
            assert timing.settled_runs == 1, (path, timing)
        assert "kesos_auth" in {c["name"] for c in page.context.cookies()}
        page.get_by_role("button", name="Keluar").click()
        page.get_by_label("Kata sandi").wait_for(timeout=30_000)
        deadline = time.monotonic() + 20
        while "kesos_auth" in {c["name"] for c in page.context.cookies()} and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert "kesos_auth" not in {c["name"] for c in page.context.cookies()}
    finally:
        page.context.close()
