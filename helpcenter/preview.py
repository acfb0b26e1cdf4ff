"""What a writer sees of a build's problems: a quiet, exact log and, in the preview, a box per page.

Every `mkdocs` run (hooks/content_checks.py calls these functions from its events):
- each problem is printed once per build, and a notice that repeats (the same words at
  several places, such as an `ext:` address not set yet) once per run, with its places;
- the build ends with one line: how many problems, per language of the files they are in.

Under `mkdocs serve` only (MkDocs' `on_startup` says which command runs):
- every page shows at its top the problems of its own file and how many the rest of the site
  has, listed below (`overrides/partials/help-center/preview-problems.html`), in the words
  `make check` prints: the content checks' own problems, and every other warning the build logs;
- MkDocs' and mkdocs-static-i18n's notes about folders and per-language settings are not shown.

Only Python's logging API: a filter on the handlers MkDocs' command line gives the `mkdocs`
logger sees every record once, before it is printed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpcenter.languages import (
    current_language,
    language_folder,
    page_key,
    page_language,
    site_languages,
)
from helpcenter.problems import ERROR, Problem, hook_logger

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = hook_logger("content_checks")

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Shown:
    """One problem as the preview shows it: `path:line: what — fix`, and its page if any."""

    path: str  # "docs/contacto/x.md", "data/contact-tree.yml"; "" when no file is named
    line: int  # 0 when the whole file is concerned
    what: str
    fix: str = ""
    url: str = ""  # the address of the page of `path` (in its own language), when it has one

    @property
    def where(self) -> str:
        """`path:line`, `path`, or "" as `make check` writes it."""
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def text(self) -> str:
        """The whole line, as the terminal and `make check` print it."""
        body = f"{self.what} — {self.fix}" if self.fix else self.what
        return f"{self.where}: {body}" if self.where else body


@dataclass(frozen=True)
class Panel:
    """What one page of the preview shows: its own problems, then all the site's others."""

    own: tuple[Shown, ...]
    others: tuple[Shown, ...]
    language: str


@dataclass
class _Run:
    """One build of the site (both languages): a `mkdocs build`, or one save under serve."""

    config: Any = None  # the loaded config of this run: MkDocs loads a new one per save
    problems: dict[str, Shown] = field(default_factory=dict)  # text → problem, whole site
    printed: set[str] = field(default_factory=set)  # warnings printed in this run
    notices: dict[str, list[str]] = field(default_factory=dict)  # words → places, held back
    by_language: dict[str, set[str]] = field(default_factory=dict)  # language → warnings
    urls: dict[str, str] = field(default_factory=dict)  # page key → default-language address


@dataclass
class _Session:
    """One `mkdocs` command: whether it serves, and the notices it has printed."""

    serving: bool = False
    watching: bool = False
    notices_printed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    run: _Run = field(default_factory=_Run)


_session = _Session()

# A problem line: `docs/x.md:12: what — fix` (helpcenter.problems.Problem's str).
_PROBLEM_LINE = re.compile(
    r"^(?P<path>[\w./-]+\.(?:md|ya?ml))(?::(?P<line>\d+))?: (?P<body>.+)$", re.S
)
# MkDocs' own link warnings name the page: "Doc file 'contacto/x.md' contains a link …".
_DOC_FILE = re.compile(r"^Doc file '(?P<src>[^']+)'")
# Notes MkDocs and mkdocs-static-i18n print on every build of the preview that say nothing
# about the writer's files (the temporary folder, a language's settings being applied).
_NOT_FOR_WRITERS = (
    "Cleaning site directory",
    "Building documentation to directory",
    "Building '",
    "Overriding '",
    "Updating '",
    "Translated ",
    "The directory contains stale files",  # mkdocs-static-i18n's builds under --dirty
)
# Warnings about the preview's requests (a page the browser asked for is missing), not files.
_NOT_PROBLEMS = ("mkdocs.livereload",)
# MkDocs' warning on every `--dirty` build: the preview rebuilds whatever a save changes
# (helpcenter/quick_preview.py), so it does not concern the writer.
_DIRTY_BUILD = "A 'dirty' build is being performed"
_SUMMARY = "hc_summary"  # a record attribute: our own summary lines, never held back
_PLACES_SHOWN = 3  # places printed for a repeated notice before "and N more"

# ----------------------------------------------------------------------------
# Events (called from hooks/content_checks.py)
# ----------------------------------------------------------------------------


def start(command: str) -> None:
    """MkDocs' `on_startup`: remember whether this is the preview; watch what is printed."""
    _session.serving = command == "serve"
    if not _session.watching:
        for handler in logging.getLogger("mkdocs").handlers:
            handler.addFilter(_watch)
        _session.watching = True


def begin(config: MkDocsConfig) -> None:
    """`on_config`: a new run when MkDocs loaded a new config (every save under serve)."""
    if _session.run.config is not config:
        _session.run = _Run(config=config)


def add_problems(problems: Iterable[Problem]) -> None:
    """`on_pre_build`: the content checks' problems of the whole site, with their lines."""
    run = _session.run
    for problem in problems:
        if problem.severity == ERROR:
            shown = Shown(problem.path, problem.line, problem.message, problem.hint)
            run.problems.setdefault(shown.text, shown)


def add_to_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """`on_env`: under serve, give the templates `preview_problems(page)`; never in a build."""
    if _session.serving:
        env.globals["preview_problems"] = _panel_maker(config, files)
    return env


def problem_count() -> int:
    """How many problems this build has found so far, in the whole site."""
    return len(_session.run.problems)


