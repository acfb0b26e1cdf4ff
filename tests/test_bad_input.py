"""Bad input in articles and in mkdocs.yml's `extra`: one clear line each, never a traceback.

Each case changes the base site of test_content_checks (home, the account-ID
guide, one article in Spanish and English); the site is built with `mkdocs build
--strict` (conftest's `build_site`) and `make check`'s CLI runs on the same
project: both must say exactly the case's one message, on one line, and fail; the
cases that must pass, pass both.

The cases that change only the article sit side by side in one site, each in its own
article (`contacto/<case id>.md`, with the base's English translation): every file must get
its one message and nothing else, which also shows that every problem is reported at once.
The cases that change mkdocs.yml get a site each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SiteBuilder
from test_content_checks import BASE, GUIDE, X, article_en, article_es, run_check

G = GUIDE.split("/")[1]  # the guide, relative to contacto/
SIX_RELATED = "related:\n" + f"  - {GUIDE}\n" * 6

# ----------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------


@dataclass
class Case:
    """A change to the base site and the one problem it must give (None: it passes)."""

    id: str
    files: dict[str, str]  # docs files that replace (or join) the base site's
    message: str | None  # the one line both the build and `make check` print
    config: dict = field(default_factory=dict)  # merged into mkdocs.yml
    config_key: str = ""  # "{line}" in `message` is this key's line in mkdocs.yml


def x(extra: str = "Primer paso.", front: str = "") -> dict[str, str]:
    """The base site's Spanish article with `extra` at line 12 and `front` from line 4."""
    return {"contacto/x.md": article_es(extra, front=front)}


BAD_EMAIL = (
    "e-mail domain 'gmail.com' is not allowed — use an address at multivende.com, or add the "
    "domain to extra.email_domains in mkdocs.yml"
)
NOT_CODE = "articles hold text, not code"

