"""hooks/nav_cache.py: the sidebar HTML of closed items reused, identical to rendering it anew."""

from __future__ import annotations

import itertools
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
    """Categories with sections and index pages, a top-level page, both languages."""
    files: dict[str, str] = {"index.md": _page("Inicio"), "index.en.md": _page("Home")}
    for category in ("guia", "ayuda"):
        files[f"{category}/index.md"] = _page(f"Categoría {category}")
        files[f"{category}/index.en.md"] = _page(f"Category {category}")
        files[f"{category}/suelta.md"] = _page(f"Suelta {category}")
        files[f"{category}/suelta.en.md"] = _page(f"Loose {category}")
        for section in ("uno", "dos"):
            folder = f"{category}/{section}"
            files[f"{folder}/index.md"] = _page(f"Sección {folder}")
            files[f"{folder}/index.en.md"] = _page(f"Section {folder}")
            for article in ("a", "b", "c"):
                files[f"{folder}/{article}.md"] = _page(f"Artículo {folder}/{article}")
                files[f"{folder}/{article}.en.md"] = _page(f"Article {folder}/{article}")
    files["aparte.md"] = _page("Aparte")
    files["aparte.en.md"] = _page("Apart")
    return files


def _pages(site: Path) -> dict[str, str]:
    """Every HTML file of a site, whitespace runs made one space (the cache adds blank lines)."""
    space = re.compile(r"\s+")
    return {
        str(path.relative_to(site)): space.sub(" ", path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
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
    assert len(with_cache) > 30  # both languages, the 404 pages
    for name, html in without.items():
        assert with_cache[name] == html, f"{name}: the cached sidebar differs"
    article = "guia/uno/a/index.html" if directory_urls else "guia/uno/a.html"
    assert 'class="md-nav__item md-nav__item--pruned md-nav__item--nested"' in without[article]


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
