"""The command line: `python -m kesos init|demo-remove|berita ...`.

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kesos", description="Kesos command line")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create, migrate and fill the database as the app's first start does")
    sub.add_parser("demo-remove", help="remove every demo record in one step")
    berita = sub.add_parser("berita", help="propose draft records from a news article; prints JSON, saves nothing")
    berita.add_argument("article", help="the article as a text file, or - for standard input")
    berita.add_argument("--published", help="the release date, YYYY-MM-DD: places dates written without a year")
    berita.add_argument("--url", help="the article's address, kept as its source")
    return parser


COMMANDS = {"init": cmd_init, "demo-remove": cmd_demo_remove, "berita": cmd_berita}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(f"Konfigurasi: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
