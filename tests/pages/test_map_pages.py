"""The maps on the pages through AppTest: Ringkasan's map switch and national view, Papan cabang's map."""

from tests.pages.apptest import texts
from tests.pages.test_dashboards import ACTORS, charts, open_page


def test_ringkasan_draws_the_province_map_and_a_leader_over_several_provinces_the_national_one(app_env):
    at = open_page("ringkasan", ACTORS["pimpinan"], prov="63", tahun="2025")
    assert not at.exception and "Peta LKS di Kalsel, akhir 2025" in texts(at)
    assert [t.label for t in at.toggle] == ["Semua provinsi"]
    at.toggle(key="ringkasan_peta_nasional").set_value(True).run()
    assert not at.exception and "Peta LKS di semua provinsi, akhir 2025" in texts(at)
    fixed = open_page("ringkasan", ACTORS["sekretariat"], tahun="2025")
    assert not fixed.exception and not fixed.toggle  # one province: no national view


def test_papan_cabang_shows_the_branch_map_under_the_board(app_env):
    at = open_page("dasbor-cabang", ACTORS["sekretariat"], tahun="2025")
    assert not at.exception and "Peta cabang kab/kota di Kalsel, 2025" in texts(at)
    assert len(charts(at)) == 2
    one = open_page("dasbor-cabang", ACTORS["operator"], tahun="2025")
    assert not one.exception and len(charts(one)) == 1 and "seluruh kab/kota di provinsi" in texts(one)
    assert "Peta cabang kab/kota di Kota Banjarmasin" not in texts(one)
