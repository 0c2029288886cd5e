"""Word lists for the demo data: fictional people, LKS, companies and streets of Kalbar, Kalsel and Bali.

Every person and company here is made up; place and agency names are the public ones.
"""

import random

_PEOPLE = {
    "63": {  # Banjar names
        "male": (
            ["Ahmad", "Muhammad", "Abdul", "Rahmat", "Fauzi", "Hasan", "Husin", "Mahmud", "Rusdi", "Anang",
             "Zainal", "Yusran", "Masrani", "Basri", "Arbain", "Syamsul", "Jumadi", "Hairul", "Saberi", "Taufik"],
            ["Noor", "Rahman", "Hidayat", "Effendi", "Syarif", "Hairani", "Saputra", "Arifin", "Maulana",
             "Firdaus", "Ansyari", "Rifani", "Fahrianoor", "Yani", "Ramadhan"],
        ),
        "female": (
            ["Siti", "Noor", "Masitah", "Rusmini", "Fatmawati", "Jamilah", "Rahmah", "Salamah", "Hamidah",
             "Nurul", "Mariana", "Rusdiana", "Halimah", "Aisyah", "Raudah"],
            ["Aminah", "Hayati", "Rahmawati", "Zubaidah", "Khairunnisa", "Jannah", "Hasanah", "Fitriani",
             "Mahmudah", "Sari"],
        ),
    },
    "61": {  # Melayu, Dayak and Tionghoa names of Kalimantan Barat
        "male": (
            ["Syarif", "Abang", "Muhammad", "Hendra", "Yohanes", "Agustinus", "Fransiskus", "Paulus", "Antonius",
             "Rudi", "Iwan", "Suryadi", "Hairil", "Yosef", "Stefanus", "Ahmad", "Budi"],
            ["Hamid", "Abdullah", "Saputra", "Kurniawan", "Alen", "Diaan", "Ngabut", "Wijaya", "Gunawan",
             "Setiawan", "Syahrial", "Usman", "Jamaluddin", "Ramli", "Efendi"],
        ),
        "female": (
            ["Dayang", "Maria", "Theresia", "Margareta", "Veronika", "Sri", "Nurhayati", "Yuliana", "Rosalina",
             "Susi", "Fitri", "Rina"],
            ["Rahayu", "Kurniasih", "Anggraini", "Wulandari", "Marlina", "Lestari", "Juliani", "Suryani",
             "Oktaviani", "Handayani"],
        ),
    },
}
_BALI_ORDER = {
    False: ["Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut"],
    True: ["Wayan", "Putu", "Luh", "Made", "Kadek", "Nyoman", "Komang", "Ketut"],
}
_BALI_MALE = ["Suarjana", "Sudarma", "Mertayasa", "Artawan", "Wiranata", "Sukadana", "Arsana", "Suparta",
              "Budiarta", "Sedana", "Widiana", "Adnyana", "Sutama", "Darmawan", "Astawa"]
_BALI_FEMALE = ["Sri Wahyuni", "Ayu Lestari", "Suartini", "Sukerti", "Ariani", "Sumiati", "Wartini", "Mariani",
                "Yuliantari", "Sukarmi", "Parwati", "Sudiartini"]


def person_name(rng: random.Random, province: str, female: bool | None = None) -> str:
    """A made-up name in the style of the province."""
    if female is None:
        female = rng.random() < 0.5
    if province == "51":
        order = rng.choice(_BALI_ORDER[female])
        return f"{'Ni' if female else 'I'} {order} {rng.choice(_BALI_FEMALE if female else _BALI_MALE)}"
    first, last = _PEOPLE[province]["female" if female else "male"]
    return f"{rng.choice(first)} {rng.choice(last)}"


def short_name(kab_kota_name: str) -> str:
    """`Kota Banjarmasin` -> `Banjarmasin`, `Kabupaten Kubu Raya` -> `Kubu Raya`."""
    return kab_kota_name.removeprefix("Kabupaten ").removeprefix("Kota ")


