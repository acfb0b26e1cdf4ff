"""hooks/nav_cache.py: the sidebar HTML of closed items reused, identical to rendering it anew."""

from __future__ import annotations

import itertools
import posixpath
import re
import shutil
from pathlib import Path

import nav_cache
import pytest
import yaml
from conftest import ROOT, SiteBuilder
from mkdocs.utils import get_relative_url

# ----------------------------------------------------------------------------
# url_scope: pages that share a scope get the same relative link to a target
# ----------------------------------------------------------------------------


def _urls() -> list[str]:
    """Every page URL shape MkDocs writes, up to three folders deep, both URL styles."""
    urls = {""}
    for depth in (1, 2, 3):
        for parts in itertools.product(["a", "b", "ab"], repeat=depth):
            path = "/".join(parts)
            urls.update({f"{path}/", f"{path}.html", f"{path}/index.html"})
    return sorted(urls)


def test_pages_with_the_same_scope_get_the_same_relative_links() -> None:
    urls = _urls()
    for target in urls:
        links_by_scope: dict[tuple[str, str], set[str]] = {}
        for page_url in urls:
            scope = nav_cache.url_scope(nav_cache.target_folders((target,)), page_url)
            links_by_scope.setdefault(scope, set()).add(get_relative_url(target, page_url))
        shared = {scope: links for scope, links in links_by_scope.items() if len(links) > 1}
        assert not shared, f"target {target!r}: one scope, several links: {shared}"


def test_pages_of_one_folder_share_the_scope_of_a_link_elsewhere() -> None:
    outside = nav_cache.target_folders(("otra/x/",))
    assert nav_cache.url_scope(outside, "guia/uno/") == nav_cache.url_scope(outside, "guia/dos/")
    assert nav_cache.url_scope(outside, "guia/uno/") != nav_cache.url_scope(outside, "ayuda/uno/")


def test_a_link_inside_the_page_folder_needs_the_page_itself() -> None:
    inside = nav_cache.target_folders(("guia/sec/x/",))
    assert nav_cache.url_scope(inside, "guia/sec/") == ("folder", "guia/sec")
    assert nav_cache.url_scope(inside, "guia/sec/") != nav_cache.url_scope(inside, "guia/otra/")


def test_the_home_page_has_a_scope_of_its_own() -> None:
    assert nav_cache.url_scope(nav_cache.target_folders(("guia/x/",)), "") == ("folder", "")


# ----------------------------------------------------------------------------
# Built site: with and without the cache, the same HTML
# ----------------------------------------------------------------------------


def _page(title: str) -> str:
    head = yaml.safe_dump({"title": title, "description": f"Sobre {title}."}, allow_unicode=True)
    return f"---\n{head}---\n\n# {title}\n\nTexto de {title}.\n\n## Detalle {{#detalle}}\n\nMás.\n"


def _nested_site() -> dict[str, str]:
    """Categories with sections and index pages, a top-level page, both languages.

    Also the shapes a section's list can take: sections three deep (`guia/uno/hondo/`), a
    section without an index page (`ayuda/sin-indice/`, a label instead of a link), a section
    with nothing but its index page (`guia/sola/`, no toggle label).
    """
    files: dict[str, str] = {"index.md": _page("Inicio"), "index.en.md": _page("Home")}

    def add(path: str, es: str, en: str) -> None:
        files[f"{path}.md"], files[f"{path}.en.md"] = _page(es), _page(en)

    for category in ("guia", "ayuda"):
        add(f"{category}/index", f"Categoría {category}", f"Category {category}")
        add(f"{category}/suelta", f"Suelta {category}", f"Loose {category}")
        for section in ("uno", "dos"):
            folder = f"{category}/{section}"
            add(f"{folder}/index", f"Sección {folder}", f"Section {folder}")
            for article in ("a", "b", "c"):
                add(
                    f"{folder}/{article}",
                    f"Artículo {folder}/{article}",
                    f"Article {folder}/{article}",
                )
    add("guia/uno/hondo/index", "Hondo", "Deep")
    for article in ("a", "b"):
        add(f"guia/uno/hondo/{article}", f"Hondo {article}", f"Deep {article}")
    add("guia/sola/index", "Sola", "Alone")
    for article in ("x", "y"):
        add(f"ayuda/sin-indice/{article}", f"Sin índice {article}", f"No index {article}")
    add("aparte", "Aparte", "Apart")
    return files


