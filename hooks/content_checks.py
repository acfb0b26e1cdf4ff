"""Content checks in the build: links, the escalation rule, front matter, translations.

Thin MkDocs events over helpcenter.content.checks (plain functions that `make check`,
scripts/check_content.py, calls the same way without a build). The docs are
scanned once per build and checked once; each language's build logs the
problems of its own files (the default language's build also those of data
files), so nothing is logged twice, and problems MkDocs' own `validation:`
reports (missing pages and anchors of body links) are left to it. Under
`mkdocs serve`, a rebuild re-reads only the files whose mtime or size changed
and re-checks only the pages whose problems can have changed (docs_index's
`load_cached`, checks' `findings_for`).

Problems are warnings on `mkdocs.hooks.content_checks` (`--strict` fails on
them, `mkdocs serve` keeps serving); notices (a page not translated yet, an
`ext:` link without an address yet) are INFO lines, shown by every build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from helpcenter import preview, quick_preview
from helpcenter.content.checks import (
    CheckSettings,
    findings_for,
    renderable_source,
    settings_from_config,
)
from helpcenter.content.docs_index import DocsIndex, load_cached
from helpcenter.content.front_matter import usable_meta
from helpcenter.content.links import configure, render_external_links, usable_extra
from helpcenter.languages import current_language
from helpcenter.pages.articles import normalize_path
from helpcenter.pages.settings import load_settings
from helpcenter.problems import hook_logger, log_problems

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = hook_logger("content_checks")

HELP_CENTER_FILE = "data/help-center.yml"  # its `wizard:`, linked from every page

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@dataclass
class _BuildState:
    settings: CheckSettings | None = None
    index: DocsIndex | None = None


_state = _BuildState()


def on_startup(command: str, dirty: bool) -> None:
    """Problems once and counted; under `mkdocs serve`, on each page (helpcenter/preview.py);
    under `mkdocs serve --dirty`, a save of one page's text rebuilds that page alone
    (helpcenter/quick_preview.py)."""
    preview.start(command)
    quick_preview.start(command, dirty)


def on_config(config: MkDocsConfig) -> None:
    """Reset for this build (and language): read the settings afresh."""
    global _state
    preview.begin(config)
    settings = settings_from_config(config)
    _state = _BuildState(settings=settings)
    configure(settings.links)
    config.extra.update(usable_extra(settings.links))  # checked types for every other hook


def on_pre_build(config: MkDocsConfig) -> None:
    """Check the whole site once; log this language's share."""
    settings = _state.settings or settings_from_config(config)
    index = load_cached(
        settings.docs_dir, settings.project_dir, settings.languages, settings.default_language
    )
    _state.index = index
    findings = findings_for(index, settings)
    logged = findings.for_build(current_language(config))
    log_problems(log, logged)
    preview.add_problems(findings.everything())
    if current_language(config) == settings.default_language:
        plan = quick_preview.before_build(
            config, index, preview.problem_count(), sitewide=_sitewide_pages(settings)
        )
        if plan.mode == quick_preview.PAGE:
            log.info(f"Rebuilding only the page of {plan.saved} (only its text changed)")
        elif plan.mode == quick_preview.CATEGORY:
            folders = sorted({f"docs/{key.partition('/')[0]}/" for key in plan.changed})
            log.info(
                f"Rebuilding only the pages of {', '.join(folders)} and the home page "
                f"({plan.saved} added, deleted or changed)"
            )
    if index.unsafe:  # MkDocs scans docs/ next, following every link: stop before it does
        # neither the other languages' builds nor MkDocs' link checks will run: all at once now
        log_problems(log, set(findings.everything()) - set(logged))
        preview.finish(config, stopped=True)
        raise PluginError(
            f"{len(index.unsafe)} symbolic link(s) under docs/ lead outside it or loop (listed "
            "above): the build stops before following them"
        )


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Give unreadable, non-UTF-8 or malformed files a source MkDocs can render."""
    index = _state.index
    broken = {page.rel: page for page in index.all_pages() if page.problems} if index else {}
    if not broken:
        return files
    for file in files.documentation_pages():
        page = broken.get(file.src_uri)
        if page is not None:
            source_path = file.abs_src_path
            file.content_string = renderable_source(page)
            file.abs_src_path = source_path  # the text is ours; other hooks still see the path
    return files


@event_priority(-120)  # after mkdocs-static-i18n (-100) and the help-center's order (-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """A quick build of the preview: the pages to rebuild lose their output, those MkDocs
    skips get their text and front matter, as in a full build."""
    if quick_preview.prepare_quick_build(nav, files, config):
        log.info(
            f"Rebuilding every page of the «{current_language(config)}» site: the categories "
            "every page lists changed (their titles or first pages)"
        )
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Under `mkdocs serve`, the templates' `preview_problems(page)`."""
    return preview.add_to_env(env, config, files)


def on_post_build(config: MkDocsConfig) -> None:
    """After the last language: repeated notices once, then the number of problems."""
    if preview.finish(config):
        quick_preview.after_build(preview.problem_count())


def on_build_error(error: Exception) -> None:
    """A failed build: the next save of the preview rebuilds everything."""
    quick_preview.forget()


def _sitewide_pages(settings: CheckSettings) -> tuple[str, ...]:
    """Pages every page links to with their title: the wizard (data/help-center.yml)."""
    help_center, _ = load_settings(settings.project_dir / HELP_CENTER_FILE, settings.languages, "")
    return (normalize_path(help_center.wizard),) if help_center.wizard else ()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Resolve `ext:NAME` links from extra.external_urls (plain text while empty).

    Front-matter values of the wrong type (reported) are left out of `page.meta`,
    so that the theme and the search index never use them.
    """
    settings = _state.settings
    if settings is not None:
        usable = usable_meta(page.meta, settings.schema)
        if usable != page.meta:
            page.meta.clear()
            page.meta.update(usable)
    urls = settings.links.external_urls if settings else {}
    return render_external_links(markdown, urls)
