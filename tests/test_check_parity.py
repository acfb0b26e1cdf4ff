"""`make check` and `mkdocs build --strict` agree: the same problems, file, line and words.

Every bad input of tests/test_content_checks.py, and those of this module (names,
symlinks, data files, what the parser must not let through), is written as a tiny
site and run through both: `make check`'s CLI (scripts/check_content.py) and the
real strict build. `make check` prints exactly the case's one problem and exits 1;
the build fails with exactly that line as its one warning, except for the links
MkDocs' own `validation:` reports (then MkDocs' message, and none of ours). No
traceback in either. Cases that should pass, pass both.

The cases that change only the article (`contacto/x.md`, `x.en.md`) run side by side in one
site, each as `contacto/<case id>.md`: each file must get its case's line and no other. The
cases that add files of their own (names, links, empty pages) share sites too, as many as
their files allow; a case that changes the base site's files or a data file gets a site alone.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import BuiltSite, run_build
from test_content_checks import (
    BASE,
    SAME,
    Case,
    G,
    X,
    article_en,
    article_es,
    run_check,
    write_site,
)
from test_content_checks import CASES as CONTENT_CASES

NOT_TRANSLATED = (
    "docs/contacto/{0}.md: has no English translation yet (docs/contacto/{0}.en.md); the "
    "English site shows it in Spanish — translate it into docs/contacto/{0}.en.md when you can"
)

# columns: id, the files that change, `make check`'s one problem, the build's one warning
CASES = [
    Case(
        "unknown-marker",
        {"contacto/x.md": article_es("<!-- hooks/docs_index.py -->")},
        f"{X}:12: unknown marker `<!-- hooks/docs_index.py -->` — markers name a hook of "
        "mkdocs.yml `hooks:`; the wizard's is `<!-- hooks/contact_wizard.py -->`",
    ),
    # -- names under docs/ --------------------------------------------------------------------
    Case(
        "accented-uppercase-file-name",
        {"contacto/Cómo-Pagar.md": article_es(title="Cómo pagar")},
        "docs/contacto/Cómo-Pagar.md: file name 'Cómo-Pagar.md' is not lowercase ASCII "
        "kebab-case (it becomes part of the page's address) — rename it to 'como-pagar.md'",
        notices=[NOT_TRANSLATED.format("Cómo-Pagar")],
    ),
    Case(
        "uppercase-folder-name",
        {"Ayuda/y.md": article_es(title="Ayuda")},
        "docs/Ayuda: folder name 'Ayuda' is not lowercase ASCII kebab-case (it becomes part "
        "of the page's address) — rename it to 'ayuda'",
    ),
    Case(
        "names-differ-only-in-case",
        {"contacto/X.md": article_es()},
        f"docs/contacto/X.md: differs from {X} only in upper and lower case: on Windows, "
        "macOS and many web hosts they are the same file — merge the two files, or rename one "
        "of them",
    ),
    Case(
        "language-not-built",
        {"contacto/x.fr.md": article_en()},
        "docs/contacto/x.fr.md: '.fr.md' names a language the site does not build (es, en): "
        "the page is not published — rename it to x.md (Spanish) or x.en.md, or add 'fr' to "
        "the i18n languages in mkdocs.yml",
    ),
    Case(
        "default-language-suffix",
        {"contacto/x.es.md": article_es()},
        "docs/contacto/x.es.md: '.es.md' names the default language: a page in it has no "
        "suffix — merge it into x.md",
    ),
    # -- symbolic links: never followed out of docs/ ----------------------------------------
    Case(
        "link-to-a-file-outside-docs",
        {},
        "docs/assets/usuarios.txt: is a symbolic link to /etc/passwd, outside docs/: it would "
        "publish a file from outside the project — delete the link and copy what the site "
        "needs into docs/",
        symlinks={"assets/usuarios.txt": "/etc/passwd"},
    ),
    Case(
        "page-linked-from-outside-docs",
        {},
        "docs/contacto/fuera.md: is a symbolic link to ../../fuera.md, outside docs/: it would "
        "publish a file from outside the project — delete the link and copy what the site "
        "needs into docs/",
        symlinks={"contacto/fuera.md": "../../fuera.md"},
    ),
    Case(
        "folder-link-loop",
        {},
        "docs/contacto/bucle: is a symbolic link that leads back to itself (a loop) — delete "
        "the link; put the file itself under docs/",
        symlinks={"contacto/bucle": "."},
    ),
    # -- what the parser must not let through ----------------------------------------------
    Case(
        "unclosed-fence",
        {"contacto/x.md": article_es() + "\n```\nsin cerrar\n"},
        f"{X}:18: code block opened with ``` is never closed — add a line with ``` where the "
        "code ends",
    ),
    Case(
        "control-character",
        {"contacto/x.md": article_es("Texto\x00 con NUL.")},
        f"{X}:12: contains the invisible control character U+0000 — delete it (retype the "
        "text around it); a copy from another program may have brought it",
    ),
    Case(
        "duplicate-heading-id",
        {"contacto/dup.md": article_es("## Repetido {#paso-2}")},
        "docs/contacto/dup.md:14: heading id '#paso-2' is used twice (also on line 12) — give "
        "each heading its own id: change one of the {#…}",
        notices=[NOT_TRANSLATED.format("dup")],
    ),
    Case(
        "soft-hyphen-in-escalar",
        {"contacto/x.md": article_es("Puedes esca\u00adlar tu solicitud.")},
        f"{X}:12: mentions escalation ('escalar') but does not link to the account-ID guide — "
        "add a link to the account-ID guide: [Cómo obtener el número identificador de tu "
        f"cuenta]({G})",
    ),
    Case(
        "zero-width-space-in-escalar",
        {"contacto/x.md": article_es("Puedes e\u200bscalar tu solicitud.")},
        f"{X}:12: mentions escalation ('escalar') but does not link to the account-ID guide — "
        "add a link to the account-ID guide: [Cómo obtener el número identificador de tu "
        f"cuenta]({G})",
    ),
    # -- front matter read as MkDocs reads it ------------------------------------------------
    Case(
        "tab-indented-front-matter",
        {"contacto/x.md": article_es(front="related:\n\t- contacto/x.md\n")},
        f"{X}:5: front matter is indented with a tab: MkDocs would drop the whole front matter "
        "— indent with spaces, never tabs",
    ),
    Case(
        "duplicate-front-matter-key",
        {"contacto/x.md": article_es(front="title: Otro\n")},
        f"{X}:4: front matter has 'title' twice (also on line 2); YAML keeps only the last one "
        "— keep one 'title:' line",
    ),
    # -- every data file the build reads --------------------------------------------------
    Case(
        "malformed-synonyms",
        {},
        "data/synonyms.yml:2: not valid YAML: expected ',' or ']', but got '<stream end>' — "
        "see the comment at the top of data/synonyms.yml for the expected shape",
        data={"synonyms.yml": "es:\n  - [pago, pagar\n"},
    ),
    Case(
        "malformed-help-center",
        {},
        "data/help-center.yml:2: not valid YAML: expected the node content, but found "
        "'<stream end>' — fix the indentation or quoting",
        data={"help-center.yml": "text: [\n"},
    ),
    Case(
        "malformed-search-texts",
        {},
        "data/search.yml:2: not valid YAML: expected the node content, but found '<stream end>' "
        "— fix the indentation or quoting",
        data={"search.yml": "es: [\n"},
    ),
    # -- escalation in the front matter: title and description are what the page says too ----
    Case(
        "escalation-in-the-title-only",
        {
            "contacto/x.md": article_es(title="Escalar al Equipo Comercial").replace(
                "# Escalar al Equipo Comercial", "# Equipo Comercial"
            )
        },
        f"{X}:2: 'title' mentions escalation ('Escalar') but the article does not link to the "
        "account-ID guide — add a link to the account-ID guide to the article's text: "
        f"[Cómo obtener el número identificador de tu cuenta]({G})",
    ),
    Case(
        "escalation-in-the-description-only",
        {
            "contacto/x.md": article_es().replace(
                "description: Un artículo de prueba.",
                "description: Cómo escalar una consulta al equipo correcto.",
            )
        },
        f"{X}:3: 'description' mentions escalation ('escalar') but the article does not link "
        "to the account-ID guide — add a link to the account-ID guide to the article's text: "
        f"[Cómo obtener el número identificador de tu cuenta]({G})",
    ),
    Case(
        "escalation-in-the-english-description-only",
        {
            "contacto/x.en.md": article_en().replace(
                "description: A test article.", "description: How to escalate a request."
            )
        },
        "docs/contacto/x.en.md:3: 'description' mentions escalation ('escalate') but the article "
        "does not link to the account-ID guide — add a link to the account-ID guide to the "
        f"article's text: [How to get your account identifier number]({G})",
    ),
    Case(
        "escalation-in-the-description-with-the-guide-link-passes",
        {
            "contacto/x.md": article_es(f"Ten a mano [el número de tu cuenta]({G}).").replace(
                "description: Un artículo de prueba.", "description: Cómo escalar una consulta."
            ),
            "contacto/x.en.md": article_en(f"Have [your account number]({G}) at hand."),
        },
        None,
        build=None,
    ),
    # -- a YAML error at the line where its bracket was opened, not where it was noticed ------
    Case(
        "unclosed-list-in-the-front-matter-title",
        {
            "contacto/x.md": article_es().replace(
                "title: Artículo de prueba", "title: [¿Cómo contactar a la Mesa de Ayuda?"
            )
        },
        f"{X}:2: front matter is not valid YAML (did not find expected ',' or ']') — write one "
        "'key: value' per line; quote a value that contains ': ' or starts with a special "
        "character",
    ),
]

ALL = CONTENT_CASES + CASES
ARTICLE_FILES = {"contacto/x.md", "contacto/x.en.md"}
# The cases that change only the article or its translation run side by side in one site,
# each as `contacto/<case id>.md` (and `.en.md`); the others get a site each.
SIDE_BY_SIDE = [
    case for case in ALL if case.files and set(case.files) <= ARTICLE_FILES and not case.data
]
NO_CASE = "(no case)"


def _own_paths(case: Case) -> set[str]:
    """The paths under docs/ that the case adds (files and symbolic links)."""
    return set(case.files) | set(case.symlinks)


def _share_sites(cases: list[Case]) -> list[list[Case]]:
    """The cases in as few groups as possible, no two in a group adding the same path."""
    groups: list[list[Case]] = []
    for case in cases:
        mine = {path.lower() for path in _own_paths(case)}
        for group in groups:
            if not any(mine & {p.lower() for p in _own_paths(other)} for other in group):
                group.append(case)
                break
        else:
            groups.append([case])
    return groups


# Cases that add files of their own, leaving the base site's files and data/ as they are. A
# link out of docs/ stops the build in its first language: the others' problems must be there.
SHARED = _share_sites(
    [
        case
        for case in ALL
        if case not in SIDE_BY_SIDE and not case.data and not set(case.files) & set(BASE)
    ]
)
ALONE = [case for case in ALL if case not in SIDE_BY_SIDE and not any(case in g for g in SHARED)]


def test_make_check_and_the_build_report_the_same_side_by_side(tmp_path: Path) -> None:
    """Each article's problem (or none) in both, and nothing else: every problem at once."""
    files: dict[str, str | bytes | None] = {}
    for case in SIDE_BY_SIDE:
        for name in sorted(ARTICLE_FILES):
            content = case.files.get(name, BASE[name])
            if content is not None:
                files[_renamed(name, case)] = content
    config_file = write_site(tmp_path, Case("side-by-side", files, None))
    checked, built, errors, notices, info = _check_and_build(config_file)
    expected_check = {NO_CASE: []} | {
        case.id: [_renamed(case.check, case)] if case.check else [] for case in SIDE_BY_SIDE
    }
    expected_build = {NO_CASE: []}
    for case in SIDE_BY_SIDE:
        expected = case.check if case.build == SAME else case.build
        expected_build[case.id] = [_renamed(expected, case)] if expected else []
    assert _by_case(errors) == expected_check, checked.stdout + checked.stderr
    assert _by_case(built.warnings()) == expected_build, built.log
    assert checked.returncode == 1 and not built.ok
    for case in SIDE_BY_SIDE:
        for notice in case.notices:
            assert _renamed(notice, case) in notices and _renamed(notice, case) in info


