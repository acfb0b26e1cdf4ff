"""Rules about what articles say: escalation needs the account-ID guide; link texts; e-mails;
no code in articles.

The rules (escalation stems per language, the guide, placeholder link texts)
are data writers edit: data/content-rules.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.content.docs_index import DocPage, DocsIndex, heading_text, load_data_file
from helpcenter.content.links import (
    EMAIL_RE,
    check_email,
    linked_pages,
    one_line,
    page_of,
    relative_link,
    unsafe_address_message,
    unsafe_scheme,
)
from helpcenter.problems import Problem

RULES_FILE = "data/content-rules.yml"

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentRules:
    """data/content-rules.yml, ready to use."""

    guide: str = ""  # docs-relative path of the account-ID guide
    link_text: Mapping[str, str] = field(default_factory=dict)  # language → text
    mentions: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # language → pattern
    not_escalation: Mapping[str, frozenset[str]] = field(default_factory=dict)
    placeholders: frozenset[str] = frozenset()  # normalised placeholder link texts

    @property
    def longest_placeholder(self) -> int:
        """Length beyond which a link text cannot be a placeholder (with some punctuation)."""
        return max(map(len, self.placeholders), default=0) + 8


def load_content_rules(project_dir: Path) -> tuple[ContentRules, list[Problem]]:
    """Read data/content-rules.yml; a problem in it is reported, never raised."""
    data, problems = load_data_file(Path(project_dir) / RULES_FILE, RULES_FILE)
    if data is None:
        return ContentRules(), problems
    if not isinstance(data, dict):
        return ContentRules(), [_shape("the file must be 'key: value' pairs")]
    escalation = data.get("escalation") or {}
    if not isinstance(escalation, dict):
        problems.append(_shape("'escalation' must hold guide, link_text, stems, not_escalation"))
        escalation = {}
    guide = escalation.get("guide") or ""
    if not isinstance(guide, str) or (guide and not guide.endswith(".md")):
        problems.append(_shape("'escalation.guide' must be a page path under docs/ ending in .md"))
        guide = ""
    link_text = _per_language(escalation.get("link_text"), "escalation.link_text", problems)
    stems = _per_language(escalation.get("stems"), "escalation.stems", problems)
    exceptions = _per_language(
        escalation.get("not_escalation"), "escalation.not_escalation", problems
    )
    mentions = {
        lang: re.compile(
            "(?:" + "|".join(re.escape(str(s).lower()) for s in _as_list(words)) + r")\w*"
        )
        for lang, words in stems.items()
        if _as_list(words)
    }
    placeholders = data.get("placeholder_link_texts") or []
    if not isinstance(placeholders, list):
        problems.append(_shape("'placeholder_link_texts' must be a list of texts"))
        placeholders = []
    rules = ContentRules(
        guide=guide,
        link_text={lang: str(text) for lang, text in link_text.items()},
        mentions=mentions,
        not_escalation={
            lang: frozenset(str(w).casefold() for w in _as_list(words))
            for lang, words in exceptions.items()
        },
        placeholders=frozenset(normal_text(str(text)) for text in placeholders),
    )
    return rules, problems


# ----------------------------------------------------------------------------
# The escalation rule
# ----------------------------------------------------------------------------


def check_escalation(index: DocsIndex, page: DocPage, rules: ContentRules) -> list[Problem]:
    """An article that mentions escalation must link the account-ID guide."""
    pattern = rules.mentions.get(page.language)
    if not rules.guide or pattern is None or page.src_path == rules.guide:
        return []
    exceptions = rules.not_escalation.get(page.language, frozenset())
    prose = page.prose.lower()  # words as read: docs_index normalised them (NFKC, invisibles)
    if len(prose) != len(page.prose):  # a letter whose lower case is longer: keep offsets
        prose = "".join(char.lower()[0] for char in page.prose)
    mention = next(
        (
            m
            for m in pattern.finditer(prose, page.body_offset)
            if not (m.start() and _WORD_CHAR_RE.match(prose, m.start() - 1))
            and m.group(0).casefold() not in exceptions
        ),
        None,
    )
    if mention is None:
        return []
    if any(src == rules.guide for src, _line, _target in linked_pages(page, index)):
        return []
    text = rules.link_text.get(page.language) or _guide_title(index, page.language, rules.guide)
    link = relative_link(rules.guide, page.src_path)
    start, end = mention.start(), mention.end()
    word = page.prose[start:end]
    return [
        Problem(
            page.display_path,
            page.line_of(start),
            f"mentions escalation ('{one_line(word)}') but does not link to the account-ID guide",
            f"add a link to the account-ID guide: [{text}]({link})",
        )
    ]


# ----------------------------------------------------------------------------
# Link texts
# ----------------------------------------------------------------------------


def check_link_texts(index: DocsIndex, page: DocPage, rules: ContentRules) -> list[Problem]:
    """Empty link texts, texts that do not say where the link goes, mismatched mailto texts."""
    problems = []
    for link in page.links:
        if link.kind not in ("inline", "reference", "html") or link.text is None:
            continue
        if "![" in link.text or "<img" in link.text.lower():
            continue  # an image is the link's content
        plain = " ".join(heading_text(link.text).split())  # one line, as it reads
        if not plain:
            problems.append(
                Problem(
                    page.display_path,
                    link.line,
                    f"link to '{one_line(link.target)}' has no text",
                    _say_where(
                        index, page, link.target, "write between the brackets where it leads"
                    ),
                )
            )
        elif len(plain) <= rules.longest_placeholder and normal_text(plain) in rules.placeholders:
            problems.append(
                Problem(
                    page.display_path,
                    link.line,
                    f"link text '{plain}' does not say where the link goes (WCAG 2.4.4)",
                    _say_where(index, page, link.target, "name the page or form it opens instead"),
                )
            )
        elif link.target.lower().startswith("mailto:") and EMAIL_RE.fullmatch(plain):
            address = link.target[7:].partition("?")[0].strip()
            if address.casefold() != plain.casefold():
                problems.append(
                    Problem(
                        page.display_path,
                        link.line,
                        f"link text '{plain}' is not the address it writes to "
                        f"('{one_line(address)}')",
                        "make the text and the mailto: address the same",
                    )
                )
    return problems


def _say_where(index: DocsIndex, page: DocPage, target: str, otherwise: str) -> str:
    src = page_of(target, page.src_path, index)
    linked = src and (index.page(page.language, src) or index.page(index.default_language, src))
    if linked and linked.title:
        return f"use the page's title: [{linked.title}]({one_line(target)})"
    return otherwise


# ----------------------------------------------------------------------------
# E-mail addresses in the text
# ----------------------------------------------------------------------------


def check_bare_emails(page: DocPage, allowed_domains: Sequence[str]) -> list[Problem]:
    """Addresses written in the text but not linked (and their domain)."""
    problems = []
    for start, address in find_addresses(page.prose, page.body_offset):
        if page.in_link(start):
            continue
        line = page.line_of(start)
        problems.append(
            Problem(
                page.display_path,
                line,
                f"e-mail address '{address}' is not a link",
                f"write it as [{address}](mailto:{address})",
            )
        )
        problems.extend(check_email(address, allowed_domains, path=page.display_path, line=line))
    return problems


def find_addresses(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(offset, address) of every e-mail address in a text: found from each '@' outwards."""
    found = []
    at = text.find("@", start)
    while at != -1:
        right = _EMAIL_RIGHT_RE.match(text, at + 1)
        left = _EMAIL_LEFT_RE.search(text, max(start, at - 64), at) if right else None
        if left and right:
            address = text[left.start() : right.end()].rstrip(".")
            found.append((left.start(), address))
            at = text.find("@", right.end())
        else:
            at = text.find("@", at + 1)
    return found


