"""An attendance list from .xlsx or .csv (Nama, Instansi, Kab/kota, Jabatan), read as every import is read:
the header row found wherever it stands, hostile files refused in a child process with limits."""

from kesos.errors import ValidationError
from kesos.importer.reading import Column, ImportFileError, is_blank, read_table

COLUMNS = (
    Column("name", "Nama", aliases=("Nama peserta", "Nama lengkap")),
    Column("agency", "Instansi", aliases=("Asal instansi", "Lembaga", "Instansi/lembaga")),
    Column("kab_kota_code", "Kab/kota", required=False, aliases=("Kabupaten/Kota", "Kabupaten/kota", "Asal kab/kota")),
    Column("position", "Jabatan", required=False),
)
FIELD = "file"


def read(filename: str, content: bytes) -> tuple[list[dict], list[int]]:
    """(rows, their spreadsheet row numbers) of the file; ValidationError under `file` when it cannot be read."""
    try:
        table = read_table(filename, content, COLUMNS)
    except ImportFileError as exc:
        raise ValidationError({FIELD: exc.message}) from None
    rows, numbers = [], []
    for number, cells in table.rows:
        if all(is_blank(value) for value in cells.values()):
            continue
        rows.append({key: (None if is_blank(value) else str(value).strip()) for key, value in cells.items()})
        numbers.append(number)
    if not rows:
        raise ValidationError({FIELD: "Berkas tidak berisi baris peserta di bawah judul kolom."})
    return rows, numbers