@pytest.mark.parametrize("group", SHARED, ids=["+".join(c.id for c in g) for g in SHARED])
def test_make_check_and_the_build_report_the_same_in_a_shared_site(
    group: list[Case], tmp_path: Path
) -> None:
    """Each case's problem (or none) in both, named after its own files, and nothing else."""
    files = {name: content for case in group for name, content in case.files.items()}
    symlinks = {name: target for case in group for name, target in case.symlinks.items()}
    config_file = write_site(tmp_path, Case("shared", files, None, symlinks=symlinks))
    checked, built, errors, notices, info = _check_and_build(config_file)
    expected_check = {NO_CASE: []} | {case.id: [case.check] if case.check else [] for case in group}
    expected_build = {NO_CASE: []} | {
        case.id: [expected]
        if (expected := case.check if case.build == SAME else case.build)
        else []
        for case in group
    }
    assert _by_owner(errors, group) == expected_check, checked.stdout + checked.stderr
    assert _by_owner(built.warnings(), group) == expected_build, built.log
    failing = any(case.check for case in group)
    assert checked.returncode == (1 if failing else 0), checked.stderr
    assert built.ok == (not any(expected_build.values())), built.log
    for case in group:
        for notice in case.notices:
            assert notice in notices and notice in info


def _by_owner(lines: list[str], group: list[Case]) -> dict[str, list[str]]:
    """The lines grouped by the case whose own path (or its folder) they name first."""
    grouped: dict[str, list[str]] = {NO_CASE: []} | {case.id: [] for case in group}
    for line in lines:
        where = re.match(r"docs/(.+?)(?::\d+)?: ", line)
        owner = next(
            (
                case.id
                for case in group
                for path in _own_paths(case)
                if (where and (path == where[1] or path.startswith(where[1] + "/")))
                or (not where and path in line)
            ),
            NO_CASE,
        )
        grouped[owner].append(line)
    return grouped


