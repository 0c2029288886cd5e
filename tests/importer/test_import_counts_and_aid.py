"""Importing beneficiary counts and aid distributions into the demo database, from messy files."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from kesos import importer
from kesos.db import session_scope
from kesos.models import AidDistribution, AuditLog, BeneficiaryCount, FundingSource, Lks
from tests.importer.helpers import OPERATOR, SEKRETARIAT, csv_bytes, errors_of, preview, run_import, xlsx


def count_of(engine, lks_name: str, year: int, month: int) -> tuple[int, int] | None:
    with Session(engine) as session:
        row = session.exec(select(BeneficiaryCount).join(Lks, Lks.id == BeneficiaryCount.lks_id).where(
            Lks.name == lks_name, BeneficiaryCount.year == year, BeneficiaryCount.month == month)).first()
        return None if row is None else (row.women, row.men)


COUNTS = xlsx([
    ["REKAP PENERIMA MANFAAT LKS KOTA BANJARMASIN"],
    ["Kab/Kota", "Nama LKS", "Tahun", "Bulan", "P", "L", "Jumlah"],
    ["Banjarmasin", "yayasan panti asuhan anak sholeh ", 2023, "Agustus", 16, 14, 30],  # as stored: same
    ["Kota Banjarmasin", "Panti Asuhan Harapan Bangsa", 2023, 8, 20, 11, "31"],  # changes women 14 -> 20
    ["63.71", "Panti Asuhan Harapan Bangsa", 2023, "Agt", 1, 1, None],  # the same LKS and month again
    ["Kota Banjarmasin", "Panti Asuhan Yang Tidak Ada", 2023, 8, 1, 1, None],
    ["Kota Banjarmasin", "Yayasan Pembinaan Tunanetra Cahaya Hati", 2023, 8, 5, 5, 11],
    ["Kota Banjarmasin", "Yayasan Pembinaan Tunanetra Cahaya Hati", 2099, 8, 5, 5, None],
])


def test_beneficiary_counts_preview_matches_lks_by_name_and_shows_what_changes(demo_engine):
    shown = preview(demo_engine, SEKRETARIAT, "penerima-manfaat", "rekap.xlsx", COUNTS)
    assert shown.counts == {"add": 0, "change": 1, "same": 1, "error": 4}
    assert shown.of(importer.CHANGE)[0].changes == {"Perempuan": ("14", "20")}
    errors = errors_of(shown)
    assert "sudah ada di baris 4" in errors[5]["Nama LKS"]
    assert "tidak ada di daftar LKS Kota Banjarmasin" in errors[6]["Nama LKS"]
    assert "tidak sama dengan perempuan + laki-laki (10)" in errors[7]["Jumlah"]
    assert "belum berjalan" in errors[8]["Bulan"]


def test_beneficiary_counts_import_changes_one_row_and_the_second_time_nothing(demo_engine):
    _, counts = run_import(demo_engine, OPERATOR, "penerima-manfaat", "rekap.xlsx", COUNTS, skip_errors=True)
    assert counts["change"] == 1
    assert count_of(demo_engine, "Panti Asuhan Harapan Bangsa", 2023, 8) == (20, 11)
    with Session(demo_engine) as session:
        audits = session.exec(select(AuditLog).where(AuditLog.action == "import")).all()
    assert [(a.table_name, a.username) for a in audits] == [("beneficiary_count", "operator")]
    _, again = run_import(demo_engine, OPERATOR, "penerima-manfaat", "rekap.xlsx", COUNTS, skip_errors=True)
    assert (again["add"], again["change"], again["same"]) == (0, 0, 2)


def test_a_new_month_is_added_and_an_operator_cannot_count_another_kab_kota(demo_engine):
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n"
                        "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;2020;1;3;4\n"
                        "Kota Banjarbaru;Panti Asuhan Darul Ilmi;2020;1;3;4\n")
    shown, counts = run_import(demo_engine, OPERATOR, "penerima-manfaat", "b.csv", content, skip_errors=True)
    assert "di luar wilayah Anda" in errors_of(shown)[3]["Kabupaten/Kota"]
    assert count_of(demo_engine, "Panti Asuhan Harapan Bangsa", 2020, 1) == (3, 4)
    assert count_of(demo_engine, "Panti Asuhan Darul Ilmi", 2020, 1) is None


AID_HEADER = ["Tanggal", "Kabupaten/Kota", "Barang bantuan", "Jumlah", "Nilai (Rp)", "Jenis penerima", "Penerima",
              "Sumber dana", "Catatan"]


def aid_file() -> bytes:
    return xlsx([
        ["Laporan penyaluran bantuan 2024"], [],
        AID_HEADER,
        ["10/8/2024", "Kota Banjarmasin", "paket pmt", "25", "Rp 1.250.000,00", "Kelompok", "Lanjut usia",
         "PT Bank Intan Banua", None],
        ["10 Agustus 2024", "Banjarmasin ", "Kursi Roda (unit)", 2, 3500000, "LKS", "Panti Asuhan Harapan Bangsa",
         "Kotak Sumbangan Swalayan Citra Banua", "diserahkan ketua"],
        [date(2024, 8, 11), "63.71", "Bedah rumah", 1, "15.000.000", "Rumah tangga", "Bapak Ahmad Fauzi",
         "Dinas Sosial Provinsi Kalimantan Selatan", None],
        ["11/8/2024", "Kota Banjarmasin", "Bedah rumah", 1, "15.000.000", "rumah tangga", "bapak ahmad  fauzi",
         "Dinas Sosial Provinsi Kalimantan Selatan", None],
        ["12/8/2024", "Kota Banjarmasin", "Kursi terbang", 1, "1.000", "Kelompok", "Lanjut usia",
         "PT Bank Intan Banua", None],
        ["12/8/2024", "Kota Banjarmasin", "Paket PMT", 1, "1,000,000", "Kelompok", "Lanjut usia",
         "PT Tidak Dikenal", None],
        ["12/8/2024", "Kota Banjarmasin", "Paket PMT", 1, "1.000", "LKS", "Panti Asuhan Darul Ilmi",
         "PT Bank Intan Banua", None],
    ])


def test_aid_rows_are_read_from_names_labels_and_rupiah_and_refused_with_reasons(demo_engine):
    shown = preview(demo_engine, OPERATOR, "bantuan", "bantuan.xlsx", aid_file())
    assert shown.counts == {"add": 3, "change": 0, "same": 0, "error": 4}
    errors = errors_of(shown)
    assert "sudah ada di baris 6" in errors[7]["Tanggal"]
    assert "tidak ada di katalog" in errors[8]["Barang bantuan"]
    assert "harus berupa angka rupiah" in errors[9]["Nilai (Rp)"]
    assert "tidak dikenal di provinsi ini" in errors[9]["Sumber dana"]
    assert "tidak ada di daftar LKS Kota Banjarmasin" in errors[10]["Penerima"]  # that LKS is in Banjarbaru


def test_aid_import_writes_values_and_twice_adds_nothing_and_a_new_source_is_a_change(demo_engine):
    # Rp 50.000 a PMT paket is far below the usual (validasi): saved with a reason
    run_import(demo_engine, OPERATOR, "bantuan", "bantuan.xlsx", aid_file(), skip_errors=True,
               warnings_reason="paket kecil, sesuai kuitansi")
    with Session(demo_engine) as session:
        new = session.exec(select(AidDistribution).where(AidDistribution.distributed_on >= date(2024, 8, 10),
                                                         AidDistribution.distributed_on <= date(2024, 8, 12),
                                                         AidDistribution.is_demo.is_(False))
                           .order_by(AidDistribution.id)).all()
        assert [(d.quantity, d.value_rupiah, d.recipient_kind) for d in new] == [
            (25, 1_250_000, "kelompok"), (2, 3_500_000, "lks"), (1, 15_000_000, "rumah_tangga")]
        assert new[1].note == "diserahkan ketua" and new[2].recipient_name == "Bapak Ahmad Fauzi"
        total = session.exec(select(func.count()).select_from(AidDistribution)).one()
    _, counts = run_import(demo_engine, OPERATOR, "bantuan", "bantuan.xlsx", aid_file(), skip_errors=True)
    assert (counts["add"], counts["same"]) == (0, 3)

    moved = csv_bytes("Tanggal;Kabupaten/Kota;Barang bantuan;Jumlah;Nilai (Rp);Jenis penerima;Penerima;Sumber dana\n"
                      "2024-08-10;Kota Banjarmasin;Paket PMT;25;1.250.000;Kelompok;Lanjut usia;PT Barito Sawit Lestari\n")
    shown = preview(demo_engine, OPERATOR, "bantuan", "koreksi.csv", moved)
    assert shown.of(importer.CHANGE)[0].changes == {
        "Sumber dana": ("PT Bank Intan Banua · CSR perusahaan", "PT Barito Sawit Lestari · CSR perusahaan")}
    run_import(demo_engine, OPERATOR, "bantuan", "koreksi.csv", moved)
    with Session(demo_engine) as session:
        assert session.exec(select(func.count()).select_from(AidDistribution)).one() == total
        source = session.get(FundingSource, session.get(AidDistribution, new[0].id).funding_source_id)
        assert source.name == "PT Barito Sawit Lestari"


def test_templates_offer_the_users_kab_kota_and_pick_lists_as_dropdowns(demo_engine):
    with session_scope(demo_engine) as session:
        content = importer.template(session=session, actor=OPERATOR, kind="bantuan")
    workbook = load_workbook(io.BytesIO(content))
    data, lists = workbook["Data"], workbook["Daftar"]
    assert [c.value for c in data[1]] == AID_HEADER
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)
                                        if lists.cell(r, c).value] for c in range(1, lists.max_column + 1)}
    assert columns["Kabupaten/Kota"] == ["Kota Banjarmasin"]
    assert "Paket PMT" in columns["Barang bantuan"] and "PT Bank Intan Banua" in columns["Sumber dana"]
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    assert validations["B2"].startswith("Daftar!$") and all(v.startswith("Daftar!$") for v in validations.values())
    assert set(validations) == {"B2", "C2", "F2", "G2", "H2"}

    # a filled-in template imports as it is
    data.append(["10/09/2024", "Kota Banjarmasin", "Paket PMT", 3, "Rp 300.000", "Kelompok", "Lanjut usia",
                 "PT Bank Intan Banua", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    shown = preview(demo_engine, OPERATOR, "bantuan", "templat.xlsx", buffer.getvalue())
    assert shown.counts["add"] == 1 and shown.table.sheet == "Data"


@pytest.mark.parametrize("kind", ["lks", "penerima-manfaat"])
def test_every_template_reads_back_as_its_own_header(demo_engine, kind):
    with session_scope(demo_engine) as session:
        content = importer.template(session=session, actor=SEKRETARIAT, kind=kind)
    table = importer.read(kind, "templat.xlsx", content)
    assert table.header_row == 1 and table.rows == () and table.ignored == ()


def test_an_absurdly_large_count_is_refused_with_the_number_as_typed(demo_engine):
    # Hypothesis found it: quoting 10**28 in the message crashed the preview (Babel's 28-digit context).
    content = csv_bytes("Kabupaten/Kota;Nama LKS;Tahun;Bulan;Perempuan;Laki-laki\n"
                        "Kota Banjarmasin;Panti Asuhan Harapan Bangsa;2023;8;10000000000000000000000000000;1\n")
    shown = preview(demo_engine, SEKRETARIAT, "penerima-manfaat", "b.csv", content)
    assert shown.counts["error"] == 1
    assert "(sekarang 10.000.000.000.000.000.000.000.000.000)" in errors_of(shown)[2]["Perempuan"]
