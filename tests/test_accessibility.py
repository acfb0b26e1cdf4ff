"""Accessibility of the real site in Chromium: axe-core on the states other tests don't open,
and the keyboard.

axe-core finds zero violations on the whole page (header, navigation, footer included) of the
search dialog open with results, in both languages; every page type at 1280 and 375 px (the
wizard's result among them) is axe-checked in tests/test_look_browser.py, and the wizard in
each of its states in tests/test_wizard_browser.py.
Every page can be used without a mouse: the first Tab stop is a skip link that leads into the
content, and every Tab stop is visible with a focus ring.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, run_axe
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

LANGUAGES = [("es", ""), ("en", "en/")]  # language, URL prefix
WIZARD = "contacto/con-que-equipo-debo-contactar/"
SEARCH_QUERY = {"es": "ticket", "en": "ticket"}

# Is the focused element visible, and does it show a focus ring? (None: focus is on <body>)
# A visually hidden control (a radio drawn as its label) is judged by its label.
FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1
      && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  };
  const drawn = !shown(e) && e.labels && e.labels.length ? e.labels[0] : e;
  const s = getComputedStyle(drawn);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)
    || s.boxShadow !== "none";
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "")
    + (e.getAttribute("href") ? " " + e.getAttribute("href") : "");
  // on the screen: the top, middle and bottom of what is drawn are not under anything else
  // (the sticky header, the «back to top» button) and inside the window
  const r = drawn.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const mid = r.top + r.height / 2;
  const ys = r.height > innerHeight / 2 ? [mid] : [r.top + 2, mid, r.bottom - 2];
  const onScreen = ys.every((y) => {
    if (y < 0 || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (drawn.contains(hit) || hit.contains(drawn) || e.contains(hit));
  });
  const inContent = !!e.closest("article, .md-content");
  return {name, visible: shown(drawn), ring, onScreen, inContent};
}"""


# True once the focused element has not moved for three animation frames and no transition
# runs: the smooth scroll focus starts has come to rest, and a menu focus just left (the
# language list) has faded out.
SCROLL_SETTLED = """() => {
  const running = document.getAnimations().some((a) => a.playState === "running"
    && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  if (running) return false;
  const e = document.activeElement;
  const r = e ? e.getBoundingClientRect() : {top: 0, left: 0, bottom: 0};
  const at = [r.top, r.left, r.bottom, scrollY].join(",");
  const s = (window.__settle = window.__settle || {at: "", frames: 0});
  s.frames = s.at === at ? s.frames + 1 : 0;
  s.at = at;
  return s.frames >= 3;
}"""


def categories() -> list[str]:
    """Every category folder of docs/ (one with an index.md)."""
    docs = ROOT / "docs"
    return sorted(
        folder.name
        for folder in docs.iterdir()
        if folder.is_dir() and (folder / "index.md").is_file() and folder.name != "assets"
    )


def an_article(category: str) -> str:
    """The URL path of the first article of a category, other than the wizard's page."""
    for source in sorted((ROOT / "docs" / category).glob("*.md")):
        stem = source.stem
        if stem != "index" and "." not in stem and f"{category}/{stem}/" != WIZARD:
            return f"{category}/{stem}/"
    raise AssertionError(f"docs/{category}/ has no article")


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def assert_no_violation(page: Page) -> None:
    """axe-core on the whole page: zero violations."""
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()


def tab_stops(page: Page, limit: int = 150, key: str = "Tab") -> list[dict]:
    """Press Tab (or Shift+Tab) until focus comes back to the first stop; each stop's state."""
    stops: list[dict] = []
    for _ in range(limit):
        page.evaluate("() => { window.__settle = null; }")
        page.keyboard.press(key)
        page.wait_for_function(SCROLL_SETTLED, polling="raf")  # focus scrolls smoothly
        state = page.evaluate(FOCUS_STATE)
        if state is not None and not state["visible"]:
            try:  # a menu or the skip link fading in is drawn a moment after it takes focus
                page.wait_for_function(f"() => (({FOCUS_STATE})() || {{}}).visible", timeout=2_000)
            except PlaywrightTimeoutError:
                pass  # still invisible: reported by the caller
            state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state["name"] == stops[0]["name"]):
            break
        stops.append(state)
    return stops


