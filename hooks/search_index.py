"""MkDocs adapter of search: one prebuilt index per language, from Material's sections.

Material's search plugin splits every page into sections and writes them to
`search/search_index.json` in each language build. After it, this hook writes the site's
own files for that language (`helpcenter.search.engine.build_payload`) and leaves Material's
file with its client configuration only. The browser runs the site's worker
(`docs/assets/javascripts/search/worker.js`, set in `overrides/partials/search-config.html`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcenter.languages import current_language, page_language, project_dir, site_languages
from helpcenter.problems import Problem, hook_logger, log_problems
from helpcenter.search import engine, sections
from helpcenter.search import text as search_text

log = hook_logger("search_index")

SYNONYMS_FILE = "data/synonyms.yml"
WORKER_DIR = "assets/javascripts/search"  # under docs/: the worker and the scripts it loads

_synonyms: dict[str, list[search_text.SynonymGroup]] = {}
# language → url → facts; the languages being built, innermost last (mkdocs-static-i18n
# builds the others inside the default language's on_post_build)
_facts: dict[str, dict[str, sections.PageFacts]] = {}
_building: list[str] = []

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) set this build's language
def on_config(config: MkDocsConfig) -> None:
    """Read the synonyms once per site build (the default language's), and report problems."""
    global _synonyms
    languages = site_languages(config)
    if current_language(config) != languages[0]:
        return
    _synonyms, problems = search_text.load_synonyms(
        project_dir(config) / SYNONYMS_FILE, SYNONYMS_FILE, languages
    )
    log_problems(log, problems + language_problems(languages))


def on_pre_build(config: MkDocsConfig) -> None:
    """Start this language's pages afresh."""
    language = current_language(config)
    _building.append(language)
    _facts[language] = {}


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the templates the worker's version, so browsers fetch a changed worker anew."""
    env.globals["search_worker_version"] = assets_version(Path(config.docs_dir) / WORKER_DIR)
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    """Keep what search needs of the page, if it is this language's own text."""
    language = current_language(config)
    if page_language(page.file.src_uri, config) != language:
        return  # an untranslated page shown in another language: not that language's text
    _facts[language][page.url] = sections.page_facts(
        page.url, page.title or "", page.meta, page.is_homepage or page.is_index
    )


@event_priority(-200)  # after Material's search and mkdocs-static-i18n (-100) wrote Material's file
def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's index and texts; leave Material's file with its config only."""
    language = _building.pop() if _building else current_language(config)
    material_file = Path(config.site_dir) / sections.MATERIAL_INDEX_FILE
    if not material_file.exists():
        return  # Material's search is off
    material = json.loads(material_file.read_text(encoding="utf-8"))
    pages = sections.search_pages(material.get("docs", []), _facts.get(language, {}))
    payload, texts = engine.build_payload(pages, language, _synonyms.get(language, ()))
    site = Path(config.site_dir)
    _write_json(site / engine.INDEX_FILE.format(language=language), payload)
    _write_json(site / engine.TEXT_FILE.format(language=language), texts)
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
