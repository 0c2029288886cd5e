"""The domain's controlled vocabularies: codes stored in the database and their Indonesian labels.

Codes are short lowercase words used by the database, the command line and the importers;
labels are what the user interface shows. Check constraints in `models.py` are built from these.
"""

ROLES = {
    "admin": "Admin",
    "sekretariat": "Sekretariat",
    "operator": "Operator kab/kota",
    "pimpinan": "Pimpinan",
}

LKS_TYPES = {
    "anak": "LKS Anak (LKSA)",
    "lansia": "LKS Lanjut Usia",
    "disabilitas": "LKS Penyandang Disabilitas",
    "napza": "LKS Korban NAPZA",
    "fakir_miskin": "LKS Fakir Miskin",
    "tuna_sosial": "LKS Tuna Sosial",
    "lainnya": "LKS Lainnya",
}

REGISTRATION_STATUSES = {
    "terdaftar": "Terdaftar",
    "belum_terdaftar": "Belum terdaftar",
}

ACCREDITATIONS = {
    "A": "Akreditasi A",
    "B": "Akreditasi B",
    "C": "Akreditasi C",
    "belum": "Belum terakreditasi",
}

ORGANISATION_ACRONYMS = ("BKKKS", "BK3S", "LKKS", "LKKKS", "KKKS")

FUNDING_SOURCE_KINDS = {
    "csr": "CSR perusahaan",
    "kotak_sumbangan": "Kotak sumbangan",
    "instansi": "Instansi pemerintah (SKPD)",
    "donatur": "Donatur perorangan",
    "lainnya": "Lainnya",
}

DONATION_KINDS = {
    "tunai": "Tunai (rupiah)",
    "barang": "Barang (natura)",
}

RECIPIENT_KINDS = {
    "lks": "LKS",
    "kelompok": "Kelompok",
    "rumah_tangga": "Rumah tangga",
}

RECIPIENT_GROUPS = {
    "lansia": "Lanjut usia",
    "disabilitas": "Penyandang disabilitas",
    "panti": "Yayasan/panti",
    "anak": "Anak",
    "fakir_miskin": "Fakir miskin",
    "korban_bencana": "Korban bencana",
    "lainnya": "Lainnya",
}

UNITS = {
    "paket": "paket",
    "unit": "unit",
    "stel": "stel",
    "buah": "buah",
    "orang": "orang",
}

ACTIVITY_KINDS = {
    "rakor": "Rapat koordinasi (rakor)",
    "raker": "Rapat kerja (raker)",
    "workshop": "Workshop",
    "pelatihan": "Pelatihan",
    "pengukuhan": "Pengukuhan pengurus",
    "bakti_sosial": "Bakti sosial",
    "musda": "Musyawarah daerah (musda)",
    "peresmian": "Peresmian",
    "penyerahan_bantuan": "Penyerahan bantuan",
    "hut": "Hari ulang tahun (HUT)",
    "forum": "Forum / pertemuan",
    "lainnya": "Lainnya",
}

REQUEST_STATUSES = {
    "diterima": "Diterima",
    "diverifikasi": "Diverifikasi",
    "diteruskan": "Diteruskan ke provinsi",
    "disetujui": "Disetujui",
    "sebagian": "Terpenuhi sebagian",
    "terpenuhi": "Terpenuhi",
    "ditolak": "Ditolak",
}

# The state of a kab/kota's monthly report (kesos.services.reporting).
REPORT_STATES = {"terbuka": "Terbuka", "dikirim": "Dikirim", "disetujui": "Disetujui", "dikembalikan": "Dikembalikan"}
AUDIT_ACTIONS = ("create", "update", "delete", "restore", "import")

# Short province names as leaders say them (takeaways, slide titles): "LKS di Kalsel naik ...".
PROVINCE_SHORT_NAMES = {
    "11": "Aceh", "12": "Sumut", "13": "Sumbar", "14": "Riau", "15": "Jambi", "16": "Sumsel",
    "17": "Bengkulu", "18": "Lampung", "19": "Babel", "21": "Kepri", "31": "Jakarta", "32": "Jabar",
    "33": "Jateng", "34": "DIY", "35": "Jatim", "36": "Banten", "51": "Bali", "52": "NTB", "53": "NTT",
    "61": "Kalbar", "62": "Kalteng", "63": "Kalsel", "64": "Kaltim", "65": "Kaltara", "71": "Sulut",
    "72": "Sulteng", "73": "Sulsel", "74": "Sultra", "75": "Gorontalo", "76": "Sulbar", "81": "Maluku",
    "82": "Malut", "91": "Papua", "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah",
    "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}
