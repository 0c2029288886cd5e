"""The facts from the field (DOMAIN.md, "Facts from the field"), as the demo data set holds them.

Tests check these exactly; the synthetic records around them must never change these numbers.
Details the table does not give (workshop date, venues, household names, prices) come from the
news articles in `tests/berita/berita_articles` where they say, and are plausible inventions otherwise.
"""

import random
from datetime import date

from kesos.demo.base import DemoContext, insert_rows, record, some_day
from kesos.demo.lks import LksPlan
from kesos.models import AidDistribution

# province -> (acronym, name, address)
ORGANISATIONS = {
    "61": ("BKKKS", "Badan Koordinasi Kegiatan Kesejahteraan Sosial Provinsi Kalimantan Barat",
           "Jl. Sultan Abdurrahman No. 9, Pontianak"),
    "51": ("BKKKS", "Badan Koordinasi Kegiatan Kesejahteraan Sosial Provinsi Bali",
           "Jl. Raya Puputan Niti Mandala No. 4, Denpasar"),
    "63": ("LKKS", "Lembaga Koordinasi Kesejahteraan Sosial Provinsi Kalimantan Selatan",
           "Jl. Letjen R. Suprapto No. 8, Banjarmasin"),
}
# Where the body's chair signs its reports (the letterhead's signature block).
SIGNATURE_PLACES = {"61": "Pontianak", "51": "Denpasar", "63": "Banjarmasin"}
# province -> [(chair, confirmed_on, term_start, term_end)], oldest first. Kalsel's last term is the
# fact; Kalbar's ends soon and Bali's has lapsed, so the coverage board has something to flag.
ORGANISATION_TERMS = {
    "63": [("Hj. Noor Hasanah Rifani", date(2020, 9, 14), date(2020, 9, 14), date(2025, 9, 13)),
           ("Hj. Rahmawati Syahrani", date(2025, 10, 8), date(2025, 10, 8), date(2030, 10, 7))],
    "61": [("Hj. Dayang Nurhayati", date(2017, 2, 14), date(2017, 2, 14), date(2022, 2, 13)),
           ("Ny. Rosalina Kurniawan", date(2022, 2, 15), date(2022, 2, 15), date(2027, 2, 14))],
    "51": [("Ny. Ni Putu Ayu Sri Widari", date(2011, 6, 30), date(2011, 6, 30), date(2016, 6, 29)),
           ("Ny. Ni Made Ayu Suartini", date(2016, 6, 30), date(2016, 6, 30), date(2021, 6, 29)),
           ("Ny. Ni Kadek Sri Parwati", date(2021, 6, 30), date(2021, 6, 30), date(2026, 6, 29))],
}
BRANCH_PREFIX = {"61": "LKKKS", "51": "KKKS", "63": "LKKS"}
# Kalsel: Tanah Bumbu and Kotabaru have no branch yet (fact); Kalbar: Sekadau and Kayong Utara (invented).
BRANCHES_NOT_FORMED = {"63.10", "63.02", "61.09", "61.11"}

