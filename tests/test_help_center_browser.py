"""The help-center experience in headless Chromium: feedback block, 404 pages, home search, print.

The 404 pages are served the way most static hosts serve them: any missing path gets the
root `404.html`, with status 404, whatever its depth and language; the page shows the
message of the address's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, run_axe
from playwright.sync_api import Page, Response, expect
from screenshots import serve

ARTICLE = "contacto/como-contactar-a-la-mesa-de-ayuda/"
WIZARD = "contacto/con-que-equipo-debo-contactar/"
TEXTS = yaml.safe_load((ROOT / "data/help-center.yml").read_text(encoding="utf-8"))["text"]

# What the help center adds to an article, for axe; the 404 page at depth is checked as a
# whole content area. Every page type, whole, at both widths: tests/test_look_browser.py.
ARTICLE_PARTS = [
    [".hc-breadcrumbs"],
    [".hc-reviewed"],
    [".hc-feedback"],
    [".hc-related"],
    [".hc-help"],
]

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_host(real_site: Path) -> Iterator[str]:
    """Base URL of the real site served like most static hosts: the root 404.html for any
    missing address, in any language (scripts/screenshots.py's server)."""
    with serve(real_site) as url:
        yield url


def _failed_requests(page: Page) -> list[str]:
    """A list that fills with every sub-resource that fails to load."""
    failed: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    return failed


def _axe(page: Page, context: object = None) -> None:
    results = run_axe(page, context=context)
    assert results.violations_count == 0, results.generate_report()


# ----------------------------------------------------------------------------
# Feedback block
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "language"), [("", "es"), ("en/", "en")])
def test_feedback_yes_thanks_the_reader(
    page: Page, site_url: str, prefix: str, language: str
) -> None:
    t = TEXTS[language]
    page.goto(site_url + prefix + ARTICLE)
    yes, no = page.locator("#hc-feedback-answer-yes"), page.locator("#hc-feedback-answer-no")
    expect(page.locator(".hc-feedback legend")).to_have_text(t["feedback_question"])
    expect(yes).to_be_hidden()
    expect(no).to_be_hidden()
    page.get_by_text(t["feedback_yes"], exact=True).click()
    expect(page.locator("#hc-feedback-yes")).to_be_checked()
    expect(yes).to_be_visible()
    expect(yes).to_have_text(t["feedback_thanks"])
    expect(no).to_be_hidden()
    # read out to screen readers through the status region
    expect(page.locator("[data-hc-feedback-status]")).to_have_text(t["feedback_thanks"])


@pytest.mark.parametrize(("prefix", "language"), [("", "es"), ("en/", "en")])
def test_feedback_no_leads_to_the_wizard_and_related_articles(
    page: Page, site_url: str, prefix: str, language: str
) -> None:
    t = TEXTS[language]
    page.goto(site_url + prefix + ARTICLE)
    no = page.locator("#hc-feedback-answer-no")
    page.get_by_text(t["feedback_no"], exact=True).click()
    expect(no).to_be_visible()
    expect(page.locator("#hc-feedback-answer-yes")).to_be_hidden()
    expect(page.locator("[data-hc-feedback-status]")).to_have_text(t["feedback_sorry"])
    related = page.locator(".hc-related a")
    related_hrefs = [related.nth(i).get_attribute("href") for i in range(related.count())]
    assert related_hrefs
    links = no.locator("a")
    expect(links).to_have_count(1 + len(related_hrefs))
    for i in range(links.count()):
        expect(links.nth(i)).to_be_visible()
    assert [links.nth(i).get_attribute("href") for i in range(1, links.count())] == related_hrefs
    _axe(page, {"include": ARTICLE_PARTS})  # what the help center adds, the answer shown
    links.first.click()
    page.wait_for_load_state()
    assert page.url == urljoin(site_url, prefix + WIZARD)


