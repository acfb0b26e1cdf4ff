"""Link checks: pages, anchors and languages of every link; e-mail addresses; `ext:` links.

`check_target` checks one link as written, wherever it is (a page body, front
matter, a data file). `check_page_links` checks every link of a page body and
marks the findings that MkDocs' own `validation:` already reports in a build
(missing page, missing anchor, unrecognized or absolute link), so the build
does not log them twice while `make check`, which renders nothing, does.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from helpcenter.content.docs_index import DocPage, DocsIndex, markdown_links, split_language
from helpcenter.problems import ERROR, NOTICE, Problem
from helpcenter.wizard.channels import PATHS as HELP_CENTER_PATHS

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}

# Kinds of findings. MkDocs' `validation:` reports the first five itself for
# links in a Markdown body, so the build skips them (`make check` does not).
MISSING_PAGE = "missing-page"
MISSING_ANCHOR = "missing-anchor"
UNRECOGNIZED = "unrecognized"
ABSOLUTE = "absolute"
MISSING_FILE = "missing-file"
OTHER_LANGUAGE = "other-language"  # reported by MkDocs only in the default language's build
WRONG_LANGUAGE = "wrong-language"  # idem
EMPTY = "empty"
EXTERNAL = "external"
EMAIL = "email"
UNDEFINED = "undefined-reference"
UNSAFE = "unsafe"  # javascript:, data:, vbscript: addresses

MKDOCS_KINDS = frozenset({MISSING_PAGE, MISSING_ANCHOR, UNRECOGNIZED, ABSOLUTE, MISSING_FILE})
RENDERED_KINDS = frozenset({"inline", "reference", "image"})  # links MkDocs validates


@dataclass(frozen=True)
class LinkSettings:
    """What links may point at, from mkdocs.yml's `extra:`."""

    external_urls: Mapping[str, str] = field(default_factory=dict)  # extra.external_urls
    email_domains: tuple[str, ...] = ("multivende.com",)  # extra.email_domains
    help_center_url: str | None = None  # extra.help_center_url ("" when unusable; None: unset)


DEFAULT_EMAIL_DOMAINS = ("multivende.com",)
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})  # run code or embed content
MAILTO_FIELDS = frozenset({"subject", "body"})  # what a mailto: link may carry
MAILTO_ADDRESS_FIELDS = frozenset({"to", "cc", "bcc"})  # allowed only on allowed domains


@dataclass(frozen=True)
class Finding:
    """A problem and the kind of check that found it."""

    kind: str
    problem: Problem


_settings = LinkSettings()


def configure(settings: LinkSettings) -> None:
    """Set the defaults `check_target` uses (done by the content_checks hook per build)."""
    global _settings
    _settings = settings


# ----------------------------------------------------------------------------
# One link
# ----------------------------------------------------------------------------


def check_target(
    index: DocsIndex,
    target: str,
    *,
    base: str,
    languages: Sequence[str],
    path: str,
    line: int,
    what: str = "link",
    settings: LinkSettings | None = None,
) -> list[Problem]:
    """Problems of one link as written; `base` is the docs-relative file it is relative to.

    The page (and anchor) must exist in each of `languages` as its own file.
    """
    findings = target_findings(
        index,
        target,
        base=base,
        languages=languages,
        path=path,
        line=line,
        what=what,
        settings=settings,
    )
    return [finding.problem for finding in findings]


