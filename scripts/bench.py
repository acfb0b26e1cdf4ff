"""`make bench`: build, check, preview and search a synthetic help center of N articles.

For each size N (articles per language), it writes a corpus (scripts/bench_corpus.py) into a
temporary project and measures, on this machine:

- the full strict `mkdocs build` of both languages, median of several runs, and per article;
  a warning fails the bench (the build's log is kept whole: never `-q` with `--strict`);
- the same build without our four hooks (mkdocs.yml's `hooks:` emptied), and what they cost;
- `make check` (scripts/check_content.py) on the corpus: a first run (`--no-cache`) and the
  runs after it (its saved scan of unchanged files reused);
- the preview latency under `make serve` (the same command line, read from the Makefile): save
  one article, poll the served page until the change shows; median of a few edits;
- the peak memory of a build (the build process's own maximum resident set, from `wait4`);
- the site size, and the search index files of each language, raw and gzipped;
- in headless Chromium: when search can answer after the page starts loading (the search
  worker posts READY), and how fast it answers a set of queries (p50/p95);
- on a phone (headless Chromium, 375 × 812, 4× CPU slowdown, 1.6 Mbps down, 150 ms round trip,
  empty cache, the site served gzipped): bytes transferred, Largest Contentful Paint of the
  home, an article and the wizard, and the time until the wizard answers a click; median of
  several cold loads.

It prints one table, with a column per size, and writes the raw numbers to
`bench-out/results-<N>.json`. `--profile` also runs one build under pyinstrument and prints
where the time goes (MkDocs, Material, Markdown, our hooks and templates, …).

    BENCH_ARTICLES=1000 make bench
    .venv/bin/python scripts/bench.py --articles 100 1000 3000 [--runs 3] [--profile]
    .venv/bin/python scripts/bench.py --articles 20 --quick     # the smoke test's run
    .venv/bin/python scripts/bench.py --articles 100 --phone    # only the phone rows
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import bench_corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
PYTHON = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-sandbox",
]
DEFAULT_SIZES = [100, 1000, 3000]

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass
class Options:
    """How much to measure: runs per build, edits under serve, page loads and queries."""

    runs: int = 3
    check_runs: int = 5
    edits: int = 3
    loads: int = 3
    query_rounds: int = 2
    queries: int = 0  # 0: all of QUERIES
    phone_loads: int = 5  # cold loads of each page on the phone profile
    profile: bool = False

    @classmethod
    def quick(cls) -> Options:
        return cls(runs=1, check_runs=1, edits=1, loads=1, query_rounds=1, queries=4, phone_loads=1)


@dataclass
class ChildRun:
    """One finished child process: wall time, exit code, peak memory and log."""

    seconds: float
    returncode: int
    max_rss: int  # bytes
    log: str
    cpu_seconds: float = 0.0  # user + system time of the child and what it waited for

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith("WARNING")]


@dataclass
class Result:
    """Everything measured at one size; None where a measure could not be taken."""

    articles: int
    pages: int = 0  # Markdown pages per build, both languages
    date: str = ""
    load_before: str = ""
    load_after: str = ""
    build_s: list[float] = field(default_factory=list)
    build_nohooks_s: list[float] = field(default_factory=list)
    build_cpu_s: list[float] = field(default_factory=list)
    build_nohooks_cpu_s: list[float] = field(default_factory=list)
    build_one_language_s: list[float] = field(default_factory=list)  # es alone, not strict
    check_cold_s: list[float] = field(default_factory=list)
    check_s: list[float] = field(default_factory=list)
    check_note: str = ""
    preview_s: list[float] = field(default_factory=list)
    preview_structural_s: list[float] = field(default_factory=list)  # a new article's page
    preview_note: str = ""
    serve_command: str = ""
    max_rss: int = 0
    site_bytes: int = 0
    site_files: int = 0
    search_files: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    search_ready_ms: dict[str, list[float]] = field(default_factory=dict)
    search_load_ms: dict[str, list[float]] = field(default_factory=dict)
    query_ms: dict[str, list[float]] = field(default_factory=dict)
    query_e2e_ms: dict[str, list[float]] = field(default_factory=dict)
    search_note: str = ""
    phone_bytes: dict[str, list[int]] = field(default_factory=dict)  # page → every file
    phone_search_bytes: dict[str, list[int]] = field(default_factory=dict)  # … search files
    phone_lcp_ms: dict[str, list[float]] = field(default_factory=dict)
    wizard_answer_ms: list[float] = field(default_factory=list)
    profile: dict[str, float] = field(default_factory=dict)
    profile_ours: list[tuple[str, float]] = field(default_factory=list)


class BenchError(Exception):
    """A measure that cannot be taken; the message says why and what to do."""


# ----------------------------------------------------------------------------
# Running children
# ----------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    """Environment of every child: quiet about Material's end of life, no .pyc writes."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_child(
    cmd: list[str], cwd: Path, timeout: float = 1800, env: dict[str, str] | None = None
) -> ChildRun:
    """Run a command to the end; its CPU time and peak RSS come from wait4 (that child's rusage).

    Both include the processes it waited for; the peak is that of the largest process.
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        environ = {**child_env(), **(env or {})}
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=environ)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(seconds, proc.returncode, usage.ru_maxrss * 1024, text, cpu)


def build_command(config_file: Path, site_dir: Path, strict: bool) -> list[str]:
    """`mkdocs build` of a config into a folder; never `-q`, which would hide the warnings that
    `--strict` counts (a broken link would then pass)."""
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    return cmd + (["--strict"] if strict else [])


def load_average() -> str:
    """The 1/5/15-minute load averages, as `uptime` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----------------------------------------------------------------------------
