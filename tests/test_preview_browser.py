"""The preview's problems box, in Chromium against a real `mkdocs serve`; never in a build.

A fixture site with one problem in a Spanish article and one in its English translation:
the Spanish page shows, at its top, a region named by its heading with its own problem in
`make check`'s exact words and the count of the site's other problems, listed with a link to
their page; each save updates it (MkDocs' live reload), and the box goes once all is fixed.
axe-core finds nothing in it, at 375 px it fits the screen, and `mkdocs build` of the same
site has no trace of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_axe, run_build
from playwright.sync_api import Page, expect
from test_content_checks import Case, article_en, article_es, run_check, write_site
from test_serve import WAIT, Server, wait_for

PLACEHOLDER = "Más detalles: [haz clic aquí](#paso-2)."  # a link text that says nothing
UNLINKED = "\nWrite to help@multivende.com.\n"  # an e-mail address that is not a link
TIMEOUT = WAIT * 1000  # Playwright's, in milliseconds: a rebuild on a busy machine

SITE = Case(
    "preview",
    {
        "contacto/x.md": article_es(PLACEHOLDER),
        "contacto/x.en.md": article_en() + UNLINKED,
    },
    None,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site's mkdocs.yml, with its two problems."""
    return write_site(tmp_path, SITE)


@pytest.fixture
def served(project: Path) -> Iterator[Server]:
    """The site served as `make serve` serves it."""
    server = Server(project)
    try:
        wait_for(lambda: server.builds() >= 1, "the first build", server)
        yield server
    finally:
        server.stop()


def check_lines(project: Path, path: str) -> list[str]:
    """What `make check` prints about one file."""
    result = run_check(project)
    return [line for line in result.stdout.splitlines() if line.startswith(f"{path}:")]


def test_each_page_shows_its_problems_and_the_sites_others_and_updates_on_save(
    served: Server, project: Path, page: Page
) -> None:
    spanish = check_lines(project, "docs/contacto/x.md")
    english = check_lines(project, "docs/contacto/x.en.md")
    assert len(spanish) == 1 and english, (spanish, english)

    page.goto(served.url + "contacto/x/")
    box = page.get_by_role("region", name=re.compile("^Vista previa"))
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text("Vista previa: 1 problema en esta página")
    own = box.locator(".hc-preview__own > li")
    expect(own).to_have_text(spanish)
    others = box.locator(".hc-preview__others")
    expect(others.locator("summary")).to_have_text(
        f"{len(english)} {'problema' if len(english) == 1 else 'problemas'} en el resto del sitio"
    )
    others.locator("summary").click()
    listed = others.locator("li")
    for line in english:
        expect(listed.filter(has_text=line)).to_have_count(1)
    link = listed.first.get_by_role("link", name="ver la página")
    assert link.get_attribute("href") == "../../en/contacto/x/"
    # the box is the first thing of the page's content: above the breadcrumbs and the title
    assert page.evaluate(
        "document.querySelector('#hc-content').firstElementChild.matches('.hc-preview')"
    )

    # The Spanish problem fixed: the page reloads by itself, the others are still counted.
    article = project.parent / "docs" / "contacto" / "x.md"
    article.write_text(article_es("Más detalles en el [paso 2](#paso-2)."), encoding="utf-8")
    expect(box.get_by_role("heading")).to_have_text(
        "Vista previa: 0 problemas en esta página", timeout=TIMEOUT
    )
    expect(own).to_have_count(0)
    expect(others).to_be_visible()

    # The English page speaks English and shows its own.
    page.goto(served.url + "en/contacto/x/")
    box_en = page.get_by_role("region", name=re.compile("^Preview"))
    expect(box_en.locator(".hc-preview__own > li")).to_have_text(english)

    # Everything fixed: no box.
    translation = project.parent / "docs" / "contacto" / "x.en.md"
    translation.write_text(article_en(), encoding="utf-8")
    expect(page.locator(".hc-preview")).to_have_count(0, timeout=TIMEOUT)
    assert "Traceback" not in served.log


def test_the_box_is_accessible_and_fits_a_phone(served: Server, page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(served.url + "contacto/x/")
    box = page.get_by_role("region", name=re.compile("^Vista previa"))
    expect(box).to_be_visible()
    box.locator("summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    results = run_axe(page, context={"include": [[".hc-preview"]]})  # the page's own: elsewhere
    assert results.violations_count == 0, results.generate_report()


def test_a_build_never_has_the_box(project: Path) -> None:
    site = run_build(project, project.parent / "site", strict=False)
    assert site.warnings(), "the fixture site should have problems"
    pages = list((project.parent / "site").rglob("*.html"))
    assert pages
    assert [path for path in pages if "hc-preview" in path.read_text(encoding="utf-8")] == []
