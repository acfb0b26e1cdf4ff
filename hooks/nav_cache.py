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

The open section's list is the other half. Every page of a section renders its ~50 siblings,
and a Jinja macro call per sibling (Jinja's call machinery, not the lookup) cost more than the
cache saved: 143,508 calls at 1,000 articles. `NavFragments.children` makes the whole list in
one call: the closed children's HTML kept in a row per section and scope, joined in Python;
the theme's macro (passed in) is called only for the open child and on a miss.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Protocol

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

NavItem = Page | Section | Link
FragmentKey = tuple[Any, ...]
Scope = tuple[str, str]


class RenderItem(Protocol):
    """The theme's `render_item` macro: one navigation item's HTML, as Material writes it."""

    def __call__(self, item: NavItem, path: str, level: int, parent: Section) -> str: ...


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
    """Rendered HTML of closed navigation items: by `key` (`find`, one item: the top level of
    the sidebar, which Material's `nav.html` renders item by item) and by row (`children`, the
    list of a section)."""

    fragments: dict[FragmentKey, str] = field(default_factory=dict)
    folders: dict[int, frozenset[str]] = field(default_factory=dict)  # item → target_folders
    layouts: dict[int, ChildLayout] = field(default_factory=dict)  # section → its list's layout
    rows: dict[FragmentKey, list[str | None]] = field(default_factory=dict)  # section, scope → HTML
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

    def children(
        self,
        section: Section,
        index: Page | None,
        path: str,
        level: int,
        page: Page | None,
        base_url: str,
        render_item: RenderItem,
    ) -> Markup:
        """The HTML of `section`'s children list on `page`, as Material's loop renders it.

        Material's loop: every child but the section's `index` page, each rendered by
        `render_item(child, path_<position>, level + 1, section)`, concatenated. A closed child
        renders the same HTML on every page of its scope, so it is kept in a row per section
        and scope (the row's slot is the child); the open child is rendered every time.
        Most pages of a section share one scope (the folder's parent) for all closed children;
        a child whose links need the page's own folder (`url_scope`) takes the folder's row.
        """
        layout = self.layouts.get(id(section)) or self._layout(section, index)
        inside: frozenset[int] = frozenset()
        if page is None:  # 404.html: links from `base_url`
            shared = own = ("base", base_url)
        else:
            folder, parent = self.page_folders.get(page.url) or self._page_folder(page.url)
            own = ("folder", folder)
            if folder == "":
                shared = own
            else:
                shared = ("parent", parent)
                inside = layout.inside.get(folder, inside)
        place, size = (id(section), path, level, bool(section.active)), len(layout.items)
        shared_row = self._row((*place, shared), size)
        own_row = self._row((*place, own), size) if inside else shared_row
        parts: list[str] = []
        for slot, (position, child) in enumerate(layout.items):
            child_path = f"{path}_{position}"
            if child.active:
                parts.append(render_item(child, child_path, level + 1, section))
                continue
            row = own_row if slot in inside else shared_row
            html = row[slot]
            if html is None:
                self.misses += 1
                html = row[slot] = render_item(child, child_path, level + 1, section)
            else:
                self.hits += 1
            parts.append(html)
        return Markup("".join(parts))

    def _layout(self, section: Section, index: Page | None) -> ChildLayout:
        layout = self.layouts[id(section)] = child_layout(section, index)
        return layout

    def _row(self, key: FragmentKey, size: int) -> list[str | None]:
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = [None] * size
        return row

    def _page_folder(self, page_url: str) -> tuple[str, str]:
        folder = page_folder(page_url)
        self.page_folders[page_url] = (folder, posixpath.dirname(folder))
        return self.page_folders[page_url]

    def put(self, key: FragmentKey, html: str) -> str:
        self.fragments[key] = html
        return html


@dataclass(frozen=True)
class ChildLayout:
    """The children a section's list renders, and which of them link inside which folder."""

    items: tuple[tuple[int, NavItem], ...]  # (Material's `loop.index`, child), index page left out
    inside: dict[str, frozenset[int]]  # page folder → slots whose scope is that folder itself


def child_layout(section: Section, index: Page | None) -> ChildLayout:
    """The layout of `section`'s list; `index` is the page shown as the section's own link.

    `inside` inverts `target_folders`: a page's folder names at once the few children that
    `url_scope` gives the folder's own scope (usually only the open one), without looking at
    every child on every page.
    """
    items = tuple(
        (position, child)
        for position, child in enumerate(section.children, 1)
        if index is None or child != index
    )
    inside: dict[str, set[int]] = {}
    for slot, (_, child) in enumerate(items):
        for folder in target_folders(item_targets(child)):
            inside.setdefault(folder, set()).add(slot)
    return ChildLayout(items, {folder: frozenset(slots) for folder, slots in inside.items()})


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