# The meetings of the table. `kab_kota` is who attended: "all" the province's kab/kota, or codes;
# Kalsel's 2023 rakor adds the kab/kota whose branch existed by then (see `bodies.py`).
FACT_ACTIVITIES = [
    {
        "province_code": "61", "kab_kota_code": "61.71", "kind": "rakor",
        "title": "Rapat Koordinasi BKKKS Provinsi Kalimantan Barat bersama LKKKS Kabupaten/Kota se-Kalimantan Barat",
        "start_date": date(2023, 8, 9), "end_date": date(2023, 8, 11),
        "place": "Ballroom Hotel Gajah Mada, Pontianak", "participants_total": 70,
        "agencies": "Pengurus BKKKS Provinsi Kalimantan Barat; pengurus LKKKS dari 14 kabupaten/kota; "
                    "Dinas Sosial Provinsi Kalimantan Barat; instansi terkait",
        "conclusions": "Rakor dibuka secara resmi oleh Sekretaris Daerah Provinsi Kalimantan Barat pada Kamis, "
                       "10 Agustus 2023. Membahas konsolidasi organisasi dan program kerja tahun 2024; seluruh "
                       "LKKKS kabupaten/kota diminta menyampaikan laporan wilayah secara rutin ke provinsi.",
        "kab_kota": "all",
    },
    {
        "province_code": "61", "kab_kota_code": "61.71", "kind": "workshop",
        "title": "Workshop Manajemen Administrasi bagi Pengelola LKS dan LKSA Kota Pontianak dan Kabupaten Kubu Raya",
        "start_date": date(2024, 5, 20), "end_date": date(2024, 5, 20),
        "place": "Aula Kantor BK3S Provinsi Kalimantan Barat, Pontianak", "participants_total": 45,
        "agencies": "BK3S Provinsi Kalimantan Barat; pengelola LKS dan LKSA Kota Pontianak dan Kabupaten Kubu Raya",
        "conclusions": "Pengelola LKS dan LKSA berlatih menertibkan surat-menyurat, laporan keuangan dan data "
                       "penerima manfaat, yang menjadi syarat registrasi dan akreditasi.",
        "kab_kota": ["61.71", "61.12"],
    },
    {
        "province_code": "51", "kab_kota_code": "51.71", "kind": "raker",
        "title": "Rapat Kerja BKKKS Provinsi Bali Tahun 2014",
        "start_date": date(2014, 7, 17), "end_date": date(2014, 7, 17),
        "place": "Ruang rapat Dekranasda Provinsi Bali", "participants_total": 115,
        "agencies": "Pengurus BKKKS Provinsi Bali; perwakilan sembilan kabupaten/kota se-Bali",
        "conclusions": "Mengevaluasi pelaksanaan program tahun 2014 dan menyusun rencana kegiatan tahun 2015.",
        "kab_kota": "all",
    },
    {
        "province_code": "63", "kab_kota_code": "63.71", "kind": "rakor",
        "title": "Rapat Koordinasi LKKKS Provinsi Kalimantan Selatan",
        "start_date": date(2023, 2, 20), "end_date": date(2023, 2, 21),
        "place": "Aula Dinas Sosial Provinsi Kalimantan Selatan, Jl. Letjen R. Suprapto, Banjarmasin",
        "participants_total": 57,
        "agencies": "Pengurus LKKKS Provinsi Kalimantan Selatan; pengurus LKKKS kabupaten/kota; pengelola LKSA; "
                    "Dinas Sosial Provinsi Kalimantan Selatan",
        "conclusions": "Menyamakan langkah pengurus provinsi dan kabupaten/kota dalam mendampingi LKS; data LKS "
                       "di setiap kabupaten/kota terus diperbarui agar bantuan tepat sasaran.",
        "kab_kota": ["63.01", "63.03", "63.05"],
    },
    {
        "province_code": "63", "kab_kota_code": "63.71", "kind": "pengukuhan",
        "title": "Pengukuhan Pengurus LKKS Provinsi Kalimantan Selatan Masa Bakti 2025–2030",
        "start_date": date(2025, 10, 8), "end_date": date(2025, 10, 8),
        "place": "Gedung Mahligai Pancasila, Banjarmasin", "participants_total": 300,
        "agencies": "Gubernur Kalimantan Selatan; Dinas Sosial Provinsi Kalimantan Selatan; pengurus LKKS "
                    "kabupaten/kota",
        "conclusions": "LKKS sudah terbentuk di 11 dari 13 kabupaten/kota; pengurus baru diminta segera membentuk "
                       "kepengurusan di Kabupaten Tanah Bumbu dan Kabupaten Kotabaru.",
        "kab_kota": "all",
    },
]