# Build, check
# ----------------------------------------------------------------------------


def strict_build(corpus: bench_corpus.Corpus) -> ChildRun:
    """One strict build of the corpus into `site/`; a warning (or any error) fails the bench."""
    run = run_child(build_command(corpus.config_file, corpus.project / "site", True), ROOT)
    if run.returncode != 0 or run.warnings():
        shown = "\n".join(run.warnings()[:20]) or run.log[-3000:]
        raise BenchError(f"the corpus does not build with --strict:\n{shown}")
    return run


def measure_builds(corpus: bench_corpus.Corpus, options: Options, result: Result) -> None:
    """Strict builds, builds without our hooks and builds of Spanish alone, interleaved (the
    machine's load hits every arm alike)."""
    no_hooks = bench_corpus.without_hooks(corpus.config_file)
    one_language = bench_corpus.one_language(corpus.config_file)
    for _ in range(options.runs):
        run = strict_build(corpus)
        result.build_s.append(run.seconds)
        result.build_cpu_s.append(run.cpu_seconds)
        result.max_rss = max(result.max_rss, run.max_rss)
        bare = run_child(build_command(no_hooks, corpus.project / "site-nohooks", False), ROOT)
        if bare.returncode != 0:
            raise BenchError(f"the corpus does not build without hooks:\n{bare.log[-3000:]}")
        result.build_nohooks_s.append(bare.seconds)
        result.build_nohooks_cpu_s.append(bare.cpu_seconds)
        alone = run_child(build_command(one_language, corpus.project / "site-es", False), ROOT)
        if alone.returncode != 0:
            raise BenchError(f"the corpus does not build in Spanish alone:\n{alone.log[-3000:]}")
        result.build_one_language_s.append(alone.seconds)


def check_command(config_file: Path) -> list[str] | None:
    """What `make check` runs, pointed at the corpus config; None while it does not exist."""
    script = ROOT / "scripts" / "check_content.py"
    if not script.is_file():
        return None
    return [PYTHON, str(script), "--config-file", str(config_file)]


def measure_check(corpus: bench_corpus.Corpus, options: Options, result: Result) -> None:
    """`make check` on the corpus: it must pass (the corpus is clean) and its wall time."""
    cmd = check_command(corpus.config_file)
    if cmd is None:
        result.check_note = "scripts/check_content.py does not exist yet"
        return
    for _ in range(options.check_runs):
        cold = run_child([*cmd, "--no-cache"], ROOT)
        if cold.returncode != 0:
            raise BenchError(f"`make check` fails on the corpus:\n{cold.log[-3000:]}")
        result.check_cold_s.append(cold.seconds)
    run_child(cmd, ROOT)  # saves its scan
    for _ in range(options.check_runs):
        run = run_child(cmd, ROOT)
        if run.returncode != 0:
            raise BenchError(f"`make check` fails on the corpus:\n{run.log[-3000:]}")
        result.check_s.append(run.seconds)


# ----------------------------------------------------------------------------
# Sizes
# ----------------------------------------------------------------------------


