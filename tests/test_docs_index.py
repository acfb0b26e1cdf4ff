"""The docs index and the link checker's functions, called without a build.

The anchor ids are compared with what Python-Markdown itself renders (attr_list,
toc, admonition, md_in_html as in mkdocs.yml): the index must compute exactly
the ids MkDocs gives, without rendering.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from helpcenter.content.docs_index import (
    DocsIndex,
    load_cached,
    normalise_words,
    parse_page,
    read_text,
)
from helpcenter.content.links import (
    LinkSettings,
    check_email,
    check_target,
    render_external_links,
    similar_page,
)
from helpcenter.content.rules import find_addresses

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def page_of_text(text: str, tmp_path: Path, name: str = "contacto/x.md"):
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return parse_page(
        read_text(path, f"docs/{name}"),
        src_path=name,
        language="es",
        file=path,
        display_path=f"docs/{name}",
    )


def rendered_ids(text: str) -> set[str]:
    """Every id Python-Markdown renders, as MkDocs configures it (for comparison only)."""
    md = markdown.Markdown(extensions=["attr_list", "toc", "admonition", "md_in_html"])
    html = md.convert(text)
    return set(re.findall(r'\sid="([^"]*)"', html))


def make_site(tmp_path: Path, files: dict[str, str]) -> DocsIndex:
    for name, text in files.items():
        target = tmp_path / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return DocsIndex.load(tmp_path / "docs", tmp_path)


# ----------------------------------------------------------------------------
# Anchors: exactly the ids MkDocs renders
# ----------------------------------------------------------------------------

HEADINGS = """# ¿Cómo contactar a la Mesa de Ayuda?

Intro.

## Paso 1: Accede al Help Center {#paso-1}

## ¿Qué aprenderás en este artículo?

## Resumen

## Resumen

## Resumen_1

### Usa `mkdocs serve` y **negritas** con [un enlace](x.md)

## Ñandú & café: «comillas» — guiones

