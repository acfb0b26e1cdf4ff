"""A model of every page under docs/, per language, scanned once per build.

`DocsIndex.load` reads every Markdown file once (bytes → text, never raising)
and parses it with libraries: the front matter with PyYAML as MkDocs reads it
(`mkdocs.utils.meta`: the same loader, node marks for lines, duplicate keys
kept, a value it cannot construct reported and left out), the body with
markdown-it-py set up as the site's Python-Markdown reads it (admonitions, `#`
titles, attr_list ids; token maps and spans for lines), raw HTML with the
standard library's `html.parser`. Heading ids are those of Python-Markdown's
`toc` (its own `slugify` and `unique`). It records what the checks need:
heading and anchor ids, the links as written with their lines,
and the prose (code, comments, link targets and tags blanked; offsets kept).

`load_cached` shares one index between both language builds and every hook:
it rescans only when a file under docs/ changed (path, mtime, size), and then
re-reads only the changed files (`mkdocs serve` rebuilds): the pages of the
unchanged ones are carried over. `STATS` counts loads and files read.
"""

from __future__ import annotations

import errno
import functools
import os
import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from markdown.extensions import toc
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown_it import MarkdownIt, rules_block, rules_inline
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

from helpcenter.problems import Problem

try:  # the loader MkDocs reads front matter with (mkdocs.utils.meta)
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - libyaml is part of the pinned PyYAML wheel
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


class Link(NamedTuple):
    """One link in a page body, as written."""

    target: str  # destination as written: "x.md#a", "mailto:…", "ext:help_center", ""
    text: str | None  # link text as written
    line: int  # 1-based line in the file
    kind: str  # "inline", "reference", "autolink", "html", "image", "undefined"
    start: int = 0  # offsets of the whole link in the file's text
    end: int = 0


class HtmlTag(NamedTuple):
    """A start tag of the page's raw HTML (HTML blocks and inline tags, not code)."""

    line: int
    name: str
    attrs: list[tuple[str, str | None]]  # as written, in order (entities decoded)


class Heading(NamedTuple):
    """One heading and the id MkDocs gives it."""

    level: int
    text: str  # plain text, markup stripped
    id: str
    explicit: bool  # written as `{#id}`
    line: int


@dataclass
class DocPage:
    """One Markdown file of one language."""

    src_path: str  # "contacto/x.md": the Spanish-style path, without the language suffix
    language: str
    file: Path
    display_path: str  # "docs/contacto/x.en.md", as the writer sees it
    rel: str = ""  # the file under docs/: "contacto/x.en.md" (MkDocs' src_uri)
    meta: dict[str, Any] = field(default_factory=dict)
    anchors: set[str] = field(default_factory=set)
    title: str | None = None
    text: str = ""  # the whole file, decoded (bad bytes replaced), newlines normalised
    body_offset: int = 0  # where the body starts in `text` (after the front matter)
    has_front_matter: bool = False
    front_matter_ok: bool = True  # False when the front matter is malformed (MkDocs drops it)
    # Front-matter values left out of `meta`: YAML cannot construct them (reported); the rest
    # of the front matter is still checked. Dotted keys: "last_reviewed", "search.boost".
    unreadable: tuple[str, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key → line
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key → lines of its items
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[HtmlTag] = field(default_factory=list)  # raw HTML's start tags
    prose: str = ""  # `text` with front matter, code, comments, URLs and tags blanked
    link_spans: list[tuple[int, int]] = field(default_factory=list)  # sorted (start, end)
    problems: list[Problem] = field(default_factory=list)  # unreadable, encoding, YAML…
    derived: dict[str, Any] = field(default_factory=dict, repr=False)  # checks' memo
    stamp: tuple[int, ...] = ()  # the file's (mtime, size, ctime) when it was read

    @functools.cached_property
    def outline(self) -> tuple:
        """What other pages' checks read of this page: its path, title, heading ids, anchors."""
        headings = tuple((h.level, h.id) for h in self.headings)
        return (self.language, self.src_path, self.title, headings, frozenset(self.anchors))

    def line_of(self, offset: int) -> int:
        """1-based line of an offset in `text`."""
        return self.text.count("\n", 0, offset) + 1

    @property
    def body(self) -> str:
        """The Markdown after the front matter (what MkDocs renders)."""
        return self.text[self.body_offset :]

    @property
    def body_line(self) -> int:
        """Line where the body starts."""
        return self.line_of(self.body_offset)

    def in_link(self, offset: int) -> bool:
        """Whether an offset falls inside one of the page's links."""
        spans = self.link_spans
        i = bisect_right(spans, (offset, 1 << 62)) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]


