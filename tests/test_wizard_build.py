"""The contact wizard in real builds: markers, a bad tree, escaping, and the real page."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from helpcenter.wizard import composer, markers
from helpcenter.wizard import tree as wizard_tree
from helpcenter.wizard.channels import help_center_addresses

ROOT = Path(__file__).resolve().parent.parent
TREE_FILE = "data/contact-tree.yml"
MARKER = "<!-- hooks/contact_wizard.py -->"
PAGE = "contacto/asistente.md"  # the wizard's page in the fixture trees below


def tiny_data(tree: str) -> dict[str, str]:
    """data/ files of a fixture site: `tree` as the contact tree, whose page («¿Necesitas más
    ayuda?» links to it) is PAGE."""
    settings = (ROOT / "data" / "help-center.yml").read_text(encoding="utf-8")
    wizard = yaml.safe_load(settings)["wizard"]
    return {"contact-tree.yml": tree, "help-center.yml": settings.replace(wizard, PAGE)}


WIZARD_ASSETS = (
    "assets/javascripts/contact-wizard.js",
    "assets/stylesheets/contact-wizard.css",
)


def article(title: str, body: str = "") -> str:
    """A small article with the front matter the content checks ask for."""
    return f"---\ntitle: {title}\ndescription: Una página de prueba.\n---\n\n# {title}\n\n{body}\n"


# A tiny tree for fixture sites: its page is contacto/asistente.md, it links nowhere.
TINY_TREE = """\
page: contacto/asistente.md
start: inicio
questions:
  inicio:
    text: {es: OPCION-ES, en: OPCION-EN}
    options:
      a: {text: {es: A-ES, en: A-EN}, next: fin-a}
      b: {text: {es: B-ES, en: B-EN}, next: fin-b}
outcomes:
  fin-a:
    team: equipo
    text: {es: FIN-A-ES, en: FIN-A-EN}
  fin-b:
    title: {es: FIN-B-ES, en: FIN-B-EN}
    text: {es: FIN-B-ES, en: FIN-B-EN}
teams:
  equipo:
    name: {es: EQUIPO-ES, en: EQUIPO-EN}
    channels:
      - text: {es: Escribe a, en: Write to}
        email: equipo@multivende.com
