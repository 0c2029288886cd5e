"""The browser cases of bench/run.py: what a leader feels, side by side in one run.

Groups (run.py --browser-cases, comma-separated):
- pages: every Dasbor page and Mode Rakor slide as the national leader, each load beside the floor's load of
  the same charts (bench/floor_app.py), interleaved so the machine's load falls on both alike; then a
  rerun after a filter change (the year) on each page, and the next slide in Mode Rakor.
- scopes: the same pages as the national admin and as a province's leader; the Ringkasan map's
  "Semua provinsi" toggle (today's only all-provinces view) for the national ones.
- load: some pages without writers, then while bench/writers.py saves at a steady rate across the country.
- cold: the first page after a server start (process start to the first chart), and the first page after
  a save in another province and in the same province.
- memory: the server's RSS with 10 leaders' sessions open.
Each case is a dict: name, p50_ms, p95_ms, runs, target (text), met, extra.
"""

import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench import browser as bb

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT_PASSWORD = "Bench-Pimpinan-2026!"
NATIONAL_LEADER, NATIONAL_ADMIN, PROVINCE_LEADER = "bench-pimpinan", "bench-admin", "bench-pimpinan-prov"
LOAD_PAGES = ("ringkasan", "dasbor-bantuan", "dasbor-penerima")
AFTER_SAVE_PAGE = "ringkasan"
TARGETS = {"floor_ratio": 1.5, "page_p95_ms": 1000, "rerun_p50_ms": 300, "load_ratio": 1.5,
           "first_page_ms": 3000, "memory_mb": 600}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 7 runs is the slowest; of 20, the 19th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Result:
    name: str
    times: list[float]
    target: str = ""
    met: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def p50(self):
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self):
        return percentile(self.times, 95) if self.times else None

    def as_json(self) -> dict:
        return {"name": self.name, "p50_ms": _r(self.p50), "p95_ms": _r(self.p95), "runs": len(self.times),
                "times_ms": [_r(t) for t in self.times], "target": self.target, "met": self.met, **self.extra}


def _r(value):
    return None if value is None else round(value, 1)


# --- Accounts and pages ------------------------------------------------------------------------------

def ensure_accounts(url: str, province: str) -> None:
    """A generated database has no accounts: a national leader, a national admin and a province's leader,
    added through the Pengguna service (a demo database gets them too, beside its own)."""
    from kesos import users
    from kesos.db import make_engine, session_scope
    from kesos.security import Actor
    from kesos.services import users_admin

    engine = make_engine(url)
    try:
        for username, role, prov in ((NATIONAL_LEADER, "pimpinan", None), (NATIONAL_ADMIN, "admin", None),
                                     (PROVINCE_LEADER, "pimpinan", province)):
            with session_scope(engine) as s:
                if users.get_user(s, username) is None:
                    users_admin.create_user(session=s, actor=Actor("bench", "admin"), data={
                        "username": username, "name": f"{role} (benchmark)", "email": None, "role": role,
                        "province_code": prov, "kab_kota_code": None,
                        "password": ACCOUNT_PASSWORD, "password_confirm": ACCOUNT_PASSWORD})
    finally:
        engine.dispose()


def actor_of(username: str, province: str):
    from kesos.security import Actor

    return {NATIONAL_LEADER: Actor(NATIONAL_LEADER, "pimpinan"), NATIONAL_ADMIN: Actor(NATIONAL_ADMIN, "admin"),
            PROVINCE_LEADER: Actor(PROVINCE_LEADER, "pimpinan", province_code=province)}[username]


@dataclass(frozen=True)
class Target:
    name: str  # page key, or rakor-N
    script: str
    params: dict

    def path(self) -> str:
        key = "rakor" if self.name.startswith("rakor-") else self.name
        query = urllib.parse.urlencode(self.params)
        return ("/" if key == "ringkasan" else f"/{key}") + (f"?{query}" if query else "")


ONLY: set[str] = set()  # --browser-pages: time only these targets (page keys, rakor-N)


