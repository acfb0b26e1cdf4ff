"""A model of every page under docs/, per language, scanned once per build.

`DocsIndex.load` reads every Markdown file once (bytes → text, never raising),
parses its front matter, and records what the checks need: heading and anchor
ids (explicit `{#id}`, attr_list ids, raw `id="…"`, and the auto-slugs MkDocs'
`toc` extension gives headings without an explicit id), the links with their
line numbers (inline, reference-style, autolinks, raw `<a href>`), and the
prose with code, comments and link destinations blanked out. Nothing is
rendered: regular expressions over the source, compiled once.

`load_cached` shares one index between both language builds and every hook:
it rescans only when a file under docs/ changed (path, mtime, size), and then
re-reads only the changed files (`mkdocs serve` rebuilds): the pages of the
unchanged ones are carried over. `STATS` counts loads and files read.
"""

from __future__ import annotations

import datetime
import functools
import html
import os
import posixpath
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from helpcenter.problems import Problem

try:
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
    front_matter_ok: bool = True  # False when the front matter is malformed
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key → line
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key → lines of its items
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
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
    _by_file: dict[Path, DocPage] | None = None
    _src_paths: set[str] | None = None
    _shown_prefix: str = "docs/"  # how paths under docs_dir are shown: relative to the project
    _shape: tuple | None = None
    read: list[str] = field(default_factory=list)  # files read by this load (the others reused)

    @classmethod
    def load(
        cls,
        docs_dir: Path,
        project_dir: Path,
        languages: Sequence[str] = ("es", "en"),
        default_language: str = "es",
        previous: DocsIndex | None = None,
        files: Iterable[tuple[str, os.stat_result]] | None = None,
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
        for rel, stat in _walk(docs_dir) if files is None else files:
            if not rel.endswith(".md"):
                index.assets.add(rel)
                continue
            language, src_path = split_language(rel, langs, default_language)
            if language is None:
                continue  # a language that is not configured: MkDocs does not build it
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
        shape is the same (site_checks reuses them then).
        """
        if self._shape is None:
            outlines = tuple(page.outline for page in self.all_pages())
            self._shape = (self.languages, self.default_language, frozenset(self.assets), outlines)
        return self._shape

    def page(self, language: str, src_path: str) -> DocPage | None:
        """The page's own file in that language (a fallback does not count)."""
        return self._pages.get(language, {}).get(src_path)

    def pages(self, language: str) -> list[DocPage]:
        """Every page that has its own file in that language, sorted by path."""
        pages = self._pages.get(language, {})
        return [pages[key] for key in sorted(pages)]

    def page_at(self, file: Path | str) -> DocPage | None:
        """The page read from a file path (absolute), in whichever language."""
        if self._by_file is None:
            self._by_file = {_file_key(page.file): page for page in self.all_pages()}
        return self._by_file.get(_file_key(Path(file)))

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
    stamp = tuple((rel, st.st_mtime_ns, st.st_size, st.st_ctime_ns) for rel, st in files)
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


def _file_key(path: Path) -> str:
    """A file's path with its folders resolved but not the file itself (it may be a link)."""
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(docs_dir: Path) -> list[tuple[str, os.stat_result]]:
    """(docs-relative posix path, stat) of every file, skipping hidden ones, sorted."""
    found: list[tuple[str, os.stat_result]] = []
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
                if entry.is_dir():
                    stack.append((rel + "/", entry.path))
                    continue
                stat = entry.stat()
            except OSError:  # e.g. a broken link: MkDocs lists it, reading it reports why
                stat = entry.stat(follow_symlinks=False)
            found.append((rel, stat))
    found.sort(key=lambda item: item[0])
    return found


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
    _parse_front_matter(page)
    # Front matter, code (fenced, indented, inline), HTML comments: no prose, links or headings.
    blanks = _code_and_comments(text, page.body_offset)
    if page.body_offset:
        blanks.append((0, page.body_offset))
    masked = _blank(text, blanks) if blanks else text

    _parse_headings(page, masked)
    url_blanks = _parse_links(page, masked)
    page.prose = _blank(masked, url_blanks) if url_blanks else masked
    title = page.meta.get("title")
    if isinstance(title, str) and title.strip():
        page.title = title.strip()
    else:
        page.title = next((h.text for h in page.headings if h.level == 1), None)
    return page


def mask_code(text: str, start: int = 0) -> str:
    """`text` with code blocks, inline code and HTML comments blanked (offsets unchanged)."""
    spans = _code_and_comments(text, start)
    return _blank(text, spans) if spans else text


def _code_and_comments(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of code blocks, inline code and HTML comments from `start` on."""
    blocks = _code_spans(text, start)
    spans = list(blocks)
    if "`" in text:
        spans += _inline_code_spans(text, start, blocks)
    if "<!--" in text:
        spans += [
            (m.start(), m.end())
            for m in _COMMENT_RE.finditer(text, start)
            if not _inside(blocks, m.start())
        ]
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(first <= offset < last for first, last in spans)


def _inline_code_spans(
    text: str, start: int, blocks: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Backtick code spans: a run of n backticks up to the next run of n, in one paragraph."""
    runs = [
        (m.start(), m.end())
        for m in _BACKTICKS_RE.finditer(text, start)
        if not (blocks and _inside(blocks, m.start()))
    ]
    spans = []
    i, count = 0, len(runs)
    while i < count:
        begin, end = runs[i]
        if begin > 0 and text[begin - 1] == "\\":
            i += 1
            continue
        j = i + 1
        while j < count and runs[j][1] - runs[j][0] != end - begin:
            j += 1
        if j < count and not _PARAGRAPH_BREAK_RE.search(text, end, runs[j][0]):
            spans.append((begin, runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


class _LineCounter:
    """Line numbers of increasing offsets, counted from the previous one."""

    __slots__ = ("text", "offset", "line")

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every span replaced by spaces, newlines kept (offsets unchanged)."""
    pieces: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        start = max(start, last)
        pieces.append(text[last:start])
        if text.find("\n", start, end) == -1:
            pieces.append(" " * (end - start))
        else:
            pieces.append("\n".join(" " * len(part) for part in text[start:end].split("\n")))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


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
    source = match.group(1)
    try:
        data = plain_front_matter(source)
        if data is None:
            data = yaml.load(source, Loader=_YamlLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        what = error.problem or "invalid YAML"
        page.front_matter_ok = False
        page.problems.append(
            Problem(
                page.display_path,
                line,
                f"front matter is not valid YAML ({what})",
                "write one 'key: value' per line; quote a value that contains ': ' or "
                "starts with a special character",
            )
        )
        return
    except (yaml.YAMLError, ValueError) as error:
        page.front_matter_ok = False
        page.problems.append(
            Problem(
                page.display_path,
                1,
                f"front matter is not valid YAML ({error})",
                "write one 'key: value' per line and dates as YYYY-MM-DD",
            )
        )
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
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
    current: str | None = None
    for number, line in enumerate(source.split("\n"), start=2):
        if not line or line[0] in " \t-":
            if current and _FM_ITEM_RE.match(line):
                page.item_lines.setdefault(current, []).append(number)
            continue
        key_match = _FM_KEY_RE.match(line)
        if key_match:
            current = key_match.group(1)
            page.key_lines.setdefault(current, number)


def plain_front_matter(source: str) -> dict[str, Any] | None:
    """Front matter made only of `key: value` and `- item` lines, as YAML reads it; else None.

    The common case, without building a YAML document: each value is resolved by
    PyYAML's own resolver (so `true`, `2026-11-27`, `~` mean what they mean in
    YAML); a value may go on over indented lines (folded with spaces, as YAML
    does). Anything less plain (quotes with escapes, flow collections, nested
    mappings, numbers, comments after a value) returns None: the caller uses PyYAML.
    """
    data: dict[str, Any] = {}
    key: str | None = None
    item_indent: str | None = None
    pending: list[str] = []  # the lines of the current key's scalar value

    def finish() -> bool:
        if pending:
            value = _plain_scalar(" ".join(pending))
            pending.clear()
            if value is _UNSURE:
                return False
            data[key] = value  # type: ignore[index]
        return True

    for line in source.split("\n"):
        if not line.strip():
            if not finish():
                return None
            continue
        if pending and line[0] in " \t" and not _PLAIN_ITEM_RE.fullmatch(line):
            pending.append(line.strip())  # the value goes on: YAML folds it with a space
            continue
        if not finish():
            return None
        if line.lstrip().startswith("#"):
            continue
        key_match = _PLAIN_KEY_RE.fullmatch(line)
        if key_match:
            key, raw = key_match.group(1), key_match.group(2)
            if key in data:
                return None
            data[key] = None
            if raw:
                pending.append(raw)
            item_indent = None
            continue
        item_match = _PLAIN_ITEM_RE.fullmatch(line)
        if item_match is None or key is None:
            return None
        if item_indent is None:
            if data[key] is not None:
                return None
            item_indent = item_match.group(1)
            data[key] = []
        elif item_match.group(1) != item_indent:
            return None
        value = _plain_scalar(item_match.group(2))
        if value is _UNSURE:
            return None
        data[key].append(value)
    return data if finish() else None


def _plain_scalar(raw: str) -> Any:
    """A YAML scalar written on one (folded) line, or _UNSURE when only PyYAML should read it."""
    first = raw[0]
    if first == "'":
        inner = raw[1:-1]
        closed = len(raw) > 1 and raw[-1] == "'" and "'" not in inner.replace("''", "")
        return inner.replace("''", "'") if closed else _UNSURE
    if first == '"':
        inner = raw[1:-1]
        plain = len(raw) > 1 and raw[-1] == '"' and '"' not in inner and "\\" not in inner
        return inner if plain else _UNSURE
    if first in _INDICATORS or ": " in raw or " #" in raw or raw.endswith(":") or "\t" in raw:
        return _UNSURE
    if first not in _RESOLVER_FIRST:  # no implicit type starts with this character: text
        return raw
    if first in _WORD_TYPES_FIRST and len(raw) > 5:  # true/no/null… are all short words
        return raw
    tag = _RESOLVER.resolve(yaml.ScalarNode, raw, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return raw
    if tag == "tag:yaml.org,2002:bool":
        return yaml.constructor.SafeConstructor.bool_values[raw.lower()]
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:timestamp" and _DATE_RE.fullmatch(raw):
        try:
            return datetime.date(int(raw[:4]), int(raw[5:7]), int(raw[8:10]))
        except ValueError:
            return _UNSURE  # PyYAML reports it
    return _UNSURE


def _code_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Fenced and indented code blocks of the body, as (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        spans = _fenced_spans(text, start)
    if not _INDENTED_AFTER_BLANK_RE.search(text, start) and not _INDENTED_FIRST_RE.match(
        text, start
    ):
        return spans
    masked = _blank(text, spans) if spans else text
    first = _INDENTED_FIRST_RE.match(masked, start)
    if first is not None and not (spans and spans[0][0] <= first.start(1)):
        end_match = _CODE_BLOCK_END_RE.search(masked, first.start(1))
        spans.append((first.start(1), end_match.start() + 1 if end_match else len(masked)))
    for match in _INDENTED_AFTER_BLANK_RE.finditer(masked, start):
        begin = match.start(1)
        if any(first <= begin < last for first, last in spans):
            continue  # inside a block already found
        if _continues_container(masked, match.start(), start):
            continue
        end_match = _CODE_BLOCK_END_RE.search(masked, begin)
        spans.append((begin, end_match.start() + 1 if end_match else len(masked)))
    return spans


def _fenced_spans(text: str, start: int) -> list[tuple[int, int]]:
    """``` and ~~~ blocks: from the opening line to the closing fence (or the end)."""
    spans = []
    position = start
    while True:
        opening = _FENCE_OPEN_RE.search(text, position)
        if opening is None:
            return spans
        begin = opening.start() + (1 if text[opening.start()] == "\n" else 0)
        fence = opening.group(2)
        closing = _FENCE_CLOSE_RE.search(text, opening.end())
        while closing is not None and not (
            closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence)
        ):
            closing = _FENCE_CLOSE_RE.search(text, closing.end())
        end = closing.end() if closing is not None else len(text)
        spans.append((begin, end))
        position = end


def _continues_container(text: str, blank_at: int, start: int) -> bool:
    """Whether the block before a blank line belongs to a list item or an admonition.

    Walks back over blank and indented lines to the previous run of unindented
    lines; the indented text after the blank line continues that run's list item
    or admonition, if it has one, and is code otherwise.
    """
    line_end = blank_at  # the newline that ends the last line before the blank line
    in_run = False
    while line_end >= start:
        line_start = text.rfind("\n", 0, line_end) + 1
        if line_start < start:
            break
        line = text[line_start:line_end]
        if line.strip() and not line.startswith(("    ", "\t")):
            in_run = True
            if _CONTAINER_RE.match(line):
                return True
        elif in_run:
            return False
        line_end = line_start - 1
    return False


def _parse_headings(page: DocPage, masked: str) -> None:
    """Headings with the ids attr_list and toc give them; every other id in the page."""
    found: list[tuple[int, int, str, str | None]] = []  # (offset, level, text, explicit id)
    matches = list(_ATX_RE.finditer(masked, max(page.body_offset - 1, 0)))
    first = _ATX_FIRST_RE.match(masked) if page.body_offset == 0 else None
    text = page.text  # the heading's own text, inline code included
    for match in ([first] if first else []) + matches:
        raw = text[match.start(2) : match.end(2)].strip()
        if raw.endswith("#"):
            raw = _TRAILING_HASHES_RE.sub("", raw)
        raw, explicit = _split_attr_id(raw) if raw.endswith("}") else (raw, None)
        found.append((match.start(1), len(match.group(1)), raw, explicit))
    setext = _setext_headings(page, masked)
    if setext:
        found.extend(setext)
        found.sort()

    explicit_ids: set[str] = set()
    for _offset, _level, _raw, explicit in found:
        if explicit:
            explicit_ids.add(explicit)
    if "{" in masked:
        for match in _ATTR_LIST_RE.finditer(masked, page.body_offset):
            if masked.startswith("#", masked.rfind("\n", 0, match.start()) + 1):
                continue  # a heading's: already counted
            explicit_ids.update(_ids_in_attr_list(match.group(1)))
    raw_ids: set[str] = set()
    if "<" in masked:
        for match in _HTML_ID_RE.finditer(masked, page.body_offset):
            raw_ids.add(html.unescape(match.group(2) or match.group(3) or match.group(4) or ""))
        for match in _HTML_NAME_RE.finditer(masked, page.body_offset):
            raw_ids.add(html.unescape(match.group(1) or match.group(2) or match.group(3) or ""))

    used = set(explicit_ids)  # toc: ids already in the tree are taken before auto-slugs
    counters: dict[str, int] = {}
    line_of = _LineCounter(page.text)
    for offset, level, raw, explicit in found:
        plain = heading_text(raw)
        if explicit:
            anchor = explicit
        else:
            anchor = _auto_id(plain, used, counters)
        page.headings.append(Heading(level, plain, anchor, bool(explicit), line_of(offset)))
    page.anchors = used | raw_ids
    page.anchors.discard("")


_toc: Any = None  # markdown.extensions.toc, imported on first use (make check may not need it)


def _auto_id(plain: str, used: set[str], counters: dict[str, int]) -> str:
    """The id toc gives a heading without an explicit one (slug, made unique)."""
    global _toc
    if _toc is None:
        from markdown.extensions import toc

        _toc = toc
    return _toc.unique(_toc.slugify(plain, "-"), used, counters)


def _setext_headings(page: DocPage, masked: str) -> list[tuple[int, int, str, str | None]]:
    found = []
    for match in _SETEXT_RE.finditer(masked, page.body_offset):
        underline = match.start() + 1
        text_start = masked.rfind("\n", 0, match.start()) + 1
        if text_start < page.body_offset or text_start == underline:
            continue
        text_line = masked[text_start : match.start()]
        if not text_line.strip() or text_line.startswith(("    ", "\t")):
            continue
        if _LIST_OR_BLOCK_RE.match(text_line):
            continue
        previous_start = masked.rfind("\n", 0, max(text_start - 1, 0)) + 1
        if text_start > 0 and masked[previous_start : text_start - 1].strip():
            continue  # Python-Markdown: the text line must start its block
        raw, explicit = _split_attr_id(page.text[text_start : match.start()].strip())
        level = 1 if masked[underline] == "=" else 2
        found.append((text_start, level, raw, explicit))
    return found


def _split_attr_id(raw: str) -> tuple[str, str | None]:
    """("Paso 1", "paso-1") for "Paso 1 {#paso-1}"."""
    brace = raw.rfind(" {#")
    if brace != -1 and raw.endswith("}"):  # the usual `{#id}` alone
        anchor = raw[brace + 3 : -1]
        if anchor and _SIMPLE_ID_RE.fullmatch(anchor):
            return raw[:brace].rstrip(), anchor
    match = _HEADING_ATTR_RE.search(raw)
    if not match:
        return raw, None
    ids = _ids_in_attr_list(match.group(1))
    return raw[: match.start()], (ids[-1] if ids else None)


def _ids_in_attr_list(attrs: str) -> list[str]:
    ids = []
    for token in attrs.split():
        if token.startswith("#") and len(token) > 1:
            ids.append(token[1:])
        elif token.startswith("id="):
            ids.append(token[3:].strip("\"'"))
    return ids


def heading_text(raw: str) -> str:
    """A heading's plain text, as toc slugifies it (markup and tags stripped)."""
    if not _MARKUP_RE.search(raw):
        return " ".join(raw.split())
    text = _IMAGE_RE.sub("", raw)
    text = _INLINE_LINK_TEXT_RE.sub(r"\1", text)
    text = _CODE_MARK_RE.sub(r"\2", text)
    text = _HTML_TAG_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _UNDERSCORE_EMPHASIS_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return html.unescape(" ".join(text.split()))


def _parse_links(page: DocPage, masked: str) -> list[tuple[int, int]]:
    """Record the page's links; return the spans to blank for prose (URLs, tags)."""
    body = page.body_offset
    blanks: list[tuple[int, int]] = []
    links: list[Link] = []
    spans: list[tuple[int, int]] = []
    line_of = _LineCounter(page.text)

    definitions: dict[str, tuple[str, int]] = {}
    scan = masked
    if "]:" in masked:
        for match in _DEFINITION_RE.finditer(masked, body):
            label = _normal_label(match.group(1))
            definitions.setdefault(label, (_dest(match.group(2)), line_of(match.start())))
            blanks.append((match.start(), match.end()))
        if blanks:
            scan = _blank(masked, blanks)  # a definition is not a link of its own
    if "[" in scan:
        for match in _LINK_RE.finditer(scan, body):
            start = match.start()
            if start > 0 and masked[start - 1] == "\\":
                continue
            is_image = start > 0 and masked[start - 1] == "!"
            if is_image:
                start -= 1
            text = match.group("text")
            dest = match.group("dest")
            if dest is not None:
                target = _dest(dest)
                kind = "image" if is_image else "inline"
                blanks.append((match.start("dest"), match.end() - 1))
            else:
                ref = match.group("ref")
                label = _normal_label(ref if ref else text)
                if label not in definitions:
                    if ref is not None and ref.strip():
                        # `[text][ref]` with no definition: written as a link, renders as text.
                        links.append(
                            Link(f"[{ref}]", text, line_of(start), "undefined", start, match.end())
                        )
                    continue
                target = definitions[label][0]
                kind = "image" if is_image else "reference"
                if match.group("ref") is not None:
                    blanks.append((match.end("text") + 1, match.end()))
            if is_image:
                blanks.append((start, match.end()))  # alt text is not prose
            links.append(Link(target, text, line_of(start), kind, start, match.end()))
            spans.append((start, match.end()))
    if "<" in masked:
        for match in _AUTOLINK_RE.finditer(masked, body):
            target = match.group(1)
            if "@" in target and not target.lower().startswith(("mailto:", "http")):
                target = f"mailto:{target}"
            links.append(
                Link(
                    target,
                    match.group(1),
                    line_of(match.start()),
                    "autolink",
                    match.start(),
                    match.end(),
                )
            )
            spans.append((match.start(), match.end()))
            blanks.append((match.start(), match.end()))
        for match in _HTML_LINK_RE.finditer(masked, body):
            target = html.unescape(match.group(1) or match.group(2) or "")
            inner = _HTML_TAG_RE.sub("", match.group(3))
            links.append(
                Link(target, inner, line_of(match.start()), "html", match.start(), match.end())
            )
            spans.append((match.start(), match.end()))
        blanks.extend((m.start(), m.end()) for m in _HTML_TAG_RE.finditer(masked, body))
    if "{" in masked:
        blanks.extend((m.start(), m.end()) for m in _ATTR_LIST_RE.finditer(masked, body))
    links.sort(key=lambda link: link.start)
    page.links = links
    page.link_spans = sorted(spans)
    return blanks


def _dest(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] == "<" and raw[-1:] == ">":
        raw = raw[1:-1]
    return _ESCAPE_RE.sub(r"\1", raw) if "\\" in raw else raw


def _normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


# ----------------------------------------------------------------------------
# Patterns (compiled once)
# ----------------------------------------------------------------------------

# MkDocs' own front-matter pattern (mkdocs.utils.meta.YAML_RE).
_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FRONT_MATTER_START_RE = re.compile(r"^-{3}[ \t]*\n")
_UNSURE = object()
_RESOLVER = yaml.resolver.Resolver()
_WORD_TYPES_FIRST = frozenset("yYnNtTfFoO~")
_RESOLVER_FIRST = frozenset(ch for ch in yaml.resolver.Resolver.yaml_implicit_resolvers if ch)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")
_PLAIN_KEY_RE = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*\S))?[ \t]*")
_PLAIN_ITEM_RE = re.compile(r"([ \t]*)-[ \t]+(.*\S)[ \t]*")
_FM_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
_FM_ITEM_RE = re.compile(r"^[ \t]*-[ \t]")
_LOCALE_RE = re.compile(r"^[a-z]{2}(?:[_-][A-Za-z]{2,4})?$")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_FENCE_OPEN_RE = re.compile(r"(?:^|\n)([ \t]*)(`{3,}|~{3,})[^\n]*", re.MULTILINE)
_FENCE_CLOSE_RE = re.compile(r"\n[ \t]*(`{3,}|~{3,})[ \t]*(?=\n|\Z)")
_INDENTED_FIRST_RE = re.compile(r"\n*((?: {4}|\t)[ \t]*\S)")
_CODE_BLOCK_END_RE = re.compile(r"\n(?![ \t]*\n| {4}|\t)")
_CONTAINER_RE = re.compile(r"^[ ]{0,3}(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_BACKTICKS_RE = re.compile(r"`+")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_INDENTED_AFTER_BLANK_RE = re.compile(r"\n[ \t]*\n((?: {4}|\t)[ \t]*\S)")
_MARKUP_RE = re.compile(r"[`*_\[<&\\!]")
_ATX_RE = re.compile(r"\n(?: {4}|\t)*(#{1,6})(?!#)([^\n]*)")  # indented: in an admonition
_ATX_FIRST_RE = re.compile(r"(#{1,6})(?!#)([^\n]*)")
_TRAILING_HASHES_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_SETEXT_RE = re.compile(r"\n(?:=+|-+)[ \t]*(?=\n|\Z)")
_LIST_OR_BLOCK_RE = re.compile(
    r"^[ ]{0,3}(?:[-*+][ \t]|\d+[.)][ \t]|#|>|!!!|\?\?\?|\||-{3,}|\*{3,})"
)
_SIMPLE_ID_RE = re.compile(r"[\w-]+")
_HEADING_ATTR_RE = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ATTR_LIST_RE = re.compile(r"\{:?[ ]*((?:#|\.|[\w-]+=)[^}\n]*)\}")
_HTML_ID_RE = re.compile(
    r"<[A-Za-z][\w:-]*\s(?:[^>]*?\s)?(id)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))"
)
_HTML_NAME_RE = re.compile(
    r"<a\s(?:[^>]*?\s)?name\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.IGNORECASE
)
_LINK_RE = re.compile(
    r"""
    \[(?P<text>(?:[^\[\]\\\n]++|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\\n]++|\\.)*+\])*+)\]
    (?:
        \([ \t]*\n?[ \t]*
        (?P<dest><[^<>\n]*>|(?:[^\s()\\]++|\\.|\((?:[^\s()\\]++|\\.)*+\))*+)
        (?:\s+(?:"(?:[^"\\]++|\\.)*+"|'(?:[^'\\]++|\\.)*+'|\((?:[^()\\]++|\\.)*+\)))?
        [ \t]*\n?[ \t]*\)
      |
        [ ]?\[(?P<ref>(?:[^\[\]\\\n]++|\\.)*+)\]
    )?
    """,
    re.VERBOSE,
)
_DEFINITION_RE = re.compile(
    r"^[ ]{0,3}\[((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*(<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
_AUTOLINK_RE = re.compile(
    r"<((?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*|(?:mailto:)?[^<>\s!@]+@[^@<>\s]+)>"
)
_HTML_LINK_RE = re.compile(
    r"<a\s(?:[^>]*?\s)?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*>(.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_INLINE_LINK_TEXT_RE = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_CODE_MARK_RE = re.compile(r"(`+)(.+?)\1")
_EMPHASIS_RE = re.compile(r"\*+")
_UNDERSCORE_EMPHASIS_RE = re.compile(r"(?<!\w)_+([^_]+?)_+(?!\w)")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")


# ----------------------------------------------------------------------------
# Data files
# ----------------------------------------------------------------------------


def load_data_file(path: Path, display_path: str) -> tuple[Any, list[Problem]]:
    """A YAML data file; a missing or malformed file is a problem, never an exception."""
    read = read_text(path, display_path)
    if read.problems:
        return None, list(read.problems)
    try:
        return yaml.load(read.text, Loader=_YamlLoader), []  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [
            Problem(
                display_path,
                mark.line + 1 if mark is not None else 0,
                f"is not valid YAML ({error.problem or 'invalid YAML'})",
                "fix the indentation and quote values that contain ': '",
            )
        ]
    except (yaml.YAMLError, ValueError) as error:
        return None, [Problem(display_path, 0, f"is not valid YAML ({error})", "fix the YAML")]
