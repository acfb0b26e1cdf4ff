"""What the help-center templates show around a page, the 404 page and in the header.

Plain data and functions: the adapter (`hooks/help_center.py`) gives the catalog of one
language build, the settings of `data/help-center.yml` and a page's key and URL; these
functions pick what `overrides/partials/help-center/*.html` render.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from helpcenter.content.docs_index import DocsIndex
from helpcenter.pages import articles, seo
from helpcenter.pages.articles import Article, Catalog, Crumb
from helpcenter.pages.settings import Settings
from helpcenter.problems import NOTICE, Problem
from helpcenter.wizard import markers

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderLink:
    """A link of the header to the Help Center (Zendesk): its text and address."""

    text: str
    url: str


@dataclass(frozen=True)
class PageView:
    """Everything the help-center templates show around one page."""

    kind: str  # "home", "category", "article" or "404"
    language: str
    t: dict[str, str]  # the texts of this language
    home: Article | None
    wizard: Article | None  # None on the wizard page itself
    article: Article | None = None
    crumbs: tuple[Crumb, ...] = ()
    reviewed_iso: str = ""
    reviewed_label: str = ""
    related: tuple[Article, ...] = ()
    untranslated: bool = False  # the text is in another language (fallback page)
    canonical: str | None = None
    alternates: tuple[seo.Alternate, ...] = ()
    categories: tuple[articles.Category, ...] = ()
    promoted: tuple[Article, ...] = ()
    listing: tuple[Article, ...] = ()  # a category page: its articles
    header_links: tuple[HeaderLink, ...] = ()
    not_found: tuple[NotFoundText, ...] = ()  # the 404 page: every language, this one first


@dataclass(frozen=True)
class NotFoundText:
    """The 404 page's message in one language, with its links from the site's root."""

    language: str
    folder: str  # the language's folder from the site's root: "/" or "/en/"
    t: dict[str, str]
    home_url: str
    wizard: Article | None
    home: Article | None = None  # the home page, its URL from the site's root (search form)


# ----------------------------------------------------------------------------
# Views
# ----------------------------------------------------------------------------


def page_view(
    catalog: Catalog,
    settings: Settings,
    article: Article,
    versions: Mapping[str, seo.Version],
    default_language: str,
    site_url: str | None,
    header_links: Sequence[HeaderLink] = (),
) -> PageView:
    """What the templates show around `article` (a page of `catalog`'s language build)."""
    current = catalog.language
    texts = settings.texts(current)
    wizard = wizard_page(catalog, settings)
    this = versions.get(current) or seo.Version(current, article.language, article.url)
    home = catalog.home is not None and article.key == catalog.home.key
    kind = "home" if home else "category" if article.is_index else "article"
    reviewed = article.last_reviewed if kind == "article" else None
    related: tuple[Article, ...] = ()
    if kind == "article":
        skip = [wizard.key] if wizard else []
        related = articles.related_articles(catalog, article, settings.related_limit, skip=skip)
    category = catalog.category_of(article) if kind == "category" else None
    return PageView(
        kind=kind,
        language=current,
        t=texts,
        home=catalog.home,
        wizard=None if wizard is None or wizard.key == article.key else wizard,
        article=article,
        crumbs=articles.breadcrumbs(catalog, article, texts["home"]),
        reviewed_iso=reviewed.isoformat() if reviewed else "",
        reviewed_label=articles.format_date(reviewed, current) if reviewed else "",
        related=related,
        untranslated=article.language != current,
        canonical=seo.canonical(site_url, this, versions.get(default_language)),
        alternates=seo.alternates(site_url, versions.values(), default_language),
        categories=catalog.categories if kind == "home" else (),
        promoted=articles.promoted_articles(catalog) if kind == "home" else (),
        listing=category.articles if category else (),
        header_links=tuple(header_links),
    )


def not_found_view(
    catalog: Catalog,
    settings: Settings,
    root: str,
    folders: Mapping[str, str],
    wizard_titles: Mapping[str, str],
    header_links: Sequence[HeaderLink] = (),
) -> PageView:
    """The 404 page of `catalog`'s language, holding every language's message, its own first.

    It is served at any depth, and a host may serve the root one for a missing address of
    any language, so its links start at the site's `root` ("/" or site_url's path).
    `folders` maps each language to its folder ("" for the default); `wizard_titles` gives
    the wizard page's title in each language.
    """
    own = folders.get(catalog.language, "")
    wizard = wizard_page(catalog, settings)
    wizard_path = wizard.url[len(own) + 1 :] if wizard and own else wizard.url if wizard else ""
    order = [catalog.language] + [language for language in folders if language != catalog.language]
    texts = []
    for language in order:
        folder = posixpath.join(root, folders.get(language, ""), "")
        link = None
        if wizard is not None:
            title = wizard_titles.get(language) or wizard.title
            link = replace(wizard, url=posixpath.join(folder, wizard_path), title=title)
        home = replace(catalog.home, url=folder) if catalog.home else None
        texts.append(NotFoundText(language, folder, settings.texts(language), folder, link, home))
    first = texts[0]
    return PageView(
        kind="404",
        language=first.language,
        t=first.t,
        home=None,
        wizard=first.wizard,
        header_links=tuple(header_links),
        not_found=tuple(texts),
    )


def header_links(texts: Mapping[str, str], addresses: Mapping[str, str]) -> tuple[HeaderLink, ...]:
    """«Enviar una solicitud» and «Mis solicitudes», each only while its address is set."""
    links = []
    for text_key, address_key in HEADER_LINKS:
        url = str(addresses.get(address_key) or "").strip()
        if url:
            links.append(HeaderLink(texts[text_key], url))
    return tuple(links)


def wizard_page(catalog: Catalog, settings: Settings) -> Article | None:
    """The wizard's page in this catalog, if it is part of the site."""
    return catalog.get(articles.normalize_path(settings.wizard)) if settings.wizard else None


def wizard_path_problems(
    settings: Settings, index: DocsIndex, language: str, display: str
) -> list[Problem]:
    """`wizard:` must name a page of the site (in `language`, the default one).

    While the site has a wizard page (a page with the wizard's marker), a path that is not a
    page is an error: every article would lose its «¿Necesitas más ayuda?» link. A site
    without any wizard page (a fixture site) gets a notice.
    """
    wizard = articles.normalize_path(settings.wizard) if settings.wizard else ""
    if not wizard or index.page(language, wizard) is not None:
        return []
    candidates = sorted(
        page.src_path for page in index.pages(language) if markers.MARKER in (page.text or "")
    )
    message = (
        f"wizard: «{settings.wizard}» is not a page of the site; the «Need more help?» link "
        "is left out of every article"
    )
    if not candidates:
        return [Problem(display, settings.wizard_line, message, _WIZARD_PATH_HINT, NOTICE)]
    return [Problem(display, settings.wizard_line, message, f"did you mean «{candidates[0]}»?")]


_WIZARD_PATH_HINT = "write the path under docs/ of the wizard page"


def versions(
    key: str,
    path: str,
    languages: Sequence[str],
    folders: Mapping[str, str],
    has_translation: Callable[[str, str], bool],
) -> dict[str, seo.Version]:
    """The language versions of a page, in `languages` order (the default first).

    `path` is its URL inside a language folder ("contacto/x/"); `has_translation(key,
    language)` tells whether the page has its own file in that language.
    """
    found = {}
    for language in languages:
        text_language = language if has_translation(key, language) else languages[0]
        url = posixpath.join(folders.get(language, ""), path)
        found[language] = seo.Version(language, text_language, url if url != "." else "")
    return found


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

# The header's links: (text key of data/help-center.yml, address key of the Help Center).
HEADER_LINKS = (
    ("header_new_request", "help_center_new_request"),
    ("header_requests", "help_center_requests"),
)
