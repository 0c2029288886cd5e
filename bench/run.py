"""Benchmark what a leader feels in the browser, and every dashboard page's server time, on a generated database.

    uv run python bench/run.py --scale small|province|national [--database-url URL] [--source-db FILE] --json OUT.json

Without --database-url the database is /tmp/kesos-bench-SCALE.db (SQLite): for `small`, a fresh demo
database (the quick mode, a few minutes); for the others a fresh copy of --source-db when given (a
national one is /tmp/kesos-national-base.db), else whatever is there, filled first with `kesos.generate`
at the scale asked for when it has no data (national: many minutes).

Two kinds of cases, side by side in one run:
- `browser` (bench/feel.py, bench/browser.py): headless Chromium against `streamlit run app.py`, timed
  from navigation (or the click) to the last chart drawn, each page beside Streamlit's floor (the same
  charts from constant data, bench/floor_app.py), under write load, at national scope, cold after a start
  and after a save, and the server's memory with 10 leaders. p50 and p95.
- the server's own time (AppTest in this process): every dashboard cold and warm, with the naive
  (whole tables read into pandas and grouped there) and bare-SQL (the page's query functions alone)
  medians; the maps' specs; the saves; the Kelengkapan grid; an import of 10,000 LKS (deleted again).
Prints the tables and writes OUT.json ({"machine", "server", "browser"}) and OUT.txt beside it.
"""

import argparse
import csv
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"warm": 150, "cold": 500, "save": 100, "import": 5000}  # issue 20: cold against 500 ms, not 1,000
COOKIE_KEY = "bench-cookie-key-0123456789abcdef"


@dataclass
class Case:
    name: str
    median_ms: float | None
    min_ms: float | None
    runs: int
    naive_median_ms: float | None = None
    sql_median_ms: float | None = None
    target_ms: float | None = None
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = asdict(self)
        extra = data.pop("extra")
        return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in {**data, **extra}.items() if v is not None}


def ms(seconds: float) -> float:
    return seconds * 1000


