"""`python -m kesos import KIND FILE --user USERNAME [--dry-run] [--skip-errors] [--alasan TEXT]` (arguments in __main__).

The file is read, previewed and (unless --dry-run) written in one transaction as the named user,
with that user's role and kab/kota scope; every row refused is printed with its reason.
"""

import sys
from pathlib import Path

from kesos import fmt


def run(args, engine) -> int:
    from kesos import importer
    from kesos.db import session_scope
    from kesos.errors import KesosError
    from kesos.security import Actor
    from kesos.users import get_user

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        print(f"Berkas tidak dapat dibaca: {exc}", file=sys.stderr)
        return 2
    try:
        with session_scope(engine) as session:
            user = get_user(session, args.user)
            if user is None or not user.is_active:
                print(f"Pengguna “{args.user}” tidak ada atau tidak aktif.", file=sys.stderr)
                return 2
            actor = Actor.from_user(user)
            table = importer.read(args.kind, path.name, content)
            preview = importer.preview(session=session, actor=actor, kind=args.kind, table=table)
            _print(preview)
            counts = preview.counts
            if args.dry_run:
                print("Uji coba (--dry-run): tidak ada yang disimpan.")
                return 1 if counts[importer.ERROR] else 0
            if counts[importer.ERROR] and not args.skip_errors:
                print("Tidak ada yang disimpan: perbaiki baris yang salah, atau tambahkan --skip-errors untuk "
                      "menyimpan baris yang benar saja.", file=sys.stderr)
                return 1
            if preview.warned and not getattr(args, "alasan", None):
                print("Tidak ada yang disimpan: ada baris dengan peringatan. Periksa angkanya; bila memang benar, "
                      "ulangi dengan --alasan \"...\".", file=sys.stderr)
                return 1
            importer.commit(session=session, actor=actor, shown=preview, skip_errors=args.skip_errors,
                            warnings_reason=getattr(args, "alasan", None))
    except importer.ImportFileError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except KesosError as exc:
        print(f"Impor dibatalkan, tidak ada yang disimpan: {exc.message}", file=sys.stderr)
        return 2
    print(f"Tersimpan: {fmt.number(counts[importer.ADD])} ditambah, {fmt.number(counts[importer.CHANGE])} diubah.")
    return 0


def _print(preview) -> None:
    counts = preview.counts
    table = preview.table
    print(f"{table.filename}: judul kolom di baris {table.header_row}, {fmt.number(len(table.rows))} baris data.")
    if table.ignored:
        print("Kolom diabaikan: " + ", ".join(table.ignored))
    print(f"{fmt.number(counts['add'])} ditambah, {fmt.number(counts['change'])} diubah, "
          f"{fmt.number(counts['same'])} sudah sama, {fmt.number(counts['error'])} salah.")
    for row in preview.of("change"):
        changes = "; ".join(f"{column}: {old} → {new}" for column, (old, new) in row.changes.items())
        print(f"  diubah baris {row.row} ({row.summary}): {changes}")
    for row in preview.warned:
        for pending in row.warnings:
            print(f"  peringatan baris {row.row} ({row.summary}): {pending.finding.message}")
    for row in preview.of("error"):
        for column, written, reason in row.errors:
            shown = f" “{written}”" if written else ""
            print(f"  salah baris {row.row}, {column}{shown}: {reason}")
