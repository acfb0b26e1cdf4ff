"""Search in the real Material search box, in headless Chromium, on the real site.

A sample of the query set (tests/search_queries.yml) is typed key by key into the search box
of a Spanish page and of an English page. The expected article must be in the top 3, the
top 3 must be the ones the Python harness computes (so the harness measures what readers
see), and every result must be in the page's language.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from helpcenter.search import engine as search_engine

QUERIES = yaml.safe_load(Path(__file__).with_name("search_queries.yml").read_text("utf-8"))
SAMPLE_EVERY = 4  # every 4th query of each language
PAGES = {"es": "contacto/como-contactar-a-la-mesa-de-ayuda/", "en": "en/contacto/"}
SEARCH_BOX = "input.md-search__input"
RESULT_ITEMS = ".md-search-result__item"  # one per page, its own link first


def page_location(path: str, language: str) -> str:
    stem = path.removesuffix(".md").removesuffix("index").removesuffix("/")
    location = f"{stem}/" if stem else ""
    return location if language == "es" else f"en/{location}"


def sample(language: str) -> list[dict]:
    return QUERIES[language][::SAMPLE_EVERY]


def type_query(page: object, query: str) -> list[str]:
    """Type a query key by key; return the result pages' locations once they are settled."""
    box = page.locator(SEARCH_BOX)  # type: ignore[attr-defined]
    box.click()
    box.fill("")
    box.press("Backspace")  # Material reads the box on keyup
    box.press_sequentially(query, delay=15)
    return settled_results(page)


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
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        RESULT_ITEMS, "items => items.map(item => item.querySelector('a').href)"
    )
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


@pytest.fixture(scope="module")
def engines(real_site: Path) -> dict[str, search_engine.Engine]:
    return {
        language: search_engine.Engine.from_file(
            str(real_site / f"search/search_index.{language}.json")
        )
        for language in ("es", "en")
    }


@pytest.mark.parametrize("language", ["es", "en"])
def test_sample_of_the_query_set_in_the_search_box(
    site_url: str, page: object, engines: dict[str, search_engine.Engine], language: str
) -> None:
    page.goto(site_url + PAGES[language])  # type: ignore[attr-defined]
    problems: list[str] = []
    for case in sample(language):
        query, expected = str(case["q"]), page_location(case["page"], language)
        seen = type_query(page, query)
        harness = [result.location for result in engines[language].search(query)]
        if expected not in seen[:3]:
            problems.append(f"{query!r}: {expected} not in the top 3 {seen[:3]}")
        if seen[:3] != harness[:3]:
            problems.append(f"{query!r}: browser {seen[:3]} ≠ harness {harness[:3]}")
        foreign = [loc for loc in seen if loc.startswith("en/") != (language == "en")]
        if foreign:
            problems.append(f"{query!r}: results in the other language {foreign}")
    assert not problems, "\n".join(problems)


def test_results_mark_the_words_found_and_link_to_highlight_them(
    site_url: str, page: object
) -> None:
    """«numero» (no accent) marks «número» in the results, and asks the page to highlight it."""
    page.goto(site_url)  # type: ignore[attr-defined]
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
    page.goto(site_url + "en/")  # type: ignore[attr-defined]
    assert type_query(page, "zzzzqqq") == []
    meta = page.inner_text(".md-search-result__meta")  # type: ignore[attr-defined]
    assert meta == "No matching documents"


def test_search_requests_only_files_of_this_site(site_url: str, page: object) -> None:
    """The worker, its scripts and the page language's index: nothing else, nothing foreign."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    page.goto(site_url + "en/")  # type: ignore[attr-defined]
    type_query(page, "sales")
    search = [urlsplit(url).path for url in requests if "/search" in url]
    assert "/en/search/search_index.en.json" not in search
    assert "/search/search_index.en.json" in search
    assert "/search/search_index.es.json" not in search  # not the other language's index
    assert "/search/search_text.en.json" in search  # the texts under the results, loaded after
    assert "/search/search_text.es.json" not in search
    assert "/assets/javascripts/search/worker.js" in search
