"""Search in the real Material search box, in headless Chromium, on the real site.

A sample of the query set (tests/search_queries.yml) is typed key by key into the search box
of a Spanish page and of an English page. The top 3 and the number of results Material
announces must be the ones the Python harness computes (so the harness measures what readers
see), the expected article must be in the top 3 for the sample as often as the quality test
asks of the whole set, and every result must be in the page's language. A query that finds
nothing shows what to do next (the wizard, the categories) in the search dialog and from the
home page's search box; without JavaScript every search box says search needs it and links
the wizard and the categories. Both languages, desktop and 375 px wide, axe-core clean.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import run_axe
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpcenter.search import engine as search_engine

ROOT = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load(Path(__file__).with_name("search_queries.yml").read_text("utf-8"))
TEXTS = yaml.safe_load((ROOT / "data/search.yml").read_text("utf-8"))["text"]
SAMPLE_EVERY = 4  # every 4th query of each language
RECALL_AT_3 = 0.95  # as tests/test_search_quality.py asks of the whole set
PAGES = {"es": "contacto/como-contactar-a-la-mesa-de-ayuda/", "en": "en/contacto/"}
PREFIX = {"es": "", "en": "en/"}
WIZARD = "contacto/con-que-equipo-debo-contactar/"  # data/help-center.yml's `wizard`
CATEGORY = "contacto/"  # the site's one category (its page lists its articles)
NOTHING = "zzkqxw"  # a word no page has, nor anything one typo away
SEARCH_BOX = "input.md-search__input"  # the header's (hidden on the home page: its band has one)
RESULT_ITEMS = ".md-search-result__item"  # one per page, its own link first
NONE_BLOCK = "[data-hc-search-none]"
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 812)}


def page_location(path: str, language: str) -> str:
    stem = path.removesuffix(".md").removesuffix("index").removesuffix("/")
    location = f"{stem}/" if stem else ""
    return location if language == "es" else f"en/{location}"


def sample(language: str) -> list[dict]:
    return QUERIES[language][::SAMPLE_EVERY]


def type_query(page: object, query: str, awaited: tuple[list[str], int] | None = None) -> list[str]:
    """Type a query key by key; return the result pages' locations once they are settled.

    With `awaited` (the top 3 locations and the announced count the harness computes), wait
    until the list shows them instead of for a quiet moment; what it shows after the timeout
    is returned as it is, for the caller's assertion to name.
    """
    box = page.locator(SEARCH_BOX)  # type: ignore[attr-defined]
    box.click()
    box.fill("")
    box.press("Backspace")  # Material reads the box on keyup
    box.press_sequentially(query)
    if awaited is None:
        return settled_results(page)
    try:  # 30 s: once, on the CI machine at load 6.7, the list still showed the answer to the
        # query 7 keys earlier after 10 s; not reproduced at 1-20x CPU throttling nor beside busy
        # loops, so a starved browser is the likely cause. A lost answer still fails here.
        page.wait_for_function(SHOWS, arg=[query, *awaited], timeout=30_000)  # type: ignore[attr-defined]
    except PlaywrightTimeout:
        pass
    return result_locations(page)


# Whether the search dialog shows, for the query in the box, these top 3 and this count.
SHOWS = """([query, top, count]) => {
  const box = document.querySelector('input.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  if (!box || box.value !== query || !meta) return false;
  const items = [...document.querySelectorAll('.md-search-result__item')];
  const shown = items.slice(0, 3)
    .map(item => new URL(item.querySelector('a').href).pathname.slice(1));
  const number = meta.innerText.match(/\\d+/);
  const announced = number ? Number(number[0]) : (meta.innerText.trim() ? 0 : -1);
  return JSON.stringify(shown) === JSON.stringify(top) && announced === count;
}"""


def result_locations(page: object) -> list[str]:
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        RESULT_ITEMS, "items => items.map(item => item.querySelector('a').href)"
    )
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


def settled_results(page: object, quiet: float = 0.5, timeout: float = 10.0) -> list[str]:
    """The result links once the list has not changed for `quiet` seconds."""
    start = last_change = time.monotonic()
    previous = None
    while time.monotonic() - start < timeout:
        html = page.inner_html(".md-search-result")  # type: ignore[attr-defined]
        if html != previous:
            previous, last_change = html, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            break
        time.sleep(0.05)
    return result_locations(page)


@pytest.fixture(scope="module")
def engines(real_site: Path) -> dict[str, search_engine.Engine]:
    return {
        language: search_engine.Engine.from_file(
            str(real_site / f"search/search_index.{language}.json")
        )
        for language in ("es", "en")
    }


def announced_count(page: object) -> int:
    """The number of results Material announces above them (0 for «No matching documents»)."""
    meta = page.inner_text(".md-search-result__meta")  # type: ignore[attr-defined]
    number = re.search(r"\d+", meta)
    return int(number.group()) if number else (0 if meta.strip() else -1)


@pytest.mark.parametrize("language", ["es", "en"])
def test_sample_of_the_query_set_in_the_search_box(
    site_url: str, page: object, engines: dict[str, search_engine.Engine], language: str
) -> None:
    page.goto(site_url + PAGES[language])  # type: ignore[attr-defined]
    problems: list[str] = []
    found = 0
    cases = sample(language)
    for case in cases:
        query, expected = str(case["q"]), page_location(case["page"], language)
        harness = [result.location for result in engines[language].search(query)]
        seen = type_query(page, query, awaited=(harness[:3], len(harness)))
        found += expected in seen[:3]
        if seen[:3] != harness[:3]:
            problems.append(f"{query!r}: browser {seen[:3]} ≠ harness {harness[:3]}")
        if announced_count(page) != len(harness) or len(seen) != min(len(harness), 10):
            problems.append(f"{query!r}: browser shows {len(seen)} ≠ harness {len(harness)}")
        foreign = [loc for loc in seen if loc.startswith("en/") != (language == "en")]
        if foreign:
            problems.append(f"{query!r}: results in the other language {foreign}")
    assert not problems, "\n".join(problems)
    assert found / len(cases) >= RECALL_AT_3, f"{found} of {len(cases)} in the top 3"


def test_results_mark_the_words_found_and_link_to_highlight_them(
    site_url: str, page: object
) -> None:
    """«numero» (no accent) marks «número» in the results, and asks the page to highlight it."""
    page.goto(site_url + CATEGORY)  # type: ignore[attr-defined]
    seen = type_query(page, "numero identificador")
    assert seen[0] == "contacto/como-obtener-el-numero-identificador-de-tu-cuenta/"
    title = page.inner_html(".md-search-result__item h1")  # type: ignore[attr-defined]
    assert "<mark>número</mark>" in title.lower()
    texts = page.eval_on_selector_all(  # type: ignore[attr-defined]
        f"{RESULT_ITEMS} article p", "items => items.map(item => item.innerHTML)"
    )
    assert any("<mark>" in text for text in texts)  # the section texts, loaded after the index
    href = page.get_attribute(f"{RESULT_ITEMS} a", "href")  # type: ignore[attr-defined]
    assert "h=" in href and "n%C3%BAmero" in href


def test_nothing_found_says_so(site_url: str, page: object) -> None:
    page.goto(site_url + "en/" + CATEGORY)  # type: ignore[attr-defined]
    assert type_query(page, NOTHING) == []
    meta = page.inner_text(".md-search-result__meta")  # type: ignore[attr-defined]
    assert meta == "No matching documents"


def test_search_requests_only_files_of_this_site(site_url: str, page: object) -> None:
    """The worker, its scripts and the page language's index: nothing else, nothing foreign."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    page.goto(site_url + "en/" + CATEGORY)  # type: ignore[attr-defined]
    type_query(page, "sales")
    search = [urlsplit(url).path for url in requests if "/search" in url]
    assert "/en/search/search_index.en.json" not in search
    assert "/search/search_index.en.json" in search
    assert "/search/search_index.es.json" not in search  # not the other language's index
    assert "/search/search_text.en.json" in search  # the texts under the results, loaded after
    assert "/search/search_text.es.json" not in search
    assert "/assets/javascripts/search/worker.js" in search


# Starts the page's search worker, sends it queries all at once (as keys typed faster than it
# answers), then one more once it has answered; the pages of each answer it gives, in order.
OVERTAKEN = """async ([queries, last]) => {
  const config = JSON.parse(document.querySelector("#__config").textContent);
  const worker = new Worker(new URL(config.search, location.href));
  const answers = [];
  let answered = null;
  worker.addEventListener("message", event => {
    if (event.data.type !== 3) return;
    answers.push(event.data.data.items.map(group => group[0].location.split("#")[0]));
    if (answered) answered();
  });
  const next = () => new Promise(resolve => { answered = resolve; });
  let waiting = next();
  for (const query of queries) worker.postMessage({ type: 2, data: query });
  await waiting;
  waiting = next();
  worker.postMessage({ type: 2, data: last });
  await waiting;
  worker.terminate();
  return answers;
}"""


def test_a_query_overtaken_by_a_newer_one_gets_no_answer(
    site_url: str, page: object, engines: dict[str, search_engine.Engine]
) -> None:
    # sent before the index is in, «mesa» and «mesa de» are overtaken by «ticket»: only
    # «ticket» is answered, then «onboarding» once sent on its own
    page.goto(site_url + CATEGORY)  # type: ignore[attr-defined]
    answers = page.evaluate(OVERTAKEN, [["mesa", "mesa de", "ticket"], "onboarding"])  # type: ignore[attr-defined]
    expected = [
        [result.location for result in engines["es"].search(query)][:100]
        for query in ("ticket", "onboarding")
    ]
    assert answers == expected


# ----------------------------------------------------------------------------
# Nothing found: what to do next
# ----------------------------------------------------------------------------


@contextmanager
def local_page(browser: Browser, viewport: str, javascript: bool = True) -> Iterator[Page]:
    """A page at a width of VIEWPORTS; fails the test on a request to another host."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else foreign.append(r.url))
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at desktop and at phone width."""
    with local_page(browser, request.param) as page:
        yield page


def open_search(page: Page) -> None:
    """Open Material's search as a reader does: the header's button on a phone, the box else."""
    button = page.locator("label.md-header__button[for=__search]")
    if button.is_visible():
        button.click()
    page.locator(SEARCH_BOX).click()


def expect_nothing_found(page: Page, site_url: str, language: str, query: str) -> None:
    """The block under the results: the query, the wizard and the category, in `language`."""
    block = page.locator(NONE_BLOCK)
    expect(block).to_be_visible()
    before, _, after = TEXTS[language]["none"].partition("{query}")
    expect(block.locator(".hc-search-none__title")).to_have_text(before + query + after)
    # screen readers hear it: the same line in a polite status region (always in the page)
    expect(page.get_by_role("status").filter(has_text=before + query + after)).to_have_count(1)
    expect(block).to_contain_text(TEXTS[language]["none_wizard"])
    expect(block).to_contain_text(TEXTS[language]["none_categories"])
    links = [urljoin(page.url, href) for href in block.locator("a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )]  # fmt: skip
    prefix = site_url + PREFIX[language]
    assert links == [prefix + WIZARD, prefix + CATEGORY]
    # no sideways scroll once Material's search overlay has finished growing (on a phone it
    # is a circle scaled up over 0.3 s, wider than the screen while it grows)
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    assert run_axe(page, context={"include": [[NONE_BLOCK]]}).violations_count == 0


@pytest.mark.parametrize("language", ["es", "en"])
def test_nothing_found_offers_the_wizard_and_the_categories(
    site_url: str, sized_page: Page, language: str
) -> None:
    page = sized_page
    page.goto(site_url + PREFIX[language] + CATEGORY)
    open_search(page)
    page.locator(SEARCH_BOX).press_sequentially("onboarding")
    expect(page.locator(RESULT_ITEMS).first).to_be_visible()
    expect(page.locator(NONE_BLOCK)).to_be_hidden()  # results: no block
    page.locator(SEARCH_BOX).fill("")
    page.locator(SEARCH_BOX).press_sequentially(f"{NOTHING} ")
    expect_nothing_found(page, site_url, language, NOTHING)
    page.locator(SEARCH_BOX).press("End")
    page.locator(SEARCH_BOX).press_sequentially("ticket")  # now something is found
    expect(page.locator(RESULT_ITEMS).first).to_be_visible()
    expect(page.locator(NONE_BLOCK)).to_be_hidden()
    expect(page.locator("[data-hc-search-status]")).to_have_text("")  # and nothing is said


@pytest.mark.parametrize("language", ["es", "en"])
def test_nothing_found_from_the_home_page_search_box(
    site_url: str, sized_page: Page, language: str
) -> None:
    page = sized_page
    page.goto(site_url + PREFIX[language])
    page.locator("#hc-home-search").fill(NOTHING)
    page.locator("#hc-home-search").press("Enter")
    page.wait_for_load_state()
    expect(page.locator(SEARCH_BOX)).to_have_value(NOTHING)
    expect_nothing_found(page, site_url, language, NOTHING)
    page.locator(NONE_BLOCK).get_by_role("link").first.click()  # the wizard
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + PREFIX[language] + WIZARD


# ----------------------------------------------------------------------------
# Without JavaScript
# ----------------------------------------------------------------------------


@pytest.fixture(params=list(VIEWPORTS))
def no_js_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page with JavaScript off, at desktop and at phone width."""
    with local_page(browser, request.param, javascript=False) as page:
        yield page


def expect_no_js_note(page: Page, note: object, site_url: str, language: str) -> None:
    """A search box's note without JavaScript: the text, the wizard, the category's list."""
    expect(note).to_be_visible()  # type: ignore[arg-type]
    expect(note).to_contain_text(TEXTS[language]["no_js"])  # type: ignore[arg-type]
    expect(note).to_contain_text(TEXTS[language]["no_js_links"])  # type: ignore[arg-type]
    hrefs = note.locator("a").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(link => link.href)"
    )
    prefix = site_url + PREFIX[language]
    assert hrefs == [prefix + WIZARD, prefix + CATEGORY]
    box = note.bounding_box()  # type: ignore[attr-defined]
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_without_javascript_every_search_box_says_so(
    site_url: str, no_js_page: Page, language: str
) -> None:
    page = no_js_page
    page.goto(site_url + PREFIX[language])
    expect(page.locator(".md-search")).to_be_hidden()  # Material's search needs JavaScript
    expect_no_js_note(page, page.locator(".hc-search .hc-search-no-js"), site_url, language)
    header = page.locator(".hc-search-no-js-menu")
    expect(header.locator(".hc-search-no-js")).to_be_hidden()
    header.locator("summary").click()  # the header's search button
    expect_no_js_note(page, header.locator(".hc-search-no-js"), site_url, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    header.get_by_role("link").last.click()  # the list of articles
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + PREFIX[language] + CATEGORY
    expect(page.locator(".hc-search-no-js-menu summary")).to_be_visible()  # on every page


def test_with_javascript_the_notes_stay_hidden(site_url: str, page: Page) -> None:
    page.goto(site_url)
    expect(page.locator(".hc-search-no-js")).to_have_count(0)  # <noscript>: not rendered
    expect(page.locator(".hc-search-no-js-menu")).to_have_count(0)
    expect(page.locator(NONE_BLOCK)).to_be_hidden()


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_no_javascript_notes_pass_axe(site_url: str, page: Page, language: str) -> None:
    """axe-core needs JavaScript: it checks the notes' own markup, put in the page as is."""
    page.goto(site_url + PREFIX[language])
    page.evaluate(
        """() => document.querySelectorAll("noscript").forEach(noscript => {
             const shown = document.createElement("div");
             shown.className = "axe-noscript";
             shown.innerHTML = noscript.textContent;
             noscript.after(shown);
             shown.querySelectorAll("details").forEach(details => { details.open = true; });
           })"""
    )
    expect(page.locator(".axe-noscript .hc-search-no-js")).to_have_count(2)  # header and home
    results = run_axe(page, context={"include": [[".axe-noscript"]]})
    assert results.violations_count == 0, results.generate_report()