def finish(config: MkDocsConfig, stopped: bool = False) -> bool:
    """`on_post_build`: after the last language (or a build that stops early), the held
    notices and the count of problems. Whether this was the last language."""
    if not stopped and current_language(config) != site_languages(config)[-1]:
        return False
    run = _session.run
    for words, places in run.notices.items():
        if _session.serving and _session.notices_printed.get(words) == tuple(places):
            continue  # printed since the preview started, at the same places
        _session.notices_printed[words] = tuple(places)
        log.info(_notice_line(words, places), extra={_SUMMARY: True})
    run.notices.clear()
    log.info(_count_line(run.by_language, config), extra={_SUMMARY: True})
    return True


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _watch(record: logging.LogRecord) -> bool:
    """Whether MkDocs prints a record; remember the problems and repeated notices it holds."""
    if getattr(record, _SUMMARY, False):
        return True
    run = _session.run
    message = record.getMessage()
    if _session.serving and message.startswith(_DIRTY_BUILD):
        return False
    if record.levelno >= logging.WARNING and not record.name.startswith(_NOT_PROBLEMS):
        shown = _shown(message)
        _count(run, shown, message)
        if not (record.name == "mkdocs.structure.pages" and _covered(run, shown)):
            run.problems.setdefault(shown.text, shown)
        if message in run.printed:
            return False  # each problem once
        run.printed.add(message)
        return True
    if record.name.startswith("mkdocs.hooks."):
        match = _PROBLEM_LINE.match(message)
        if match:
            where = match["path"] + (f":{match['line']}" if match["line"] else "")
            run.notices.setdefault(match["body"], []).append(where)
            return False  # printed once, with its places, when the build ends
    if _session.serving and record.levelno == logging.INFO:
        if record.name.startswith("mkdocs.plugins."):  # get_plugin_logger's "package: " prefix
            message = message.partition(": ")[2]
        return not message.startswith(_NOT_FOR_WRITERS)
    return True


def _shown(message: str) -> Shown:
    """A logged warning as the preview shows it: split into file, line, what and fix."""
    match = _PROBLEM_LINE.match(message)
    if match:
        what, _, fix = match["body"].partition(" — ")
        return Shown(match["path"], int(match["line"] or 0), what, fix)
    doc = _DOC_FILE.match(message)
    if doc:
        return Shown(f"docs/{doc['src']}", 0, message)
    return Shown("", 0, message)


def _covered(run: _Run, shown: Shown) -> bool:
    """Whether the content checks already gave a problem of this file (MkDocs' link warnings
    repeat theirs, without a line)."""
    return any(other.path == shown.path and other.line for other in run.problems.values())


def _count(run: _Run, shown: Shown, message: str) -> None:
    """Count a warning once, under the language of the file it names."""
    config = run.config
    if shown.path.startswith("docs/") and config is not None:
        language = page_language(shown.path, config)
    else:
        language = shown.path.split("/", 1)[0] if "/" in shown.path else "other"
    run.by_language.setdefault(language, set()).add(message)


def _notice_line(words: str, places: list[str]) -> str:
    """A notice once: its first place, its words, and where else it is."""
    first, rest = places[0], places[1:]
    if not rest:
        return f"{first}: {words}"
    shown = ", ".join(rest[:_PLACES_SHOWN])
    more = f" and {len(rest) - _PLACES_SHOWN} more" if len(rest) > _PLACES_SHOWN else ""
    return f"{first}: {words} (also {shown}{more})"


def _count_line(by_language: dict[str, set[str]], config: MkDocsConfig) -> str:
    """The last line of a build: how many problems, and in which language's files."""
    total = sum(len(messages) for messages in by_language.values())
    if not total:
        return "No problems."
    order = {language: i for i, language in enumerate(site_languages(config))}
    parts = [
        f"{len(by_language[key])} in {_files_of(key, order)}"
        for key in sorted(by_language, key=lambda key: (order.get(key, len(order)), key))
    ]
    noun = "problem" if total == 1 else "problems"
    return f"{total} {noun}: {', '.join(parts)} — each is above; `make check` gives their lines"


def _files_of(key: str, order: dict[str, int]) -> str:
    """How the count line names a group: "the es files", "data/", "other messages"."""
    if key in order:
        return f"the {key} files"
    return "other messages" if key == "other" else f"{key}/"


def _panel_maker(config: MkDocsConfig, files: Files) -> Callable[[Page | None], Panel | None]:
    """`preview_problems(page)` for one language's templates."""
    language = current_language(config)
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    docs = _relative(Path(config.docs_dir), root)
    urls = _session.run.urls  # page key → its address in the default language
    if language == site_languages(config)[0]:
        urls.update({file.src_uri: file.url for file in files.documentation_pages()})

    def url_of(path: str) -> str:
        """The address of the page of a docs file, in its own language ("" when none)."""
        src = path.removeprefix(f"{docs}/")
        if src == path or not src.endswith(".md"):
            return ""
        address = urls.get(page_key(src, config), "")
        folder = language_folder(config, page_language(src, config))
        return f"{folder}/{address}" if address and folder else address

    def panel(page: Page | None) -> Panel | None:
        problems = sorted(
            Shown(p.path, p.line, p.what, p.fix, url_of(p.path))
            for p in _session.run.problems.values()
        )
        if not problems:
            return None
        mine = ""
        if page is not None and page.file.abs_src_path:
            mine = _relative(Path(page.file.abs_src_path), root)
        own = tuple(p for p in problems if mine and p.path == mine)
        others = tuple(p for p in problems if not (mine and p.path == mine))
        return Panel(own, others, language)

    return panel


def _relative(path: Path, root: Path) -> str:
    """A path as problems name it: relative to the project ("docs/contacto/x.md")."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:  # outside the project: as it is
        return path.as_posix()
