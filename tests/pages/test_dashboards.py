"""The dashboard pages and Mode Rakor through AppTest: every role, filters kept in the URL, empty views."""

import pytest
from streamlit.testing.v1 import AppTest

from kesos import clock, dashboards, navigation
from kesos.security import Actor
from tests.pages.apptest import ROOT, texts

ACTORS = {
    "admin": Actor("admin", "admin"),
    "sekretariat": Actor("sekretariat", "sekretariat", "63"),
    "operator": Actor("operator", "operator", "63", "63.71"),
    "pimpinan": Actor("pimpinan", "pimpinan"),
}
DASHBOARDS = [spec for spec in navigation.PAGES if spec.section == "Dasbor"]


def open_page(key: str, actor: Actor, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / navigation.page(key).script), default_timeout=60)
    at.session_state["kesos_actor"] = actor
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def selected(at: AppTest) -> dict:
    return {box.label: box.value for box in at.selectbox}


@pytest.mark.parametrize("role", list(ACTORS))
def test_every_dashboard_page_renders_for_each_role(app_env, role):
    for spec in DASHBOARDS:
        at = open_page(spec.key, ACTORS[role], dari="2023", tahun="2025")
        assert not at.exception, (spec.key, at.exception)
        assert not at.error, (spec.key, [e.value for e in at.error])
        if spec.key != "rakor":  # Mode Rakor opens on its filters
            assert charts(at) or at.info, spec.key
    slide = open_page("rakor", ACTORS[role], dari="2023", tahun="2025", slide="1")
    assert not slide.exception and len(charts(slide)) == 1


def test_lks_page_shows_the_kalsel_rise_with_its_downloads(app_env):
    at = open_page("dasbor-lks", ACTORS["sekretariat"], dari="2023", tahun="2025")
    assert "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)" in texts(at)
    drawn = len(dashboards.LKS_PANELS) + 1  # and the map of LKS per kab/kota
    assert len(charts(at)) == drawn
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["PNG", "SVG", "Excel"] * drawn


def test_filters_round_trip_through_the_url(app_env):
    at = open_page("dasbor-lks", ACTORS["sekretariat"], kab="63.71", dari="2023", tahun="2025", jenis="anak")
    assert selected(at) == {"Provinsi": "63", "Kabupaten/kota": "63.71", "Dari tahun": 2023, "Sampai tahun": 2025,
                            "Jenis LKS": "anak"}
    assert at.query_params == {"prov": "63", "kab": "63.71", "dari": "2023", "tahun": "2025", "jenis": "anak"}
    next(box for box in at.selectbox if box.label == "Sampai tahun").set_value(2024).run()
    assert at.query_params["tahun"] == "2024"
    next(box for box in at.selectbox if box.label == "Kabupaten/kota").set_value("63.72").run()
    assert at.query_params["kab"] == "63.72"
    # The link as it now stands reopens the same view in a new session.
    again = open_page("dasbor-lks", ACTORS["sekretariat"], **at.query_params)
    assert selected(again) == {"Provinsi": "63", "Kabupaten/kota": "63.72", "Dari tahun": 2023, "Sampai tahun": 2024,
                               "Jenis LKS": "anak"}
    assert "Ada" in texts(again) and "Kota Banjarbaru" in texts(again)  # the takeaway names the kab/kota


def test_a_link_with_values_not_on_offer_falls_back_without_an_error(app_env):
    at = open_page("dasbor-lks", ACTORS["operator"], prov="61", kab="63.72", dari="abc", tahun="1800", jenis="x")
    assert not at.exception and not at.error
    this_year = clock.today().year
    assert selected(at) == {"Provinsi": "63", "Kabupaten/kota": "63.71", "Dari tahun": this_year - 4,
                            "Sampai tahun": this_year, "Jenis LKS": None}


def test_an_empty_selection_shows_a_plain_message_and_no_chart(app_env):
    at = open_page("dasbor-kegiatan", ACTORS["sekretariat"], dari="2010", tahun="2010")
    assert not at.exception and not charts(at)
    assert [info.value for info in at.info] == ["Belum ada kegiatan tercatat di Kalsel pada 2010"]
    aid = open_page("dasbor-bantuan", ACTORS["sekretariat"], dari="2010", tahun="2011")
    assert not aid.exception and not charts(aid)
    assert all(info.value.startswith("Belum ada ") for info in aid.info) and len(aid.info) == 6


def test_donations_are_not_shown_per_kab_kota_and_say_why(app_env):
    at = open_page("dasbor-bantuan", ACTORS["operator"], dari="2021", tahun="2025")
    assert not at.exception
    messages = [info.value for info in at.info]
    assert messages.count("Donasi dicatat untuk provinsi, tidak per kab/kota. Pilih “Semua kab/kota” untuk "
                          "melihatnya.") == 2


def test_mode_rakor_starts_from_chosen_filters_and_steps_through_slides(app_env):
    at = open_page("rakor", ACTORS["sekretariat"], dari="2023", tahun="2025")
    assert not charts(at) and "Mulai presentasi" in [b.label for b in at.button]
    assert [b.proto.label for b in at.get("download_button")] == ["Unduh deck PDF"]
    next(b for b in at.button if b.label == "Mulai presentasi").click().run()
    assert at.query_params == {"prov": "63", "dari": "2023", "tahun": "2025", "slide": "1"}
    assert len(charts(at)) == 1 and not at.selectbox  # no filters on a slide
    assert "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)" in texts(at)
    slides = len(dashboards.RAKOR_SLIDES)
    assert f"**1 / {slides}**" in texts(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Unduh deck PDF"]  # on every slide too
    at.button(key="rakor_next").click().run()
    assert at.query_params["slide"] == "2" and f"**2 / {slides}**" in texts(at)
    at.button(key="rakor_prev").click().run()
    assert at.query_params["slide"] == "1" and at.button(key="rakor_prev").disabled
    at.button(key="rakor_setup").click().run()
    assert "slide" not in at.query_params and at.selectbox  # back to the filters, as they were
    assert selected(at)["Dari tahun"] == 2023


def test_a_shared_rakor_link_reopens_its_slide_and_clamps_a_wrong_number(app_env):
    at = open_page("rakor", ACTORS["pimpinan"], prov="63", dari="2023", tahun="2025", slide="99")
    slides = len(dashboards.RAKOR_SLIDES)
    assert f"**{slides} / {slides}**" in texts(at) and at.button(key="rakor_next").disabled
    one_kab_kota = open_page("rakor", ACTORS["operator"], dari="2023", tahun="2025", slide="1")
    province_only = sum(panel.province_only for panel in dashboards.RAKOR_SLIDES)
    assert f"**1 / {slides - province_only}**" in texts(one_kab_kota)


def test_a_map_with_one_kab_kota_chosen_says_it_is_of_the_whole_province(app_env):
    at = open_page("dasbor-lks", ACTORS["operator"], dari="2021", tahun="2025")
    assert not at.exception
    messages = [info.value for info in at.info]
    assert messages == ["Peta menggambarkan seluruh kab/kota di provinsi, tidak satu kab/kota saja. Pilih “Semua "
                        "kab/kota” untuk melihatnya."]
