"""`make check`: the build's content checks without a build.

Loads mkdocs.yml as MkDocs does (`mkdocs.config.load_config`) and builds the
checks' settings from it with the same function the build's hook uses, then
runs the checks of hooks/content_checks.py (links and anchors in both
languages, the escalation rule, link texts, e-mails, front matter, translation
parity), every data file the build reads (each through its own loader), the
brand's colours (`extra.brand`), and the `content_problems(index, settings)` of
every other hook mkdocs.yml lists.
It renders nothing and prints every problem as `path:line: what is wrong — how
to fix it`. Unlike the build, it also reports the missing pages and anchors
that MkDocs' own `validation:` reports there.

Like `mkdocs serve`, it re-reads and re-checks only what changed since its
last run: the scan and the problems of each file are kept in a cache outside
the project (`$XDG_CACHE_HOME/multivende-help-center/`, else `~/.cache/…`;
`--no-cache` to do without), valid while nothing else its answer depends on
changed: mkdocs.yml, the data files, the code of helpcenter/ and the hooks,
and the versions of Python and of the libraries that read the pages.

Exit status: 0 when there is no problem (notices do not count), 1 otherwise,
2 when mkdocs.yml cannot be loaded (MkDocs' own messages are printed).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import logging
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.content.checks import (
    CheckSettings,
    Findings,
    check_site,
    read_mkdocs_yml,
    settings_from_config,
)
from helpcenter.content.docs_index import DocsIndex
from helpcenter.pages.brand import brand_of_config
from helpcenter.pages.settings import load_settings
from helpcenter.problems import ERROR, Problem
from helpcenter.search.messages import load_texts
from helpcenter.search.text import load_synonyms

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent.parent
CACHE_FORMAT = 2  # bump when what the cache holds changes shape
# The libraries whose versions change what a page reads as (or what MkDocs makes of it).
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "Markdown",
    "pymdown-extensions",
    "markdown-it-py",
    "mdit-py-plugins",
    "PyYAML",
)

# ----------------------------------------------------------------------------
# Command
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Check the site of a mkdocs.yml; print its problems; 1 when there are any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list notices")
    parser.add_argument(
        "--no-cache", action="store_true", help="read and check every file (no cache)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say how many files were read and checked"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    gc.disable()  # a short run that frees nothing: collections only cost time
    config_file = Path(args.config_file)
    config = load_mkdocs_config(config_file)
    if config is None:
        return 2
    settings = settings_from_config(config)
    cache = None if args.no_cache else cache_file(config_file)
    stats: dict[str, int] = {}
    problems = run(settings, config, cache, stats)
    errors = [problem for problem in problems if problem.severity == ERROR]
    notices = [problem for problem in problems if problem.severity != ERROR]
    for problem in errors:
        print(problem)
    if not args.quiet:
        for problem in notices:
            print(f"notice: {problem}")
    elapsed = time.perf_counter() - start
    if args.verbose:
        print(
            f"make check: {stats['read']} of {stats['files']} file(s) read, "
            f"{stats['checked']} page(s) checked",
            file=sys.stderr,
        )
    print(
        f"make check: {len(errors)} problem(s), {len(notices)} notice(s) ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


def load_mkdocs_config(config_file: Path) -> MkDocsConfig | None:
    """mkdocs.yml loaded by MkDocs; None (its messages printed as MkDocs prints them) if broken."""
    from mkdocs import exceptions

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        return read_mkdocs_yml(config_file)  # type: ignore[return-value] - MkDocs' config
    except (exceptions.ConfigurationError, exceptions.Abort, OSError) as error:
        what = " ".join(str(error).split())
        print(f"{config_file}: {what} — fix {config_file.name}", file=sys.stderr)
        return None
    finally:
        logger.removeHandler(handler)


def run(
    settings: CheckSettings,
    config: MkDocsConfig,
    cache: Path | None = None,
    stats: dict[str, int] | None = None,
) -> list[Problem]:
    """Every problem and notice of the site, sorted by file and line.

    `stats` receives how many Markdown files there are, were read and were checked.
    With a cache file, files unchanged since the run that wrote it are not read
    again and pages whose problems cannot have changed are not checked again.
    """
    stamp = cache_stamp(settings)
    previous_index, previous = _read_cache(cache, stamp) if cache else (None, None)
    index = DocsIndex.load(
        settings.docs_dir,
        settings.project_dir,
        settings.languages,
        settings.default_language,
        previous=previous_index,
    )
    findings = check_site(index, settings, previous)
    if cache and (previous is None or index.read or findings.checked):
        _write_cache(cache, stamp, index, findings)
    if stats is not None:
        stats.update(files=len(index.all_pages()), read=len(index.read), checked=findings.checked)
    problems = set(findings.everything())
    problems.update(data_file_problems(settings))
    problems.update(settings_problems(config))
    for check in hook_checks(config):
        problems.update(check(index, settings))
    return sorted(problems)


# ----------------------------------------------------------------------------
# Data files, mkdocs.yml's settings and the other hooks
# ----------------------------------------------------------------------------


def data_file_problems(settings: CheckSettings) -> list[Problem]:
    """The data files the build reads besides the checks' own, each through its core loader
    (the one the hook that reads it in the build calls, with the same messages).

    (data/content-rules.yml and data/front-matter.yml are read into the settings;
    data/contact-tree.yml by the wizard hook's `content_problems`.)
    """
    languages = settings.languages
    problems: list[Problem] = []
    for shown, load in _DATA_FILES:
        problems.extend(load(settings.project_dir / shown, shown, languages))
    return problems


_DATA_FILES: tuple[tuple[str, Callable[[Path, str, tuple[str, ...]], list[Problem]]], ...] = (
    ("data/synonyms.yml", lambda file, shown, langs: load_synonyms(file, shown, langs)[1]),
    ("data/help-center.yml", lambda file, shown, langs: load_settings(file, langs, shown)[1]),
    ("data/search.yml", lambda file, shown, langs: load_texts(file, langs, shown)[1]),
)


def settings_problems(config: MkDocsConfig) -> list[Problem]:
    """mkdocs.yml's `extra.brand`, through the core function the help_center hook calls in the
    build (with the same messages), while mkdocs.yml lists that hook."""
    if not any(Path(name).name == "help_center.py" for name in config["hooks"] or {}):
        return []
    return brand_of_config(Path(config.config_file_path), config.extra.get("brand"))[1]


def hook_checks(config: MkDocsConfig) -> list[Callable[[DocsIndex, CheckSettings], Iterable]]:
    """`content_problems` of the other hooks in mkdocs.yml, from the modules MkDocs loaded."""
    return [
        module.content_problems
        for name, module in (config["hooks"] or {}).items()
        if Path(name).name != "content_checks.py" and hasattr(module, "content_problems")
    ]


# ----------------------------------------------------------------------------
# Cache
# ----------------------------------------------------------------------------


def cache_file(config_file: Path) -> Path:
    """Where the scan of one project is kept between runs: outside the project."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    name = hashlib.sha1(str(config_file.resolve()).encode()).hexdigest()[:16]  # noqa: S324
    return Path(base) / "multivende-help-center" / f"check-{name}.pickle"


def cache_stamp(settings: CheckSettings) -> str:
    """Everything a cached answer depends on besides the pages themselves (one digest).

    The cache format, Python's and the libraries' versions, the code of helpcenter/,
    hooks/ and this script, mkdocs.yml and every data file (their bytes).
    """
    digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version}".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing;".encode())
    files = [
        *sorted((ROOT / "helpcenter").rglob("*.py")),
        *sorted((ROOT / "hooks").glob("*.py")),
        Path(__file__).resolve(),
        *sorted(settings.project_dir.glob("*.yml")),
        *sorted((settings.project_dir / "data").glob("*")),
    ]
    for file in files:
        digest.update(str(file).encode())
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _read_cache(cache: Path, stamp: str) -> tuple[DocsIndex | None, Findings | None]:
    """The index and findings of the last run, or nothing when absent, stale or unreadable."""
    try:
        with cache.open("rb") as stream:
            if pickle.load(stream) != stamp:  # noqa: S301 - our own file
                return None, None
            index, findings = pickle.load(stream)  # noqa: S301
    except Exception:  # noqa: BLE001 - any broken cache only means a full check
        return None, None
    if isinstance(index, DocsIndex) and isinstance(findings, Findings):
        return index, findings
    return None, None


def _write_cache(cache: Path, stamp: str, index: DocsIndex, findings: Findings) -> None:
    """Keep this run's index and findings for the next run (never fails the check)."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump(stamp, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((index, findings), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    except (OSError, pickle.PicklingError):
        pass


if __name__ == "__main__":
    sys.exit(main())
