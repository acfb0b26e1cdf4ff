"""MkDocs adapter of the «¿Con qué equipo debo contactar?» wizard.

Checks `data/contact-tree.yml` and the `<!-- hooks/… -->` markers of every page, then puts
the wizard, rendered from `overrides/hooks/contact-wizard.html`, where the marker stands on
its page, in each language. The tree logic lives in `wizard_tree.py`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from helpcenter.content import docs_index
from helpcenter.content import links as crosslinks
from helpcenter.languages import current_language, project_dir, site_languages
from helpcenter.problems import ERROR, Problem, hook_logger, log_problems
from helpcenter.wizard import tree as wizard_tree

if TYPE_CHECKING:  # only types: `make check` imports this module without MkDocs or Jinja
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = hook_logger("contact_wizard")

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) set this build's language
def on_config(config: MkDocsConfig) -> None:
    """Load and check the tree once per build (in the first language only)."""
    if not _is_first_language(config):
        return
    global _state
    _state = _State()
    project = project_dir(config)
    tree, problems = load_tree(project / TREE_FILE)
    if tree is not None:
        domains = config.extra.get("email_domains") or ()
        problems += wizard_tree.validate(
            tree, site_languages(config), domains, email_checker(domains, tree.path)
        )
    _state.tree = tree
    _state.broken = _has_errors(problems)
    _report(problems)


def on_files(files: Files, config: MkDocsConfig) -> None:
    """Check the tree's links and e-mails once, when the site has the wizard's page."""
    tree = _state.tree
    if tree is None or not _is_first_language(config):
        return
    if not any(_page_uri(file, config) == tree.page for file in files.documentation_pages()):
        return
    problems = wizard_tree.check_links(
        tree,
        target_checker(config, tree.path, site_languages(config)),
        config.extra.get("external_urls") or {},
    )
    _state.broken = _state.broken or _has_errors(problems)
    _report(problems)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Report unknown and misplaced markers, and a wizard page without its marker."""
    tree = _state.tree
    wizard_page = tree is not None and _page_uri(page.file, config) == tree.page
    text = page.file.content_string
    if not wizard_page and _MARKER_RE.search(text) is None:
        return None  # no marker on a page that needs none: nothing to check
    problems = marker_problems(
        text,
        _display_path(page.file, config),
        known_markers(config),
        allowed=wizard_page,
        wizard_page=tree.page if tree else None,
    )
    if _has_errors(problems):
        _state.broken_pages.add(_display_path(page.file, config))
    _report(problems)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the marker of the wizard's page with the wizard in the page's language."""
    tree = _state.tree
    if (
        MARKER not in html
        or tree is None
        or _state.broken
        or _page_uri(page.file, config) != tree.page
        or _display_path(page.file, config) in _state.broken_pages
    ):
        return None
    data = wizard_tree.view(tree, current_language(config), link_resolver(page, files, config))
    assets = {key: _url_of(files, page, path) for key, path in ASSETS.items()}
    return html.replace(MARKER, render(config, data, assets), 1)


def load_tree(file: Path) -> tuple[wizard_tree.Tree | None, list[Problem]]:
    """`wizard_tree.load`, kept while the file is unchanged (`mkdocs serve` rebuilds)."""
    try:
        status = file.stat()
    except OSError:
        return wizard_tree.load(file, TREE_FILE)
    key = (str(file), status.st_mtime_ns, status.st_size)
    if key not in _TREE_CACHE:
        _TREE_CACHE.clear()
        _TREE_CACHE[key] = wizard_tree.load(file, TREE_FILE)
    tree, problems = _TREE_CACHE[key]
    return tree, list(problems)


_TREE_CACHE: dict[tuple[str, int, int], tuple[wizard_tree.Tree | None, list[Problem]]] = {}

# ----------------------------------------------------------------------------
# Check-only CLI (`make check`): the same findings without a build
# ----------------------------------------------------------------------------


def content_problems(index: docs_index.DocsIndex, settings: object) -> list[Problem]:
    """The tree's and the markers' problems, for `scripts/check_content.py`."""
    languages = tuple(getattr(settings, "languages", ("es", "en")))
    links = getattr(settings, "links", crosslinks.LinkSettings())
    tree_path = TREE_FILE
    project = Path(getattr(settings, "project_dir", "."))
    tree, problems = wizard_tree.load(project / TREE_FILE, TREE_FILE)
    if tree is not None:
        domains = tuple(links.email_domains)
        problems += wizard_tree.validate(
            tree, languages, domains, email_checker(domains, tree_path)
        )
        if index.page(languages[0], tree.page) is not None:

            def check(link: wizard_tree.Link) -> list[Problem]:
                return crosslinks.check_target(
                    index, link.to, base="", languages=languages, path=tree_path, line=link.line
                )

            problems += wizard_tree.check_links(tree, check, dict(links.external_urls))
    known = {f"hooks/{path.name}" for path in Path(__file__).parent.glob("*.py")} | {MARKER_NAME}
    for language in languages:
        for page in index.pages(language):
            is_wizard = tree is not None and page.src_path == tree.page
            if not is_wizard and _MARKER_RE.search(page.text or "") is None:
                continue  # no marker on a page that needs none: nothing to check
            problems += marker_problems(
                page.text or "",
                page.display_path,
                known,
                allowed=tree is not None and page.src_path == tree.page,
                wizard_page=tree.page if tree else None,
            )
    return problems


# ----------------------------------------------------------------------------
# Markers
# ----------------------------------------------------------------------------


def marker_problems(
    text: str,
    path: str,
    known: Iterable[str],
    allowed: bool,
    wizard_page: str | None,
) -> list[Problem]:
    """Problems with the `<!-- hooks/… -->` markers of one Markdown file.

    A marker must name a hook of the site; the wizard's marker must stand alone on its line,
    outside code blocks, once, and only on the wizard's page (which must have it).
    `wizard_page` is None when the tree is broken: then only the marker itself is checked.
    """
    problems: list[Problem] = []
    known = set(known)
    seen = 0  # wizard markers well placed on the wizard's page
    for number, line, in_code in _markdown_lines(text):
        for match in _MARKER_RE.finditer(line):
            found = _marker_problem(match, line, in_code, known, allowed, wizard_page, seen)
            if found:
                problems.append(Problem(path, number, *found))
            elif match.group(1) == MARKER_NAME:
                seen += 1
    if allowed and not seen and not problems:
        problems.append(
            Problem(
                path,
                0,
                f"the wizard's page has no `{MARKER}` marker",
                "add the marker alone on its own line where the wizard should appear",
            )
        )
    return problems


def _marker_problem(
    match: re.Match[str],
    line: str,
    in_code: bool,
    known: set[str],
    allowed: bool,
    wizard_page: str | None,
    seen: int,
) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for one marker, or None when it is well placed."""
    name, shown = match.group(1), match.group(0)
    if in_code:
        return (
            f"marker `{shown}` inside a code block",
            "move it out of the code block, alone on its own line",
        )
    if name not in known:
        return (
            f"unknown marker `{shown}`",
            f"markers name a hook of mkdocs.yml `hooks:`; the wizard's is `{MARKER}`",
        )
    if name != MARKER_NAME:
        return None  # another hook's marker: that hook checks it
    if line.rstrip() != MARKER:
        return (
            f"marker `{shown}` is not alone on its line",
            f"write `{MARKER}` on a line of its own, not indented",
        )
    if wizard_page is not None and not allowed:
        return (
            f"marker `{MARKER}` on a page other than the wizard's",
            f"the wizard is shown only on docs/{wizard_page}; link to that page",
        )
    if seen:
        return (
            f"marker `{MARKER}` appears more than once",
            "keep a single marker: the wizard is shown once per page",
        )
    return None


