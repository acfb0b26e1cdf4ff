"""`make check`: the build's content checks without a build.

Runs the checks of hooks/content_checks.py (links and anchors in both
languages, the escalation rule, link texts, e-mails, front matter, translation
parity) over docs/ and data/, renders nothing, and prints every problem as
`path:line: what is wrong — how to fix it`. Unlike the build, it also reports
the missing pages and anchors that MkDocs' own `validation:` reports there.

A hook listed in mkdocs.yml that checks data files of its own can join in by
defining `content_problems(index: DocsIndex, settings: CheckSettings) -> list[Problem]`.

Exit status: 0 when there is no problem (notices do not count), 1 otherwise,
2 when mkdocs.yml cannot be read.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import yaml  # noqa: E402
from docs_index import DocsIndex  # noqa: E402
from problems import ERROR, Problem  # noqa: E402
from site_checks import (  # noqa: E402
    CheckSettings,
    check_site,
    read_mkdocs_yml,
    settings_from_file,
)

# ----------------------------------------------------------------------------
# Command
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Check the site of a mkdocs.yml; print its problems; 1 when there are any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list notices")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    config_file = Path(args.config_file)
    try:
        settings = settings_from_file(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        print(f"{config_file}: cannot be read ({error}) — fix mkdocs.yml", file=sys.stderr)
        return 2
    problems = run(settings, config_file)
    errors = [problem for problem in problems if problem.severity == ERROR]
    notices = [problem for problem in problems if problem.severity != ERROR]
    for problem in errors:
        print(problem)
    if not args.quiet:
        for problem in notices:
            print(f"notice: {problem}")
    elapsed = time.perf_counter() - start
    print(
        f"make check: {len(errors)} problem(s), {len(notices)} notice(s) ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


def run(settings: CheckSettings, config_file: Path) -> list[Problem]:
    """Every problem and notice of the site, sorted by file and line."""
    index = DocsIndex.load(
        settings.docs_dir, settings.project_dir, settings.languages, settings.default_language
    )
    problems = set(check_site(index, settings).everything())
    for check in _hook_checks(config_file):
        problems.update(check(index, settings))
    return sorted(problems)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _hook_checks(config_file: Path) -> list:
    """`content_problems` of the other hooks in mkdocs.yml that define one."""
    checks = []
    for hook in read_mkdocs_yml(config_file).get("hooks") or []:
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
