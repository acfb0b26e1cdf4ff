"""The sidebar's closed items rendered once, not once per page.

Material renders the whole navigation for every page (`partials/nav-item.html`). An item that
is not on the way to the page (not `active`) renders the same HTML on every page, except for
its links, which MkDocs writes relative to the page. With 1,000 articles that was a quarter of
the build (BENCHMARKS.md): every page looped over every category's articles to find its index
page and rendered links the reader never sees open.

`overrides/partials/nav-item.html` asks `nav_fragments.find(…)` for a key and keeps the HTML of
a closed item under it. The key holds what the HTML depends on: the item, its position
(`path`, `level`, the parent being open) and the *scope* of the page's URL that the relative
links depend on (`url_scope`): pages in the same folder share their closed items' HTML. One
cache per Jinja environment, i.e. per language build and per rebuild under `mkdocs serve`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

NavItem = Page | Section | Link
FragmentKey = tuple[Any, ...]

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """A fresh fragment cache for this environment (one per language build and rebuild)."""
    env.globals["nav_fragments"] = NavFragments()
    return env


# ----------------------------------------------------------------------------
# Cache
# ----------------------------------------------------------------------------


@dataclass
class NavFragments:
    """Rendered HTML of closed navigation items, by `key`."""

    fragments: dict[FragmentKey, str] = field(default_factory=dict)
    folders: dict[int, frozenset[str]] = field(default_factory=dict)  # item → target_folders
    page_folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # URL → folder, parent
    hits: int = 0
    misses: int = 0

    def find(
        self,
        item: NavItem,
        path: str,
        level: int,
        parent_open: bool,
        page: Page | None,
        base_url: str,
    ) -> tuple[FragmentKey, str | None]:
        """The key of `item` rendered for `page`, and its HTML when it was rendered before.

        The key is what the HTML depends on; a template without a page (404.html) links from
        `base_url` (MkDocs: absolute there).
        """
        if page is None:
            scope = ("base", base_url)
        else:
            folders = self.folders.get(id(item))
            if folders is None:
                folders = self.folders[id(item)] = target_folders(item_targets(item))
            folder, parent = self.page_folders.get(page.url) or self._page_folder(page.url)
            scope = _scope(folders, folder, parent)
        key = (id(item), path, level, bool(parent_open), scope)
        html = self.fragments.get(key)
        if html is None:
            self.misses += 1
        else:
            self.hits += 1
        return key, html

    def _page_folder(self, page_url: str) -> tuple[str, str]:
        folder = page_folder(page_url)
        self.page_folders[page_url] = (folder, posixpath.dirname(folder))
        return self.page_folders[page_url]

    def put(self, key: FragmentKey, html: str) -> str:
        self.fragments[key] = html
        return html


def item_targets(item: NavItem) -> tuple[str, ...]:
    """The URLs a navigation item can link to: its own, or those of every page under it."""
    if isinstance(item, Section):
        return tuple(url for child in item.children for url in item_targets(child))
    url = getattr(item, "url", None)
    return (url,) if isinstance(url, str) else ()


def target_folders(targets: tuple[str, ...]) -> frozenset[str]:
    """Every folder a page folder can be for a target to be inside it: `a/b/` → a, a/b, a/b/."""
    folders = set(targets)
    for target in targets:
        slash = target.find("/")
        while slash != -1:
            folders.add(target[:slash])
            slash = target.find("/", slash + 1)
    return frozenset(folders)


def url_scope(target_folders: frozenset[str], page_url: str) -> tuple[str, str]:
    """The part of `page_url` that links from it to `targets` depend on.

    MkDocs writes a link relative to the page's folder (`mkdocs.utils.get_relative_url`: the
    URL itself for `a/b/`, `a` for `a/b.html`). A target outside that folder gets the same
    relative link from every page whose folder has the same parent (`../` + the way from the
    parent), so those pages share a scope; a target inside it needs the folder itself.
    `target_folders` are the targets' `target_folders`.
    """
    folder = page_folder(page_url)
    return _scope(target_folders, folder, posixpath.dirname(folder))


def _scope(target_folders: frozenset[str], folder: str, parent: str) -> tuple[str, str]:
    inside = folder == "" or folder in target_folders
    return ("folder", folder) if inside else ("parent", parent)


def page_folder(page_url: str) -> str:
    """The folder MkDocs makes links relative to: `a/b` for `a/b/`, `a` for `a/b.html`."""
    head, tail = posixpath.split(page_url)
    return head if "." in tail else page_url.rstrip("/")
