"""The issue's case in a real browser: November 2026 entered for 2 of Kalsel's 13 kab/kota. Mode Rakor and
Ringkasan say how complete November is and show no fall."""

import re
import shutil

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from kesos.db import make_engine
from kesos.security import Actor
from kesos.services import beneficiary
from tests.e2e.conftest import AppServer, _free_port
from tests.e2e.streamlit_page import signed_in, wait_idle

NOTE = "November 2026: baru 2 dari 13 kab/kota melapor"


@pytest.fixture(scope="module")
def partial_server(demo_db_template, tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("partial")
    db_path = folder / "kesos.db"
    shutil.copy(demo_db_template, db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    actor = Actor("sekretariat", "sekretariat", province_code="63")
    with Session(engine) as session:
        for kab_kota in ("63.71", "63.72"):
            grid = beneficiary.copy_last_month(session=session, actor=actor, kab_kota_code=kab_kota, year=2026, month=11)
            beneficiary.save_grid(session=session, actor=actor, kab_kota_code=kab_kota, year=2026, month=11,
                                  rows=[beneficiary.Row(int(r.lks_id), r.women, r.men) for r in grid.itertuples()],
                                  expected_versions={}, warnings_reason="Disalin dari Oktober")
        session.commit()
    engine.dispose()
    server = AppServer(db_path, _free_port(), folder / "streamlit.log")
    server.start()
    yield server
    server.stop()


def test_rakor_and_ringkasan_say_how_complete_november_is_and_show_no_fall(partial_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    signed_in(page, partial_server.url, "sekretariat", "/rakor?prov=63&dari=2025&tahun=2026&slide=3")
    takeaway = page.get_by_role("heading", level=2, name=re.compile("^Penerima manfaat di Kalsel"))
    expect(takeaway).to_contain_text(NOTE)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_be_visible()
    assert "turun" not in takeaway.inner_text()
    assert "(September 2026)" in takeaway.inner_text()  # the last complete month: October is partial too

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(partial_server.url + "/?prov=63&tahun=2026")
    expect(page.get_by_text(NOTE)).to_be_visible()
    wait_idle(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Penerima manfaat")
    assert int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(".", "")) > 3_500
    expect(page.get_by_text("September 2026", exact=True)).to_be_visible()