# columns: id, the files that change, the one message (build and `make check`), mkdocs.yml
CASES = [
    # -- front matter: every key of the writers' guide with its type ---------------------------
    Case(
        "search-boost-not-a-number",
        x(front="search:\n  boost: mucho\n"),
        f"{X}:5: 'search.boost' must be a positive number, not 'mucho' — write e.g. 'boost: 2'",
    ),
    Case(
        "search-boost-nan",
        x(front="search:\n  boost: .nan\n"),
        f"{X}:5: 'search.boost' must be a positive number, not nan — write e.g. 'boost: 2'",
    ),
    Case(
        "search-boost-infinite",
        x(front="search:\n  boost: .inf\n"),
        f"{X}:5: 'search.boost' must be a positive number, not inf — write e.g. 'boost: 2'",
    ),
    Case(
        "search-boost-negative",
        x(front="search:\n  boost: -1\n"),
        f"{X}:5: 'search.boost' must be a positive number, not -1 — write e.g. 'boost: 2'",
    ),
    Case(
        "search-boost-passes",
        x(front="search:\n  boost: 2.5\n"),
        None,
    ),
    Case(
        "search-exclude-a-string",
        x(front='search:\n  exclude: "no"\n'),
        f"{X}:5: 'search.exclude' must be true or false, not 'no' — write 'exclude: true' or "
        "'exclude: false'",
    ),
    Case(
        "search-unknown-key",
        x(front="search:\n  exlude: true\n"),
        f"{X}:5: unknown key 'exlude' in 'search' — did you mean 'exclude'?",
    ),
    Case(
        "search-not-a-mapping",
        x(front="search: true\n"),
        f"{X}:4: 'search' must be 'key: value' pairs, not true — write indented 'key: value' "
        "lines below 'search:'",
    ),
    Case(
        "promoted-a-string",
        x(front='promoted: "no"\n'),
        f"{X}:4: 'promoted' must be true or false, not 'no' — write 'promoted: true' or "
        "'promoted: false'",
    ),
    Case(
        "template-missing",
        x(front="template: nada.html\n"),
        f"{X}:4: 'template' names a template that does not exist ('nada.html') — did you mean "
        "'main.html'?",
    ),
    Case(
        "template-outside-the-theme",
        x(front="template: ../../../../etc/passwd\n"),
        f"{X}:4: 'template' names a template that does not exist ('../../../../etc/passwd') — "
        "use a template of overrides/ or of the theme (404.html, base.html, blog-post.html, "
        "blog.html, main.html, redirect.html), or remove 'template:'",
    ),
    Case(
        "template-of-the-theme-passes",
        x(front="template: main.html\n"),
        None,
    ),
    Case(
        "icon-misspelt",
        x(front="icon: material/phne\n"),
        f"{X}:4: 'icon' names an icon that does not exist ('material/phne') — did you mean "
        "'material/phone'?",
    ),
    Case(
        "icon-of-the-theme-passes",
        x(front="icon: material/phone\n"),
        None,
    ),
    Case(
        "related-over-the-limit",
        x(front=SIX_RELATED),
        f"{X}:4: 'related' lists 6 pages, more than the 5 the site shows — keep the 5 that "
        "matter most (related_limit in data/help-center.yml)",
    ),
    # -- mailto: only subject and body; every address on an allowed domain -----------------------
    Case(
        "mailto-bcc-another-domain",
        x("Escribe a [ana@multivende.com](mailto:ana@multivende.com?bcc=x@gmail.com)."),
        f"{X}:12: {BAD_EMAIL}",
    ),
    Case(
        "mailto-cc-another-domain",
        x("Escribe a [ana@multivende.com](mailto:ana@multivende.com?subject=Hola&cc=x@gmail.com)."),
        f"{X}:12: {BAD_EMAIL}",
    ),
    Case(
        "mailto-to-another-domain",
        x("Escribe a [ana@multivende.com](mailto:ana@multivende.com?TO=x%40gmail.com)."),
        f"{X}:12: {BAD_EMAIL}",
    ),
    Case(
        "mailto-other-field",
        x("Escribe a [ana@multivende.com](mailto:ana@multivende.com?reply-to=x@gmail.com)."),
        f"{X}:12: 'mailto:' link carries 'reply-to=' — a mailto: link may carry only subject= "
        "and body=: remove the rest",
    ),
    Case(
        "mailto-line-break",
        x("Escribe a [nuestro equipo](mailto:ana@multivende.com%0D%0ABcc:x@gmail.com)."),
        f"{X}:12: malformed e-mail address 'ana@multivende.com%0D%0ABcc:x@gmail.com' — write it "
        "as name@multivende.com, without spaces",
    ),
    Case(
        "mailto-subject-and-body-pass",
        x(
            "Escribe a [ana@multivende.com](mailto:ana@multivende.com?subject=Hola%20equipo"
            "&body=Mi%20cuenta%0A&cc=soporte@multivende.com)."
        ),
        None,
    ),
    Case(
        "placeholder-link-text-over-two-lines",
        x("Para saber más, [haz clic\naquí](#paso-2)."),
        f"{X}:12: link text 'haz clic aquí' does not say where the link goes (WCAG 2.4.4) — "
        "name the page or form it opens instead",
    ),
    # -- no code in articles ------------------------------------------------------------------
    Case(
        "inline-script",
        x("<script>document.title = 'x';</script>"),
        f"{X}:12: has an inline <script> — remove it: {NOT_CODE} (the site's scripts are in "
        "docs/assets/javascripts/)",
    ),
    Case(
        "event-handler",
        x('Pulsa <span onclick="alert(1)">aquí mismo</span>.'),
        f"{X}:12: <span> has an inline event handler 'onclick=' — remove onclick=…: {NOT_CODE}",
    ),
    Case(
        "event-handler-in-a-block",
        x('<div markdown>\n\nTexto.\n\n<img src="a.png" alt="" onerror="alert(1)">\n\n</div>'),
        f"{X}:16: <img> has an inline event handler 'onerror=' — remove onerror=…: {NOT_CODE}",
    ),
    Case(
        "event-handler-in-an-admonition",
        x('!!! note "Nota"\n\n    Pulsa <b onclick="alert(1)">aquí mismo</b>.'),
        f"{X}:14: <b> has an inline event handler 'onclick=' — remove onclick=…: {NOT_CODE}",
    ),
    Case(
        "javascript-link",
        x("Abre [la guía](javascript:alert(1))."),
        f"{X}:12: link has a 'javascript:' address (it runs code in the reader's browser) — "
        "link a page (x.md) or a web address (https://…) instead",
    ),
    Case(
        "javascript-in-html-link",
        x('Abre <a href="jav&#x09;ascript:alert(1)">la guía</a>.'),
        f"{X}:12: <a> href has a 'javascript:' address (it runs code in the reader's browser) — "
        "link a page (x.md) or a web address (https://…) instead",
    ),
    Case(
        "data-image",
        x("![Logo](data:image/png;base64,iVBORw0KGgo=)"),
        f"{X}:12: image has a 'data:' address (content written into the page) — save the file "
        "under docs/assets/ and link it by its path",
    ),
    Case(
        "code-in-code-blocks-passes",
        x(
            "Ejemplo: `<script>` y `onclick=`.\n\n```html\n<script>alert(1)</script>\n"
            '<a href="javascript:x()" onclick="y()">z</a>\n```'
        ),
        None,
    ),
    # -- words as read: invisible characters do not hide escalation -----------------------------
    Case(
        "escalation-with-a-soft-hyphen",
        x("Si no responden, puedes esca\u00adlar tu solicitud."),
        f"{X}:12: mentions escalation ('escalar') but does not link to the account-ID guide — "
        f"add a link to the account-ID guide: [Cómo obtener el número identificador de tu "
        f"cuenta]({G})",
    ),
    Case(
        "escalation-with-a-zero-width-space",
        x("Si no responden, puedes es\u200bcalar tu solicitud."),
        f"{X}:12: mentions escalation ('escalar') but does not link to the account-ID guide — "
        f"add a link to the account-ID guide: [Cómo obtener el número identificador de tu "
        f"cuenta]({G})",
    ),
    # -- mkdocs.yml's extra: types checked, the key named ----------------------------------------
    Case(
        "email-domains-a-string",
        {},
        "mkdocs.yml:{line}: extra.email_domains must be a list of domains, not the text "
        "'multivende.com' — write it as a list: 'email_domains: [multivende.com]'",
        config={"extra": {"email_domains": "multivende.com"}},
        config_key="email_domains",
    ),
    Case(
        "email-domains-item-not-a-domain",
        {},
        "mkdocs.yml:{line}: extra.email_domains item the text '@multivende.com' is not a domain "
        "— write one domain per item, e.g. '- multivende.com'",
        config={"extra": {"email_domains": ["multivende.com", "@multivende.com"]}},
        config_key="- '@multivende.com'",
    ),
    Case(
        "external-url-mailto-bcc",
        {},
        "mkdocs.yml:{line}: extra.external_urls.help_center: " + BAD_EMAIL,
        config={
            "extra": {"external_urls": {"help_center": "mailto:ana@multivende.com?bcc=x@gmail.com"}}
        },
        config_key="help_center:",
    ),
    Case(
        "external-url-javascript",
        {},
        "mkdocs.yml:{line}: extra.external_urls.help_center has a 'javascript:' address (it runs "
        "code in the reader's browser) — link a page (x.md) or a web address (https://…) instead",
        config={"extra": {"external_urls": {"help_center": "javascript:alert(1)"}}},
        config_key="help_center:",
    ),
    Case(
        "external-urls-a-list",
        {},
        "mkdocs.yml:{line}: extra.external_urls must be 'name: address' pairs, not a list — "
        "write one indented 'name: https://…' line per address below 'external_urls:'",
        config={"extra": {"external_urls": ["https://example.com/"]}},
        config_key="external_urls:",
    ),
]


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


