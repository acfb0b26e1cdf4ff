"""A page's search entries as Material's search plugin makes them, without its HTML parser.

Material's search plugin (`material/plugins/search/plugin.py`) feeds every rendered page to
`Parser`, a Python `HTMLParser` that splits it into sections (one per heading with an id),
and turns each section into an entry `{location, title, text}` (plus `tags` and `boost` from
the front matter). That parser is the slowest part of indexing a page: Python's HTMLParser
calls back into Python for every tag and every run of text, and Material's callbacks build
sets and lists each time (BENCHMARKS.md).

`page_entries` returns exactly the entries Material's `SearchIndex.add_entry_from_context`
would append for a page. One compiled regular expression splits the HTML into text, start
tags, end tags and comments, and one loop runs Material's state machine on them (the
callbacks of `Parser` inlined: the same skipped and kept tags, void tags,
`data-search-exclude`, `linenodiv`, `headerlink` permalinks, headings nested in other
elements, empty kept tags removed, whitespace collapsed outside `<pre>`, text decoded as
HTMLParser decodes it and escaped as Material escapes it).

The fast path reads only plain, well-formed HTML, the HTML Python-Markdown writes. Whenever
a page holds anything else, `page_entries` hands the page to Material's own `Parser`, so the
result is always Material's (`fast_entries` returns None then):

- a `<` that does not open a plain start tag (`<name attr="value" …>` or `/>`: letters,
  digits and `-` in the name; names, `="…"`, `='…'` or a bare value for attributes,
  separated by spaces), an end tag `</name>` or a comment `<!-- … -->` without `--` inside:
  `<!DOCTYPE`, `<![CDATA[`, `<?`, a stray `<`, a malformed or unusual tag;
- a `<script>` or `<style>` whose content holds a `<`; an element whose content HTMLParser
  might read as raw text in another Python version (`textarea`, `title`, `iframe`, …);
- `search:` in the front matter that is not a mapping; jieba installed (Material then
  segments Chinese text); a page Material's parser itself fails on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from html import escape, unescape
from types import SimpleNamespace
from typing import Any

from material.plugins.search import plugin as material_search

# ----------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------


def page_entries(
    content: str, toc: Iterable[Any], url: str, meta: Mapping[str, Any], title: str | None
) -> list[dict]:
    """The search entries Material's search plugin makes for a rendered page."""
    entries = fast_entries(content, toc, url, meta, title)
    if entries is None:
        return material_entries(content, toc, url, meta, title)
    return entries


def material_entries(
    content: str, toc: Iterable[Any], url: str, meta: Mapping[str, Any], title: str | None
) -> list[dict]:
    """The entries of Material's own parser: the fallback, and the reference of the tests."""
    index = material_search.SearchIndex()
    page = SimpleNamespace(content=content, toc=toc, url=url, meta=meta, title=title)
    index.add_entry_from_context(page)
    return index.entries


def fast_entries(
    content: str, toc: Iterable[Any], url: str, meta: Mapping[str, Any], title: str | None
) -> list[dict] | None:
    """The entries of the fast path, or None when the page needs Material's parser."""
    if material_search.jieba is not None:
        return None  # Material segments Chinese text with it
    search = meta.get("search") or {}
    if not isinstance(search, dict):
        return None
    if search.get("exclude"):
        return []
    try:
        sections = split_sections(content)
    except ValueError:
        return None  # Material's parser fails on it too: let it say so
    if sections is None:
        return None
    anchors = _toc_urls(toc)
    tags = meta.get("tags")
    entries = []
    for section in sections:
        if section.excluded:
            continue
        anchor = anchors.get(section.id)
        if anchor is not None:
            location = url + anchor
        elif section.id:
            location = url + "#" + section.id
        else:
            location = url
        parts = section.title or [str(meta.get("title", title))]
        entry = {
            "location": location,
            "title": "".join(parts).strip(),
            "text": "".join(section.text).strip(),
        }
        if isinstance(tags, list):
            entry["tags"] = [
                str(name) for name in tags if name and isinstance(name, (str, int, float, bool))
            ]
        if "boost" in search:
            entry["boost"] = search["boost"]
        entries.append(entry)
    return entries


def strip_search_attributes(content: str) -> str:
    """The page's HTML without the `data-search-*` attributes (what Material's plugin does)."""
    if "data-search-" not in content:
        return content
    return _SEARCH_ATTRIBUTE.sub("", content)


# ----------------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------------


class Section:
    """A heading with an id (or the page's preface) and the text up to the next one."""

    __slots__ = ("tag", "excluded", "depth", "id", "title", "text")

    def __init__(self, tag: str, excluded: bool, depth: float) -> None:
        self.tag = tag  # "hx": the preface, or the first section when the page has no h1
        self.excluded = excluded  # the heading has `data-search-exclude`
        self.depth = depth  # open elements at its heading; infinite once left
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []


