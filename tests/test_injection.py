"""Injection: text from YAML data and front matter is escaped wherever it is rendered.

A fixture site is the real project (its docs/ and data/) plus hostile text: an article whose
front-matter title and description are `<script>alert(1)</script> "><img src=x onerror=...>`
(shown in the navigation, the header, the breadcrumbs, the home page's key articles, the
category page, <title> and the meta tags), and a contact tree whose every question, option,
outcome, team name and label holds the same. The hostile text must appear as text, escaped in
the HTML, and no element it describes may exist in the DOM in Chromium, JavaScript on, also
after the wizard and the search have run. Our own JavaScript and templates use no inline event
handler, no eval and no HTML strings.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from audit_site import audit_site
from conftest import ROOT, fixture_config, real_config, run_build, serve_folder
from playwright.sync_api import Page, expect
from screenshots import WIZARD_OUTCOME

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT} {IMG}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ARTICLE = "contacto/pagina-hostil"  # the hostile article, under docs/
WIZARD = "contacto/con-que-equipo-debo-contactar/"
TREE_TEXT_KEYS = {"text", "name", "title", "hint"}  # the contact tree's texts shown to readers

# Elements or effects the hostile text would create if it were not escaped.
INJECTED = """() => ({
  img: document.querySelectorAll("img[src='x'], [onerror]").length,
  script: [...document.scripts].filter((s) => s.textContent.includes("alert(1)")
    && !s.type.includes("json")).length,
  shownAsText: document.body.innerText.includes("<script>alert(1)</script>"),
})"""

# (what is looked for, pattern) in our JavaScript
JS_FORBIDDEN = [
    ("eval", re.compile(r"(?<![\w$.])eval\s*\(")),
    ("new Function", re.compile(r"(?<![\w$.])(?:new\s+)?Function\s*\(")),
    ("string timer", re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*['\"`]")),
    (
        "HTML string sink",
        re.compile(r"\.(?:inner|outer)HTML\s*\+?=|insertAdjacentHTML|document\.write"),
    ),
]
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.S | re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\'\"])//[^\n]*", re.S)

# ----------------------------------------------------------------------------
# The hostile site
# ----------------------------------------------------------------------------


def poisoned_tree() -> dict:
    """The real contact tree with every reader-facing text replaced by hostile text."""
    tree = yaml.safe_load((ROOT / "data" / "contact-tree.yml").read_text(encoding="utf-8"))
    numbers = itertools.count(1)

    def poison(node: object, key: str | None) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("es", "en") and isinstance(value, str) and key in TREE_TEXT_KEYS:
                    node[name] = f"{HOSTILE} {next(numbers)}"  # each text stays unique
                else:
                    poison(value, key if name in ("es", "en") else name)
        elif isinstance(node, list):
            for value in node:
                poison(value, key)

    for part in ("questions", "outcomes", "teams"):
        poison(tree[part], None)
    for label in tree["labels"].values():
        label.update({language: f"{HOSTILE} {next(numbers)}" for language in ("es", "en")})
    return tree


def hostile_article(language: str) -> str:
    """The hostile article: front-matter title and description, promoted to the home page."""
    quoted = "'" + HOSTILE.replace("'", "''") + "'"
    heading = {"es": "Paso", "en": "Step"}[language]
    return (
        f"---\ntitle: {quoted}\ndescription: {quoted}\nlast_reviewed: 2026-11-01\n"
        f"promoted: true\n---\n\n# Hostil\n\n## {heading} {{#paso}}\n\nTicket.\n"
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real docs/ and data/ plus the hostile article and contact tree, built strictly."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data")
    tree = yaml.safe_dump(poisoned_tree(), allow_unicode=True, sort_keys=False)
    (project / "data" / "contact-tree.yml").write_text(tree, encoding="utf-8")
    for language, suffix in (("es", ".md"), ("en", ".en.md")):
        article = project / "docs" / f"{ARTICLE}{suffix}"
        article.write_text(hostile_article(language), encoding="utf-8")
    config = fixture_config(project, {"extra_css": real_config().get("extra_css")})
    config_file = project / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = run_build(config_file, project / "site")
    assert built.ok, built.log
    return built.site_dir


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    url, server = serve_folder(hostile_site)
    yield url
    server.shutdown()


def assert_nothing_injected(page: Page) -> None:
    found = page.evaluate(INJECTED)
    assert found["img"] == 0, "an <img onerror> from the hostile text is in the DOM"
    assert found["script"] == 0, "a <script> from the hostile text is in the DOM"


@pytest.fixture
def dialogs(page: Page) -> Iterator[list[str]]:
    """alert() calls seen by the page (none may happen)."""
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    yield seen
    assert not seen, f"alert() ran: {seen}"


# ----------------------------------------------------------------------------
# The built HTML
# ----------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_every_built_page(hostile_site: Path) -> None:
    pages = list(hostile_site.rglob("*.html"))
    raw = [str(p.relative_to(hostile_site)) for p in pages if SCRIPT in p.read_text("utf-8")]
    raw += [str(p.relative_to(hostile_site)) for p in pages if "<img src=x" in p.read_text("utf-8")]
    assert not raw, f"hostile markup written raw in {sorted(set(raw))}"
    # and it is there, as text, where front matter and the tree are shown
    for path in (
        f"{ARTICLE}/index.html",  # <title>, header, navigation, breadcrumbs, meta tags
        f"en/{ARTICLE}/index.html",
        "index.html",  # the home page's key articles (promoted)
        "en/index.html",
        "contacto/index.html",  # the category's list
        f"{WIZARD}index.html",  # every question, option, outcome, team and label
        f"en/{WIZARD}index.html",
    ):
        assert ESCAPED_SCRIPT in (hostile_site / path).read_text("utf-8"), path
    title = (hostile_site / ARTICLE / "index.html").read_text("utf-8")
    assert f"<title>{ESCAPED_SCRIPT} &#34;&gt;&lt;img" in title


def test_audit_of_the_hostile_site_finds_no_handler_and_no_broken_link(hostile_site: Path) -> None:
    report = audit_site(hostile_site)
    assert report.ok, "\n".join(map(str, report.problems))


# ----------------------------------------------------------------------------
# Chromium
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [f"{ARTICLE}/", f"en/{ARTICLE}/", "", "en/", "contacto/", WIZARD, f"en/{WIZARD}", "404.html"],
)
def test_hostile_text_is_text_in_the_dom(
    page: Page, dialogs: list[str], hostile_url: str, path: str
) -> None:
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    assert_nothing_injected(page)
    if path != "404.html":
        assert page.evaluate(INJECTED)["shownAsText"], "the hostile text is not shown as text"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_wizard_with_hostile_labels_runs_without_injection(
    page: Page, dialogs: list[str], hostile_url: str, prefix: str
) -> None:
    page.goto(hostile_url + prefix + WIZARD)
    wizard = page.locator("#contact-wizard")
    # answer the first question with the first option, as a reader does
    wizard.locator("input[type=radio]").first.check()
    wizard.locator("button[type=submit]:visible").first.click()
    assert_nothing_injected(page)
    # an outcome, reached by following the option links, and its copy button
    outcome = page.evaluate(WIZARD_OUTCOME)
    assert outcome, "no outcome reached from the wizard's start"
    page.goto(hostile_url + prefix + WIZARD + "#" + outcome)
    expect(page.locator(f"[id='{outcome}']")).to_be_visible()
    copy = page.locator(f"[id='{outcome}'] button:visible").first
    if copy.count():
        copy.click()
    assert_nothing_injected(page)
    assert page.evaluate(INJECTED)["shownAsText"]


def test_search_over_the_hostile_site_runs_without_injection(
    page: Page, dialogs: list[str], hostile_url: str
) -> None:
    page.goto(hostile_url + "contacto/")  # the home page's header search hides behind its band's
    page.locator("input.md-search__input").click()
    page.keyboard.type("ticket")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert_nothing_injected(page)


# ----------------------------------------------------------------------------
# Our JavaScript and templates
# ----------------------------------------------------------------------------


def our_javascript() -> dict[str, str]:
    """Our JS files and the inline scripts of our templates, without comments."""
    sources = {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "docs" / "assets" / "javascripts").rglob("*.js"))
    }
    for template in sorted((ROOT / "overrides").rglob("*.html")):
        for number, script in enumerate(INLINE_SCRIPT.findall(template.read_text("utf-8")), 1):
            sources[f"{template.relative_to(ROOT)} <script> {number}"] = script
    return {name: JS_COMMENT.sub("", text) for name, text in sources.items()}


def test_our_javascript_has_no_eval_and_writes_no_html() -> None:
    sources = our_javascript()
    assert any(name.endswith("contact-wizard.js") for name in sources)
    found = [
        f"{name}: {what}"
        for name, text in sources.items()
        for what, pattern in JS_FORBIDDEN
        if pattern.search(text)
    ]
    assert not found, found


def test_our_templates_have_no_inline_event_handler() -> None:
    templates = sorted((ROOT / "overrides").rglob("*.html"))
    assert templates
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:60]}"
        for path in templates
        for match in EVENT_HANDLER.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


@pytest.mark.parametrize(
    # a line of JavaScript or HTML, what the checks must find in it (None: nothing)
    ("code", "expected"),
    [
        ("eval(text)", "eval"),
        ("const f = new Function('a', body);", "new Function"),
        ("setTimeout('go()', 10)", "string timer"),
        ("el.innerHTML = label;", "HTML string sink"),
        ("el.insertAdjacentHTML('beforeend', x)", "HTML string sink"),
        ("setTimeout(() => go(), 10); el.textContent = label;", None),
        ("const evaluation = retrieval(x);", None),
        ('<button onclick="go()">', "handler"),
        ('<button class="one" data-on="x">', None),
    ],
)
def test_the_checks_catch_what_they_look_for(code: str, expected: str | None) -> None:
    found = [what for what, pattern in JS_FORBIDDEN if pattern.search(JS_COMMENT.sub("", code))]
    if EVENT_HANDLER.search(code):
        found.append("handler")
    assert found == ([expected] if expected else [])
