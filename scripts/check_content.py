"""`make check`: the build's content checks without a build.

Runs the checks of hooks/content_checks.py (links and anchors in both
languages, the escalation rule, link texts, e-mails, front matter, translation
parity) over docs/ and data/, renders nothing, and prints every problem as
`path:line: what is wrong — how to fix it`. Unlike the build, it also reports
the missing pages and anchors that MkDocs' own `validation:` reports there.

A hook listed in mkdocs.yml that checks data files of its own can join in by
defining `content_problems(index: DocsIndex, settings: CheckSettings) -> list[Problem]`.

Like `mkdocs serve`, it re-reads and re-checks only what changed since its
last run: the scan and the problems of each file are kept in a cache outside
the project (`$XDG_CACHE_HOME/multivende-help-center/`, else `~/.cache/…`;
`--no-cache` to do without), valid while the hooks' code is unchanged.

Exit status: 0 when there is no problem (notices do not count), 1 otherwise,
2 when mkdocs.yml cannot be read.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import yaml  # noqa: E402

from helpcenter.content.checks import (  # noqa: E402
    CheckSettings,
    Findings,
    check_site,
    read_mkdocs_yml,
    settings_from_file,
)
from helpcenter.content.docs_index import DocsIndex  # noqa: E402
from helpcenter.problems import ERROR, Problem  # noqa: E402

CACHE_FORMAT = 1  # bump when what the cache holds changes shape

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
    try:
        data = read_mkdocs_yml(config_file)
        settings = settings_from_file(config_file, data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        print(f"{config_file}: cannot be read ({error}) — fix mkdocs.yml", file=sys.stderr)
        return 2
    cache = None if args.no_cache else cache_file(config_file)
    stats: dict[str, int] = {}
    problems = run(settings, config_file, cache, data.get("hooks") or [], stats)
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


def run(
    settings: CheckSettings,
    config_file: Path,
    cache: Path | None = None,
    hooks: list[str] | None = None,
    stats: dict[str, int] | None = None,
) -> list[Problem]:
    """Every problem and notice of the site, sorted by file and line.

    `hooks` are mkdocs.yml's `hooks:` (read from config_file when not given);
    `stats` receives how many Markdown files there are, were read and were checked.

    With a cache file, files unchanged since the run that wrote it are not read
    again and pages whose problems cannot have changed are not checked again.
    """
    previous_index, previous = _read_cache(cache) if cache else (None, None)
    index = DocsIndex.load(
        settings.docs_dir,
        settings.project_dir,
        settings.languages,
        settings.default_language,
        previous=previous_index,
    )
    findings = check_site(index, settings, previous)
    if cache and (previous is None or index.read or findings.checked):
        _write_cache(cache, index, findings)
    if stats is not None:
        stats.update(files=len(index.all_pages()), read=len(index.read), checked=findings.checked)
    problems = set(findings.everything())
    if hooks is None:
        hooks = read_mkdocs_yml(config_file).get("hooks") or []
    for check in _hook_checks(config_file, hooks):
        problems.update(check(index, settings))
    return sorted(problems)


# ----------------------------------------------------------------------------
# Cache
# ----------------------------------------------------------------------------


def cache_file(config_file: Path) -> Path:
    """Where the scan of one project is kept between runs: outside the project."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    name = hashlib.sha1(str(config_file.resolve()).encode()).hexdigest()[:16]  # noqa: S324
    return Path(base) / "multivende-help-center" / f"check-{name}.pickle"


def _code_stamp() -> tuple:
    """What makes a cache valid: this format, Python, and the hooks' code as it is now."""
    files = sorted((ROOT / "hooks").glob("*.py")) + [Path(__file__).resolve()]
    stamps = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return (CACHE_FORMAT, sys.version, stamps)


def _read_cache(cache: Path) -> tuple[DocsIndex | None, Findings | None]:
    """The index and findings of the last run, or nothing when absent, stale or unreadable."""
    try:
        with cache.open("rb") as stream:
            if pickle.load(stream) != _code_stamp():  # noqa: S301 - our own file
                return None, None
            index, findings = pickle.load(stream)  # noqa: S301
    except Exception:  # noqa: BLE001 - any broken cache only means a full check
        return None, None
    if isinstance(index, DocsIndex) and isinstance(findings, Findings):
        return index, findings
    return None, None


def _write_cache(cache: Path, index: DocsIndex, findings: Findings) -> None:
    """Keep this run's index and findings for the next run (never fails the check)."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump(_code_stamp(), stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((index, findings), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    except OSError:
        pass


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _hook_checks(config_file: Path, hooks: list[str]) -> list:
    """`content_problems` of the other hooks in mkdocs.yml that define one."""
    checks = []
    for hook in hooks:
        path = (config_file.parent / str(hook)).resolve()
        if path.name == "content_checks.py" or not path.is_file():
            continue
        if "def content_problems(" not in path.read_text(encoding="utf-8"):
            continue
        sys.path.insert(0, str(path.parent))
        spec = importlib.util.spec_from_file_location(path.stem, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while defined
        spec.loader.exec_module(module)
        checks.append(module.content_problems)
    return checks


if __name__ == "__main__":
    sys.exit(main())
