"""data/content-rules.yml: a mistake in it never switches a rule off in silence.

Each case changes the real rules file (and the article) of the tiny site of
tests/test_content_checks.py; `make check` and `mkdocs build --strict` must both say
exactly its one problem, at the line of the key concerned, and never a traceback. The
article breaks the rule the mistake concerns: while the rule cannot judge articles, the
rules file's problem is the one reported, and the build still fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import ROOT, run_build
from test_content_checks import GUIDE, Case, article_en, article_es, run_check, write_site

R = "data/content-rules.yml"
RULES = (ROOT / R).read_text(encoding="utf-8")
G = GUIDE.split("/")[1]  # the guide, relative to contacto/
ESCALAR = {"contacto/x.md": article_es("Puedes escalar tu consulta.")}
OFF = "the escalation rule is off"


def rules(*changes: tuple[str, str]) -> str:
    """The real rules file with some changes (each must apply)."""
    text = RULES
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


class RulesCase(NamedTuple):
    """A changed rules file, the changed articles, and the one problem both report."""

    id: str
    rules: str
    files: dict[str, str]
    problem: str


# columns: id, the rules file, the articles that change, the one problem of both
CASES = [
    RulesCase(
        "stems-misspelt",
        rules(("  stems:", "  stem:")),
        ESCALAR,
        f"{R}:16: unknown key 'stem' in 'escalation': without 'stems' {OFF} — did you mean "
        "'stems'?",
    ),
    RulesCase(
        "escalation-misspelt",
        rules(("\nescalation:", "\nescalacion:")),
        ESCALAR,
        f"{R}:6: unknown key 'escalacion': without 'escalation' {OFF} — did you mean 'escalation'?",
    ),
    RulesCase(
        "no-spanish-stems",
        rules(("    es: [escal]", "    es: []")),
        ESCALAR,
        f"{R}:17: 'escalation.stems' has no stem for 'es': {OFF} for its pages — list under "
        "stems: the start of each word that means escalation, es: [stem, …]",
    ),
    RulesCase(
        "no-english-stems",
        rules(("    en: [escalat]\n", "")),
        {"contacto/x.en.md": article_en("You can escalate your request.")},
        f"{R}:16: 'escalation.stems' has no stem for 'en': {OFF} for its pages — list under "
        "stems: the start of each word that means escalation, en: [stem, …]",
    ),
    RulesCase(
        "placeholders-misspelt",
        rules(("placeholder_link_texts:", "placeholder_link_text:")),
        {
            "contacto/x.md": article_es(f"Lee [aquí]({G})."),
            "contacto/x.en.md": article_en(f"Read [here]({G})."),
        },
        f"{R}:26: unknown key 'placeholder_link_text': without 'placeholder_link_texts' the "
        "check of link texts such as 'aquí' is off — did you mean 'placeholder_link_texts'?",
    ),
    RulesCase(
        "guide-missing",
        rules((f"  guide: {GUIDE}\n", "")),
        ESCALAR,
        f"{R}:6: 'escalation.guide' is missing: {OFF} — add guide: with the path under docs/ "
        "of the account-ID guide's page",
    ),
    RulesCase(
        "guide-is-not-a-page",
        rules((f"guide: {GUIDE}", "guide: contacto/x")),
        ESCALAR,
        f"{R}:8: 'escalation.guide' must be a page path under docs/ ending in .md — see the "
        "comments at the top of the file",
    ),
    RulesCase(
        "guide-does-not-exist",
        rules((f"guide: {GUIDE}", "guide: contacto/como-obtener-el-numero-identificador.md")),
        ESCALAR,
        f"{R}:8: the guide 'contacto/como-obtener-el-numero-identificador.md' does not exist "
        f"under docs/: {OFF} for the 3 pages that mention escalation — did you mean '{GUIDE}'?",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_mistake_in_the_rules_file_is_one_problem_at_its_line(
    case: RulesCase, tmp_path: Path
) -> None:
    config_file = write_site(tmp_path, Case(case.id, case.files, None, data={R[5:]: case.rules}))
    assert _check_and_build(config_file) == ([case.problem], [case.problem])


def test_every_mistake_of_the_rules_file_at_once(tmp_path: Path) -> None:
    """Three mistakes, three problems, each at its own line, in both."""
    text = rules(
        ("  stems:", "  stem:"),
        (f"guide: {GUIDE}", "guide: contacto/x"),
        ("placeholder_link_texts:", "placeholder_link_text:"),
    )
    config_file = write_site(tmp_path, Case("all", ESCALAR, None, data={R[5:]: text}))
    checked, built = _check_and_build(config_file)
    assert [line.split(" ", 1)[0] for line in checked] == [f"{R}:8:", f"{R}:16:", f"{R}:26:"]
    assert built == checked


def test_an_empty_rules_file_says_both_rules_are_off(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, Case("empty", ESCALAR, None, data={R[5:]: "# nada\n"}))
    checked, built = _check_and_build(config_file)
    assert checked == [
        f"{R}:1: has no 'escalation': {OFF} — add escalation: with guide: (the account-ID "
        "guide's page) and stems: (per language)",
        f"{R}:1: has no 'placeholder_link_texts': the check of link texts such as 'aquí' is off "
        "— add placeholder_link_texts: with the link texts that do not say where a link goes",
    ]
    assert built == checked


def _check_and_build(config_file: Path) -> tuple[list[str], list[str]]:
    """`make check`'s problems and the strict build's warnings; both fail, no traceback."""
    checked = run_check(config_file)
    built = run_build(config_file, config_file.parent / "site")
    assert "Traceback" not in checked.stdout + checked.stderr + built.log
    errors = [line for line in checked.stdout.splitlines() if not line.startswith("notice: ")]
    assert checked.returncode == (1 if errors else 0), checked.stderr
    assert built.ok == (not built.warnings()), built.log
    return errors, built.warnings()
