"""Publish the site into `site/` so that no run, failed or stopped, leaves it half-written.

`make publish-dir` runs this script. Before building anything it refuses, one line per reason
and nothing touched, when:
- mkdocs.yml is invalid (reported as MkDocs reports it);
- `site/` cannot be replaced safely: a file, a symbolic link to nothing, a read-only folder
  or parent;
- an address of `extra.external_urls` that a page, a data file or a template links to is
  empty: customers would meet its text without a link, a dead end. The line names the setting
  and every place that links to it; `--allow-missing-addresses`
  (`make publish-dir ALLOW_MISSING=1`) publishes anyway, on purpose.

Then it runs `mkdocs build --strict` into a temporary folder beside the site folder (same file
system; when `site/` is a symbolic link, beside the folder it points at, and the link stays),
the release audit of that folder (scripts/audit_site.py), and only when both pass, the swap:
the new folder takes the site's name in one atomic exchange (`renameat2(RENAME_EXCHANGE)`,
Linux), then the previous copy is deleted. What the build does not produce is kept, as
`mkdocs build` keeps it: the entries whose name starts with "." (`.git`, `.nojekyll`,
`.htaccess`, `.well-known/`) and the files a host reads (`CNAME`, `_headers`, `_redirects`)
move into the new site first, unless the build wrote its own.

SIGINT and SIGTERM stop a run where it stands and remove its temporary folder; the swap runs
with both signals held (and a lock on the parent folder against a concurrent publish), so it
is never cut in half. A folder left by a run that was killed outright (SIGKILL) is removed by
the next run. Every temporary name is `.<site>-new-<pid>-…` or `.<site>-old-<pid>-…`.
"""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml
from audit_site import (
    ROOT,
    CommandError,
    Interrupted,
    audit_site,
    build_strict,
    load_mkdocs_config,
    print_report,
    processing,
    run_command,
    signals_held,
)
from mkdocs.config.defaults import MkDocsConfig

from helpcenter.content.docs_index import DocsIndex
from helpcenter.languages import site_languages
from helpcenter.problems import Problem
from helpcenter.wizard.build import TREE_FILE
from helpcenter.wizard.channels import PATHS as HELP_CENTER_PATHS
from helpcenter.wizard.channels import SETTING as HELP_CENTER_SETTING
from helpcenter.wizard.channels import site_addresses

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

# files of the site folder that a host reads and the build does not write
HOST_FILES = frozenset({"CNAME", "_headers", "_redirects"})

# an address used in a template: `config.extra.external_urls.help_center`, `…["help_center"]`
_TEMPLATE_ADDRESS = re.compile(r"""external_urls(?:\.|\[\s*["'])([A-Za-z0-9_-]+)|\bext:([\w-]+)""")

ALLOW_FLAG = "--allow-missing-addresses (make publish-dir ALLOW_MISSING=1)"

Builder = Callable[[Path, Path], subprocess.CompletedProcess[str]]


def temporary_prefix(target: Path, kind: str = "new") -> str:
    """How this run names a temporary folder beside `target`: `.site-new-<pid>-`."""
    return f".{target.name}-{kind}-{os.getpid()}-"


def leftover_pattern(target: Path) -> re.Pattern[str]:
    """The temporary folders of any run publishing into `target`; group 1 is its pid."""
    return re.compile(rf"\.{re.escape(target.name)}-(?:new|old)-(\d+)-.+")


# ----------------------------------------------------------------------------
# Checking before building
# ----------------------------------------------------------------------------


def publish_target(site_dir: Path) -> Path:
    """The folder to replace: `site_dir`, or the folder it links to.

    Raises CommandError (one line) when it cannot be replaced safely.
    """
    if site_dir.is_symlink():
        try:
            target = site_dir.resolve(strict=True)
        except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
            what = "does not exist" if isinstance(error, FileNotFoundError) else "leads nowhere"
            raise CommandError(
                f"{site_dir}: is a symbolic link to {os.readlink(site_dir)}, which {what} — "
                "point it at the folder to publish into (the web root), or remove it; nothing "
                "was built"
            ) from None
        if not target.is_dir():
            raise CommandError(
                f"{site_dir}: is a symbolic link to {target}, which is not a folder — point "
                "it at a folder, or remove it; nothing was built"
            )
    elif site_dir.exists() and not site_dir.is_dir():
        raise CommandError(
            f"{site_dir}: is a file, not a folder — move it away, or publish elsewhere with "
            "--site-dir; nothing was built"
        )
    else:
        target = site_dir
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not _writable(parent):
        raise CommandError(
            f"{parent}: is read-only, and the new site is built beside {target.name} — make "
            "it writable, or publish elsewhere with --site-dir; nothing was built"
        )
    for folder in _replaced_folders(target):
        if not _writable(folder):
            raise CommandError(
                f"{folder}: is read-only, so the previous site cannot be replaced — make it "
                f"writable (chmod -R u+w {target}), or publish elsewhere with --site-dir; "
                "nothing was built"
            )
    return target


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _replaced_folders(target: Path) -> Iterator[Path]:
    """The folders of the previous site that a publish empties (the kept entries aside)."""
    if not target.is_dir():
        return
    yield target
    for entry in os.scandir(target):
        if entry.is_dir(follow_symlinks=False) and not is_kept(entry.name):
            for folder, _dirs, _files in os.walk(entry.path):
                yield Path(folder)


