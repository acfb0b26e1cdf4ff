"""Wizard problems that must never reach customers: a `{…}` placeholder the page does not fill
in, and a `page:` that is no page. `make check` and `mkdocs build --strict` report each the
same, at its line of data/contact-tree.yml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, BuiltSite, fixture_config, mkdocs_env, run_build

from helpcenter.wizard import tree as wizard_tree

TREE_FILE = "data/contact-tree.yml"
REAL_TREE = (ROOT / TREE_FILE).read_text(encoding="utf-8")
WIZARD_PAGE = "contacto/con-que-equipo-debo-contactar.md"
MARKER = "<!-- hooks/contact_wizard.py -->"
ALIKE = "each at most once, and in every language alike"
LINK = f"placeholders here: `{{link}}` (where its link goes); {ALIKE}"
PROGRESS = (
    "placeholders here: `{n}` (the question's number), `{total}` (the most questions it may "
    f"take); {ALIKE}"
)


def make_project(tmp_path: Path, tree: str, removed: tuple[str, ...] = ()) -> Path:
    """A copy of the real docs and data with `tree` as the contact tree, `removed` pages
    deleted; its mkdocs.yml."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data")
    (project / TREE_FILE).write_text(tree, encoding="utf-8")
    for page in removed:
        (project / "docs" / page).unlink()
    config_file = project / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(fixture_config(project)), encoding="utf-8")
    return config_file


def check_lines(config_file: Path) -> list[str]:
    """The problems `make check` prints (no notices, no summary); no traceback."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "-q", "--no-cache"]
        + ["-f", str(config_file)],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        cwd=config_file.parent,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = [
        line
        for line in result.stdout.splitlines()
        if not line.startswith(("notice:", "make check:"))
    ]
    assert result.returncode == (1 if lines else 0), result.stdout + result.stderr
    return lines


def build(config_file: Path) -> BuiltSite:
    """The strict build of a project; no traceback."""
    built = run_build(config_file, config_file.parent / "site")
    assert "Traceback" not in built.log, built.log
    return built


def line_of(text: str, words: str) -> int:
    """The line of the tree where `words` first appear."""
    return next(number for number, row in enumerate(text.splitlines(), 1) if words in row)


# ----------------------------------------------------------------------------
# Placeholders
# ----------------------------------------------------------------------------

# columns: case id, text of the real tree, its replacement (unique in the tree: the problem is
# at its line), the expected problem after `file:line: `
PLACEHOLDER_CASES = [
    (
        "misspelt-link-in-a-channel",
        "es: Luego elige la opción {link}.",
        "es: Luego elige la opción {lnik}.",
        "team `mesa-de-ayuda`, channel 2: the es text has `{lnik}`, which the page does not "
        f"fill in, and lacks `{{link}}`, which the en text has — {LINK}; did you mean "
        "`{link}`?",
    ),
    (
        "misspelt-n-in-the-progress-label",
        "es: Pregunta {n} de {total} como máximo",
        "es: Pregunta {num} de {total} como máximo",
        "label `progress`: the es text has `{num}`, which the page does not fill in, and "
        f"lacks `{{n}}`, which the en text has — {PROGRESS}; did you mean `{{n}}`?",
    ),
    (
        "english-too",
        "en: Question {n} of at most {total}",
        "en: Question {n} of at most {totl}",
        "label `progress`: the en text has `{totl}`, which the page does not fill in, and "
        f"lacks `{{total}}`, which the es text has — {PROGRESS}; did you mean `{{total}}`?",
    ),
    (
        "spaces-inside-the-braces",
        "under the option {link}.",
        "under the option { link }.",
        "team `api`, channel 2: the en text has `{ link }`, which the page does not "
        f"fill in, and lacks `{{link}}`, which the es text has — {LINK}; did you mean "
        "`{link}`?",
    ),
    (
        "twice",
        "es: Haz seguimiento de tu ticket en {link}, en el portal de tickets del Help Center.",
        "es: Haz seguimiento de tu ticket en {link}, en el portal {link}.",
        f"team `api`, `then` item 1: the es text has `{{link}}` more than once — {LINK}",
    ),
    (
        "link-in-a-text-without-a-link",
        "es: 'Envía un correo electrónico a:'",
        "es: 'Envía un correo electrónico a {link}:'",
        "team `comercial`, channel 1: the es text has `{link}`, which the page does not fill "
        "in — `{link}` is filled in only in a text with a `link:`: add one, or remove `{link}`",
    ),
    (
        "placeholder-in-a-question",
        "es: ¿Eres desarrollador?",
        "es: ¿Eres {rol}?",
        "question `desarrollador`: the es text has `{rol}`, which the page does not fill in — "
        "no placeholder is filled in here: write the text without `{…}`",
    ),
    (
        "left-out-in-one-language",
        "es: 'Número de ticket: {ticket}'",
        "es: 'Número de ticket encontrado'",
        "label `ticket_found`: the es text lacks `{ticket}`, which the en text has — "
        f"placeholders here: `{{ticket}}` (the ticket number); {ALIKE}",
    ),
    (
        "misspelt-address",
        "en: Open the escalation e-mail to {address}",
        "en: Open the escalation e-mail to {adress}",
        "label `send_escalation`: the en text has `{adress}`, which the page does not fill in, "
        "and lacks `{address}`, which the es text has — placeholders here: `{address}` (the "
        f"e-mail address); {ALIKE}; did you mean `{{address}}`?",
    ),
]


def _bad_tree(cases: list[tuple[str, str, str, str]]) -> tuple[str, list[str]]:
    """The real tree with every case's change, and the problems expected, in line order."""
    tree = REAL_TREE
    for _, old, new, _ in cases:
        assert tree.count(old) == 1, old
        tree = tree.replace(old, new)
    expected = [f"{TREE_FILE}:{line_of(tree, new)}: {problem}" for _, _, new, problem in cases]
    return tree, sorted(expected, key=lambda line: int(line.split(":")[1]))


