"""The preview shows every value of a row to add as Kesos read it, under the file's headers (issue 19.6)."""

from kesos.security import Actor
from tests.importer.helpers import csv_bytes, preview

SEKRETARIAT = Actor("sekretariat", "sekretariat", province_code="63")


def _added(engine, kind, content) -> list[dict]:
    shown = preview(engine, SEKRETARIAT, kind, "berkas.csv", csv_bytes(content))
    return shown.added_frame().to_dict("records")


def test_a_new_lks_shows_its_type_capacity_and_dates_as_read(demo_engine):
    rows = _added(demo_engine, "lks", "Kabupaten/Kota;Nama LKS;Jenis LKS;Kapasitas;Tanggal terdaftar\n"
                                      "Kota Banjarmasin;LKSA Pratinjau;LKSA;1250;01/02/2020\n")
    assert rows == [{"Baris": 2, "Kabupaten/Kota": "Kota Banjarmasin", "Nama LKS": "LKSA Pratinjau",
                     "Jenis LKS": "LKS Anak (LKSA)", "Alamat": "—", "Status pendaftaran": "Terdaftar",
                     "Nomor pendaftaran": "—", "Akreditasi": "Belum terakreditasi", "Kapasitas": "1.250",
                     "Tanggal terdaftar": "1 Februari 2020", "Tanggal berhenti": "—"}]


def test_a_new_aid_line_shows_date_item_quantity_rupiah_recipient_and_source(demo_engine):
    rows = _added(demo_engine, "bantuan",
                  "Tanggal;Kabupaten/Kota;Barang bantuan;Jumlah;Nilai (Rp);Jenis penerima;Penerima;Sumber dana\n"
                  "2024-08-10;Kota Banjarmasin;Paket PMT;12;1.250.000;Kelompok;Lanjut usia;PT Bank Intan Banua\n")
    (row,) = rows
    assert {k: row[k] for k in ("Tanggal", "Kabupaten/Kota", "Jumlah", "Nilai (Rp)", "Jenis penerima", "Penerima")} == {
        "Tanggal": "10 Agustus 2024", "Kabupaten/Kota": "Kota Banjarmasin", "Jumlah": "12 paket",
        "Nilai (Rp)": "Rp 1.250.000", "Jenis penerima": "Kelompok", "Penerima": "Lanjut usia"}
    assert row["Barang bantuan"] == "Paket PMT" and "Bank Intan Banua" in row["Sumber dana"]


def test_a_new_month_of_counts_shows_the_month_and_both_counts(demo_engine):
    rows = _added(demo_engine, "penerima-manfaat", "Kab/Kota;Nama LKS;Tahun;Bulan;P;L\n"
                                                   "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;2019;3;7;5\n")
    assert rows == [{"Baris": 2, "Kabupaten/Kota": "Kota Banjarmasin", "Nama LKS": "Panti Asuhan Harapan Bangsa",
                     "Bulan": "Maret 2019", "Perempuan": "7", "Laki-laki": "5", "Jumlah": "12"}]
