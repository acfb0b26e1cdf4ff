"""Release audit of the built site: links, anchors, foreign requests, `target="_blank"`.

`make audit` runs this script: it builds the site with `mkdocs build --strict` into a
temporary folder and checks the output, both languages at once:

- every internal `href`, `src`, `srcset`, form `action` and `#fragment` of every HTML file
  resolves to a file of the site (and the fragment to an `id` of that file), including
  site-root-relative URLs (`/assets/...`, as the 404 pages write them), the sitemap's locations
  and the search index's locations;
- nothing is loaded from another host: scripts, styles, images, fonts, iframes, CSS `url()`
  and `@import` (HTML and CSS files), preconnect/dns-prefetch hints;
- every `target="_blank"` link has `rel="noopener"`;
- no inline event handler (`onclick=`...), no `javascript:` URL anywhere, no `data:` URL in an
  HTML attribute (`href`, `src`, `srcset`..., CSS `url(data:…)` stays allowed: the theme's icons)
  and no inline `<script>` (one without `src`) in a page's content, Material's
  `<article class="md-content__inner">` (the theme's own scripts outside it, such as its
  `<script id="__config" type="application/json">`, are allowed).

`python scripts/audit_site.py SITE_DIR` audits a folder that is already built. Problems are
printed as `file:line: what is wrong — how to fix it`, all at once; the exit code is 1 when
there is any.

Each HTML file (and the sitemap) is read once by the standard library's `html.parser`, the
one HTML reader of the project; the ids of every file are indexed; a URL's outcome is cached
per folder (per parent folder for "../x/", so the navigation of sibling pages is resolved
once); anchors are checked at the end against the index.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import posixpath
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple, TextIO
from urllib.parse import unquote, urlsplit

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from helpcenter.problems import Problem

ROOT = Path(__file__).resolve().parent.parent

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

LINK = "link"  # followed by the reader (a, area, form, link rel=alternate...)
LOAD = "load"  # fetched by the browser on its own (script, img, stylesheet, CSS url()...)

# (tag, attribute) → kind, for attributes that hold one URL
URL_ATTRIBUTES: dict[tuple[str, str], str] = {
    ("a", "href"): LINK,
    ("area", "href"): LINK,
    ("form", "action"): LINK,
    ("button", "formaction"): LINK,
    ("input", "formaction"): LINK,
    ("script", "src"): LOAD,
    ("img", "src"): LOAD,
    ("input", "src"): LOAD,
    ("source", "src"): LOAD,
    ("track", "src"): LOAD,
    ("iframe", "src"): LOAD,
    ("frame", "src"): LOAD,
    ("embed", "src"): LOAD,
    ("video", "src"): LOAD,
    ("video", "poster"): LOAD,
    ("audio", "src"): LOAD,
    ("object", "data"): LOAD,
    ("image", "href"): LOAD,  # SVG
    ("use", "href"): LOAD,  # SVG
    ("use", "xlink:href"): LOAD,
}
# (tag, attribute) → (kind, how a problem names it)
_URL_SPECS = {key: (kind, " ".join(key)) for key, kind in URL_ATTRIBUTES.items()}
SRCSET_TAGS = {"img", "source"}
# <link rel=...> values that make the browser fetch (or connect to) the href by itself
LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
}
BLANK_TARGET_TAGS = {"a", "area", "form"}
# URL schemes that point at nothing the audit can (or needs to) resolve
INERT_SCHEMES = {"mailto", "tel", "sms", "blob", "about"}
SITEMAP_NAMES = ("sitemap.xml", "sitemap.xml.gz")
SAME_FILE = ""  # Target.path of a URL that is only a fragment or a query

_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Material's search/search_index.json and the per-language search/search_index.<lang>.json;
# their locations are relative to the folder that holds search/
_SEARCH_INDEX = re.compile(r"search_index(?:\.[\w-]+)?\.json")
# what a browser drops from a URL before reading its scheme (WHATWG URL: tab, newline, C0)
_URL_IGNORED = re.compile(r"[\t\n\r]|^[\x00-\x20]+")
# where a data: URL is allowed: style sheets (the theme's icons are data: SVGs)
CSS_WHERE = {"CSS url()", "CSS @import", "style url()"}


class Ref(NamedTuple):
    """One URL written in a file: what it is for, where it stands, and in which attribute."""

    kind: str  # LINK or LOAD
    url: str
    line: int
    where: str  # e.g. "a href", "img srcset", "CSS url()", "sitemap <loc>"


@dataclass
class ScannedHtml:
    """What the audit needs from one HTML file, collected in a single pass."""

    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    blank_without_noopener: list[tuple[int, str]] = field(default_factory=list)
    event_handlers: list[tuple[int, str]] = field(default_factory=list)
    inline_scripts: list[int] = field(default_factory=list)  # lines, in the page's content
    lang: str = ""


class Target(NamedTuple):
    """An internal URL resolved to a file of the site (posix path under the site folder)."""

    path: str | None  # None when no file answers the URL; SAME_FILE for "#fragment"
    fragment: str
    wanted: str  # the site path that was looked for, for the message


@dataclass
class AuditReport:
    """The audit's outcome: every problem, and how much was checked."""

    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    targets: set[str] = field(default_factory=set)  # site paths of the files links reached

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One paragraph: pages per language, links, anchors, resources, sitemap, search."""
        c = self.counts
        langs = ", ".join(f"{lang or '?'} {n}" for lang, n in sorted(self.languages.items()))
        return (
            f"pages: {c['pages']} ({langs}); "
            f"internal links: {c['links']} ({c['targets']} distinct targets); "
            f"anchors: {c['anchors']}; "
            f"loaded resources: {c['loads']}; "
            f"sitemap locations: {c['sitemap']}; search index locations: {c['search']}; "
            f"external links (not fetched): {c['external']}; "
            f"problems: {len(self.problems)}"
        )


# ----------------------------------------------------------------------------
# Scanning files
# ----------------------------------------------------------------------------


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset`, split as the HTML standard does (a URL may hold commas)."""
    urls = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to a comma outside parentheses
            depth = 0
            while position < length and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