def measure(fn, repeat: int, before=None) -> list[float]:
    """Run `fn` `repeat` times (calling `before` untimed first each time); milliseconds per run."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        times.append(ms(time.perf_counter() - started))
    return times


def case(name: str, times: list[float], **more) -> Case:
    return Case(name, statistics.median(times), min(times), len(times), **more)


# --- The database ---------------------------------------------------------------------------------

def prepare(url: str, scale: str):
    from sqlalchemy import func, select

    from kesos.db import make_engine
    from kesos.generate import generate
    from kesos.models import Organisation

    engine = make_engine(url)
    from sqlalchemy import inspect

    has_data = inspect(engine).has_table("organisation") and engine.connect().execute(
        select(func.count()).select_from(Organisation)).scalar()
    if not has_data:
        print(f"Mengisi database dengan data sintetis skala {scale} ...", file=sys.stderr)
        generate(engine, scale)
    return engine


def pick_region(engine) -> tuple[str, str]:
    """The province with the most LKS, and its kab/kota with the most LKS: the heaviest pages."""
    from sqlalchemy import func, literal_column, select

    from kesos.models import Lks

    with engine.connect() as connection:
        kab_kota = connection.execute(select(Lks.kab_kota_code).group_by(Lks.kab_kota_code)
                                      .order_by(func.count().desc(), Lks.kab_kota_code).limit(1)).scalar()
        province_code = func.substr(Lks.kab_kota_code, literal_column("1"), literal_column("2"))
        provinces = connection.execute(select(province_code, func.count()).group_by(province_code)).all()
    province = max(provinces, key=lambda row: (row[1], row[0]))[0]
    if not kab_kota.startswith(province + "."):
        with engine.connect() as connection:
            kab_kota = connection.execute(select(Lks.kab_kota_code).where(Lks.kab_kota_code.startswith(province + "."))
                                          .group_by(Lks.kab_kota_code).order_by(func.count().desc()).limit(1)).scalar()
    return province, kab_kota


# --- Pages through AppTest --------------------------------------------------------------------------

def dashboard_pages():
    from kesos import navigation

    return [p for p in navigation.PAGES if p.script.startswith("pages/dasbor/")]


def page_params(spec, params: dict) -> dict:
    """The URL of a page as a leader opens it; Mode Rakor on its first slide, not its start screen."""
    return {**params, "slide": "1"} if spec.key == "rakor" else params


def page_app(spec, actor, params: dict):
    from streamlit.testing.v1 import AppTest

    from kesos import web

    at = AppTest.from_file(str(ROOT / spec.script), default_timeout=300)
    at.session_state[web.ACTOR_KEY] = actor
    for key, value in page_params(spec, params).items():
        at.query_params[key] = value
    return at


def run_page(at) -> None:
    at.run()
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")


@contextmanager
def recorded_queries():
    """Every query function a page calls through `web.query` or a panel, with its arguments (for the SQL
    and naive figures)."""
    from kesos.web import core, panels

    calls, original = [], core._cached

    def recorder(fn, args, version):
        calls.append((fn, args))
        return original(fn, args, version)

    core._cached = panels._cached = recorder
    try:
        yield calls
    finally:
        core._cached = panels._cached = original


def page_cases(engine, actor, params: dict, repeat: int, naive_repeat: int, label: str = "") -> list[Case]:
    import streamlit as st
    from sqlmodel import Session

    from bench import naive

    cases = []
    for spec in dashboard_pages():
        st.cache_data.clear()
        with recorded_queries() as calls:
            run_page(page_app(spec, actor, params))
        unique = list(dict.fromkeys((fn, args) for fn, args in calls))

        def bare_sql():
            with Session(engine) as session:
                for fn, args in unique:
                    fn(session, *args)

        def naive_way():
            with Session(engine) as session, engine.connect() as connection:
                tables = naive.Tables(connection)  # each table read once per page
                for fn, args in unique:
                    if fn.__name__ in naive.FUNCTIONS and len(args) == 1:
                        naive.FUNCTIONS[fn.__name__](tables, *args)
                    else:  # small lookups (provinces, pick-lists, activities) have no naive twin
                        fn(session, *args)

        sql_times = measure(bare_sql, repeat)
        naive_times = measure(naive_way, naive_repeat)
        cold = measure(lambda: run_page(page_app(spec, actor, params)), repeat, before=st.cache_data.clear)
        at = page_app(spec, actor, params)
        run_page(at)
        warm = measure(lambda: run_page(at), repeat)
        cases.append(case(f"page {spec.key}{label} cold", cold, naive_median_ms=statistics.median(naive_times),
                          sql_median_ms=statistics.median(sql_times), target_ms=TARGETS["cold"],
                          extra={"queries": len(unique)}))
        cases.append(case(f"page {spec.key}{label} warm", warm, target_ms=TARGETS["warm"]))
        print(f"  {spec.key}: cold {cases[-2].median_ms:.0f} ms, warm {cases[-1].median_ms:.0f} ms,"
              f" sql {cases[-2].sql_median_ms:.0f} ms, naive {cases[-2].naive_median_ms:.0f} ms", file=sys.stderr)
    return cases


def map_cases(engine, province: str, repeat: int) -> list[Case]:
    """Each province map's Vega-Lite spec built from its query's frame (the query warm, as a rerun after
    a save finds it), beside the bar chart or board the same frame already draws (the baseline)."""
    from sqlmodel import Session

    from kesos import dashboards, queries

    filters = queries.Filters(province_code=province, year_from=date.today().year - 4, year_to=date.today().year)
    view = dashboards.View(province, filters.year_from, filters.year_to)
    cases = []
    pairs = ((dashboards.LKS_MAP, dashboards.LKS_PER_KAB_KOTA), (dashboards.BRANCH_MAP, dashboards.BRANCH_COVERAGE),
             (dashboards.AID_MAP, dashboards.AID_BY_KAB_KOTA))
    for panel, baseline in pairs:
        with Session(engine) as session:
            frame = panel.query(session, filters)
        spec = panel.chart(frame, view).to_dict(validate=False)
        built = measure(lambda: panel.chart(frame, view).to_dict(validate=False), repeat)
        base = measure(lambda: baseline.chart(frame, view).to_dict(validate=False), repeat)
        # Built once per filter and data version (web.panels caches the spec), so part of a cold page;
        # a warm rerun sends the cached spec (the pages' warm cases).
        cases.append(case(f"map {panel.key} spec, warm query ({len(json.dumps(spec)) // 1024} KB)", built,
                          extra={"baseline": baseline.key,
                                                            "baseline_median_ms": statistics.median(base)}))
        print(f"  {panel.key}: {cases[-1].median_ms:.0f} ms; {baseline.key} (baseline) {statistics.median(base):.0f} ms",
              file=sys.stderr)
    return cases


# --- Saves and the import -------------------------------------------------------------------------

def save_cases(engine, kab_kota: str, repeat: int) -> list[Case]:
    import pandas as pd
    from sqlmodel import select

    from kesos.db import session_scope
    from kesos.models import AidItem, FundingSource
    from kesos.security import Actor
    from kesos.services import aid, beneficiary

    operator = Actor("bench-operator", "operator", province_code=kab_kota[:2], kab_kota_code=kab_kota)
    with session_scope(engine) as s:
        item = s.exec(select(AidItem.id).order_by(AidItem.id)).first()
        source = s.exec(select(FundingSource.id).where(FundingSource.province_code == kab_kota[:2],
                                                       FundingSource.kind == "csr").order_by(FundingSource.id)).first()
    counter = iter(range(1, 10_000))

    def save_distribution():
        with session_scope(engine) as s:
            aid.create_distribution(session=s, actor=operator, data={
                "distributed_on": date(2026, 10, 1 + next(counter) % 28), "aid_item_id": item, "quantity": 10,
                "value_rupiah": 1_750_000, "recipient_kind": "kelompok", "recipient_group": "lansia",
                "kab_kota_code": kab_kota, "funding_source_id": source},
                warnings_reason="bench")  # when the value is far from usual, the checks and the warning count too

    grid_state = {}

    def load_grid():
        with session_scope(engine) as s:
            grid = beneficiary.load_grid(session=s, actor=operator, kab_kota_code=kab_kota, year=2026, month=10)
        bump = next(counter) % 2
        grid_state["rows"] = [beneficiary.Row(int(r.lks_id), (0 if pd.isna(r.women) else int(r.women)) + 1 - 2 * bump
                                              if (0 if pd.isna(r.women) else int(r.women)) > 1 else 5, 7)
                              for r in grid.itertuples()]
        grid_state["versions"] = {int(r.lks_id): None if pd.isna(r.version) else int(r.version)
                                  for r in grid.itertuples()}

    def save_grid():
        with session_scope(engine) as s:
            beneficiary.save_grid(session=s, actor=operator, kab_kota_code=kab_kota, year=2026, month=10,
                                  rows=grid_state["rows"], expected_versions=grid_state["versions"],
                                  warnings_reason="bench")

    save_distribution()  # warm the connection pool and the code paths
    distribution = measure(save_distribution, repeat)
    grid = measure(save_grid, max(3, repeat // 2), before=load_grid)
    return [case("save one aid distribution", distribution, target_ms=TARGETS["save"]),
            case(f"save a month's grid ({len(grid_state['rows'])} LKS)", grid, target_ms=TARGETS["save"])]


def import_case(engine, province: str, rows: int, repeat: int) -> Case:
    try:
        from kesos import importer
    except ImportError:  # the importer is not there yet
        return Case(f"import {rows:,} LKS rows", None, None, 0, extra={"note": "kesos.importer not available"})
    from sqlalchemy import delete, func, select

    from kesos.db import session_scope
    from kesos.models import AuditLog, KabKota, Lks
    from kesos.security import Actor

    actor = Actor("bench-sekretariat", "sekretariat", province_code=province)
    with engine.connect() as connection:
        codes = [c for (c,) in connection.execute(select(KabKota.code).where(KabKota.province_code == province)
                                                  .order_by(KabKota.code))]
    run_number = iter(range(1, 100))

    def content() -> bytes:
        n = next(run_number)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Kabupaten/Kota", "Nama LKS", "Jenis LKS", "Alamat", "Kapasitas", "Tanggal terdaftar"])
        for i in range(rows):
            writer.writerow([codes[i % len(codes)], f"Bench Impor {n}-{i:05d}", "anak",
                             f"Jl. Contoh No. {i % 200 + 1}", 20 + i % 50, "2020-05-01"])
        return out.getvalue().encode()

    files = {}

    def prepare_file():
        files["csv"] = content()

    def run_import():
        table = importer.read("lks", "lks.csv", files["csv"])
        with session_scope(engine) as s:
            shown = importer.preview(session=s, actor=actor, kind="lks", table=table)
        with session_scope(engine) as s:
            counts = importer.commit(session=s, actor=actor, shown=shown)
        assert counts[importer.ADD] == rows, counts

    times = measure(run_import, repeat, before=prepare_file)
    with session_scope(engine) as s:  # untimed: take the benchmark's LKS out again
        ids = [str(i) for (i,) in s.connection().execute(select(Lks.id).where(Lks.name.like("Bench Impor %")))]
        s.connection().execute(delete(AuditLog.__table__).where(AuditLog.table_name == "lks",
                                                                AuditLog.record_id.in_(ids)))
        s.connection().execute(delete(Lks.__table__).where(Lks.name.like("Bench Impor %")))
        left = s.connection().execute(select(func.count()).where(Lks.name.like("Bench Impor %"))).scalar()
    assert left == 0
    return case(f"import {rows:,} LKS rows (read, preview, commit)", times, target_ms=TARGETS["import"])


# --- Output -----------------------------------------------------------------------------------------

def table(cases: list[Case]) -> str:
    def cell(value):
        return "" if value is None else f"{value:,.0f}"

    lines = ["| case | median ms | min ms | bare SQL ms | naive ms | target | met |",
             "| --- | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for c in cases:
        target, met = "", ""
        name = c.name
        if "baseline_median_ms" in c.extra:
            name = f"{name}; {c.extra['baseline']} beside it: {c.extra['baseline_median_ms']:,.0f} ms"
        if c.target_ms is not None and c.median_ms is not None:
            target, met = f"≤ {c.target_ms:,.0f}", "yes" if c.median_ms <= c.target_ms else "NO"
        if c.median_ms is None:
            name = f"{name} ({c.extra.get('note', 'not measured')})"
        lines.append(f"| {name} | {cell(c.median_ms)} | {cell(c.min_ms)} | {cell(c.sql_median_ms)} |"
                     f" {cell(c.naive_median_ms)} | {target} | {met} |")
    return "\n".join(lines)


def kelengkapan_case(engine, repeat: int) -> Case:
    """The Kelengkapan laporan grid for the province with most kab/kota (Jawa Timur, 38) over the last year
    with counts, 12 months: the query function itself, uncached, after one untimed run (warm)."""
    from sqlmodel import Session, func, select

    from kesos.models import BeneficiaryCount, KabKota
    from kesos.queries.reporting import completeness
    from kesos.security import Actor

    with Session(engine) as session:
        province, kab_kota = session.exec(
            select(KabKota.province_code, func.count()).group_by(KabKota.province_code)
            .order_by(func.count().desc(), KabKota.province_code)).first()
        year = session.exec(select(func.max(BeneficiaryCount.year))).one() - 1  # a whole year: 12 months
        admin = Actor("bench", "admin")
        grid = completeness(session, admin, province, year)  # untimed: warms the database's pages
        cpu = []  # the process's own CPU time too: on a shared, loaded machine the wall time waits for a core

        def timed():
            started = time.process_time()
            completeness(session, admin, province, year)
            cpu.append(ms(time.process_time() - started))

        times = measure(timed, repeat)
    return case(f"kelengkapan grid {province} ({kab_kota} kab/kota x {grid['month'].nunique()} months)", times,
                target_ms=300, extra={"cells": len(grid), "lks_expected": int(grid["expected"].sum()),
                                      "cpu_median_ms": round(statistics.median(cpu), 1)})


def database(args) -> tuple[str, bool]:
    """The database URL to benchmark and whether it is a demo database (the app then runs in demo mode)."""
    if args.database_url:
        return args.database_url, False
    path = Path(f"/tmp/kesos-bench-{args.scale}.db")
    source = args.source_db
    if source is None and args.scale == "national" and Path(NATIONAL_BASE).exists():
        source = NATIONAL_BASE
    if args.scale == "small" and source is None:  # the quick mode: a fresh demo database
        from kesos.config import Settings
        from kesos.db import make_engine, prepare_database

        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        prepare_database(engine, Settings(database_url=url, demo_mode=True, cookie_key=None))
        engine.dispose()
        return url, True
    if source is not None:  # a fresh copy every run: the benchmark saves into it (the original is never written)
        import sqlite3

        path.unlink(missing_ok=True)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original, sqlite3.connect(path) as copy:
            original.backup(copy)  # consistent even with the source's -wal beside it
    return f"sqlite:///{path}", False


NATIONAL_BASE = "/tmp/kesos-national-base.db"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["small", "province", "national"], required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--source-db", help="a SQLite file to benchmark a fresh copy of (never written)")
    parser.add_argument("--json", required=True, help="where to write the figures as JSON (a .txt goes beside it)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per case (p50/p95 of these)")
    parser.add_argument("--naive-repeat", type=int, help="runs of the naive baseline (default: 3 national, else repeat)")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--cases", default="browser,pages,maps,saves,kelengkapan,import",
                        help="which groups to run, comma-separated (default: all)")
    parser.add_argument("--browser-cases", default="cold,pages,scopes,load,memory",
                        help="which browser groups (bench/feel.py), comma-separated")
    parser.add_argument("--browser-pages", help="time only these pages/slides (ringkasan,dasbor-lks,rakor-1,...)")
    parser.add_argument("--floor-specs", help="reuse the charts an earlier run dumped for the floor (its floor-specs.json)")
    parser.add_argument("--browser-repeat", type=int, help="runs per browser case (default: --repeat)")
    parser.add_argument("--rate", type=float, default=1.0, help="writers' saves per second under load")
    parser.add_argument("--starts", type=int, default=3, help="server starts for the first-page case")
    parser.add_argument("--sessions", type=int, default=10, help="leaders' browser sessions for the memory case")
    args = parser.parse_args(argv)
    url, demo = database(args)
    load_before, commit = os.getloadavg(), _commit()

    os.environ.update(DATABASE_URL=url, KESOS_DEMO="1" if demo else "0", KESOS_COOKIE_KEY=COOKIE_KEY)
    from kesos import config
    from kesos.security import Actor

    config.settings.cache_clear()
    engine = prepare(url, args.scale)
    province, kab_kota = pick_region(engine)
    naive_repeat = args.naive_repeat or (3 if args.scale == "national" else args.repeat)
    print(f"Benchmark {args.scale} on {engine.dialect.name}: province {province}, kab/kota {kab_kota}", file=sys.stderr)

    groups = set(args.cases.split(","))
    browser_results = []
    if "browser" in groups:
        from bench import feel

        out = Path(args.json)
        browser_results = feel.run_all(
            url, province, Path(f"/tmp/kesos-bench-work/{out.stem}"), repeat=args.browser_repeat or args.repeat,
            groups=set(args.browser_cases.split(",")), cookie_key=COOKIE_KEY, demo=demo, rate=args.rate,
            starts=args.starts, sessions=args.sessions, label=engine.dialect.name,
            only=set(args.browser_pages.split(",")) if args.browser_pages else None, floor_specs=args.floor_specs)

    pimpinan = Actor("pimpinan", "pimpinan")
    import streamlit as st

    cases = []
    if "pages" in groups:
        run_page(page_app(dashboard_pages()[0], pimpinan, {"prov": province}))  # imports, engine: not measured
        st.cache_data.clear()
        cases += page_cases(engine, pimpinan, {"prov": province}, args.repeat, naive_repeat)
        # Every province (?prov=semua, where the dashboards offer it; else their first province).
        cases += page_cases(engine, pimpinan, {"prov": "semua"}, args.repeat, naive_repeat, label=" (prov=semua)")
    if "maps" in groups:
        cases += map_cases(engine, province, args.repeat)
    if "saves" in groups:
        cases += save_cases(engine, kab_kota, args.repeat * 2)
    if "kelengkapan" in groups:
        cases.append(kelengkapan_case(engine, args.repeat))
    if "import" in groups:
        cases.append(import_case(engine, province, args.import_rows, max(1, args.repeat // 2)))
    engine.dispose()

    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "database": engine.dialect.name,
               "scale": args.scale, "province": province, "kab_kota": kab_kota, "date": date.today().isoformat(),
               "commit": commit, "load_average_before": [round(x, 1) for x in load_before],
               "load_average_after": [round(x, 1) for x in os.getloadavg()]}
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump({"machine": machine, "server": [c.as_json() for c in cases],
                   "browser": [r.as_json() for r in browser_results]}, fh, indent=1, ensure_ascii=False)
    heading = (f"{args.scale}, {machine['database']}, {machine['cpus']} CPU, province {province}, kab/kota {kab_kota},"
               f" commit {machine['commit']}, load average {machine['load_average_before'][0]} before,"
               f" {machine['load_average_after'][0]} after")
    text = [heading]
    if browser_results:
        from bench import feel

        text += ["", "In the browser (headless Chromium; ms from navigation or click to the last chart drawn):",
                 feel.table(browser_results)]
    if cases:
        text += ["", "Server time (AppTest in this process):", table(cases)]
    report = "\n".join(text)
    print("\n" + report)
    Path(args.json).with_suffix(".txt").write_text(report + "\n", encoding="utf-8")
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,  # nosec
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
