"""Rules about what articles say: escalation needs the account-ID guide; link texts; e-mails;
no code in articles.

The rules (escalation stems per language, the guide, placeholder link texts)
are data writers edit: data/content-rules.yml. A key it misspells or lacks is a
problem at its line: a rule is never switched off in silence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from helpcenter.content.docs_index import (
    DocPage,
    DocsIndex,
    heading_text,
    load_data_file,
    normalise_words,
)
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
from helpcenter.pages.settings import key_lines
from helpcenter.problems import Problem

RULES_FILE = "data/content-rules.yml"

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentRules:
    """data/content-rules.yml, ready to use."""

    guide: str = ""  # docs-relative path of the account-ID guide
    guide_line: int = 0  # the line of `guide:` in the file
    link_text: Mapping[str, str] = field(default_factory=dict)  # language → text
    mentions: Mapping[str, re.Pattern[str]] = field(default_factory=dict)  # language → pattern
    not_escalation: Mapping[str, frozenset[str]] = field(default_factory=dict)
    placeholders: frozenset[str] = frozenset()  # normalised placeholder link texts

    @property
    def longest_placeholder(self) -> int:
        """Length beyond which a link text cannot be a placeholder (with some punctuation)."""
        return max(map(len, self.placeholders), default=0) + 8


def load_content_rules(
    project_dir: Path, languages: Sequence[str] = ("es", "en")
) -> tuple[ContentRules, list[Problem]]:
    """Read data/content-rules.yml; a problem in it is reported, never raised.

    A rule left without what it needs (a misspelt or missing key, no stem for a
    language the site builds) is off: each such gap is a problem at its line.
    """
    path = Path(project_dir) / RULES_FILE
    data, problems = load_data_file(path, RULES_FILE)
    if data is None and problems:
        return ContentRules(), problems
    data = {} if data is None else data
    if not isinstance(data, dict):
        return ContentRules(), [_shape("the file must be 'key: value' pairs", 1)]
    lines = _key_lines(path)
    problems.extend(_unknown_keys(data, (), lines))
    escalation: dict = {}
    if not _missing(data, (), "escalation", lines, problems):
        if isinstance(data["escalation"], dict):
            escalation = data["escalation"]
            problems.extend(_unknown_keys(escalation, ("escalation",), lines))
        else:
            problems.append(
                _shape(
                    "'escalation' must hold guide, link_text, stems, not_escalation",
                    lines.get(("escalation",), 1),
                )
            )
    guide = _guide(escalation, lines, problems) if escalation else ""
    link_text = _per_language(escalation, "link_text", lines, problems)
    stems = _per_language(escalation, "stems", lines, problems)
    exceptions = _per_language(escalation, "not_escalation", lines, problems)
    if escalation and not _missing(escalation, ("escalation",), "stems", lines, problems):
        if isinstance(escalation["stems"], dict):  # else reported as not per language
            problems.extend(_languages_without_stems(stems, languages, lines))
    placeholders = data.get("placeholder_link_texts")
    if not _missing(data, (), "placeholder_link_texts", lines, problems) and not isinstance(
        placeholders, list
    ):
        problems.append(
            _shape(
                "'placeholder_link_texts' must be a list of texts",
                lines.get(("placeholder_link_texts",), 1),
            )
        )
    rules = ContentRules(
        guide=guide,
        guide_line=lines.get(("escalation", "guide"), 0),
        link_text={lang: str(text) for lang, text in link_text.items()},
        mentions={
            lang: re.compile("(?:" + "|".join(map(re.escape, words)) + r")\w*")
            for lang in languages
            if (words := _stems(stems.get(lang)))
        },
        not_escalation={
            lang: frozenset(str(w).casefold() for w in _as_list(words))
            for lang, words in exceptions.items()
        },
        placeholders=frozenset(
            normal_text(str(text)) for text in _as_list(placeholders) if _is_word(text)
        ),
    )
    return rules, problems


def _guide(escalation: dict, lines: _Lines, problems: list[Problem]) -> str:
    """`escalation.guide`, or "" (reported) when it is missing or not a page path."""
    if _missing(escalation, ("escalation",), "guide", lines, problems):
        return ""
    guide = escalation["guide"]
    if not isinstance(guide, str) or not guide.endswith(".md"):
        problems.append(
            _shape(
                "'escalation.guide' must be a page path under docs/ ending in .md",
                lines.get(("escalation", "guide"), 1),
            )
        )
        return ""
    return guide


def _languages_without_stems(
    stems: Mapping[str, object], languages: Sequence[str], lines: _Lines
) -> list[Problem]:
    """A problem per language the site builds that has no stem: the rule is off for it."""
    return [
        Problem(
            RULES_FILE,
            lines.get(("escalation", "stems", lang)) or lines.get(("escalation", "stems"), 1),
            f"'escalation.stems' has no stem for '{lang}': {_OFF['stems']} for its pages",
            f"list under stems: the start of each word that means escalation, {lang}: [stem, …]",
        )
        for lang in languages
        if not _stems(stems.get(lang))
    ]


def _missing(
    data: dict, trail: tuple[str, ...], key: str, lines: _Lines, problems: list[Problem]
) -> bool:
    """Whether a required key is missing or empty; reported unless a misspelt key meant it."""
    if data.get(key) not in (None, "", [], {}):
        return False
    if key not in data and key in _meant(data, trail):
        return True  # the misspelt key's problem says what is off
    name = ".".join((*trail, key))
    if key in data:
        line, what = lines.get((*trail, key), 1), f"'{name}' is empty"
    elif trail:
        line, what = lines.get(trail, 1), f"'{name}' is missing"
    else:
        line, what = 1, f"has no '{name}'"
    problems.append(Problem(RULES_FILE, line, f"{what}: {_OFF[key]}", _ADD[key]))
    return True


def _unknown_keys(data: dict, trail: tuple[str, ...], lines: _Lines) -> list[Problem]:
    """A problem per key the file does not know, at its line, with the nearest known key."""
    known = _KNOWN[trail]
    inside = f" in '{'.'.join(trail)}'" if trail else ""
    problems = []
    for key in data:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        message = f"unknown key '{one_line(str(key))}'{inside}"
        if close and close[0] not in data and close[0] in _OFF:
            message += f": without '{close[0]}' {_OFF[close[0]]}"
        problems.append(
            Problem(
                RULES_FILE,
                lines.get((*trail, str(key)), 1),
                message,
                f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known),
            )
        )
    return problems


def _meant(data: dict, trail: tuple[str, ...]) -> set[str]:
    """The known keys nearest to a mapping's unknown keys (what misspelt keys meant)."""
    known = _KNOWN[trail]
    return {
        close
        for key in data
        if key not in known
        for close in difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    }


