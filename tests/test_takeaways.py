"""The one-line takeaways read right for rising, falling, flat and empty data."""

from datetime import date

import pandas as pd

from kesos import takeaways


def lks_years(counts: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [(year, "anak", count, "LKS Anak (LKSA)") for year, count in counts.items()],
        columns=["year", "lks_type", "count", "type_label"],
    )


def test_lks_trend_rising_reads_like_the_governors_slide():
    text = takeaways.lks_trend(lks_years({2023: 154, 2024: 176, 2025: 199}), "Kalsel", 2023, 2025)
    assert text == "LKS di Kalsel naik dari 154 (2023) menjadi 199 (2025)"


def test_lks_trend_falling_and_flat():
    assert takeaways.lks_trend(lks_years({2020: 1200, 2021: 1100}), "Bali", 2020, 2021) == (
        "LKS di Bali turun dari 1.200 (2020) menjadi 1.100 (2021)"
    )
    assert takeaways.lks_trend(lks_years({2020: 80, 2022: 80}), "Bali", 2020, 2022) == (
        "LKS di Bali tetap 80 dari 2020 sampai 2022"
    )


def test_lks_trend_counts_a_year_without_lks_as_zero():
    assert takeaways.lks_trend(lks_years({2025: 3}), "Tanah Bumbu", 2024, 2025) == (
        "LKS di Tanah Bumbu naik dari 0 (2024) menjadi 3 (2025)"
    )


def test_lks_trend_empty_says_so_plainly():
    assert takeaways.lks_trend(lks_years({}), "Kalsel", 2023, 2025) == "Belum ada LKS tercatat di Kalsel pada 2023–2025"


def test_lks_single_year_names_the_largest_type():
    frame = pd.concat([lks_years({2023: 140}), pd.DataFrame(
        [(2023, "napza", 3, "LKS Korban NAPZA")], columns=["year", "lks_type", "count", "type_label"])])
    assert takeaways.lks_trend(frame, "Kalsel", 2023, 2023) == (
        "Ada 143 LKS di Kalsel pada akhir 2023, terbanyak LKS Anak (LKSA): 140"
    )


def test_lks_by_kab_kota_names_the_largest_in_short_form():
    frame = pd.DataFrame({"kab_kota": ["Kota Banjarmasin", "Kabupaten Tanah Laut", "Kota Banjarmasin"],
                          "count": [40, 15, 4]})
    assert takeaways.lks_by_kab_kota(frame, "Kalsel", 2025) == (
        "LKS terbanyak di Kota Banjarmasin: 44 dari 59 LKS di Kalsel pada akhir 2025"
    )
    assert takeaways.lks_by_kab_kota(frame.iloc[0:0], "Kalsel", 2025) == "Belum ada LKS tercatat di Kalsel pada akhir 2025"


def months(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["year", "month", "women", "men"])
    frame["total"] = frame["women"] + frame["men"]
    return frame


def test_beneficiaries_compare_the_latest_month_with_a_year_before():
    rising = months([(2025, 9, 900, 1000), (2025, 10, 900, 1000), (2026, 9, 1000, 1000), (2026, 10, 1100, 1000)])
    assert takeaways.beneficiaries_trend(rising, "Kalsel", 2026) == (
        "Penerima manfaat di Kalsel naik dari 1.900 (Oktober 2025) menjadi 2.100 (Oktober 2026), 52% perempuan"
    )
    falling = months([(2025, 3, 600, 600), (2026, 3, 500, 500)])
    assert takeaways.beneficiaries_trend(falling, "Bali", 2026) == (
        "Penerima manfaat di Bali turun dari 1.200 (Maret 2025) menjadi 1.000 (Maret 2026), 50% perempuan"
    )
    flat = months([(2025, 3, 500, 500), (2026, 3, 400, 600)])
    assert takeaways.beneficiaries_trend(flat, "Bali", 2026) == (
        "Penerima manfaat di Bali tetap 1.000 dari Maret 2025 sampai Maret 2026, 40% perempuan"
    )


def test_beneficiaries_without_last_year_or_without_data():
    assert takeaways.beneficiaries_trend(months([(2026, 2, 30, 70)]), "Kalbar", 2026) == (
        "Penerima manfaat di Kalbar pada Februari 2026: 100 orang, 30% perempuan"
    )
    assert takeaways.beneficiaries_trend(months([(2025, 2, 30, 70)]), "Kalbar", 2026) == (
        "Belum ada data penerima manfaat di Kalbar untuk 2026"
    )
    assert takeaways.beneficiaries_trend(months([]), "Kalbar", 2026) == "Belum ada data penerima manfaat di Kalbar untuk 2026"