def css_refs(css: str, first_line: int = 1) -> list[Ref]:
    """The `url()` and `@import` references of a style sheet (comments ignored)."""
    css = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    refs = []
    for match in _CSS_URL.finditer(css):
        url = next((v for v in match.groups() if v is not None), "").strip()
        if url:
            line = first_line + css.count("\n", 0, match.start())
            where = "CSS @import" if match.group(0).startswith("@") else "CSS url()"
            refs.append(Ref(LOAD, url, line, where))
    return refs


def scan_html(text: str) -> ScannedHtml:
    """Ids, URL references, blank targets and event handlers of an HTML document."""
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    return reader.scanned


class _PageReader(HTMLParser):
    """One HTML document read by the standard library's parser into a ScannedHtml."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scanned = ScannedHtml()
        self._body_of: tuple[str, dict[str, str]] | None = None  # a <style> or config <script>
        self._scripts: list[tuple[tuple[int, int], int]] = []  # inline: (position, line)
        self._content: tuple[int, int] | None = None  # Material's article starts here
        self._content_end: tuple[int, int] | None = None  # its last </article>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found: dict[str, str] = {}
        for name, value in attrs:
            found.setdefault(name, value or "")
        line = self.getpos()[0]
        if tag == "html" and not self.scanned.lang:
            self.scanned.lang = found.get("lang", "")
        elif tag == "article" and self._content is None:
            if "md-content__inner" in found.get("class", "").split():
                self._content = self.getpos()
        elif tag == "script" and "src" not in found:
            self._scripts.append((self.getpos(), line))
        if tag == "style" or (tag == "script" and found.get("id") == "__config"):
            self._body_of = (tag, found)
        if found:
            _scan_tag(self.scanned, tag, found, line)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._body_of = None  # `<style/>` has no body: the text after it is not CSS

    def handle_endtag(self, tag: str) -> None:
        self._body_of = None
        if tag == "article" and self._content is not None:
            self._content_end = self.getpos()

    def handle_data(self, data: str) -> None:
        if self._body_of is None:
            return
        tag, _attrs = self._body_of
        line = self.getpos()[0]
        refs = css_refs(data, line) if tag == "style" else _config_refs(data, line)
        self.scanned.refs.extend(refs)

    def close(self) -> None:
        super().close()
        start, end = self._content, self._content_end
        if start is not None and end is not None:
            self.scanned.inline_scripts = [
                line for position, line in self._scripts if start <= position < end
            ]


def _config_refs(body: str, line: int) -> list[Ref]:
    """Material's client config (`<script id="__config">`): the search worker it starts."""
    try:
        config = json.loads(body)
    except ValueError:
        return []
    worker = config.get("search") if isinstance(config, dict) else None
    return [Ref(LOAD, worker, line, "Material config search worker")] if worker else []


