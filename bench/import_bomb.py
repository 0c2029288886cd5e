"""Other users' page time while someone imports a bomb, against the same page with nobody importing.

    uv run python bench/import_bomb.py [--bombs huge-string,blank-rows,many-strings] [--pages 3]

A leader's Ringkasan page is drawn through AppTest on a demo database (as tests/pages do), first alone
(baseline), then while another thread imports each bomb of bench/bombs.py over and over, a second after the last
one ended, as an operator pressing Unggah again would. Prints the median page time of each and how the import ended.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bombs  # noqa: E402

BOMBS = {
    "huge-string": ("one shared string of 200 MB (205 KB file)", lambda: bombs.one_huge_shared_string(200)),
    "blank-rows": ("1,000,000 blank rows (2.5 MB file)", lambda: bombs.blank_rows(1_000_000)),
    "many-strings": ("450,000 shared strings (1.2 MB file)", lambda: bombs.many_shared_strings(450_000)),
}


def _demo_database(folder: Path) -> Path:
    from kesos.config import Settings
    from kesos.db import make_engine, prepare_database

    path = folder / "kesos.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    prepare_database(engine, Settings(database_url=url, demo_mode=True, cookie_key=None))
    engine.dispose()
    return path


def _page_seconds(db_path: Path) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.pages.datapage import actor_of

    st.cache_data.clear()  # every draw reads the database, as a new filter would
    at = AppTest.from_file(str(ROOT / "pages/dasbor/ringkasan.py"), default_timeout=600)
    at.session_state["kesos_actor"] = actor_of(db_path, "pimpinan")
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    assert not at.exception, at.exception
    return took


def _import_forever(content: bytes, stop: threading.Event, outcomes: list) -> None:
    from kesos import importer

    while not stop.is_set():
        started = time.perf_counter()
        try:
            importer.read("lks", "bom.xlsx", content)
            outcome = "read"
        except importer.ImportFileError as exc:
            outcome = exc.message[:70]
        outcomes.append((time.perf_counter() - started, outcome))
        stop.wait(1.0)  # the operator presses Unggah again


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bombs", default=",".join(BOMBS))
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("KESOS_DEMO", "1")
    folder = Path(tempfile.mkdtemp(prefix="kesos-bomb-bench-"))
    try:
        db_path = _demo_database(folder)
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
        _page_seconds(db_path)  # warm up: imports, first query plans
        baseline = [_page_seconds(db_path) for _ in range(args.pages)]
        print(f"baseline (nobody importing): Ringkasan median {statistics.median(baseline):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in baseline)})", flush=True)
        for key in args.bombs.split(","):
            label, build = BOMBS[key]
            content = build()
            stop, outcomes = threading.Event(), []
            worker = threading.Thread(target=_import_forever, args=(content, stop, outcomes), daemon=True)
            worker.start()
            time.sleep(0.5)
            during = [_page_seconds(db_path) for _ in range(args.pages)]
            stop.set()
            worker.join(timeout=900)
            imports = [t for t, _ in outcomes]
            print(f"during import of {label}: Ringkasan median {statistics.median(during):.2f} s "
                  f"({', '.join(f'{t:.2f}' for t in during)}); {len(outcomes)} import(s), longest "
                  f"{max(imports):.2f} s, ended: {outcomes[-1][1] if outcomes else '-'}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
