"""Sharing and search engines: canonical URLs, hreflang alternates and the sitemap.

Canonical and hreflang links need `site_url` (search engines want absolute
addresses): without it they are left out. The sitemap then lists site-root
paths ("/contacto/"), so that a preview and `make audit` can still follow it.
A page shown in the default language because it is not translated yet is not a
version of its own: its canonical URL is the original's, and it is left out of
the alternates and of the sitemap.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One language version of a page: its language, the language of its text, its URL."""

    language: str
    text_language: str
    url: str  # relative to the site root: "en/contacto/x/"

    @property
    def translated(self) -> bool:
        """True when the text is in the version's own language (not a fallback)."""
        return self.language == self.text_language


@dataclass(frozen=True)
class Alternate:
    """A `<link rel="alternate" hreflang>`: a language code (or x-default) and an address."""

    hreflang: str
    href: str


@dataclass(frozen=True)
class SitemapUrl:
    """One `<url>` of the sitemap."""

    loc: str
    lastmod: dt.date | None
    alternates: tuple[Alternate, ...]


# ----------------------------------------------------------------------------
# Functions
# ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)  # each URL is asked for per page and by the sitemap
def absolute(site_url: str | None, url: str) -> str | None:
    """The absolute address of a site-relative URL; None without site_url."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, "" if url in (".", "./") else url)


def canonical(site_url: str | None, page: Version, default: Version | None) -> str | None:
    """The page's own address, or the original's when it is an untranslated fallback."""
    if not page.translated and default is not None:
        return absolute(site_url, default.url)
    return absolute(site_url, page.url)


def alternates(
    site_url: str | None, versions: Iterable[Version], default_language: str
) -> tuple[Alternate, ...]:
    """hreflang links to every translated version, plus x-default; () for a single version."""
    real = [version for version in versions if version.translated]
    if not site_url or len(real) < 2:
        return ()
    links = [Alternate(v.language, absolute(site_url, v.url) or "") for v in real]
    default = next((v for v in real if v.language == default_language), None)
    if default is not None:
        links.append(Alternate("x-default", absolute(site_url, default.url) or ""))
    return tuple(links)


def sitemap(
    root: str,
    pages: Sequence[Mapping[str, Version]],
    reviewed: Mapping[tuple[str, str], dt.date],
    keys: Sequence[str],
    default_language: str,
) -> tuple[SitemapUrl, ...]:
    """Every translated version of every page, each with its alternates.

    `root` is site_url, or "/" while it is unset (site-root paths, for previews
    and `make audit`). `pages[i]` maps a language to the version of the page
    whose key is `keys[i]`; `reviewed` gives the last-reviewed date of a
    (language, key), when known.
    """
    urls: list[SitemapUrl] = []
    for key, versions in zip(keys, pages, strict=True):
        links = alternates(root, versions.values(), default_language)
        for version in versions.values():
            if version.translated:
                urls.append(
                    SitemapUrl(
                        absolute(root, version.url) or "",
                        reviewed.get((version.language, key)),
                        links,
                    )
                )
    return tuple(urls)