def known_markers(config: MkDocsConfig) -> set[str]:
    """Marker names allowed on pages: `hooks/<file>.py` for each hook of the site."""
    return {f"hooks/{Path(hook).name}" for hook in config.get("hooks") or ()} | {MARKER_NAME}


def _markdown_lines(text: str) -> Iterable[tuple[int, str, bool]]:
    """(line number, line, inside a fenced code block) for the Markdown after front matter."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "..."):
                start = index + 1
                break
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        opening = _FENCE_RE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            yield index + 1, line, True
            continue
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            yield index + 1, line, True
            continue
        yield index + 1, line, False


# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------


def render(config: MkDocsConfig, data: dict, assets: dict[str, str | None]) -> str:
    """The wizard's HTML from its Jinja template (autoescaped: YAML text stays text)."""
    import jinja2  # here, not at the top: `make check` never renders

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.theme.dirs),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE).render(wizard=data, assets=assets)


def link_resolver(page: Page, files: Files, config: MkDocsConfig) -> wizard_tree.Resolve:
    """Turns `contacto/x.md#id` into a URL relative to the page (in the page's language)
    and `ext:<key>` into its address from `extra.external_urls` (None when empty)."""
    external = config.extra.get("external_urls") or {}

    def resolve(target: str) -> str | None:
        if target.startswith("ext:"):
            return external.get(target.removeprefix("ext:")) or None
        path, _, fragment = target.partition("#")
        url = _url_of(files, page, path)
        if url is None:
            return None
        return f"{url}#{fragment}" if fragment else url

    return resolve


