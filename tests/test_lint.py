"""The code stays as `make lint` wants it (ruff's rules and format, pyproject.toml), and the
paths its docstrings and the developers' docs name exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")  # pinned in requirements.txt, in the same venv
FOLDERS = ("helpcenter", "hooks", "scripts", "tests")


@pytest.mark.parametrize("command", [("check",), ("format", "--check")], ids=["rules", "format"])
def test_ruff_is_clean(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [str(RUFF), *command, *FOLDERS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A project path as docstrings, comments and docs write it: hooks/search_index.py,
# helpcenter/search/engine.py, scripts/bench.py, overrides/partials/help-center/related.html.
NAMED_PATH = re.compile(
    r"(?<![\w/.-])(?:helpcenter|hooks|scripts|overrides)(?:/[\w.-]+)*/[\w-]+\.(?:py|html|js|css|sh)\b"
)
# Where the names must be true today (tests/ writes made-up paths on purpose; BENCHMARKS.md is
# a history of earlier layouts).
DESCRIBED = ("helpcenter", "hooks", "scripts", "overrides", "data")
DOCS = ("README.md", "DEVELOPERS.md", "mkdocs.yml", "Makefile", ".ci/run")


def test_paths_named_in_the_code_and_docs_exist() -> None:
    """A file moved or renamed leaves no docstring, comment or doc pointing at its old place."""
    files = [ROOT / name for name in DOCS] + [
        path
        for folder in DESCRIBED
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
        and path.suffix in {".py", ".html", ".xml", ".js", ".css", ".yml", ".md", ".sh"}
    ]
    missing = [
        f"{path.relative_to(ROOT)}:{number}: {name}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for name in NAMED_PATH.findall(line)
        if not (ROOT / name).exists() and not (ROOT / "overrides" / name).exists()  # templates
    ]
    assert len(files) > 50
    assert not missing, "paths that do not exist:\n" + "\n".join(missing)
