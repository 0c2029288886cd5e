"""The command line: `python -m kesos init|demo-remove|create-admin|berita|report|deck|backup|restore ...`.

Every command prepares the database first exactly as the app's first start does.
"""

import argparse
import sys

from kesos.config import ConfigError, settings
from kesos.db import make_engine, prepare_database


def prepared_engine():
    cfg = settings()
    engine = make_engine(cfg.database_url)
    loaded_demo = prepare_database(engine, cfg)
    if loaded_demo:
        print("Data demo dimuat.", file=sys.stderr)
    return engine


def cmd_init(args) -> int:
    prepared_engine()
    cfg = settings()
    print(f"Database siap: {make_engine(cfg.database_url).url.render_as_string(hide_password=True)}")
    if cfg.demo_mode:
        from kesos.demo import login_hint

        print(login_hint())
    return 0


def cmd_demo_remove(args) -> int:
    from kesos.db import session_scope
    from kesos.demo import remove_demo

    engine = prepared_engine()
    with session_scope(engine) as session:
        removed = remove_demo(session)
    print(f"Data demo dihapus: {removed} baris.")
    return 0


def cmd_berita(args) -> int:
    import json
    from datetime import date

    from kesos.berita import extract

    prepared_engine()
    try:
        published = date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"Tanggal terbit tidak dikenali (YYYY-MM-DD): {args.published}", file=sys.stderr)
        return 2
    if args.article == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(args.article, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            print(f"Berkas berita tidak dapat dibaca: {exc}", file=sys.stderr)
            return 2
    print(json.dumps(extract(text, published=published, url=args.url).to_json_dict(), ensure_ascii=False))
    return 0


CLI_ACTOR_NAME = "baris-perintah"  # whoever has the shell has the whole database; snapshots say it came from here


def cmd_report(args) -> int:
    from kesos.db import session_scope
    from kesos.errors import KesosError
    from kesos.reports import ReportRequest, generate
    from kesos.security import Actor

    engine = prepared_engine()
    request = ReportRequest(args.province, args.kab_kota, args.from_year or args.year, args.year)
    try:
        with session_scope(engine) as session:
            report = generate(session, Actor(CLI_ACTOR_NAME, "admin"), request, args.format)
    except KesosError as exc:
        print(f"Laporan tidak dibuat: {exc.message}", file=sys.stderr)
        return 2
    if args.output:
        with open(args.output, "wb") as fh:
            fh.write(report.content)
        print(f"Laporan No. {report.number} ditulis ke {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(report.content)
        sys.stdout.buffer.flush()
    return 0


def cmd_deck(args) -> int:
    from kesos.db import session_scope
    from kesos.errors import KesosError
    from kesos.reports import ReportRequest
    from kesos.reports.deck import deck_pdf
    from kesos.security import Actor

    engine = prepared_engine()
    request = ReportRequest(args.province, args.kab_kota, args.from_year or args.year, args.year)
    try:
        with session_scope(engine) as session:
            name, content = deck_pdf(session, Actor(CLI_ACTOR_NAME, "admin"), request)
    except KesosError as exc:
        print(f"Deck tidak dibuat: {exc.message}", file=sys.stderr)
        return 2
    if args.output:
        with open(args.output, "wb") as fh:
            fh.write(content)
        print(f"Deck rakor ({name}) ditulis ke {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    return 0


def cmd_kelengkapan(args) -> int:
    import json

    from kesos import fmt
    from kesos.db import session_scope
    from kesos.errors import KesosError
    from kesos.queries.reporting import completeness
    from kesos.security import Actor

    engine = prepared_engine()
    try:
        with session_scope(engine) as session:
            frame = completeness(session, Actor(CLI_ACTOR_NAME, "admin"), args.province, args.year, args.month,
                                 args.kab_kota)
    except KesosError as exc:
        print(f"Kelengkapan tidak dapat dihitung: {exc.message}", file=sys.stderr)
        return 2
    if args.format == "json":
        rows = [{"kab_kota_code": r.kab_kota_code, "kab_kota": r.kab_kota, "year": int(r.year), "month": int(r.month),
                 "expected": int(r.expected), "reported": int(r.reported), "on_time": int(r.on_time),
                 "state": r.state, "due_on": r.due_on.isoformat(), "complete": bool(r.complete), "late": bool(r.late)}
                for r in frame.itertuples()]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'Kab/kota':<32} {'Bulan':<16} {'Aktif':>5} {'Lapor':>5} {'Tepat':>5}  Keadaan     Terlambat")
    for r in frame.itertuples():
        print(f"{r.kab_kota[:32]:<32} {fmt.bulan(r.year, r.month):<16} {r.expected:>5} {r.reported:>5} "
              f"{r.on_time:>5}  {r.state_label:<11} {'ya' if r.late else ''}")
    return 0


def cmd_backup(args) -> int:
    from kesos import backup
    from kesos.errors import KesosError

    engine = prepared_engine()
    try:
        backup.backup_to(engine, args.output)
    except KesosError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"Cadangan database ditulis ke {args.output}")
    return 0


def cmd_restore(args) -> int:
    from kesos import backup
    from kesos.errors import KesosError

    engine = prepared_engine()
    try:
        kept = backup.restore_from(engine, args.input, username=CLI_ACTOR_NAME)
    except FileNotFoundError:
        print(f"Berkas cadangan tidak ada: {args.input}", file=sys.stderr)
        return 2
    except KesosError as exc:
        print(f"Pemulihan dibatalkan: {exc.message}", file=sys.stderr)
        return 2
    print(f"Database dipulihkan dari {args.input}; database sebelumnya disimpan di {kept}")
    return 0


def cmd_generate(args) -> int:
    from kesos.generate import main as generate

    # Not through prepared_engine: a new SQLite database would get the demo data first.
    return generate(args.database_url or settings().database_url, args.scale)


def cmd_create_admin(args) -> int:
    from kesos import admin_account
    from kesos.security import Actor

    engine = prepared_engine()
    return admin_account.run(args, engine, settings(), Actor(CLI_ACTOR_NAME, "admin"))


def cmd_import(args) -> int:
    from kesos.importer import cli

    return cli.run(args, prepared_engine())


def cmd_build_peta(args) -> int:
    from pathlib import Path

    from kesos.peta import build

    # No database: the maps are files committed under data/peta/.
    try:
        sizes = build.build(Path(args.source), Path(args.output) if args.output else build.OUT_DIR)
    except build.BuildError as exc:
        print(f"Peta tidak dibuat: {exc}", file=sys.stderr)
        return 2
    largest = max((name for name in sizes if name[0].isdigit()), key=sizes.get)
    print(f"{len(sizes)} berkas ditulis; terbesar per provinsi {largest} ({sizes[largest]:,} B), "
          f"nasional {sizes[build.NATIONAL_FILE]:,} B")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from kesos.importer import KINDS

    parser = argparse.ArgumentParser(prog="python -m kesos", description="Kesos command line")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create, migrate and fill the database as the app's first start does")
    sub.add_parser("demo-remove", help="remove every demo record in one step")
    berita = sub.add_parser("berita", help="propose draft records from a news article; prints JSON, saves nothing")
    berita.add_argument("article", help="the article as a text file, or - for standard input")
    berita.add_argument("--published", help="the release date, YYYY-MM-DD: places dates written without a year")
    berita.add_argument("--url", help="the article's address, kept as its source")
    generate = sub.add_parser("generate", help="fill a new database with deterministic synthetic data (benchmarks)")
    generate.add_argument("--scale", choices=["national", "province", "small"], default="small",
                          help="national: 40,000 LKS, ~4.6 million monthly counts, 1,000,000 distributions")
    generate.add_argument("--database-url", help="the database to fill (default: DATABASE_URL)")
    report = sub.add_parser("report", help="a laporan wilayah as PDF, Excel or JSON, kept as a numbered snapshot")
    report.add_argument("--province", required=True, help="province code, e.g. 63")
    report.add_argument("--kab-kota", help="one kab/kota of the province, e.g. 63.71")
    report.add_argument("--year", type=int, required=True, help="the (last) year of the report")
    report.add_argument("--from-year", type=int, help="the first year, for a report over several years")
    report.add_argument("--format", choices=["pdf", "xlsx", "json"], default="pdf")
    report.add_argument("--output", help="the file to write; standard output when left out")
    deck = sub.add_parser("deck", help="the Mode Rakor slides as one 16:9 PDF (a page per slide)")
    deck.add_argument("--province", required=True, help="province code, e.g. 63")
    deck.add_argument("--kab-kota", help="one kab/kota of the province, e.g. 63.71")
    deck.add_argument("--year", type=int, required=True, help="the (last) year of the slides")
    deck.add_argument("--from-year", type=int, help="the first year, for slides over several years")
    deck.add_argument("--output", help="the file to write; standard output when left out")
    kelengkapan = sub.add_parser("kelengkapan", help="which LKS reported each month, per kab/kota (as the page)")
    kelengkapan.add_argument("--province", required=True, help="province code, e.g. 63")
    kelengkapan.add_argument("--year", type=int, required=True)
    kelengkapan.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="one month only")
    kelengkapan.add_argument("--kab-kota", help="one kab/kota of the province, e.g. 63.71")
    kelengkapan.add_argument("--format", choices=["json", "table"], default="table")
    backup = sub.add_parser("backup", help="a consistent copy of the whole SQLite database (online backup)")
    backup.add_argument("output", help="the backup file to write")
    restore = sub.add_parser("restore", help="replace the SQLite database with a backup; the old one is kept")
    restore.add_argument("input", help="a backup file made by 'backup' or the admin page")
    admin = sub.add_parser(
        "create-admin", help="create an admin account (the first one), or with --reset set an admin's new password",
        description="The password is read from KESOS_ADMIN_PASSWORD when set, otherwise asked twice; never "
                    "from an argument (ps and the shell history would show it). Same rules as the Pengguna page.")
    admin.add_argument("--username", default="admin", help="the admin's username (default: admin)")
    admin.add_argument("--name", default="Administrator", help="full name of a new admin (default: Administrator)")
    admin.add_argument("--email", help="email of a new admin (optional)")
    admin.add_argument("--reset", action="store_true",
                       help="the admin exists: set a new password, unlock and reactivate it, end its sessions")
    admin.add_argument("--password", help=argparse.SUPPRESS)  # only to refuse it with a reason
    imports = sub.add_parser("import", help="import LKS, beneficiary counts or aid distributions from .xlsx/.csv")
    imports.add_argument("kind", choices=list(KINDS))
    imports.add_argument("file", help="the .xlsx or .csv file")
    imports.add_argument("--user", required=True, help="the user the rows are imported as (role and scope apply)")
    imports.add_argument("--dry-run", action="store_true", help="show what would be imported, write nothing")
    imports.add_argument("--skip-errors", action="store_true", help="write the good rows even when some are refused")
    imports.add_argument("--alasan", default=None,
                         help="the reason for saving rows with validasi warnings (stored with each warning)")
    peta = sub.add_parser("build-peta", help="turn the boundary reference files into the maps under data/peta/")
    peta.add_argument("--source", required=True, help="the reference folder, e.g. ../shared/reference/peta")
    peta.add_argument("--output", help="the folder to write (default: data/peta)")
    return parser


COMMANDS = {"init": cmd_init, "demo-remove": cmd_demo_remove, "berita": cmd_berita, "generate": cmd_generate,
            "report": cmd_report, "deck": cmd_deck, "backup": cmd_backup, "restore": cmd_restore, "import": cmd_import,
            "kelengkapan": cmd_kelengkapan, "create-admin": cmd_create_admin, "build-peta": cmd_build_peta}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(f"Konfigurasi: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
