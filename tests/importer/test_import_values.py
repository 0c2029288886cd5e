"""How the importer reads what people write in cells: kab/kota, numbers, rupiah, dates, months."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from kesos import fmt
from kesos.importer import values as val
from kesos.importer.reading import Formula
from kesos.models import KabKota, Province


@pytest.fixture(scope="module")
def kab_kota(tmp_path_factory):
    from kesos.db import load_regions, make_engine, migrate, session_scope

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('regions') / 'r.db'}")
    migrate(engine)
    with session_scope(engine) as session:
        load_regions(session)
    with Session(engine) as session:
        index = val.KabKotaIndex(list(session.exec(select(KabKota))), list(session.exec(select(Province))))
    engine.dispose()
    return index


@pytest.mark.parametrize("written", ["Kab. Kubu Raya", "KABUPATEN KUBU RAYA", "Kubu Raya", "61.12", "  kab kubu raya ",
                                     "Kab.Kubu Raya", "KUBURAYA", "Kabupaten Kubu Raya"])
def test_every_usual_way_of_writing_kubu_raya_is_one_kab_kota(kab_kota, written):
    assert kab_kota.resolve(written) == "61.12"


def test_a_code_excel_turned_into_a_number_is_still_the_code(kab_kota):
    assert kab_kota.resolve(63.1) == "63.10"  # "63.10" typed into a number cell
    assert kab_kota.resolve(61.71) == "61.71"


def test_a_name_shared_by_a_kabupaten_and_a_kota_is_refused_with_both_named(kab_kota):
    with pytest.raises(val.FieldError) as refused:
        kab_kota.resolve("Banjar")
    message = str(refused.value)
    assert "tidak jelas" in message and "Kabupaten Banjar" in message and "Kota Banjar" in message
    assert "63.03" in message and "32.79" in message
    assert kab_kota.resolve("Kabupaten Banjar") == "63.03"
    assert kab_kota.resolve("Kota Banjar") == "32.79"


def test_kota_and_kabupaten_of_one_name_in_one_province_need_the_prefix(kab_kota):
    with pytest.raises(val.FieldError, match="tidak jelas"):
        kab_kota.resolve("Malang")
    assert kab_kota.resolve("Kota Malang") != kab_kota.resolve("Kab. Malang")


def test_an_older_spelling_and_an_unknown_name(kab_kota):
    assert kab_kota.name(kab_kota.resolve("Kota Baru")) == "Kabupaten Kotabaru"
    with pytest.raises(val.FieldError, match="tidak dikenal"):
        kab_kota.resolve("Kabupaten Atlantis")
    with pytest.raises(val.FieldError, match="Kode"):
        kab_kota.resolve("99.99")


@pytest.mark.parametrize(("written", "expected"), [
    ("1.250.000", 1_250_000), ("Rp 1.250.000,00", 1_250_000), ("Rp1.250.000", 1_250_000), (1250000, 1_250_000),
    (1250000.0, 1_250_000), ("0", 0), (" Rp. 75.000 ", 75_000),
])
def test_rupiah_as_people_write_it(written, expected):
    assert val.rupiah(written, label="Nilai") == expected


@pytest.mark.parametrize("written", ["1,250,000", "Rp 1.250.000,50", "satu juta", "12.5"])
def test_rupiah_that_could_mean_two_things_is_refused(written):
    with pytest.raises(val.FieldError):
        val.rupiah(written, label="Nilai")


@pytest.mark.parametrize(("written", "expected"), [("1.250", 1250), ("40", 40), (40.0, 40), ("12,00", 12), (" 7 ", 7), ("27.0", 27)])
def test_whole_numbers(written, expected):
    assert val.integer(written, label="Jumlah") == expected


@pytest.mark.parametrize(("written", "reason"), [("1,250", "koma adalah tanda desimal"), ("2,5", "bilangan bulat"),
                                                 (2.5, "bilangan bulat"), ("1.5", "bilangan bulat"), ("dua", "angka")])
def test_numbers_that_are_not_clear_whole_numbers(written, reason):
    with pytest.raises(val.FieldError, match=reason):
        val.integer(written, label="Jumlah")


@pytest.mark.parametrize("written", ["10/8/2023", "10-08-2023", "10.8.2023", "2023-08-10", "10 Agustus 2023",
                                     "10 agt 2023", "Kamis, 10 Agustus 2023", "2023-08-10 00:00:00",
                                     datetime(2023, 8, 10), date(2023, 8, 10)])
def test_dates_day_first_iso_and_indonesian_month_names(written):
    assert val.a_date(written, label="Tanggal") == date(2023, 8, 10)


@pytest.mark.parametrize(("written", "reason"), [("10/8/23", "4 angka"), ("31/2/2023", "tanggal yang ada"),
                                                 ("8/13/2023", "hari/bulan/tahun"), ("45148", "bukan tanggal"),
                                                 (45148, "bukan tanggal"), ("10 Agustos 2023", "bulan")])
def test_dates_that_cannot_be_read_safely_are_refused(written, reason):
    with pytest.raises(val.FieldError, match=reason):
        val.a_date(written, label="Tanggal")


def test_months_by_number_or_name():
    assert [val.month(m) for m in ("8", 8, "Agustus", "AGT", " agustus ")] == [8] * 5
    with pytest.raises(val.FieldError):
        val.month(13)


def test_a_formula_cell_is_refused_and_text_starting_with_equals_stays_text():
    with pytest.raises(val.FieldError, match="rumus Excel"):
        val.integer(Formula("=SUM(B2:B4)"), label="Jumlah")
    with pytest.raises(val.FieldError, match="rumus Excel"):
        val.text(Formula("=B2"), label="Nama")
    assert val.text('=HYPERLINK("http://x","klik")', label="Nama") == '=HYPERLINK("http://x","klik")'


def test_files_that_cannot_be_used_at_all_say_why():
    from kesos import importer

    with pytest.raises(importer.ImportFileError, match="Berkas Excel tidak dapat dibaca"):
        importer.read("bantuan", "rusak.xlsx", b"not a workbook")
    with pytest.raises(importer.ImportFileError, match="Excel lama"):
        importer.read("lks", "lama.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(importer.ImportFileError, match="Kolom yang wajib ada: “Kabupaten/Kota”, “Nama LKS”"):
        importer.read("lks", "x.csv", b"Nama;Alamat\nA;B\n")


def test_a_csv_from_excel_in_windows_encoding_with_commas_is_read():
    from kesos import importer

    content = "Kab/Kota,Nama LKS,Jenis,Tanggal terdaftar\nKota Banjarmasin,\"Panti Asuhan “Ceria”, Unit 2\",LKSA,10/8/2023\n"
    table = importer.read("lks", "x.csv", content.encode("cp1252"))
    assert table.rows[0][1]["name"] == "Panti Asuhan “Ceria”, Unit 2"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_money_and_counts_as_the_app_writes_them_read_back_unchanged(number):
    assert val.rupiah(fmt.rupiah(number), label="Nilai") == number
    assert val.integer(fmt.number(number), label="Jumlah") == number


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_as_the_app_writes_them_and_day_first_read_back_unchanged(day):
    assert val.a_date(fmt.tanggal(day), label="Tanggal") == day
    assert val.a_date(f"{day.day}/{day.month}/{day.year}", label="Tanggal") == day
    assert val.a_date(day.isoformat(), label="Tanggal") == day