def _key_lines(path: Path) -> _Lines:
    """{key path: 1-based line} of the file (PyYAML's node marks); {} if unreadable."""
    try:
        return key_lines(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}


# ----------------------------------------------------------------------------
# The escalation rule
# ----------------------------------------------------------------------------


class Mention(NamedTuple):
    """Where a page first mentions escalation."""

    line: int
    word: str  # as read (docs_index normalised it: NFKC, invisibles removed)
    key: str = ""  # the front-matter key it is in ("title", "description"); "" in the body


def check_escalation(index: DocsIndex, page: DocPage, rules: ContentRules) -> list[Problem]:
    """An article that mentions escalation (text, title or description) must link the guide.

    While the guide does not exist, no article can be judged: `check_guide` says so once.
    """
    if not rules.guide or rules.guide not in index.src_paths():
        return []
    mention = escalation_mention(page, rules)
    if mention is None:
        return []
    if any(src == rules.guide for src, _line, _target in linked_pages(page, index)):
        return []
    text = rules.link_text.get(page.language) or _guide_title(index, page.language, rules.guide)
    link = relative_link(rules.guide, page.src_path)
    word = one_line(mention.word)
    if mention.key:  # shown in lists, the browser tab and search results: the page says it
        return [
            Problem(
                page.display_path,
                mention.line,
                f"'{mention.key}' mentions escalation ('{word}') but the article does not link "
                "to the account-ID guide",
                f"add a link to the account-ID guide to the article's text: [{text}]({link})",
            )
        ]
    return [
        Problem(
            page.display_path,
            mention.line,
            f"mentions escalation ('{word}') but does not link to the account-ID guide",
            f"add a link to the account-ID guide: [{text}]({link})",
        )
    ]