def test_beneficiaries_by_kab_kota_names_the_biggest_rise_or_fall():
    frame = pd.DataFrame({
        "year": [2025, 2025, 2026, 2026], "month": [5, 5, 5, 5],
        "kab_kota": ["Kabupaten Banjar", "Kota Banjarbaru"] * 2, "total": [100, 80, 130, 70],
    })
    assert takeaways.beneficiaries_by_kab_kota(frame, "Kalsel", 2026) == (
        "Kenaikan terbesar di Banjar: +30 orang (Mei 2026 dibanding Mei 2025)"
    )
    frame["total"] = [100, 80, 90, 70]
    assert takeaways.beneficiaries_by_kab_kota(frame, "Kalsel", 2026) == (
        "Semua kab/kota turun atau tetap; penurunan terbesar di Banjar: -10 orang (Mei 2026 dibanding Mei 2025)"
    )


def aid_years(values: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame([(year, "csr", "CSR perusahaan", value, 2) for year, value in values.items()],
                        columns=["year", "source_kind", "source_label", "value", "distributions"])


def test_aid_value_trend_in_short_rupiah():
    assert takeaways.aid_by_source(aid_years({2019: 250_000_000, 2026: 1_250_000_000}), "Kalsel", 2019, 2026) == (
        "Nilai bantuan di Kalsel naik dari Rp 250 juta (2019) menjadi Rp 1,2 miliar (2026); 100% didanai CSR perusahaan"
    )
    assert takeaways.aid_by_source(aid_years({2019: 9_000_000, 2020: 4_500_000}), "Bali", 2019, 2020).startswith(
        "Nilai bantuan di Bali turun dari Rp 9 juta (2019) menjadi Rp 4,5 juta (2020)"
    )
    assert takeaways.aid_by_source(aid_years({}), "Bali", 2019, 2020) == "Belum ada bantuan tercatat di Bali pada 2019–2020"


def test_aid_by_item_keeps_each_items_own_unit():
    frame = pd.DataFrame({"item": ["Bedah rumah", "Paket PMT", "Tripod"], "unit": ["unit", "paket", "unit"],
                          "quantity": [4, 190, 1], "value": [50_000_000, 28_500_000, 450_000],
                          "distributions": [4, 5, 1]})
    assert takeaways.aid_by_item(frame, "Bali", 2014, 2014) == (
        "Bantuan di Bali 2014: Bedah rumah 4 unit, Paket PMT 190 paket, Tripod 1 unit"
    )


def test_csr_names_the_largest_company_and_empty():
    frame = pd.DataFrame({"company": ["PT A", "PT A", "PT B"], "year": [2024, 2025, 2025],
                          "value": [10_000_000, 20_000_000, 5_000_000], "distributions": [1, 1, 1], "rank": [1, 1, 2]})
    assert takeaways.csr_by_company(frame, "Kalsel", 2024, 2025) == (
        "PT A mendanai bantuan terbesar: Rp 30 juta dari Rp 35 juta bantuan CSR di Kalsel (2024–2025)"
    )
    assert takeaways.csr_by_company(frame.iloc[0:0], "Kalsel", 2025, 2025) == (
        "Belum ada bantuan yang didanai CSR di Kalsel pada 2025"
    )


def test_donations_cash_rising_and_in_kind_empty():
    frame = pd.DataFrame({"year": [2024, 2025], "source_kind": ["csr", "csr"], "source_label": ["CSR perusahaan"] * 2,
                          "amount": [100_000_000, 150_000_000], "donations": [1, 1]})
    assert takeaways.donations_cash(frame, "Kalbar", 2024, 2025) == (
        "Donasi tunai di Kalbar naik dari Rp 100 juta (2024) menjadi Rp 150 juta (2025); "
        "terbesar dari CSR perusahaan (100%)"
    )
    empty = pd.DataFrame(columns=["year", "item", "unit", "quantity", "donations"])
    assert takeaways.donations_in_kind(empty, "Kalbar", 2024, 2025) == (
        "Belum ada donasi barang tercatat di Kalbar pada 2024–2025"
    )


def coverage(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kab_kota", "is_formed", "decree_date", "chair_name", "term_end", "lks",
                                        "open_requests", "oldest_open_request", "last_activity"])
    frame["as_of"] = date(2025, 12, 31)
    return frame