IN_ARTICLES = [case for case in CASES if set(case.files) == {"contacto/x.md"} and not case.config]
ALONE = [case for case in CASES if case not in IN_ARTICLES]


def test_bad_input_in_articles_side_by_side(build_site: SiteBuilder) -> None:
    """Each article's one message (or none), in the build and `make check` alike."""
    files = dict(BASE)
    expected: dict[str, list[str]] = {"(no case)": []}
    for case in IN_ARTICLES:
        files[f"contacto/{case.id}.md"] = case.files["contacto/x.md"]
        files[f"contacto/{case.id}.en.md"] = article_en()
        message = case.message.replace(X, _article(case)) if case.message else None
        expected[case.id] = [message] if message else []
    site = build_site(files)
    check = run_check(site.project_dir / "mkdocs.yml")
    errors = [line for line in check.stdout.splitlines() if not line.startswith("notice: ")]
    assert "Traceback" not in site.log and "Traceback" not in check.stdout + check.stderr
    assert _by_case(site.warnings()) == expected, site.log
    assert _by_case(errors) == expected, check.stdout + check.stderr
    assert not site.ok and check.returncode == 1


@pytest.mark.parametrize("case", ALONE, ids=[case.id for case in ALONE])
def test_bad_input(case: Case, build_site: SiteBuilder) -> None:
    """The build and `make check` each say the one message, on one line, and fail."""
    site = build_site(BASE | case.files, config=case.config)
    check = run_check(site.project_dir / "mkdocs.yml")
    expected = case.message
    if expected and case.config_key:
        expected = expected.format(line=_line_of(site.project_dir / "mkdocs.yml", case.config_key))
    errors = [line for line in check.stdout.splitlines() if not line.startswith("notice: ")]
    assert "Traceback" not in site.log and "Traceback" not in check.stdout + check.stderr
    assert site.warnings() == ([expected] if expected else []), site.log
    assert site.ok == (expected is None), site.log
    assert errors == ([expected] if expected else []), check.stdout + check.stderr
    assert check.returncode == (1 if expected else 0), check.stderr