def check_guide(index: DocsIndex, rules: ContentRules) -> list[Problem]:
    """The guide must exist once a page mentions escalation: else the rule is off for it.

    One problem, at `guide:`'s line, instead of one per page telling writers to link
    to a page that does not exist.
    """
    if not rules.guide or rules.guide in index.src_paths():
        return []
    mentioning = sum(1 for page in index.all_pages() if escalation_mention(page, rules))
    if not mentioning:
        return []
    shown = index.display_path(index.default_language, rules.guide)
    under = shown[: len(shown) - len(rules.guide)] or "docs/"
    pages = "the page that mentions" if mentioning == 1 else f"the {mentioning} pages that mention"
    close = difflib.get_close_matches(rules.guide, sorted(index.src_paths()), n=1, cutoff=0.6)
    return [
        Problem(
            RULES_FILE,
            rules.guide_line or 1,
            f"the guide '{one_line(rules.guide)}' does not exist under {under}: the escalation "
            f"rule is off for {pages} escalation",
            f"did you mean '{close[0]}'?"
            if close
            else f"write the path under {under} of the account-ID guide's page",
        )
    ]


def escalation_mention(page: DocPage, rules: ContentRules) -> Mention | None:
    """The page's first mention of escalation: its title, its description, then its text."""
    pattern = rules.mentions.get(page.language)
    if pattern is None or page.src_path == rules.guide:
        return None
    exceptions = rules.not_escalation.get(page.language, frozenset())
    for key in _SHOWN_KEYS:
        value = page.meta.get(key)
        if isinstance(value, str):
            text = normalise_words(value)  # as the text is read
            if span := _first_mention(text, 0, pattern, exceptions):
                return Mention(page.key_lines.get(key, 1), text[span[0] : span[1]], key)
    span = _first_mention(page.prose, page.body_offset, pattern, exceptions)
    if span is None:
        return None
    return Mention(page.line_of(span[0]), page.prose[span[0] : span[1]])


def _first_mention(
    text: str, start: int, pattern: re.Pattern[str], exceptions: frozenset[str]
) -> tuple[int, int] | None:
    """(start, end) of the first whole word from `start` that starts with a stem."""
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: keep offsets
        lower = "".join(char.lower()[0] for char in text)
    for match in pattern.finditer(lower, start):
        if match.start() and _WORD_CHAR_RE.match(lower, match.start() - 1):
            continue  # inside a word
        if match.group(0).casefold() not in exceptions:
            return match.start(), match.end()
    return None


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


def _per_language(
    escalation: Mapping, key: str, lines: _Lines, problems: list[Problem]
) -> dict[str, object]:
    """`escalation.<key>`: a value per language ({} when absent or not a mapping: reported)."""
    value = escalation.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(
            _shape(
                f"'escalation.{key}' must map each language (es, en) to its value",
                lines.get(("escalation", key), 1),
            )
        )
        return {}
    return {str(lang): item for lang, item in value.items()}


def _stems(value: object) -> list[str]:
    """The usable stems of one language, lower case (blank ones would match every word)."""
    return [str(word).lower() for word in _as_list(value) if _is_word(word)]


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_word(value: object) -> bool:
    """Text (or a number) that is not blank: what a list of words may hold."""
    return (
        isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and bool(str(value).strip())
    )


def _shape(message: str, line: int) -> Problem:
    return Problem(RULES_FILE, line, message, "see the comments at the top of the file")


_Lines = dict[tuple[str, ...], int]  # key path → 1-based line (settings.key_lines)
# The keys of the file, by the keys that hold them.
_KNOWN: dict[tuple[str, ...], list[str]] = {
    (): ["escalation", "placeholder_link_texts"],
    ("escalation",): ["guide", "link_text", "stems", "not_escalation"],
}
# The required keys: what is off without each, and how to add it.
_OFF = {
    "escalation": "the escalation rule is off",
    "guide": "the escalation rule is off",
    "stems": "the escalation rule is off",
    "placeholder_link_texts": "the check of link texts such as 'aquí' is off",
}
_ADD = {
    "escalation": "add escalation: with guide: (the account-ID guide's page) and stems: "
    "(per language)",
    "guide": "add guide: with the path under docs/ of the account-ID guide's page",
    "stems": "add stems: with the start of each word that means escalation, per language "
    "(es: [stem, …])",
    "placeholder_link_texts": "add placeholder_link_texts: with the link texts that do not "
    "say where a link goes",
}

_SHOWN_KEYS = ("title", "description")  # front matter shown in lists, tabs, search results
_PUNCTUATION_RE = re.compile(r"[^\w\s]")
_WORD_CHAR_RE = re.compile(r"\w")
_EMAIL_LEFT_RE = re.compile(r"(?<![\w.+-])[\w.+-]+\Z")
_EMAIL_RIGHT_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