def targets(province: str, slides: bool = True) -> list[Target]:
    """Every Dasbor page and (with `slides`) each Mode Rakor slide, opened on `province`."""
    from kesos import navigation

    pages = [p for p in navigation.PAGES if p.section == "Dasbor"]
    found = []
    for spec in pages:
        if spec.key == "rakor":
            if slides:
                found += [Target(f"rakor-{n}", spec.script, {"prov": province, "slide": str(n)})
                          for n in range(1, rakor_slide_count() + 1)]
        else:
            found.append(Target(spec.key, spec.script, {"prov": province}))
    return [t for t in found if not ONLY or t.name in ONLY]


def rakor_slide_count() -> int:
    from kesos import dashboards

    return len(dashboards.RAKOR_SLIDES)


# --- Servers -------------------------------------------------------------------------------------------

class Run:
    """One benchmark run: the database, its app server, the floor server, the browser, the results."""

    def __init__(self, url: str, province: str, work: Path, repeat: int, cookie_key: str, demo: bool):
        self.url, self.province, self.work, self.repeat = url, province, work, repeat
        self.cookie_key, self.demo = cookie_key, demo
        self.results: list[Result] = []
        self.app: bb.Server | None = None
        self.floor: bb.Server | None = None
        self.expected: dict[str, int] = {}

    def start_app(self) -> bb.Server:
        self.app = bb.Server(ROOT / "app.py", bb.app_env(self.url, self.cookie_key, self.demo),
                             self.work / "app.log").start()
        return self.app

    def start_floor(self, specs: Path) -> bb.Server:
        self.floor = bb.Server(ROOT / "bench" / "floor_app.py", {}, self.work / "floor.log",
                               args=(str(specs),)).start()
        return self.floor

    def page(self, browser, username: str | None):
        return bb.new_page(browser, self.app.url, username=username, cookie_key=self.cookie_key)

    def stop(self) -> None:
        for server in (self.app, self.floor):
            if server is not None:
                server.stop()

    def add(self, result: Result) -> Result:
        self.results.append(result)
        print(f"  {result.name}: p50 {result.p50 or 0:,.0f} ms, p95 {result.p95 or 0:,.0f} ms"
              f" ({len(result.times)} runs) {result.target} {'' if result.met is None else ('ok' if result.met else 'MISSED')}",
              file=sys.stderr, flush=True)
        return result


def warm_up(page, base: str) -> None:
    """The first session of a new process: Streamlit answers it in its old multipage mode (see
    tests/e2e/conftest.py), so it opens "/" once before anything is timed."""
    bb.load(page, base + "/")


# --- pages: every page and slide beside the floor -----------------------------------------------------

def title_of(key: str) -> str:
    from kesos import navigation

    return navigation.page(key).title


def floor_pick(page, name: str, min_charts: int) -> bb.Timing:
    """The floor's own page change: its sidebar radio reruns the script with the other page's charts.

    When `name` is already chosen (the floor's first session can come up on its first page whatever its
    URL asked), another page is chosen first, untimed, so the timed click does rerun the script."""
    sidebar = page.locator("[data-testid=stSidebar]")
    options = sidebar.locator("[role=radiogroup] label")
    label = options.filter(has=page.get_by_text(name, exact=True))
    if label.locator("input").is_checked():
        other = options.filter(has_not=page.get_by_text(name, exact=True)).first
        bb.rerun(page, lambda p: other.click())
    option = sidebar.get_by_text(name, exact=True)
    return bb.rerun(page, lambda p: option.click(), min_charts=min_charts)


