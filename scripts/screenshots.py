"""`make screenshots`: PNGs of every page type, as customers see them, for writers.

Builds the site afresh (`mkdocs build --strict` into a temporary folder), serves it on
127.0.0.1 the way most static hosts do (a missing address gets the root `404.html`), and
photographs in headless Chromium (/usr/bin/chromium) the home, a category, an article, the
wizard's first question and a result, search with results and with none, and the 404 page, at
375 and 1280 px wide, in both languages, into `screenshots/` (ignored by git):
`screenshots/<language>-<width>-<page>.png`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {375: 812, 1280: 800}  # width → height of the window
LANGUAGES = {"es": "", "en": "en/"}  # language → URL prefix
CATEGORY = "contacto/"
ARTICLE = "contacto/como-contactar-a-la-mesa-de-ayuda/"
WIZARD = "contacto/con-que-equipo-debo-contactar/"
QUERIES = {"es": ("ticket", "zzxxqq"), "en": ("ticket", "zzxxqq")}  # with results, with none

# The fragment of a wizard outcome, reached by following each step's first option.
WIZARD_OUTCOME = """() => {
  const wizard = document.querySelector("[data-start]");
  let id = wizard ? wizard.dataset.start : null;
  for (let depth = 0; id && depth < 20; depth++) {
    const step = document.getElementById(id);
    const next = step && step.querySelector("a[data-option][href^='#']");
    if (!next) return id;
    id = next.getAttribute("href").slice(1);
  }
  return id;
}"""


# True once no CSS transition or animation is running (the header's title slides on scroll).
SETTLED = "() => document.getAnimations().every((a) => a.playState !== 'running')"


# ----------------------------------------------------------------------------
# Serving a built site
# ----------------------------------------------------------------------------


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, the root 404.html (status 404) for anything missing."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class LocalServer(http.server.ThreadingHTTPServer):
    """A local HTTP server that says nothing when the browser drops a request it no longer
    needs (a page left or reloaded mid-load); any other error is printed as usual."""

    def handle_error(self, request: object, client_address: tuple) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1; yields the base URL (ending in /)."""
    handler = functools.partial(StaticHostHandler, directory=str(folder))
    server = LocalServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build(site_dir: Path) -> None:
    """A fresh strict build of the real site into `site_dir`; exits with its log on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(f"screenshots: the site does not build:\n{proc.stdout}{proc.stderr}")


# ----------------------------------------------------------------------------
# Page types
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shot:
    """One page type: its name and how to bring the page to the state photographed."""

    name: str
    open: Callable[[Page, str, str], None]  # (page, base URL with the language prefix, language)
    whole_page: bool = True  # False: the screen only (search is a dialog over the page)


def _goto(path: str) -> Callable[[Page, str, str], None]:
    return lambda page, base, language: page.goto(base + path)


def _wizard_result(page: Page, base: str, language: str) -> None:
    page.goto(base + WIZARD)
    outcome = page.evaluate(WIZARD_OUTCOME)
    if outcome:
        page.goto(base + WIZARD + "#" + outcome)
        page.locator(f"[id='{outcome}']").wait_for(state="visible")


def _search(query_index: int) -> Callable[[Page, str, str], None]:
    def open_search(page: Page, base: str, language: str) -> None:
        page.goto(base + ARTICLE)
        opener = page.locator("label.md-header__button[for='__search']").first
        if opener.is_visible():  # on a phone the header shows a button, not the box
            opener.click()
        field = page.locator("input.md-search__input")
        field.click()
        page.keyboard.type(QUERIES[language][query_index], delay=20)
        meta = page.locator(".md-search-result__meta")
        if query_index == 0:
            page.locator(".md-search-result__item").first.wait_for(state="visible")
        else:
            meta.wait_for(state="visible")

    return open_search


SHOTS = (
    Shot("home", _goto("")),
    Shot("category", _goto(CATEGORY)),
    Shot("article", _goto(ARTICLE)),
    Shot("wizard-question", _goto(WIZARD)),
    Shot("wizard-result", _wizard_result),
    Shot("search-results", _search(0), whole_page=False),
    Shot("search-none", _search(1), whole_page=False),
    Shot("404", _goto("esta-pagina-no-existe/")),
)


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------


def take(base_url: str, out: Path, only: set[str] | None = None) -> list[Path]:
    """Every shot at every width in every language; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for language, prefix in LANGUAGES.items():
                for shot in SHOTS:
                    if only and shot.name not in only:
                        continue
                    shot.open(page, base_url + prefix, language)
                    page.wait_for_load_state("networkidle")
                    if shot.whole_page:
                        page.evaluate("window.scrollTo(0, 0)")  # the header at the top
                    page.wait_for_function(SETTLED)  # the header's title done changing
                    target = out / f"{language}-{width}-{shot.name}.png"
                    page.screenshot(path=str(target), full_page=shot.whole_page)
                    written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for PNGs")
    parser.add_argument("--site", type=Path, help="photograph this built site instead of building")
    parser.add_argument("--only", nargs="*", help="page types to take (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            build(site)
        with serve(site) as base_url:
            written = take(base_url, args.out, set(args.only or ()))
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"{len(written)} screenshots in {shown}/")


if __name__ == "__main__":
    main()