def target_findings(
    index: DocsIndex,
    target: str,
    *,
    base: str,
    languages: Sequence[str],
    path: str,
    line: int,
    what: str = "link",
    settings: LinkSettings | None = None,
) -> list[Finding]:
    """`check_target`, with the kind of each finding."""
    settings = settings or _settings
    target = target.strip()
    if _fine_page_link(index, target, base, languages):
        return []
    shown = f"{what} '{one_line(target)}'"

    def found(kind: str, message: str, hint: str, severity: str = ERROR) -> Finding:
        return Finding(kind, Problem(path, line, message, hint, severity))

    if not target:
        return [
            found(
                EMPTY,
                f"{what} has no target",
                "write a page path (x.md), a web address or mailto:name@domain",
            )
        ]
    unsafe = unsafe_scheme(target)
    if unsafe:
        return [found(UNSAFE, *unsafe_address_message(what, unsafe))]
    scheme_match = _SCHEME_RE.match(target)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        rest = target[scheme_match.end() :]
        if scheme == "mailto":
            return _mailto_findings(rest, settings, path=path, line=line)
        if scheme == "ext":
            return _external_findings(rest, settings, shown, found)
        return []
    if target.startswith("//"):
        return []
    if target.startswith(("/", "\\")):
        suggestion = target.lstrip("/\\")
        return [
            found(
                ABSOLUTE,
                f"{shown} is absolute",
                f"write it relative to this file, e.g. '{_relative(suggestion, base)}'",
            )
        ]

    link_path, _, anchor = target.partition("#")
    link_path = unquote(link_path.partition("?")[0])
    if not link_path:
        return _self_anchor_findings(index, anchor, base, languages, shown, found)
    if link_path.endswith("/") or not posixpath.splitext(link_path)[1]:
        stem = link_path.rstrip("/")
        guesses = [
            g for g in (f"{stem}.md", f"{stem}/index.md") if resolve(base, g) in index.src_paths()
        ]
        hint = (
            f"link the Markdown file: '{guesses[0]}'"
            if guesses
            else "link the Markdown file, ending in .md"
        )
        return [found(UNRECOGNIZED, f"{shown} does not name a file", hint)]
    resolved = resolve(base, link_path)
    if not link_path.endswith(".md"):
        if resolved is None or not _asset_exists(index, resolved):
            where = index.display_path(index.default_language, resolved or link_path)
            return [
                found(
                    MISSING_FILE,
                    f"{shown} points to a file that does not exist ({where})",
                    "fix the path (relative to this file) or add the file under docs/",
                )
            ]
        return []
    return _page_findings(index, target, resolved, anchor, base, languages, shown, found)


def _fine_page_link(index: DocsIndex, target: str, base: str, languages: Sequence[str]) -> bool:
    """The common case, decided fast: a relative .md link whose page and anchor all exist."""
    if not target or target[0] in "/#\\" or ":" in target or "%" in target or "?" in target:
        return False
    link_path, _, anchor = target.partition("#")
    if not link_path.endswith(".md"):
        return False
    resolved = resolve(base, link_path)
    if resolved is None:
        return False
    language, src = split_language(resolved, index.languages, index.default_language)
    if src != resolved:
        return False  # a language suffix: the slow path explains it
    for lang in languages:
        page = index.page(lang, src)
        if page is None or (anchor and anchor not in page.anchors):
            return False
    return True


def _page_findings(index, target, resolved, anchor, base, languages, shown, found):
    if resolved is None:
        return [
            found(
                MISSING_PAGE,
                f"{shown} points outside docs/",
                "link a page under docs/, relative to this file",
            )
        ]
    language, src = split_language(resolved, index.languages, index.default_language)
    if language is None:  # a language that is not built: no such page
        language, src = index.default_language, resolved
    results: list[Finding] = []
    if src != resolved and any(lang != language for lang in languages):
        plain = target.replace(f".{language}.md", ".md", 1)
        return [
            found(
                WRONG_LANGUAGE,
                f"{shown} names the {_name(language)} file",
                f"write '{plain}': each language links to its own version",
            )
        ]
    if not any(index.page(lang, src) for lang in index.languages):
        close = similar_page(src, index.src_paths())
        hint = (
            f"did you mean '{_relative(close, base)}'?"
            if close
            else f"fix the path (relative to {_relative_root(base)}) or create the page"
        )
        where = index.display_path(index.default_language, src)
        return [
            found(MISSING_PAGE, f"{shown} points to a page that does not exist ({where})", hint)
        ]
    for lang in languages:
        own = index.page(lang, src)
        if own is None:
            existing = next(
                index.page(other, src) for other in index.languages if index.page(other, src)
            )
            missing = index.display_path(lang, src)
            results.append(
                found(
                    OTHER_LANGUAGE,
                    f"{shown} points to a page that has no {_name(lang)} version ({missing})",
                    f"translate {existing.display_path} into {missing}, or remove the link",
                )
            )
        shown_page = own or (
            index.page(index.default_language, src) if lang != index.default_language else None
        )
        if anchor and shown_page is not None and anchor not in shown_page.anchors:
            results.append(_anchor_finding(index, shown_page, anchor, shown, found))
    return results


