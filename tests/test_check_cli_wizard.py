"""`make check` covers the wizard too: the tree's links and the page markers, without a build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, fixture_config, run_build

WIZARD_PAGE = "contacto/con-que-equipo-debo-contactar.md"


def make_project(tmp_path: Path, tree: str, pages: dict[str, str]) -> Path:
    """A project with the real docs, `pages` written on top and `tree` as the contact tree."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data")
    (project / "data" / "contact-tree.yml").write_text(tree, encoding="utf-8")
    for name, text in pages.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(fixture_config(project)), encoding="utf-8")
    return config_file


def run_check(config_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "check_content.py"),
            "-q",
            "--no-cache",
            "-f",
            str(config_file),
        ],
        capture_output=True,
        text=True,
        cwd=config_file.parent,
        timeout=120,
    )


REAL_TREE = (ROOT / "data" / "contact-tree.yml").read_text(encoding="utf-8")
ARTICLE = "contacto/como-contactar-al-equipo-comercial.md"


@pytest.mark.parametrize(
    # what is broken, tree text, pages written on top, expected start of the one problem line
    ("case", "tree", "pages", "expected"),
    [
        (
            "tree links a missing page",
            REAL_TREE.replace(ARTICLE, "contacto/no-existe.md", 1),
            {},
            "data/contact-tree.yml:",
        ),
        (
            "dangling next: reported at its line with the nearest id",
            REAL_TREE.replace("next: equipo-api", "next: equipo-apy", 1),
            {},
            "data/contact-tree.yml:{next_line}: question `requisitos-api`, option `si` leads to "
            "`equipo-apy`, which is neither a question nor an outcome — did you mean `equipo-api`?",
        ),
        (
            "marker on another page",
            REAL_TREE,
            {
                ARTICLE: (ROOT / "docs" / ARTICLE).read_text()
                + "\n<!-- hooks/contact_wizard.py -->\n"
            },
            f"docs/{ARTICLE}:",
        ),
        (
            "unknown marker",
            REAL_TREE,
            {
                ARTICLE: (ROOT / "docs" / ARTICLE).read_text()
                + "\n<!-- hooks/contact_wizzard.py -->\n"
            },
            f"docs/{ARTICLE}:",
        ),
    ],
)
def test_make_check_reports_wizard_problems(
    tmp_path: Path, case: str, tree: str, pages: dict[str, str], expected: str
) -> None:
    result = run_check(make_project(tmp_path, tree, pages))
    lines = [line for line in result.stdout.splitlines() if not line.startswith("make check:")]
    lines = [line for line in lines if not line.startswith("notice:")]
    next_line = next((n for n, row in enumerate(tree.splitlines(), 1) if "equipo-apy" in row), 0)
    expected = expected.replace("{next_line}", str(next_line))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    # the unreachable outcome the dangling next: leaves behind is a consequence: allowed
    lines = [line for line in lines if "cannot be reached" not in line or "apy" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected)
    assert " — " in lines[0]


def test_make_check_passes_on_the_real_tree(tmp_path: Path) -> None:
    result = run_check(make_project(tmp_path, REAL_TREE, {}))
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_check_reads_the_config_file_it_is_given(tmp_path: Path) -> None:
    """`-f site.yml`: the wizard's checks read that file's `extra` and `hooks`, not mkdocs.yml."""
    config_file = make_project(tmp_path, REAL_TREE, {})
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["extra"]["help_center_url"] = "https://ayuda.example.test"
    other = config_file.with_name("site.yml")
    other.write_text(yaml.safe_dump(config), encoding="utf-8")
    config_file.unlink()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "check_content.py"),
            "--no-cache",
            "-f",
            str(other),
        ],
        capture_output=True,
        text=True,
        cwd=other.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "help_center_url" not in result.stdout  # the address is set in site.yml


def test_a_wizard_path_that_is_no_page_fails_make_check_and_the_build(tmp_path: Path) -> None:
    """A typo in data/help-center.yml's `wizard:` would drop «¿Necesitas más ayuda?» from every
    article: an error at its line, with the wizard page to write, in both."""
    config_file = make_project(tmp_path, REAL_TREE, {})
    data = config_file.parent / "data" / "help-center.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace(f"wizard: {WIZARD_PAGE}", "wizard: contacto/asistente.md"), "utf-8"
    )
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("wizard:"))
    expected = (
        f"data/help-center.yml:{line}: wizard: «contacto/asistente.md» is not a page of the "
        "site; the «Need more help?» link is left out of every article — did you mean "
        f"«{WIZARD_PAGE}»?"
    )
    checked = run_check(config_file)
    assert checked.returncode == 1 and expected in checked.stdout.splitlines(), checked.stdout
    built = run_build(config_file, tmp_path / "site")
    assert not built.ok and built.warnings() == [expected], built.log
