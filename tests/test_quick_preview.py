"""Which saves the preview may rebuild alone (helpcenter/quick_preview.py), and the search
index it keeps between such builds; without a server (tests/test_serve.py drives one).

Each case edits a small docs folder as a writer would and asks `plan` whether MkDocs' dirty
build of the saved page alone would show the truth; the search cases check that the entries
of earlier builds Material's file holds under `--dirty` never reach the site's index.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpcenter import quick_preview
from helpcenter.content.docs_index import DocsIndex
from helpcenter.search import engine, sections

ARTICLE = """---
title: Cómo pagar
description: Los medios de pago.
---

# Cómo pagar

Texto del artículo.

## Tarjetas

Más texto.
"""
OTHER = "---\ntitle: Otro artículo\ndescription: Otro.\n---\n\n# Otro artículo\n\nTexto.\n"


def write_docs(root: Path) -> Path:
    docs = root / "docs"
    (docs / "contacto").mkdir(parents=True)
    (docs / "index.md").write_text("# Inicio\n\nBienvenida.\n", encoding="utf-8")
    (docs / "contacto" / "como-pagar.md").write_text(ARTICLE, encoding="utf-8")
    (docs / "contacto" / "otro.md").write_text(OTHER, encoding="utf-8")
    (docs / "contacto" / "otro.en.md").write_text(OTHER.replace("Otro", "Other"), "utf-8")
    return docs


def inputs(root: Path, previous: quick_preview.Inputs | None = None) -> quick_preview.Inputs:
    """What a build of the folder is made of now (re-reading only changed files, as serve)."""
    index = DocsIndex.load(
        root / "docs", root, ("es", "en"), "es", previous.index if previous else None
    )
    others = (root / "data").rglob("*") if (root / "data").is_dir() else []
    stamps = tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted([*others, *(root / "docs").rglob("*.svg")])
    )
    return quick_preview.Inputs(index, stamps)


def rewrite(path: Path, new: str) -> None:
    """Save a file with a later mtime (as an editor does, even within one clock tick)."""
    stat = path.stat()
    path.write_text(new, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        rewrite(path, path.read_text(encoding="utf-8").replace(old, new, 1))

    return apply


def add(relative: str, content: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content, encoding="utf-8")

    return apply


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for one in edits:
            one(root)

    return apply


ARTICLE_FILE = "docs/contacto/como-pagar.md"

QUICK = {
    "a sentence in the body": edit(ARTICLE_FILE, "Texto del artículo.", "Texto nuevo."),
    "a sentence in a translation": edit("docs/contacto/otro.en.md", "Texto.", "New text."),
    "a link in the body": edit(ARTICLE_FILE, "Más texto.", "Más texto, ver [otro](otro.md)."),
}
CATEGORY = {
    "the title in the front matter": edit(ARTICLE_FILE, "title: Cómo pagar", "title: Pagar"),
    "the description": edit(ARTICLE_FILE, "description: Los medios", "description: Todos"),
    "a heading (another id)": edit(ARTICLE_FILE, "## Tarjetas", "## Tarjetas de crédito"),
    "a new article": add("docs/contacto/nuevo.md", OTHER),
    "a new translation": add("docs/contacto/como-pagar.en.md", ARTICLE),
    "a deleted article": lambda root: (root / "docs/contacto/otro.md").unlink(),
    "two articles at once": both(
        edit(ARTICLE_FILE, "Texto del artículo.", "Texto nuevo."),
        edit("docs/contacto/otro.md", "Texto.", "Nuevo."),
    ),
}
FULL = {
    "a data file": (add("data/synonyms.yml", "es: []\n"), "data file"),
    "an asset under docs/": (add("docs/assets/logo.svg", "<svg/>"), "data file, asset"),
    "a new category": (add("docs/pagos/nuevo.md", OTHER), "a category or a page at the top"),
    "a new page at the top": (add("docs/nuevo.md", OTHER), "a category or a page at the top"),
    "the home page's title": (
        edit("docs/index.md", "# Inicio", "# Bienvenida"),
        "docs/index.md is at the top of the site",
    ),
    "a category's own page": (
        add("docs/contacto/index.md", "# Contacto\n"),
        "docs/contacto/index.md is a category's own page",
    ),
    "the wizard's title": (
        edit("docs/contacto/otro.md", "title: Otro artículo", "title: El asistente"),
        "docs/contacto/otro.md is linked from every page",
    ),
}
WIZARD = ("contacto/otro.md",)


@pytest.mark.parametrize("name", sorted(QUICK))
def test_a_text_edit_of_one_page_is_rebuilt_alone(tmp_path: Path, name: str) -> None:
    write_docs(tmp_path)
    before = inputs(tmp_path)
    QUICK[name](tmp_path)
    plan = quick_preview.plan(before, inputs(tmp_path, before), problems=0, sitewide=WIZARD)
    assert plan.mode == quick_preview.PAGE, plan.reason
    assert plan.saved.startswith("docs/contacto/")


@pytest.mark.parametrize("name", sorted(CATEGORY))
def test_a_structural_edit_in_a_category_rebuilds_that_category(tmp_path: Path, name: str) -> None:
    write_docs(tmp_path)
    before = inputs(tmp_path)
    CATEGORY[name](tmp_path)
    plan = quick_preview.plan(before, inputs(tmp_path, before), problems=0)
    assert plan.mode == quick_preview.CATEGORY, plan.reason
    assert plan.changed and all(key.startswith("contacto/") for key in plan.changed)
    assert plan.saved.startswith("docs/contacto/")


@pytest.mark.parametrize("name", sorted(FULL))
def test_an_edit_other_pages_show_rebuilds_everything(tmp_path: Path, name: str) -> None:
    write_docs(tmp_path)
    before = inputs(tmp_path)
    change, reason = FULL[name]
    change(tmp_path)
    plan = quick_preview.plan(before, inputs(tmp_path, before), problems=0, sitewide=WIZARD)
    assert plan.mode == quick_preview.FULL
    assert reason in plan.reason


def test_the_pages_to_rebuild_are_the_category_and_those_naming_the_page(tmp_path: Path) -> None:
    write_docs(tmp_path)
    add("docs/pagos/tarjetas.md", "---\ntitle: Tarjetas\nrelated:\n  - contacto/otro.md\n---\n")(
        tmp_path
    )
    add("docs/pagos/bancos.md", "---\ntitle: Bancos\nrelated: [pagos/tarjetas.md]\n---\n")(tmp_path)
    index = inputs(tmp_path).index
    assert quick_preview.pages_to_rebuild(index, {"contacto/otro.md"}) == {
        "contacto/como-pagar.md",
        "contacto/otro.md",
        "pagos/tarjetas.md",
    }
    assert quick_preview.pages_to_rebuild(index, {"pagos/bancos.md"}) == {
        "pagos/tarjetas.md",
        "pagos/bancos.md",
    }


def test_a_deleted_output_takes_its_empty_folders_but_never_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "en" / "contacto" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("x", encoding="utf-8")
    (site / "en" / "index.html").write_text("x", encoding="utf-8")
    quick_preview.delete_output(page, site)
    assert not (site / "en" / "contacto").exists()
    assert (site / "en" / "index.html").is_file()
    lone = site / "index.html"
    lone.write_text("x", encoding="utf-8")
    quick_preview.delete_output(lone, site)
    assert site.is_dir()


def test_problems_or_no_clean_build_before_rebuild_everything(tmp_path: Path) -> None:
    write_docs(tmp_path)
    before = inputs(tmp_path)
    QUICK["a sentence in the body"](tmp_path)
    now = inputs(tmp_path, before)
    assert "problems" in quick_preview.plan(before, now, problems=1).reason
    assert quick_preview.plan(None, now, problems=0).mode == quick_preview.FULL


def test_empty_folder_deletes_everything_inside_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "en" / "x").mkdir(parents=True)
    (site / "index.html").write_text("x", encoding="utf-8")
    (site / "en" / "x" / "index.html").write_text("x", encoding="utf-8")
    quick_preview.empty_folder(site)
    assert site.is_dir() and list(site.iterdir()) == []


# ----------------------------------------------------------------------------
# Search between quick builds
# ----------------------------------------------------------------------------


def entry(location: str, title: str, body: str = "") -> dict:
    return {"location": location, "title": title, "text": body}


def test_latest_entries_keeps_only_the_last_copy_of_each_page() -> None:
    """Material's file under --dirty: the entries of earlier builds first, then this build's."""
    stale = [entry("a/", "A"), entry("a/#old", "Old"), entry("b/", "B")]
    now = [entry("a/", "A"), entry("a/#new", "New")]
    found = sections.latest_entries(stale + now, {"a/"})
    assert found == {"a/": now}
    assert sections.latest_entries(stale + now, {"a/", "b/"}) == {"b/": [stale[2]], "a/": now}


def test_a_rebuilt_index_equals_one_built_afresh() -> None:
    """The engine reuses the terms of unchanged entries from its last build of the language:
    after one page changes, the index is what a fresh process would build."""
    facts = {
        "a/": sections.PageFacts("a/", "Cómo pagar", "Medios de pago.", 1.0),
        "b/": sections.PageFacts("b/", "Cómo facturar", "Facturas.", 1.0),
    }
    b = [entry("b/", "Cómo facturar", "<p>Emite la factura.</p>")]
    first = {"a/": [entry("a/", "Cómo pagar", "<p>Con tarjeta o transferencia.</p>")], "b/": b}
    changed = {"a/": [entry("a/", "Cómo pagar", "<p>Con tarjeta, sin recargo.</p>")], "b/": b}
    engine.build_payload(sections.search_pages(first, facts), "es", ())
    again = engine.build_payload(sections.search_pages(changed, facts), "es", ())
    engine._analysed.clear()  # what a fresh process starts with
    fresh = engine.build_payload(sections.search_pages(changed, facts), "es", ())
    assert again == fresh
    assert "recargo" in str(again[1]) and "transferencia" not in str(again)


def test_the_categories_every_page_shows_are_their_titles_and_first_pages() -> None:
    """With `navigation.prune` a page shows each other category as a link to its first page:
    a new article that sorts first in a category without its own page changes every page."""

    def page(url: str) -> SimpleNamespace:
        return SimpleNamespace(title=url, url=url, children=None)

    def section(title: str, *children: SimpleNamespace) -> SimpleNamespace:
        return SimpleNamespace(title=title, children=list(children))

    home = page("")
    nav = SimpleNamespace(items=[home, section("Contacto", page("contacto/"), page("contacto/b/"))])
    before = quick_preview.categories_shown(nav)
    assert before == (("Contacto", "contacto/"),)
    nav.items[1].children.append(page("contacto/a/"))
    assert quick_preview.categories_shown(nav) == before
    nested = section("Pagos", section("Tarjetas", page("pagos/tarjetas/b/")))
    nav.items.append(nested)
    assert quick_preview.categories_shown(nav)[1] == ("Pagos", "pagos/tarjetas/b/")
    nested.children[0].children.insert(0, page("pagos/tarjetas/a/"))
    assert quick_preview.categories_shown(nav)[1] == ("Pagos", "pagos/tarjetas/a/")