# Bali's aid in 2014: 190 PMT packages, 1 tripod, 1 wheelchair, 106 sports sets, 4 house renovations.
# (day, item, quantity, price per unit, recipient, kab/kota, (funding kind, index in names.FUNDING_SOURCES))
BALI_AID_2014 = [
    (date(2014, 3, 12), "Paket PMT", 45, 150_000, "kelompok:lansia", "51.71", ("csr", 0)),
    (date(2014, 4, 23), "Paket PMT", 35, 150_000, "kelompok:lansia", "51.03", ("kotak_sumbangan", 1)),
    (date(2014, 5, 14), "Paket PMT", 30, 150_000, "kelompok:disabilitas", "51.04", ("csr", 1)),
    (date(2014, 6, 18), "Paket PMT", 20, 150_000, "kelompok:disabilitas", "51.02", ("kotak_sumbangan", 0)),
    (date(2014, 8, 20), "Paket PMT", 60, 150_000, "kelompok:panti", "51.08", ("csr", 0)),
    (date(2014, 5, 29), "Pakaian olahraga lansia", 56, 175_000, "kelompok:lansia", "51.71", ("csr", 1)),
    (date(2014, 5, 29), "Pakaian olahraga lansia", 50, 175_000, "kelompok:lansia", "51.04", ("kotak_sumbangan", 0)),
    (date(2014, 9, 10), "Tripod", 1, 450_000, "rumah_tangga:I Ketut Sedana", "51.05", ("donatur", 0)),
    (date(2014, 9, 10), "Kursi roda", 1, 1_750_000, "rumah_tangga:Ni Luh Sukerti", "51.07", ("donatur", 1)),
    (date(2014, 10, 15), "Bedah rumah", 1, 12_500_000, "rumah_tangga:Keluarga I Wayan Sukadana", "51.01", ("csr", 2)),
    (date(2014, 11, 5), "Bedah rumah", 1, 12_500_000, "rumah_tangga:Keluarga I Nyoman Arsana", "51.06", ("csr", 3)),
    (date(2014, 11, 26), "Bedah rumah", 1, 12_500_000, "rumah_tangga:Keluarga Ni Ketut Wartini", "51.07", ("instansi", 0)),
    (date(2014, 12, 10), "Bedah rumah", 1, 12_500_000, "rumah_tangga:Keluarga I Made Suparta", "51.08", ("csr", 0)),
]
_NOTES = {"lansia": "PMT bagi lansia", "disabilitas": "PMT bagi penyandang cacat (penca)",
          "panti": "PMT bagi yayasan dan panti"}


def insert_bali_aid_2014(ctx: DemoContext) -> None:
    rows = []
    for on, item, quantity, price, recipient, kab_kota_code, (kind, index) in BALI_AID_2014:
        recipient_kind, _, detail = recipient.partition(":")
        note = _NOTES.get(detail) if item == "Paket PMT" else None
        if item == "Pakaian olahraga lansia":
            note = "Pakaian olahraga untuk kelompok senam lansia"
        rows.append({
            "distributed_on": on, "aid_item_id": ctx.items[item], "quantity": quantity,
            "value_rupiah": quantity * price, "recipient_kind": recipient_kind, "recipient_lks_id": None,
            "recipient_group": detail if recipient_kind == "kelompok" else None,
            "recipient_name": detail if recipient_kind == "rumah_tangga" else None,
            "kab_kota_code": kab_kota_code, "funding_source_id": ctx.sources["51"][kind][index],
            "aid_request_id": None, "note": note, **record(on),
        })
    insert_rows(ctx.session, AidDistribution, rows)


def kalsel_lks_plan(rng: random.Random) -> LksPlan:
    """Kalsel's registry, built so the field's counts hold exactly.

    Alive at the end of a year: 2018 84, 2019 94, 2020 105, 2021 117, 2022 132,
    2023 154 (140 anak, 4 lansia, 7 disabilitas, 3 napza), 2024 176, 2025 199, 2026 206.
    """
    types_2023 = ["anak"] * 140 + ["lansia"] * 4 + ["disabilitas"] * 7 + ["napza"] * 3
    rng.shuffle(types_2023)
    years = [rng.randint(1995, 2018) for _ in range(80)]
    for year, count in ((2019, 10), (2020, 12), (2021, 14), (2022, 16), (2023, 22)):
        years += [year] * count
    plan = [[lks_type, some_day(rng, year), None] for lks_type, year in zip(types_2023, years)]
    for index, year in zip(rng.sample(range(len(plan)), 6), (2024, 2024, 2024, 2025, 2025, 2026)):
        plan[index][2] = some_day(rng, year)  # closed after 2023: they still count in 2023
    for year in (2020, 2021, 2021, 2022):  # closed before 2023
        registered = some_day(rng, rng.randint(2002, 2015))
        plan.append([rng.choice(("anak", "anak", "lansia", "disabilitas")), registered, some_day(rng, year)])
    new_types = {
        2024: ["anak"] * 18 + ["lansia"] * 2 + ["disabilitas"] * 3 + ["napza", "fakir_miskin"],
        2025: ["anak"] * 17 + ["lansia"] * 3 + ["disabilitas"] * 2 + ["napza"] + ["fakir_miskin"] * 2,
        2026: ["anak"] * 5 + ["lansia", "disabilitas", "tuna_sosial"],
    }
    for year, lks_types in new_types.items():
        plan += [[lks_type, some_day(rng, year), None] for lks_type in lks_types]
    return [tuple(entry) for entry in plan]