def pages_group(run: Run, browser, specs: dict) -> None:
    """Every dashboard as a leader moves between them (its sidebar link: click to last chart drawn), round
    after round, each beside the floor drawing the same charts after its own page change; then the Mode
    Rakor slides ("Mulai presentasi", then "Berikutnya"), each beside the floor."""
    username = PROVINCE_LEADER
    leader, floor = run.page(browser, username), bb.new_page(browser)
    dash = targets(run.province, slides=False)
    first = bb.load(leader, run.app.url + "/")
    first = bb.settle(leader, first)
    leader.screenshot(path=str(run.work / "drawn-ringkasan-first-load.png"))
    bb.load(floor, f"{run.floor.url}/?page={dash[-1].name}")
    if len(dash) > 1:
        bb.navigate(leader, title_of(dash[-1].name))
    times = {t.name: ([], [], []) for t in dash}  # page, floor, script
    shot = False
    for _ in range(run.repeat):
        for target in dash:
            expected = len(specs.get(target.name, []))
            f = floor_pick(floor, target.name, expected) if len(dash) > 1 else bb.load(floor, f"{run.floor.url}/?page={target.name}")
            t = bb.navigate(leader, title_of(target.name), min_charts=expected) if len(dash) > 1 else bb.load(leader, run.app.url + target.path())
            if t.charts != expected:
                raise RuntimeError(f"{target.name}: {t.charts} charts drawn, the page sent {expected}")
            if not shot and expected >= 3:  # the proof: the page at the moment the clock stopped
                leader.screenshot(path=str(run.work / f"drawn-{target.name}.png"))
                shot = True
            times[target.name][0].append(t.done_ms)
            times[target.name][1].append(f.done_ms)
            times[target.name][2].append(t.script_ms or 0)
    for target in dash:
        page_times, floor_times, scripts = times[target.name]
        _page_result(run, f"page {target.name}", page_times, floor_times, scripts, len(specs.get(target.name, [])),
                     username, "sidebar link clicked on the page before")
    reruns_group(run, leader, username)
    if not ONLY or any(name.startswith("rakor-") for name in ONLY):
        slides_group(run, leader, floor, specs, username)
    run.add(Result("first load of / in a new tab (warm server)", [first.done_ms], "", None,
                   {"settled_ms": _r(first.settled_ms), "script_runs": first.settled_runs, "group": "pages",
                    "actor": username}))
    leader.context.close()
    floor.context.close()


def _page_result(run, name, page_times, floor_times, scripts, expected, username, how):
    ratio = statistics.median(page_times) / statistics.median(floor_times)
    run.add(Result(f"{name} ({expected} charts)", page_times,
                   f"p50 ≤ {TARGETS['floor_ratio']}× floor, p95 ≤ {TARGETS['page_p95_ms']:,} ms",
                   ratio <= TARGETS["floor_ratio"] and percentile(page_times, 95) <= TARGETS["page_p95_ms"],
                   {"floor_p50_ms": _r(statistics.median(floor_times)), "floor_p95_ms": _r(percentile(floor_times, 95)),
                    "floor_times_ms": [_r(t) for t in floor_times], "ratio_to_floor": round(ratio, 2),
                    "script_p50_ms": _r(statistics.median(scripts)), "charts": expected, "group": "pages",
                    "actor": username, "how": how}))


def slides_group(run: Run, leader, floor, specs: dict, username: str) -> None:
    count = len([t for t in targets(run.province) if t.name.startswith("rakor-")])
    times = {n: ([], [], []) for n in range(1, count + 1)}
    for _ in range(run.repeat):
        bb.navigate(leader, title_of("rakor"))  # the start screen: region and years, no chart
        for n in range(1, count + 1):
            name = f"rakor-{n}"
            expected = len(specs.get(name, []))
            f = floor_pick(floor, name, expected)
            button = (leader.get_by_role("button", name="Mulai presentasi") if n == 1
                      else leader.locator(".st-key-rakor_next button"))
            t = bb.rerun(leader, lambda p: button.click(), min_charts=expected)
            times[n][0].append(t.done_ms)
            times[n][1].append(f.done_ms)
            times[n][2].append(t.script_ms or 0)
        bb.rerun(leader, lambda p: p.locator(".st-key-rakor_exit button").click())  # back to Ringkasan
    for n, (page_times, floor_times, scripts) in times.items():
        _page_result(run, f"rakor slide {n}", page_times, floor_times, scripts, len(specs.get(f"rakor-{n}", [])),
                     username, "Mulai presentasi" if n == 1 else "Berikutnya clicked on the slide before")


