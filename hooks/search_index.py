"""MkDocs adapter of search: one prebuilt index per language, from Material's sections.

Material's search plugin splits every page into sections and writes them to
`search/search_index.json` in each language build. After it, this hook writes the site's
own files for that language (`helpcenter.search.engine.build_payload`) and leaves Material's
file with its client configuration only. The browser runs the site's worker
(`docs/assets/javascripts/search/worker.js`, set in `overrides/partials/search-config.html`).
Every page (and the 404 page) also gets `search_help`: what the search box offers when it
finds nothing or has no JavaScript (`data/search.yml`, the wizard page, the categories).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpcenter import quick_preview
from helpcenter.languages import (
    current_language,
    page_language,
    project_dir,
    site_languages,
    translated_path,
)
from helpcenter.pages.settings import load_settings
from helpcenter.problems import Problem, hook_logger, log_problems
from helpcenter.search import engine, messages, sections
from helpcenter.search import text as search_text

log = hook_logger("search_index")

SYNONYMS_FILE = "data/synonyms.yml"
TEXTS_FILE = "data/search.yml"
HELP_CENTER_FILE = "data/help-center.yml"  # its `wizard`: the page offered when nothing is found
WORKER_DIR = "assets/javascripts/search"  # under docs/: the worker and the scripts it loads

_synonyms: dict[str, list[search_text.SynonymGroup]] = {}
_texts: dict[str, dict[str, str]] = {}  # language → data/search.yml's texts
_help: dict[str, messages.SearchHelp] = {}  # language → what the templates show
_navs: dict[str, Navigation] = {}  # language → its navigation
# language → url → what search keeps of each page: its facts and Material's sections. A quick
# build of the preview (helpcenter/quick_preview.py) renders one page: the others' are kept.
_facts: dict[str, dict[str, sections.PageFacts]] = {}
_entries: dict[str, dict[str, list]] = {}
_rendered: dict[str, set[str]] = {}  # language → the pages this build rendered
_urls: dict[str, list[str]] = {}  # language → every page of this build, in MkDocs' order
_written: dict[str, tuple] = {}  # language → what its search files were last made of
# the languages being built, innermost last (mkdocs-static-i18n builds the others inside the
# default language's on_post_build)
_building: list[str] = []

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) set this build's language
def on_config(config: MkDocsConfig) -> None:
    """Read the synonyms and texts once per site build (the default language's), and report
    problems."""
    global _synonyms, _texts
    languages = site_languages(config)
    if current_language(config) != languages[0]:
        return
    project = project_dir(config)
    _synonyms, problems = search_text.load_synonyms(
        project / SYNONYMS_FILE, SYNONYMS_FILE, languages
    )
    _texts, text_problems = messages.load_texts(project / TEXTS_FILE, languages, TEXTS_FILE)
    log_problems(log, problems + text_problems + language_problems(languages))


@event_priority(-110)  # after mkdocs-static-i18n (-100) has translated the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Keep this language's navigation: its wizard page and categories, once titled (`on_env`);
    and its pages, in the order MkDocs builds them (and Material indexes them)."""
    language = current_language(config)
    _navs[language] = nav
    _urls[language] = [file.page.url for file in files.documentation_pages() if file.page]
    return nav


def on_pre_build(config: MkDocsConfig) -> None:
    """Start this language's pages afresh, unless this build renders the saved page alone."""
    language = current_language(config)
    _building.append(language)
    _rendered[language] = set()
    if not quick_preview.is_quick():
        _facts[language], _entries[language] = {}, {}


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the templates the worker's version (browsers fetch a changed worker anew), and
    what this language's search box offers when it finds nothing (pages have titles now)."""
    env.globals["search_worker_version"] = assets_version(Path(config.docs_dir) / WORKER_DIR)
    language = current_language(config)
    _help[language] = search_help(config, _navs.get(language))
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Keep what search needs of the page, if it is this language's own text; give the
    templates what the search box offers when it finds nothing."""
    language = current_language(config)
    context["search_help"] = _help.get(language)
    if page_language(page.file.src_uri, config) == language:
        # (an untranslated page shown in another language is not that language's text)
        _rendered[language].add(page.url)
        _facts.setdefault(language, {})[page.url] = sections.page_facts(
            page.url, page.title or "", page.meta, page.is_homepage or page.is_index
        )
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """The 404 page's search box offers the same as the others'."""
    if template_name == "404.html":
        context["search_help"] = _help.get(current_language(config))
    return context


@event_priority(-200)  # after Material's search and mkdocs-static-i18n (-100) wrote Material's file
def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's index and texts; leave Material's file with its config only."""
    language = _building.pop() if _building else current_language(config)
    material_file = Path(config.site_dir) / sections.MATERIAL_INDEX_FILE
    if not material_file.exists():
        return  # Material's search is off
    material = json.loads(material_file.read_text(encoding="utf-8"))
    readable, wrong = sections.readable_entries(material)
    rendered = _rendered.get(language, set())
    entries = _entries.setdefault(language, {})
    entries.update(sections.latest_entries(readable, rendered))
    if not wrong and rendered and not quick_preview.is_quick() and not rendered & entries.keys():
        wrong.append(f"has no entry for any of the {len(rendered)} pages built")
    if wrong:  # an upgrade of Material changed its output: never a silent, empty search
        shown = os.path.relpath(material_file, project_dir(config))
        log_problems(log, [sections.format_problem(shown, wrong)])
    # a quick build keeps the other pages' entries: in site order, without deleted pages
    entries = _entries[language] = {
        url: entries[url] for url in _urls.get(language, entries) if url in entries
    }
    pages = sections.search_pages(entries, _facts.get(language, {}))
    made_of = (pages, _synonyms.get(language, ()))
    if not (quick_preview.is_quick() and _written.get(language) == made_of):
        # (a quick build that changed none of this language's pages keeps its files)
        payload, texts = engine.build_payload(pages, language, made_of[1])
        site = Path(config.site_dir)
        _write_json(site / engine.INDEX_FILE.format(language=language), payload)
        _write_json(site / engine.TEXT_FILE.format(language=language), texts)
        _written[language] = made_of
    _write_json(material_file, sections.client_config(material))


def on_build_error(error: Exception) -> None:
    """A failed build leaves no language half-built for the next one (`mkdocs serve`)."""
    _building.clear()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def language_problems(languages: tuple[str, ...]) -> list[Problem]:
    """Languages of the site that search cannot stem."""
    return [
        Problem(
            "mkdocs.yml",
            0,
            f"search has no stemmer and no stop words for the language «{language}»",
            "add it to STEMMERS and STOP_WORDS in helpcenter/search/text.py "
            "and to the browser's search-text.js",
        )
        for language in languages
        if language not in search_text.STEMMERS
    ]


def search_help(config: MkDocsConfig, nav: Navigation | None) -> messages.SearchHelp:
    """What this language's search box offers: the texts, the wizard page, the categories."""
    language = current_language(config)
    languages = site_languages(config)
    settings, _ = load_settings(project_dir(config) / HELP_CENTER_FILE, languages, HELP_CENTER_FILE)
    pages = {page.file.src_uri: page for page in nav.pages} if nav else {}
    wizard = settings.wizard and translated_path(settings.wizard, language, config)
    found = pages.get(wizard) or pages.get(settings.wizard)
    return messages.SearchHelp(
        language,
        _texts.get(language) or _texts.get(languages[0], {}),
        messages.Link(found.title or "", found.url) if found else None,
        tuple(categories(nav)) if nav else (),
    )


def categories(nav: Navigation) -> list[messages.Link]:
    """The navigation's top sections that have an index page, as links to it."""
    found = []
    for item in nav.items:
        if isinstance(item, Section):
            index = next((c for c in item.children if isinstance(c, Page) and c.is_index), None)
            if index is not None:
                found.append(messages.Link(item.title or index.title or "", index.url))
    return found


def assets_version(folder: Path) -> str:
    """A short hash of the worker's files: changes whenever one of them does."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.js")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