def _scan_tag(scanned: ScannedHtml, tag: str, attrs: dict[str, str], line: int) -> None:
    """Record what one start tag contributes."""
    refs = scanned.refs
    for name, value in attrs.items():
        spec = _URL_SPECS.get((tag, name))
        if spec is not None:
            refs.append(Ref(spec[0], value.strip(), line, spec[1]))
        elif name == "id" or (name == "name" and tag == "a"):
            scanned.ids.add(value)
        elif name[:2] == "on":
            scanned.event_handlers.append((line, f"<{tag} {name}=…>"))
        elif name == "srcset" and tag in SRCSET_TAGS:
            refs.extend(Ref(LOAD, url, line, f"{tag} srcset") for url in srcset_urls(value))
        elif name == "style" and "url(" in value:
            refs.extend(Ref(r.kind, r.url, line, "style url()") for r in css_refs(value))
    if tag == "link" and "href" in attrs:
        rels = set(attrs.get("rel", "").lower().split())
        kind = LOAD if rels & LOADING_RELS else LINK
        refs.append(Ref(kind, attrs["href"].strip(), line, f"link rel={attrs.get('rel')}"))
    elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        url = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attrs.get("content", ""), re.I)
        if url:
            refs.append(Ref(LINK, url.group(1).strip(), line, "meta refresh"))
    if "target" in attrs and tag in BLANK_TARGET_TAGS and attrs["target"].lower() == "_blank":
        if "noopener" not in attrs.get("rel", "").lower().split():
            where = attrs.get("href", attrs.get("action", ""))
            scanned.blank_without_noopener.append((line, where))


def sitemap_refs(text: str) -> list[Ref]:
    """The `<loc>` and `xhtml:link` alternates of a sitemap."""
    reader = _SitemapReader()
    reader.feed(text)
    reader.close()
    return reader.refs


class _SitemapReader(HTMLParser):
    """A sitemap's `<loc>` texts and `xhtml:link` alternates, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[Ref] = []
        self._loc: tuple[int, list[str]] | None = None  # line and text of an open <loc>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "loc":
            self._loc = (line, [])
        elif tag == "xhtml:link":
            href = dict(attrs).get("href")
            if href is not None:
                self.refs.append(Ref(LINK, href, line, "sitemap alternate"))

    def handle_data(self, data: str) -> None:
        if self._loc is not None:
            self._loc[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "loc" and self._loc is not None:
            line, text = self._loc
            self.refs.append(Ref(LINK, "".join(text).strip(), line, "sitemap <loc>"))
            self._loc = None


def search_index_refs(text: str) -> list[Ref]:
    """Every location of a search index (relative to its site root).

    Material's file lists `docs` with a `location`; ours (helpcenter/search/engine.py, version 3)
    lists `pages` as `[url, title, [[anchor, heading], …]]`: the page and each section.
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        return []
    refs = [
        Ref(LINK, doc["location"], 0, "search index location")
        for doc in data.get("docs", [])
        if isinstance(doc, dict) and isinstance(doc.get("location"), str)
    ]
    for page in data.get("pages", []):
        if not (isinstance(page, list) and page and isinstance(page[0], str)):
            continue
        refs.append(Ref(LINK, page[0], 0, "search index location"))
        sections = page[2] if len(page) > 2 and isinstance(page[2], list) else []
        for section in sections:
            if isinstance(section, list) and section and isinstance(section[0], str):
                refs.append(Ref(LINK, f"{page[0]}#{section[0]}", 0, "search index location"))
    return refs