def reruns_group(run: Run, page, username: str) -> None:
    from kesos import clock

    this_year = clock.today().year
    for target in targets(run.province, slides=False):
        bb.navigate(page, title_of(target.name))
        if not bb.has_year_filter(page):
            continue
        times, first = [], []
        for i in range(run.repeat):
            # Last year and the year before, in turn (never the year shown: that would not rerun).
            t = bb.choose_year(page, [this_year - 1, this_year - 2] if i % 2 == 0 else [this_year - 2, this_year - 1])
            (first if i < 2 else times).append(t.done_ms)
        all_times = first + times
        run.add(Result(f"rerun {target.name}: year changed", all_times, f"p50 ≤ {TARGETS['rerun_p50_ms']} ms",
                       statistics.median(all_times) <= TARGETS["rerun_p50_ms"],
                       {"first_two_cold_ms": [_r(t) for t in first],
                        "warm_p50_ms": _r(statistics.median(times)) if times else None,
                        "group": "rerun", "actor": username}))


# --- scopes: the national admin, a province's leader, the all-provinces map ---------------------------

def scopes_group(run: Run, browser, specs: dict) -> None:
    for username in (NATIONAL_ADMIN, NATIONAL_LEADER):
        page = run.page(browser, username)
        bb.load(page, run.app.url + "/")
        dash = targets(run.province, slides=False)
        bb.navigate(page, title_of(dash[-1].name))
        times, shown = {t.name: [] for t in dash}, set()
        for _ in range(run.repeat):
            for target in dash:
                times[target.name].append(bb.navigate(page, title_of(target.name)).done_ms)
                shown.add(urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).get("prov", [""])[0])
        for target in dash:
            run.add(Result(f"page {target.name} as {username}", times[target.name],
                           f"p95 ≤ {TARGETS['page_p95_ms']:,} ms", percentile(times[target.name], 95) <= TARGETS["page_p95_ms"],
                           {"group": "scopes", "actor": username, "province_shown": ",".join(sorted(shown)),
                            "note": f"sidebar link; the page opened on province {','.join(sorted(shown))}"}))
        page.context.close()
    for username in (NATIONAL_LEADER, NATIONAL_ADMIN):
        national_pages(run, browser, username)
    floor_page_loads(run, browser, specs)
    for username in (NATIONAL_LEADER, NATIONAL_ADMIN):
        page = run.page(browser, username)
        bb.load(page, run.app.url + f"/?prov={run.province}")
        toggle = page.get_by_test_id("stCheckbox").filter(has_text="Semua provinsi")
        if not toggle.count():
            continue  # a national view of its own may have replaced the toggle
        times = []
        for _ in range(run.repeat):
            t = bb.rerun(page, lambda p: toggle.click())
            times.append(t.done_ms)  # on and off in turn: each on is the national map, each off the province's
        run.add(Result(f"Ringkasan map 'Semua provinsi' toggled, as {username}", times,
                       f"p50 ≤ {TARGETS['rerun_p50_ms']} ms", statistics.median(times) <= TARGETS["rerun_p50_ms"],
                       {"group": "national", "actor": username}))
        page.context.close()


def floor_page_loads(run: Run, browser, specs: dict) -> None:
    """The floor's own page opened by its URL in a new tab, as the all-provinces pages are: what a page load
    costs the framework (the JavaScript, the session, the charts) before any of the app's code runs."""
    for target in targets(run.province, slides=False):
        expected = len(specs.get(target.name, []))
        timings = []
        for _ in range(run.repeat):
            page = bb.new_page(browser)
            timings.append(bb.load(page, f"{run.floor.url}/?page={target.name}", min_charts=expected))
            page.context.close()
        scripts = [t.script_ms or 0 for t in timings]
        run.add(Result(f"floor page {target.name} opened in a new tab", [t.done_ms for t in timings], "", None,
                       {"group": "national", "script_p50_ms": _r(statistics.median(scripts)), "charts": expected,
                        "note": f"script p50 {statistics.median(scripts):,.0f} ms"}))


