"""The help center's look, phone first, in headless Chromium at 375×812 and 1280×800.

Every page type (home, category, article, the wizard's question and a result, search with
results and with none, the 404 page), in both languages, at both widths: axe-core finds no
violation; nothing scrolls sideways; the first ten Tab stops are visible inside the window;
controls are at least 44×44 px. The home page has one search box above the fold; home and
category pages have no «Anterior / Siguiente»; no page credits its generator. The real site
is served like most static hosts serve it (the root 404.html for any missing address).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SiteBuilder, real_config, run_axe
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from screenshots import SETTLED, SHOTS, WIDTHS, serve

LANGUAGES = {"es": "", "en": "en/"}
TEXTS = yaml.safe_load((ROOT / "data/help-center.yml").read_text(encoding="utf-8"))["text"]
SHOT = {shot.name: shot for shot in SHOTS}

# The first `count` Tab stops: where each is, and whether it is drawn.
TAB_STOPS = """(count) => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const drawn = e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const label = !drawn && e.labels && e.labels.length ? e.labels[0] : null;
  const box = label ? label.getBoundingClientRect() : r;
  const inside = box.right > 0 && box.bottom > 0
    && box.left < window.innerWidth && box.top < window.innerHeight
    && box.width > 0 && box.height > 0;
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : "")
    + (e.getAttribute("href") ? " " + e.getAttribute("href") : "");
  return {name, inside, shown: drawn || !!(label && label.checkVisibility()),
          x: Math.round(box.left), y: Math.round(box.top)};
}"""

# Is the focused element (or, for a hidden radio, its label) drawn inside the window?
SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return true;
  const el = e.checkVisibility({visibilityProperty: true}) || !(e.labels && e.labels.length)
    ? e : e.labels[0];
  if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
  const r = el.getBoundingClientRect();
  return r.left >= -1 && r.top >= -1 && r.right <= window.innerWidth + 1
    && r.bottom <= window.innerHeight + 1;
}"""

# Visible controls smaller than 44×44 px (links inside running text are exempt, WCAG 2.5.5).
SMALL_CONTROLS = """() => {
  const controls = document.querySelectorAll(
    "button, input:not([type=radio]):not([type=checkbox]):not([type=hidden]), select, "
    + "[role=button], .md-header a, .md-button, .hc-feedback__choice");
  const small = [];
  for (const el of controls) {
    if (el.closest(".md-search")) continue;  // Material's search dialog (its own layout)
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.bottom < 0 || r.top > document.documentElement.scrollHeight) continue;
    if (r.width < 43.5 || r.height < 43.5) {
      small.push(el.tagName.toLowerCase() + "." + (el.className || "").toString().split(" ")[0]
        + " " + Math.round(r.width) + "×" + Math.round(r.height));
    }
  }
  return small;
}"""

# Search boxes a reader sees in the window without scrolling.
SEARCH_BOXES_IN_VIEW = """() => {
  const boxes = document.querySelectorAll("input[type=search], input.md-search__input, "
    + "label.md-header__button[for=__search]");
  let seen = 0;
  for (const el of boxes) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && r.top < window.innerHeight && r.bottom > 0
        && r.left < window.innerWidth && r.right > 0) seen++;
  }
  return seen;
}"""