@dataclass
class DocsIndex:
    """Every page of every language under one docs folder."""

    docs_dir: Path
    project_dir: Path
    languages: tuple[str, ...]
    default_language: str
    assets: set[str] = field(default_factory=set)  # every other file, docs-relative
    _pages: dict[str, dict[str, DocPage]] = field(default_factory=dict)
    _src_paths: set[str] | None = None
    _shown_prefix: str = "docs/"  # how paths under docs_dir are shown: relative to the project
    _shape: tuple | None = None
    read: list[str] = field(default_factory=list)  # files read by this load (the others reused)
    problems: list[Problem] = field(default_factory=list)  # of names and links under docs/
    unsafe: list[Problem] = field(default_factory=list)  # links out of docs/ or in a loop

    @classmethod
    def load(
        cls,
        docs_dir: Path,
        project_dir: Path,
        languages: Sequence[str] = ("es", "en"),
        default_language: str = "es",
        previous: DocsIndex | None = None,
        files: Iterable[_Entry] | None = None,
    ) -> DocsIndex:
        """Scan docs_dir: one read and one parse per file.

        With `previous` (an index of the same folder and languages), a file whose
        mtime, size and ctime are unchanged is not read again: its page is reused.
        `files` is docs_dir's listing when the caller has walked it already.
        """
        docs_dir, project_dir = Path(docs_dir).resolve(), Path(project_dir).resolve()
        langs = tuple(languages) or (default_language,)
        index = cls(docs_dir, project_dir, langs, default_language)
        index._pages = {lang: {} for lang in langs}
        index._shown_prefix = _display(docs_dir, project_dir).rstrip("/") + "/"
        if previous is not None and (
            previous.docs_dir,
            previous.project_dir,
            previous.languages,
            previous.default_language,
        ) != (docs_dir, project_dir, langs, default_language):
            previous = None
        STATS.loads += 1
        to_read: list[_FileToRead] = []
        entries = _walk(docs_dir) if files is None else list(files)
        index.unsafe = [index._link_problem(entry) for entry in entries if entry.link]
        index.problems = index.unsafe + _name_problems(
            [entry.rel for entry in entries], index._shown_prefix, langs, default_language
        )
        for rel, stat, link in entries:
            if link:
                continue  # never followed: reported
            if not rel.endswith(".md"):
                index.assets.add(rel)
                continue
            language, src_path = split_language(rel, langs, default_language)
            if language is None or rel != _own_name(src_path, language, default_language):
                continue  # a language the site does not build, or `x.es.md`: reported
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)
            old = previous._pages[language].get(src_path) if previous is not None else None
            if old is not None and old.stamp == stamp and old.rel == rel:
                index._pages[language][src_path] = old
                continue
            shown = index._shown_prefix + rel
            to_read.append(_FileToRead(rel, docs_dir / rel, shown, language, src_path, stamp))
        for page in _read_files(to_read):
            index._pages[page.language][page.src_path] = page
            index.read.append(page.rel)
        STATS.files_read += len(index.read)
        if previous is not None and index.shape() != previous.shape():
            for page in index.all_pages():
                page.derived.clear()  # its memo may depend on pages that changed
        return index

    def shape(self) -> tuple:
        """What a page's checks read of the other files: every page's outline, every asset.

        A page whose own file did not change has the same problems as long as the
        shape is the same (checks.findings_for reuses them then).
        """
        if self._shape is None:
            outlines = tuple(page.outline for page in self.all_pages())
            self._shape = (self.languages, self.default_language, frozenset(self.assets), outlines)
        return self._shape

    def _link_problem(self, entry: _Entry) -> Problem:
        shown = self._shown_prefix + entry.rel
        if entry.link == _LOOP:
            return Problem(
                shown,
                0,
                "is a symbolic link that leads back to itself (a loop)",
                "delete the link; put the file itself under docs/",
            )
        return Problem(
            shown,
            0,
            f"is a symbolic link to {entry.link}, outside {self._shown_prefix}: it would "
            "publish a file from outside the project",
            f"delete the link and copy what the site needs into {self._shown_prefix}",
        )

    def page(self, language: str, src_path: str) -> DocPage | None:
        """The page's own file in that language (a fallback does not count)."""
        return self._pages.get(language, {}).get(src_path)

    def pages(self, language: str) -> list[DocPage]:
        """Every page that has its own file in that language, sorted by path."""
        pages = self._pages.get(language, {})
        return [pages[key] for key in sorted(pages)]

    def all_pages(self) -> list[DocPage]:
        """Every page of every language."""
        return [page for lang in self.languages for page in self.pages(lang)]

    def src_paths(self) -> set[str]:
        """Every page path that exists in at least one language."""
        if self._src_paths is None:
            self._src_paths = {path for pages in self._pages.values() for path in pages}
        return self._src_paths

    def display_path(self, language: str, src_path: str) -> str:
        """Where the file of a page in a language is (or would be), for messages."""
        rel = src_path if language == self.default_language else with_language(src_path, language)
        return self._shown_prefix + rel


class _FileToRead(NamedTuple):
    rel: str
    path: Path
    shown: str
    language: str
    src_path: str
    stamp: tuple[int, ...]


def _read_files(files: Sequence[_FileToRead]) -> list[DocPage]:
    """Read and parse files (one process's share of a scan)."""
    pages = []
    for file in files:
        page = parse_page(
            read_text(file.path, file.shown),
            src_path=file.src_path,
            language=file.language,
            file=file.path,
            display_path=file.shown,
        )
        page.rel = file.rel
        page.stamp = file.stamp
        pages.append(page)
    return pages


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A file's text and the problems met while reading it."""

    text: str
    problems: tuple[Problem, ...] = ()


# ----------------------------------------------------------------------------
# Cache: one scan per build, shared by every hook and both languages
# ----------------------------------------------------------------------------


@dataclass
class LoadStats:
    """How much scanning this process has done (tests and profiles read it)."""

    loads: int = 0  # DocsIndex.load calls
    files_read: int = 0  # Markdown files read and parsed


STATS = LoadStats()
_CACHE: dict[tuple, tuple[tuple, DocsIndex]] = {}


def load_cached(
    docs_dir: Path,
    project_dir: Path,
    languages: Sequence[str] = ("es", "en"),
    default_language: str = "es",
) -> DocsIndex:
    """The index of docs_dir, rescanned only when a file changed since the last call.

    A rescan re-reads only the files that changed; the other pages are reused.
    """
    docs_dir, project_dir = Path(docs_dir).resolve(), Path(project_dir).resolve()
    key = (docs_dir, project_dir, tuple(languages), default_language)
    files = _walk(docs_dir)
    stamp = tuple(
        (e.rel, e.stat.st_mtime_ns, e.stat.st_size, e.stat.st_ctime_ns, e.link) for e in files
    )
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    previous = cached[1] if cached is not None else None
    index = DocsIndex.load(docs_dir, project_dir, languages, default_language, previous, files)
    _CACHE.clear()  # keep only the current site: serve rebuilds must not pile up indexes
    _CACHE[key] = (stamp, index)
    return index


# ----------------------------------------------------------------------------
# Paths
# ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def split_language(
    rel: str, languages: Sequence[str], default_language: str
) -> tuple[str | None, str]:
    """("en", "contacto/x.md") for "contacto/x.en.md"; (None, …) for an unbuilt language."""
    stem, _ext = posixpath.splitext(rel)
    base, dot, suffix = stem.rpartition(".")
    if dot and "/" not in suffix and _LOCALE_RE.match(suffix):
        if suffix in languages:
            return suffix, f"{base}.md"
        return None, f"{base}.md"
    return default_language, rel


def with_language(src_path: str, language: str) -> str:
    """ "contacto/x.en.md" for ("contacto/x.md", "en")."""
    return f"{src_path[:-3]}.{language}.md"


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


class _Entry(NamedTuple):
    """One file under docs/, as listed without following links."""

    rel: str  # docs-relative posix path
    stat: os.stat_result
    link: str = ""  # a link not to follow: _LOOP, or its target outside docs/


_LOOP = "\0loop"