# ----------------------------------------------------------------------------
# Resolving URLs
# ----------------------------------------------------------------------------


class Resolver:
    """Resolves URLs written in the site to its files.

    Relative paths are joined by string operations on each folder's precomputed ancestors
    (no urlsplit/normpath on the common path), and each site path is looked up once.
    """

    def __init__(self, files: set[str], site_url: str | None = None) -> None:
        self.files = files
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._ancestors: dict[str, list[str]] = {}
        self._found: dict[tuple[str, bool], str | None] = {}
        self._absolute: dict[str, Target | str | None] = {}

    def resolve(self, folder: str, url: str) -> Target | str | None:
        """A Target for an internal URL, "external" for another host, None for inert URLs.

        `folder` is the site path of the folder the URL is relative to ("" for the root).
        """
        before, _, fragment = url.partition("#")
        path = before.partition("?")[0]
        if "%" in fragment:
            fragment = unquote(fragment)
        if not path:
            return Target(SAME_FILE, fragment, "")  # "#fragment" or "?query"
        if ":" in path or path.startswith("/"):
            if url not in self._absolute:
                self._absolute[url] = self._resolve_absolute(url, path, fragment)
            return self._absolute[url]
        if "%" in path:
            path = unquote(path)
        up = 0
        while path.startswith("../"):
            path, up = path[3:], up + 1
        if path == "..":
            path, up = "", up + 1
        return self._target(folder, up, path, fragment)

    def _resolve_absolute(self, url: str, path: str, fragment: str) -> Target | str | None:
        """URLs with a scheme or a leading slash: another host, inert, or site-root paths."""
        if self.site_url and url.startswith(self.site_url):
            path = self.base_path + path[len(self.site_url) :]
        scheme = _SCHEME.match(_URL_IGNORED.sub("", path))
        if scheme:
            name = scheme.group(1).lower()
            if name in ("javascript", "data"):
                return name
            return None if name in INERT_SCHEMES else "external"
        if path.startswith("//"):
            return "external"
        path = unquote(path)
        if not path.startswith(self.base_path):
            return Target(None, fragment, path)
        return self._target("", 0, path[len(self.base_path) :], fragment)

    def _target(self, folder: str, up: int, path: str, fragment: str) -> Target:
        """The file for `path` relative to the folder `up` levels above `folder`."""
        ancestors = self._ancestors.get(folder)
        if ancestors is None:
            ancestors = self._ancestors[folder] = _ancestors(folder)
        if up >= len(ancestors):
            return Target(None, fragment, "../" * up + path)
        base = ancestors[up]
        wants_folder = not path or path.endswith("/")
        joined = f"{base}/{path}" if base and path else base or path
        if "./" in joined or "//" in joined or joined.endswith("/.") or joined == ".":
            joined = posixpath.normpath(joined)
            if joined == ".." or joined.startswith("../"):
                return Target(None, fragment, joined)
            joined = "" if joined == "." else joined
        site_path = joined.rstrip("/")
        key = (site_path, wants_folder)
        if key not in self._found:
            self._found[key] = self._find(site_path, wants_folder)
        wanted = site_path + "/" if wants_folder and site_path else site_path or "/"
        return Target(self._found[key], fragment, wanted)

    def _find(self, site_path: str, wants_folder: bool) -> str | None:
        """The file a static server answers for a site path, or None."""
        index = f"{site_path}/index.html" if site_path else "index.html"
        if wants_folder or not site_path:
            return index if index in self.files else None
        if site_path in self.files:
            return site_path
        return index if index in self.files else None


def _ancestors(folder: str) -> list[str]:
    """A folder and each folder above it, up to the site root: "a/b" → ["a/b", "a", ""]."""
    chain = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        chain.append(folder)
    return chain


# ----------------------------------------------------------------------------
# Auditing
# ----------------------------------------------------------------------------


def site_files(site_dir: Path) -> set[str]:
    """Every file of the site as a posix path relative to the site folder."""
    files = set()
    for folder, _dirs, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in names)
    return files


