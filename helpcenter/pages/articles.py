"""The help center's model of a site: articles, categories, breadcrumbs and related articles.

Plain data and functions, no MkDocs: the adapter (`help_center.py`) turns the
navigation of one language build into a `Catalog`, and the templates render
what the functions below pick from it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from babel.dates import format_date as babel_format_date

from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One page of one language build, as the help center sees it."""

    key: str  # its Spanish source path under docs/, the same in every language: "contacto/x.md"
    url: str  # its URL in this build, relative to the site root: "en/contacto/x/"
    title: str
    description: str = ""
    category: str = ""  # key of its category (see `Category.key`); "" at the top level
    is_index: bool = False  # a folder's index.md: the category page itself
    promoted: bool = False
    last_reviewed: dt.date | None = None
    related: tuple[str, ...] = ()  # front matter `related:`, as written
    language: str = "es"  # language of its text: differs from the build's on a fallback page
    icon: str = ""  # front matter `icon:` (Material's), e.g. "material/phone"


@dataclass(frozen=True)
class Category:
    """A top-level folder of docs/: its index page and the articles under it."""

    key: str  # key of its index page ("contacto/index.md"), or its title when it has none
    title: str
    url: str  # its index page, else its first article
    description: str
    articles: tuple[Article, ...]  # every page under it but its index page, in nav order
    icon: str = ""  # its index page's `icon:`

    @property
    def count(self) -> int:
        """How many articles the category holds."""
        return len(self.articles)


@dataclass(frozen=True)
class Catalog:
    """Every page of one language build, grouped by category, in nav order."""

    language: str
    home: Article | None
    categories: tuple[Category, ...]
    articles: tuple[Article, ...]  # every page, the home and the category pages included

    def get(self, key: str) -> Article | None:
        """The page whose key is `key`, if any."""
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[str, Article]:
        # Built once per catalog: `get` runs for every page (a scan made the build quadratic).
        by_key: dict[str, Article] = {}
        for article in self.articles:
            by_key.setdefault(article.key, article)
        return by_key

    def category_of(self, article: Article) -> Category | None:
        """The category an article belongs to, if any."""
        return next((c for c in self.categories if c.key == article.category), None)


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str
    current: bool = False  # the page being read
    language: str = ""  # language of the title, when it is not the build's (fallback page)


# ----------------------------------------------------------------------------
# Building the catalog
# ----------------------------------------------------------------------------


def make_category(title: str, pages: Sequence[Article]) -> Category | None:
    """A category from a section's title and its pages (nav order); None when it is empty."""
    if not pages:
        return None
    index = next((page for page in pages if page.is_index), None)
    articles = tuple(page for page in pages if page is not index)
    first = index or articles[0]
    return Category(
        key=index.key if index else title,
        title=index.title if index else title,
        url=first.url,
        description=index.description if index else "",
        articles=articles,
        icon=index.icon if index else "",
    )


def make_catalog(
    language: str, pages: Iterable[Article], categories: Iterable[Category], home_key: str | None
) -> Catalog:
    """A catalog from every page in nav order, the categories, and the key of the home page."""
    pages = tuple(pages)
    home = next((page for page in pages if page.key == home_key), None)
    return Catalog(language, home, tuple(categories), pages)


# ----------------------------------------------------------------------------
# Choosing what a page shows
# ----------------------------------------------------------------------------


def breadcrumbs(catalog: Catalog, article: Article, home_title: str) -> tuple[Crumb, ...]:
    """Home → category → article; nothing on the home page itself."""
    if catalog.home is None or article.key == catalog.home.key:
        return ()
    trail = [Crumb(home_title, catalog.home.url)]
    category = catalog.category_of(article)
    if category and not article.is_index:
        trail.append(Crumb(category.title, category.url))
    shown_in = article.language if article.language != catalog.language else ""
    trail.append(Crumb(article.title, article.url, current=True, language=shown_in))
    return tuple(trail)


def related_articles(
    catalog: Catalog, article: Article, limit: int, skip: Iterable[str] = ()
) -> tuple[Article, ...]:
    """Front matter `related:` first, then the other articles of its category.

    `skip` names keys left out of the second part (the wizard, linked anyway);
    the article itself, index pages and unknown paths never appear.
    """
    chosen: list[Article] = []
    keys: set[str] = set()
    for path in article.related:
        found = catalog.get(normalize_path(path))
        if found and found.key != article.key and found.key not in keys:
            chosen.append(found)
            keys.add(found.key)
    category = catalog.category_of(article)
    skipped = set(skip) | {article.key}
    for other in category.articles if category else ():
        if len(chosen) >= limit:
            break
        if other.key not in skipped and other.key not in keys:
            chosen.append(other)
            keys.add(other.key)
    return tuple(chosen[: max(limit, 0)])