def is_kept(name: str) -> bool:
    """Whether a top-level entry of the previous site survives a publish."""
    return name.startswith(".") or name in HOST_FILES


# ----------------------------------------------------------------------------
# Addresses the site links to
# ----------------------------------------------------------------------------


def missing_addresses(config: MkDocsConfig) -> list[Problem]:
    """One problem per `ext:` address that some place links to and that is empty in some
    language of the site (the Help Center's are derived from `extra.help_center_url`)."""
    config_file = Path(config.config_file_path)
    languages = site_languages(config)
    addresses = [site_addresses(config.extra, language) for language in languages]
    uses = address_uses(config, config_file.parent)
    empty = [key for key in sorted(uses) if any(urls.get(key) == "" for urls in addresses)]
    lines = _setting_lines(config_file, ("extra", "external_urls"))
    base_line = _setting_lines(config_file, ("extra",)).get(HELP_CENTER_SETTING, 0)
    problems = []
    for key in empty:
        places = uses[key]
        listed = "; ".join(
            f"{place}:{','.join(map(str, sorted(set(numbers))))}{note}"
            for (place, note), numbers in sorted(places.items())
        )
        settings = f"extra.external_urls.{key}"
        if key in HELP_CENTER_PATHS:
            settings = f"extra.{HELP_CENTER_SETTING} (or {settings})"
        problems.append(
            Problem(
                config_file.name,
                base_line if key in HELP_CENTER_PATHS else lines.get(key, 0),
                f"ext:{key} has no address: {settings} is empty, and {len(places)} file(s) "
                f"link to it, shown to customers as text without a link (a dead end): {listed}",
                f"set {settings.split(' ')[0]} to the address Multivende confirms, or publish "
                f"anyway with {ALLOW_FLAG}",
            )
        )
    return problems


def address_uses(
    config: MkDocsConfig, project: Path
) -> dict[str, dict[tuple[str, str], list[int]]]:
    """Where each `ext:` key is linked: {key: {(file, note): [lines]}}.

    Places are the Markdown pages (`[text](ext:key)`), the contact wizard's data (every value
    `ext:key` of data/contact-tree.yml) and the templates of `overrides/`.
    """
    uses: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    languages = site_languages(config)
    index = DocsIndex.load(Path(config.docs_dir), project, languages, languages[0])
    for page in index.all_pages():
        for link in page.links:
            target = link.target.strip()
            if target.startswith("ext:"):
                uses[target[4:]][(page.display_path, "")].append(link.line)
    tree_file = project / TREE_FILE
    if tree_file.is_file():
        with processing(tree_file):
            page, found = _data_links(tree_file)
        note = f" (shown on docs/{page})" if page else ""
        for key, line in found:
            uses[key][(TREE_FILE, note)].append(line)
    custom_dir = config.theme.custom_dir
    templates = Path(custom_dir) if custom_dir else project / "overrides"
    for file in sorted(templates.rglob("*.html")) if templates.is_dir() else []:
        shown = _shown(file, project)
        text = file.read_text(encoding="utf-8", errors="replace")
        for match in _TEMPLATE_ADDRESS.finditer(text):
            key = match.group(1) or match.group(2)
            uses[key][(shown, "")].append(text.count("\n", 0, match.start()) + 1)
    return uses


