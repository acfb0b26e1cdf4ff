"""The help-center experience around every page, on built HTML and in plain functions.

Built sites: a fixture site (two categories, a page only in Spanish, its own
wizard page) without and with `site_url`, and the real site. Plain functions:
the article model (`articles`), search-engine links (`seo`) and the texts file
(`help_center_data`).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
import yaml
from conftest import ROOT, BuiltSite, SiteBuilder, fixture_config, real_config, run_build

from helpcenter.content import docs_index
from helpcenter.pages import articles, brand, seo
from helpcenter.pages.articles import Article, Catalog
from helpcenter.pages.settings import TEXT_KEYS, load_settings

# ----------------------------------------------------------------------------
# Helpers: a small DOM of built pages
# ----------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    """An element of a parsed page."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """Its text, whitespace collapsed."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return re.sub(r"\s+", " ", html.unescape("".join(parts))).strip()

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes())
            and all(
                node.attrs.get(name.rstrip("_").replace("_", "-")) == v for name, v in attrs.items()
            )
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, (
            f"expected one <{tag or '*'} class={cls} {attrs}>, found {len(found)}"
        )
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: html.unescape(v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: html.unescape(v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_entityref(self, name: str) -> None:
        self.stack[-1].children.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.stack[-1].children.append(f"&#{name};")


def parse(text: str) -> Node:
    """The DOM of an HTML page."""
    builder = _TreeBuilder()
    builder.feed(text)
    return builder.root


def page_dom(site: Path, url: str) -> Node:
    """The DOM of a built page, from its site-relative URL ("en/contacto/x/")."""
    return parse((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(page_url: str, href: str) -> str:
    """The site-relative URL an href found on `page_url` points at ("" is the home page)."""
    href = href.split("#", 1)[0].split("?", 1)[0]
    if href.startswith("/"):
        target = href
    else:
        target = posixpath.normpath(posixpath.join("/" + page_url, href))
    target = target.removesuffix("index.html")
    target = target.strip("/")
    return target + "/" if target else ""


def content(dom: Node) -> Node:
    """The page's main article."""
    return dom.one("article", cls="md-content__inner")


# ----------------------------------------------------------------------------
# Helpers: the sources
# ----------------------------------------------------------------------------

MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre".split(),
    "en": "January February March April May June July August September October November "
    "December".split(),
}


def long_date(value: dt.date, language: str) -> str:
    """A date as a reader of `language` writes it, spelled out by hand (the oracle)."""
    month = MONTHS[language][value.month - 1]
    if language == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{month} {value.day}, {value.year}"


def front_matter(path: Path) -> dict:
    """The front matter of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


@dataclass(frozen=True)
class Source:
    """One page of a docs folder, in one language."""

    key: str  # "contacto/x.md"
    language: str
    file: Path  # its own file, or the Spanish one when it has no translation
    url: str  # site-relative: "en/contacto/x/"

    @property
    def meta(self) -> dict:
        return front_matter(self.file)

    @property
    def translated(self) -> bool:
        return self.language == "es" or self.file.name.endswith(f".{self.language}.md")

    @property
    def is_index(self) -> bool:
        return posixpath.basename(self.key) == "index.md"

    @property
    def category(self) -> str:
        return posixpath.dirname(self.key)


def sources(docs: Path, language: str) -> list[Source]:
    """Every page of `docs` as the `language` site shows it."""
    found = []
    for file in sorted(docs.rglob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", file.name):
            continue
        key = file.relative_to(docs).as_posix()
        own = file.with_name(file.name[: -len(".md")] + f".{language}.md")
        slug = key[: -len("index.md")] if key.endswith("index.md") else key[: -len(".md")] + "/"
        prefix = "" if language == "es" else f"{language}/"
        found.append(
            Source(
                key, language, own if own.is_file() and language != "es" else file, prefix + slug
            )
        )
    return found


def texts(language: str) -> dict[str, str]:
    """The help-center texts of a language, as data/help-center.yml gives them."""
    data = yaml.safe_load((ROOT / "data/help-center.yml").read_text(encoding="utf-8"))
    return data["text"][language]


# ----------------------------------------------------------------------------
# Plain functions: the article model
# ----------------------------------------------------------------------------


def _article(key: str, **fields: object) -> Article:
    slug = key[: -len(".md")] + "/"
    return Article(key=key, url=slug, title=key, **fields)  # type: ignore[arg-type]


def _catalog() -> Catalog:
    home = _article("index.md", is_index=True)
    index = _article("guia/index.md", category="guia/index.md", is_index=True, description="G")
    uno = _article("guia/uno.md", category="guia/index.md", related=("otra/tres.md", "guia/uno.md"))
    dos = _article("guia/dos.md", category="guia/index.md", promoted=True)
    wizard = _article("guia/asistente.md", category="guia/index.md")
    tres = _article("otra/tres.md", category="Otra", promoted=True)
    guia = articles.make_category("Guía", [index, uno, dos, wizard])
    otra = articles.make_category("Otra", [tres])
    assert guia and otra
    return articles.make_catalog(
        "es", [home, index, uno, dos, wizard, tres], [guia, otra], "index.md"
    )


def test_categories_count_their_articles_but_not_their_index_page() -> None:
    guia, otra = _catalog().categories
    assert (guia.key, guia.title, guia.url, guia.count) == (
        "guia/index.md",
        "guia/index.md",
        "guia/index/",
        3,
    )
    # a folder without index.md: named after its section, opened at its first article
    assert (otra.key, otra.title, otra.url, otra.count) == ("Otra", "Otra", "otra/tres/", 1)
    assert articles.make_category("Vacía", []) is None


def test_related_articles_front_matter_first_then_same_category_never_itself() -> None:
    catalog = _catalog()
    uno = catalog.get("guia/uno.md")
    assert uno is not None
    chosen = articles.related_articles(catalog, uno, limit=5, skip=["guia/asistente.md"])
    # otra/tres.md from front matter, then the category's other articles; the
    # article itself (listed in its front matter too) and the skipped wizard never
    assert [a.key for a in chosen] == ["otra/tres.md", "guia/dos.md"]
    assert [a.key for a in articles.related_articles(catalog, uno, limit=1)] == ["otra/tres.md"]
    unknown = _article("guia/x.md", category="guia/index.md", related=("no/existe.md",))
    assert [a.key for a in articles.related_articles(catalog, unknown, limit=5)] == [
        "guia/uno.md",
        "guia/dos.md",
        "guia/asistente.md",
    ]


@pytest.mark.parametrize(
    # key of the page, expected (title, url, current) of each crumb
    ("key", "expected"),
    [
        ("index.md", []),
        ("guia/index.md", [("Inicio", "index/", False), ("guia/index.md", "guia/index/", True)]),
        (
            "guia/uno.md",
            [
                ("Inicio", "index/", False),
                ("guia/index.md", "guia/index/", False),
                ("guia/uno.md", "guia/uno/", True),
            ],
        ),
        (
            "otra/tres.md",
            [
                ("Inicio", "index/", False),
                ("Otra", "otra/tres/", False),
                ("otra/tres.md", "otra/tres/", True),
            ],
        ),
    ],
)
def test_breadcrumbs_go_home_category_article(
    key: str, expected: list[tuple[str, str, bool]]
) -> None:
    catalog = _catalog()
    page = catalog.get(key)
    assert page is not None
    crumbs = articles.breadcrumbs(catalog, page, "Inicio")
    assert [(c.title, c.url, c.current) for c in crumbs] == expected


def test_promoted_articles_in_nav_order() -> None:
    assert [a.key for a in articles.promoted_articles(_catalog())] == [
        "guia/dos.md",
        "otra/tres.md",
    ]


@pytest.mark.parametrize(
    # date, language, as the reader expects it
    ("value", "language", "expected"),
    [
        (dt.date(2026, 11, 27), "es", "27 de noviembre de 2026"),
        (dt.date(2026, 3, 5), "es", "5 de marzo de 2026"),
        (dt.date(2026, 11, 27), "en", "November 27, 2026"),
        (dt.date(2026, 3, 5), "en", "March 5, 2026"),
    ],
)
def test_dates_are_written_in_each_languages_format(
    value: dt.date, language: str, expected: str
) -> None:
    assert articles.format_date(value, language) == expected == long_date(value, language)


@pytest.mark.parametrize(
    # front matter value, the date read from it
    ("value", "expected"),
    [
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 10, 30), dt.date(2026, 1, 2)),
        ("2026-01-02", dt.date(2026, 1, 2)),
        ("2 de enero", None),
        (20260102, None),
        (None, None),
    ],
)
def test_last_reviewed_is_read_only_from_dates(value: object, expected: dt.date | None) -> None:
    assert articles.as_date(value) == expected


def _doc_page(text: str) -> docs_index.DocPage:
    read = docs_index.ReadResult(text)
    return docs_index.parse_page(
        read, src_path="x.md", language="es", file=Path("x.md"), display_path="docs/x.md"
    )


def test_front_matter_lines_of_related_items() -> None:
    source = "---\ntitle: X\nrelated:\n  - a/b.md\n  - 'c/d.md'\npromoted: true\n---\n\n- e.md\n"
    assert articles.front_matter_lines(_doc_page(source), "related") == {"a/b.md": 4, "c/d.md": 5}
    flow = _doc_page("---\nrelated: [a.md, b.md]\n---\n")
    assert articles.front_matter_lines(flow, "related") == {"a.md": 2, "b.md": 2}
    one = _doc_page("---\ntitle: X\nrelated: a.md\n---\n")
    assert articles.front_matter_lines(one, "related") == {"a.md": 3}
    none = _doc_page("no front matter\nrelated:\n - a.md\n")
    assert articles.front_matter_lines(none, "related") == {}


def test_related_listing_the_article_itself_is_a_problem() -> None:
    uno = _article("guia/uno.md", related=("guia/dos.md", "./guia/uno.md"))
    problems = articles.check_related(uno, "docs/guia/uno.md", {"./guia/uno.md": 7})
    assert [str(p) for p in problems] == [
        "docs/guia/uno.md:7: related: «./guia/uno.md» is this article itself — "
        "remove it: related articles are other articles"
    ]


# ----------------------------------------------------------------------------
# Plain functions: search engines
# ----------------------------------------------------------------------------

ES = seo.Version("es", "es", "guia/uno/")
EN = seo.Version("en", "en", "en/guia/uno/")
EN_FALLBACK = seo.Version("en", "es", "en/guia/uno/")


def test_canonical_and_alternates_need_site_url() -> None:
    assert seo.canonical(None, EN, ES) is None
    assert seo.alternates(None, [ES, EN], "es") == ()
    assert (
        seo.canonical("https://example.org/help", EN, ES) == "https://example.org/help/en/guia/uno/"
    )
    assert [
        (a.hreflang, a.href) for a in seo.alternates("https://example.org/", [ES, EN], "es")
    ] == [
        ("es", "https://example.org/guia/uno/"),
        ("en", "https://example.org/en/guia/uno/"),
        ("x-default", "https://example.org/guia/uno/"),
    ]


def test_an_untranslated_page_points_at_its_original_and_has_no_alternates() -> None:
    assert seo.canonical("https://example.org/", EN_FALLBACK, ES) == "https://example.org/guia/uno/"
    assert seo.alternates("https://example.org/", [ES, EN_FALLBACK], "es") == ()


def test_sitemap_lists_translated_versions_with_their_dates() -> None:
    urls = seo.sitemap(
        "/",
        [{"es": ES, "en": EN}, {"es": seo.Version("es", "es", "guia/dos/"), "en": EN_FALLBACK}],
        {("es", "guia/uno.md"): dt.date(2026, 1, 2)},
        ["guia/uno.md", "guia/dos.md"],
        "es",
    )
    assert [(u.loc, u.lastmod) for u in urls] == [
        ("/guia/uno/", dt.date(2026, 1, 2)),
        ("/en/guia/uno/", None),
        ("/guia/dos/", None),
    ]
    assert [a.hreflang for a in urls[0].alternates] == ["es", "en", "x-default"]
    assert urls[2].alternates == ()


# ----------------------------------------------------------------------------
# Plain functions: data/help-center.yml
# ----------------------------------------------------------------------------

DATA = (ROOT / "data/help-center.yml").read_text(encoding="utf-8")


def test_the_real_texts_file_is_complete() -> None:
    settings, problems = load_settings(
        ROOT / "data/help-center.yml", ["es", "en"], "data/help-center.yml"
    )
    assert problems == []
    assert settings.wizard == "contacto/con-que-equipo-debo-contactar.md"
    assert set(settings.texts("es")) == set(settings.texts("en")) == set(TEXT_KEYS)


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    # what the writer did, the edit, the line it concerns, the expected message
    ("case", "old", "new", "needle", "message"),
    [
        (
            "text missing",
            "    help_title: Need more help?\n",
            "",
            "  en:",
            "text.en.help_title: missing or empty",
        ),
        (
            "text emptied",
            "    home: Inicio\n",
            '    home: ""\n',
            'home: ""',
            "text.es.home: missing or empty",
        ),
        (
            "key misspelt",
            "    home: Home\n",
            "    hom: Home\n",
            "hom: Home",
            "text.en.hom: unknown key",
        ),
        ("no language", "\n  en:\n", "\n  fr:\n", "fr:", "text: no block for language «en»"),
        (
            "bad limit",
            "related_limit: 5",
            "related_limit: -2",
            "related_limit: -2",
            "related_limit: expected a whole number ≥ 0, found «-2»",
        ),
        (
            "bad YAML",
            "    home: Inicio\n",
            "    home: Inicio: x\n",
            "home: Inicio: x",
            "not valid YAML",
        ),
    ],
)
def test_texts_file_mistakes_are_reported_with_their_line(
    tmp_path: Path, case: str, old: str, new: str, needle: str, message: str
) -> None:
    assert old in DATA, case
    text = DATA.replace(old, new, 1)
    path = tmp_path / "help-center.yml"
    path.write_text(text, encoding="utf-8")
    settings, problems = load_settings(path, ["es", "en"], "data/help-center.yml")
    found = [str(p) for p in problems if message in p.message]
    assert found, [str(p) for p in problems]
    if case != "no language":
        assert found[0].startswith(f"data/help-center.yml:{_line(text, needle)}: "), found
    # the site still renders: every text of both languages is there
    assert set(settings.texts("en")) == set(TEXT_KEYS)


def test_a_missing_texts_file_is_reported(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "nope.yml", ["es"], "data/help-center.yml")
    assert [str(p) for p in problems] == [
        "data/help-center.yml: the file is missing — restore it (git checkout -- data/)"
    ]
    assert settings.texts("es")["home"] == "home"


# ----------------------------------------------------------------------------
# Fixture site: two categories, a page only in Spanish, its own wizard
# ----------------------------------------------------------------------------


def _page(title: str, description: str, body: str, **meta: object) -> str:
    head = yaml.safe_dump({"title": title, "description": description, **meta}, allow_unicode=True)
    return f"---\n{head}---\n\n# {title}\n\n{body}\n"


FIXTURE: dict[str, str] = {
    "index.md": _page("Centro de prueba", "Inicio de prueba.", "Bienvenida al centro de prueba."),
    "index.en.md": _page("Test center", "Test home.", "Welcome to the test center."),
    "guia/index.md": _page("Guía", "Artículos de la guía.", "Todo sobre la guía."),
    "guia/index.en.md": _page("Guide", "Guide articles.", "All about the guide."),
    "guia/uno.md": _page(
        "Artículo uno",
        "Descripción del uno.",
        "Texto del artículo uno.",
        last_reviewed=dt.date(2026, 3, 5),
        promoted=True,
        related=["guia/tres.md"],
    ),
    "guia/uno.en.md": _page(
        "Article one",
        "Description of one.",
        "Text of article one.",
        last_reviewed=dt.date(2026, 3, 5),
        promoted=True,
        related=["guia/dos.md"],
    ),
    "guia/dos.md": _page("Artículo dos", "Descripción del dos.", "Texto del artículo dos."),
    "guia/dos.en.md": _page("Article two", "Description of two.", "Text of article two."),
    "guia/tres.md": _page(
        "Artículo tres",
        "Descripción del tres.",
        "Texto del artículo tres, solo en español.",
        last_reviewed=dt.date(2025, 12, 1),
        order=1,  # first in its category; the others by file name
    ),
    "ayuda/index.md": _page("Ayuda", "Cómo pedir ayuda.", "Todo para pedir ayuda."),
    "ayuda/index.en.md": _page("Help", "How to ask for help.", "All to ask for help."),
    "ayuda/asistente.md": _page("¿A quién escribo?", "El asistente.", "Respuestas del asistente."),
    "ayuda/asistente.en.md": _page(
        "Who do I write to?", "The assistant.", "The assistant's answers."
    ),
}
FIXTURE_DATA = {
    "help-center.yml": DATA.replace(
        "wizard: contacto/con-que-equipo-debo-contactar.md", "wizard: ayuda/asistente.md"
    )
}


def _build_fixture(folder: Path, config: dict | None = None) -> BuiltSite:
    """The fixture site built like `build_site` does (real hooks, theme and config)."""
    project = folder / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "data", project / "data")
    for name, text in FIXTURE_DATA.items():
        (project / "data" / name).write_text(text, encoding="utf-8")
    for name, text in FIXTURE.items():
        target = project / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(fixture_config(project, config), allow_unicode=True), encoding="utf-8"
    )
    return run_build(config_file, project / "site")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = _build_fixture(tmp_path_factory.mktemp("hc-fixture"))
    assert built.ok, built.log
    return built


@pytest.fixture(scope="module")
def fixture_site_url(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = _build_fixture(
        tmp_path_factory.mktemp("hc-fixture-url"), {"site_url": "https://example.org/centro/"}
    )
    assert built.ok, built.log
    return built


@pytest.mark.parametrize(
    # page, expected crumbs (text, target), in order
    ("url", "expected"),
    [
        ("guia/uno/", [("Inicio", ""), ("Guía", "guia/"), ("Artículo uno", "guia/uno/")]),
        ("en/guia/uno/", [("Home", "en/"), ("Guide", "en/guia/"), ("Article one", "en/guia/uno/")]),
        (
            "en/guia/tres/",
            [("Home", "en/"), ("Guide", "en/guia/"), ("Artículo tres", "en/guia/tres/")],
        ),
        ("guia/", [("Inicio", ""), ("Guía", "guia/")]),
        ("en/guia/", [("Home", "en/"), ("Guide", "en/guia/")]),
    ],
)
def test_fixture_breadcrumbs(
    fixture_site: BuiltSite, url: str, expected: list[tuple[str, str]]
) -> None:
    dom = page_dom(fixture_site.site_dir, url)
    nav = dom.one("nav", cls="hc-breadcrumbs")
    links = nav.find_all("a")
    assert [(a.text(), resolve(url, a.attrs["href"])) for a in links] == expected
    assert [a.attrs.get("aria-current") for a in links][-1] == "page"
    # a title shown in Spanish on the English site says so
    last = links[-1].one("span")
    assert last.attrs.get("lang") == ("es" if url == "en/guia/tres/" else None)
    assert all("aria-current" not in a.attrs for a in links[:-1])
    assert (
        nav.attrs["aria-label"]
        == texts("es" if not url.startswith("en/") else "en")["breadcrumbs_label"]
    )


def test_fixture_home_has_no_breadcrumbs(fixture_site: BuiltSite) -> None:
    for url in ("", "en/"):
        assert page_dom(fixture_site.site_dir, url).find("nav", cls="hc-breadcrumbs") is None


def test_fixture_untranslated_page_says_so_under_its_title(fixture_site: BuiltSite) -> None:
    dom = page_dom(fixture_site.site_dir, "en/guia/tres/")
    article = dom.one("div", cls="hc-article")
    assert article.attrs.get("lang") == "es"  # the text is Spanish...
    children = [c for c in article.children if isinstance(c, Node)]
    assert children[0].tag == "h1" and children[0].text() == "Artículo tres"
    notice = children[1]
    assert "hc-untranslated" in notice.classes()
    assert notice.attrs["lang"] == "en"  # ...the notice is English
    assert notice.text() == texts("en")["untranslated"]
    # translated pages have none, nor has the Spanish original
    for url in ("guia/tres/", "en/guia/uno/", "guia/uno/"):
        assert page_dom(fixture_site.site_dir, url).find(cls="hc-untranslated") is None


def test_fixture_build_lists_the_untranslated_page(fixture_site: BuiltSite) -> None:
    lines = [line for line in fixture_site.log.splitlines() if "docs/guia/tres.md" in line]
    assert any("tres.en.md" in line for line in lines), fixture_site.log


@pytest.mark.parametrize(
    # page, the date it shows
    ("url", "expected"),
    [
        ("guia/uno/", ("2026-03-05", "5 de marzo de 2026", "Última revisión")),
        ("en/guia/uno/", ("2026-03-05", "March 5, 2026", "Last reviewed")),
        ("en/guia/tres/", ("2025-12-01", "December 1, 2025", "Last reviewed")),
    ],
)
def test_fixture_last_reviewed_in_each_language(
    fixture_site: BuiltSite, url: str, expected: tuple[str, str, str]
) -> None:
    reviewed = page_dom(fixture_site.site_dir, url).one("p", cls="hc-reviewed")
    time = reviewed.one("time")
    assert (time.attrs["datetime"], time.text()) == expected[:2]
    assert reviewed.text() == f"{expected[2]}: {expected[1]}"


def test_fixture_page_without_a_date_shows_none(fixture_site: BuiltSite) -> None:
    assert page_dom(fixture_site.site_dir, "guia/dos/").find(cls="hc-reviewed") is None


@pytest.mark.parametrize(
    # page, related articles it shows, in order
    ("url", "expected"),
    [
        # front matter first (tres), then the category's other articles; never itself or the wizard
        ("guia/uno/", ["guia/tres/", "guia/dos/"]),
        ("en/guia/uno/", ["en/guia/dos/", "en/guia/tres/"]),
        ("guia/dos/", ["guia/tres/", "guia/uno/"]),  # nav order: alphabetical
        ("ayuda/asistente/", []),
    ],
)
def test_fixture_related_articles(fixture_site: BuiltSite, url: str, expected: list[str]) -> None:
    dom = page_dom(fixture_site.site_dir, url)
    section = dom.find("section", cls="hc-related")
    found = [resolve(url, a.attrs["href"]) for a in section.find_all("a")] if section else []
    assert found == expected
    for target in found:
        assert (fixture_site.site_dir / target / "index.html").is_file()


def test_fixture_related_untranslated_article_is_marked_spanish(fixture_site: BuiltSite) -> None:
    section = page_dom(fixture_site.site_dir, "en/guia/uno/").one("section", cls="hc-related")
    langs = {a.text(): a.attrs.get("lang") for a in section.find_all("a")}
    assert langs == {"Article two": None, "Artículo tres": "es"}


def test_fixture_need_more_help_links_the_wizard_but_not_on_the_wizard(
    fixture_site: BuiltSite,
) -> None:
    for url, wizard in [("guia/uno/", "ayuda/asistente/"), ("en/guia/", "en/ayuda/asistente/")]:
        box = page_dom(fixture_site.site_dir, url).one("section", cls="hc-help")
        link = box.one("a")
        assert resolve(url, link.attrs["href"]) == wizard
    for url in ("ayuda/asistente/", "en/ayuda/asistente/"):
        assert page_dom(fixture_site.site_dir, url).find(cls="hc-help") is None


def test_fixture_without_site_url_has_no_canonical_nor_hreflang(fixture_site: BuiltSite) -> None:
    for url in ("", "guia/uno/", "en/guia/uno/", "en/guia/tres/"):
        dom = page_dom(fixture_site.site_dir, url)
        assert dom.find("link", rel="canonical") is None
        assert [link for link in dom.find_all("link") if "hreflang" in link.attrs] == []
    sitemap = (fixture_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "/guia/uno/" in locs and "/en/guia/uno/" in locs  # site-root paths


@pytest.mark.parametrize(
    # page, canonical URL, hreflang alternates
    ("url", "canonical", "alternates"),
    [
        (
            "guia/uno/",
            "https://example.org/centro/guia/uno/",
            {
                "es": "https://example.org/centro/guia/uno/",
                "en": "https://example.org/centro/en/guia/uno/",
                "x-default": "https://example.org/centro/guia/uno/",
            },
        ),
        (
            "en/guia/uno/",
            "https://example.org/centro/en/guia/uno/",
            {
                "es": "https://example.org/centro/guia/uno/",
                "en": "https://example.org/centro/en/guia/uno/",
                "x-default": "https://example.org/centro/guia/uno/",
            },
        ),
        (
            "en/",
            "https://example.org/centro/en/",
            {
                "es": "https://example.org/centro/",
                "en": "https://example.org/centro/en/",
                "x-default": "https://example.org/centro/",
            },
        ),
        # only in Spanish: the English fallback's canonical is the original, no alternates
        ("en/guia/tres/", "https://example.org/centro/guia/tres/", {}),
        ("guia/tres/", "https://example.org/centro/guia/tres/", {}),
    ],
)
def test_fixture_with_site_url_has_canonical_and_hreflang(
    fixture_site_url: BuiltSite, url: str, canonical: str, alternates: dict[str, str]
) -> None:
    dom = page_dom(fixture_site_url.site_dir, url)
    assert dom.one("link", rel="canonical").attrs["href"] == canonical
    found = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in dom.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert found == alternates
    assert dom.one("meta", property="og:url").attrs["content"] == canonical


def test_fixture_sitemap_holds_both_languages(fixture_site_url: BuiltSite) -> None:
    sitemap = (fixture_site_url.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    by_loc = {re.search(r"<loc>([^<]+)</loc>", u).group(1): u for u in urls}  # type: ignore[union-attr]
    expected = {
        f"https://example.org/centro/{prefix}{slug}"
        for prefix in ("", "en/")
        for slug in ("", "guia/", "guia/uno/", "guia/dos/", "ayuda/", "ayuda/asistente/")
    } | {"https://example.org/centro/guia/tres/"}
    assert set(by_loc) == expected  # the untranslated English page is left out
    uno = by_loc["https://example.org/centro/en/guia/uno/"]
    assert "<lastmod>2026-03-05</lastmod>" in uno
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', uno) == [
        ("es", "https://example.org/centro/guia/uno/"),
        ("en", "https://example.org/centro/en/guia/uno/"),
        ("x-default", "https://example.org/centro/guia/uno/"),
    ]


def test_fixture_meta_description_from_front_matter(fixture_site: BuiltSite) -> None:
    for url, description in [
        ("guia/uno/", "Descripción del uno."),
        ("en/guia/uno/", "Description of one."),
    ]:
        dom = page_dom(fixture_site.site_dir, url)
        assert dom.one("meta", name="description").attrs["content"] == description
        assert dom.one("meta", property="og:description").attrs["content"] == description


def test_fixture_home_cards_counts_promoted_and_wizard(fixture_site: BuiltSite) -> None:
    for url, language, cards, promoted, wizard in [
        (
            "",
            "es",
            {("Guía", "guia/", "3 artículos"), ("Ayuda", "ayuda/", "1 artículo")},
            ["guia/uno/"],
            "ayuda/asistente/",
        ),
        (
            "en/",
            "en",
            {("Guide", "en/guia/", "3 articles"), ("Help", "en/ayuda/", "1 article")},
            ["en/guia/uno/"],
            "en/ayuda/asistente/",
        ),
    ]:
        home = content(page_dom(fixture_site.site_dir, url))
        found = {
            (
                card.one("a").text(),
                resolve(url, card.one("a").attrs["href"]),
                card.one(cls="hc-card__count").text(),
            )
            for card in home.one("section", cls="hc-home__categories").find_all("li", cls="hc-card")
        }
        assert found == cards
        section = home.one("section", cls="hc-home__promoted")
        assert [resolve(url, a.attrs["href"]) for a in section.find_all("a")] == promoted
        entry = home.one("section", cls="hc-home__wizard")
        assert resolve(url, entry.one("a").attrs["href"]) == wizard
        form = home.one("div", cls="hc-home__band").one("form", role="search")
        assert form.one("input", name="q").attrs["type"] == "search"
        assert resolve(url, form.attrs["action"]) == url
        assert texts(language)["search_title"] == form.one("label").text()


@pytest.mark.parametrize(
    # category page, its articles in the expected order (order: first, then by file name)
    ("url", "expected"),
    [
        ("guia/", ["guia/tres/", "guia/dos/", "guia/uno/"]),
        ("en/guia/", ["en/guia/tres/", "en/guia/dos/", "en/guia/uno/"]),
    ],
)
def test_fixture_category_page_lists_its_articles_from_their_front_matter(
    fixture_site: BuiltSite, url: str, expected: list[str]
) -> None:
    dom = page_dom(fixture_site.site_dir, url)
    listing = content(dom).one("section", cls="hc-category")
    links = listing.find_all("a", cls="hc-category__link")
    assert [resolve(url, a.attrs["href"]) for a in links] == expected
    titles = [a.text() for a in links]
    assert titles[1] in {"Artículo dos", "Article two"}
    descriptions = [p.text() for p in listing.find_all("p", cls="hc-category__description")]
    assert descriptions[0] == "Descripción del tres."  # from the article's front matter
    # the sidebar lists them in the same order
    nav = dom.one("nav", cls="md-nav--primary")
    in_nav = [resolve(url, a.attrs["href"]) for a in nav.find_all("a", cls="md-nav__link")]
    assert [u for u in in_nav if u in expected] == expected
    # a category page shows no review date
    assert content(dom).find("time") is None


def test_fixture_home_is_not_listed_twice_in_the_navigation(fixture_site: BuiltSite) -> None:
    for url, home in [("guia/dos/", ""), ("en/guia/dos/", "en/")]:
        site_name = page_dom(fixture_site.site_dir, home).one("title").text()
        nav = page_dom(fixture_site.site_dir, url).one("nav", cls="md-nav--primary")
        assert nav.find_all("label", cls="md-nav__title")[0].text() == site_name
        links = [resolve(url, a.attrs["href"]) for a in nav.find_all("a", cls="md-nav__link")]
        assert home not in links


def test_fixture_404_pages_in_each_language(fixture_site: BuiltSite) -> None:
    _check_404_pages(fixture_site.site_dir, root="/")


def test_fixture_404_pages_with_site_url(fixture_site_url: BuiltSite) -> None:
    _check_404_pages(fixture_site_url.site_dir, root="/centro/")  # site_url's path


def _check_404_pages(site: Path, root: str) -> None:
    # each language's 404 page holds every language's message, its own first, each with its
    # links from the site's root: a host that serves only the root 404.html still has English
    homes = {"es": root, "en": root + "en/"}
    for path, language in [("404.html", "es"), ("en/404.html", "en")]:
        dom = parse((site / path).read_text(encoding="utf-8"))
        assert dom.one("html").attrs["lang"] == language
        main = content(dom)
        blocks = main.find_all("section", cls="hc-not-found__language")
        assert [b.attrs["lang"] for b in blocks] == [language] + [
            other for other in homes if other != language
        ]
        for block in blocks:
            lang = block.attrs["lang"]
            assert block.attrs["data-hc-folder"] == homes[lang]
            assert block.one("h1").text() == texts(lang)["not_found_title"]
            assert block.one("a", cls="hc-not-found__home").attrs["href"] == homes[lang]
        # no language switcher pointing at whatever page was built last
        assert not dom.find_all("a", cls="md-select__link")
        # every stylesheet and script is addressed from the site's root: any depth works
        for node in dom.find_all("link", rel="stylesheet") + dom.find_all("script"):
            address = node.attrs.get("href") or node.attrs.get("src")
            if address:
                assert address.startswith(root), f"{path}: {address}"
        assert dom.one("meta", name="robots").attrs["content"] == "noindex"


# ----------------------------------------------------------------------------
# Fixture sites: mistakes
# ----------------------------------------------------------------------------


def test_related_listing_itself_fails_the_build_with_its_line(build_site: SiteBuilder) -> None:
    files = dict(FIXTURE)
    files["guia/dos.md"] = _page(
        "Artículo dos", "Descripción del dos.", "Texto.", related=["guia/dos.md"]
    )
    built = build_site(files, data=FIXTURE_DATA)
    assert not built.ok
    line = _line(files["guia/dos.md"], "- guia/dos.md")
    assert f"docs/guia/dos.md:{line}: related: «guia/dos.md» is this article itself" in built.log


def test_related_path_to_no_page_fails_the_build(build_site: SiteBuilder) -> None:
    files = dict(FIXTURE)
    files["guia/dos.md"] = _page(
        "Artículo dos", "Descripción del dos.", "Texto.", related=["guia/no-existe.md"]
    )
    built = build_site(files, data=FIXTURE_DATA)
    assert not built.ok
    line = _line(files["guia/dos.md"], "- guia/no-existe.md")
    assert any(
        w.startswith(f"docs/guia/dos.md:{line}:") and "guia/no-existe.md" in w
        for w in built.warnings()
    ), built.log


def test_texts_file_mistake_fails_the_build_and_still_renders(build_site: SiteBuilder) -> None:
    data = {"help-center.yml": FIXTURE_DATA["help-center.yml"].replace("    home: Home\n", "")}
    built = build_site(FIXTURE, data=data, strict=False)
    assert any(
        "data/help-center.yml:" in w and "text.en.home: missing or empty" in w
        for w in built.warnings()
    ), built.log
    # without strict the site is built, the missing text falling back to Spanish
    crumbs = page_dom(built.site_dir, "en/guia/uno/").one("nav", cls="hc-breadcrumbs")
    assert crumbs.find_all("a")[0].text() == "Inicio"


# ----------------------------------------------------------------------------
# The real site
# ----------------------------------------------------------------------------

DOCS = ROOT / "docs"
LANGUAGES = ("es", "en")


def _real_sources(language: str) -> list[Source]:
    return sources(DOCS, language)


def _articles(language: str) -> list[Source]:
    return [s for s in _real_sources(language) if not s.is_index]


def _wizard_key() -> str:
    return yaml.safe_load(DATA)["wizard"]


def _wizard_url(language: str) -> str:
    return next(s.url for s in _real_sources(language) if s.key == _wizard_key())


def _real_ids(language: str) -> list[str]:
    return [s.url or "home" for s in _real_sources(language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_breadcrumbs_home_category_article(real_site: Path, language: str) -> None:
    home = "" if language == "es" else "en/"
    for source in _real_sources(language):
        dom = page_dom(real_site, source.url)
        nav = dom.find("nav", cls="hc-breadcrumbs")
        if source.key == "index.md":
            assert nav is None
            continue
        assert nav is not None, source.url
        crumbs = [(a.text(), resolve(source.url, a.attrs["href"])) for a in nav.find_all("a")]
        category = next(
            s for s in _real_sources(language) if s.key == f"{source.category}/index.md"
        )
        expected = [(texts(language)["home"], home), (category.meta["title"], category.url)]
        if not source.is_index:
            expected.append((source.meta["title"], source.url))
        assert crumbs == expected, source.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_last_reviewed_date_in_the_languages_format(real_site: Path, language: str) -> None:
    checked = 0
    for source in _real_sources(language):
        found = page_dom(real_site, source.url).find("time")
        if source.is_index:
            assert found is None, f"{source.url}: the home and category pages show no date"
            continue
        reviewed = source.meta.get("last_reviewed")
        if not isinstance(reviewed, dt.date):
            assert found is None, source.url
            continue
        assert found is not None, source.url
        assert found.attrs["datetime"] == reviewed.isoformat()
        assert found.text() == long_date(reviewed, language), source.url
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_related_articles_front_matter_first_and_links_work(
    real_site: Path, language: str
) -> None:
    by_key = {s.key: s for s in _real_sources(language)}
    for source in _articles(language):
        section = page_dom(real_site, source.url).find("section", cls="hc-related")
        found = (
            [resolve(source.url, a.attrs["href"]) for a in section.find_all("a")] if section else []
        )
        listed = [by_key[key].url for key in source.meta.get("related", []) if key in by_key]
        assert found[: len(listed)] == listed, source.url
        assert source.url not in found
        assert len(found) == len(set(found)) <= 5
        for url in found:
            assert (real_site / url / "index.html").is_file(), f"{source.url} → {url}"
            target = next(s for s in _real_sources(language) if s.url == url)
            assert url in listed or target.category == source.category


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_feedback_block_on_every_article(real_site: Path, language: str) -> None:
    t = texts(language)
    wizard = _wizard_url(language)
    for source in _articles(language):
        dom = page_dom(real_site, source.url)
        block = dom.one("div", cls="hc-feedback")
        assert block.one("legend").text() == t["feedback_question"]
        radios = block.find_all("input", type="radio")
        assert [r.attrs["value"] for r in radios] == ["yes", "no"]
        labels = {block.one("label", for_=r.attrs["id"]).text() for r in radios}
        assert labels == {t["feedback_yes"], t["feedback_no"]}
        yes = block.one(id="hc-feedback-answer-yes")
        assert yes.text() == t["feedback_thanks"]
        no = block.one(id="hc-feedback-answer-no")
        targets = [resolve(source.url, a.attrs["href"]) for a in no.find_all("a")]
        related = dom.find("section", cls="hc-related")
        related_targets = (
            [resolve(source.url, a.attrs["href"]) for a in related.find_all("a")] if related else []
        )
        expected = ([wizard] if source.url != wizard else []) + related_targets
        assert targets == expected, source.url
        assert targets, source.url
        assert "data-search-exclude" in block.attrs
    for source in [s for s in _real_sources(language) if s.is_index]:
        assert page_dom(real_site, source.url).find(cls="hc-feedback") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_need_more_help_links_the_wizard_on_every_article(
    real_site: Path, language: str
) -> None:
    wizard = _wizard_url(language)
    for source in _real_sources(language):
        if source.key == "index.md":
            continue
        box = page_dom(real_site, source.url).find("section", cls="hc-help")
        if source.url == wizard:
            assert box is None
            continue
        assert box is not None, source.url
        assert box.one("h2").text() == texts(language)["help_title"]
        assert [resolve(source.url, a.attrs["href"]) for a in box.find_all("a")] == [wizard]
        assert "data-search-exclude" in box.attrs
        # outside the article's own text, so search does not index it
        assert not any("hc-article" in node.classes() for node in box.ancestors())


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_meta_description_from_front_matter(real_site: Path, language: str) -> None:
    for source in _real_sources(language):
        dom = page_dom(real_site, source.url)
        assert dom.one("meta", name="description").attrs["content"] == source.meta["description"]


def test_real_canonical_and_hreflang_follow_site_url(real_site: Path) -> None:
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url")
    for language in LANGUAGES:
        for source in _real_sources(language):
            dom = page_dom(real_site, source.url)
            canonical = dom.find("link", rel="canonical")
            hreflangs = [link for link in dom.find_all("link") if "hreflang" in link.attrs]
            if not site_url:
                assert canonical is None and hreflangs == [], source.url
            else:
                assert canonical is not None and canonical.attrs["href"].startswith(site_url)
                assert all(link.attrs["href"].startswith(site_url) for link in hreflangs)


def test_real_sitemap_holds_both_languages(real_site: Path) -> None:
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url")
    root = site_url or "/"
    for language in LANGUAGES:
        for source in _real_sources(language):
            if source.translated:
                assert root + source.url in locs, source.url


def test_real_search_index_holds_no_help_center_additions(real_site: Path) -> None:
    indexes = [p for p in (real_site / "search").rglob("*.json")]
    assert indexes
    for index in indexes:
        text = index.read_text(encoding="utf-8")
        for language in LANGUAGES:
            for key in ("help_title", "feedback_question", "feedback_thanks", "last_reviewed"):
                assert texts(language)[key] not in text, f"{index.name}: {texts(language)[key]}"


def test_real_language_switcher_keeps_the_reader_on_the_same_page(real_site: Path) -> None:
    for source in _articles("es"):
        dom = page_dom(real_site, source.url)
        links = {
            a.attrs["hreflang"]: a.attrs["href"] for a in dom.find_all("a", cls="md-select__link")
        }
        assert resolve(source.url, links["en"]) == "en/" + source.url
        assert resolve(source.url, links["es"]) == source.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_home_search_cards_promoted_wizard(real_site: Path, language: str) -> None:
    url = "" if language == "es" else "en/"
    t = texts(language)
    home = content(page_dom(real_site, url))
    blocks = [n for n in home.one("div", cls="hc-home").children if isinstance(n, Node)]
    # the search box comes first, in the band, before any section
    band = blocks[0]
    assert "hc-home__band" in band.classes()
    form = band.one("form", role="search")
    assert resolve(url, form.attrs["action"]) == url
    # category cards with their counts, computed from docs/
    sources_ = _real_sources(language)
    categories = {s.category: s for s in sources_ if s.is_index and s.category}
    cards = home.one("section", cls="hc-home__categories").find_all("li", cls="hc-card")
    assert len(cards) == len(categories) >= 1
    for card in cards:
        target = resolve(url, card.one("a").attrs["href"])
        index = next(s for s in categories.values() if s.url == target)
        count = len([s for s in sources_ if s.category == index.category and not s.is_index])
        label = (
            t["articles_one"] if count == 1 else t["articles_other"].replace("{count}", str(count))
        )
        assert card.one(cls="hc-card__count").text() == label
        assert card.one("a").text() == index.meta["title"]
    promoted = home.one("section", cls="hc-home__promoted")
    expected = {s.url for s in sources_ if s.meta.get("promoted") is True}
    assert {resolve(url, a.attrs["href"]) for a in promoted.find_all("a")} == expected
    assert expected
    wizard = home.one("section", cls="hc-home__wizard")
    assert resolve(url, wizard.one("a").attrs["href"]) == _wizard_url(language)


def test_real_404_pages_in_each_language(real_site: Path) -> None:
    _check_404_pages(real_site, root="/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_real_home_card_counts_what_the_category_page_lists(real_site: Path, language: str) -> None:
    url = "" if language == "es" else "en/"
    t = texts(language)
    home = content(page_dom(real_site, url))
    cards = home.one("section", cls="hc-home__categories").find_all("li", cls="hc-card")
    assert cards
    for card in cards:
        target = resolve(url, card.one("a").attrs["href"])
        listing = content(page_dom(real_site, target)).one("section", cls="hc-category")
        count = len(listing.find_all("li", cls="hc-category__item"))
        label = (
            t["articles_one"] if count == 1 else t["articles_other"].replace("{count}", str(count))
        )
        assert card.one(cls="hc-card__count").text() == label, target


def test_real_pages_have_no_documentation_furniture(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        dom = parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(real_site).as_posix()
        # no «Anterior / Siguiente» (the articles are not a sequence: related articles instead)
        assert not dom.find_all("a", cls="md-footer__link"), where
        assert not dom.find_all("link", rel="prev") and not dom.find_all("link", rel="next")
        # no generator credit
        footer = dom.find("footer")
        assert footer is None or "Material for MkDocs" not in footer.text(), where
        assert not dom.find_all("meta", name="generator"), where


@pytest.mark.parametrize(("url", "name"), [("", "Centro de ayuda de Multivende"), ("en/", None)])
def test_real_home_title_is_the_sites_name_once(
    real_site: Path, url: str, name: str | None
) -> None:
    dom = page_dom(real_site, url)
    title = dom.one("title").text()
    assert " - " not in title
    if name:
        assert title == name


def test_real_category_page_lists_every_article_of_its_folder(real_site: Path) -> None:
    listing = content(page_dom(real_site, "contacto/")).one("section", cls="hc-category")
    listed = {
        resolve("contacto/", a.attrs["href"])
        for a in listing.find_all("a", cls="hc-category__link")
    }
    on_disk = {
        f"contacto/{p.stem}/"
        for p in (ROOT / "docs" / "contacto").glob("*.md")
        if "." not in p.stem and p.stem != "index"
    }
    assert listed == on_disk
    source = (ROOT / "docs" / "contacto" / "index.md").read_text(encoding="utf-8")
    assert "](como-contactar" not in source, "the category page lists its articles by itself"


# ----------------------------------------------------------------------------
# The header's Help Center links, the brand's colours
# ----------------------------------------------------------------------------

TINY = {
    "index.md": _page("Inicio", "Inicio.", "Hola."),
    "index.en.md": _page("Home", "Home.", "Hello."),
    "guia/index.md": _page("Guía", "La guía.", "Todo."),
    "guia/index.en.md": _page("Guide", "The guide.", "All."),
    "guia/uno.md": _page("Uno", "El uno.", "Texto."),
    "guia/uno.en.md": _page("One", "The one.", "Text."),
}


def test_header_links_to_the_help_center_once_its_address_is_set(build_site: SiteBuilder) -> None:
    built = build_site(TINY, {"extra": {"help_center_url": "https://ayuda.example.org"}})
    assert built.ok, built.log
    for path, language in [
        ("guia/uno/index.html", "es"),
        ("en/guia/uno/index.html", "en"),
        ("404.html", "es"),
    ]:
        dom = parse((built.site_dir / path).read_text(encoding="utf-8"))
        nav = dom.one("nav", cls="hc-header-links")
        links = [(a.text(), a.attrs["href"]) for a in nav.find_all("a")]
        t = texts(language)
        assert links == [
            (t["header_new_request"], f"https://ayuda.example.org/hc/{language}/requests/new"),
            (t["header_requests"], f"https://ayuda.example.org/hc/{language}/requests"),
        ]


def test_header_has_no_help_center_links_while_unset(real_site: Path) -> None:
    for url in ["", "en/", "contacto/"]:
        assert page_dom(real_site, url).find("nav", cls="hc-header-links") is None


def test_real_brand_colours_are_the_css_properties_material_reads(real_site: Path) -> None:
    brand_config = real_config()["extra"]["brand"]
    html_text = (real_site / "index.html").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {brand_config['primary'].lower()};" in html_text
    assert f"--md-accent-fg-color: {brand_config['accent'].lower()};" in html_text


def test_a_too_light_brand_colour_fails_the_build_naming_the_setting(
    build_site: SiteBuilder,
) -> None:
    built = build_site(TINY, {"extra": {"brand": {"primary": "#9fc5ff", "accent": "#3f5bd8"}}})
    assert not built.ok
    config_lines = (built.project_dir / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(config_lines, 1) if "#9fc5ff" in text)
    [message] = [w for w in built.warnings() if "extra.brand" in w]
    assert message.startswith(f"mkdocs.yml:{line}: extra.brand.primary: «#9fc5ff» has a contrast")
    suggested = re.search(r'e\.g\. "(#[0-9a-f]{6})"', message)
    assert suggested and brand.contrast(suggested.group(1), "#ffffff") >= 4.5


@pytest.mark.parametrize(
    # value of extra.brand.primary, what the message says
    ("value", "says"),
    [("#9fc5ff", "contrast of 1.8:1"), ("blue", "is not a colour"), ("#ffff00", "contrast")],
)
def test_brand_colour_problems(value: str, says: str) -> None:
    found, problems = brand.load_brand({"primary": value}, {"primary": 7})
    assert found.primary == brand.Brand().primary  # the default stands in
    [problem] = problems
    assert problem.line == 7 and says in problem.message


def test_the_real_brand_passes_and_darkening_reaches_aa() -> None:
    found, problems = brand.load_brand(real_config()["extra"]["brand"], {})
    assert not problems
    for colour in (found.primary, found.accent, found.primary_dark):
        assert brand.contrast(colour, "#ffffff") >= 4.5
    assert brand.contrast(brand.darken_to("#ffcc00", 4.5), "#ffffff") >= 4.5
    assert round(brand.contrast("#000000", "#ffffff"), 1) == 21.0


def test_category_card_shows_the_icon_of_its_front_matter(build_site: SiteBuilder) -> None:
    files = dict(TINY)
    files["guia/index.md"] = _page("Guía", "La guía.", "Todo.", icon="material/headset")
    built = build_site(files)
    assert built.ok, built.log
    card = content(page_dom(built.site_dir, "")).one("span", cls="hc-card__icon")
    icon = (MATERIAL_ICONS / "headset.svg").read_text(encoding="utf-8")
    drawing = re.search(r' d="([^"]+)"', icon)
    assert drawing and card.one("path").attrs["d"] == drawing.group(1)


MATERIAL_ICONS = Path(material.__file__).parent / "templates" / ".icons" / "material"


# mkdocs-static-i18n 1.3.0 and earlier did this when they missed our sitemap: their folder first
PLUGIN_FOLDER_FIRST = """
from pathlib import Path
from mkdocs.plugins import event_priority

@event_priority(-150)  # after mkdocs-static-i18n (-100)
def on_config(config):
    folder = Path(__file__).parent / "plugin_templates"
    (folder / "partials").mkdir(parents=True, exist_ok=True)
    (folder / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (folder / "partials" / "header.html").write_text("<header></header>", encoding="utf-8")
    config.theme.dirs.insert(0, str(folder))
    return config
"""


def test_a_plugin_that_shadows_our_templates_fails_the_build(
    build_site: SiteBuilder, tmp_path: Path
) -> None:
    """A template of overrides/ left unused (a plugin's folder found first) is never silent."""
    hook = tmp_path / "plugin_first.py"
    hook.write_text(PLUGIN_FOLDER_FIRST, encoding="utf-8")
    hooks = fixture_config(tmp_path)["hooks"] + [str(hook)]
    built = build_site(TINY, {"hooks": hooks})
    assert not built.ok
    assert "Traceback" not in built.log
    shadowed = sorted(w for w in built.warnings() if "a plugin put its own templates" in w)
    assert len(shadowed) == 2, built.log
    assert shadowed[0].startswith("mkdocs.yml: the theme renders partials/header.html from ")
    assert "plugin_templates/partials/header.html, not from " in shadowed[0]
    assert shadowed[1].startswith("mkdocs.yml: the theme renders sitemap.xml from ")
    assert "pin its earlier version in requirements.txt" in shadowed[1]
