"""Server time of every dashboard page through AppTest, as bench/run.py measures it, with the version reads
and session checkouts of one run: cold (st.cache_data cleared before each run) and warm (a rerun).

    uv run python bench/speed_pages.py --database-url URL [--root TREE] [--actor admin|pimpinan|sekretariat]
        [--repeat 5] [--pages key1,key2] [--params prov=63,tahun=2025]

--root runs the pages of another checkout (a copy of main, to compare before and after on one machine
state). The national view is the admin's or pimpinan's (no province) with its "Semua provinsi" choice.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--actor", default="admin")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", default="")
    parser.add_argument("--params", default="", help="query parameters, e.g. prov=,tahun=2025")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("KESOS_COOKIE_KEY", "bench-cookie-key-0123456789abcdef")

    import streamlit as st
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool
    from streamlit.testing.v1 import AppTest

    from kesos import navigation, web
    from kesos.security import Actor

    actors = {"admin": Actor("admin", "admin"), "pimpinan": Actor("pimpinan", "pimpinan"),
              "sekretariat": Actor("sekretariat", "sekretariat", "63")}
    actor = actors[args.actor]
    params = dict(pair.split("=", 1) for pair in args.params.split(",") if pair)
    wanted = set(filter(None, args.pages.split(",")))
    web.engine()  # the engine and its migration check, once, untimed

    counts = {"versions": 0, "checkouts": 0}

    def statement(conn, cursor, text, parameters, context, executemany):
        if "from data_version" in " ".join(text.split()).lower():
            counts["versions"] += 1

    def checkout(*_):
        counts["checkouts"] += 1

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Pool, "checkout", checkout)

    def app(spec):
        at = AppTest.from_file(str(root / spec.script), default_timeout=300)
        at.session_state[web.ACTOR_KEY] = actor
        for key, value in {**params, **({"slide": "1"} if spec.key == "rakor" else {})}.items():
            at.query_params[key] = value
        return at

    cpu = []

    def timed(at) -> float:
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        if at.exception:
            raise RuntimeError(f"the page failed: {at.exception[0].message}")
        return elapsed

    print(f"{'page':24} {'cold ms':>8} {'warm ms':>8} {'cold cpu':>9} {'warm cpu':>9} {'versions':>9} "
          f"{'checkouts':>10}  (actor {args.actor}; wall ms, and CPU ms of this process)")
    for spec in navigation.PAGES:
        if not spec.script.startswith("pages/dasbor/") or (wanted and spec.key not in wanted):
            continue
        cold = []
        for _ in range(args.repeat):
            st.cache_data.clear()
            cold.append(timed(app(spec)))
        cold_cpu = statistics.median(cpu)
        at = app(spec)
        at.run()
        counts.update(versions=0, checkouts=0)
        cpu.clear()
        warm = [timed(at) for _ in range(args.repeat)]
        warm_cpu = statistics.median(cpu)
        cpu.clear()
        per_run = {k: v / args.repeat for k, v in counts.items()}
        print(f"{spec.key:24} {statistics.median(cold):8.0f} {statistics.median(warm):8.0f} {cold_cpu:9.0f} {warm_cpu:9.0f} "
              f"{per_run['versions']:9.1f} {per_run['checkouts']:10.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