@pytest.mark.parametrize("case", PLACEHOLDER_CASES, ids=[case[0] for case in PLACEHOLDER_CASES])
def test_a_placeholder_the_page_does_not_fill_in_is_a_problem_at_its_line(case):
    tree, expected = _bad_tree([case])
    parsed, problems = wizard_tree.parse(wizard_tree.read_yaml(tree, TREE_FILE), TREE_FILE)
    assert parsed is not None and not problems
    found = wizard_tree.validate(parsed, ("es", "en"), ("multivende.com",))
    assert [str(problem) for problem in found] == expected


def test_the_real_tree_fills_in_every_placeholder_it_has():
    parsed, problems = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
    assert parsed is not None and not problems
    assert wizard_tree.check_placeholders(parsed) == []
    written = [w for t in wizard_tree.texts(parsed) for w in t.values.values() if "{" in w]
    assert len(written) >= 10  # the check above had placeholders to read


def test_make_check_and_the_build_report_the_same_placeholders(tmp_path: Path) -> None:
    tree, expected = _bad_tree(PLACEHOLDER_CASES)
    config_file = make_project(tmp_path, tree)
    assert check_lines(config_file) == expected
    built = build(config_file)
    assert not built.ok and built.warnings() == expected, built.log


def test_a_text_missing_a_language_in_form_fields_is_a_problem_not_a_traceback(tmp_path):
    old = "      en: 'Asunto (Subject): say briefly what the main problem of your request is.'\n"
    assert REAL_TREE.count(old) == 1
    tree = REAL_TREE.replace(old, "")
    line = line_of(tree, "es: 'Asunto: indica")
    expected = [
        f"{TREE_FILE}:{line - 1}: `form_fields`, `form_fields` item 1: no en text — add `en:` "
        "beside the other languages"
    ]
    config_file = make_project(tmp_path, tree)
    assert check_lines(config_file) == expected
    built = build(config_file)
    assert not built.ok and built.warnings() == expected, built.log