def _url_of(files: Files, page: Page, path: str) -> str | None:
    file = files.get_file_from_path(path)
    return file.url_relative_to(page.file) if file else None


# ----------------------------------------------------------------------------
# Link checks: the cross-link checker's, so links read the same everywhere
# ----------------------------------------------------------------------------


def target_checker(
    config: MkDocsConfig, tree_path: str, languages: tuple[str, ...]
) -> wizard_tree.TargetCheck:
    """Checks that a docs link of the tree (and its anchor) resolves in every language."""
    index = docs_index.load_cached(
        Path(config.docs_dir), project_dir(config), languages, languages[0]
    )

    def check(link: wizard_tree.Link) -> list[Problem]:
        return crosslinks.check_target(
            index, link.to, base="", languages=languages, path=tree_path, line=link.line
        )

    return check


def email_checker(domains: Iterable[str], tree_path: str) -> wizard_tree.EmailCheck:
    """Checks that an e-mail address of the tree is well formed and on an allowed domain."""
    domains = list(domains)

    def check(email: wizard_tree.Email) -> list[Problem]:
        return crosslinks.check_email(email.address, domains, path=tree_path, line=email.line)

    return check


# ----------------------------------------------------------------------------
# Languages and paths
# ----------------------------------------------------------------------------


def _is_first_language(config: MkDocsConfig) -> bool:
    return current_language(config) == site_languages(config)[0]


def _page_uri(file: File, config: MkDocsConfig) -> str:
    """A page's path under docs/ without its language suffix: `contacto/x.md`."""
    uri = file.src_uri
    for language in site_languages(config):
        if uri.endswith(f".{language}.md"):
            return uri.removesuffix(f".{language}.md") + ".md"
    return uri


def _display_path(file: File, config: MkDocsConfig) -> str:
    """A page as writers see it: `docs/contacto/x.md`."""
    return os.path.relpath(file.abs_src_path or "", project_dir(config)).replace(os.sep, "/")


def _has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity == ERROR for problem in problems)


def _report(problems: Iterable[Problem]) -> None:
    """Log problems not yet logged in this build (the languages share some files)."""
    fresh = [problem for problem in problems if problem not in _state.logged]
    _state.logged.update(fresh)
    log_problems(log, fresh)


@dataclass
class _State:
    """What one build (both languages) knows; reset in the first language's on_config."""

    tree: wizard_tree.Tree | None = None
    broken: bool = False
    broken_pages: set[str] = field(default_factory=set)
    logged: set[Problem] = field(default_factory=set)


_state = _State()

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

MARKER_NAME = "hooks/contact_wizard.py"
MARKER = f"<!-- {MARKER_NAME} -->"
TREE_FILE = "data/contact-tree.yml"
TEMPLATE = "hooks/contact-wizard.html"
ASSETS = {
    "script": "assets/javascripts/contact-wizard.js",
    "style": "assets/stylesheets/contact-wizard.css",
}
_MARKER_RE = re.compile(r"<!--\s*(hooks/[^\s>]*?)\s*-->")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