def test_feedback_works_without_javascript(js_disabled_page: Page, site_url: str) -> None:
    page = js_disabled_page
    page.goto(site_url + ARTICLE)
    yes, no = page.locator("#hc-feedback-answer-yes"), page.locator("#hc-feedback-answer-no")
    page.get_by_text(TEXTS["es"]["feedback_no"], exact=True).click()
    expect(no).to_be_visible()
    expect(no.locator("a").first).to_be_visible()
    page.get_by_text(TEXTS["es"]["feedback_yes"], exact=True).click()
    expect(yes).to_be_visible()
    expect(no).to_be_hidden()


def test_feedback_by_keyboard_shows_focus_and_answers(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    page.locator(".hc-feedback legend").scroll_into_view_if_needed()
    # Tab from the link just before the block lands on the first radio button
    page.locator("#hc-feedback-yes").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#hc-feedback-yes")).to_be_focused()
    outline = page.locator('label[for="hc-feedback-yes"]').evaluate(
        "label => getComputedStyle(label).outlineStyle"
    )
    assert outline not in ("", "none")
    page.keyboard.press("ArrowRight")  # arrows move between (and choose) radio buttons
    expect(page.locator("#hc-feedback-no")).to_be_checked()
    expect(page.locator("#hc-feedback-answer-no")).to_be_visible()


def test_print_shows_the_article_without_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".hc-breadcrumbs",
        ".hc-feedback",
        ".hc-related",
        ".hc-help",
    ):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".hc-reviewed")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".hc-breadcrumbs")).to_be_visible()


# ----------------------------------------------------------------------------
# 404 pages
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    # a missing path (at some depth), its language, the home page it leads to
    ("missing", "language", "home"),
    [
        ("no-existe", "es", ""),
        ("contacto/no-existe/a/mas/profundidad/", "es", ""),
        ("en/no/such/page/", "en", "en/"),
        ("en/missing.html", "en", "en/"),
    ],
)
def test_404_page_in_its_language_at_any_depth(
    page: Page, static_host: str, missing: str, language: str, home: str
) -> None:
    t = TEXTS[language]
    failed = _failed_requests(page)
    response = page.goto(static_host + missing)
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    # the root 404.html, whatever the language: the message of the address's language only
    expect(page.locator("article h1:visible")).to_have_text(t["not_found_title"])
    expect(page.locator("article h1")).to_have_count(2)
    # styled: Material's stylesheet loaded from the site's root
    header = page.locator(".md-header").evaluate("el => getComputedStyle(el).position")
    assert header == "sticky"
    expect(page.locator(".hc-search__input:visible")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert not failed, failed
    link = page.locator("a.hc-not-found__home:visible")
    expect(link).to_have_text(t["not_found_home"])
    link.click()
    page.wait_for_load_state()
    assert page.url == static_host + home


@pytest.mark.parametrize(("missing", "home"), [("a/b/c", ""), ("en/a/b/c", "en/")])
def test_404_search_opens_the_search_on_the_home_page(
    page: Page, static_host: str, missing: str, home: str
) -> None:
    page.goto(static_host + missing)
    page.locator(".hc-search__input:visible").fill("ticket")
    page.locator(".hc-search__button:visible").click()
    page.wait_for_load_state()
    url = urlsplit(page.url)
    assert url.path == "/" + home
    assert parse_qs(url.query).get("q") == ["ticket"] or url.query == ""
    expect(page.locator("input.md-search__input")).to_have_value("ticket")


@pytest.mark.parametrize("missing", ["x/y/z", "en/x/y/z"])
def test_404_pages_pass_axe(page: Page, static_host: str, missing: str) -> None:
    page.goto(static_host + missing)
    _axe(page, {"include": [[".md-content"]]})


# ----------------------------------------------------------------------------
# Home page
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "language"), [("", "es"), ("en/", "en")])
def test_home_search_box_finds_articles(
    page: Page, site_url: str, prefix: str, language: str
) -> None:
    page.goto(site_url + prefix)
    box = page.get_by_label(TEXTS[language]["search_title"])
    expect(box).to_be_visible()
    box.fill("ticket")
    box.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("input.md-search__input")).to_have_value("ticket")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