def _self_anchor_findings(index, anchor, base, languages, shown, found):
    if not anchor:
        return []
    if not base.endswith(".md"):
        return [
            found(
                MISSING_PAGE,
                f"{shown} names no page",
                "write the page before the '#': 'x.md#anchor'",
            )
        ]
    results = []
    for lang in languages:
        page = index.page(lang, base)
        if page is not None and anchor not in page.anchors:
            results.append(_anchor_finding(index, page, anchor, shown, found, same_page=True))
    return results


def _anchor_finding(index, page: DocPage, anchor, shown, found, same_page=False) -> Finding:
    where = "this page has" if same_page else f"{page.display_path} has"
    elsewhere = [
        other
        for other in index.languages
        if other != page.language
        and (twin := index.page(other, page.src_path)) is not None
        and anchor in twin.anchors
    ]
    ids = [heading.id for heading in page.headings if heading.level > 1]
    close = difflib.get_close_matches(anchor, sorted(page.anchors), n=1, cutoff=0.6)
    if elsewhere:
        hint = (
            f"its {_name(elsewhere[0])} version has it: give the same heading "
            f"the id {{#{anchor}}} in {page.display_path}"
        )
    elif close:
        hint = f"did you mean '#{close[0]}'?"
    elif ids:
        hint = "use one of its ids: " + ", ".join(f"#{i}" for i in ids[:8])
    else:
        hint = "add {#" + anchor + "} to the heading the link should open at"
    return found(MISSING_ANCHOR, f"{shown}: {where} no heading or anchor '#{anchor}'", hint)


def _external_findings(name, settings, shown, found):
    urls = settings.external_urls
    if name not in urls:
        close = difflib.get_close_matches(name, sorted(urls), n=1, cutoff=0.6)
        known = ", ".join(f"ext:{key}" for key in sorted(urls)) or "none yet"
        hint = (
            f"did you mean 'ext:{close[0]}'?"
            if close
            else f"use one of {known}, or add '{one_line(name)}' under extra.external_urls in "
            "mkdocs.yml"
        )
        return [found(EXTERNAL, f"unknown external {shown}", hint)]
    if name in HELP_CENTER_PATHS:
        return []  # derived from extra.help_center_url; said once per run when it is missing
    if not str(urls[name] or "").strip():
        return [
            found(
                EXTERNAL,
                f"{shown} has no address yet: its text is shown without a link",
                f"set extra.external_urls.{name} in mkdocs.yml once the address is confirmed",
                severity=NOTICE,
            )
        ]
    return []


def _mailto_findings(rest: str, settings: LinkSettings, *, path: str, line: int):
    return [
        Finding(EMAIL, problem)
        for problem in check_mailto(rest, settings.email_domains, path=path, line=line)
    ]


# ----------------------------------------------------------------------------
# E-mail addresses
# ----------------------------------------------------------------------------