def _walk(docs_dir: Path) -> list[_Entry]:
    """Every file under docs_dir, skipping hidden ones, sorted; links are checked, not followed.

    A symbolic link whose target is outside docs_dir, or that loops, is listed with
    `link` set and never entered or read (MkDocs would follow it).
    """
    root = os.path.realpath(docs_dir)
    found: list[_Entry] = []
    stack = [("", str(docs_dir))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                link = _unsafe_link(entry, root) if entry.is_symlink() else ""
                if link:
                    found.append(_Entry(rel, entry.stat(follow_symlinks=False), link))
                    continue
                if entry.is_dir():
                    stack.append((rel + "/", entry.path))
                    continue
                stat = entry.stat()
            except OSError:  # e.g. a broken link: MkDocs lists it, reading it reports why
                stat = entry.stat(follow_symlinks=False)
            found.append(_Entry(rel, stat))
    found.sort(key=lambda item: item[0])
    return found


def _unsafe_link(entry: os.DirEntry, root: str) -> str:
    """ "" for a link that stays in docs/; _LOOP, or its target, for one MkDocs must not follow."""
    try:
        os.stat(entry.path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _LOOP
    target = os.path.realpath(entry.path)
    if target != root and not target.startswith(root + os.sep):
        return os.readlink(entry.path)
    folder = os.path.realpath(os.path.dirname(entry.path))
    if os.path.isdir(target) and (folder == target or folder.startswith(target + os.sep)):
        return _LOOP  # a folder that contains the link itself
    return ""


def _name_problems(
    rels: Sequence[str], shown: str, languages: Sequence[str], default_language: str
) -> list[Problem]:
    """Names under docs/ that collide, that make bad addresses, or name no built language."""
    problems: list[Problem] = []
    by_folded: dict[str, list[str]] = {}
    for rel in rels:
        by_folded.setdefault(rel.casefold(), []).append(rel)
    collided: set[str] = set()
    for group in by_folded.values():
        if len(group) < 2:
            continue
        collided.update(group)
        kept = next((rel for rel in group if rel == rel.lower()), group[0])
        problems.extend(
            Problem(
                shown + rel,
                0,
                f"differs from {shown}{kept} only in upper and lower case: on Windows, "
                "macOS and many web hosts they are the same file",
                "merge the two files, or rename one of them",
            )
            for rel in group
            if rel != kept
        )
    named: set[str] = set()
    for rel in rels:
        if not rel.endswith(".md") or rel in collided:
            continue
        parts = rel.split("/")
        for depth, part in enumerate(parts):
            is_file = depth == len(parts) - 1
            path = "/".join(parts[: depth + 1])
            stem = _page_stem(part, languages) if is_file else part
            if path in named or _KEBAB_RE.fullmatch(stem):
                continue
            named.add(path)
            suggested = _kebab(stem) + (part[len(stem) :] if is_file else "")
            what = "file" if is_file else "folder"
            problems.append(
                Problem(
                    shown + path,
                    0,
                    f"{what} name '{part}' is not lowercase ASCII kebab-case (it becomes "
                    "part of the page's address)",
                    f"rename it to '{suggested}'",
                )
            )
        language, src_path = split_language(rel, languages, default_language)
        suffix = rel[len(src_path) - 2 : -3] if rel != src_path else ""
        if language is None:
            problems.append(
                Problem(
                    shown + rel,
                    0,
                    f"'.{suffix}.md' names a language the site does not build "
                    f"({', '.join(languages)}): the page is not published",
                    f"rename it to {posixpath.basename(src_path)} (Spanish) or "
                    f"{posixpath.basename(with_language(src_path, languages[-1]))}, or add "
                    f"'{suffix}' to the i18n languages in mkdocs.yml",
                )
            )
        elif language == default_language and rel != src_path:
            problems.append(
                Problem(
                    shown + rel,
                    0,
                    f"'.{suffix}.md' names the default language: a page in it has no suffix",
                    ("merge it into " if src_path in rels else "rename it to ")
                    + posixpath.basename(src_path),
                )
            )
    return problems


def _own_name(src_path: str, language: str, default_language: str) -> str:
    """The file name a page has in a language: no suffix in the default one."""
    return src_path if language == default_language else with_language(src_path, language)


def _page_stem(name: str, languages: Sequence[str]) -> str:
    """ "x" for "x.md" and "x.en.md" (any language-like suffix)."""
    stem = name[:-3]
    base, dot, suffix = stem.rpartition(".")
    return base if dot and _LOCALE_RE.match(suffix) else stem


def _kebab(name: str) -> str:
    """ "como-pagar" for "Cómo Pagar": ASCII, lowercase, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(_NOT_ALNUM_RE.split(ascii_name.lower())).strip("-") or "page"


# ----------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------


def read_text(path: Path, display_path: str) -> ReadResult:
    """A file's text, never raising: bad bytes are replaced and reported."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return ReadResult(
            "",
            (
                Problem(
                    display_path,
                    0,
                    f"cannot be read ({reason})",
                    "check that the file exists and that you may read it (file permissions)",
                ),
            ),
        )
    problems: tuple[Problem, ...] = ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        problems = (
            Problem(
                display_path,
                line,
                f"is not valid UTF-8 (byte 0x{raw[start]:02x} at column {column})",
                "save the file as UTF-8 in your editor (e.g. «Save with encoding › UTF-8»)",
            ),
        )
        text = raw.decode("utf-8-sig", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ReadResult(text, problems)


# ----------------------------------------------------------------------------
# Parsing one page
# ----------------------------------------------------------------------------


def parse_page(
    read: ReadResult, *, src_path: str, language: str, file: Path, display_path: str
) -> DocPage:
    """Everything the checks need from one file's text."""
    text = read.text
    page = DocPage(src_path, language, file, display_path, text=text)
    page.problems.extend(read.problems)
    page.problems.extend(_control_characters(text, display_path))
    _parse_front_matter(page)
    scan = _scan(text, page.body_offset)
    page.headings, page.links, page.tags = scan.headings, scan.links, scan.tags
    page.anchors = (scan.explicit_ids | scan.raw_ids) - {""}
    page.link_spans = sorted((link.start, link.end) for link in scan.links if link.end)
    page.problems.extend(Problem(display_path, *found) for found in scan.problems)
    blanks = scan.code + scan.prose
    if page.body_offset:
        blanks.append((0, page.body_offset))
    page.prose = normalise_words(_blank(text, blanks))
    title = page.meta.get("title")
    if isinstance(title, str) and title.strip():
        page.title = title.strip()
    else:
        page.title = next((h.text for h in page.headings if h.level == 1), None)
    return page


def markdown_links(text: str) -> tuple[list[Link], list[tuple[int, int]]]:
    """Every link of a Markdown text with its offsets, and the spans of its `[label]: …` lines.

    What a transformation of a page's Markdown needs (e.g. `ext:` links made addresses).
    """
    scan = _scan(text, 0)
    return scan.links, scan.definitions


def heading_text(raw: str) -> str:
    """The plain text of inline Markdown, as toc slugifies it (markup and tags stripped)."""
    tokens = _parser().parseInline(raw)
    return _plain(tokens[0].children or []) if tokens else ""


def normalise_words(text: str) -> str:
    """Words as customers read them: NFKC, soft hyphens and zero-width characters removed.

    Offsets are kept: a word that gets shorter is padded with spaces after it.
    """
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not _INVISIBLE_RE.search(text)
    ):
        return text
    return _WORD_RE.sub(_normal_word, text)


def _normal_word(match: re.Match[str]) -> str:
    word = match.group(0)
    normal = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", word))
    return normal.ljust(len(word)) if len(normal) <= len(word) else word


def without_control_characters(text: str) -> str:
    """The text without control characters (NUL…): what a page with them renders."""
    return _CONTROL_RE.sub("", text)


def _control_characters(text: str, display_path: str) -> list[Problem]:
    """One problem per line holding a control character (NUL…): it reaches the HTML unseen."""
    problems: list[Problem] = []
    if not _CONTROL_RE.search(text):
        return problems
    lines: set[int] = set()
    for match in _CONTROL_RE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line in lines:
            continue
        lines.add(line)
        problems.append(
            Problem(
                display_path,
                line,
                f"contains the invisible control character U+{ord(match.group(0)):04X}",
                "delete it (retype the text around it); a copy from another program may "
                "have brought it",
            )
        )
    return problems


# ----------------------------------------------------------------------------
# Front matter: PyYAML, read as MkDocs reads it (mkdocs.utils.meta)
# ----------------------------------------------------------------------------


class _MarkedLoader(_YamlLoader):  # type: ignore[misc, valid-type]
    """MkDocs' own YAML loader, keeping each duplicate key (YAML keeps only the last)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # (key, line, first line), 0-based

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[str, int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                first = seen.setdefault(key_node.value, key_node.start_mark.line)
                if first != key_node.start_mark.line:
                    self.duplicates.append((key_node.value, key_node.start_mark.line, first))
        return super().construct_mapping(node, deep=deep)


class Unreadable(NamedTuple):
    """A value YAML cannot construct (the date 2026-02-30, `!!bool quizá`), left out of the data."""

    key: str  # the dotted key it belongs to: "last_reviewed", "search.boost" ("": the top)
    where: str  # "value" (of `key`), "item" (of the list `key`) or "key" (of the mapping `key`)
    value: str  # a scalar as written ("" for a list or mapping)
    line: int  # 0-based in the YAML text
    tag: str  # the node's tag, e.g. "tag:yaml.org,2002:timestamp"
    error: Exception  # the constructor's error


class LoadedYaml(NamedTuple):
    """A YAML text read as MkDocs reads it, with what it needs to report problems by line."""

    data: Any
    node: yaml.Node | None  # the root as written: its marks give lines
    duplicates: list[tuple[str, int, int]]  # (key, line, first line), 0-based
    unreadable: list[Unreadable]  # values left out of `data`
    readable: yaml.Node | None  # the root without them: what `data` was made from


# What PyYAML's constructors raise for a value they cannot make (KeyError for `!!bool x`…).
_CONSTRUCT_ERRORS = (
    yaml.YAMLError,
    ArithmeticError,
    AttributeError,
    LookupError,
    TypeError,
    ValueError,
)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def load_yaml(source: str) -> LoadedYaml:
    """A YAML text: syntax errors raise MarkedYAMLError; a value that cannot be constructed
    is left out of the data and listed, so that the rest is still read (and checked)."""
    loader = _MarkedLoader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(None, None, [], [], None)
        try:
            return LoadedYaml(loader.construct_document(node), node, loader.duplicates, [], node)
        except _CONSTRUCT_ERRORS:
            pass  # PyYAML stops at the first bad value: find each, and read the rest
    finally:
        loader.dispose()
    unreadable: list[Unreadable] = []
    readable = _Pruner(unreadable).readable(node, "", "value")
    if readable is None:
        return LoadedYaml(None, node, [], unreadable, None)
    data, duplicates = _constructed(readable)
    return LoadedYaml(data, node, duplicates, unreadable, readable)


def _constructed(node: yaml.Node) -> tuple[Any, list[tuple[str, int, int]]]:
    """What one node (and everything under it) constructs to; raises a constructor's error."""
    loader = _MarkedLoader("")
    try:
        return loader.construct_document(node), loader.duplicates
    finally:
        loader.dispose()


class _Pruner:
    """Copies of nodes without the values that cannot be constructed, each one listed once."""

    def __init__(self, found: list[Unreadable]) -> None:
        self.found = found
        self.done: dict[int, yaml.Node | None] = {}  # an aliased node is pruned (and told) once

    def readable(self, node: yaml.Node, key: str, where: str) -> yaml.Node | None:
        """`node` without its unreadable values; None when it cannot be read at all."""
        if id(node) in self.done:
            return self.done[id(node)]
        try:
            _constructed(node)
            self.done[id(node)] = node
            return node
        except _CONSTRUCT_ERRORS as error:
            failure: Exception = error
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            # registered before its children, so that an alias to it inside finds the copy
            pruned = type(node)(node.tag, [], node.start_mark, node.end_mark, node.flow_style)
            self.done[id(node)] = pruned
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    name = _key_name(key, key_node)
                    if self._readable_key(node, key_node, key):
                        value = self.readable(value_node, name, "value")
                        if value is not None:
                            pruned.value.append((key_node, value))
            else:
                for item in node.value:
                    value = self.readable(item, key, "item")
                    if value is not None:
                        pruned.value.append(value)
            try:
                _constructed(pruned)
                return pruned
            except _CONSTRUCT_ERRORS as error:
                failure = error
        self.found.append(_unreadable(key, where, node, failure))
        self.done[id(node)] = None
        return None

    def _readable_key(self, mapping: yaml.MappingNode, key_node: yaml.Node, key: str) -> bool:
        """Whether a key can be constructed and hashed (else it is listed)."""
        if key_node.tag == _MERGE_TAG:
            return True  # `<<: *base`: its value is merged in, never constructed as a key
        try:
            hash(_constructed(key_node)[0])
            return True
        except TypeError:
            error: Exception = yaml.constructor.ConstructorError(
                "while constructing a mapping",
                mapping.start_mark,
                "found unhashable key",
                key_node.start_mark,
            )
        except _CONSTRUCT_ERRORS as failure:
            error = failure
        self.found.append(_unreadable(key, "key", key_node, error))
        return False


def _key_name(prefix: str, key_node: yaml.Node) -> str:
    name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
    return f"{prefix}.{name}" if prefix else name


def _unreadable(key: str, where: str, node: yaml.Node, error: Exception) -> Unreadable:
    mark = getattr(error, "problem_mark", None) or node.start_mark
    value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    return Unreadable(key, where, value, mark.line, node.tag, error)


def _is_bad_date(found: Unreadable) -> bool:
    return found.tag == _TIMESTAMP_TAG and isinstance(found.error, ValueError)


def _why_unreadable(found: Unreadable) -> str:
    """What is wrong with an unreadable value, in a few words."""
    if isinstance(found.error, yaml.MarkedYAMLError):
        return _one_line(found.error.problem or str(found.error))
    if _is_bad_date(found):
        return f"'{_one_line(found.value)}' is not a real date: {_one_line(str(found.error))}"
    tag = found.tag.replace("tag:yaml.org,2002:", "!!")
    return f"'{_one_line(found.value)}' is not a {tag}" if found.value else f"it is not a {tag}"


def _unreadable_problem(display_path: str, found: Unreadable) -> Problem:
    """An unreadable front-matter value, at its line (the opening '---' is line 1)."""
    line, leaf = found.line + 2, found.key.rpartition(".")[2]
    if isinstance(found.error, yaml.MarkedYAMLError):  # e.g. an unknown tag
        return Problem(
            display_path,
            line,
            f"front matter is not valid YAML ({_why_unreadable(found)})",
            "write one 'key: value' per line; quote a value that contains ': ' or "
            "starts with a special character",
        )
    subject = {
        "value": f"'{found.key}'",
        "item": f"an item of '{found.key}'",
        "key": f"a key of '{found.key}'" if found.key else "a key",
    }[found.where]
    if _is_bad_date(found):
        return Problem(
            display_path,
            line,
            f"{subject} is not a real date: '{_one_line(found.value)}' ({found.error}); "
            "MkDocs would drop the whole front matter",
            f"write a day of the calendar as YYYY-MM-DD, e.g. '{leaf}: 2026-11-27'"
            if found.where == "value"
            else "write a day of the calendar as YYYY-MM-DD, or quote it to make it text",
        )
    return Problem(
        display_path,
        line,
        f"{subject} cannot be read: {_why_unreadable(found)}; MkDocs would drop the whole "
        "front matter",
        "write a value of that type, or remove the '!!' tag and quote the value to make it text",
    )


def yaml_error_line(error: yaml.MarkedYAMLError, source: str) -> int | None:
    """0-based line where the writer must look for a YAML syntax error (None: unknown).

    PyYAML notices an unclosed bracket or quote, or a key without its ':', only where it
    should have ended (`problem_mark`, often the next line); it began at `context_mark`.
    """
    context, problem = error.context_mark, error.problem_mark
    if context is not None and _unclosed(error, source):
        return context.line
    mark = problem or context
    return mark.line if mark is not None else None


def yaml_problem_line(error: yaml.YAMLError, source: str) -> int:
    """1-based line of a YAML syntax error in `source`, where the writer must look (0: none)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return 0
    line = yaml_error_line(error, source)
    return line + 1 if line is not None else 0


def _unclosed(error: yaml.MarkedYAMLError, source: str) -> bool:
    """Whether the construct that `context_mark` opens is never closed (or a key lacks ':')."""
    context, problem = error.context or "", error.problem or ""
    if context.startswith("while scanning a simple key"):
        return True
    if context.endswith("quoted scalar"):
        return "end of stream" in problem
    if not context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")):
        return False
    depth = 0  # a closing bracket anywhere after the opening one: the error is where noticed
    try:
        for token in yaml.scan(source[error.context_mark.index :], Loader=_YamlLoader):
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                depth += 1
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
                depth -= 1
                if depth == 0:
                    return False
    except yaml.YAMLError:
        pass
    return True


def _parse_front_matter(page: DocPage) -> None:
    """meta, key lines and body offset; malformed YAML becomes a problem, never an exception."""
    text = page.text
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        if _FRONT_MATTER_START_RE.match(text):
            page.has_front_matter = True
            page.front_matter_ok = False
            page.problems.append(
                Problem(
                    page.display_path,
                    1,
                    "front matter has no closing '---' line",
                    "end the front matter with a line that holds only '---'",
                )
            )
        return
    page.has_front_matter = True
    page.body_offset = match.end()
    try:
        loaded = load_yaml(match.group(1))
    except yaml.MarkedYAMLError as error:
        page.front_matter_ok = False
        page.problems.append(_front_matter_error(page.display_path, error, match.group(1)))
        return
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        page.front_matter_ok = False
        page.problems.append(
            Problem(
                page.display_path,
                1,
                f"front matter is not valid YAML ({_one_line(str(error))})",
                "write one 'key: value' per line and dates as YYYY-MM-DD",
            )
        )
        return
    if isinstance(loaded.node, yaml.MappingNode):
        page.problems.extend(
            _unreadable_problem(page.display_path, found) for found in loaded.unreadable
        )
    for key, line, first in loaded.duplicates:
        page.problems.append(
            Problem(
                page.display_path,
                line + 2,
                f"front matter has '{key}' twice (also on line {first + 2}); YAML keeps only "
                "the last one",
                f"keep one '{key}:' line",
            )
        )
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict) or not isinstance(loaded.node, yaml.MappingNode | None):
        page.front_matter_ok = False
        page.problems.append(
            Problem(
                page.display_path,
                2,
                "front matter is not a list of 'key: value' lines",
                "write one 'key: value' per line between the two '---' lines",
            )
        )
        return
    page.meta = data
    if isinstance(loaded.node, yaml.MappingNode):
        for key_node, _value in loaded.node.value:
            page.key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
    if isinstance(loaded.readable, yaml.MappingNode):
        for key_node, value_node in loaded.readable.value:
            if isinstance(value_node, yaml.SequenceNode):
                key = str(key_node.value)
                page.item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
    if loaded.unreadable:  # MkDocs drops it all; the rest is still checked
        page.front_matter_ok = False
        page.unreadable = tuple(found.key for found in loaded.unreadable)


def _front_matter_error(display_path: str, error: yaml.MarkedYAMLError, source: str) -> Problem:
    lines = source.split("\n")
    noticed = error.problem_mark or error.context_mark
    if noticed is not None and noticed.line < len(lines):
        text = lines[noticed.line]
        if "\t" in text[: len(text) - len(text.lstrip())]:
            return Problem(
                display_path,
                noticed.line + 2,
                "front matter is indented with a tab: MkDocs would drop the whole front matter",
                "indent with spaces, never tabs",
            )
    line = yaml_error_line(error, source)
    return Problem(
        display_path,
        line + 2 if line is not None else 1,
        f"front matter is not valid YAML ({_one_line(error.problem or 'invalid YAML')})",
        "write one 'key: value' per line; quote a value that contains ': ' or "
        "starts with a special character",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------
# Markdown: markdown-it-py as Python-Markdown reads the site's extensions
# ----------------------------------------------------------------------------


@dataclass
class _Scan:
    """What one parse of a page gives (offsets in the file's text, 1-based lines)."""

    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[HtmlTag] = field(default_factory=list)
    explicit_ids: set[str] = field(default_factory=set)  # attr_list ids
    raw_ids: set[str] = field(default_factory=set)  # HTML id="…" and <a name="…">
    code: list[tuple[int, int]] = field(default_factory=list)  # code and comments
    prose: list[tuple[int, int]] = field(default_factory=list)  # link targets, tags, attrs
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, what, how)
    definitions: list[tuple[int, int]] = field(default_factory=list)  # `[label]: target` lines


class _Lines:
    """Line starts of a text: offsets ↔ lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(text)]

    def line(self, number: int) -> str:
        """The text of a 0-based line, without its newline."""
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect_right(self.starts, offset)

    def locator(self, content: str, first_line: int) -> Callable[[int], int]:
        """File offset of an offset in a token's content (each content line ends a source line)."""
        marks: list[int] = []  # content offset of each line start
        bases: list[int] = []  # file offset of the same character
        position = 0
        for number, piece in enumerate(content.split("\n")):
            source = self.line(min(first_line + number, len(self.starts) - 1))
            if source.endswith(piece):
                prefix = len(source) - len(piece)
            elif source.rstrip().endswith(piece):
                prefix = len(source.rstrip()) - len(piece)
            else:
                prefix = max(source.find(piece), 0)
            marks.append(position)
            bases.append(self.starts[min(first_line + number, len(self.starts) - 1)] + prefix)
            position += len(piece) + 1

        def locate(offset: int) -> int:
            index = bisect_right(marks, offset) - 1
            return bases[index] + offset - marks[index]

        return locate


def _scan(text: str, body_offset: int) -> _Scan:
    """Parse the body with markdown-it-py; record headings, ids, links and what is not prose."""
    lines = _Lines(text)
    first_body_line = lines.line_of(body_offset) - 1 if body_offset else 0
    source = "\n" * first_body_line + text[lines.starts[first_body_line] :]
    env: dict[str, Any] = {}
    tokens = _parser().parse(source, env)
    scan = _Scan()
    for start, end in env.get(_DEFINITIONS, ()):  # reference definitions: no prose
        scan.definitions.append((lines.starts[start], _line_end(lines, end - 1)))
    scan.prose.extend(scan.definitions)
    definitions = {label: ref["href"] for label, ref in env.get("references", {}).items()}
    headings: list[tuple[int, str, str | None, int]] = []  # (level, text, explicit id, line)
    for position, token in enumerate(tokens):
        kind = token.type
        if kind in ("fence", "code_block") and token.map:
            scan.code.append((lines.starts[token.map[0]], _line_end(lines, token.map[1] - 1)))
            if kind == "fence":
                _check_fence(token, lines, scan)
        elif kind == "html_block" and token.map:
            _scan_html(token.content, lines.locator(token.content, token.map[0]), lines, scan)
        elif kind == "inline" and token.map:
            heading = tokens[position - 1] if position else None
            is_heading = heading is not None and heading.type == "heading_open"
            if is_heading and heading.markup in "=-" and token.map[1] - token.map[0] > 2:
                is_heading = False  # Python-Markdown: a setext title is one line starting a block
            explicit = _scan_inline(token, lines, scan, definitions, is_heading)
            if is_heading and heading is not None:
                plain = _plain(token.children or [])
                match = _HEADER_ATTR_RE.search(plain)
                if match:
                    plain = plain[: match.start()].rstrip()
                headings.append((int(heading.tag[1]), plain, explicit, token.map[0] + 1))
    _heading_ids(headings, scan)
    scan.links.sort(key=lambda link: link.start)
    return scan


def _heading_ids(headings: list[tuple[int, str, str | None, int]], scan: _Scan) -> None:
    """The ids toc gives: explicit ones first taken, then unique slugs of the others."""
    used = scan.explicit_ids | {explicit for _l, _t, explicit, _n in headings if explicit}
    counters: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for level, plain, explicit, line in headings:
        if explicit:
            anchor = explicit
            if anchor in first_line:
                scan.problems.append(
                    (
                        line,
                        f"heading id '#{anchor}' is used twice (also on line {first_line[anchor]})",
                        "give each heading its own id: change one of the {#…}",
                    )
                )
            first_line.setdefault(anchor, line)
        else:
            anchor = toc.unique(toc.slugify(plain, "-"), used, counters)
        scan.headings.append(Heading(level, plain, anchor, bool(explicit), line))
    scan.explicit_ids = used


def _check_fence(token: Token, lines: _Lines, scan: _Scan) -> None:
    """A ``` fence without its closing line: MkDocs renders the rest as text, not code."""
    first, last = token.map[0], token.map[1] - 1  # type: ignore[index]
    closing = lines.line(last).strip().lstrip("> \t")
    marker = token.markup
    if (
        last > first
        and closing.startswith(marker[0] * len(marker))
        and not closing.strip(marker[0])
    ):
        return
    scan.problems.append(
        (
            first + 1,
            f"code block opened with {marker} is never closed",
            f"add a line with {marker} where the code ends",
        )
    )


def _scan_inline(
    token: Token, lines: _Lines, scan: _Scan, definitions: dict[str, str], is_heading: bool
) -> str | None:
    """Links, code, tags and attribute lists of one inline token; a heading's explicit id."""
    content = token.content
    locate = lines.locator(content, token.map[0])  # type: ignore[index]
    taken: list[tuple[int, int]] = []  # content spans of code, links, tags
    anchor_open: tuple[int, int, str] | None = None  # an <a href> waiting for its </a>
    for child in token.children or []:  # an image's alt text is not walked: not prose
        span = child.meta.get(_SPAN) if child.meta else None
        if span is None:
            continue
        start, end = span
        taken.append(span)
        if child.type == "code_inline":
            scan.code.append((locate(start), locate(end)))
        elif child.type == "html_inline":
            scan.prose.append((locate(start), locate(end)))
            anchor_open = _inline_tag(
                child.content, (start, end), content, locate, lines, scan, anchor_open
            )
        elif child.type == "link_open" and child.markup == "autolink":
            target = content[start + 1 : end - 1]
            if _AUTOLINK_RE.fullmatch(target):
                href = target if not ("@" in target and ":" not in target) else f"mailto:{target}"
                link = Link(href, target, lines.line_of(locate(start)), "autolink")
                _add_link(scan, link, locate(start), locate(end))
            scan.prose.append((locate(start), locate(end)))
        elif child.type in ("link_open", "image"):
            _markdown_link(child, span, content, locate, lines, scan)
    masked = _blank(content, taken)
    for match in _UNDEFINED_REF_RE.finditer(masked):
        label, ref = match.group(1), match.group(2)
        escaped = match.start() > 0 and masked[match.start() - 1] == "\\"
        if escaped or normalizeReference(ref) in definitions:
            continue
        offset = locate(match.start())
        link = Link(f"[{ref}]", label, lines.line_of(offset), "undefined")
        _add_link(scan, link, offset, locate(match.end()))
    explicit = None
    for match in _ATTR_LIST_RE.finditer(masked):
        ids = [value for key, value in get_attrs_and_remainder(match.group(1))[0] if key == "id"]
        scan.prose.append((locate(match.start()), locate(match.end())))
        heading_attr = is_heading and not masked[match.end() :].strip()
        if heading_attr and ids and match.start() and masked[match.start() - 1] == " ":
            explicit = ids[-1]
        else:
            scan.explicit_ids.update(str(value) for value in ids if value)
    return explicit


def _markdown_link(
    child: Token,
    span: tuple[int, int],
    content: str,
    locate: Callable[[int], int],
    lines: _Lines,
    scan: _Scan,
) -> None:
    """An inline or reference link or image; its target as written (the parser's `_Parser`)."""
    start, end = span
    label_end = child.meta[_LABEL_END]
    is_image = child.type == "image"
    text = content[start + (2 if is_image else 1) : label_end]
    target = str(child.attrs.get("src" if is_image else "href") or "")
    after = label_end + 1
    inline = after < end and content[after] == "("
    kind = "image" if is_image else ("inline" if inline else "reference")
    if after < end:  # the target, or the reference's label: not prose
        scan.prose.append((locate(after), locate(end)))
    if is_image:
        scan.prose.append((locate(start), locate(end)))
    link = Link(target, text, lines.line_of(locate(start)), kind)
    _add_link(scan, link, locate(start), locate(end))


def _add_link(scan: _Scan, link: Link, start: int, end: int) -> None:
    scan.links.append(link._replace(start=start, end=end))


def _inline_tag(
    tag: str,
    span: tuple[int, int],
    content: str,
    locate: Callable[[int], int],
    lines: _Lines,
    scan: _Scan,
    anchor_open: tuple[int, int, str] | None,
) -> tuple[int, int, str] | None:
    """One inline HTML tag: its ids; an <a href> is a link up to its </a>."""
    start, end = span
    found = _HtmlScan.of(tag)
    scan.raw_ids.update(found.ids)
    if found.comments:
        scan.code.append((locate(start), locate(end)))
    _add_tags(found, lambda offset: locate(start + offset), lines, scan)
    for name, attrs, _offset, _length in found.tags:
        href = dict(attrs).get("href")
        if name == "a" and href is not None:
            return (start, end, href or "")
        if name == "/a" and anchor_open is not None:
            open_start, open_end, href = anchor_open
            text = _HtmlScan.of(content[open_end:start]).text
            link = Link(href, text, lines.line_of(locate(open_start)), "html")
            _add_link(scan, link, locate(open_start), locate(end))
            return None
    return anchor_open


def _scan_html(html_text: str, locate: Callable[[int], int], lines: _Lines, scan: _Scan) -> None:
    """An HTML block: its ids and <a href> links; its tags and comments are not prose."""
    found = _HtmlScan.of(html_text)
    scan.raw_ids.update(found.ids)
    _add_tags(found, locate, lines, scan)
    for offset, length in found.comments:
        scan.code.append((locate(offset), locate(offset) + length))
    for _name, _attrs, offset, length in found.tags:
        scan.prose.append((locate(offset), locate(offset) + length))
    for href, text, offset, end in found.anchors:
        link = Link(href, text, lines.line_of(locate(offset)), "html")
        _add_link(scan, link, locate(offset), locate(end))


def _add_tags(found: _HtmlScan, locate: Callable[[int], int], lines: _Lines, scan: _Scan) -> None:
    """The start tags of a piece of HTML, with their lines in the file."""
    for name, attrs, offset, _length in found.tags:
        if not name.startswith("/"):
            scan.tags.append(HtmlTag(lines.line_of(locate(offset)), name, attrs))


class _HtmlScan(HTMLParser):
    """The one HTML reader: tags with their offsets, ids, <a href> links, comments, text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(source)]
        self.tags: list[tuple[str, list[tuple[str, str | None]], int, int]] = []  # name, attrs…
        self.ids: set[str] = set()
        self.comments: list[tuple[int, int]] = []
        self.anchors: list[tuple[str, str, int, int]] = []  # href, text, start, end
        self._open: list[tuple[str, int, list[str]]] = []  # <a href> being read
        self._text: list[str] = []

    @classmethod
    def of(cls, source: str) -> _HtmlScan:
        """Scan a piece of HTML."""
        scan = cls(source)
        scan.feed(source)
        scan.close()
        return scan

    @property
    def text(self) -> str:
        """The text outside tags."""
        return "".join(self._text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset, raw = self._offset(), self.get_starttag_text() or ""
        values = dict(attrs)
        self.tags.append((tag, attrs, offset, len(raw)))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        if tag == "a" and values.get("href") is not None:
            self._open.append((values["href"] or "", offset, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        offset = self._offset()
        close = self.source.find(">", offset)
        length = (close + 1 if close != -1 else len(self.source)) - offset
        self.tags.append(("/" + tag, [], offset, length))
        if tag == "a" and self._open:
            href, start, text = self._open.pop()
            self.anchors.append((href, "".join(text), start, offset + length))

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        for _href, _start, text in self._open:
            text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append((self._offset(), len(data) + 7))


# ----------------------------------------------------------------------------
# The parser: CommonMark + admonitions, Python-Markdown's headings, token spans
# ----------------------------------------------------------------------------


class _Parser(MarkdownIt):
    """Links as written: no percent-encoding, no scheme refused (Python-Markdown keeps them)."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        return url

    def validateLink(self, url: str) -> bool:  # noqa: N802
        return True


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """markdown-it-py set up as the site's Python-Markdown reads pages (mkdocs.yml)."""
    md = _Parser("commonmark", {"html": True})
    md.use(admon_plugin)  # admonition and pymdownx.details: `!!!`, `???`, `???+`
    md.block.ruler.at("heading", _hash_heading, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("reference", _recorded_definitions)
    md.core.ruler.at("inline", _inline_where_needed)
    for name, rule in (
        ("backticks", rules_inline.backtick),
        ("link", rules_inline.link),
        ("image", rules_inline.image),
        ("autolink", rules_inline.autolink),
        ("html_inline", rules_inline.html_inline),
    ):
        md.inline.ruler.at(name, _spanned(rule, name in ("link", "image")))
    return md


def _hash_heading(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Python-Markdown's `#` title: at the block's margin, a space after the #'s optional."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] != state.blkIndent or state.src[begin : begin + 1] != "#":
        return False
    match = _HASH_HEADING_RE.match(state.src, begin, state.eMarks[start_line])
    if match is None:
        return False
    if silent:
        return True
    level = len(match.group(1))
    state.line = start_line + 1
    opening = state.push("heading_open", f"h{level}", 1)
    opening.markup, opening.map = match.group(1), [start_line, state.line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = (
        match.group(2).strip(),
        [start_line, state.line],
        [],
    )
    state.push("heading_close", f"h{level}", -1).markup = match.group(1)
    return True


def _recorded_definitions(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's reference rule, remembering which lines the definitions take."""
    found = rules_block.reference(state, start_line, end_line, silent)
    if found and not silent:
        state.env.setdefault(_DEFINITIONS, []).append((start_line, state.line))
    return found


def _inline_where_needed(state: StateCore) -> None:
    """markdown-it's inline rule for headings, `parseInline` and text with link, code, tag or
    attribute markup: other paragraphs have nothing the scan records."""
    previous = None
    for token in state.tokens:
        if token.type == "inline":
            token.children = token.children or []
            heading = previous is None or previous.type == "heading_open"
            if heading or _INLINE_MARKUP_RE.search(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)
        previous = token


def _spanned(rule: Callable[[StateInline, bool], bool], labelled: bool) -> Callable:
    """An inline rule whose first token keeps where it was written (`meta[_SPAN]`)."""

    def run(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens) + (1 if state.pending else 0)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > count:  # text before it is pushed first
            token = state.tokens[count]
            token.meta[_SPAN] = (start, state.pos)
            if labelled:
                token.meta[_LABEL_END] = parseLinkLabel(
                    state, start + (1 if token.type == "image" else 0), True
                )
        return True

    return run


def _plain(children: list[Token]) -> str:
    """A heading's text as toc reads it: text and code, no tags, images or markup."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _line_end(lines: _Lines, number: int) -> int:
    """Offset just past the text of a 0-based line (its newline not included)."""
    number = min(number, len(lines.starts) - 1)
    return lines.starts[number] + len(lines.line(number))


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every span replaced by spaces, newlines kept (offsets unchanged)."""
    pieces: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        start = max(start, last)
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE_RE.sub(" ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# ----------------------------------------------------------------------------
# Patterns (tokens, never a grammar)
# ----------------------------------------------------------------------------

_SPAN, _LABEL_END, _DEFINITIONS = (
    "helpcenter_span",
    "helpcenter_label_end",
    "helpcenter_definitions",
)
# MkDocs' own front-matter pattern (mkdocs.utils.meta.YAML_RE).
_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FRONT_MATTER_START_RE = re.compile(r"^-{3}[ \t]*\n")
_LOCALE_RE = re.compile(r"^[a-z]{2}(?:[_-][A-Za-z]{2,4})?$")
_KEBAB_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_NEWLINE_RE = re.compile(r"\n")
_INLINE_MARKUP_RE = re.compile(r"[\[<`{]")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD_RE = re.compile(r"(?:\w|[\u00ad\u200b\u200c\u200d\u2060\ufeff])+")
# Python-Markdown's HashHeaderProcessor and attr_list's HEADER_RE / BASE_RE.
_HASH_HEADING_RE = re.compile(r"(#{1,6})((?:\\.|[^\\\n])*?)#*[ \t]*$", re.MULTILINE)
_HEADER_ATTR_RE = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
_ATTR_LIST_RE = re.compile(r"\{:?[ ]*((?:#|\.|[\w-]+=)[^}\n]*)\}")
_UNDEFINED_REF_RE = re.compile(
    r"\[((?:[^\[\]\\]|\\.)+)\]\[((?:[^\[\]\\\n]|\\.)*[^\s\[\]](?:[^\[\]\\\n]|\\.)*)\]"
)
# Python-Markdown's autolinks: web addresses and e-mail addresses only.
_AUTOLINK_RE = re.compile(
    r"(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*|(?:mailto:)?[^<>\s!@]+@[^@<>\s]+"
)


# ----------------------------------------------------------------------------
# Data files
# ----------------------------------------------------------------------------


def load_data_file(path: Path, display_path: str) -> tuple[Any, list[Problem]]:
    """A YAML data file; a missing or malformed file is a problem, never an exception.

    The data is None when the file cannot be read whole (a value YAML cannot construct).
    """
    loaded, problems = read_data_file(path, display_path)
    if loaded is None or loaded.unreadable:
        return None, problems
    return loaded.data, problems


def read_data_file(path: Path, display_path: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """A YAML data file with its nodes (for lines) and every problem, each with its line.

    None when it cannot be read or parsed; a value YAML cannot construct is reported
    and left out of the data.
    """
    read = read_text(path, display_path)
    if read.problems:
        return None, list(read.problems)
    try:
        loaded = load_yaml(read.text)
    except yaml.MarkedYAMLError as error:
        return None, [
            Problem(
                display_path,
                yaml_problem_line(error, read.text),
                f"is not valid YAML ({_one_line(error.problem or 'invalid YAML')})",
                "fix the indentation and quote values that contain ': '",
            )
        ]
    except RecursionError:
        return None, [Problem(display_path, 0, "is nested too deeply", "flatten the YAML")]
    except (yaml.YAMLError, ValueError) as error:
        return None, [
            Problem(display_path, 0, f"is not valid YAML ({_one_line(str(error))})", "fix the YAML")
        ]
    problems = [
        Problem(
            display_path,
            found.line + 1,
            f"is not valid YAML ({_why_unreadable(found)})",
            "fix the indentation and quote values that contain ': '"
            if isinstance(found.error, yaml.MarkedYAMLError)
            else "write a day of the calendar as YYYY-MM-DD, or quote the value to make it text"
            if _is_bad_date(found)
            else "fix the YAML",
        )
        for found in loaded.unreadable
    ]
    problems.extend(
        Problem(
            display_path,
            line + 1,
            f"has '{key}' twice (also on line {first + 1}); YAML keeps only the last one",
            f"keep one '{key}:'",
        )
        for key, line, first in loaded.duplicates
    )
    return loaded, problems