NATIONAL_PARAM = "semua"  # ?prov=semua: every province, where the dashboards offer it


def national_pages(run: Run, browser, username: str) -> None:
    """Every dashboard opened with ?prov=semua. Where the filter bar does not offer every province it falls
    back to its first province and writes that into the URL: then the figure is that page, and says so."""
    page = run.page(browser, username)
    warm_up(page, run.app.url)
    for target in targets(run.province, slides=False):
        national = Target(target.name, target.script, {"prov": NATIONAL_PARAM})
        try:
            timings = [bb.load(page, run.app.url + national.path()) for _ in range(run.repeat)]
        except bb.Redirected as redirected:
            run.add(Result(f"page {target.name} all provinces, as {username}", [], "", None,
                           {"group": "national", "actor": username, "note": f"not measured: {redirected}"}))
            continue
        shown = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).get("prov", [""])[0]
        times, scripts = [t.done_ms for t in timings], [t.script_ms or 0 for t in timings]
        cold, warm = scripts[0], statistics.median(scripts[1:] or scripts)
        extra = {"script_first_ms": _r(cold), "script_warm_p50_ms": _r(warm), "charts": timings[-1].charts,
                 "group": "national", "actor": username, "province_shown": shown}
        if shown != NATIONAL_PARAM:
            extra["note"] = (f"no all-provinces view: ?prov={NATIONAL_PARAM} fell back to province {shown}"
                             " (measured what there is)")
        run.add(Result(f"page {target.name} all provinces, as {username}", times,
                       "server ≤ 500 ms cold, ≤ 150 ms warm (script time seen by the browser)",
                       shown == NATIONAL_PARAM and cold <= 500 and warm <= 150, extra))
    page.context.close()


# --- load: the same pages while writers save ----------------------------------------------------------

def load_group(run: Run, browser, specs: dict, rate: float, label: str) -> None:
    page = run.page(browser, PROVINCE_LEADER)
    bb.load(page, run.app.url + "/")
    chosen = [t for t in targets(run.province, slides=False) if t.name in LOAD_PAGES]
    bb.navigate(page, title_of(chosen[-1].name))

    def measure_all() -> dict[str, list[float]]:
        times = {t.name: [] for t in chosen}
        for _ in range(run.repeat):
            for target in chosen:  # round-robin, as a leader clicking through the dashboards
                times[target.name].append(bb.navigate(page, title_of(target.name),
                                                      min_charts=len(specs.get(target.name, []))).done_ms)
        return times

    quiet = measure_all()
    stats_path = run.work / f"writers-{label}.json"
    seconds = 1800  # stopped (SIGINT) when the pages are timed; bounded in any case
    writer = subprocess.Popen(  # nosec B603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.writers", "--database-url", run.url, "--rate", str(rate),
         "--seconds", str(seconds), "--out", str(stats_path)], cwd=ROOT, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=(run.work / f"writers-{label}.log").open("w"))
    try:
        ready, deadline = stats_path.with_suffix(".ready"), time.monotonic() + 300
        while not ready.exists() and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.5)  # the writers' imports and first save are done before the first page is timed
        started = time.monotonic()
        busy = measure_all()
        busy_seconds = time.monotonic() - started
    finally:
        writer.terminate()  # SIGTERM: the writers end their loop and write their figures
        try:
            writer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            writer.kill()
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {"note": "the writers wrote no stats"}
    for target in chosen:
        q, w = quiet[target.name], busy[target.name]
        ratio = percentile(w, 95) / percentile(q, 95)
        run.add(Result(f"page {target.name} under {rate:g} save/s ({label})", w,
                       f"p95 ≤ {TARGETS['load_ratio']}× p95 without writers", ratio <= TARGETS["load_ratio"],
                       {"without_writers_p50_ms": _r(statistics.median(q)),
                        "without_writers_p95_ms": _r(percentile(q, 95)), "without_writers_times_ms": [_r(t) for t in q],
                        "p95_ratio": round(ratio, 2), "writers": stats, "timed_seconds": round(busy_seconds, 1),
                        "group": "load", "actor": PROVINCE_LEADER}))
    page.context.close()