def check_email(
    address: str, allowed_domains: Sequence[str] | str, *, path: str, line: int
) -> list[Problem]:
    """A malformed address, or one whose domain is not on the allow-list."""
    if isinstance(allowed_domains, str):  # `email_domains: x.com` (reported as such elsewhere)
        allowed_domains = [allowed_domains]
    allowed = [str(domain).lower() for domain in allowed_domains]
    if not EMAIL_RE.fullmatch(address):
        example = f"name@{allowed[0]}" if allowed else "name@domain.com"
        return [
            Problem(
                path,
                line,
                f"malformed e-mail address '{one_line(address)}'",
                f"write it as {example}, without spaces",
            )
        ]
    local, _, domain = address.rpartition("@")
    if allowed and domain.lower() not in allowed:
        close = difflib.get_close_matches(domain.lower(), allowed, n=1, cutoff=0.6)
        listed = ", ".join(allowed)
        hint = (
            f"did you mean '{local}@{close[0]}'? (allowed domains: {listed}, "
            "extra.email_domains in mkdocs.yml)"
            if close
            else f"use an address at {listed}, or add the domain to extra.email_domains "
            "in mkdocs.yml"
        )
        return [Problem(path, line, f"e-mail domain '{domain}' is not allowed", hint)]
    return []


def check_mailto(
    rest: str, allowed_domains: Sequence[str] | str, *, path: str, line: int
) -> list[Problem]:
    """A `mailto:` address (what follows `mailto:`): its addresses and what it carries.

    Every address (before the '?' and in `to`, `cc`, `bcc`) must be well formed
    and on an allowed domain; besides those, only `subject` and `body` may follow.
    """
    head, _, query = rest.partition("?")
    addresses = [part.strip() for part in unquote(head).split(",")]
    problems: list[Problem] = []
    for pair in filter(None, query.split("&")):
        name, _, value = pair.partition("=")
        name = unquote(name).strip().lower()
        if name in MAILTO_ADDRESS_FIELDS:
            addresses.extend(part.strip() for part in unquote(value).split(","))
        elif name not in MAILTO_FIELDS:
            problems.append(
                Problem(
                    path,
                    line,
                    f"'mailto:' link carries '{one_line(unquote(name))}='",
                    "a mailto: link may carry only subject= and body=: remove the rest",
                )
            )
    addresses = [address for address in addresses if address]
    if not addresses:
        if isinstance(allowed_domains, str):
            allowed_domains = [allowed_domains]
        domain = allowed_domains[0] if allowed_domains else "domain.com"
        return [
            Problem(path, line, "'mailto:' link has no address", f"write mailto:name@{domain}")
        ] + problems
    for address in dict.fromkeys(addresses):
        problems.extend(check_email(address, allowed_domains, path=path, line=line))
    return problems


# ----------------------------------------------------------------------------
# Addresses that run code or embed content
# ----------------------------------------------------------------------------


def unsafe_scheme(url: str) -> str | None:
    """`javascript`, `data` or `vbscript` when a URL uses one of them (as a browser reads it)."""
    squeezed = _URL_IGNORED_RE.sub("", url).lstrip("\x00 ")
    match = _SCHEME_RE.match(squeezed)
    scheme = match.group(1).lower() if match else ""
    return scheme if scheme in UNSAFE_SCHEMES else None


def unsafe_address_message(what: str, scheme: str) -> tuple[str, str]:
    """(message, hint) for a link, image or attribute whose address is `scheme:`."""
    if scheme == "data":
        return (
            f"{what} has a 'data:' address (content written into the page)",
            "save the file under docs/assets/ and link it by its path",
        )
    return (
        f"{what} has a '{scheme}:' address (it runs code in the reader's browser)",
        "link a page (x.md) or a web address (https://…) instead",
    )


# ----------------------------------------------------------------------------
# mkdocs.yml's `extra:`
# ----------------------------------------------------------------------------