def audit_site(site_dir: Path, site_url: str | None = None) -> AuditReport:
    """Audit a built site folder; `site_url` is mkdocs.yml's (None when unset)."""
    site_dir = Path(site_dir)
    files = site_files(site_dir)
    pages = sorted(path for path in files if path.endswith(".html"))
    checker = _Checker(Resolver(files, site_url))
    for path in pages:
        with processing(site_dir / path):
            scanned = scan_html((site_dir / path).read_text(encoding="utf-8", errors="replace"))
            checker.add_page(path, scanned)
    for path in sorted(p for p in files if p.endswith(".css")):
        folder = posixpath.dirname(path)
        with processing(site_dir / path):
            text = (site_dir / path).read_text(encoding="utf-8", errors="replace")
            for ref in css_refs(text):
                checker.check(path, folder, ref, None)
    for path in sorted(p for p in files if posixpath.basename(p) in SITEMAP_NAMES):
        with processing(site_dir / path):
            raw = (site_dir / path).read_bytes()
            raw = gzip.decompress(raw) if path.endswith(".gz") else raw
            text = raw.decode("utf-8", "replace")
            for ref in sitemap_refs(text):
                checker.counts["sitemap"] += 1
                checker.check_sitemap(path, ref)
    for path in sorted(p for p in files if _SEARCH_INDEX.fullmatch(posixpath.basename(p))):
        root = posixpath.dirname(posixpath.dirname(path))  # <root>/search/search_index.es.json
        home = f"{root}/index.html" if root else "index.html"
        with processing(site_dir / path):
            for ref in search_index_refs((site_dir / path).read_text(encoding="utf-8")):
                checker.counts["search"] += 1
                checker.check(path, root, ref, home)
    return checker.finish()


# outcomes of a URL, cached per (folder, URL)
_OK, _MISSING, _EXTERNAL, _JAVASCRIPT, _DATA, _INERT = range(6)