# --- cold: after a start, after a save --------------------------------------------------------------

def cold_start_group(run: Run, browser, starts: int) -> None:
    """Stop the app, start it again and time from the process start to the first chart on "/"."""
    totals, healthy, pages = [], [], []
    for _ in range(starts):
        run.app.stop()
        page = None
        server = bb.Server(ROOT / "app.py", bb.app_env(run.url, run.cookie_key, run.demo), run.work / "app.log")
        page = bb.new_page(browser, server.url, username=NATIONAL_LEADER, cookie_key=run.cookie_key)
        server.start(wait=False)
        up = server.wait_healthy()
        t = bb.load(page, f"{server.url}/?prov={run.province}")
        totals.append((time.perf_counter() - server.started_at) * 1000)
        healthy.append(up * 1000)
        pages.append(t.done_ms)
        page.context.close()
        run.app = server
    run.add(Result("first page after a server start (process start to first chart)", totals,
                   f"≤ {TARGETS['first_page_ms']:,} ms", statistics.median(totals) <= TARGETS["first_page_ms"],
                   {"server_up_ms": [_r(t) for t in healthy], "first_page_load_ms": [_r(t) for t in pages],
                    "group": "cold"}))


def after_save_group(run: Run, browser) -> None:
    """A leader reopens Ringkasan after a save elsewhere: in another province, in the same province; and with
    no save between (the warm reference)."""
    from bench import writers
    from kesos.db import make_engine

    engine = make_engine(run.url)
    plan = writers.targets(engine, None)
    same = next(p for p in plan if p[0][:2] == run.province)
    other = next(p for p in plan if p[0][:2] != run.province)
    page = run.page(browser, NATIONAL_LEADER)
    warm_up(page, run.app.url)
    target = next(t for t in targets(run.province, slides=False) if t.name == AFTER_SAVE_PAGE)
    url = run.app.url + target.path()
    times = {"no save": [], "another province": [], "the same province": []}
    n = 10_000
    try:
        for _ in range(run.repeat):
            for label, where in (("no save", None), ("another province", other), ("the same province", same)):
                bb.settle(page, bb.load(page, url), quiet_ms=500)
                if where is not None:
                    n += 1
                    writers.save_one(engine, *where, n)
                times[label].append(bb.load(page, url).done_ms)
    finally:
        engine.dispose()
    for label, values in times.items():
        run.add(Result(f"{AFTER_SAVE_PAGE} reopened after a save in {label}" if label != "no save"
                       else f"{AFTER_SAVE_PAGE} reopened, no save between (reference)", values,
                       f"p95 ≤ {TARGETS['page_p95_ms']:,} ms", percentile(values, 95) <= TARGETS["page_p95_ms"],
                       {"group": "cold", "actor": NATIONAL_LEADER}))
    page.context.close()


# --- memory: 10 leaders --------------------------------------------------------------------------------

def memory_group(run: Run, browser, sessions: int) -> None:
    before, _ = run.app.rss_mb()
    pages, loads = [], []
    for _ in range(sessions):
        page = run.page(browser, NATIONAL_LEADER)
        bb.load(page, run.app.url + "/")
        for target in targets(run.province, slides=False)[1:]:
            loads.append(bb.navigate(page, title_of(target.name)).done_ms)
        pages.append(page)
    rss, peak = run.app.rss_mb()
    run.add(Result(f"server memory with {sessions} leaders' sessions open (RSS; times = their page loads)", loads,
                   f"≤ {TARGETS['memory_mb']} MB", rss <= TARGETS["memory_mb"] and peak <= TARGETS["memory_mb"],
                   {"rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1), "rss_before_mb": round(before, 1),
                    "group": "memory"}))
    for page in pages:
        page.context.close()


# --- The run -------------------------------------------------------------------------------------------