def test_branch_coverage_names_the_kab_kota_without_a_branch():
    frame = coverage([
        ("Kabupaten Tanah Laut", True, date(2012, 2, 3), "H. A", date(2027, 2, 21), 15, 0, None, date(2025, 10, 23)),
        ("Kabupaten Tanah Bumbu", False, None, None, None, 13, 2, date(2020, 9, 6), None),
        ("Kabupaten Kotabaru", False, None, None, None, 11, 0, None, None),
    ])
    assert takeaways.branch_coverage(frame, "Kalsel") == (
        "Cabang terbentuk di 1 dari 3 kab/kota di Kalsel; belum di Tanah Bumbu dan Kotabaru"
    )
    assert takeaways.branch_coverage(frame.iloc[:1], "Kalsel") == "Cabang di Tanah Laut sudah terbentuk"
    assert takeaways.branch_coverage(frame.iloc[0:0], "Kalsel") == "Belum ada kab/kota tercatat untuk Kalsel"


def test_coverage_cells_flag_what_needs_attention():
    frame = coverage([
        ("Kabupaten Tanah Laut", True, date(2012, 2, 3), "H. A", date(2027, 2, 21), 15, 0, None, date(2025, 10, 23)),
        ("Kabupaten Banjar", True, date(2014, 12, 19), "Hj. B", date(2025, 1, 17), 0, 3, date(2025, 12, 1),
         date(2023, 1, 5)),
        ("Kabupaten Tanah Bumbu", False, None, None, None, 13, 2, date(2020, 9, 6), None),
    ])
    cells = takeaways.coverage_cells(frame).set_index(["kab_kota", "column"])
    assert cells.loc[("Tanah Laut", "Cabang"), "status"] == takeaways.OK
    # Short months fit a cell on a projector; the tooltip keeps the full date.
    assert cells.loc[("Tanah Laut", "Masa bakti pengurus"), "text"] == "s.d. 21 Feb 2027"
    assert cells.loc[("Tanah Laut", "Masa bakti pengurus"), "note"] == "Sampai 21 Februari 2027; ketua: H. A"
    assert cells.loc[("Banjar", "Masa bakti pengurus"), ["text", "status"]].tolist() == [
        "Berakhir 17 Jan 2025", takeaways.ACT]
    assert cells.loc[("Banjar", "Kegiatan terakhir"), "text"] == "5 Jan 2023"
    assert cells.loc[("Banjar", "LKS"), "status"] == takeaways.WATCH
    assert cells.loc[("Banjar", "Permohonan terbuka"), "status"] == takeaways.WATCH  # waiting 30 days
    assert cells.loc[("Banjar", "Kegiatan terakhir"), "status"] == takeaways.WATCH  # quiet for two years
    assert cells.loc[("Tanah Bumbu", "Cabang"), ["text", "status"]].tolist() == ["Belum terbentuk", takeaways.ACT]
    assert cells.loc[("Tanah Bumbu", "Permohonan terbuka"), "status"] == takeaways.ACT  # waiting five years
    assert len(cells) == 3 * len(takeaways.COVERAGE_COLUMNS)


def test_activity_timeline_counts_people_and_names_the_largest():
    frame = pd.DataFrame({
        "kind_label": ["Rapat koordinasi (rakor)", "Workshop"], "participants": [70, None],
        "start_date": [date(2023, 8, 9), date(2023, 5, 20)], "end_date": [date(2023, 8, 11), date(2023, 5, 20)],
    })
    assert takeaways.activity_timeline(frame, "Kalbar", 2023, 2023) == (
        "2 kegiatan di Kalbar pada 2023 dengan 70 peserta; terbesar Rapat koordinasi (rakor) 9–11 Agustus 2023 (70 peserta)"
    )
    assert takeaways.activity_timeline(frame.iloc[0:0], "Kalbar", 2023, 2024) == (
        "Belum ada kegiatan tercatat di Kalbar pada 2023–2024"
    )


def test_place_name_prefers_the_kab_kota_then_the_short_province():
    assert takeaways.place_name("63", "Kalimantan Selatan") == "Kalsel"
    assert takeaways.place_name("63", "Kalimantan Selatan", "Kabupaten Tanah Bumbu") == "Tanah Bumbu"
    assert takeaways.place_name("99", "Provinsi Baru") == "Provinsi Baru"