class _Checker:
    """Checks references against the site's files and ids, filling one report.

    A URL's outcome is cached per folder it is resolved from; "../x/" per parent folder, so
    the navigation of sibling pages is resolved once. Anchors are checked in `finish`, when
    the ids of every page are known.
    """

    def __init__(self, resolver: Resolver | None) -> None:
        self.resolver = resolver
        self.cache: dict[tuple[str | None, str], tuple] = {}
        self.counts: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}
        self.anchors: list[tuple[str, str, str, Ref]] = []  # (file, fragment, path, ref)
        self.targets: set[str] = set()

    def add_page(self, path: str, scanned: ScannedHtml) -> None:
        """An HTML page: its ids, language, references, blank targets and event handlers."""
        self.ids[path] = scanned.ids
        self.counts["pages"] += 1
        self.languages[scanned.lang] += 1
        folder = posixpath.dirname(path)
        parent = posixpath.dirname(folder) if folder else ".."
        check = self.check
        for ref in scanned.refs:
            check(path, folder, ref, path, parent)
        for line, href in scanned.blank_without_noopener:
            self.problem(
                path,
                line,
                f'link to {href} opens a new tab (target="_blank") without rel="noopener"',
                'add rel="noopener" to the link',
            )
        for line, handler in scanned.event_handlers:
            self.problem(
                path,
                line,
                f"inline event handler {handler}",
                "attach the handler from a JavaScript file (addEventListener); if the "
                "text came from a writer's file, it was not escaped",
            )
        for line in scanned.inline_scripts:
            self.problem(
                path,
                line,
                "inline <script> (without src) in the page's content",
                "move the code to a JavaScript file under docs/assets/ loaded by a template; if "
                "the text came from a writer's file, remove the <script> or write it as code",
            )

    def problem(self, path: str, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(path, line, message, hint))

    def check(
        self, path: str, folder: str, ref: Ref, page: str | None, parent: str | None = None
    ) -> None:
        """One reference: foreign load, javascript: URL, missing file; anchors for later.

        `page` is the file a bare "#fragment" refers to (None outside HTML); `parent` is the
        folder above `folder` (".." above the root), computed once per page by the caller.
        """
        url = ref.url
        if not url:
            return
        if url[0] in "#?":
            key = (page, url)
        elif url[:3] == "../":
            if parent is None:
                parent = posixpath.dirname(folder) if folder else ".."
            key = (parent, url)
        else:
            key = (folder, url)
        outcome = self.cache.get(key)
        if outcome is None:
            outcome = self.cache[key] = self._outcome(folder, url, page)
        status = outcome[0]
        if status == _OK:
            self.counts["links"] += 1
            if ref.kind == LOAD:
                self.counts["loads"] += 1
            self.targets.add(outcome[1])
            if outcome[2]:
                self.anchors.append((outcome[1], outcome[2], path, ref))
        elif status == _MISSING:
            self.problem(
                path,
                ref.line,
                f"{ref.where} {url} does not resolve: no file at '{outcome[1]}'",
                "fix the link (or the Markdown/template that writes it) so it points at a "
                "page or file of the site",
            )
        elif status == _JAVASCRIPT:
            self.problem(
                path,
                ref.line,
                f"{ref.where} is a javascript: URL",
                "use a real link and attach behaviour from a JavaScript file",
            )
        elif status == _DATA and ref.where not in CSS_WHERE:
            self.problem(
                path,
                ref.line,
                f"{ref.where} is a data: URL",
                "save the file under docs/assets/ and link to it; if the text came from a "
                "writer's file, remove the link",
            )
        elif status == _EXTERNAL and ref.kind == LOAD:
            self.problem(
                path,
                ref.line,
                f"{ref.where} loads {url} from another host",
                "serve the file from the site (docs/assets/) or remove it: the site "
                "must request nothing from other hosts",
            )
        elif status == _EXTERNAL:
            self.counts["external"] += 1

    def _outcome(self, folder: str, url: str, page: str | None) -> tuple:
        """(status, file or the path looked for, fragment to check)."""
        target = self.resolver.resolve(folder, url)
        if target is None:
            return (_INERT,)
        if target == "javascript":
            return (_JAVASCRIPT,)
        if target == "data":
            return (_DATA,)
        if target == "external":
            return (_EXTERNAL,)
        file = page if target.path == SAME_FILE else target.path
        if file is None:
            return (_MISSING, target.wanted)
        fragment = target.fragment
        wants_anchor = fragment and file.endswith(".html") and not fragment.startswith(":~:")
        return (_OK, file, fragment if wants_anchor else "")

    def check_sitemap(self, path: str, ref: Ref) -> None:
        """A sitemap location: absolute under site_url (site-root path while it is unset)."""
        site_url = self.resolver.site_url
        if site_url:
            ok = ref.url.startswith(site_url)
            expected = f"start with site_url {site_url}"
        else:
            ok = ref.url.startswith("/") and not ref.url.startswith("//")
            expected = "start with / (site_url is not set)"
        if ok:
            self.check(path, "", ref, None)
            return
        self.problem(
            path,
            ref.line,
            f"{ref.where} '{ref.url}' is not a URL of the site: it should {expected}",
            "set site_url in mkdocs.yml; while it is unset the sitemap template must write "
            "site-root paths",
        )

    def finish(self) -> AuditReport:
        """Check the anchors against every page's ids; the report, problems sorted."""
        for file, fragment, path, ref in self.anchors:
            ids = self.ids.get(file)
            if ids is None:
                continue
            self.counts["anchors"] += 1
            if fragment not in ids and fragment.lower() != "top":
                self.problem(
                    path,
                    ref.line,
                    f"{ref.where} {ref.url}: '{file}' has no element with id=\"{fragment}\"",
                    "link to an id the page has (a heading's {#id}) or add that id",
                )
        self.counts["targets"] = len(self.targets)
        report = AuditReport(sorted(self.problems), self.counts, self.languages, self.targets)
        return report


# ----------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------


