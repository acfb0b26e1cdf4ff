"""Shared fixtures: tiny sites built in tmp_path, the real site, a local server and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, sync_playwright
from screenshots import LocalServer

if TYPE_CHECKING:
    from axe_playwright_python.base import AxeResults

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-sandbox",
    "--disable-gpu",
]


# ----------------------------------------------------------------------------
# Building sites
# ----------------------------------------------------------------------------


@dataclass
class BuiltSite:
    """The outcome of one `mkdocs build`: exit code, log, and the output folder."""

    returncode: int
    log: str
    site_dir: Path
    project_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def html(self, path: str) -> str:
        """Text of a built file, e.g. `html("contacto/x/index.html")`."""
        return (self.site_dir / path).read_text(encoding="utf-8")

    def warnings(self) -> list[str]:
        """The WARNING lines of the log, without their level prefix."""
        return [
            line.split("-  ", 1)[-1].strip()
            for line in self.log.splitlines()
            if line.startswith("WARNING")
        ]


def mkdocs_env() -> dict[str, str]:
    """Environment for a child mkdocs: quiet about Material's end of life."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_build(config_file: Path, site_dir: Path, strict: bool = True) -> BuiltSite:
    """Run the real `mkdocs build` in a child process and capture its log."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=mkdocs_env(), cwd=config_file.parent, timeout=600
    )
    return BuiltSite(proc.returncode, proc.stdout + proc.stderr, site_dir, config_file.parent)


def real_config() -> dict:
    """The real mkdocs.yml as data."""
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def fixture_config(project: Path, overrides: dict | None = None) -> dict:
    """The real config pointed at a project folder in tmp_path, with `overrides` merged on top."""
    config = real_config()
    config["docs_dir"] = str(project / "docs")
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = []
    config.pop("extra_css", None)
    config["theme"].pop("favicon", None)
    _deep_merge(config, overrides or {})
    return config


def _deep_merge(base: dict, extra: dict) -> None:
    """Merge `extra` into `base` in place; a value of None deletes the key."""
    for key, value in extra.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _deep_merge(base[key], value)
        else:
            base[key] = value


SiteBuilder = Callable[..., BuiltSite]


def site_builder(folder: Path) -> SiteBuilder:
    """A builder of tiny sites in `folder/project` from `{path: text or bytes}`, with the real
    hooks and theme.

    The project's `data/` folder is copied beside the tiny site unless `data`
    gives other files (`{"contact-tree.yml": "..."}`), so hooks find their data
    relative to the config file as they do in the real project. A module that only reads
    one site builds it once with this in a module-scoped fixture.
    """

    def build(
        files: dict[str, str | bytes],
        config: dict | None = None,
        data: dict[str, str] | None = None,
        strict: bool = True,
    ) -> BuiltSite:
        project = folder / "project"
        if project.exists():
            shutil.rmtree(project)
        (project / "docs").mkdir(parents=True)
        shutil.copytree(ROOT / "data", project / "data")
        for name, text in (data or {}).items():
            (project / "data" / name).write_text(text, encoding="utf-8")
        for name, content in files.items():
            target = project / "docs" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        config_file = project / "mkdocs.yml"
        config_file.write_text(
            yaml.safe_dump(fixture_config(project, config), allow_unicode=True), encoding="utf-8"
        )
        return run_build(config_file, project / "site", strict=strict)

    return build


@pytest.fixture
def build_site(tmp_path: Path) -> SiteBuilder:
    """Build a tiny site in this test's tmp_path (see `site_builder`)."""
    return site_builder(tmp_path)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site, built once per test session with `--strict`."""
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    result = run_build(ROOT / "mkdocs.yml", site_dir, strict=True)
    assert result.ok, f"the real site does not build with --strict:\n{result.log}"
    return result


@pytest.fixture(scope="session")
def real_site(real_build: BuiltSite) -> Path:
    """Folder of the real site, built once with `--strict`."""
    return real_build.site_dir


# ----------------------------------------------------------------------------
# Serving and browsing
# ----------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_folder(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a folder on 127.0.0.1 in a background thread; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = LocalServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the real site served on localhost."""
    url, server = serve_folder(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page; fails the test on any request to another host."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []

    def _watch(request: Request) -> None:
        url = request.url
        if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            foreign.append(url)

    page.on("request", _watch)
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture
def js_disabled_page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


# Resolves once every CSS transition and finite animation running on the page has ended.
_SETTLED_JS = """() => Promise.all(document.getAnimations()
    .filter((animation) => animation.effect.getComputedTiming().iterations !== Infinity)
    .map((animation) => animation.finished.catch(() => null)))"""


def run_axe(page: Page, context: str | list | dict | None = None) -> AxeResults:
    """axe-core on the page (or `context`) once its transitions have ended.

    A colour caught halfway through a transition (a button's hover or focus, a search result's
    highlight) is not a colour anyone reads, yet axe measures it: on a fast machine the test
    reaches axe while Material's 125–250 ms transitions still run.
    """
    page.evaluate(_SETTLED_JS)
    return Axe().run(page, context=context)