def run_all(url: str, province: str, work: Path, *, repeat: int, groups: set[str], cookie_key: str, demo: bool,
            rate: float = 1.0, starts: int = 3, sessions: int = 10, label: str = "",
            only: set[str] | None = None, floor_specs: str | None = None) -> list[Result]:
    work.mkdir(parents=True, exist_ok=True)
    ONLY.clear()
    ONLY.update(only or ())
    ensure_accounts(url, province)
    run = Run(url, province, work, repeat, cookie_key, demo)
    specs_path = work / "floor-specs.json"
    print("  dumping the pages' charts for the floor (AppTest) ...", file=sys.stderr, flush=True)
    if floor_specs is not None:  # an earlier run's dump of the same database and targets
        specs = json.loads(Path(floor_specs).read_text())
        specs_path.write_text(json.dumps(specs, ensure_ascii=False))
    else:
        specs = bb.dump_specs([(t.name, t.script, t.params) for t in targets(province)],
                              actor_of(NATIONAL_LEADER, province), specs_path)
    try:
        run.start_app()
        run.start_floor(specs_path)
        with bb.chromium() as browser:
            steps = [("cold", lambda: cold_start_group(run, browser, starts)),
                     ("pages", lambda: pages_group(run, browser, specs)),
                     ("scopes", lambda: scopes_group(run, browser, specs)),
                     ("load", lambda: load_group(run, browser, specs, rate, label or "db")),
                     ("cold", lambda: after_save_group(run, browser)),
                     ("memory", lambda: memory_group(run, browser, sessions))]
            for group, step in steps:
                if group not in groups:
                    continue
                try:
                    step()
                except Exception as error:  # noqa: BLE001 - one group's failure must not lose the others' figures
                    run.add(Result(f"{group}: failed ({type(error).__name__})", [], "", False,
                                   {"error": str(error)[:800], "group": group}))
                    if run.app.process.poll() is not None:
                        run.start_app()
                (work / "partial.json").write_text(json.dumps([r.as_json() for r in run.results], ensure_ascii=False))
    finally:
        run.stop()
    return run.results


def table(results: list[Result]) -> str:
    lines = ["| case | p50 ms | p95 ms | runs | beside it | target | met |", "| --- | ---: | ---: | ---: | --- | --- | :---: |"]
    for r in results:
        e = r.extra
        beside = []
        if "ratio_to_floor" in e:
            beside.append(f"floor p50 {e['floor_p50_ms']:,.0f}, ratio {e['ratio_to_floor']:.2f}×")
        if "without_writers_p95_ms" in e:
            beside.append(f"no writers p95 {e['without_writers_p95_ms']:,.0f}, ratio {e['p95_ratio']:.2f}×;"
                          f" {e['writers'].get('saves', '?')} saves at {e['writers'].get('rate_per_s', '?')}/s")
        if "rss_mb" in e:
            beside.append(f"RSS {e['rss_mb']:,.0f} MB (peak {e['peak_rss_mb']:,.0f}, before {e['rss_before_mb']:,.0f})")
        if "server_up_ms" in e:
            beside.append(f"health after {statistics.median(e['server_up_ms']):,.0f}, page {statistics.median(e['first_page_load_ms']):,.0f}")
        if "script_first_ms" in e:
            beside.append(f"script first {e['script_first_ms']:,.0f}, warm p50 {e['script_warm_p50_ms']:,.0f}")
        if "error" in e:
            beside.append(e["error"][:200])
        if "first_two_cold_ms" in e:
            beside.append(f"first two (cold) {', '.join(f'{t:,.0f}' for t in e['first_two_cold_ms'])}")
        if "note" in e:
            beside.append(e["note"])
        met = "" if r.met is None else ("yes" if r.met else "NO")
        cell = (lambda v: "" if v is None else f"{v:,.0f}")
        lines.append(f"| {r.name} | {cell(r.p50)} | {cell(r.p95)} | {len(r.times)} | {'; '.join(beside)} | {r.target} | {met} |")
    return "\n".join(lines)
