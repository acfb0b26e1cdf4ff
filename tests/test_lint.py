"""The Python code stays as `make lint` wants it: ruff's rules and format (pyproject.toml)."""

from __future__ import annotations

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