LKS_PREFIXES = {
    "anak": ["LKSA Panti Asuhan", "Panti Asuhan", "LKSA", "Yayasan Panti Asuhan", "Panti Asuhan Yatim Piatu"],
    "lansia": ["Yayasan Panti Werdha", "LKS Lanjut Usia", "Panti Sosial Tresna Werdha"],
    "disabilitas": ["Yayasan Penyandang Disabilitas", "LKS Disabilitas", "Yayasan Pembinaan Tunanetra",
                    "Rumah Terapi Disabilitas"],
    "napza": ["Yayasan Rehabilitasi NAPZA", "IPWL", "Rumah Damping NAPZA"],
    "fakir_miskin": ["LKS Peduli Dhuafa", "Yayasan Kesejahteraan Fakir Miskin"],
    "tuna_sosial": ["Yayasan Pembinaan Tuna Sosial", "Rumah Singgah"],
    "lainnya": ["Yayasan Sosial", "LKS Karya Bakti"],
}
LKS_CORES = {
    "63": ["Al-Hidayah", "Al-Ikhlas", "Nurul Iman", "Darul Aitam", "Budi Mulia", "Al-Falah", "Baitul Rahman",
           "Ar-Rahman", "Mutiara Hati", "Bina Insani", "Harapan Bangsa", "Kasih Ibu", "Nurul Huda", "Al-Amin",
           "Darussalam", "Ulul Albab", "Raudhatul Jannah", "Miftahul Jannah", "Al-Mubarak", "Nurul Falah",
           "Al-Muhajirin", "Tunas Bangsa", "Cahaya Hati", "Amanah", "Al-Kautsar", "Darul Ilmi", "Banua Sejahtera",
           "Intan Banua", "Permata Bunda", "Anak Sholeh", "Baitul Yatama", "Madinatul Ilmi", "Al-Ma'wa",
           "Nurul Hikmah", "Sabilal Khairat", "Bina Umat"],
    "61": ["Al-Hidayah", "Al-Ikhlas", "Santo Yosef", "Bethesda", "Kasih Bunda", "Dharma Putra", "Santa Maria",
           "Bina Kasih", "Immanuel", "Budi Dharma", "Khatulistiwa", "Nurul Islam", "Darul Falah",
           "Kapuas Mandiri", "Tunas Harapan", "Al-Muhajirin", "Bakti Luhur", "Pelita Kasih", "Kasih Agape",
           "Al-Furqon", "Harapan Bangsa", "Putra Bangsa", "Sinar Kasih", "Mutiara Bangsa", "Darussalam",
           "Nur Hidayah", "Tunas Melati", "Santa Theresia", "Kasih Setia", "Tanjungpura", "Mujahidin"],
    "51": ["Dharma Jati", "Widhya Asih", "Santi Graha", "Sila Dharma", "Kasih Agape", "Tat Twam Asi",
           "Wredha Sejahtera", "Jnana Bhakti", "Bhakti Luhur", "Harapan Kasih", "Putra Dharma", "Werdha Kasih",
           "Dana Punia", "Sinar Dharma", "Metta Karuna", "Kerta Bhuana", "Bina Kasih", "Taman Harapan",
           "Padma Kumara", "Amertha Sari", "Satya Dharma", "Giri Kusuma", "Santhi Yasa", "Manik Sari",
           "Hati Kudus", "Al-Hidayah"],
}
STREETS = {
    "63": ["A. Yani Km 5", "Pangeran Antasari", "Veteran", "Sultan Adam", "Kayu Tangi", "Pramuka", "Sutoyo S.",
           "Belitung Darat", "Gatot Subroto", "Trikora", "Mistar Cokrokusumo", "Panglima Batur", "Lambung Mangkurat"],
    "61": ["Ahmad Yani", "Gajah Mada", "Tanjungpura", "Imam Bonjol", "Sultan Abdurrahman", "Adi Sucipto",
           "Sungai Raya Dalam", "Kom Yos Sudarso", "Husein Hamzah", "Parit Haji Husin", "Diponegoro", "Veteran"],
    "51": ["Gatot Subroto", "Teuku Umar", "Diponegoro", "Hayam Wuruk", "Cokroaminoto", "Ngurah Rai", "Udayana",
           "Raya Puputan", "Gunung Agung", "Nangka Utara", "Ciung Wanara", "Surapati"],
}

