"""What an import would do, row by row: add, change (old -> new), already the same, or refused and why."""

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from kesos.importer.reading import Table
from kesos.security import Actor

ADD, CHANGE, SAME, ERROR = "add", "change", "same", "error"


@dataclass
class RowResult:
    row: int  # the spreadsheet row number the user sees
    status: str = ADD
    summary: str = ""  # "Panti Asuhan Al-Ikhlas · Kota Banjarmasin"
    values: dict = field(default_factory=dict)  # clean values to write (add) or the new values (change)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # column header -> (old, new) shown
    shown: dict[str, str] = field(default_factory=dict)  # column header -> the value as read, for a row to add
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (column header, as written, reason)
    record_id: int | None = None
    version: int | None = None
    kab_kota_code: str | None = None
    # Validasi: what the checks beyond one field say (services.validation_warning.Pending); saved only with a reason
    warnings: list = field(default_factory=list)

    def refuse(self, column: str, written: str, reason: str) -> None:
        self.status = ERROR
        self.errors.append((column, written, reason))


@dataclass
class Preview:
    kind: str
    table: Table
    rows: list[RowResult]
    actor: Actor
    data_version: int  # the actor's province's data version when planned: a save since then means plan again

    def of(self, status: str) -> list[RowResult]:
        return [row for row in self.rows if row.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in (ADD, CHANGE, SAME, ERROR)}

    @property
    def digest(self) -> str:
        """What confirming would write; the write refuses when the data moved on since the preview."""
        parts = [self.kind]
        for row in self.rows:
            parts.append([row.row, row.status, row.record_id, row.version,
                          sorted((k, str(v)) for k, v in row.values.items())])
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()

    def added_frame(self) -> pd.DataFrame:
        """The rows to add with every value as Kesos read it (dates, types, capacity, rupiah), column by
        column under the file's own headers, so a person checks what will be stored, not what was typed."""
        rows = self.of(ADD)
        headers = list(dict.fromkeys(header for r in rows for header in r.shown))
        if not headers:
            return pd.DataFrame([(r.row, r.summary) for r in rows], columns=["Baris", "Data"])
        return pd.DataFrame([[r.row, *(r.shown.get(h, "—") for h in headers)] for r in rows],
                            columns=["Baris", *headers])

    def changes_frame(self) -> pd.DataFrame:
        records = [(r.row, r.summary, column, old, new) for r in self.of(CHANGE)
                   for column, (old, new) in r.changes.items()]
        return pd.DataFrame(records, columns=["Baris", "Data", "Kolom", "Sekarang", "Menjadi"])

    @property
    def warned(self) -> list[RowResult]:
        """Rows to be written that met a warning (validasi)."""
        return [row for row in self.rows if row.status in (ADD, CHANGE) and row.warnings]

    def warnings_frame(self) -> pd.DataFrame:
        records = [(r.row, r.summary, pending.finding.message) for r in self.warned for pending in r.warnings]
        return pd.DataFrame(records, columns=["Baris", "Data", "Peringatan"])

    def errors_frame(self) -> pd.DataFrame:
        records = [(r.row, column, written, reason) for r in self.of(ERROR) for column, written, reason in r.errors]
        return pd.DataFrame(records, columns=["Baris", "Kolom", "Isi di berkas", "Alasan"])

    def errors_xlsx(self) -> bytes:
        """The refused rows as a sheet to fix the file by; text that looks like a formula stays text."""
        from kesos import export  # charts and their renderer are not needed for importing

        frame = self.errors_frame()
        headers = {column: column for column in frame.columns}
        note = f"Baris yang ditolak dari {self.table.filename}: perbaiki di berkas asli, lalu unggah lagi."
        return export.frame_xlsx(frame, headers, title="Baris salah", note=note)