# ----------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_host(real_site: Path) -> Iterator[str]:
    """The real site served like most static hosts (the root 404.html for missing pages)."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(params=sorted(WIDTHS), ids=lambda width: f"{width}px")
def sized_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page at 375×812 or 1280×800; fails on any request to another host."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith(("http://127.0.0.1", "data:")) else foreign.append(r.url)
        ),
    )
    yield page
    context.close()
    assert not foreign, foreign


def open_shot(page: Page, base: str, language: str, name: str) -> None:
    """Bring the page to the state of one page type, as `make screenshots` does, and let any
    CSS transition finish (the load event has passed: what the page shows is in place)."""
    SHOT[name].open(page, base + LANGUAGES[language], language)
    page.wait_for_function(SETTLED)


def first_tab_stops(page: Page, count: int = 10) -> list[dict]:
    """The state of each of the first `count` Tab stops from the top of the page."""
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    stops: list[dict] = []
    for _ in range(count):
        page.keyboard.press("Tab")
        try:  # a skip link or a menu fading in is drawn a moment after it takes focus
            page.wait_for_function(SHOWN, timeout=2_000)
        except PlaywrightTimeoutError:
            pass  # reported below as not shown
        state = page.evaluate(TAB_STOPS)
        if state is None or (stops and state["name"] == stops[0]["name"]):
            break  # back at the start: a short page has fewer stops
        stops.append(state)
    return stops


# ----------------------------------------------------------------------------
# Every page type
# ----------------------------------------------------------------------------

PAGE_TYPES = [shot.name for shot in SHOTS]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_is_accessible_and_fits_the_window(
    sized_page: Page, static_host: str, language: str, name: str
) -> None:
    page = sized_page
    open_shot(page, static_host, language, name)
    assert page.locator("html").get_attribute("lang") == language
    # axe-core on the whole page
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()
    # nothing scrolls sideways
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal scroll"
    # tap targets, on a phone
    if page.viewport_size["width"] < 600:
        assert page.evaluate(SMALL_CONTROLS) == []
    footer = page.locator("footer").inner_text()  # no page credits its generator
    assert "Material for MkDocs" not in footer and "Made with" not in footer
    if name in {"home", "category"}:  # no «previous / next» links
        expect(page.locator(".md-footer__link")).to_have_count(0)
        for word in ("Anterior", "Siguiente", "Previous", "Next"):
            assert word not in footer
    if name.startswith("search"):
        return  # focus is in the search box; the Tab order of the dialog is Material's
    stops = first_tab_stops(page)
    assert len(stops) >= 3, stops
    hidden = [stop for stop in stops if not (stop["inside"] and stop["shown"])]
    assert not hidden, f"focused but not visible in the window: {hidden}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_has_one_search_box_above_the_fold_and_the_headers_once_past_it(
    sized_page: Page, static_host: str, language: str
) -> None:
    page = sized_page
    open_shot(page, static_host, language, "home")
    assert page.evaluate(SEARCH_BOXES_IN_VIEW) == 1
    band = page.locator("[data-hc-band] input[type=search]")
    expect(band).to_be_in_viewport()
    # scrolled past the band, the header's search shows (box or button)
    page.locator(".hc-home__categories").scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    expect(page.locator("[data-hc-band]")).to_have_attribute("data-hc-passed", "")
    header_search = page.locator(
        ".md-header input.md-search__input:visible, .md-header label[for=__search]:visible"
    )
    expect(header_search.first).to_be_in_viewport()


def test_breadcrumbs_ellipsize_on_a_phone(browser: Browser, static_host: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    open_shot(page, static_host, "es", "article")
    last = page.locator(".hc-breadcrumbs .md-path__item").last.locator(".md-ellipsis")
    style = last.evaluate(
        "el => ({cut: el.scrollWidth > el.clientWidth,"
        " overflow: getComputedStyle(el).textOverflow,"
        " right: el.getBoundingClientRect().right})"
    )
    context.close()
    assert style["cut"], "the article's title should not fit on a 375 px line"
    assert style["overflow"] == "ellipsis"
    assert style["right"] <= 375


@pytest.mark.parametrize(
    # a missing address, the language whose message shows
    ("missing", "language"),
    [("no/existe/", "es"), ("en/no/such/page/", "en")],
)
def test_root_404_shows_the_language_of_the_address(
    browser: Browser, static_host: str, missing: str, language: str
) -> None:
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(static_host + missing)
        shown = page.locator(".hc-not-found__language:visible h1").all_inner_texts()
        lang = page.locator("html").get_attribute("lang")
        context.close()
        if javascript:
            assert shown == [TEXTS[language]["not_found_title"]]
            assert lang == language
        else:  # without JavaScript: every language's one-line message and links
            assert sorted(shown) == sorted(t["not_found_title"] for t in TEXTS.values())


def test_header_links_fit_a_phone_once_the_help_center_is_set(
    browser: Browser, build_site: SiteBuilder
) -> None:
    files = {
        "index.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\n# Inicio\n\nHola.\n",
        "index.en.md": "---\ntitle: Home\ndescription: Home.\n---\n\n# Home\n\nHello.\n",
    }
    styles = real_config()["extra_css"]  # the site's own stylesheets, as the real site has them
    files.update({path: (ROOT / "docs" / path).read_text(encoding="utf-8") for path in styles})
    config = {"extra": {"help_center_url": "https://ayuda.example.org"}, "extra_css": styles}
    built = build_site(files, config)
    assert built.ok, built.log
    for width, height in WIDTHS.items():
        with serve(built.site_dir) as url:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url)
            links = page.locator(".hc-header-links a")
            expect(links).to_have_count(2)
            for link in links.all():
                expect(link).to_be_in_viewport()
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            small = page.evaluate(SMALL_CONTROLS)
            context.close()
        assert overflow <= 0, f"{width}px: {overflow}px of horizontal scroll"
        assert small == [], f"{width}px: {small}"
