"""Publish the site into `site/` so that a failed build never leaves a half-written folder.

`make publish-dir` runs this script: `mkdocs build --strict` into a temporary folder beside
`site/` (same file system), the release audit of that folder (scripts/audit_site.py), and only
when both pass, a swap: the new folder takes the name `site/` with one rename (an atomic
exchange where the kernel offers it, `renameat2(RENAME_EXCHANGE)`), then the old copy is
deleted. On any failure `site/` is left exactly as it was and the temporary folder is removed.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from audit_site import ROOT, audit_site, build_strict, configured_site_url, print_report

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

Builder = Callable[[Path, Path], subprocess.CompletedProcess[str]]

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


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Give `new_dir` the name `site_dir`; the previous `site_dir` is deleted afterwards."""
    if not site_dir.exists():
        new_dir.rename(site_dir)
        return
    if exchange(new_dir, site_dir):
        shutil.rmtree(new_dir)  # it now holds the previous site
        return
    old_dir = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    site_dir.rename(old_dir)
    new_dir.rename(site_dir)
    shutil.rmtree(old_dir)


# ----------------------------------------------------------------------------
# Publishing
# ----------------------------------------------------------------------------


def publish(
    config_file: Path,
    site_dir: Path,
    site_url: str | None = None,
    build: Builder = build_strict,
    out: TextIO | None = None,
) -> int:
    """Build, audit and swap in; 0 on success, 1 when `site_dir` was left untouched."""
    out = out or sys.stdout
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server must read the site
    try:
        result = build(config_file, staging)
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=out)
            print(
                f"{config_file}: mkdocs build --strict failed — {site_dir} is unchanged", file=out
            )
            return 1
        started = time.perf_counter()
        report = audit_site(staging, site_url)
        print_report(report, time.perf_counter() - started, out=out)
        if not report.ok:
            print(f"{site_dir} is unchanged — fix the problems above and publish again", file=out)
            return 1
        swap_in(staging, site_dir)
        print(f"published {site_dir}", file=out)
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("-d", "--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(list(argv) if argv is not None else None)
    return publish(args.config_file, args.site_dir, configured_site_url(args.config_file))


if __name__ == "__main__":
    sys.exit(main())