def link_settings(
    extra: Mapping[str, Any] | None, config_file: Path | None = None
) -> tuple[LinkSettings, list[Problem]]:
    """LinkSettings from mkdocs.yml's `extra:`, and the problems of its types.

    A value of the wrong type is reported with the key it is under (and its line
    when `config_file` is given) and replaced by a usable one, never raised.
    """
    extra = extra if isinstance(extra, Mapping) else {}
    shown = config_file.name if config_file is not None else "mkdocs.yml"
    lines = _extra_lines(config_file)
    problems: list[Problem] = []

    def problem(key: tuple[str, ...], message: str, hint: str) -> None:
        line = lines.get(key) or lines.get(key[:-1]) or lines.get(key[:1], 0)
        problems.append(Problem(shown, line, message, hint))

    domains: list[str] = []
    raw_domains = extra.get("email_domains")
    if raw_domains is None:
        domains = list(DEFAULT_EMAIL_DOMAINS)
    elif isinstance(raw_domains, str):
        problem(
            ("email_domains",),
            "extra.email_domains must be a list of domains, not the text "
            f"'{one_line(raw_domains)}'",
            f"write it as a list: 'email_domains: [{one_line(raw_domains)}]'",
        )
        domains = [raw_domains]
    elif isinstance(raw_domains, list):
        for position, domain in enumerate(raw_domains):
            if isinstance(domain, str) and _DOMAIN_RE.fullmatch(domain.strip()):
                domains.append(domain.strip())
            else:
                problem(
                    ("email_domains", str(position)),
                    f"extra.email_domains item {_shown_value(domain)} is not a domain",
                    "write one domain per item, e.g. '- multivende.com'",
                )
    else:
        problem(
            ("email_domains",),
            f"extra.email_domains must be a list of domains, not {_shown_value(raw_domains)}",
            "write it as a list: 'email_domains: [multivende.com]'",
        )
        domains = list(DEFAULT_EMAIL_DOMAINS)
    urls: dict[str, str] = {}
    raw_urls = extra.get("external_urls")
    if raw_urls is not None and not isinstance(raw_urls, Mapping):
        problem(
            ("external_urls",),
            f"extra.external_urls must be 'name: address' pairs, not {_shown_value(raw_urls)}",
            "write one indented 'name: https://…' line per address below 'external_urls:'",
        )
    for name, url in (raw_urls or {}).items() if isinstance(raw_urls, Mapping) else ():
        key = ("external_urls", str(name))
        if url is None or (isinstance(url, str) and not url.strip()):
            urls[str(name)] = ""
            continue
        if not isinstance(url, str):
            problem(
                key,
                f"extra.external_urls.{name} must be an address, not {_shown_value(url)}",
                f"write '{name}: https://…', or '{name}: \"\"' until the address is confirmed",
            )
            urls[str(name)] = ""
            continue
        url = url.strip()
        scheme = unsafe_scheme(url)
        if scheme:
            message, hint = unsafe_address_message(f"extra.external_urls.{name}", scheme)
            problem(key, message, hint)
            urls[str(name)] = ""
            continue
        if url.lower().startswith("mailto:"):
            problems.extend(
                Problem(shown, got.line, f"extra.external_urls.{name}: {got.message}", got.hint)
                for got in check_mailto(url[7:], domains, path=shown, line=lines.get(key, 0))
            )
        elif not url.lower().startswith(("https://", "http://")):
            problem(
                key,
                f"extra.external_urls.{name} '{one_line(url)}' is not a web address",
                "write the whole address, starting with https://",
            )
        urls[str(name)] = url
    help_center_url = _help_center_url(extra.get("help_center_url"), problem)
    settings = LinkSettings(
        external_urls=urls,
        email_domains=tuple(domain.lower() for domain in domains),
        help_center_url=help_center_url,
    )
    return settings, problems


