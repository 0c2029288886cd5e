"""What a person feels in a real browser: page loads and reruns timed to the last chart drawn, in headless Chromium.

Used by bench/run.py (`--cases browser,...`). The app runs as `streamlit run app.py` on 127.0.0.1 (the
floor, bench/floor_app.py, likewise), and a monitor script in every page records, in the page's own clock,
when the page was done: the Streamlit script has run and stopped, no element is stale, every chart
(`stVegaLiteChart`) holds a drawn canvas or SVG, and the charts' pixels stayed the same for a few frames.
The time of the first of those frames is the figure; for a navigation it counts from the navigation's
start (the document's time origin), for a rerun from the click that caused it. Nothing here imports the
app's internals beyond its pages list, its services and its account service.
"""

import json
import os
import urllib.parse
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KESOS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000

# Installed in every document before the page's own scripts. Every 16 ms it looks at the page;
# the pixel check (a canvas drawn into a 24x24 thumbnail; an SVG's marks) runs only once the cheap conditions hold.
MONITOR_JS = r"""
(() => {
  const STABLE_FRAMES = 3;
  const fresh = (minCharts) => ({sawRunning: false, doneAt: null, charts: 0, clickAt: null, runningAt: null,
                                 scriptDoneAt: null, candidateAt: null, signature: null, stable: 0,
                                 minCharts: minCharts || 0, runs: 0, lastEndAt: null, state: null, log: []});
  const b = window.__bench = fresh(0);
  // What the charts show before a click: a run too quick for the script-state attribute to change (React
  // renders "running" and "notRunning" in one frame: the floor's one-chart pages) is seen by its charts.
  window.__benchReset = (minCharts) => { Object.assign(b, fresh(minCharts)); b.before = pageSignature(0); };
  document.addEventListener('pointerdown', () => { b.clickAt = performance.now(); }, true);
  document.addEventListener('keydown', () => { b.clickAt = performance.now(); }, true);
  const thumb = document.createElement('canvas');
  thumb.width = 24; thumb.height = 24;
  const tctx = thumb.getContext('2d', {willReadFrequently: true});
  // A chart's element container (class stPrintGraphic) is there from the first delta, with a skeleton
  // while Vega's code loads; it is drawn once its canvas (or SVG) holds marks.
  function chartSignature(box) {
    const embed = box.querySelector('.vega-embed');  // the stVegaLiteChart element itself
    if (!embed) return null;
    const canvas = embed.querySelector('canvas');
    if (canvas) {
      if (!canvas.width || !canvas.height) return null;
      tctx.clearRect(0, 0, 24, 24);
      tctx.drawImage(canvas, 0, 0, 24, 24);
      const px = tctx.getImageData(0, 0, 24, 24).data;
      let sum = 0, ink = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] > 0) ink++;
        sum = (sum * 31 + px[i] + 7 * px[i + 1] + 13 * px[i + 2] + 17 * px[i + 3]) % 1000000007;
      }
      return ink ? canvas.width + 'x' + canvas.height + ':' + sum : null;
    }
    const svg = embed.querySelector('svg.marks');
    if (svg) {
      const marks = svg.querySelectorAll('path, rect, line, text, circle').length;
      const rect = svg.getBoundingClientRect();
      return marks && rect.width ? 'svg' + svg.querySelectorAll('*').length + ':' + svg.textContent.length + ':'
        + Math.round(rect.width) + 'x' + Math.round(rect.height) : null;
    }
    return null;
  }
  // Script runs are counted from the attribute's every change (a MutationObserver misses none, even a run
  // shorter than a frame); the drawing is checked by a timer every 16 ms (and the page is brought to the
  // front, so it is not throttled).
  function onState(state, now) {
    if (b.log.length < 50) b.log.push([Math.round(now), state]);
    const running = state === 'running' || state === 'rerunRequested';
    if (running && b.state !== 'running') { b.runs++; if (!b.sawRunning) b.runningAt = now; b.sawRunning = true; }
    if (!running && b.state === 'running') { b.lastEndAt = now; }
    b.state = running ? 'running' : state;
    if (running && b.doneAt === null) { b.scriptDoneAt = null; b.candidateAt = null; b.signature = null; b.stable = 0; }
  }
  // Mutations come in batches: a quick run's "running" and "notRunning" can arrive together, so each one's
  // new value is the next one's old value (the last one's is the attribute now).
  new MutationObserver((mutations) => {
    const now = performance.now();
    const ours = mutations.filter((m) => m.attributeName === 'data-test-script-state');
    ours.forEach((m, i) => {
      onState(i + 1 < ours.length ? ours[i + 1].oldValue : m.target.getAttribute('data-test-script-state'), now);
    });
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
  function pageSignature(minCharts) {
    const charts = document.querySelectorAll('[data-testid=stElementContainer].stPrintGraphic');
    if (document.querySelector('[data-stale=true]') || charts.length < minCharts) return null;
    const parts = [];
    for (const chart of charts) {
      const s = chartSignature(chart);
      if (s === null) return null;
      parts.push(s);
    }
    return charts.length + '|' + parts.join('|');
  }
  function tick() {
    const now = performance.now();
    const app = document.querySelector('[data-testid=stApp]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state !== b.state && !(b.state === 'running' && (state === 'running' || state === 'rerunRequested'))) {
      onState(state, now);
    }
    if (!b.sawRunning && b.clickAt !== null && b.before !== undefined && b.state === 'notRunning') {
      const now_signature = pageSignature(b.minCharts);
      if (now_signature !== null && now_signature !== b.before) {  // a run came and went unseen
        b.sawRunning = true; b.runs = Math.max(b.runs, 1); b.runningAt = b.clickAt; b.lastEndAt = now;
      }
    }
    if (b.sawRunning && b.doneAt === null && b.state === 'notRunning') {
      if (b.scriptDoneAt === null) b.scriptDoneAt = b.lastEndAt || now;
      const charts = document.querySelectorAll('[data-testid=stElementContainer].stPrintGraphic');
      const signature = pageSignature(b.minCharts);
      if (signature === null) {
        b.candidateAt = null; b.signature = null; b.stable = 0;
      } else if (signature === b.signature) {
        if (++b.stable >= STABLE_FRAMES) { b.doneAt = b.candidateAt; b.charts = charts.length; }
      } else {
        b.signature = signature; b.candidateAt = now; b.stable = 0;
      }
    }
  }
  setInterval(tick, 16);
})();
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on 127.0.0.1 with the environment given; the time it took to answer /health."""

    def __init__(self, script: Path, env: dict, log: Path, args: tuple = ()):
        self.script, self.env, self.log, self.args = script, env, log, args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.started_at = self.healthy_at = None

    def start(self, wait: bool = True) -> "Server":
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(  # nosec B603 - our own scripts, fixed arguments
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.runOnSave", "false", *(["--", *self.args] if self.args else [])],
            cwd=ROOT, env={**os.environ, **self.env}, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.script.name} exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:  # nosec B310
                    if response.status == 200:
                        self.healthy_at = time.perf_counter()
                        return self.healthy_at - self.started_at
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.script.name} did not start: {self.log.read_text()[-2000:]}")

    def rss_mb(self) -> tuple[float, float]:
        """Resident memory of the server and its children now, and the server's own peak (VmHWM), in MB."""
        pids, total_kb, peak_kb = _process_tree(self.process.pid), 0, 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
            total_kb += int(fields.get("VmRSS", 0))
            if pid == self.process.pid:
                peak_kb = int(fields.get("VmHWM", 0))
        return total_kb / 1024, peak_kb / 1024

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def app_env(url: str, cookie_key: str, demo: bool) -> dict:
    return {"DATABASE_URL": url, "KESOS_DEMO": "1" if demo else "0", "KESOS_COOKIE_KEY": cookie_key}


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, base_url: str | None = None, *, username: str | None = None, cookie_key: str | None = None,
             cookie_name: str = "kesos_auth"):
    """A fresh browser context (its own Streamlit session) with the monitor, signed in as `username` by the
    re-login cookie the app writes after a password login (a JWT of the username and expiry, signed with
    the deployment's cookie key), so no login form is timed."""
    import jwt

    context = browser.new_context(viewport=VIEWPORT, locale="id-ID")
    context.add_init_script(MONITOR_JS)
    if username:
        token = jwt.encode({"username": username, "exp_date": time.time() + 20 * 3600}, cookie_key, algorithm="HS256")
        context.add_cookies([{"name": cookie_name, "value": token, "url": base_url}])
    return context.new_page()