def measure_sizes(site: Path, result: Result) -> None:
    """Site size, and the search index files of each language (raw, gzipped).

    A file under search/ or en/search/ belongs to the language its name carries
    (`search_index.en.json`), else to the language of its folder.
    """
    files = [path for path in site.rglob("*") if path.is_file()]
    result.site_files = len(files)
    result.site_bytes = sum(path.stat().st_size for path in files)
    for folder, default in ((site / "search", "es"), (site / "en" / "search", "en")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.endswith(".gz"):
                continue
            lang = next((x for x in ("es", "en") if f".{x}." in path.name), default)
            named = any(f".{x}." in p.name for x in ("es", "en") for p in folder.iterdir())
            if named and not any(f".{x}." in path.name for x in ("es", "en")):
                lang = "shared"  # e.g. Material's client config beside per-language indexes
            data = path.read_bytes()
            sizes = [len(data), len(gzip.compress(data, 6))]
            result.search_files.setdefault(lang, {})[str(path.relative_to(site))] = sizes


# ----------------------------------------------------------------------------
# Preview under `make serve`
# ----------------------------------------------------------------------------


def serve_command(config_file: Path, port: int) -> list[str]:
    """The command `make serve` runs, pointed at the corpus config and a free port.

    Read from the Makefile with `make -n`, so the bench always uses the same options.
    """
    proc = subprocess.run(
        [
            "make",
            "-s",
            "-n",
            "serve",
            f"MKDOCS_CONFIG={config_file}",
            f"SERVE_ADDR=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    lines = [line for line in proc.stdout.splitlines() if re.search(r"mkdocs\S* serve", line)]
    if not lines:
        raise BenchError(f"`make -n serve` runs no `mkdocs serve`:\n{proc.stdout}")
    cmd = shlex.split(lines[-1])
    if str(config_file) not in cmd:
        cmd += ["-f", str(config_file)]
    if f"127.0.0.1:{port}" not in " ".join(cmd):
        raise BenchError("`make serve` has no SERVE_ADDR variable: the bench cannot pick a port")
    return [str(ROOT / part) if part.startswith(".venv/") else part for part in cmd]


@contextlib.contextmanager
def serving(cmd: list[str], log_path: Path) -> Iterator[subprocess.Popen]:
    """Run `mkdocs serve` in its own process group; stop that group (by its id) afterwards."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env(),
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def fetch(url: str, timeout: float = 120) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def measure_preview(corpus: bench_corpus.Corpus, options: Options, result: Result) -> None:
    """Under `make serve`: save a sentence into one article, then add a new article (a
    structural edit); each time, poll the page until it shows the change."""
    port = free_port()
    cmd = serve_command(corpus.config_file, port)
    result.serve_command = shlex.join(cmd)
    article = corpus.articles[len(corpus.articles) // 2]
    source = corpus.article_file(article)
    base = f"http://127.0.0.1:{port}/"
    url = base + article.path[: -len(".md")] + "/"
    log_path = corpus.project / "serve.log"
    added: list[Path] = []
    with serving(cmd, log_path) as proc:
        deadline = time.monotonic() + 1800
        while fetch(url, timeout=5) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"`mkdocs serve` did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        original = source.read_text(encoding="utf-8")
        try:
            for edit in range(options.edits):
                token = f"benchedit{edit}x{time.time_ns()}"
                text = f"{original}\nEdición de prueba {token}.\n"
                result.preview_s.append(_time_edit(proc, log_path, source, text, url, token))
            for edit in range(options.edits):
                token = f"benchnew{edit}x{time.time_ns()}"
                new = source.with_name(f"articulo-nuevo-{token}.md")
                added.append(new)
                new_url = url.rsplit("/", 2)[0] + f"/{new.stem}/"
                seconds = _time_edit(proc, log_path, new, _new_article(token), new_url, token)
                result.preview_structural_s.append(seconds)
        finally:
            source.write_text(original, encoding="utf-8")
            for path in added:
                path.unlink(missing_ok=True)


def _time_edit(
    proc: subprocess.Popen, log_path: Path, path: Path, text: str, url: str, token: str
) -> float:
    """Write `text` to `path`; seconds until the page at `url` holds `token`."""
    time.sleep(1.0)  # let the watcher settle: each edit is its own rebuild
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    while True:
        page = fetch(url)
        if page is not None and token in page:
            return time.perf_counter() - start
        if proc.poll() is not None or time.perf_counter() - start > 600:
            tail = log_path.read_text()[-3000:]
            raise BenchError(f"the edit never showed under `mkdocs serve`:\n{tail}")
        time.sleep(0.05)


def _new_article(token: str) -> str:
    """A short, correct article (front matter, title, a sentence) holding `token`."""
    return (
        f"---\ntitle: Artículo nuevo {token}\ndescription: Un artículo nuevo del bench.\n"
        f"last_reviewed: 2026-01-15\n---\n\n# Artículo nuevo {token}\n\nTexto de prueba.\n"
    )


# ----------------------------------------------------------------------------
# Search in headless Chromium
# ----------------------------------------------------------------------------

# Material's search UI talks to its worker with messages {type, data}: SETUP 0, READY 1,
# QUERY 2, RESULT 3. This script wraps the Worker class before the page's scripts run, and
# stamps each message with performance.now() (milliseconds since navigation start).
WORKER_PROBE = """
(() => {
  const log = window.__bench = { ready: null, sent: [], results: [], waiters: [] };
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const now = performance.now();
        const type = event.data && event.data.type;
        if (type === 1 && log.ready === null) log.ready = now;
        if (type === 3) {
          log.results.push(now);
          for (const waiter of log.waiters.splice(0)) waiter(now);
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) log.sent.push(performance.now());
      return super.postMessage(message, ...rest);
    }
  };
})();
"""

# One query as a user types it: the value changes and a keyup fires (what Material's input
# listens to). Returns the worker's answer time (QUERY posted → RESULT received) and the time
# from the keyup until the first result item is in the list (the next frame after it).
QUERY_PROBE = """
async (query) => {
  const log = window.__bench;
  const input = document.querySelector("[data-md-component=search-query]");
  const list = document.querySelector(".md-search-result__list");
  const ask = (value) => new Promise((resolve) => {
    const sentBefore = log.sent.length;
    log.waiters.push(resolve);
    input.value = value;
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    setTimeout(() => { if (log.sent.length === sentBefore) resolve(null); }, 2000);
  });
  await ask("");
  await new Promise((resolve) => setTimeout(resolve, 50));
  const shown = new Promise((resolve) => {
    const done = () => requestAnimationFrame(() => resolve(performance.now()));
    const observer = new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) { observer.disconnect(); done(); }
    });
    observer.observe(list, { childList: true, subtree: true });
    setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
  });
  const start = performance.now();
  const answered = await ask(query);
  const rendered = await shown;
  const sent = log.sent[log.sent.length - 1];
  return {
    worker: answered === null ? null : answered - sent,
    e2e: rendered === null ? null : rendered - start,
    items: list.querySelectorAll(".md-search-result__item").length,
  };
}
"""

QUERIES = {
    "es": [
        "ticket",
        "mesa de ayuda",
        "número identificador",
        "onboarding",
        "facturas electrónicas",
        "stock bodegas",
        "sincronizar productos",
        "etiquetas de despacho",
        "credenciales api",
        "notas de crédito",
        "planilla",
        "webhooks",
        "devoluciones",
        "listas de precios",
        "escalar solicitud",
        "permisos usuarios",
        "sku",
        "promociones canal",
        "couriers",
        "reportes de ventas",
    ],
    "en": [
        "ticket",
        "help desk",
        "account identifier",
        "onboarding",
        "electronic invoices",
        "stock warehouses",
        "synchronize products",
        "shipping labels",
        "api credentials",
        "credit notes",
        "spreadsheet",
        "webhooks",
        "returns",
        "price lists",
        "escalate request",
        "users permissions",
        "sku",
        "promotions channel",
        "couriers",
        "sales reports",
    ],
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # a page closed while a file was still coming (the next load starts afresh)


class _GzipHandler(_QuietHandler):
    """Serves text files gzipped (level 6) to a client that accepts it, as static hosts do."""

    COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
    cache: dict[tuple[str, float], bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.COMPRESSIBLE):
            super().do_GET()
            return
        key = (str(path), path.stat().st_mtime)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            self.wfile.write(body)


@contextlib.contextmanager
def static_server(folder: Path, gzipped: bool = False) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (as any static host would); yields its base URL."""
    kind = _GzipHandler if gzipped else _QuietHandler
    handler = functools.partial(kind, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure_search(corpus: bench_corpus.Corpus, options: Options, result: Result) -> None:
    """Search readiness and query latency in headless Chromium, per language."""
    from playwright.sync_api import sync_playwright

    article = corpus.articles[len(corpus.articles) // 3]
    slug = article.path[: -len(".md")]
    queries = {
        lang: (words[: options.queries] if options.queries else words) * options.query_rounds
        for lang, words in QUERIES.items()
    }
    with static_server(corpus.project / "site") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for lang, prefix in (("es", ""), ("en", "en/")):
                url = f"{base}{prefix}{slug}/"
                ready, loaded, answers, shown = [], [], [], []
                for load in range(options.loads):
                    context = browser.new_context()  # a first visit: empty cache
                    context.add_init_script(WORKER_PROBE)
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_function("window.__bench.ready !== null", timeout=120_000)
                    ready.append(page.evaluate("window.__bench.ready"))
                    loaded.append(
                        page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                    )
                    if load == options.loads - 1:
                        page.focus("[data-md-component=search-query]")
                        for query in queries[lang]:
                            timing = page.evaluate(QUERY_PROBE, query)
                            if timing["worker"] is None or timing["e2e"] is None:
                                raise BenchError(f"search found nothing for {query!r} at {url}")
                            answers.append(timing["worker"])
                            shown.append(timing["e2e"])
                    context.close()
                result.search_ready_ms[lang] = ready
                result.search_load_ms[lang] = loaded
                result.query_ms[lang] = answers
                result.query_e2e_ms[lang] = shown
        finally:
            browser.close()


# ----------------------------------------------------------------------------
# On a phone: throttled headless Chromium
# ----------------------------------------------------------------------------

# Lighthouse's mobile profile: a mid-range phone on a slow 4G network.
PHONE_VIEWPORT = {"width": 375, "height": 812}
PHONE_NETWORK = {  # Network.emulateNetworkConditions: bytes per second, milliseconds
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
PHONE_CPU_SLOWDOWN = 4  # Emulation.setCPUThrottlingRate
PHONE_PAGES = {  # row name → page (docs path without .md), Spanish
    "home": "",
    "article": "contacto/como-contactar-a-la-mesa-de-ayuda/",
    "wizard": "contacto/con-que-equipo-debo-contactar/",
}

# Records the page's Largest Contentful Paint, and how long the wizard takes to answer a click
# on «Continuar»: from the click event to the next frame after the step shown has changed.
PHONE_PROBE = """
(() => {
  const log = window.__phone = { lcp: null, clickAt: null, answeredAt: null };
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    log.lcp = entries[entries.length - 1].startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  const shown = () => [...document.querySelectorAll("#contact-wizard .cw-step")]
    .filter((step) => step.getClientRects().length).map((step) => step.id);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".cw-continue");
    if (!button || log.clickAt !== null) return;
    log.clickAt = event.timeStamp;
    const from = button.closest(".cw-step").id;
    const watch = () => {
      const now = shown();
      if (now.length && !now.includes(from)) {
        requestAnimationFrame(() => { log.answeredAt = performance.now(); });
      } else {
        requestAnimationFrame(watch);
      }
    };
    requestAnimationFrame(watch);
  }, true);
})();
"""


# The URLs of the scripts and stylesheets the page itself names: not search's, even if they
# sit in a search folder.
PAGE_FILES = """
[...document.scripts].map((s) => s.src)
  .concat([...document.querySelectorAll("link[href]")].map((l) => l.href))
"""


def is_search_file(url: str, page_files: set[str]) -> bool:
    """A file of search's worker (its scripts, the index and texts) or Material's search config,
    which are fetched at page load, before anyone opens search."""
    path = urllib.parse.urlsplit(url).path
    return url not in page_files and ("/search/" in path or "/workers/search" in path)


def phone_load(browser, url: str, wizard: bool) -> tuple[int, int, float, float | None]:
    """One cold load on the phone profile: (bytes, search bytes, LCP ms, wizard answer ms)."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        context.add_init_script(PHONE_PROBE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        response = page.goto(url, wait_until="load", timeout=180_000)
        if response is None or not response.ok:
            raise BenchError(f"{url} did not load on the phone profile")
        page.wait_for_load_state("networkidle", timeout=180_000)
        lcp = page.evaluate("window.__phone.lcp")
        if lcp is None:
            raise BenchError(f"no Largest Contentful Paint at {url}")
        answer = None
        if wizard:
            step = page.locator("#contact-wizard .cw-step:not([hidden])")
            step.locator(".cw-radio label").first.click()
            step.locator(".cw-continue").click()
            page.wait_for_function("window.__phone.answeredAt !== null", timeout=60_000)
            answer = page.evaluate("window.__phone.answeredAt - window.__phone.clickAt")
        total = search = 0
        page_files = set(page.evaluate(PAGE_FILES))
        for request in finished:
            size = request.sizes()["responseBodySize"]
            total += size
            search += size if is_search_file(request.url, page_files) else 0
        return total, search, lcp, answer
    finally:
        context.close()


def measure_phone(corpus: bench_corpus.Corpus, options: Options, result: Result) -> None:
    """The home, an article and the wizard on the phone profile, each from an empty cache."""
    from playwright.sync_api import sync_playwright

    with (
        static_server(corpus.project / "site", gzipped=True) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for _ in range(options.phone_loads):  # the pages in turn: noise hits them alike
                for name, path in PHONE_PAGES.items():
                    total, search, lcp, answer = phone_load(
                        browser, base + path, wizard=name == "wizard"
                    )
                    result.phone_bytes.setdefault(name, []).append(total)
                    result.phone_search_bytes.setdefault(name, []).append(search)
                    result.phone_lcp_ms.setdefault(name, []).append(lcp)
                    if answer is not None:
                        result.wizard_answer_ms.append(answer)
        finally:
            browser.close()


# ----------------------------------------------------------------------------
# Profile
# ----------------------------------------------------------------------------

# Who owns a frame, by where its code lives; the first match wins. Library frames that own
# nothing (Jinja's runtime, the standard library, yaml, lunr, regex …) count for the nearest
# owner up the stack: lunr called from our hook is our time, Jinja rendering Material's
# templates is Material's. Loading and compiling templates is Jinja's own (once per theme
# environment, i.e. per language), and imports are start-up.
OWNERS = [
    ("our hooks", str(ROOT / "hooks") + "/"),
    ("our core", str(ROOT / "helpcenter") + "/"),
    ("our templates", str(ROOT / "overrides") + "/"),
    ("Material templates", "/material/templates/"),
    ("Material (plugins)", "/material/"),
    ("mkdocs-static-i18n", "/mkdocs_static_i18n/"),
    ("Markdown (+ pymdownx)", "/markdown/"),
    ("Markdown (+ pymdownx)", "/pymdownx/"),
    ("MkDocs", "/mkdocs/"),
]
JINJA_COMPILE = "Jinja: loading and compiling templates"
JINJA_COMPILE_FILES = {
    "loaders.py",
    "compiler.py",
    "lexer.py",
    "parser.py",
    "nodes.py",
    "optimizer.py",
    "idtracking.py",
    "visitor.py",
}
JINJA_COMPILE_FUNCTIONS = {
    "get_template",
    "_load_template",
    "select_template",
    "get_or_select_template",
    "compile",
    "_parse",
    "_generate",
    "_compile",
    "list_templates",
}
IMPORTS = "Python imports (start-up)"


def frame_owner(path: str, function: str) -> str | None:
    """The owner of a frame's own time, or None when it counts for its caller's owner."""
    if path.startswith("<frozen importlib"):
        return IMPORTS
    if "/jinja2/" in path and (
        Path(path).name in JINJA_COMPILE_FILES
        or (Path(path).name == "environment.py" and function in JINJA_COMPILE_FUNCTIONS)
    ):
        return JINJA_COMPILE
    return next((name for name, marker in OWNERS if marker in path), None)


def profile_build(corpus: bench_corpus.Corpus, result: Result, out: Path) -> Path:
    """One strict build under pyinstrument; self time summed by owner into `result.profile`."""
    session_file = corpus.project / "build.pyisession"
    cmd = [PYTHON, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session_file), "-m"]
    cmd += build_command(corpus.config_file, corpus.project / "site-profile", True)[2:]
    run = run_child(cmd, ROOT)
    if run.returncode != 0:
        raise BenchError(f"the profiled build failed:\n{run.log[-3000:]}")
    result.profile, result.profile_ours = summarize_profile(session_file)
    html = out / f"profile-{result.articles}.html"
    render = [PYTHON, "-m", "pyinstrument", "--load", str(session_file), "-r", "html"]
    subprocess.run(render + ["-o", str(html)], cwd=ROOT, capture_output=True, env=child_env())
    return html


def summarize_profile(session_file: Path) -> tuple[dict[str, float], list[tuple[str, float]]]:
    """Share of the build by owner, and our heaviest files and functions."""
    from pyinstrument.session import Session

    root = Session.load(str(session_file)).root_frame()
    totals: dict[str, float] = {}
    ours: dict[str, float] = {}  # our function (with the library calls under it) → seconds

    def walk(frame, owner: str, mine_key: str) -> None:
        if frame.is_synthetic:  # pyinstrument's "[self]" frames repeat their parent's time
            return
        path = frame.file_path or ""
        mine = frame_owner(path, frame.function or "")
        owner = mine or owner
        if mine and mine.startswith("our"):
            mine_key = f"{Path(path).name}:{frame.function}"
        elif mine:
            mine_key = ""
        totals[owner] = totals.get(owner, 0.0) + frame.total_self_time
        if mine_key:
            ours[mine_key] = ours.get(mine_key, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child, owner, mine_key)

    if root is not None:
        walk(root, "other (pyinstrument, click)", "")
    total = sum(totals.values()) or 1.0
    by_file: dict[str, float] = {}
    for key, seconds in ours.items():
        name = key.split(":")[0]
        by_file[name] = by_file.get(name, 0.0) + seconds
    ranked = sorted(ours.items(), key=lambda kv: -kv[1])[:15]
    files = sorted(by_file.items(), key=lambda kv: -kv[1])
    shares = {name: seconds / total for name, seconds in totals.items()}
    return shares, [(key, seconds / total) for key, seconds in files + ranked]


# ----------------------------------------------------------------------------
# One size
# ----------------------------------------------------------------------------


def bench_size(
    articles: int, options: Options, workdir: Path, out: Path, phone_only: bool = False
) -> Result:
    """Generate a corpus of `articles` articles per language and take every measure.

    `phone_only`: one strict build, then only the phone rows.
    """
    result = Result(articles=articles, date=time.strftime("%Y-%m-%d %H:%M"))
    result.load_before = load_average()
    corpus = bench_corpus.generate_corpus(workdir / f"corpus-{articles}", articles)
    result.pages = sum(1 for _ in corpus.docs_dir.rglob("*.md"))
    steps = [
        ("build", measure_builds),
        ("check", measure_check),
        ("sizes", lambda c, o, r: measure_sizes(c.project / "site", r)),
        ("search", measure_search),
        ("phone", measure_phone),
        ("preview", measure_preview),
    ]
    if phone_only:
        steps = [("build", lambda c, o, r: strict_build(c)), ("phone", measure_phone)]
    for name, step in steps:
        started = time.perf_counter()
        print(f"  [{articles}] {name} …", file=sys.stderr, flush=True)
        step(corpus, options, result)
        print(
            f"  [{articles}] {name} done in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    if options.profile:
        html = profile_build(corpus, result, out)
        print(f"  [{articles}] profile: {html}", file=sys.stderr)
    result.load_after = load_average()
    return result


# ----------------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (p95 of 40 samples is the 38th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1e6:.1f} MB"


def _kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:.1f} KB"


def _spread(values: list[float]) -> str:
    """Median with the range of the single runs: «1.10 s (0.92–1.31)»."""
    if not values:
        return "—"
    return f"{median(values) / 1000:.2f} s ({min(values) / 1000:.2f}–{max(values) / 1000:.2f})"


def _ratio(value: float | None, base: float | None) -> str:
    if not value or not base:
        return "—"
    return f"{value / base:.3f}× ({(value / base - 1) * 100:+.1f} %)"


def _search_size(result: Result, lang: str) -> str:
    files = result.search_files.get(lang)
    if not files:
        return "—"
    raw = sum(sizes[0] for sizes in files.values())
    packed = sum(sizes[1] for sizes in files.values())
    return f"{raw / 1e6:.2f} MB / {packed / 1e6:.2f} MB gz"


def table_rows(result: Result) -> dict[str, str]:
    """Row label → the cell of one size."""
    build, bare = median(result.build_s), median(result.build_nohooks_s)
    cells = {
        "Pages built (Markdown files, both languages)": str(result.pages),
        "`mkdocs build --strict`, both languages (median)": _seconds(build),
        "… per article (build / N)": _ms(build * 1000 / result.articles if build else None),
        "… CPU time (user + system, median)": _seconds(median(result.build_cpu_s)),
        "Build without our hooks (median)": _seconds(bare),
        "… CPU time without our hooks (median)": _seconds(median(result.build_nohooks_cpu_s)),
        "Hooks cost (build / build without hooks)": _ratio(build, bare),
        "Hooks cost in CPU time": _ratio(
            median(result.build_cpu_s), median(result.build_nohooks_cpu_s)
        ),
        "`make check`, first run (`--no-cache`, median)": _seconds(median(result.check_cold_s)),
        "`make check`, next runs (its saved scan, median)": _seconds(median(result.check_s)),
        "Preview latency under `make serve`: save → page shows it (median)": _seconds(
            median(result.preview_s)
        ),
        "Preview of a structural edit: new article saved → its page served (median)": _seconds(
            median(result.preview_structural_s)
        ),
        "Build of Spanish alone (one language, not strict, median)": _seconds(
            median(result.build_one_language_s)
        ),
        "Peak memory of a build (max RSS)": _mb(result.max_rss or None),
        "Site size (files)": f"{_mb(result.site_bytes)} ({result.site_files})",
        "Search index, es (raw / gzip)": _search_size(result, "es"),
        "Search index, en (raw / gzip)": _search_size(result, "en"),
    }
    for lang in ("es", "en"):
        cells[f"Search ready after navigation start, {lang} (median)"] = _ms(
            median(result.search_ready_ms.get(lang, []))
        )
        after_load = [
            ready - loaded
            for ready, loaded in zip(
                result.search_ready_ms.get(lang, []),
                result.search_load_ms.get(lang, []),
                strict=False,
            )
        ]
        cells[f"… after the page's load event, {lang} (median)"] = _ms(median(after_load))
        answers = result.query_ms.get(lang, [])
        cells[f"Query, worker answer p50 / p95, {lang}"] = (
            f"{_ms(percentile(answers, 50))} / {_ms(percentile(answers, 95))}"
        )
        shown = result.query_e2e_ms.get(lang, [])
        cells[f"Query, keyup → first result shown p50 / p95, {lang}"] = (
            f"{_ms(percentile(shown, 50))} / {_ms(percentile(shown, 95))}"
        )
    for name in PHONE_PAGES:
        total = median(result.phone_bytes.get(name, []))
        search = median(result.phone_search_bytes.get(name, []))
        without = None if total is None or search is None else total - search
        cells[f"Phone, {name}: transferred (gzip) without / with search's files (median)"] = (
            f"{_kb(without)} / {_kb(total)}"
        )
        cells[f"Phone, {name}: Largest Contentful Paint, median (range)"] = _spread(
            result.phone_lcp_ms.get(name, [])
        )
    cells["Phone, wizard: click «Continuar» → next step shown, median (range)"] = _spread(
        result.wizard_answer_ms
    )
    cells["Load average before → after (1/5/15 min)"] = (
        f"{result.load_before} → {result.load_after}"
    )
    return cells


ROW_LABELS = list(table_rows(Result(articles=1)).keys())
PHONE_ROWS = [label for label in ROW_LABELS if label.startswith(("Phone", "Load average"))]


def targets(results: dict[int, Result]) -> list[tuple[str, str, str]]:
    """(target, measured, met?) for the issue's targets, with what the results allow."""
    out: list[tuple[str, str, str]] = []
    r1000, r3000 = results.get(1000), results.get(3000)

    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "NOT met")

    if r1000 and r3000 and r1000.build_s and r3000.build_s:
        ratio = median(r3000.build_s) / median(r1000.build_s)
        out.append(("build 3,000 ≤ 3.3 × build 1,000", f"{ratio:.2f} ×", verdict(ratio <= 3.3)))
        if r1000.build_cpu_s and r3000.build_cpu_s:
            cpu = median(r3000.build_cpu_s) / median(r1000.build_cpu_s)
            goal = "build 3,000 ≤ 3.3 × build 1,000, CPU time"
            out.append((goal, f"{cpu:.2f} ×", verdict(cpu <= 3.3)))
        if r1000.build_nohooks_cpu_s and r3000.build_nohooks_cpu_s:
            bare = median(r3000.build_nohooks_cpu_s) / median(r1000.build_nohooks_cpu_s)
            goal = "… the same with our hooks off, CPU time (for comparison)"
            out.append((goal, f"{bare:.2f} ×", verdict(bare <= 3.3)))
    for size, result in sorted(results.items()):
        structural, alone = median(result.preview_structural_s), median(result.build_one_language_s)
        if structural and alone:
            goal = f"preview of a structural edit ≤ a full build of one language (N={size:,})"
            measured = f"{_seconds(structural)} vs {_seconds(alone)}"
            out.append((goal, measured, verdict(structural <= alone)))
        # CPU time: what our code adds, whatever else runs on the machine meanwhile
        build, bare = median(result.build_cpu_s), median(result.build_nohooks_cpu_s)
        if build and bare:
            goal = f"build CPU time ≤ 1.15 × the build without our hooks (N={size:,})"
            out.append((goal, f"{build / bare:.3f} ×", verdict(build / bare <= 1.15)))
        for name in ("home", "article"):
            total = median(result.phone_bytes.get(name, []))
            search = median(result.phone_search_bytes.get(name, []))
            if total is not None and search is not None:
                goal = f"phone: {name} ≤ 70 KB transferred before search is used (N={size:,})"
                out.append((goal, _kb(total - search), verdict(total - search <= 70_000)))
            lcp = median(result.phone_lcp_ms.get(name, []))
            if lcp is not None:
                goal = f"phone: {name} median LCP ≤ 1.3 s (N={size:,})"
                out.append((goal, _seconds(lcp / 1000), verdict(lcp <= 1300)))
    if r1000:
        for goal, runs in (
            ("`make check` on 1,000 ≤ 1 s, first run (`--no-cache`)", r1000.check_cold_s),
            ("`make check` on 1,000 ≤ 1 s, next runs (saved scan)", r1000.check_s),
        ):
            check = median(runs)
            out.append((goal, _seconds(check), verdict(None if check is None else check <= 1)))
        build = median(r1000.build_s)
        out.append(
            (
                "1,000-article bilingual build ≤ 25 s",
                _seconds(build),
                verdict(None if build is None else build <= 25),
            )
        )
        preview = median(r1000.preview_s)
        out.append(
            (
                "preview latency at 1,000 ≤ 3 s",
                _seconds(preview),
                verdict(None if preview is None else preview <= 3),
            )
        )
        for lang in ("es", "en"):
            ready_ms = r1000.search_ready_ms.get(lang, [])
            loaded_ms = r1000.search_load_ms.get(lang, [])
            after_load = median([a - b for a, b in zip(ready_ms, loaded_ms, strict=False)])
            out.append(
                (
                    f"search ready ≤ 0.5 s after page load at 1,000, {lang}",
                    _ms(after_load),
                    verdict(None if after_load is None else after_load <= 500),
                )
            )
            ready = median(ready_ms)
            out.append(
                (
                    f"… and counted from navigation start (stricter), {lang}",
                    _ms(ready),
                    verdict(None if ready is None else ready <= 500),
                )
            )
            p95 = percentile(r1000.query_ms.get(lang, []), 95)
            out.append(
                (
                    f"query p95 ≤ 40 ms at 1,000, {lang}",
                    _ms(p95),
                    verdict(None if p95 is None else p95 <= 40),
                )
            )
    return out


def render_table(results: dict[int, Result], labels: list[str] | None = None) -> str:
    """The Markdown table: one row per measure (`labels`: these only), one column per size;
    then the targets."""
    sizes = sorted(results)
    header = "| measure | " + " | ".join(f"N = {size:,}" for size in sizes) + " |"
    lines = [header, "|---|" + "---|" * len(sizes)]
    columns = {size: table_rows(results[size]) for size in sizes}
    for label in labels or ROW_LABELS:
        lines.append(f"| {label} | " + " | ".join(columns[s][label] for s in sizes) + " |")
    goals = targets(results)
    if goals:
        lines += ["", "| target | measured | |", "|---|---|---|"]
        lines += [f"| {goal} | {value} | {ok} |" for goal, value, ok in goals]
    profiled = [size for size in sizes if results[size].profile]
    for size in profiled:
        result = results[size]
        lines += ["", f"Where the time goes (pyinstrument, one build, N = {size:,}):", ""]
        lines += ["| owner | share of the build |", "|---|---|"]
        for owner, share in sorted(result.profile.items(), key=lambda kv: -kv[1]):
            lines.append(f"| {owner} | {share * 100:.1f} % |")
        if result.profile_ours:
            lines += ["", "| our code (with the library calls under it) | share |", "|---|---|"]
            lines += [f"| `{name}` | {share * 100:.1f} % |" for name, share in result.profile_ours]
    notes = [
        f"N={size}: {note}"
        for size in sizes
        for note in (
            results[size].check_note,
            results[size].preview_note,
            results[size].search_note,
        )
        if note
    ]
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines)


def machine() -> str:
    """One line about the machine: cores, memory, CPU model, Python."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}"
    )


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


def load_result(path: Path) -> Result:
    """A size's results as saved by a previous run (measures it no longer takes are dropped)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["profile_ours"] = [tuple(pair) for pair in data.get("profile_ours", [])]
    known = {item.name for item in fields(Result)}
    return Result(**{key: value for key, value in data.items() if key in known})


PHONE_FIELDS = ("phone_bytes", "phone_search_bytes", "phone_lcp_ms", "wizard_answer_ms")


def save_result(result: Result, path: Path, phone_only: bool) -> None:
    """Write a size's results; a phone-only run updates the phone rows of a saved run."""
    if phone_only and path.is_file():
        saved = load_result(path)
        for name in PHONE_FIELDS:
            setattr(saved, name, getattr(result, name))
        result = saved
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")


def parse_sizes(text: str) -> list[int]:
    return [int(part) for part in re.split(r"[,\s]+", text.strip()) if part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles",
        nargs="*",
        type=int,
        default=parse_sizes(os.environ.get("BENCH_ARTICLES", "")) or DEFAULT_SIZES,
        help="sizes, articles per language (default: $BENCH_ARTICLES or 100 1000 3000)",
    )
    parser.add_argument("--runs", type=int, help="builds per size (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one run of everything (smoke test)")
    parser.add_argument(
        "--phone",
        action="store_true",
        help="only the phone rows (one strict build per size, then the throttled loads)",
    )
    parser.add_argument(
        "--profile",
        nargs="*",
        type=int,
        help="profile one build of these sizes (no size given: of every size)",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="measure nothing: print the table of the sizes' saved results-N.json",
    )
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp folder)")
    parser.add_argument("--out", type=Path, default=OUT, help="where results-N.json go")
    parser.add_argument("--keep", action="store_true", help="keep the corpora")
    args = parser.parse_args(argv)
    options = Options.quick() if args.quick else Options()
    if args.runs:
        options.runs = args.runs
    args.out.mkdir(parents=True, exist_ok=True)
    if args.report:
        saved = {size: load_result(args.out / f"results-{size}.json") for size in args.articles}
        print(f"Machine: {machine()}.\n")
        print(render_table(saved))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mv-bench-"))
    # `make check`'s saved scans (one per corpus config) stay in the work folder, removed with
    # the corpora, not in the user's ~/.cache
    os.environ["XDG_CACHE_HOME"] = str(workdir / "cache")
    results: dict[int, Result] = {}
    print(f"machine: {machine()}; load {load_average()}", file=sys.stderr)
    try:
        for size in args.articles:
            options.profile = args.profile is not None and (
                not args.profile or size in args.profile
            )
            try:
                result = bench_size(size, options, workdir, args.out, phone_only=args.phone)
            except BenchError as error:
                print(f"bench N={size}: {error}", file=sys.stderr)
                return 1
            results[size] = result
            save_result(result, args.out / f"results-{size}.json", args.phone)
            if not args.keep:
                shutil.rmtree(workdir / f"corpus-{size}", ignore_errors=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}. {time.strftime('%Y-%m-%d')}.\n")
    print(render_table(results, PHONE_ROWS if args.phone else ROW_LABELS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
