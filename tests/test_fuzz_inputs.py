"""Random combinations of bad inputs on tiny sites: never a traceback, every problem said once.

Each seed picks a handful of bad (and some harmless) inputs from the cases of
test_bad_input, spreads them over a few Spanish-only articles (shown
untranslated on the English site) and mkdocs.yml, builds the site with
`--strict` and runs `make check` on it. Both must name every bad input once,
each on one line, and fail; nothing else may be reported.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from conftest import SiteBuilder
from test_content_checks import BASE, GUIDE, article_es, run_check

SEEDS = range(6)  # one build and one `make check` each

# ----------------------------------------------------------------------------
# The inputs
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One input: where it goes and what it must make the checks say (None: nothing)."""

    kind: str  # "body" (a line of an article), "front" (a front-matter key), "extra"
    key: str  # front matter or extra key it sets (one value per key and file)
    value: object  # the body line, the front-matter lines, or the extra value
    says: str | None  # the message (after "file:line: "), or None when it is harmless


BAD_EMAIL = "e-mail domain 'gmail.com' is not allowed"
INPUTS = [
    Input("body", "", "<script>alert(1)</script>", "has an inline <script>"),
    Input("body", "", 'Pulsa <b onclick="x()">esto</b>.', "<b> has an inline event handler"),
    Input("body", "", "[Abrir](javascript:alert(1))", "link has a 'javascript:' address"),
    Input("body", "", "![Logo](data:image/png;base64,AAAA)", "image has a 'data:' address"),
    Input("body", "", "[ana@multivende.com](mailto:ana@multivende.com?bcc=x@gmail.com)", BAD_EMAIL),
    Input(
        "body",
        "",
        "[Escríbenos](mailto:ana@multivende.com%0A%0Dx)",
        "malformed e-mail address 'ana@multivende.com%0A%0Dx'",
    ),
    Input(
        "body",
        "",
        "[ana@multivende.com](mailto:ana@multivende.com?attach=a.txt)",
        "'mailto:' link carries 'attach='",
    ),
    Input("body", "", "Texto con `<script>` en código.", None),
    Input("body", "", "[ana@multivende.com](mailto:ana@multivende.com?subject=Hola%0A)", None),
    Input("front", "search", "search:\n  boost: mucho\n", "'search.boost' must be a positive"),
    Input("front", "search", "search:\n  boost: .nan\n", "'search.boost' must be a positive"),
    Input("front", "search", 'search:\n  exclude: "no"\n', "'search.exclude' must be true or"),
    Input("front", "search", "search:\n  boost: 2\n  exclude: false\n", None),
    Input("front", "template", "template: nada.html\n", "'template' names a template that"),
    Input("front", "related", "related:\n" + f"  - {GUIDE}\n" * 7, "'related' lists 7 pages"),
    Input("front", "promoted", 'promoted: "no"\n', "'promoted' must be true or false"),
    Input(
        "extra",
        "email_domains",
        "multivende.com",
        "extra.email_domains must be a list of domains",
    ),
    Input(
        "extra",
        "external_urls",
        {"help_center": "javascript:alert(1)"},
        "extra.external_urls.help_center has a 'javascript:' address",
    ),
    Input(
        "extra",
        "external_urls",
        {"help_center": "mailto:ana@multivende.com?cc=x@gmail.com"},
        f"extra.external_urls.help_center: {BAD_EMAIL}",
    ),
]


def combination(seed: int) -> tuple[dict[str, str], dict, list[tuple[str, str]]]:
    """(docs files, mkdocs.yml changes, (file, message) expected) for one seed."""
    rng = random.Random(seed)
    chosen = rng.sample(INPUTS, rng.randint(4, 7))
    articles: list[dict] = [{"body": [], "front": {}} for _ in range(rng.randint(1, 3))]
    extra: dict = {}
    expected: list[tuple[str, str]] = []
    for item in chosen:
        number = rng.randrange(len(articles))
        article = articles[number]
        where = f"docs/contacto/f{number}.md"
        if item.kind == "extra":
            if item.key in extra:
                continue  # one value per key
            extra[item.key] = item.value
            where = "mkdocs.yml"
        elif item.kind == "front":
            if item.key in article["front"]:
                continue
            article["front"][item.key] = item.value
        else:
            article["body"].append(item.value)
        if item.says:
            expected.append((where, item.says))
    files = {
        f"contacto/f{number}.md": article_es(
            "\n\n".join(article["body"]) or "Primer paso.",
            front="".join(article["front"].values()),
            title=f"Artículo {number}",
        )
        for number, article in enumerate(articles)
    }
    return files, {"extra": extra} if extra else {}, expected


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_random_bad_inputs(seed: int, build_site: SiteBuilder) -> None:
    """No traceback; every bad input said once, on one line, by the build and `make check`."""
    files, config, expected = combination(seed)
    site = build_site(BASE | files, config=config)
    check = run_check(site.project_dir / "mkdocs.yml")
    assert "Traceback" not in site.log and "Traceback" not in check.stdout + check.stderr
    # One line per message: every line of the log has its level, every line of check a file.
    assert all(
        line.startswith(("INFO", "WARNING", "ERROR", "DEBUG", "Aborted with"))
        for line in site.log.splitlines()
        if line.strip()
    ), site.log
    errors = [line for line in check.stdout.splitlines() if not line.startswith("notice: ")]
    assert all(line.startswith(("docs/", "data/", "mkdocs.yml")) for line in errors), errors
    for said, name in ((site.warnings(), "build"), (errors, "make check")):
        for where, message in expected:
            matching = [line for line in said if line.startswith(where) and message in line]
            assert len(matching) == 1, f"{name}: {where}: {message!r} in {said}"
        assert len(said) == len(expected), f"{name} said more than expected: {said}"
    assert site.ok == (not expected) and check.returncode == (1 if expected else 0)