labels:
""" + "".join(f"  {key}: {{es: {key}-es, en: {key}-en}}\n" for key in wizard_tree.LABEL_KEYS)

HOME = {"index.md": article("Inicio"), "index.en.md": article("Home")}


def wizard_site(es_body: str = MARKER, en_body: str = MARKER) -> dict[str, str]:
    """The files of a fixture site whose wizard page has these bodies."""
    return {
        **HOME,
        PAGE: article("Asistente", es_body),
        PAGE.replace(".md", ".en.md"): article("Wizard", en_body),
    }


# ----------------------------------------------------------------------------
# Markers
# ----------------------------------------------------------------------------

# columns: case id, the file, its body (which starts on line 8 of the file), the line of the
# expected problem (0: the whole file), words of the expected problem
BAD_MARKERS = [
    ("unknown-marker", "index.md", "<!-- hooks/nope.py -->", 8, "unknown marker"),
    ("wrong-page", "index.md", MARKER, 8, "on a page other than the wizard's"),
    ("not-alone", PAGE, f"Texto {MARKER}", 8, "is not alone on its line"),
    ("indented", PAGE, f"    {MARKER}", 8, "is not alone on its line"),
    ("in-code-block", PAGE, f"```html\n{MARKER}\n```", 9, "inside a code block"),
    ("in-unclosed-fence", PAGE, f"~~~\n{MARKER}", 9, "inside a code block"),
    ("twice", PAGE, f"{MARKER}\n\n{MARKER}", 10, "appears more than once"),
    ("missing-on-the-wizard-page", PAGE, "Sin asistente.", 0, "has no"),
]


@pytest.mark.parametrize(
    ("name", "body", "line", "message"),
    [case[1:] for case in BAD_MARKERS],
    ids=[case[0] for case in BAD_MARKERS],
)
def test_bad_marker_fails_the_build_with_file_and_line(build_site, name, body, line, message):
    files = wizard_site()
    files[name] = article("Página", body)
    site = build_site(files, data=tiny_data(TINY_TREE))
    assert not site.ok
    where = f"docs/{name}:{line}: " if line else f"docs/{name}: "
    ours = [w for w in site.warnings() if w.startswith(where)]
    assert len(ours) == 1 and message in ours[0], site.log
    assert " — " in ours[0]
    assert "Traceback" not in site.log


def test_markers_while_the_tree_is_broken():
    # the wizard's page is unknown then: only the markers themselves are checked
    text = article("Página", f"{MARKER}\n\n<!-- hooks/nope.py -->")
    known = markers.known_markers(["hooks/contact_wizard.py"])
    problems = markers.marker_problems(text, "docs/x.md", known, False, None)
    assert [(p.line, "unknown marker" in p.message) for p in problems] == [(10, True)]


def test_another_hooks_marker_is_left_to_that_hook():
    text = article("Página", "<!-- hooks/help_center.py -->")
    known = markers.known_markers(["/x/hooks/help_center.py"])
    assert markers.marker_problems(text, "docs/x.md", known, False, PAGE) == []


def test_tiny_tree_site_builds_and_renders_in_both_languages(build_site):
    site = build_site(wizard_site(), data=tiny_data(TINY_TREE))
    assert site.ok, site.log
    es = site.html("contacto/asistente/index.html")
    en = site.html("en/contacto/asistente/index.html")
    assert MARKER not in es and MARKER not in en
    assert "OPCION-ES" in es and "OPCION-EN" not in es
    assert "OPCION-EN" in en and "OPCION-ES" not in en
    assert "EQUIPO-EN" in en and "mailto:equipo@multivende.com" in en


def test_yaml_text_is_escaped_not_run(build_site):
    tree = TINY_TREE.replace("A-ES", "'<script>alert(1)</script>'").replace(
        "continue: {es: continue-es", "continue: {es: '<b>x</b>'"
    )
    site = build_site(wizard_site(), data=tiny_data(tree))
    assert site.ok, site.log
    html = site.html("contacto/asistente/index.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


# ----------------------------------------------------------------------------
# A bad tree
# ----------------------------------------------------------------------------

_B = "      b: {text: {es: B-ES, en: B-EN}, next: fin-b}"

# columns: case id, text replaced in TINY_TREE, its replacement (the problem must be reported on
# the line marked `# <-`), words of the expected problem, the node it names
BAD_TREES = [
    (
        "leads-nowhere",
        _B,
        _B + "\n      c: {text: {es: C, en: C}, next: nada}  # <-",
        "leads to `nada`",
        "inicio",
    ),
    (
        "no-english",
        "text: {es: FIN-A-ES, en: FIN-A-EN}",
        "text: {es: FIN-A-ES}  # <-",
        "no en text",
        "fin-a",
    ),
    (
        "other-domain",
        "email: equipo@multivende.com",
        "email: equipo@example.org  # <-",
        "example.org",
        "equipo",
    ),
    (
        "broken-link",
        "    text: {es: FIN-B-ES, en: FIN-B-EN}\n",
        "    text: {es: FIN-B-ES, en: FIN-B-EN}\n"
        "    article: {to: contacto/no-existe.md, text: {es: X, en: X}}  # <-\n",
        "no-existe",
        "fin-b",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message", "node"), [c[1:] for c in BAD_TREES], ids=[c[0] for c in BAD_TREES]
)
def test_bad_tree_fails_the_build_with_file_line_and_node(build_site, old, new, message, node):
    tree = TINY_TREE.replace(old, new, 1)
    assert tree != TINY_TREE
    line = next(n for n, row in enumerate(tree.splitlines(), 1) if "# <-" in row)
    site = build_site(wizard_site(), data=tiny_data(tree))
    assert not site.ok
    ours = [w for w in site.warnings() if w.startswith(f"{TREE_FILE}:")]
    assert len(ours) == 1, site.log
    assert ours[0].startswith(f"{TREE_FILE}:{line}: ")
    assert message in ours[0] and f"`{node}`" in ours[0]
    assert "Traceback" not in site.log


def test_link_to_a_missing_anchor_is_reported_in_each_language(build_site):
    tree = TINY_TREE.replace(
        "    text: {es: FIN-B-ES, en: FIN-B-EN}\n",
        "    text: {es: FIN-B-ES, en: FIN-B-EN}\n"
        "    article: {to: 'contacto/asistente.md#nada', text: {es: X, en: X}}\n",
    )
    line = next(n for n, row in enumerate(tree.splitlines(), 1) if "#nada" in row)
    site = build_site(wizard_site(), data=tiny_data(tree))
    assert not site.ok
    ours = [w for w in site.warnings() if w.startswith(f"{TREE_FILE}:{line}: ")]
    assert len(ours) == 2, site.log  # the Spanish page and the English one
    assert all("`fin-b`" in w and "#nada" in w for w in ours)
    assert any(".en.md" in w for w in ours)


def test_tree_that_is_not_yaml_fails_the_build_once(build_site):
    site = build_site(HOME, data=tiny_data("start: [\n"))
    assert not site.ok
    ours = [w for w in site.warnings() if w.startswith(f"{TREE_FILE}:")]
    assert len(ours) == 1 and "not valid YAML" in ours[0], site.log


# ----------------------------------------------------------------------------
# The real page
# ----------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.fixture(scope="module")
def tree() -> wizard_tree.Tree:
    tree, problems = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
    assert tree is not None and not problems
    return tree


@pytest.mark.parametrize(("language", "prefix"), [("es", ""), ("en", "en/")])
def test_real_page_renders_the_wizard(real_site, tree, language, prefix):
    page = f"{prefix}{tree.page.removesuffix('.md')}/index.html"
    html = (real_site / page).read_text(encoding="utf-8")
    assert MARKER not in html
    elements = _elements(html)
    roots = [attrs for tag, attrs in elements if attrs.get("id") == "contact-wizard"]
    assert len(roots) == 1 and "data-search-exclude" in roots[0]
    ids = {attrs.get("id") for _, attrs in elements}
    for node_id in (*tree.questions, *tree.outcomes):
        assert wizard_tree.anchor(node_id) in ids
    for question in tree.questions.values():
        assert question.text[language] in html.replace("&#39;", "'")
        for option in question.options:
            # a plain link for every option (no JavaScript needed) and a radio button
            assert any(
                tag == "a" and a.get("href") == f"#{wizard_tree.anchor(option.next)}"
                for tag, a in elements
            )
            assert f'id="{wizard_tree.anchor(question.id)}--{option.slug}"' in html
    other = "en" if language == "es" else "es"
    assert tree.questions[tree.start].text[other] not in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_real_page_links_resolve_in_its_language(real_site, tree, prefix):
    page_dir = f"{prefix}{tree.page.removesuffix('.md')}/"
    html = (real_site / page_dir / "index.html").read_text(encoding="utf-8")
    start = html.index('id="contact-wizard"')
    wizard = html[html.rindex("<link", 0, start) : html.index("</script>", start)]
    base = f"http://site/{page_dir}"
    hrefs = [
        attrs.get("href") or attrs.get("src") or ""
        for _, attrs in _elements(wizard)
        if attrs.get("href") or attrs.get("src")
    ]
    assert any(h.endswith("contact-wizard.css") for h in hrefs)
    assert any(h.endswith("contact-wizard.js") for h in hrefs)
    pages = [h for h in hrefs if not h.startswith(("#", "mailto:", "https:"))]
    assert pages, "the wizard links to articles"
    for href in pages:
        path = urlsplit(urljoin(base, href)).path.lstrip("/")
        target = real_site / (path + "index.html" if path.endswith("/") else path)
        assert target.is_file(), f"{href} from {page_dir} points to nothing"
        if prefix and not path.startswith("assets/"):
            assert path.startswith(prefix), f"{href}: the English page links to another language"
    mails = {h.removeprefix("mailto:").partition("?")[0] for h in hrefs if h.startswith("mailto:")}
    assert mails == {e.address for e in wizard_tree.emails(tree)}


def test_wizard_is_left_out_of_the_search_index(real_site, tree):
    indexes = [
        json.dumps(json.loads(file.read_text(encoding="utf-8")), ensure_ascii=False)
        for file in (real_site / "search").glob("*.json")
    ]
    assert indexes
    words = [
        text
        for question in tree.questions.values()
        for text in (question.text, *(option.text for option in question.options))
    ]
    for text in words:
        for language in ("es", "en"):
            if len(text[language]) >= 30:  # long enough not to appear by chance elsewhere
                assert not any(text[language] in index for index in indexes), text[language]


def test_wizard_assets_weigh_at_most_8_kb_gzipped():
    # the wizard's own JS and CSS, composer included, each compressed as a server sends it
    sizes = [len(gzip.compress((ROOT / "docs" / path).read_bytes(), 9)) for path in WIZARD_ASSETS]
    assert sum(sizes) <= 8 * 1024, sizes


# ----------------------------------------------------------------------------
# The request without JavaScript, and the Help Center's address
# ----------------------------------------------------------------------------


def _labels(tree: wizard_tree.Tree, language: str) -> dict[str, str]:
    return {key: text[language] for key, text in tree.labels.items()}


@pytest.mark.parametrize(("language", "prefix"), [("es", ""), ("en", "en/")])
def test_every_team_result_holds_its_request_with_blanks(real_site, tree, language, prefix):
    html = (real_site / f"{prefix}{tree.page.removesuffix('.md')}/index.html").read_text("utf-8")
    labels = _labels(tree, language)
    subject, body = composer.message(labels, None, None, escalation=False)
    hrefs = [a.get("href") or "" for tag, a in _elements(html) if tag == "a"]
    for team in tree.teams.values():
        if team.compose == "email":
            address = next(c.email.address for c in team.channels if c.email)
            assert composer.mailto(address, subject, body) in hrefs
    esc_subject, esc_body = composer.message(labels, None, None, escalation=True)
    assert composer.mailto("gabriela@multivende.com", esc_subject, esc_body) in hrefs
    assert html.count('class="cw-compose"') == sum(1 for o in tree.outcomes.values() if o.team)


def test_mailto_is_encoded_as_the_browser_encodes_it():
    # accents as UTF-8, spaces as %20, line breaks as CRLF; nothing but subject and body
    href = composer.mailto("a@multivende.com", "Ñandú (1)", "línea 1\nlínea 2")
    assert href == (
        "mailto:a@multivende.com?subject=%C3%91and%C3%BA%20(1)"
        "&body=l%C3%ADnea%201%0D%0Al%C3%ADnea%202"
    )


# columns: what the customer pasted, the identifier found (None: none)
PASTED = [
    (
        "https://app.multivende.com/a/BF03E4E6-1a2b-3c4d-5e6f-0123456789ab/edit",
        "bf03e4e6-1a2b-3c4d-5e6f-0123456789ab",
    ),
    ("bf03e4e6-1a2b-3c4d-5e6f-0123456789ab", "bf03e4e6-1a2b-3c4d-5e6f-0123456789ab"),
    ("mi cuenta es la de la tienda", None),
    ("bf03e4e6-xxxx-xxxx-xxxx-xxxxxxxxxxxx", None),
]


@pytest.mark.parametrize(("pasted", "found"), PASTED)
def test_the_account_id_is_found_in_what_was_pasted(pasted, found):
    assert composer.account_id(pasted) == found


def test_help_center_addresses_derive_from_one_setting():
    extra = {"help_center_url": "https://ayuda.test.invalid/", "external_urls": {}}
    es, en = help_center_addresses(extra, "es"), help_center_addresses(extra, "en")
    assert es["help_center_new_request"] == "https://ayuda.test.invalid/hc/es/requests/new"
    assert en["help_center_requests"] == "https://ayuda.test.invalid/hc/en/requests"
    assert en["help_center_signin"] == "https://ayuda.test.invalid/hc/en/signin"
    extra["help_center_locales"] = {"en": "en-us"}
    extra["external_urls"] = {"help_center_signin": "https://login.test.invalid/"}
    en = help_center_addresses(extra, "en")
    assert en["help_center"] == "https://ayuda.test.invalid/hc/en-us"
    assert en["help_center_signin"] == "https://login.test.invalid/"
    assert set(help_center_addresses({}, "es").values()) == {""}  # never invented


HELP_CENTER = "https://ayuda.test.invalid"  # a made-up host: never requested
ARTICLE_WITH_LINKS = (
    "[Enviar una solicitud](ext:help_center_new_request), "
    "[Solicitudes](ext:help_center_requests), [Iniciar sesión](ext:help_center_signin)."
)


def test_unset_address_is_said_once_per_build(build_site):
    files = {**wizard_site(), "contacto/a.md": article("A", ARTICLE_WITH_LINKS * 3)}
    files["contacto/a.en.md"] = article("A", ARTICLE_WITH_LINKS)
    site = build_site(files, data=tiny_data(TINY_TREE))
    assert site.ok, site.log
    notices = [line for line in site.log.splitlines() if "help_center" in line]
    assert len(notices) == 1 and "extra.help_center_url" in notices[0], site.log
    html = site.html("contacto/a/index.html")
    assert "Enviar una solicitud" in html  # shown as text, not a link
    assert not [a for tag, a in _elements(html) if tag == "a" and "/hc/" in (a.get("href") or "")]


def test_set_address_makes_every_help_center_mention_a_link_in_its_language(build_site):
    files = {**wizard_site(), "contacto/a.md": article("A", ARTICLE_WITH_LINKS)}
    files["contacto/a.en.md"] = article("A", ARTICLE_WITH_LINKS)
    site = build_site(
        files,
        config={"extra": {"help_center_url": HELP_CENTER}},
        data=tiny_data(TINY_TREE),
    )
    assert site.ok, site.log
    assert "help_center" not in site.log
    for prefix, locale in (("", "es"), ("en/", "en")):
        hrefs = [a.get("href") for tag, a in _elements(site.html(f"{prefix}contacto/a/index.html"))]
        for path in ("requests/new", "requests", "signin"):
            assert f"{HELP_CENTER}/hc/{locale}/{path}" in hrefs