def _help_center_url(
    value: object, problem: Callable[[tuple[str, ...], str, str], None]
) -> str | None:
    """`extra.help_center_url` as the Help Center's links may use it: an absolute web address,
    else "" (its links then render as plain text, as while it is empty), reported."""
    if value is None:
        return None
    key = ("help_center_url",)
    if not isinstance(value, str):
        problem(
            key,
            f"extra.help_center_url must be an address, not {_shown_value(value)}",
            f'write the whole address in quotes, e.g. {_HELP_CENTER_EXAMPLE}, or "" until '
            "it is confirmed",
        )
        return ""
    url = value.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("https", "http") or not parts.netloc:
        problem(
            key,
            f"extra.help_center_url '{one_line(url)}' is not an absolute address: it must "
            "start with https:// (or http://)",
            f"write the whole address, e.g. {_HELP_CENTER_EXAMPLE}; until then the Help "
            "Center's links are shown as plain text",
        )
        return ""
    return url


def usable_extra(settings: LinkSettings) -> dict[str, Any]:
    """`extra.email_domains`, `extra.external_urls` and `extra.help_center_url` as the
    checks read them.

    What a build puts back into its `config.extra` once their types were
    checked, so that every hook uses the same usable values (a domain given as
    one string is a list of that domain, an unsafe or relative address is empty).
    """
    usable: dict[str, Any] = {
        "email_domains": list(settings.email_domains),
        "external_urls": dict(settings.external_urls),
    }
    if settings.help_center_url is not None:
        usable["help_center_url"] = settings.help_center_url
    return usable


def _extra_lines(config_file: Path | None) -> dict[tuple[str, ...], int]:
    """Line of every key (and list item) under `extra:` in mkdocs.yml, from PyYAML's marks."""
    if config_file is None:
        return {}
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[tuple[str, ...], int] = {}
    todo: list[tuple[tuple[str, ...], yaml.Node]] = []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if getattr(key, "value", None) == "extra":
            todo.append(((), value))
    while todo:  # iterative: any depth
        prefix, node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = prefix + (str(key.value),)
                lines[name] = key.start_mark.line + 1
                todo.append((name, value))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                name = prefix + (str(position),)
                lines[name] = item.start_mark.line + 1
                todo.append((name, item))
    return lines


# ----------------------------------------------------------------------------
# Messages on one line
# ----------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Text with line breaks and other control characters written as %XX: one line."""
    return _CONTROL_RE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"%{code:02X}" if code < 256 else f"\\u{code:04x}"


def _shown_value(value: object) -> str:
    if isinstance(value, str):
        return f"the text '{one_line(value)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "'key: value' pairs"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {one_line(repr(value))}"


# ----------------------------------------------------------------------------
# Every link of a page
# ----------------------------------------------------------------------------


def check_page_links(
    index: DocsIndex, page: DocPage, settings: LinkSettings | None = None
) -> list[tuple[Finding, bool]]:
    """Findings for every link of a page body, each with whether MkDocs reports it too."""
    results: list[tuple[Finding, bool]] = []
    default = index.default_language
    for link in page.links:
        if link.kind == "undefined":
            finding = Finding(
                UNDEFINED,
                Problem(
                    page.display_path,
                    link.line,
                    f"link '[{link.text}]{link.target}' uses a reference that is not defined",
                    f"add a line '{link.target}: target' below, or write the link inline: "
                    f"[{link.text}](target)",
                ),
            )
            results.append((finding, False))
            continue
        what = "image" if link.kind == "image" else "link"
        for finding in target_findings(
            index,
            link.target,
            base=page.src_path,
            languages=(page.language,),
            path=page.display_path,
            line=link.line,
            what=what,
            settings=settings,
        ):
            if finding.kind == UNSAFE and link.kind == "html":
                continue  # raw HTML is rules.check_unsafe_html's, with every attribute
            by_mkdocs = link.kind in RENDERED_KINDS and (
                finding.kind in MKDOCS_KINDS
                or (finding.kind in (OTHER_LANGUAGE, WRONG_LANGUAGE) and page.language == default)
            )
            results.append((finding, by_mkdocs))
    return results