def _pages(site: Path) -> dict[str, str]:
    """Every HTML file of a site, as it is written."""
    return {
        str(path.relative_to(site)): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def _sidebars(pages: dict[str, str]) -> dict[str, str]:
    """The sidebar of every page, whitespace runs made one space (Material's own template
    writes other blank lines than ours)."""
    space = re.compile(r"\s+")
    return {
        name: space.sub(" ", html[html.index('class="md-nav md-nav--primary"') :]).split(
            'data-md-component="toc"'
        )[0]
        for name, html in pages.items()
        if 'class="md-nav md-nav--primary"' in html
    }


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_the_cached_sidebar_is_the_sidebar_material_renders(
    build_site: SiteBuilder, tmp_path: Path, directory_urls: bool
) -> None:
    files = _nested_site()
    config = {"use_directory_urls": directory_urls}
    cached = build_site(files, config=config, strict=False)
    assert cached.ok, cached.log
    kept = tmp_path / "cached-site"
    shutil.copytree(cached.site_dir, kept)

    hooks = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
    assert "hooks/nav_cache.py" in hooks
    others = [str(ROOT / hook) for hook in hooks if hook != "hooks/nav_cache.py"]
    plain = build_site(files, config={**config, "hooks": others}, strict=False)
    assert plain.ok, plain.log

    with_cache, without = _pages(kept), _pages(plain.site_dir)
    assert with_cache.keys() == without.keys()
    assert len(with_cache) > 50  # both languages, the 404 pages
    for name, html in without.items():
        assert with_cache[name] == html, f"{name}: the cached sidebar differs"
    article = "guia/uno/a/index.html" if directory_urls else "guia/uno/a.html"
    assert 'class="md-nav__item md-nav__item--pruned md-nav__item--nested"' in without[article]
    deep = "guia/uno/hondo/b/index.html" if directory_urls else "guia/uno/hondo/b.html"
    assert without[deep].count("md-nav__item--active md-nav__item--nested") == 3

    # Material's own nav-item.html (our override only escapes front-matter titles, and these
    # have nothing to escape): the same sidebar, but for blank lines.
    material_theme = tmp_path / "material-nav-item"
    shutil.copytree(ROOT / "overrides", material_theme)
    (material_theme / "partials" / "nav-item.html").unlink()
    material = build_site(
        files, config={**config, "theme": {"custom_dir": str(material_theme)}}, strict=False
    )
    assert material.ok, material.log
    ours, theirs = _sidebars(with_cache), _sidebars(_pages(material.site_dir))
    assert ours.keys() == theirs.keys() and len(ours) > 50
    for name, sidebar in theirs.items():
        assert ours[name] == sidebar, f"{name}: not the sidebar Material renders"


def test_closed_items_are_rendered_once_per_folder() -> None:
    from jinja2 import DictLoader, Environment
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Section
    from mkdocs.structure.pages import Page

    def page(src: str) -> Page:
        file = File(src, "/docs", "/site", use_directory_urls=True)
        return Page(src.removesuffix(".md"), file, {})  # type: ignore[arg-type]

    articles = [page(f"guia/{name}.md") for name in ("a", "b", "c")]
    other = Section("Otra", [page("otra/x.md"), page("otra/y.md")])
    rendered: list[str] = []
    env = Environment(
        loader=DictLoader(
            {
                "nav": "{% set key, html = nav_fragments.find(item, 'p', 1, false, page, '.') %}"
                "{% if html is none %}{% set html = nav_fragments.put(key, draw(item)) %}"
                "{% endif %}{{ html }}"
            }
        )
    )
    nav_cache.on_env(env, None, None)  # type: ignore[arg-type]

    def draw(item: Section) -> str:
        rendered.append(item.title)
        return item.title

    for current in articles:
        assert env.get_template("nav").render(item=other, page=current, draw=draw) == "Otra"
    fragments = env.globals["nav_fragments"]
    assert rendered == ["Otra"]
    assert (fragments.misses, fragments.hits) == (1, 2)


# ----------------------------------------------------------------------------
# children: a section's whole list in one call, the same as rendering every child
# ----------------------------------------------------------------------------


def _targets(item: object) -> list[str]:
    """Every URL under a navigation item, found without nav_cache's own helpers."""
    children = getattr(item, "children", None)
    if children:
        return [url for child in children for url in _targets(child)]
    return [item.url]  # type: ignore[attr-defined]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_a_list_from_cached_children_is_the_list_rendered_anew(directory_urls: bool) -> None:
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Link, Section
    from mkdocs.structure.pages import Page

    def page(src: str) -> Page:
        file = File(src, "/docs", "/site", use_directory_urls=directory_urls)
        return Page(src.removesuffix(".md"), file, {})  # type: ignore[arg-type]

    # guia: its index page (left out of the list), articles, a nested section, a page kept
    # elsewhere, an external link; every page URL shape up to three folders deep as visitors.
    index, sub_index = page("guia/index.md"), page("guia/sub/index.md")
    sub = Section("Sub", [sub_index, page("guia/sub/x.md"), page("guia/sub/hondo/y.md")])
    members = [index, page("guia/a.md"), sub, page("otra/b.md"), Link("Fuera", "https://e.cl/")]
    section = Section("Guía", members)
    for child in members:
        child.parent = section
    for child in sub.children:
        child.parent = sub
    in_nav = [item for item in [index, *members[1:], *sub.children] if isinstance(item, Page)]
    outside = [
        page(url.removesuffix("/") + ("/index.md" if url.endswith("/") else ".md"))
        for url in _urls()
        if url and not url.endswith(".html")
    ]
    outside += [page(src) for src in ("index.md", "a/index.md", "a/b/c.md", "guia/z.md")]

    def draw(current: Page | None, base: str = ".") -> object:
        def render_item(item: object, path: str, level: int, parent: Section) -> str:
            calls.append(item)
            links = [
                posixpath.join(base, url) if current is None else get_relative_url(url, current.url)
                for url in _targets(item)
            ]
            return f"<{path} {level} {parent.active} {item.active} {' '.join(links)}>"  # type: ignore[attr-defined]

        return render_item

    fragments = nav_cache.NavFragments()
    calls: list[object] = []
    visits = [(current, True) for current in in_nav] + [(current, False) for current in outside]
    for current, active in [*visits, *visits]:  # twice: the second round all from the cache
        current.active = active
        render_item = draw(current)
        for path, level in (("p", 2), ("q", 2), ("p", 3)):
            expected = "".join(
                render_item(child, f"{path}_{position}", level + 1, section)
                for position, child in enumerate(members, 1)
                if child is not index
            )
            calls.clear()
            listed = fragments.children(section, index, path, level, current, ".", render_item)
            assert listed == expected, f"{current.url}: the list differs"
            opened = [child for child in calls if child.active]  # type: ignore[attr-defined]
            assert opened == [child for child in members[1:] if child.active]  # type: ignore[attr-defined]
        current.active = False
    assert fragments.hits > 3 * fragments.misses
    for base in ("/", "/", "/en/"):  # a template without a page (404.html) links from base_url
        render_item = draw(None, base)
        expected = "".join(
            render_item(child, f"p_{position}", 3, section)
            for position, child in enumerate(members, 1)
            if child is not index
        )
        assert fragments.children(section, index, "p", 2, None, base, render_item) == expected
