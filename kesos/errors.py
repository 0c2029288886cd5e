"""Domain errors that services raise and pages turn into messages beside the fields."""


class KesosError(Exception):
    """Base of every error a user may see; `message` is Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(KesosError):
    """The acting user's role or kab/kota scope does not allow this."""


class NotFound(KesosError):
    pass


class ConflictError(KesosError):
    """Someone else saved the record first (its version moved on)."""


class ValidationError(KesosError):
    """Bad input; `errors` maps a field name to its Indonesian message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class DatabaseUnavailable(KesosError):
    """The database could not do the work (read-only, disk full, busy, unreachable); nothing was saved."""


class WarningsNeedReason(KesosError):
    """Checks beyond one field found something unusual: saved only with a reason (Alasan).

    `warnings` maps a field (or a grid row, `total:<lks_id>`) to its Indonesian messages; nothing
    was stored, and the same save with `warnings_reason` goes through.
    """

    def __init__(self, warnings: dict[str, list[str]], message: str | None = None):
        super().__init__(message or "Ada peringatan pada isian ini. Periksa lagi; bila angkanya memang benar, "
                                    "tulis alasannya di kolom Alasan lalu simpan lagi.")
        self.warnings = warnings


class LockedPeriod(KesosError):
    """The kab/kota's month was approved and is locked; an admin or the secretariat must unlock it first."""
