"""The real site: it builds strictly, it is self-contained, and both languages are browsable."""

from __future__ import annotations

import http.server
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect
from screenshots import LocalServer

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

# (tag, attribute) pairs that make the browser load something
LOADING_ATTRIBUTES = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
LOADING_LINK_RELS = {"stylesheet", "preload", "preconnect", "dns-prefetch", "icon", "modulepreload"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _LoadedUrls(HTMLParser):
    """Collects every URL an HTML page makes the browser fetch by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in LOADING_ATTRIBUTES:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
        rels = set(values.get("rel", "").split())
        if tag == "link" and rels & LOADING_LINK_RELS:
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.urls.extend(CSS_URL.findall(values["style"]))


def loaded_urls(html: str) -> list[str]:
    """URLs that an HTML page loads without a click."""
    parser = _LoadedUrls()
    parser.feed(html)
    return [url for url in parser.urls if url]


def is_foreign(url: str) -> bool:
    """True when a URL points at another host."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I))


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


def test_real_site_builds_strict_in_both_languages(real_site: Path) -> None:
    assert (real_site / "index.html").is_file()
    assert (real_site / "en" / "index.html").is_file()
    assert '<html lang="es"' in (real_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (real_site / "en" / "index.html").read_text(encoding="utf-8")


def test_no_built_file_loads_anything_from_another_host(real_site: Path) -> None:
    offenders: list[str] = []
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 10
    for html_file in pages:
        for url in loaded_urls(html_file.read_text(encoding="utf-8")):
            if is_foreign(url):
                offenders.append(f"{html_file.relative_to(real_site)}: {url}")
    for css_file in real_site.rglob("*.css"):
        css = css_file.read_text(encoding="utf-8")
        for url in CSS_URL.findall(css) + CSS_IMPORT.findall(css):
            if is_foreign(url):
                offenders.append(f"{css_file.relative_to(real_site)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_foreign_url_detector_catches_google_fonts() -> None:
    html = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    assert [url for url in loaded_urls(html) if is_foreign(url)]
    assert not [url for url in loaded_urls('<script src="../a.js"></script>') if is_foreign(url)]


@pytest.mark.parametrize(
    # path, expected <html lang>, a word of the interface in that language
    ("path", "lang", "interface_word"),
    [("", "es", "Búsqueda"), ("en/", "en", "Search")],
)
def test_home_page_opens_in_each_language(
    page: Page, site_url: str, path: str, lang: str, interface_word: str
) -> None:
    page.goto(site_url + path)
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator("input.md-search__input")).to_have_count(1)
    placeholder = page.locator("input.md-search__input").get_attribute("placeholder")
    assert placeholder == interface_word


def test_language_switcher_keeps_the_reader_on_the_same_article(page: Page, site_url: str) -> None:
    article = "contacto/como-contactar-al-equipo-comercial/"
    page.goto(site_url + article)
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.url == urljoin(site_url, "en/" + article)
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.md-select__link[hreflang="es"]').click()
    page.wait_for_load_state()
    assert page.url == urljoin(site_url, article)


def test_our_stylesheets_and_page_scripts_are_served_minified(real_site: Path) -> None:
    """Each file of docs/assets/stylesheets and docs/assets/javascripts reaches the site
    without its comments and smaller (the browser tests run on these copies)."""
    from helpcenter.pages.assets import page_assets

    docs = Path(__file__).resolve().parent.parent / "docs"
    paths = page_assets(docs)
    assert any(path.endswith(".css") for path in paths) and any(p.endswith(".js") for p in paths)
    for path in paths:
        source = (docs / path).read_text(encoding="utf-8")
        built = (real_site / path).read_text(encoding="utf-8")
        assert "/*" in source and "/*" not in built, path
        assert len(built) < 0.9 * len(source), path
    # Material's own files and the search folder are left as they are
    for name in ("worker.js", "snowball-base.js"):
        kept = f"assets/javascripts/search/{name}"
        assert (real_site / kept).read_bytes() == (docs / kept).read_bytes()


# ----------------------------------------------------------------------------
# The local server the browser tests load pages from
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "printed"),
    [(ConnectionResetError(), False), (BrokenPipeError(), False), (ValueError("a bug"), True)],
)
def test_local_server_is_quiet_only_when_the_browser_drops_a_request(
    capsys: pytest.CaptureFixture[str], error: Exception, printed: bool
) -> None:
    server = LocalServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    try:
        try:
            raise error
        except Exception:
            server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    assert bool(capsys.readouterr().err) == printed