def split_sections(content: str) -> list[Section] | None:
    """Material's `Parser` run over `content`, or None when the fast path cannot read it.

    Each branch below is the callback of Material's `Parser` it replaces, in the same order;
    `tags` is its `context` (the open elements, compared by tag as its `Element` compares),
    `skip` its skip list (tags too: an element excluded from search skips every open element
    with its tag, until the first of them closes, as in Material). `skipped` counts the open
    elements whose tag is in `skip`, `pre` the open `<pre>`: Material's
    `skip.intersection(context)` and `"pre" in context` without a scan per token.
    """
    sections: list[Section] = []
    section: Section | None = None
    tags: list[str] = []
    skip = {"object", "script", "style"}
    skipped = 0
    pre = 0
    permalinks: list[int] = []  # positions in `tags` of open <a class="headerlink">
    raw_text = ""  # inside <script> or <style>: only their end tag may follow
    for text, start, attr_text, slash, end, other in _TOKEN.findall(content):
        if raw_text:
            if text:
                continue  # skipped: the element is open and its tag always in `skip`
            if not end or end.lower() != raw_text:
                return None
            raw_text = ""
        if text:  # handle_data
            if skipped:
                continue
            if "&" in text:
                text = unescape(text)
            if not pre:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section("hx", False, 0)
                sections.append(section)
            if section.tag in tags:
                if not permalinks:
                    section.title.append(_escape(text))
            elif text.isspace():
                data = section.text
                if not data or not data[-1].isspace() or pre:
                    data.append(text)
            else:
                section.text.append(_escape(text))
            continue
        if start:  # handle_starttag (and handle_endtag after `/>`)
            tag = start.lower()
            if tag in _VOID:
                continue  # never opened, so its end tag does nothing either
            if tag in _MAYBE_RAW_TEXT:
                return None
            attrs = _attributes(attr_text) if attr_text else _NO_ATTRIBUTES
            tags.append(tag)
            if tag in skip:
                skipped += 1
            if tag == "pre":
                pre += 1
            if tag == "a" and attrs.get("class") == "headerlink":
                permalinks.append(len(tags) - 1)
            if tag in _HEADINGS and "id" in attrs:
                depth = len(tags)
                if tag != "h1" and not sections:
                    sections.append(Section("hx", False, depth))
                section = Section(tag, "data-search-exclude" in attrs, depth)
                if sections:
                    section.id = attrs["id"]
                sections.append(section)
            if section is None:
                section = Section("hx", False, 0)
                sections.append(section)
            if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                if tag not in skip:
                    skip.add(tag)
                    skipped += tags.count(tag)
            elif tag in _KEEP and not skipped:
                (section.title if section.tag in tags else section.text).append(f"<{tag}>")
            if not slash:
                if tag in _RAW_TEXT:
                    raw_text = tag
                continue
            end = tag
        elif other:
            return None
        elif not end:
            continue  # a comment
        else:  # handle_endtag
            end = end.lower()
        if not tags or tags[-1] != end:
            continue
        depth = len(tags)
        if section.depth > depth:  # leaving the element a heading was nested in
            for earlier in reversed(sections):
                if earlier.depth <= depth:
                    section.depth = math.inf
                    section = earlier
                    break
        tags.pop()
        if permalinks and permalinks[-1] == depth - 1:
            permalinks.pop()
        if end == "pre":
            pre -= 1
        if end in skip:
            skipped -= 1
            if end not in _RAW_AND_OBJECT:
                skip.discard(end)
                skipped -= tags.count(end)
            continue
        if end in _KEEP and not skipped:
            data = section.title if section.tag in tags else section.text
            index = data.index(f"<{end}>")  # ValueError where Material's raises it too
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]  # an empty element (or only whitespace): dropped
            else:
                data.append(f"</{end}>")
    if raw_text:
        return None
    return sections


def _escape(text: str) -> str:
    """`html.escape(text, quote=False)`, Material's escape of a run of text."""
    if "&" in text or "<" in text or ">" in text:
        return escape(text, quote=False)
    return text


def _attributes(text: str) -> dict[str, str | None]:
    """A start tag's attributes as HTMLParser reads them (names lowercased, values decoded)."""
    if not text:
        return _NO_ATTRIBUTES
    attrs: dict[str, str | None] = {}
    for name, raw in _ATTRIBUTE.findall(text):
        if not raw:
            value = None
        elif raw[0] in "\"'":
            value = raw[1:-1]
        else:
            value = raw
        if value:
            value = unescape(value)
        attrs[name.lower()] = value
    return attrs


def _toc_urls(toc: Iterable[Any]) -> dict[str, str]:
    """Each heading id of the table of contents → its URL fragment (the first one, depth first)."""
    urls: dict[str, str] = {}
    stack = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        urls.setdefault(item.id, item.url)
        stack.extend(reversed(item.children))
    return urls


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

_SPACE = r"[ \t\n\r\f]"
_TOKEN = re.compile(
    r"([^<]+)"  # 1: text
    r"|<([a-zA-Z][a-zA-Z0-9-]*)"  # 2: a start tag's name
    rf"((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"  # 3: its attributes
    rf"""(?:=(?:"[^"]*"|'[^']*'|[^ \t\n\r\f"'=<>`/]+))?)*)"""
    rf"{_SPACE}*(/?)>"  # 4: "/" when it closes itself
    r"|</([a-zA-Z][a-zA-Z0-9-]*)>"  # 5: an end tag's name
    r"|<!--(?!-?>)(?:[^-]|-(?!-))*-->"  # a comment (no group)
    r"|(<)"  # 6: anything else
)
_TEXT, _START, _ATTRIBUTES, _SELF_CLOSING, _END, _OTHER = 1, 2, 3, 4, 5, 6
_ATTRIBUTE = re.compile(
    rf"""{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=("[^"]*"|'[^']*'|[^ \t\n\r\f"'=<>`/]+))?"""
)
_NO_ATTRIBUTES: dict[str, str | None] = {}
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # Material's, as it is

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_VOID = frozenset(material_search.void)
_RAW_TEXT = frozenset({"script", "style"})  # HTMLParser's CDATA_CONTENT_ELEMENTS
_RAW_AND_OBJECT = frozenset({"script", "style", "object"})  # never leave the skip list
# Raw text or escapable raw text in HTML5: newer Pythons' HTMLParser may read them so
_MAYBE_RAW_TEXT = frozenset(
    {"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