def linked_pages(page: DocPage, index: DocsIndex) -> list[tuple[str, int, str]]:
    """(docs-relative page, line, target as written) of every page link in a body."""
    if "linked_pages" in page.derived:
        return page.derived["linked_pages"]
    found = []
    for link in page.links:
        if link.kind not in ("inline", "reference", "html"):
            continue
        src = page_of(link.target, page.src_path, index)
        if src is not None:
            found.append((src, link.line, link.target))
    page.derived["linked_pages"] = found
    return found


def page_of(target: str, base: str, index: DocsIndex) -> str | None:
    """The docs-relative page a relative .md link points at, without language suffix."""
    if _SCHEME_RE.match(target) or target.startswith("#"):
        return None
    link_path = unquote(target.partition("#")[0].partition("?")[0])
    if not link_path.endswith(".md"):
        return None
    if link_path.startswith("/"):  # absolute: reported as such; it still means this page
        base, link_path = "", link_path.lstrip("/")
    resolved = resolve(base, link_path)
    if resolved is None:
        return None
    language, src = split_language(resolved, index.languages, index.default_language)
    return src if language is not None else resolved


# ----------------------------------------------------------------------------
# Rendering `ext:` links
# ----------------------------------------------------------------------------


def render_external_links(markdown: str, external_urls: Mapping[str, str]) -> str:
    """Replace `[text](ext:NAME)` (or a reference to `[label]: ext:NAME`) by its address, or by
    plain `text` when it has none yet; the `ext:` definitions go. Links as markdown-it-py reads
    them: none inside code, images left alone."""
    if "ext:" not in markdown:
        return markdown
    links, definitions = markdown_links(markdown)
    edits: list[tuple[int, int, str]] = []
    for link in links:
        if link.kind in ("inline", "reference") and link.target.startswith("ext:"):
            url = str(external_urls.get(link.target[4:]) or "").strip()
            text = link.text or ""
            edits.append((link.start, link.end, f"[{text}]({url})" if url else text))
    for start, end in definitions:
        if markdown[start:end].partition("]:")[2].strip().lstrip("<").startswith("ext:"):
            edits.append((start, end + 1 if markdown[end : end + 1] == "\n" else end, ""))
    pieces: list[str] = []
    last = 0
    for start, end, replacement in sorted(edits):
        pieces += [markdown[last:start], replacement]
        last = end
    pieces.append(markdown[last:])
    return "".join(pieces)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def similar_page(src: str, candidates: Iterable[str]) -> str | None:
    """The page path a misspelt one most likely meant: same folder, a close file name."""
    folder, name = posixpath.split(src)
    best, best_ratio = None, 0.0
    for candidate in candidates:
        other_folder, other_name = posixpath.split(candidate)
        if other_folder != folder:
            continue
        matcher = difflib.SequenceMatcher(None, name, other_name)
        if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.8 and ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


@functools.lru_cache(maxsize=1 << 16)
def resolve(base: str, link_path: str) -> str | None:
    """Docs-relative path of a link relative to the file `base` ("" = docs root)."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), link_path))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def relative_link(src_path: str, base: str) -> str:
    """The relative path to write in `base` to link the docs-relative `src_path`."""
    return posixpath.relpath(src_path, posixpath.dirname(base) or ".")


_relative = relative_link


def _relative_root(base: str) -> str:
    return "this file" if base.endswith(".md") else "docs/"


def _asset_exists(index: DocsIndex, resolved: str) -> bool:
    if resolved in index.assets:
        return True
    stem, ext = posixpath.splitext(resolved)
    return any(f"{stem}.{lang}{ext}" in index.assets for lang in index.languages)


def _name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(?!\\)")
_URL_IGNORED_RE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DOMAIN_RE = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")
_HELP_CENTER_EXAMPLE = '"https://<subdomain>.zendesk.com"'  # as mkdocs.yml's comment shows it
EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}"
)