@pytest.mark.parametrize("case", ALONE, ids=[case.id for case in ALONE])
def test_make_check_and_the_build_report_the_same(case: Case, tmp_path: Path) -> None:
    config_file = write_site(tmp_path, case)
    checked, built, errors, notices, info = _check_and_build(config_file)
    # make check: the one problem, exit 1 (0 when the case passes)
    assert errors == ([case.check] if case.check else []), checked.stderr
    assert checked.returncode == (1 if case.check else 0), checked.stderr
    # the build: the same line as its one warning (or MkDocs' own, for what MkDocs reports)
    expected = case.check if case.build == SAME else case.build
    assert built.warnings() == ([expected] if expected else []), built.log
    assert built.ok == (expected is None), built.log
    ours = [line for line in built.warnings() if _is_ours(line)]
    assert ours == (errors if case.build == SAME else []), built.log
    for notice in case.notices:
        assert notice in notices and notice in info


class Outcome(NamedTuple):
    """What `make check` and the strict build said of one site."""

    checked: subprocess.CompletedProcess[str]
    built: BuiltSite
    errors: list[str]  # `make check`'s problem lines
    notices: list[str]  # `make check`'s notices, without "notice: "
    info: list[str]  # the build's INFO lines, without their prefix


def _check_and_build(config_file: Path) -> Outcome:
    """`make check`'s command, then the strict build, of one site; neither shows a traceback."""
    checked = run_check(config_file)
    built = run_build(config_file, config_file.parent / "site")
    lines = checked.stdout.splitlines()
    log = built.log.splitlines()
    assert "Traceback" not in checked.stdout + checked.stderr + built.log
    return Outcome(
        checked,
        built,
        errors=[line for line in lines if not line.startswith("notice: ")],
        notices=[line[8:] for line in lines if line.startswith("notice: ")],
        info=[line.split("-  ", 1)[-1] for line in log if line.startswith("INFO")],
    )


def _renamed(text: str, case: Case) -> str:
    """`text` with the article's paths (`contacto/x.md`, `.en.md`) named after the case."""
    return text.replace("contacto/x.", f"contacto/{case.id}.")


def _by_case(lines: list[str]) -> dict[str, list[str]]:
    """The lines grouped by the case whose article they name (NO_CASE: any other)."""
    grouped: dict[str, list[str]] = {NO_CASE: []} | {case.id: [] for case in SIDE_BY_SIDE}
    for line in lines:
        owner = next(
            (
                case.id
                for case in SIDE_BY_SIDE
                if f"contacto/{case.id}.md" in line or f"contacto/{case.id}.en.md" in line
            ),
            NO_CASE,
        )
        grouped[owner].append(line)
    return grouped


def _is_ours(warning: str) -> bool:
    """A `path:line: what — how` line of our hooks (MkDocs' own warnings read otherwise)."""
    return warning.startswith(("docs/", "data/", "mkdocs.yml")) and " — " in warning