@dataclass
class Timing:
    done_ms: float  # navigation start (or click) to the last chart drawn
    script_ms: float | None  # the client saw the script running until it stopped (the server's part, roughly)
    charts: int
    runs: int  # script runs the client saw until the charts were drawn
    settled_ms: float | None = None  # with settle(): until the last script run of the load ended
    settled_runs: int | None = None
    origin: float = 0.0  # in the page's clock: 0 for a navigation, the click for a rerun


def _read(page, since_click: bool) -> Timing:
    b = page.evaluate("() => window.__bench")
    origin = b["clickAt"] if since_click else 0.0
    if since_click and origin is None:
        raise RuntimeError("the monitor saw no click")
    script = (b["scriptDoneAt"] - b["runningAt"]) if b["runningAt"] is not None and b["scriptDoneAt"] else None
    return Timing(b["doneAt"] - origin, script, b["charts"], b["runs"], origin=origin)


def settle(page, timing: Timing, quiet_ms: float = 2000, timeout_ms: float = 60_000) -> Timing:
    """Wait until no script has run for `quiet_ms` and note when the load's last run ended: a page whose
    components ask for a second run (the login cookie's) is not still until then."""
    waited = 0
    while waited < timeout_ms:
        b = page.evaluate("() => [window.__bench, performance.now()]")
        state, now = b[0], b[1]
        last = state["lastEndAt"] or 0
        if state["state"] != "running" and now - last >= quiet_ms:
            timing.settled_ms = max(last - timing.origin, timing.done_ms)
            timing.settled_runs = state["runs"]
            return timing
        page.wait_for_timeout(200)
        waited += 200
    raise TimeoutError("the page kept rerunning")


