"""The pages of the app and which roles may open each; `app.py` and every page read this."""

from dataclasses import dataclass

from kesos.security import ADMIN_ROLES, ALL_ROLES, WRITER_ROLES


@dataclass(frozen=True)
class PageSpec:
    key: str  # also the URL path
    script: str
    title: str
    icon: str
    section: str
    roles: frozenset[str]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("ringkasan", "pages/dasbor/ringkasan.py", "Ringkasan", ":material/dashboard:", "Dasbor", ALL_ROLES),
    PageSpec("dasbor-lks", "pages/dasbor/lks.py", "Grafik LKS", ":material/bar_chart:", "Dasbor", ALL_ROLES),
    PageSpec("dasbor-penerima", "pages/dasbor/penerima.py", "Grafik penerima manfaat", ":material/monitoring:",
             "Dasbor", ALL_ROLES),
    PageSpec("dasbor-bantuan", "pages/dasbor/bantuan.py", "Grafik bantuan & CSR", ":material/paid:", "Dasbor",
             ALL_ROLES),
    PageSpec("dasbor-cabang", "pages/dasbor/cabang.py", "Papan cabang", ":material/grid_view:", "Dasbor",
             ALL_ROLES),
    PageSpec("dasbor-kegiatan", "pages/dasbor/kegiatan.py", "Linimasa kegiatan", ":material/timeline:", "Dasbor",
             ALL_ROLES),
    PageSpec("dasbor-pusat-data", "pages/dasbor/pusat_data.py", "Grafik PPKS & PSKS", ":material/query_stats:",
             "Dasbor", ALL_ROLES),
    PageSpec("dasbor-siapa-membantu", "pages/dasbor/siapa_membantu.py", "Siapa membantu apa di mana",
             ":material/diversity_3:", "Dasbor", ALL_ROLES),
    PageSpec("rakor", "pages/dasbor/rakor.py", "Mode Rakor", ":material/co_present:", "Dasbor", ALL_ROLES),
    PageSpec("lks", "pages/data/lks.py", "LKS", ":material/home_work:", "Data", ALL_ROLES),
    PageSpec("penerima-manfaat", "pages/data/penerima_manfaat.py", "Penerima manfaat", ":material/groups:",
             "Data", WRITER_ROLES),
    PageSpec("kegiatan", "pages/data/kegiatan.py", "Kegiatan", ":material/event:", "Data", ALL_ROLES),
    PageSpec("cabang", "pages/data/cabang.py", "Cabang", ":material/account_tree:", "Data", ALL_ROLES),
    PageSpec("bantuan", "pages/data/bantuan.py", "Bantuan", ":material/volunteer_activism:", "Data", ALL_ROLES),
    PageSpec("permohonan", "pages/data/permohonan.py", "Permohonan", ":material/inbox:", "Data", ALL_ROLES),
    PageSpec("donatur", "pages/data/donatur.py", "Donatur & CSR", ":material/savings:", "Data", ALL_ROLES),
    PageSpec("dari-berita", "pages/data/dari_berita.py", "Dari Berita", ":material/newspaper:", "Data", WRITER_ROLES),
    PageSpec("pusat-data", "pages/data/pusat_data.py", "PPKS & PSKS", ":material/query_stats:", "Data", ALL_ROLES),
    PageSpec("impor", "pages/data/impor.py", "Impor", ":material/upload_file:", "Data", WRITER_ROLES),
    # The secretariat follows up; an operator reads its own kab/kota's list (what it will be asked about).
    PageSpec("tindak-lanjut", "pages/data/tindak_lanjut.py", "Tindak lanjut", ":material/rule:", "Data",
             WRITER_ROLES),
    PageSpec("laporan", "pages/laporan/laporan.py", "Laporan", ":material/summarize:", "Laporan", ALL_ROLES),
    PageSpec("kelengkapan", "pages/laporan/kelengkapan.py", "Kelengkapan laporan", ":material/fact_check:",
             "Laporan", ALL_ROLES),
    PageSpec("pengguna", "pages/admin/pengguna.py", "Pengguna", ":material/manage_accounts:", "Admin",
             ADMIN_ROLES),
    PageSpec("organisasi", "pages/admin/organisasi.py", "Organisasi & kop surat", ":material/badge:", "Admin",
             ADMIN_ROLES),
    PageSpec("cadangan", "pages/admin/cadangan.py", "Cadangan database", ":material/backup:", "Admin",
             ADMIN_ROLES),
)


def page(key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == key)


def may_open(role: str, key: str) -> bool:
    return role in page(key).roles


def pages_for(role: str) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]
