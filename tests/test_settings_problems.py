"""mkdocs.yml's `extra:` settings: `make check` and `mkdocs build --strict` say the same.

Each bad value of `extra.brand` or `extra.help_center_url` is written into a tiny site's
mkdocs.yml (as conftest's `build_site` writes it) and run through both the real strict build
and `make check`'s CLI: each fails with the one problem, at the setting's line in mkdocs.yml.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BuiltSite, run_build
from test_content_checks import Case, article_en, article_es, run_check, write_site

from helpcenter.content.links import link_settings, usable_extra
from helpcenter.pages import brand

# A page with a Help Center link: its address is derived from extra.help_center_url.
HELP_LINK = {
    "contacto/x.md": article_es("[Enviar una solicitud](ext:help_center_new_request)."),
    "contacto/x.en.md": article_en("[Submit a request](ext:help_center_new_request)."),
}


def both(
    tmp_path: Path, config: dict, files: dict | None = None, edit: tuple[str, str] | None = None
) -> tuple[BuiltSite, subprocess.CompletedProcess[str], list[str]]:
    """The strict build and `make check` of a tiny site with `config` merged into mkdocs.yml
    (`edit`: text of mkdocs.yml replaced, for what PyYAML would not write); and its lines."""
    config_file = write_site(tmp_path, Case("settings", files or {}, None), config)
    text = config_file.read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1])
        config_file.write_text(text, encoding="utf-8")
    built = run_build(config_file, config_file.parent / "site")
    return built, run_check(config_file), text.splitlines()


def line_of(lines: list[str], start: str) -> int:
    """The one line of mkdocs.yml that starts (after its indent) with `start`."""
    [found] = [number for number, text in enumerate(lines, 1) if text.lstrip().startswith(start)]
    return found


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The problems `make check` printed (not its notices)."""
    return [line for line in result.stdout.splitlines() if not line.startswith("notice: ")]


# ----------------------------------------------------------------------------
# extra.brand
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    # extra.brand as merged, the key whose line the problem names, the start of the message
    ("brand_config", "key", "says"),
    [
        (
            {"primary": "#9fc5ff"},
            "primary:",
            "extra.brand.primary: «#9fc5ff» has a contrast of 1.8:1 with white",
        ),
        ({"primary": "azul"}, "primary:", "extra.brand.primary: «azul» is not a colour"),
        ({"acent": "#3f5bd8"}, "acent:", "extra.brand.acent: unknown key"),
    ],
)
def test_a_bad_brand_fails_make_check_as_it_fails_the_build(
    tmp_path: Path, brand_config: dict, key: str, says: str
) -> None:
    built, check, lines = both(tmp_path, {"extra": {"brand": brand_config}})
    [warning] = built.warnings()
    assert warning.startswith(f"mkdocs.yml:{line_of(lines, key)}: {says}"), built.log
    assert check.returncode == 1, check.stdout + check.stderr
    assert errors(check) == [warning]


def test_an_unquoted_brand_colour_is_reported_with_how_to_quote_it(tmp_path: Path) -> None:
    """`primary: #b03a2e` is YAML's `primary:` and a comment: not a silent default."""
    built, check, lines = both(
        tmp_path,
        {"extra": {"brand": {"primary": "#b03a2e"}}},
        edit=("primary: '#b03a2e'", "primary: #b03a2e"),
    )
    expected = (
        f"mkdocs.yml:{line_of(lines, 'primary:')}: extra.brand.primary: the colour is empty — "
        'write it in quotes: primary: "#b03a2e" (YAML reads an unquoted # and what follows it '
        "as a comment)"
    )
    assert built.warnings() == [expected], built.log
    assert check.returncode == 1, check.stdout + check.stderr
    assert errors(check) == [expected]


@pytest.mark.parametrize(
    # the line of extra.brand.primary in mkdocs.yml, the hint of its problem
    ("line", "hint"),
    [
        ('primary: "#b03a2e"', None),
        ("primary: #B03A2E  # rojo", 'write it in quotes: primary: "#B03A2E" (YAML reads'),
        ("primary: # pendiente", 'write it in quotes: primary: "#4051b5" (YAML reads'),
        ("primary:", 'write the colour in quotes, e.g. primary: "#4051b5", or delete the line'),
        ('primary: ""', 'write the colour in quotes, e.g. primary: "#4051b5", or delete the line'),
    ],
)
def test_an_empty_brand_colour_says_how_to_write_it(
    tmp_path: Path, line: str, hint: str | None
) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"extra:\n  brand:\n    {line}\n", encoding="utf-8")
    found, problems = brand.brand_of_config(config_file, {"primary": _value(line)})
    if hint is None:
        assert problems == [] and found.primary == "#b03a2e"
        return
    [problem] = problems
    assert (problem.path, problem.line, problem.message) == (
        "mkdocs.yml",
        3,
        "extra.brand.primary: the colour is empty",
    )
    assert problem.hint.startswith(hint)
    assert found.primary == brand.Brand().primary


def _value(line: str) -> str | None:
    """What PyYAML reads as the value of one `key: value` line."""
    return yaml.safe_load(line)["primary"]


# ----------------------------------------------------------------------------
# extra.help_center_url
# ----------------------------------------------------------------------------

NOT_ABSOLUTE = (
    "mkdocs.yml:{line}: extra.help_center_url 'multivende.zendesk' is not an absolute "
    "address: it must start with https:// (or http://) — write the whole address, e.g. "
    '"https://<subdomain>.zendesk.com"; until then the Help Center\'s links are shown as '
    "plain text"
)


def test_a_help_center_url_without_https_is_one_problem_at_its_line(tmp_path: Path) -> None:
    """Not MkDocs' warnings about relative links on every page that links the Help Center:
    one problem on mkdocs.yml, and the links stay plain text as while the address is unset."""
    built, check, lines = both(
        tmp_path, {"extra": {"help_center_url": "multivende.zendesk"}}, HELP_LINK
    )
    expected = NOT_ABSOLUTE.format(line=line_of(lines, "help_center_url:"))
    assert built.warnings() == [expected], built.log
    assert check.returncode == 1, check.stdout + check.stderr
    assert errors(check) == [expected]
    for page in ("contacto/x/index.html", "en/contacto/x/index.html"):
        html = built.html(page)
        assert "multivende.zendesk" not in html
        assert "Enviar una solicitud" in html or "Submit a request" in html


@pytest.mark.parametrize(
    # extra.help_center_url, what usable_extra gives the hooks, the problem's message (or None)
    ("value", "usable", "says"),
    [
        ("https://ayuda.example.org/", "https://ayuda.example.org/", None),
        ("http://ayuda.example.org", "http://ayuda.example.org", None),
        ("", "", None),
        ("multivende.zendesk", "", "'multivende.zendesk' is not an absolute address"),
        ("https://", "", "'https://' is not an absolute address"),
        ("javascript:alert(1)", "", "'javascript:alert(1)' is not an absolute address"),
        (42, "", "extra.help_center_url must be an address, not int 42"),
    ],
)
def test_help_center_url_values(
    tmp_path: Path, value: object, usable: str, says: str | None
) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\nextra:\n  help_center_url: x\n", encoding="utf-8")
    settings, problems = link_settings({"help_center_url": value}, config_file)
    assert usable_extra(settings)["help_center_url"] == usable
    if says is None:
        assert problems == []
    else:
        [problem] = problems
        assert problem.line == 3 and says in problem.message


def test_an_unset_help_center_url_stays_unset() -> None:
    settings, problems = link_settings({})
    assert problems == [] and "help_center_url" not in usable_extra(settings)
