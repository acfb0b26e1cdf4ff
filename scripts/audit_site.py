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
- no inline event handler (`onclick=`...) and no `javascript:` URL in the output.

`python scripts/audit_site.py SITE_DIR` audits a folder that is already built. Problems are
printed as `file:line: what is wrong — how to fix it`, all at once; the exit code is 1 when
there is any. Each HTML file is read and scanned once (a regular-expression tokenizer, not a
DOM), the ids of every file are indexed, and each distinct URL is resolved once per folder,
so a site of a thousand articles audits in seconds.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from problems import Problem  # noqa: E402

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
INERT_SCHEMES = {"mailto", "tel", "sms", "data", "blob", "about"}
RAW_TEXT_TAGS = "script|style|textarea|title"
SAME_FILE = ""  # Target.path of a URL that is only a fragment or a query

_TOKEN = re.compile(
    r"<!--.*?-->"
    rf"|<(?P<raw>{RAW_TEXT_TAGS})\b(?P<raw_attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"(?P<body>.*?)</(?P=raw)\s*>"
    r"|<(?P<tag>[a-zA-Z][a-zA-Z0-9:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SITEMAP_URL = re.compile(r"<loc>\s*([^<]*?)\s*</loc>|<xhtml:link\b[^>]*\bhref=\"([^\"]*)\"")
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]*)\"", re.I)


@dataclass(frozen=True)
class Ref:
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
    lang: str = ""


@dataclass(frozen=True)
class Target:
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


def attributes(text: str) -> dict[str, str]:
    """The attributes of a start tag's inside, names lowercased, values unescaped."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name in found:
            continue
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        found[name] = html.unescape(value) if "&" in value else value
    return found


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset`: each comma-separated candidate's first word."""
    urls = []
    for candidate in re.split(r",\s+|,(?=\S)(?![^(]*\))", value.strip()):
        words = candidate.split()
        if words:
            urls.append(words[0])
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
    scanned = ScannedHtml()
    lang = _HTML_LANG.search(text)
    scanned.lang = lang.group(1) if lang else ""
    line, position = 1, 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        tag = match.group("tag") or match.group("raw")
        if not tag:
            continue  # a comment
        inside = match.group("attrs") if match.group("tag") else match.group("raw_attrs")
        tag = tag.lower()
        if "=" in inside:
            _scan_tag(scanned, tag, attributes(inside), line)
        if tag == "style" and match.group("raw"):
            body_line = line + text.count("\n", match.start(), match.start("body"))
            scanned.refs.extend(css_refs(match.group("body"), body_line))
    return scanned


def _scan_tag(scanned: ScannedHtml, tag: str, attrs: dict[str, str], line: int) -> None:
    """Record what one start tag contributes."""
    if "id" in attrs:
        scanned.ids.add(attrs["id"])
    if tag == "a" and "name" in attrs:
        scanned.ids.add(attrs["name"])
    for name, value in attrs.items():
        if name.startswith("on") and len(name) > 2:
            scanned.event_handlers.append((line, f"<{tag} {name}=…>"))
        kind = URL_ATTRIBUTES.get((tag, name))
        if kind:
            scanned.refs.append(Ref(kind, value.strip(), line, f"{tag} {name}"))
        elif name == "srcset" and tag in SRCSET_TAGS:
            for url in srcset_urls(value):
                scanned.refs.append(Ref(LOAD, url, line, f"{tag} srcset"))
        elif name == "style" and "url(" in value:
            scanned.refs.extend(Ref(r.kind, r.url, line, "style url()") for r in css_refs(value))
    if tag == "link" and "href" in attrs:
        rels = set(attrs.get("rel", "").lower().split())
        kind = LOAD if rels & LOADING_RELS else LINK
        scanned.refs.append(Ref(kind, attrs["href"].strip(), line, f"link rel={attrs.get('rel')}"))
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        url = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attrs.get("content", ""), re.I)
        if url:
            scanned.refs.append(Ref(LINK, url.group(1).strip(), line, "meta refresh"))
    if tag in BLANK_TARGET_TAGS and attrs.get("target", "").lower() == "_blank":
        if "noopener" not in attrs.get("rel", "").lower().split():
            scanned.blank_without_noopener.append(
                (line, attrs.get("href", attrs.get("action", "")))
            )


def sitemap_refs(text: str) -> list[Ref]:
    """The `<loc>` and `xhtml:link` alternates of a sitemap."""
    refs = []
    for match in _SITEMAP_URL.finditer(text):
        line = 1 + text.count("\n", 0, match.start())
        if match.group(1) is not None:
            refs.append(Ref(LINK, html.unescape(match.group(1)), line, "sitemap <loc>"))
        else:
            refs.append(Ref(LINK, html.unescape(match.group(2)), line, "sitemap alternate"))
    return refs