# ----------------------------------------------------------------------------
# No code in articles: <script>, event handlers, javascript: and data: addresses
# ----------------------------------------------------------------------------


def check_unsafe_html(page: DocPage) -> list[Problem]:
    """Raw HTML in the body that runs code or embeds content, each with its line.

    The tags are the scan's (docs_index: HTML blocks and inline tags as the Markdown
    parser finds them, not code). Markdown links with such addresses are the link
    checks' (links.py).
    """
    problems: dict[Problem, None] = {}
    for tag in page.tags:
        for message, hint in _unsafe_tag(tag.name, tag.attrs):
            problems[Problem(page.display_path, tag.line, message, hint)] = None
    return list(problems)


def _unsafe_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    found = []
    if tag == "script":
        found.append(
            (
                "has an inline <script>",
                "remove it: articles hold text, not code (the site's scripts are in "
                "docs/assets/javascripts/)",
            )
        )
    for name, value in attrs:
        if name.startswith("on"):
            found.append(
                (
                    f"<{tag}> has an inline event handler '{one_line(name)}='",
                    f"remove {one_line(name)}=…: articles hold text, not code",
                )
            )
        elif name in _URL_ATTRIBUTES and value and (scheme := unsafe_scheme(value)):
            found.append(unsafe_address_message(f"<{tag}> {one_line(name)}", scheme))
    return found


_URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href"}
)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def normal_text(text: str) -> str:
    """Text without case, punctuation or extra spaces: "¡Haz clic AQUÍ!" → "haz clic aquí"."""
    return " ".join(_PUNCTUATION_RE.sub(" ", text.casefold()).split())


def _guide_title(index: DocsIndex, language: str, guide: str) -> str:
    page = index.page(language, guide) or index.page(index.default_language, guide)
    return (page.title if page and page.title else guide).strip("¿?¡! ")


def _per_language(value: object, key: str, problems: list[Problem]) -> dict[str, object]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(_shape(f"'{key}' must map each language (es, en) to its value"))
        return {}
    return {str(lang): item for lang, item in value.items()}


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _shape(message: str) -> Problem:
    return Problem(RULES_FILE, 0, message, "see the comments at the top of the file")


_PUNCTUATION_RE = re.compile(r"[^\w\s]")
_WORD_CHAR_RE = re.compile(r"\w")
_EMAIL_LEFT_RE = re.compile(r"(?<![\w.+-])[\w.+-]+\Z")
_EMAIL_RIGHT_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