def ordering(orders: Sequence[float | None], first: Sequence[bool]) -> list[int]:
    """The positions of a category's items in reading order.

    Items flagged in `first` (the category's own page) lead; then those with an `order:`
    (smallest first); then the others as they came (by file name). Equal orders keep theirs.
    """

    def key(position: int) -> tuple[bool, bool, float, int]:
        order = orders[position]
        return (not first[position], order is None, order or 0.0, position)

    return sorted(range(len(orders)), key=key)


def promoted_articles(catalog: Catalog) -> tuple[Article, ...]:
    """The articles flagged `promoted: true`, in nav order."""
    return tuple(a for a in catalog.articles if a.promoted and a is not catalog.home)


def format_date(value: dt.date, language: str) -> str:
    """A date written out the way a reader of `language` expects (27 de noviembre de 2026)."""
    return babel_format_date(value, format="long", locale=language)


# ----------------------------------------------------------------------------
# Reading front matter values
# ----------------------------------------------------------------------------


def as_order(value: object) -> float | None:
    """A front matter `order:` (a number); None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def article_from_meta(
    key: str,
    url: str,
    meta: Mapping[str, Any],
    fallback_title: str,
    category: str = "",
    is_index: bool = False,
    language: str = "es",
) -> Article:
    """An article from a page's key, URL and front matter."""
    return Article(
        key=key,
        url=url,
        title=str(meta.get("title") or fallback_title or ""),
        description=str(meta.get("description") or ""),
        category=category,
        is_index=is_index,
        promoted=meta.get("promoted") is True,
        last_reviewed=as_date(meta.get("last_reviewed")),
        related=as_paths(meta.get("related")),
        language=language,
        icon=str(meta.get("icon") or ""),
    )


def reviewed_dates(
    pages: Iterable[tuple[str, str, Mapping[str, Any]]],
) -> dict[tuple[str, str], dt.date]:
    """(language, key) → the `last_reviewed` of each (language, key, front matter) given."""
    dates = {}
    for language, key, meta in pages:
        reviewed = as_date(meta.get("last_reviewed"))
        if reviewed is not None:
            dates[(language, key)] = reviewed
    return dates


def as_date(value: object) -> dt.date | None:
    """A front matter date (YAML date or ISO text); None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_paths(value: object) -> tuple[str, ...]:
    """A front matter list of paths; () when it is not a list of texts."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, str) and item.strip())
    return ()


def normalize_path(path: str) -> str:
    """A docs-relative path without './', a leading '/' or an #anchor."""
    path = path.split("#", 1)[0].strip().lstrip("/")
    return posixpath.normpath(path) if path else path


def front_matter_lines(page: Any, key: str) -> dict[str, int]:
    """1-based line of every text listed under `key:` in a page's front matter.

    `page` is the content checks' reading of the file (`DocPage`): its meta and the lines
    PyYAML's node marks gave each key and list item.
    """
    value = page.meta.get(key)
    line = page.key_lines.get(key, 0)
    if isinstance(value, str):
        return {value: line}
    items = value if isinstance(value, list) else []
    lines = page.item_lines.get(key, [])
    found: dict[str, int] = {}
    for position, item in enumerate(items):
        if isinstance(item, str):
            found.setdefault(item, lines[position] if position < len(lines) else line)
    return found


# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------


def self_references(
    catalog: Catalog, keys: Iterable[str], source_of: Callable[[str], Any]
) -> list[Problem]:
    """Articles of `keys` written in the catalog's language whose `related:` names themselves.

    `source_of(key)` gives the page's reading by the content checks (`DocPage`), asked only for
    an article that has the problem.
    """
    problems: list[Problem] = []
    for key in keys:
        article = catalog.get(key)
        if article is None or article.language != catalog.language or not article.related:
            continue
        if all(normalize_path(target) != article.key for target in article.related):
            continue  # the usual case: nothing to report, so no file to read again
        source = source_of(article.key)
        lines = front_matter_lines(source, "related") if source else {}
        display = source.display_path if source else f"docs/{key}"
        problems += check_related(article, display, lines)
    return problems


def check_related(article: Article, path: str, lines: dict[str, int]) -> list[Problem]:
    """Problems of an article's `related:` list that only the help center knows: itself."""
    return [
        Problem(
            path,
            lines.get(target, 0),
            f"related: «{target}» is this article itself",
            "remove it: related articles are other articles",
        )
        for target in article.related
        if normalize_path(target) == article.key
    ]