def _data_links(file: Path) -> tuple[str | None, list[tuple[str, int]]]:
    """A data file's `ext:<key>` values with their lines, and the page it is shown on (its
    top-level `page:`, as the contact tree has). An unreadable file gives nothing: the build
    reports it."""
    try:
        root = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None, []
    found, page, stack = [], None, [root] if root is not None else []
    if isinstance(root, yaml.MappingNode):
        page = next(
            (v.value for k, v in root.value if k.value == "page" and isinstance(v.value, str)),
            None,
        )
    while stack:  # iterative: any depth
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            value = node.value.strip()
            if value.startswith("ext:"):
                found.append((value[4:], node.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _key, value in node.value)
    return page, found


def _setting_lines(config_file: Path, section: tuple[str, ...]) -> dict[str, int]:
    """The line of each key of a mapping of mkdocs.yml (`extra` › `external_urls`)."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    for name in section:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((value for key, value in node.value if key.value == name), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _value in node.value}


def _shown(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


# ----------------------------------------------------------------------------
# Swapping
# ----------------------------------------------------------------------------


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic rename (Linux); False when unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def swap_in(new_dir: Path, site_dir: Path) -> Path | None:
    """Give `new_dir` the name `site_dir`, with the previous site's kept entries moved in.

    Returns where the previous site now is (for the caller to delete), None when there was
    none. On an error the previous site is left as it was, its kept entries back in place.
    """
    if not site_dir.exists():
        new_dir.rename(site_dir)
        return None
    moved = []
    try:
        for name in sorted(os.listdir(site_dir)):
            if is_kept(name) and not os.path.lexists(new_dir / name):
                os.rename(site_dir / name, new_dir / name)
                moved.append(name)
        if exchange(new_dir, site_dir):
            return new_dir
        old_dir = new_dir.with_name(new_dir.name.replace("-new-", "-old-", 1))
        site_dir.rename(old_dir)  # no atomic exchange here: two renames
        try:
            new_dir.rename(site_dir)
        except OSError:
            old_dir.rename(site_dir)
            raise
    except OSError:
        for name in moved:
            os.rename(new_dir / name, site_dir / name)
        raise
    return old_dir


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder (flock on the folder itself: no file is left)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def remove_leftovers(target: Path) -> None:
    """Delete the temporary folders of earlier runs whose process is gone (killed)."""
    pattern = leftover_pattern(target)
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not process_alive(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ----------------------------------------------------------------------------
# Publishing
# ----------------------------------------------------------------------------


@dataclass
class _Run:
    """What one publish has made so far, for its cleanup and its last line."""

    site_dir: Path
    temporary: list[Path]
    published: bool = False

    def clean(self) -> None:
        """Delete this run's temporary folders, signals held so that it finishes."""
        with signals_held():
            for folder in self.temporary:
                if folder.exists():
                    shutil.rmtree(folder)

    def outcome(self) -> str:
        state = "was published" if self.published else "is unchanged"
        left = [str(folder) for folder in self.temporary if folder.exists()]
        leftovers = f"; left behind: {', '.join(left)}" if left else "; no temporary folder left"
        return f"{self.site_dir} {state}{leftovers}"


def publish(
    config_file: Path,
    site_dir: Path,
    site_url: str | None = None,
    build: Builder = build_strict,
    out: TextIO | None = None,
) -> int:
    """Build, audit and swap in; 0 on success, 1 when `site_dir` was left untouched.

    Raises CommandError when `site_dir` cannot be replaced safely (before building).
    """
    out = out or sys.stdout
    site_dir = site_dir.absolute()
    target = publish_target(site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    run = _Run(site_dir, [])
    try:
        try:
            return _build_and_swap(run, config_file, target, site_url, build, out)
        finally:
            run.clean()
    except Interrupted as stop:
        stop.outcome = run.outcome()
        raise


def _build_and_swap(
    run: _Run, config_file: Path, target: Path, site_url: str | None, build: Builder, out: TextIO
) -> int:
    with signals_held():
        staging = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
        run.temporary.append(staging)
    # mkdtemp makes it private; the web server must read the site
    staging.chmod(stat.S_IMODE(target.stat().st_mode) if target.is_dir() else 0o755)
    print(f"mkdocs build --strict -f {config_file} into {staging}", file=out, flush=True)
    result = build(config_file, staging)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=out)
        print(
            f"{config_file}: mkdocs build --strict failed — {run.site_dir} is unchanged", file=out
        )
        return 1
    started = time.perf_counter()
    report = audit_site(staging, site_url)
    print_report(report, time.perf_counter() - started, out=out)
    if not report.ok:
        print(f"{run.site_dir} is unchanged — fix the problems above and publish again", file=out)
        return 1
    with signals_held(), locked(target.parent), processing(target):
        previous = swap_in(staging, target)
        run.published = True
        run.temporary = [previous] if previous else []
    where = f" (into {target}, where the link points)" if target != run.site_dir else ""
    print(f"published {run.site_dir}{where}", file=out, flush=True)
    return 0


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("-d", "--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument(
        "--allow-missing-addresses",
        action="store_true",
        help="publish even while an address the site links to is empty (its links are text)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the traceback of an unexpected error"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    return run_command(lambda: _publish_command(args), args.config_file, args.verbose)


def _publish_command(args: argparse.Namespace) -> int:
    """Refuse (every reason at once) or publish."""
    config = load_mkdocs_config(args.config_file)
    reasons = []
    try:
        publish_target(args.site_dir.absolute())
    except CommandError as error:
        reasons.append(str(error))
    if not args.allow_missing_addresses:
        with processing(args.config_file):
            addresses = missing_addresses(config)
        reasons += [str(problem) for problem in addresses]
        if addresses:
            reasons.append(
                f"publish refused: {len(addresses)} address(es) the site links to are empty — "
                f"{args.site_dir} is unchanged; fill them in, or run with {ALLOW_FLAG}"
            )
    if reasons:
        for reason in reasons[:-1]:
            print(reason, file=sys.stderr)
        raise CommandError(reasons[-1])
    return publish(args.config_file, args.site_dir, config.site_url or None)


if __name__ == "__main__":
    sys.exit(main())