Un párrafo con id.
{: #parrafo-con-id }

Título setext
-------------

Otro título
===========

<div id="bloque-html" markdown>
Contenido.
</div>

<a name="ancla-vieja"></a>

!!! note "Nota"
    Texto de la nota.

    ## Un título en la nota

Un párrafo antes de un bloque de código.

    ## No es un título {#tampoco}

## Encabezado con cierre ##

##Sin espacio
"""


def test_anchor_ids_match_python_markdown(tmp_path: Path) -> None:
    page = page_of_text(HEADINGS, tmp_path)
    expected = rendered_ids(HEADINGS) | {"ancla-vieja"}  # `<a name>` counts for MkDocs too
    assert page.anchors == expected
    assert "tampoco" not in page.anchors  # a heading inside a code block is not a heading
    assert {"resumen", "resumen_1", "resumen_2"} <= page.anchors


def test_anchor_ids_match_on_the_real_articles() -> None:
    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        page = parse_page(
            read_text(path, str(path)),
            src_path="x.md",
            language="es",
            file=path,
            display_path=str(path),
        )
        body = text[page.body_offset :]
        assert page.anchors == rendered_ids(body), path


def test_title_from_front_matter_or_first_heading(tmp_path: Path) -> None:
    with_title = page_of_text("---\ntitle: Del front matter\n---\n\n# Otro\n", tmp_path)
    without = page_of_text("# Del *encabezado*\n\nTexto.\n", tmp_path, "y.md")
    assert (with_title.title, without.title) == ("Del front matter", "Del encabezado")


# ----------------------------------------------------------------------------
# Links and prose
# ----------------------------------------------------------------------------

LINKS = """---
title: Enlaces
---

Un [enlace](a.md#x "título") y una ![imagen](img.png).
Un enlace de [referencia][ref] y otro [atajo].
Un autoenlace <https://example.com/> y <soporte@multivende.com>.
<a href="b.md">HTML</a> y un enlace [partido
en dos líneas](c.md).

`[no es un enlace](d.md)` en código en línea.

    [tampoco](e.md) en un bloque sangrado

```
[ni este](f.md)
```

[ref]: g.md
[atajo]: <h.md>
"""


def test_links_with_their_lines(tmp_path: Path) -> None:
    page = page_of_text(LINKS, tmp_path)
    found = [(link.target, link.line, link.kind) for link in page.links]
    assert found == [
        ("a.md#x", 5, "inline"),
        ("img.png", 5, "image"),
        ("g.md", 6, "reference"),
        ("h.md", 6, "reference"),
        ("https://example.com/", 7, "autolink"),
        ("mailto:soporte@multivende.com", 7, "autolink"),
        ("b.md", 8, "html"),
        ("c.md", 8, "inline"),
    ]


def test_prose_has_no_code_urls_or_front_matter(tmp_path: Path) -> None:
    page = page_of_text(LINKS, tmp_path)
    assert len(page.prose) == len(page.text)  # offsets, hence lines, are kept
    assert "Enlaces" not in page.prose  # front matter
    assert "a.md" not in page.prose and "no es un enlace" not in page.prose
    assert "tampoco" not in page.prose and "ni este" not in page.prose
    assert "partido" in page.prose and "referencia" in page.prose  # link texts are prose


def test_admonition_content_is_prose_not_code(tmp_path: Path) -> None:
    text = "!!! note\n\n    Escala con [la guía](x.md).\n\nFin.\n\n    código\n"
    page = page_of_text(text, tmp_path)
    assert "Escala" in page.prose and "código" not in page.prose


def test_addresses_found_in_text() -> None:
    text = "Escribe a sales@multivende.com. O a a.b+c@sub.multivende.com, no a @nadie."
    assert [address for _, address in find_addresses(text)] == [
        "sales@multivende.com",
        "a.b+c@sub.multivende.com",
    ]


# ----------------------------------------------------------------------------
# Front matter: read as MkDocs reads it (mkdocs.utils.meta.get_data)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "title: ¿Cómo contactar?\ndescription: Una frase.\n",
        "last_reviewed: 2026-11-27\npromoted: true\n",
        "promoted: yes\nhide: ~\n",
        "related:\n  - contacto/a.md\n  - contacto/b.md\n",
        "description: 'Paso a paso: crear un ticket.'\n",
        "title: Uno\n  sigue en otra línea\n",
        "search:\n  exclude: true\n",
        "related:\n\t- contacto/a.md\n",  # a tab: MkDocs drops the front matter
        "description: Paso 1: abre tu cuenta\n",  # MkDocs drops it too
    ],
)
def test_front_matter_is_what_mkdocs_reads(source: str, tmp_path: Path) -> None:
    """The same meta as MkDocs; whatever MkDocs would drop is a problem with its line."""
    text = f"---\n{source}---\n\n# Título\n"
    page = page_of_text(text, tmp_path)
    _body, mkdocs_meta = get_data(text)
    if mkdocs_meta:
        assert (page.meta, page.front_matter_ok, page.problems) == (mkdocs_meta, True, [])
    else:
        [problem] = page.problems
        assert not page.front_matter_ok and problem.line >= 2
        assert "\t" not in str(problem) and "\n" not in str(problem)


def test_front_matter_lines_and_duplicate_keys(tmp_path: Path) -> None:
    text = "---\ntitle: Uno\nrelated:\n  - a.md\n  - b.md\ntitle: Dos\n---\n\n# Uno\n"
    page = page_of_text(text, tmp_path)
    assert page.key_lines == {"title": 2, "related": 3}
    assert page.item_lines == {"related": [4, 5]}
    [problem] = page.problems
    assert str(problem) == (
        "docs/contacto/x.md:6: front matter has 'title' twice (also on line 2); YAML keeps "
        "only the last one — keep one 'title:' line"
    )


# ----------------------------------------------------------------------------
# Text as customers read it
# ----------------------------------------------------------------------------


def test_words_are_normalised_with_offsets_kept() -> None:
    text = "Puedes esca\u00adlar o e\u200bscalar o ｅｓｃａｌａｒ, sin más."
    normal = normalise_words(text)
    assert len(normal) == len(text)
    assert normal.split() == ["Puedes", "escalar", "o", "escalar", "o", "escalar,", "sin", "más."]


# ----------------------------------------------------------------------------
# The cache: one scan per build, a new scan when a file changes
# ----------------------------------------------------------------------------


def test_load_cached_reuses_the_scan_until_a_file_changes(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "x.md"
    page.parent.mkdir()
    page.write_text("# Uno\n", encoding="utf-8")
    first = load_cached(tmp_path / "docs", tmp_path)
    assert load_cached(tmp_path / "docs", tmp_path) is first
    page.write_text("# Uno\n\n## Dos\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    second = load_cached(tmp_path / "docs", tmp_path)
    assert second is not first
    assert "dos" in second.page("es", "x.md").anchors


# ----------------------------------------------------------------------------
# The contract other hooks use: check_target, check_email
# ----------------------------------------------------------------------------

SITE = {
    "contacto/a.md": "# A\n\n## Uno {#uno}\n",
    "contacto/a.en.md": "# A\n\n## One {#uno}\n",
    "contacto/b.md": "# B\n\n## Solo {#solo}\n",
}
LINKS_OK = LinkSettings({"soporte": "", "form": "https://help.example.com/new"}, ("x.com",))


def test_check_target_from_a_data_file_in_both_languages(tmp_path: Path) -> None:
    index = make_site(tmp_path, SITE)
    where = {"base": "", "languages": ("es", "en"), "path": "data/tree.yml", "line": 7}
    assert check_target(index, "contacto/a.md#uno", settings=LINKS_OK, **where) == []
    [problem] = check_target(index, "contacto/b.md", settings=LINKS_OK, **where)
    assert str(problem) == (
        "data/tree.yml:7: link 'contacto/b.md' points to a page that has no English version "
        "(docs/contacto/b.en.md) — translate docs/contacto/b.md into docs/contacto/b.en.md, or "
        "remove the link"
    )
    es, en = check_target(index, "contacto/a.md#dos", settings=LINKS_OK, **where)
    assert es.message == (
        "link 'contacto/a.md#dos': docs/contacto/a.md has no heading or anchor '#dos'"
    )
    assert en.message == (
        "link 'contacto/a.md#dos': docs/contacto/a.en.md has no heading or anchor '#dos'"
    )
    [problem] = check_target(index, "contacto/c.md", settings=LINKS_OK, **where)
    assert "does not exist (docs/contacto/c.md)" in problem.message
    assert problem.hint == "fix the path (relative to docs/) or create the page"


def test_check_target_relative_to_a_page(tmp_path: Path) -> None:
    index = make_site(tmp_path, SITE)
    where = {"base": "contacto/a.md", "languages": ("es",), "path": "docs/contacto/a.md"}
    assert check_target(index, "b.md#solo", line=3, settings=LINKS_OK, **where) == []
    assert check_target(index, "#uno", line=3, settings=LINKS_OK, **where) == []
    [problem] = check_target(index, "#otro", line=3, settings=LINKS_OK, **where)
    assert problem.message == "link '#otro': this page has no heading or anchor '#otro'"


def test_check_target_external_and_mail(tmp_path: Path) -> None:
    index = make_site(tmp_path, SITE)
    where = {"base": "", "languages": ("es",), "path": "data/t.yml", "line": 1}
    assert check_target(index, "ext:form", settings=LINKS_OK, **where) == []
    [notice] = check_target(index, "ext:soporte", settings=LINKS_OK, **where)
    assert notice.severity == "notice"
    [unknown] = check_target(index, "ext:soprte", settings=LINKS_OK, **where)
    assert unknown.hint == "did you mean 'ext:soporte'?"
    assert check_target(index, "mailto:ana@x.com", settings=LINKS_OK, **where) == []
    [bad] = check_target(index, "mailto:ana@y.com", settings=LINKS_OK, **where)
    assert bad.message == "e-mail domain 'y.com' is not allowed"
    assert check_target(index, "https://example.com/", settings=LINKS_OK, **where) == []


def test_check_email() -> None:
    ok = check_email("ana@multivende.com", ["multivende.com"], path="p", line=1)
    [malformed] = check_email("ana@multivende", ["multivende.com"], path="p", line=2)
    [typo] = check_email("ana@multivende.con", ["multivende.com"], path="p", line=3)
    assert ok == []
    assert malformed.message == "malformed e-mail address 'ana@multivende'"
    assert typo.hint.startswith("did you mean 'ana@multivende.com'?")


def test_similar_page_suggests_only_close_names() -> None:
    pages = ["contacto/como-contactar-al-equipo-comercial.md", "contacto/index.md"]
    assert similar_page("contacto/como-contactar-al-equpo-comercial.md", pages) == pages[0]
    assert similar_page("contacto/otra-cosa.md", pages) is None


# ----------------------------------------------------------------------------
# ext: links in the rendered Markdown
# ----------------------------------------------------------------------------


def test_render_external_links() -> None:
    urls = {"help_center": "", "form": "https://help.example.com/new"}
    text = (
        "Ve al [Help Center](ext:help_center) o al [formulario](ext:form).\n"
        "`[código](ext:form)` y [referencia][hc].\n\n[hc]: ext:form\n"
    )
    assert render_external_links(text, urls) == (
        "Ve al Help Center o al [formulario](https://help.example.com/new).\n"
        "`[código](ext:form)` y [referencia](https://help.example.com/new).\n\n"
    )


def test_render_external_links_reads_links_as_the_parser_does() -> None:
    urls = {"help_center": "", "form": "https://help.example.com/new"}
    text = (
        "[Formulario] y [**el Help Center**][hc], no \\[esto](ext:form) ni ![logo](ext:form).\n\n"
        "```\n[en código](ext:form)\n```\n\n"
        '[formulario]: <ext:form> "Nueva solicitud"\n[hc]: ext:help_center\n[otro]: x.md\n'
    )
    assert render_external_links(text, urls) == (
        "[Formulario](https://help.example.com/new) y **el Help Center**, no \\[esto](ext:form)"
        " ni ![logo](ext:form).\n\n```\n[en código](ext:form)\n```\n\n[otro]: x.md\n"
    )


def test_control_characters_are_reported_and_never_rendered(tmp_path: Path) -> None:
    from helpcenter.content.checks import renderable_source

    page = page_of_text("# Título\n\nUn\x00 NUL y un\x07 BEL.\n\nOtro\x00.\n", tmp_path)
    assert [(p.line, p.message) for p in page.problems] == [
        (3, "contains the invisible control character U+0000"),
        (5, "contains the invisible control character U+0000"),
    ]
    assert renderable_source(page) == "# Título\n\nUn NUL y un BEL.\n\nOtro.\n"


def test_markdown_links_gives_offsets_and_definitions() -> None:
    from helpcenter.content.docs_index import markdown_links

    text = "Ve al [HC](ext:help_center) y [ref][hc].\n\n`[x](ext:y)`\n\n[hc]: ext:form\n"
    links, definitions = markdown_links(text)
    assert [(link.target, text[link.start : link.end]) for link in links] == [
        ("ext:help_center", "[HC](ext:help_center)"),
        ("ext:form", "[ref][hc]"),
    ]
    assert [text[start:end] for start, end in definitions] == ["[hc]: ext:form"]
