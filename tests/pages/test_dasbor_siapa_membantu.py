"""Siapa membantu apa di mana (3W), the PPKS map on Grafik PPKS & PSKS and the PPKS slide of Mode Rakor,
through AppTest for every role: no exception, the operator's page holds only its kab/kota."""

import io

import pytest
from openpyxl import load_workbook

from kesos import dashboards, export
from kesos.security import Actor
from tests.pages.apptest import texts
from tests.pages.test_dashboards import ACTORS, charts, open_page

ROLES = {**ACTORS, "sekretariat_kalbar": Actor("sekretariat_kalbar", "sekretariat", "61")}


@pytest.mark.parametrize("role", list(ROLES))
def test_the_3w_page_opens_for_every_role_with_its_chart_and_gaps(app_env, role):
    at = open_page("dasbor-siapa-membantu", ROLES[role], dari="2024", tahun="2025")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(charts(at)) == 1
    assert "Kesenjangan di" in texts(at)
    tables = [frame.value for frame in at.dataframe]
    assert len(tables) == 2  # the 3W table and the gaps per kab/kota
    assert [b.proto.label for b in at.get("download_button")][-1] == "Unduh Excel untuk mitra CSR"
    if role == "operator":
        assert set(tables[0]["Kab/kota"]) == {"Kota Banjarmasin"}
        assert set(tables[1]["Kab/kota"]) <= {"Kota Banjarmasin"}
        assert "Kota Banjarbaru" not in texts(at)


def test_the_3w_page_names_tanah_bumbu_and_kotabaru_without_a_branch(app_env):
    at = open_page("dasbor-siapa-membantu", ROLES["sekretariat"], dari="2025", tahun="2025")
    gaps = at.dataframe[1].value
    no_branch = set(gaps[gaps["Cabang"] == "Belum ada"]["Kab/kota"])
    assert no_branch == {"Kabupaten Tanah Bumbu", "Kabupaten Kotabaru"}


def test_the_workbook_for_csr_partners_has_the_3w_and_the_gaps_sheets():
    import pandas as pd

    aid = pd.DataFrame({"funding_source": ["PT A"], "kab_kota": ["Kota Banjarmasin"], "value": [1_250_000]})
    gaps = pd.DataFrame({"kab_kota": ["Kabupaten Kotabaru"], "gap_label": ["Ada PPKS, cabang belum terbentuk"]})
    content = export.sheets_xlsx([("Siapa membantu", aid, {"funding_source": "Sumber dana", "kab_kota": "Kab/kota",
                                                          "value": "Nilai (Rp)"}, "catatan"),
                                  ("Kesenjangan", gaps, {"kab_kota": "Kab/kota", "gap_label": "Kesenjangan"}, None)])
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Siapa membantu", "Kesenjangan"]
    assert [c.value for c in book["Siapa membantu"][4]] == ["PT A", "Kota Banjarmasin", 1_250_000]
    assert [c.value for c in book["Kesenjangan"][2]] == ["Kabupaten Kotabaru", "Ada PPKS, cabang belum terbentuk"]


def test_the_ppks_page_draws_the_map_of_the_chosen_category(app_env):
    at = open_page("dasbor-pusat-data", ROLES["sekretariat"], tahun="2025")
    assert not at.exception and len(charts(at)) == 2  # the heatmap and the map
    assert "Peta PPKS per kab/kota di Kalsel, 2025" in texts(at)
    next(box for box in at.selectbox if box.label == "Kategori PPKS di peta").set_value("lansia_telantar").run()
    assert not at.exception
    assert "Peta PPKS lanjut usia telantar per kab/kota di Kalsel, 2025" in texts(at)
    operator = open_page("dasbor-pusat-data", ROLES["operator"], tahun="2025")
    assert not operator.exception and len(charts(operator)) == 1  # no map of one kab/kota
    assert "Kategori PPKS di peta" not in [box.label for box in operator.selectbox]


def test_mode_rakor_has_the_ppks_slide(app_env):
    number = dashboards.RAKOR_SLIDES.index(dashboards.PPKS_TOP_NEEDS) + 1
    at = open_page("rakor", ROLES["sekretariat"], dari="2024", tahun="2026", slide=str(number))
    assert not at.exception and len(charts(at)) == 1
    shown = texts(at)
    assert "Kebutuhan terbesar (PPKS) di Kalsel, sampai 2026" in shown
    assert "Kebutuhan terbesar di Kalsel pada 2025: fakir miskin" in shown and "13 dari 13 kab/kota melapor" in shown


def test_the_ppks_page_with_one_kab_kota_chosen_shows_only_its_figures(app_env):
    at = open_page("dasbor-pusat-data", ROLES["sekretariat"], kab="63.72", tahun="2025")
    assert not at.exception
    needs, served = (frame.value for frame in at.dataframe)
    assert list(needs.index) == ["Kota Banjarbaru"] and set(served["Kab/kota"]) == {"Kota Banjarbaru"}
    assert next(m for m in at.metric if m.label == "Kab/kota melapor").value == "1"


def test_the_ppks_page_opens_on_last_year_and_a_link_still_chooses_the_year(app_env):
    from kesos import clock

    at = open_page("dasbor-pusat-data", ROLES["sekretariat"])
    assert next(box for box in at.selectbox if box.label == "Tahun").value == clock.today().year - 1
    assert at.query_params["tahun"] == str(clock.today().year - 1)
    again = open_page("dasbor-pusat-data", ROLES["sekretariat"], tahun="2023")
    assert next(box for box in again.selectbox if box.label == "Tahun").value == 2023
    lks = open_page("dasbor-lks", ROLES["sekretariat"])  # the other dashboards still open on this year
    assert next(box for box in lks.selectbox if box.label == "Sampai tahun").value == clock.today().year
