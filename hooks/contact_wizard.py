"""MkDocs adapter of the «¿Con qué equipo debo contactar?» wizard (core: helpcenter/wizard/).

Checks `data/contact-tree.yml` and the `<!-- hooks/… -->` markers, resolves the Help Center's
`ext:` links of every page in its language, and puts the wizard where its marker stands.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from helpcenter.content.docs_index import load_cached
from helpcenter.content.links import render_external_links
from helpcenter.languages import current_language, project_dir, site_languages
from helpcenter.problems import Problem, hook_logger, log_problems
from helpcenter.wizard import build, channels, markers
from helpcenter.wizard.tree import Tree

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = hook_logger("contact_wizard")


@dataclass
class _State:
    """What one build (both languages) knows; reset in the first language's on_config."""

    tree: Tree | None = None
    broken: bool = False
    broken_pages: set[str] = field(default_factory=set)
    logged: set[Problem] = field(default_factory=set)


_state = _State()


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) set this build's language
def on_config(config: MkDocsConfig) -> None:
    """Load and check the tree once per build (in the first language only)."""
    if not _is_first_language(config):
        return
    global _state
    _state = _State()
    tree, problems = build.load_checked(
        project_dir(config), site_languages(config), config.extra.get("email_domains") or ()
    )
    _state.tree, _state.broken = tree, build.has_errors(problems)
    _report(problems)


def on_files(files: Files, config: MkDocsConfig) -> None:
    """Check the tree's links once; say once when the Help Center's address is missing."""
    if not _is_first_language(config):
        return
    languages = site_languages(config)
    index = load_cached(Path(config.docs_dir), project_dir(config), languages, languages[0])
    tree = _state.tree
    problems: list[Problem] = []
    if tree is not None and any(
        _page_uri(f, config) == tree.page for f in files.documentation_pages()
    ):
        problems += build.link_problems(tree, index, languages, config.extra)
        _state.broken = _state.broken or build.has_errors(problems)
    used = build.used_external_keys(tree, index)
    notice = channels.missing_address_notice(config.extra, languages, used)
    _report([*problems, *([notice] if notice else [])])


@event_priority(10)  # before content_checks' `ext:` rendering, which has no language
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check the page's markers; give its `ext:` links their address in its language."""
    tree = _state.tree
    wizard_page = tree is not None and _page_uri(page.file, config) == tree.page
    text = page.file.content_string
    if wizard_page or markers.has_marker(text):
        problems = markers.marker_problems(
            text,
            _display_path(page.file, config),
            markers.known_markers(str(hook) for hook in config.get("hooks") or ()),
            allowed=wizard_page,
            wizard_page=tree.page if tree else None,
        )
        if build.has_errors(problems):
            _state.broken_pages.add(_display_path(page.file, config))
        _report(problems)
    addresses = channels.site_addresses(config.extra, current_language(config))
    return render_external_links(markdown, addresses)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the marker of the wizard's page with the wizard in the page's language."""
    tree = _state.tree
    if (
        markers.MARKER not in html
        or tree is None
        or _state.broken
        or _page_uri(page.file, config) != tree.page
        or _display_path(page.file, config) in _state.broken_pages
    ):
        return None

    def url_of(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.url_relative_to(page.file) if file else None

    resolve = build.resolver(url_of, config.extra, current_language(config))
    assets = {key: url_of(path) for key, path in build.ASSETS.items()}
    rendered = build.render(config.theme.dirs, tree, current_language(config), resolve, assets)
    return html.replace(markers.MARKER, rendered, 1)


def content_problems(index: object, settings: object) -> list[Problem]:
    """For `make check` (scripts/check_content.py): the core's findings without a build."""
    return build.content_problems(index, settings)  # type: ignore[arg-type]


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


def _report(problems: list[Problem]) -> None:
    """Log problems not yet logged in this build (the languages share some files)."""
    fresh = [problem for problem in problems if problem not in _state.logged]
    _state.logged.update(fresh)
    log_problems(log, fresh)