def search_index_refs(text: str) -> list[Ref]:
    """The `location` of every document of a lunr search index (relative to its site root)."""
    data = json.loads(text)
    docs = data.get("docs", []) if isinstance(data, dict) else []
    return [
        Ref(LINK, doc["location"], 0, "search index location")
        for doc in docs
        if isinstance(doc, dict) and isinstance(doc.get("location"), str)
    ]


# ----------------------------------------------------------------------------
# Resolving URLs
# ----------------------------------------------------------------------------


class Resolver:
    """Resolves URLs written in the site to its files, once per (folder, URL)."""

    def __init__(self, files: set[str], site_url: str | None = None) -> None:
        self.files = files
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._cache: dict[tuple[str, str], Target | str | None] = {}

    def resolve(self, folder: str, url: str) -> Target | str | None:
        """A Target for an internal URL, "external" for another host, None for inert URLs.

        `folder` is the site path of the folder the URL is relative to ("" for the root).
        """
        key = (folder, url)
        if key not in self._cache:
            self._cache[key] = self._resolve(folder, url)
        return self._cache[key]

    def _resolve(self, folder: str, url: str) -> Target | str | None:
        if self.site_url and url.startswith(self.site_url):
            url = self.base_path + url[len(self.site_url) :]
        scheme = _SCHEME.match(url)
        if scheme:
            name = scheme.group(1).lower()
            if name in ("http", "https", "ftp", "ws", "wss"):
                return "external"
            if name == "javascript":
                return "javascript"
            return None if name in INERT_SCHEMES else "external"
        if url.startswith("//"):
            return "external"
        parts = urlsplit(url)
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path:
            return Target(SAME_FILE, fragment, "")  # "#fragment" or "?query"
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return Target(None, fragment, path)
            joined = path[len(self.base_path) :]
        else:
            joined = posixpath.join(folder, path)
        wants_folder = path.endswith("/")
        site_path = posixpath.normpath(joined) if joined else "."
        if site_path == ".." or site_path.startswith("../"):
            return Target(None, fragment, path)
        site_path = "" if site_path == "." else site_path
        return Target(self._find(site_path, wants_folder), fragment, site_path or "/")

    def _find(self, site_path: str, wants_folder: bool) -> str | None:
        """The file a static server answers for a site path, or None."""
        index = posixpath.join(site_path, "index.html") if site_path else "index.html"
        if wants_folder or not site_path:
            return index if index in self.files else None
        if site_path in self.files:
            return site_path
        return index if index in self.files else None


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
    report = AuditReport()
    files = site_files(site_dir)
    resolver = Resolver(files, site_url)
    pages = {
        path: _read_scanned(site_dir / path) for path in sorted(files) if path.endswith(".html")
    }
    ids = {path: scanned.ids for path, scanned in pages.items()}
    report.counts["pages"] = len(pages)
    targets: set[str] = set()

    def check(path: str, folder: str, ref: Ref, page: str | None = None) -> None:
        report.problems.extend(
            _check_ref(resolver, ids, report.counts, targets, path, folder, ref, page)
        )

    for path, scanned in pages.items():
        report.languages[scanned.lang] += 1
        folder = posixpath.dirname(path)
        for ref in scanned.refs:
            check(path, folder, ref, page=path)
        for line, href in scanned.blank_without_noopener:
            report.problems.append(
                Problem(
                    path,
                    line,
                    f'link to {href} opens a new tab (target="_blank") without rel="noopener"',
                    'add rel="noopener" to the link',
                )
            )
        for line, handler in scanned.event_handlers:
            report.problems.append(
                Problem(
                    path,
                    line,
                    f"inline event handler {handler}",
                    "attach the handler from a JavaScript file (addEventListener); if the "
                    "text came from a writer's file, it was not escaped",
                )
            )
    for path in sorted(p for p in files if p.endswith(".css")):
        folder = posixpath.dirname(path)
        for ref in css_refs((site_dir / path).read_text(encoding="utf-8", errors="replace")):
            check(path, folder, ref)
    for path in sorted(
        p for p in files if posixpath.basename(p) in ("sitemap.xml", "sitemap.xml.gz")
    ):
        raw = (site_dir / path).read_bytes()
        text = (gzip.decompress(raw) if path.endswith(".gz") else raw).decode("utf-8", "replace")
        for ref in sitemap_refs(text):
            report.counts["sitemap"] += 1
            report.problems.extend(
                _check_sitemap_ref(resolver, ids, report.counts, targets, path, ref)
            )
    for path in sorted(p for p in files if posixpath.basename(p) == "search_index.json"):
        root = posixpath.dirname(posixpath.dirname(path))  # <root>/search/search_index.json
        for ref in search_index_refs((site_dir / path).read_text(encoding="utf-8")):
            report.counts["search"] += 1
            check(
                path, root, ref, page=posixpath.join(root, "index.html") if root else "index.html"
            )
    report.counts["targets"] = len(targets)
    report.problems.sort()
    return report