# ----------------------------------------------------------------------------
# axe-core
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_search_dialog_with_results_has_no_axe_violation(
    page: Page, site_url: str, language: str, prefix: str
) -> None:
    # from an article: on the home page the band's search box stands for the header's
    page.goto(site_url + prefix + an_article(categories()[0]))
    page.locator("input.md-search__input").click()
    page.keyboard.type(SEARCH_QUERY[language])
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert page.locator(".md-search").get_attribute("aria-label")
    assert_no_violation(page)


# ----------------------------------------------------------------------------
# Keyboard
# ----------------------------------------------------------------------------

KEYBOARD_PAGES = [("home", ""), ("article", an_article(categories()[0])), ("wizard", WIZARD)] + [
    ("404", "404.html")
]


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
@pytest.mark.parametrize(("kind", "path"), KEYBOARD_PAGES, ids=[k for k, _ in KEYBOARD_PAGES])
def test_skip_link_first_then_every_tab_stop_visible_with_a_focus_ring(
    page: Page, site_url: str, language: str, prefix: str, kind: str, path: str
) -> None:
    page.goto(site_url + prefix + path)
    # the first Tab stop is a skip link that leads into the content
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_be_visible()
    skip_href = skip.get_attribute("href") or ""
    assert skip_href.startswith("#")
    assert skip.inner_text().strip() in {"Saltar a contenido", "Skip to content"}
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    assert state is not None and state["inContent"], f"after the skip link, focus is on {state}"
    # then, from the top of the page loaded afresh, every Tab stop is visible with a ring
    page.reload()
    stops = tab_stops(page)
    assert len(stops) >= 5, stops
    assert stops[0]["name"].endswith(f" {skip_href}"), (stops[0], "is not the skip link")
    assert any(stop["inContent"] for stop in stops), "Tab never reaches the content"
    hidden = [stop["name"] for stop in stops if not stop["visible"]]
    no_ring = [stop["name"] for stop in stops if not stop["ring"]]
    assert not hidden, f"focused but invisible: {hidden}"
    assert not no_ring, f"focused without a visible ring: {no_ring}"


FOCUS_SCROLL_PAGES = [("home", ""), ("category", f"{categories()[0]}/")] + [
    ("article", f"{categories()[0]}/escalamiento-correcto-de-solicitudes/")
]


@pytest.mark.parametrize("size", [(375, 812), (1280, 800)], ids=["375", "1280"])
@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
@pytest.mark.parametrize(
    ("kind", "path"), FOCUS_SCROLL_PAGES, ids=[k for k, _ in FOCUS_SCROLL_PAGES]
)
def test_every_tab_stop_scrolls_clear_of_the_header_both_ways(
    page: Page,
    site_url: str,
    language: str,
    prefix: str,
    kind: str,
    path: str,
    size: tuple[int, int],
) -> None:
    """Tab down and Shift+Tab up the page: each focused control is on the screen, not under
    the sticky header or the «back to top» button."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(site_url + prefix + path)
    down = tab_stops(page)
    page.keyboard.press("End")
    page.wait_for_function("() => scrollY + innerHeight >= document.body.scrollHeight - 2")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    up = tab_stops(page, key="Shift+Tab")
    assert len(down) >= 5 and len(up) >= 5, (down, up)
    hidden = [
        (way, stop["name"])
        for way, stops in (("Tab", down), ("Shift+Tab", up))
        for stop in stops
        if stop["visible"] and not stop["onScreen"]
    ]
    assert not hidden, f"focused but off the screen or covered: {hidden}"


def test_material_alone_fails_the_focus_check(page: Page, site_url: str) -> None:
    # the check above can fail: without accessibility.css, Material's header buttons get a 1px ring
    page.route(
        "**/accessibility.css", lambda route: route.fulfill(body="", content_type="text/css")
    )
    page.goto(site_url)
    stops = tab_stops(page, limit=6)
    assert [stop["name"] for stop in stops if not stop["ring"]]