# province -> kind -> [(name, location, contact)]; donation boxes stand in made-up supermarkets.
FUNDING_SOURCES = {
    "61": {
        "csr": [("PT Khatulistiwa Sawit Makmur", None, "Bagian CSR"),
                ("PT Kapuas Bauksit Mineral", None, "Divisi Community Development"),
                ("PT Bank Equator Sejahtera", None, "Sekretariat Perusahaan"),
                ("PT Pontianak Karet Jaya", None, "Bagian Umum")],
        "kotak_sumbangan": [
            ("Kotak Sumbangan Swalayan Khatulistiwa Mart", "Swalayan Khatulistiwa Mart, Jl. Gajah Mada, Pontianak", None),
            ("Kotak Sumbangan Supermarket Kapuas Plaza", "Supermarket Kapuas Plaza, Jl. Tanjungpura, Pontianak", None),
            ("Kotak Sumbangan Swalayan Singkawang Jaya", "Swalayan Singkawang Jaya, Jl. Diponegoro, Singkawang", None)],
        "instansi": [("Dinas Sosial Provinsi Kalimantan Barat", None, "Bidang Pemberdayaan Sosial"),
                     ("Dinas Sosial Kota Pontianak", None, "Sekretariat")],
        "donatur": [("Hendra Wijaya", None, "Pengusaha, Pontianak"),
                    ("Hj. Nurhayati Syarif", None, "Donatur tetap"),
                    ("Yohanes Alen", None, "Pengusaha, Sintang")],
        "lainnya": [("Iuran pengurus BKKKS", None, None)],
    },
    "63": {
        "csr": [("PT Banua Batubara Sejahtera", None, "Bagian CSR"),
                ("PT Barito Sawit Lestari", None, "Divisi Community Development"),
                ("PT Bank Intan Banua", None, "Sekretariat Perusahaan"),
                ("PT Martapura Agro Mandiri", None, "Bagian Umum")],
        "kotak_sumbangan": [
            ("Kotak Sumbangan Swalayan Citra Banua", "Swalayan Citra Banua, Jl. Pangeran Antasari, Banjarmasin", None),
            ("Kotak Sumbangan Supermarket Sinar Martapura", "Supermarket Sinar Martapura, Jl. A. Yani Km 39, Martapura", None),
            ("Kotak Sumbangan Swalayan Intan Banjarbaru", "Swalayan Intan Banjarbaru, Jl. Panglima Batur, Banjarbaru", None)],
        "instansi": [("Dinas Sosial Provinsi Kalimantan Selatan", None, "Bidang Rehabilitasi Sosial"),
                     ("Biro Kesejahteraan Rakyat Setda Provinsi Kalimantan Selatan", None, "Bagian Kesra")],
        "donatur": [("H. Syahrani Noor", None, "Pengusaha, Banjarmasin"),
                    ("Hj. Masitah Rahman", None, "Donatur tetap"),
                    ("H. Fauzi Ansyari", None, "Pengusaha, Barabai")],
        "lainnya": [("Iuran pengurus LKKS", None, None)],
    },
    "51": {
        "csr": [("PT Bali Dewata Resort", None, "Bagian CSR"),
                ("PT Bank Nusa Dewata", None, "Sekretariat Perusahaan"),
                ("PT Tirta Segara Bali", None, "Divisi Community Development"),
                ("PT Semeton Bali Sejahtera", None, "Bagian Umum")],
        "kotak_sumbangan": [
            ("Kotak Sumbangan Swalayan Puri Sari", "Swalayan Puri Sari, Jl. Teuku Umar, Denpasar", None),
            ("Kotak Sumbangan Swalayan Segara Kuta", "Swalayan Segara Kuta, Jl. Raya Kuta, Badung", None),
            ("Kotak Sumbangan Supermarket Bintang Gianyar", "Supermarket Bintang Gianyar, Jl. Ciung Wanara, Gianyar", None),
            ("Kotak Sumbangan Swalayan Singaraja Jaya", "Swalayan Singaraja Jaya, Jl. Ahmad Yani, Singaraja", None)],
        "instansi": [("Dinas Sosial Provinsi Bali", None, "Bidang Pemberdayaan Sosial"),
                     ("Biro Kesejahteraan Rakyat Setda Provinsi Bali", None, "Bagian Kesra")],
        "donatur": [("I Gusti Ngurah Putra Wijaya", None, "Pengusaha, Denpasar"),
                    ("Ni Made Sri Wahyuni", None, "Donatur tetap"),
                    ("I Ketut Suarjana", None, "Pengusaha, Gianyar")],
        "lainnya": [("Iuran pengurus BKKKS", None, None)],
    },
}

# What people ask for, by the aid item that answers it.
NEEDS = {
    "Kursi roda": ["Kursi roda untuk anak penyandang disabilitas yang tidak dapat berjalan",
                   "Kursi roda untuk orang tua lumpuh pascastroke"],
    "Bedah rumah": ["Perbaikan rumah tidak layak huni: atap bocor dan dinding papan lapuk",
                    "Rumah rusak setelah angin kencang, lantai tanah dan tanpa jamban"],
    "Paket sembako": ["Bantuan sembako untuk lansia yang tinggal sebatang kara",
                      "Sembako untuk keluarga yang kepala keluarganya sakit menahun"],
    "Alat bantu dengar": ["Alat bantu dengar untuk anak tunarungu usia sekolah"],
    "Tripod": ["Tongkat kaki tiga (tripod) untuk ibu lanjut usia yang mudah jatuh"],
    "Kruk": ["Kruk untuk korban kecelakaan kerja yang kakinya diamputasi"],
    "Paket perlengkapan sekolah": ["Perlengkapan sekolah untuk anak yatim yang baru masuk SD"],
}