def _read_scanned(file: Path) -> ScannedHtml:
    return scan_html(file.read_text(encoding="utf-8", errors="replace"))


def _check_ref(
    resolver: Resolver,
    ids: dict[str, set[str]],
    counts: Counter[str],
    targets: set[str],
    path: str,
    folder: str,
    ref: Ref,
    page: str | None,
) -> Iterator[Problem]:
    """Problems of one reference: foreign load, javascript: URL, missing file or anchor."""
    if not ref.url:
        return
    target = resolver.resolve(folder, ref.url)
    if target is None:
        return
    if target == "javascript":
        yield Problem(
            path,
            ref.line,
            f"{ref.where} is a javascript: URL",
            "use a real link and attach behaviour from a JavaScript file",
        )
        return
    if target == "external":
        if ref.kind == LOAD:
            yield Problem(
                path,
                ref.line,
                f"{ref.where} loads {ref.url} from another host",
                "serve the file from the site (docs/assets/) or remove it: the site "
                "must request nothing from other hosts",
            )
        else:
            counts["external"] += 1
        return
    assert isinstance(target, Target)
    counts["links"] += 1
    if ref.kind == LOAD:
        counts["loads"] += 1
    file = page if target.path == SAME_FILE else target.path
    if file is None:
        yield Problem(
            path,
            ref.line,
            f"{ref.where} {ref.url} does not resolve: no file at '{target.wanted}'",
            "fix the link (or the Markdown/template that writes it) so it points at a "
            "page or file of the site",
        )
        return
    targets.add(file)
    yield from _check_fragment(ids, counts, path, ref, file, target.fragment)


def _check_fragment(
    ids: dict[str, set[str]], counts: Counter[str], path: str, ref: Ref, file: str, fragment: str
) -> Iterator[Problem]:
    """A problem when `#fragment` names no element of the target HTML file."""
    if not fragment or file not in ids or fragment.startswith(":~:"):
        return
    counts["anchors"] += 1
    if fragment in ids[file] or fragment.lower() == "top":
        return
    yield Problem(
        path,
        ref.line,
        f"{ref.where} {ref.url}: '{file}' has no element with id=\"{fragment}\"",
        "link to an id the page has (a heading's {#id}) or add that id",
    )


def _check_sitemap_ref(
    resolver: Resolver,
    ids: dict[str, set[str]],
    counts: Counter[str],
    targets: set[str],
    path: str,
    ref: Ref,
) -> Iterator[Problem]:
    """A sitemap location must be absolute (under site_url, or site-root-relative without it)."""
    absolute = bool(resolver.site_url) and ref.url.startswith(resolver.site_url)
    rooted = not resolver.site_url and ref.url.startswith("/") and not ref.url.startswith("//")
    if not (absolute or rooted):
        expected = (
            f"start with site_url {resolver.site_url}"
            if resolver.site_url
            else ("start with / (site_url is not set)")
        )
        yield Problem(
            path,
            ref.line,
            f"{ref.where} '{ref.url}' is not a URL of the site: it should {expected}",
            "set site_url in mkdocs.yml, and keep overrides/sitemap.xml (it writes "
            "site-root paths while site_url is unset)",
        )
        return
    yield from _check_ref(resolver, ids, counts, targets, path, "", ref, None)


# ----------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without constructing its !!python/ and !ENV tags."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def configured_site_url(config_file: Path) -> str | None:
    """mkdocs.yml's site_url, or None when it is unset or the file is missing."""
    if not config_file.is_file():
        return None
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)  # noqa: S506
    value = (config or {}).get("site_url")
    return value if isinstance(value, str) and value.strip() else None


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


def print_report(report: AuditReport, seconds: float, out=sys.stdout) -> None:
    """Problems first (one `file:line: problem` line each), then the summary."""
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
    args = parser.parse_args(list(argv) if argv is not None else None)
    site_url = args.site_url or configured_site_url(args.config_file)
    if args.site_dir is not None:
        if not args.site_dir.is_dir():
            print(
                f"{args.site_dir}: no such folder — build the site first or omit it",
                file=sys.stderr,
            )
            return 2
        return _audit_and_print(args.site_dir, site_url)
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site_dir = Path(tmp) / "site"
        print(f"mkdocs build --strict -f {args.config_file} into {site_dir}", flush=True)
        build = build_strict(args.config_file, site_dir)
        if build.returncode != 0:
            print(build.stdout + build.stderr, file=sys.stderr)
            print(
                f"{args.config_file}: mkdocs build --strict failed — fix the warnings above",
                file=sys.stderr,
            )
            return 1
        return _audit_and_print(site_dir, site_url)


def _audit_and_print(site_dir: Path, site_url: str | None) -> int:
    started = time.perf_counter()
    report = audit_site(site_dir, site_url)
    print_report(report, time.perf_counter() - started)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