def wait_drawn(page, timeout_ms: int = TIMEOUT_MS) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.__bench && window.__bench.doneAt !== null", polling=100,
                               timeout=timeout_ms)
    except PlaywrightTimeout:
        shot = Path("/tmp") / f"bench-timeout-{int(time.time())}.png"
        page.screenshot(path=str(shot))
        state = page.evaluate("() => [window.__bench, document.querySelectorAll('.stPrintGraphic').length]")
        raise TimeoutError(f"{page.url}: no last chart drawn after {timeout_ms} ms: {state} (screenshot {shot})") from None


def load(page, url: str, min_charts: int = 0, timeout_ms: int = TIMEOUT_MS) -> Timing:
    """Open `url` in this tab; navigation start to the last chart drawn."""
    page.bring_to_front()
    page.goto(url, wait_until="commit")
    if min_charts:
        page.evaluate("(n) => { window.__bench.minCharts = n; }", min_charts)
    wait_drawn(page, timeout_ms)
    if page.get_by_label("Kata sandi").count():
        raise RuntimeError(f"{url}: the benchmark's browser is not signed in (login form shown)")
    asked, shown = urllib.parse.urlparse(url).path, urllib.parse.urlparse(page.url).path
    if asked.rstrip("/") != shown.rstrip("/"):
        raise Redirected(f"{url} was answered by {page.url}")
    return _read(page, since_click=False)


class Redirected(RuntimeError):
    """A deep link answered by another page (at national scale the app answers every deep link but "/"
    with the overview: the benchmark then moves by the sidebar, as a person does)."""


def navigate(page, title: str, min_charts: int = 0, timeout_ms: int = TIMEOUT_MS) -> Timing:
    """Open another page by its sidebar link, as a leader moves between dashboards; click to last chart drawn."""
    link = page.locator("[data-testid=stSidebarNav] a").filter(has=page.get_by_text(title, exact=True)).first
    return rerun(page, lambda p: link.click(), min_charts=min_charts, timeout_ms=timeout_ms)


def rerun(page, trigger, prepare=None, min_charts: int = 0, timeout_ms: int = TIMEOUT_MS) -> Timing:
    """Wait until the page is still, do `prepare(page)` (untimed: open a dropdown), then `trigger(page)` (the
    click or key press that reruns the script); from that click to the last chart drawn."""
    page.bring_to_front()
    settle(page, Timing(0, None, 0, 0), quiet_ms=600)
    if prepare is not None:
        prepare(page)
    page.evaluate("(n) => window.__benchReset(n)", min_charts)
    trigger(page)
    wait_drawn(page, timeout_ms)
    return _read(page, since_click=True)


def choose_year(page, years: list[int]) -> Timing:
    """A rerun after a filter change: the page's last year ("Sampai tahun", else "Tahun") set to the first of
    `years` it does not show now (the filter bar keeps it in the URL as `tahun`)."""
    import urllib.parse

    label = "Sampai tahun" if page.get_by_label("Sampai tahun").count() else "Tahun"
    shown = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).get("tahun", [""])[0]
    year = next(y for y in years if str(y) != shown)
    return rerun(page, lambda p: p.get_by_role("option", name=str(year), exact=True).click(),
                 prepare=lambda p: p.get_by_label(label).first.click())


def has_year_filter(page) -> bool:
    return bool(page.get_by_label("Sampai tahun").count() or page.get_by_label("Tahun").count())


# --- The floor: the same charts from constant data ---------------------------------------------------

def dump_specs(pages: list[tuple[str, str, dict]], actor, out: Path) -> dict:
    """Run each page once through AppTest as `actor` and keep the Vega-Lite specs it sends, with their
    data inline: {name: [spec, ...]}. `pages` holds (name, script, query params)."""
    import pyarrow as pa
    from streamlit.testing.v1 import AppTest

    from kesos import web

    dumped = {}
    for name, script, params in pages:
        at = AppTest.from_file(str(ROOT / script), default_timeout=600)
        at.session_state[web.ACTOR_KEY] = actor
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
        specs = []
        for element in at.get("vega_lite_chart"):  # in the page's order
            proto = element.proto
            spec = json.loads(proto.spec)
            datasets = {}
            for named in proto.datasets:
                frame = pa.ipc.open_stream(named.data.data).read_all().to_pandas()
                datasets[named.name] = json.loads(frame.to_json(orient="records", date_format="iso"))
            if proto.HasField("data") and proto.data.data:
                frame = pa.ipc.open_stream(proto.data.data).read_all().to_pandas()
                spec["data"] = {"values": json.loads(frame.to_json(orient="records", date_format="iso"))}
            if datasets:
                spec["datasets"] = {**spec.get("datasets", {}), **datasets}
            specs.append(spec)
        dumped[name] = specs
    out.write_text(json.dumps(dumped, ensure_ascii=False))
    return dumped
