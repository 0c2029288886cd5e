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

# Where a table has no room for the full name (the 3W page's gaps).
LKS_TYPE_SHORT = {"anak": "Anak", "lansia": "Lansia", "disabilitas": "Disabilitas", "napza": "NAPZA",
                  "fakir_miskin": "Fakir miskin", "tuna_sosial": "Tuna sosial", "lainnya": "Lainnya"}

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

# --- The data centre (pusat data): PPKS and PSKS of Permensos No. 08 Tahun 2012 ----------------------
# Labels exactly as the regulation names them; short names as offices usually write them.
PPKS_CATEGORIES = {
    "anak_balita_telantar": "anak balita telantar",
    "anak_telantar": "anak telantar",
    "abh": "anak yang berhadapan dengan hukum",
    "anak_jalanan": "anak jalanan",
    "anak_disabilitas": "anak dengan kedisabilitasan",
    "anak_korban_kekerasan": "anak yang menjadi korban tindak kekerasan atau diperlakukan salah",
    "ampk": "anak yang memerlukan perlindungan khusus",
    "lansia_telantar": "lanjut usia telantar",
    "disabilitas": "penyandang disabilitas",
    "tuna_susila": "tuna susila",
    "gelandangan": "gelandangan",
    "pengemis": "pengemis",
    "pemulung": "pemulung",
    "kelompok_minoritas": "kelompok minoritas",
    "bwblp": "bekas warga binaan lembaga pemasyarakatan",
    "odha": "orang dengan HIV/AIDS",
    "korban_napza": "korban penyalahgunaan NAPZA",
    "korban_trafficking": "korban trafficking",
    "korban_kekerasan": "korban tindak kekerasan",
    "pmbs": "pekerja migran bermasalah sosial",
    "korban_bencana_alam": "korban bencana alam",
    "korban_bencana_sosial": "korban bencana sosial",
    "prse": "perempuan rawan sosial ekonomi",
    "fakir_miskin": "fakir miskin",
    "kbsp": "keluarga bermasalah sosial psikologis",
    "kat": "komunitas adat terpencil",
}
PPKS_SHORT = {
    "anak_balita_telantar": "ABT", "anak_telantar": "AT", "abh": "ABH", "anak_jalanan": "AJ",
    "anak_disabilitas": "ADK", "anak_korban_kekerasan": "AKTK", "ampk": "AMPK", "lansia_telantar": "LUT",
    "disabilitas": "PD", "tuna_susila": "TS", "gelandangan": "Gelandangan", "pengemis": "Pengemis",
    "pemulung": "Pemulung", "kelompok_minoritas": "KMi", "bwblp": "BWBLP", "odha": "ODHA",
    "korban_napza": "Korban NAPZA", "korban_trafficking": "KTr", "korban_kekerasan": "KTK", "pmbs": "PMBS",
    "korban_bencana_alam": "KBA", "korban_bencana_sosial": "KBS", "prse": "PRSE", "fakir_miskin": "FM",
    "kbsp": "KBSP", "kat": "KAT",
}
PSKS_CATEGORIES = {
    "psp": "pekerja sosial profesional",
    "psm": "pekerja sosial masyarakat (PSM)",
    "tagana": "taruna siaga bencana (Tagana)",
    "lks": "lembaga kesejahteraan sosial (LKS)",
    "karang_taruna": "karang taruna",
    "lk3": "lembaga konsultasi kesejahteraan keluarga (LK3)",
    "keluarga_pioner": "keluarga pioner",
    "wksbm": "wahana kesejahteraan sosial berbasis masyarakat (WKSBM)",
    "wpks": "wanita pemimpin kesejahteraan sosial",
    "penyuluh_sosial": "penyuluh sosial",
    "tksk": "tenaga kesejahteraan sosial kecamatan (TKSK)",
    "dunia_usaha": "dunia usaha",
}
PSKS_SHORT = {
    "psp": "Peksos", "psm": "PSM", "tagana": "Tagana", "lks": "LKS", "karang_taruna": "Karang Taruna",
    "lk3": "LK3", "keluarga_pioner": "Keluarga Pioner", "wksbm": "WKSBM", "wpks": "WPKS",
    "penyuluh_sosial": "Penyuluh Sosial", "tksk": "TKSK", "dunia_usaha": "Dunia Usaha",
}
WELFARE_KINDS = {"ppks": "PPKS", "psks": "PSKS"}
WELFARE_CATEGORIES = {"ppks": PPKS_CATEGORIES, "psks": PSKS_CATEGORIES}
WELFARE_SHORT = {"ppks": PPKS_SHORT, "psks": PSKS_SHORT}
WELFARE_SOURCES = {
    "dinsos": "Dinas Sosial kab/kota",
    "survei": "Survei",
    "dtks": "Ekstrak DTKS",
}

# LKS accreditation: years a grade is valid; growth grades some bodies give an LKS.
ACCREDITATION_YEARS = {"A": 5, "B": 3, "C": 2}
LKS_GROWTH_GRADES = {"embrio": "Embrio", "tumbuh": "Tumbuh", "berkembang": "Berkembang", "mandiri": "Mandiri"}

# The LKS types a PPKS category calls for (the 3W page's gaps: a kab/kota with these people in need and no
# operating LKS of any listed type). A judgement after Kemensos's rehabilitation directorates, not a rule of
# the regulation; a category with no type here is served by someone other than an LKS and is never a gap.
PPKS_LKS_TYPES: dict[str, tuple[str, ...]] = {
    # Children: the LKSA (child-care homes) take in the neglected, street children and children in conflict
    # with the law or in need of special protection.
    "anak_balita_telantar": ("anak",),
    "anak_telantar": ("anak",),
    "abh": ("anak",),
    "anak_jalanan": ("anak",),
    # A disabled child is served by an LKSA or by a disability LKS; either covers the need.
    "anak_disabilitas": ("anak", "disabilitas"),
    "anak_korban_kekerasan": ("anak",),
    "ampk": ("anak",),
    "lansia_telantar": ("lansia",),  # panti wreda, LKS lanjut usia
    "disabilitas": ("disabilitas",),
    # Social deviance (ketunaan sosial): rehabilitation homes for tuna susila, the homeless, beggars, former
    # prisoners and trafficking victims are the tuna sosial LKS.
    "tuna_susila": ("tuna_sosial",),
    "gelandangan": ("tuna_sosial",),
    "pengemis": ("tuna_sosial",),
    "bwblp": ("tuna_sosial",),
    "korban_trafficking": ("tuna_sosial",),
    # Scavengers and economically vulnerable women are helped by poverty (fakir miskin) LKS' economic
    # programmes.
    "pemulung": ("fakir_miskin",),
    "prse": ("fakir_miskin",),
    "fakir_miskin": ("fakir_miskin",),
    "korban_napza": ("napza",),
    # People with HIV: tuna sosial homes take them in, and drug rehabilitation homes care for those infected
    # through drug use; either covers the need.
    "odha": ("tuna_sosial", "napza"),
    # Not an LKS's work: minorities and remote indigenous communities (Kemensos empowerment programmes),
    # violence victims (the government's UPTD PPA), troubled migrant workers (BP2MI and Dinsos), disaster
    # victims (Tagana, a PSKS), troubled families (LK3, a PSKS).
    "kelompok_minoritas": (),
    "kat": (),
    "korban_kekerasan": (),
    "pmbs": (),
    "korban_bencana_alam": (),
    "korban_bencana_sosial": (),
    "kbsp": (),
}
