"""kesos.listing: which rows a record list's search and filters keep, compared with a naive reading of the rows."""

from datetime import date

import pandas as pd
import pytest

from kesos import listing
from kesos.listing import ALL, Choices, ListFilter

ROWS = pd.DataFrame([
    {"id": 1, "name": "Panti Asuhan  Al-Ikhlâs", "kab": "63.71", "prov": "63", "year": 2023, "codes": ("63.71", "63.72")},
    {"id": 2, "name": "LKSA Harapan Bangsa", "kab": "63.72", "prov": "63", "year": 2026, "codes": ("63.72",)},
    {"id": 3, "name": "Panti Werdha Kasih", "kab": "61.71", "prov": "61", "year": 2026, "codes": ("61.71",)},
    {"id": 4, "name": None, "kab": "63.71", "prov": "63", "year": None, "codes": ()},
], index=[10, 20, 30, 40])
PROV = ListFilter("prov", "prov", "Provinsi", options={"61": "Kalimantan Barat", "63": "Kalimantan Selatan"})
KAB = ListFilter("kab", "kab", "Kabupaten/kota", options={"61.71": "Kota Pontianak", "63.71": "Kota Banjarmasin",
                                                          "63.72": "Kota Banjarbaru"}, within="prov")
YEAR = ListFilter("tahun", "year", "Tahun", descending=True)


def test_normalize_ignores_case_accents_and_runs_of_spaces():
    assert listing.normalize("  Panti  ASUHAN\tAl-Ikhlâs ") == "panti asuhan al-ikhlas"
    assert listing.normalize(None) == "" and listing.normalize(float("nan")) == ""


@pytest.mark.parametrize("search", ["al-ikhlas", "AL-IKHLÂS", "  panti   asuhan ", "ikhl", "asuhan panti"])
def test_search_finds_a_name_whatever_its_case_accents_spaces_and_word_order(search):
    kept = listing.filter_rows(ROWS, search=search, search_columns=["name"])
    assert kept["id"].tolist() == [1]


def test_search_keeps_every_row_holding_the_word_and_only_those():
    kept = listing.filter_rows(ROWS, search="panti", search_columns=["name"])
    naive = [i for i, n in zip(ROWS["id"], ROWS["name"]) if isinstance(n, str) and "panti" in n.lower()]
    assert kept["id"].tolist() == naive == [1, 3]
    assert listing.filter_rows(ROWS, search="", search_columns=["name"]).equals(ROWS)  # empty search keeps all


def test_filters_narrow_together_and_keep_the_index():
    kept = listing.filter_rows(ROWS, chosen={"prov": "63", "year": 2026})
    assert kept.index.tolist() == [20]  # the index label, so a picked row is found again
    assert listing.filter_rows(ROWS, chosen={"prov": ALL}).equals(ROWS)


def test_a_filter_over_several_codes_per_row_keeps_a_row_holding_the_code():
    """An activity is kept for a kab/kota that hosted it or attended it."""
    kept = listing.filter_rows(ROWS, chosen={"codes": "63.72"})
    assert kept["id"].tolist() == [1, 2]


def test_options_follow_the_province_chosen_before_and_years_come_newest_first():
    assert list(KAB.options_for(ROWS, {"prov": "63"})) == ["63.71", "63.72"]
    assert list(KAB.options_for(ROWS, {"prov": ALL})) == ["61.71", "63.71", "63.72"]
    assert list(YEAR.options_for(ROWS)) == [2026, 2023]  # taken from the rows, the missing year left out


def test_a_url_value_not_on_offer_falls_back_to_all():
    """A crafted `?kab=` naming a kab/kota the actor may not pick narrows nothing and shows nothing more."""
    operator_options = {"63.71": "Kota Banjarmasin"}
    assert KAB.parse("63.72", operator_options) is ALL
    assert KAB.parse("63.71", operator_options) == "63.71"
    assert YEAR.parse("2023", YEAR.options_for(ROWS)) == 2023  # URL text to the option's own type
    assert YEAR.parse("dua ribu", YEAR.options_for(ROWS)) is ALL
    status = ListFilter("status", "status", "Status", options={"open": "Terbuka", "closed": "Ditutup"},
                        default="open")
    assert status.parse(None, status.options) == "open"


def test_reveal_moves_just_the_filters_that_hide_a_saved_record():
    saved = ROWS.loc[10].to_dict()  # 2023, Kota Banjarmasin
    chosen = {"prov": "63", "kab": "63.71", "tahun": 2026}
    new, search, moved = listing.reveal(saved, [PROV, KAB, YEAR], chosen, "panti", ["name"])
    assert new == {"prov": "63", "kab": "63.71", "tahun": 2023} and search == "panti" and moved == ["Tahun"]
    new, search, moved = listing.reveal(saved, [PROV, KAB, YEAR], chosen, "werdha", ["name"])
    assert search == "" and moved == ["Tahun", "pencarian"]
    # the list shows it after the move
    shown = listing.apply(ROWS, [PROV, KAB, YEAR], Choices(search, new), ["name"])
    assert 1 in shown["id"].tolist()


def test_reveal_takes_a_kab_kota_along_when_the_province_moves():
    saved = ROWS.loc[30].to_dict()  # Kalimantan Barat
    new, _, moved = listing.reveal(saved, [PROV, KAB, YEAR], {"prov": "63", "kab": "63.71", "tahun": ALL}, "",
                                   ["name"])
    assert new["prov"] == "61" and new["kab"] == "61.71" and moved == ["Provinsi", "Kabupaten/kota"]


def test_count_line_in_indonesian_numbers():
    assert listing.count_line(25, 1629, "permohonan") == "Menampilkan 25 dari 1.629 permohonan"
    assert listing.count_line(629, 629, "permohonan") == "Menampilkan 629 permohonan"


def test_table_height_follows_the_rows_up_to_twenty():
    assert listing.table_height(3) == 4 * 35 + 3
    assert listing.table_height(0) == listing.table_height(1)
    assert listing.table_height(629) == listing.table_height(20) == 21 * 35 + 3


def test_year_of_dates_with_gaps():
    assert listing.year_of([date(2023, 8, 10), None, pd.NaT]) == [2023, None, None]