def load_mkdocs_config(config_file: Path) -> MkDocsConfig:
    """mkdocs.yml loaded and validated by MkDocs itself (its plugins and hooks loaded too).

    MkDocs logs each invalid setting as it does in a build (`ERROR    -  Config value …`);
    what it raises becomes one CommandError line naming the file.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with processing(config_file):
            return load_config(config_file=str(config_file))
    except (ConfigurationError, Abort) as error:
        message = " ".join(str(error).split())
        raise CommandError(f"{config_file}: {message} — fix mkdocs.yml", code=2) from None
    finally:
        logger.removeHandler(handler)


def build_strict(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` of a config into `site_dir`, capturing its log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(config_file),
        "-d",
        str(site_dir),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config_file.parent)


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


class CommandError(Exception):
    """Why a command cannot go on, in one line; `code` is its exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: raised where the program stands, so cleanup runs.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it;
    `outcome` is what the interrupted command left behind, for its last line.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.outcome = "nothing was changed"


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends: what it does is never cut in half."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def processing(path: Path | str) -> Iterator[None]:
    """Name `path` on an unexpected error raised in the block (the innermost name wins)."""
    try:
        yield
    except Exception as error:
        if not getattr(error, "__notes__", None):
            error.add_note(str(path))
        raise


def run_command(command: Callable[[], int], fallback: Path, verbose: bool = False) -> int:
    """Run a command's body: one line for what stops it, never a bare traceback.

    SIGINT and SIGTERM become `Interrupted` (cleanup runs in the `finally` blocks on the way
    out; exit status 128 + the signal). An unexpected exception is one line naming the file
    being processed (`fallback` when nothing more precise is known) and asking for a bug
    report; its traceback is printed only with `verbose`.
    """
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in STOP_SIGNALS}
    try:
        return command()
    except CommandError as error:
        print(error, file=sys.stderr)
        return error.code
    except Interrupted as stop:
        print(f"interrupted by {stop} — {stop.outcome}", file=sys.stderr)
        return 128 + stop.signum
    except Exception as error:
        notes = getattr(error, "__notes__", None) or [str(fallback)]
        detail = " ".join(str(error).split()) or "no message"
        if verbose:
            traceback.print_exception(error, file=sys.stderr)
        again = "" if verbose else " and the output of the same command run with -v"
        print(
            f"{notes[0]}: unexpected error while processing this file "
            f"({type(error).__name__}: {detail}) — this is a bug in the site's tools: please "
            f"report it with this line{again}",
            file=sys.stderr,
        )
        return 2
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def print_report(report: AuditReport, seconds: float, out: TextIO | None = None) -> None:
    """Problems first (one `file:line: problem` line each), then the summary."""
    out = out or sys.stdout
    for problem in report.problems:
        print(problem, file=out)
    verdict = "audit passed" if report.ok else "audit FAILED"
    print(f"{verdict} in {seconds:.2f}s — {report.summary()}", file=out)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "site_dir",
        nargs="?",
        type=Path,
        help="a built site to audit (default: build mkdocs.yml strictly first)",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=ROOT / "mkdocs.yml",
        help="mkdocs.yml to build, and to read site_url from",
    )
    parser.add_argument("--site-url", help="the site's public URL (default: mkdocs.yml's)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the traceback of an unexpected error"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    return run_command(lambda: _audit_command(args), args.config_file, args.verbose)


def _audit_command(args: argparse.Namespace) -> int:
    """Audit a folder, or build mkdocs.yml into a temporary folder and audit that."""
    site_url = args.site_url
    if site_url is None and (args.site_dir is None or args.config_file.is_file()):
        site_url = load_mkdocs_config(args.config_file).site_url or None
    if args.site_dir is not None:
        if not args.site_dir.is_dir():
            raise CommandError(
                f"{args.site_dir}: no such folder — build the site first or omit it", code=2
            )
        return _audit_and_print(args.site_dir, site_url)
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site_dir = Path(tmp) / "site"
        print(f"mkdocs build --strict -f {args.config_file} into {site_dir}", flush=True)
        build = build_strict(args.config_file, site_dir)
        if build.returncode != 0:
            print(build.stdout + build.stderr, file=sys.stderr)
            raise CommandError(
                f"{args.config_file}: mkdocs build --strict failed — fix the warnings above"
            )
        return _audit_and_print(site_dir, site_url)


def _audit_and_print(site_dir: Path, site_url: str | None) -> int:
    started = time.perf_counter()
    report = audit_site(site_dir, site_url)
    print_report(report, time.perf_counter() - started)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