def test_bad_values_never_reach_the_site(build_site: SiteBuilder) -> None:
    """Without --strict the site is built: bad values are left out, not used, and said."""
    files = BASE | {
        "contacto/x.md": article_es(front='search:\n  exclude: "no"\n  boost: mucho\n'),
        "contacto/y.md": article_es(front="template: nada.html\n", title="Otro artículo"),
    }
    site = build_site(files, strict=False)
    assert site.ok, site.log
    assert "Traceback" not in site.log
    assert "'search.exclude' must be true or false" in site.log
    assert "'template' names a template that does not exist" in site.log
    index = site.html("search/search_index.es.json")
    assert "contacto/x/" in index  # a string "no" does not exclude the page
    assert "<h1" in site.html("contacto/y/index.html")  # rendered with the default template


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _article(case: Case) -> str:
    return f"docs/contacto/{case.id}.md"


def _by_case(lines: list[str]) -> dict[str, list[str]]:
    """The lines grouped by the case whose article they name ("(no case)": any other)."""
    grouped: dict[str, list[str]] = {"(no case)": []} | {case.id: [] for case in IN_ARTICLES}
    for line in lines:
        owner = next((c.id for c in IN_ARTICLES if line.startswith(_article(c) + ":")), None)
        grouped[owner or "(no case)"].append(line)
    return grouped


def _line_of(config_file: Path, text: str) -> int:
    """1-based line of the first line of mkdocs.yml that starts with `text` (indent aside)."""
    lines = config_file.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.lstrip().startswith(text))
