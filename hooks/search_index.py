"""MkDocs adapter of the site's search: a prebuilt index per language, searched in the reader's.

Each page is split into sections as Material's search plugin splits it (honouring
`data-search-exclude` and `search: exclude`), by `search_sections.page_entries`, which makes
Material's entries without its slow HTML parser: in every language build this hook puts
`_material_page_context` where Material's `on_page_context` stood in the event list
(`use_fast_sections`). This hook takes each page's sections right after they were made, per
language build, and when the build is over writes two files per
language (`search_engine.build_payload`): `search/search_index.<language>.json`, what the
worker needs to answer (page locations and titles, stop words, synonyms from
`data/synonyms.yml`, a prebuilt lunr index), and `search/search_text.<language>.json`, the
section text shown under the results, which the worker loads once it is ready.

Material's own `search/search_index.json` (every language mixed, built again in each browser)
becomes a small file that only carries Material's client configuration. The browser runs the
site's worker (`docs/assets/javascripts/search/worker.js`, set in
`overrides/partials/search-config.html`), which loads the file of the page's language and
answers Material's search box.

mkdocs-static-i18n builds the default language first and the others nested in its
`on_post_build`; every event here runs once per language.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import search_engine
import search_sections
import search_text
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from problems import Problem, hook_logger, log_problems
from site_languages import current_language, project_dir, site_languages

log = hook_logger("search_index")

SYNONYMS_FILE = "data/synonyms.yml"
WORKER_DIR = "assets/javascripts/search"  # under docs/: the worker and the scripts it loads
INDEX_FILE = search_engine.INDEX_FILE  # under the site folder
TEXT_FILE = search_engine.TEXT_FILE
MATERIAL_INDEX_FILE = "search/search_index.json"
# "0": pages are split by Material's own parser, as before (tests compare the two builds)
FAST_SECTIONS_SWITCH = "HELP_CENTER_FAST_SEARCH_SECTIONS"

# ----------------------------------------------------------------------------
# State
# ----------------------------------------------------------------------------


@dataclass
class _State:
    dirty: bool = False  # `mkdocs serve --dirty`: keep the pages that were not rebuilt
    serving: bool = False  # `mkdocs serve`: indexes written in the background (see on_post_build)
    groups: dict[str, list[search_text.SynonymGroup]] = field(default_factory=dict)
    pages: dict[str, dict[str, search_engine.SearchPage]] = field(default_factory=dict)
    # languages built since the last write → the process that built them (a language built
    # in another process, hooks/parallel_languages.py, is written there)
    pending: dict[str, int] = field(default_factory=dict)
    generation: int = 0  # builds under `mkdocs serve`: only the latest one's indexes are written


_state = _State()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    _state.dirty = dirty
    _state.serving = command == "serve"


def on_config(config: MkDocsConfig) -> None:
    """Split pages without Material's parser; read the synonyms once per build, and report
    their problems.

    Every language build runs this: mkdocs-static-i18n's nested builds reuse the plugins and
    their event list, `mkdocs serve` loads new ones for each rebuild.
    """
    use_fast_sections(config, os.environ)
    if current_language(config) != site_languages(config)[0]:
        return
    languages = site_languages(config)
    groups, problems = search_text.load_synonyms(
        project_dir(config) / SYNONYMS_FILE, SYNONYMS_FILE, languages
    )
    problems += language_problems(languages)
    _state.groups = groups
    log_problems(log, problems)


def on_pre_build(config: MkDocsConfig) -> None:
    """Start this language's pages afresh (unless only changed pages are being rebuilt)."""
    language = current_language(config)
    if not _state.dirty or language not in _state.pages:
        _state.pages[language] = {}
    _state.pending[language] = os.getpid()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the templates the worker's version, so browsers fetch a changed worker anew."""
    env.globals["search_worker_version"] = assets_version(Path(config.docs_dir) / WORKER_DIR)
    return env


@event_priority(-10)  # after the page was split into sections (by Material or by ours)
def on_page_context(
    context: dict, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict | None:
    """Keep the page's sections for this language's index."""
    language = current_language(config)
    entries = take_material_entries(config, page.url)
    if getattr(page.file, "locale", language) != language:
        return None  # an untranslated page shown in another language: not that language's text
    if not entries:
        return None  # `search: exclude: true`, or Material's search is off
    boost = search_engine.HUB_BOOST if page.is_homepage or page.is_index else 1.0
    _state.pages.setdefault(language, {})[page.url] = search_engine.SearchPage(
        url=page.url,
        title=str(page.meta.get("title") or page.title or ""),
        description=str(page.meta.get("description") or ""),
        entries=entries,
        boost=boost,
    )
    return None


@event_priority(-200)  # after mkdocs-static-i18n (-100) has rewritten Material's index
def on_post_build(config: MkDocsConfig) -> None:
    """Write the index of each language built, and Material's file without documents.

    Under `mkdocs serve` the indexes are computed and written in the background: the saved
    page is served as soon as it is built, and search catches up a moment later.
    """
    site = Path(config.site_dir)
    jobs = [
        (language, list(_state.pages.get(language, {}).values()), _state.groups.get(language, ()))
        for language, pid in sorted(_state.pending.items())
        if pid == os.getpid()
    ]
    _state.pending.clear()
    plugin = search_plugin(config)
    if plugin is not None:
        _write_json(site / MATERIAL_INDEX_FILE, material_config(plugin))
    if not _state.serving:
        write_indexes(site, jobs)
        return
    _state.generation += 1
    generation = _state.generation
    threading.Thread(
        target=_write_in_background, args=(site, jobs, generation), daemon=True
    ).start()


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
            "add it to STEMMERS and STOP_WORDS in hooks/search_text.py "
            "and to the browser's search-text.js",
        )
        for language in languages
        if language not in search_text.STEMMERS
    ]


def search_plugin(config: MkDocsConfig) -> object | None:
    """Material's search plugin, when it is on."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not getattr(plugin, "config", {}).get("enabled", True):
        return None
    return plugin


def use_fast_sections(config: MkDocsConfig, environ: Mapping[str, str]) -> bool:
    """Put `_material_page_context` in the place of Material's `on_page_context`; whether it is.

    Same place in the event list, so every other handler sees the page as it did before.
    Nothing changes when Material's search is off or absent, or the switch says "0".
    """
    plugin = search_plugin(config)
    if plugin is None or environ.get(FAST_SECTIONS_SWITCH, "").strip().lower() in _OFF:
        return False
    events = config.plugins.events["page_context"]
    material = plugin.on_page_context  # type: ignore[attr-defined]
    for position, method in enumerate(events):
        if method == material:
            events[position] = _material_page_context
    return _material_page_context in events


_OFF = {"0", "no", "false", "off"}


def _material_page_context(
    context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation
) -> None:
    """Material's search `on_page_context`, without its parser: the page's entries, added to
    Material's index as it adds them, and the page without `data-search-*` attributes."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    entries = search_sections.page_entries(page.content, page.toc, page.url, page.meta, page.title)
    plugin.search_index.entries.extend(entries)  # type: ignore[attr-defined]
    page.content = search_sections.strip_search_attributes(page.content)
    return None


def take_material_entries(config: MkDocsConfig, url: str) -> list[dict]:
    """The search entries Material just made for the page at `url` (the last ones it added).

    They are taken out of Material's index: its own file carries no documents (we write
    `material_config` over it), so Material has nothing to serialize at the end of the build.
    """
    plugin = search_plugin(config)
    index = getattr(plugin, "search_index", None)
    entries: list[dict] | None = getattr(index, "entries", None)
    if not entries:
        return []
    start = len(entries)
    while start > 0 and entries[start - 1]["location"].split("#", 1)[0] == url:
        start -= 1  # from the end: no copy of the whole site's list per page
    found = entries[start:]
    del entries[start:]
    return found


def material_config(plugin: object) -> dict:
    """Material's `search_index.json` with its client configuration and no documents."""
    settings = plugin.config  # type: ignore[attr-defined]
    config = {key: settings[key] for key in ("lang", "separator", "pipeline", "fields")}
    return {"config": config, "docs": []}


def assets_version(folder: Path) -> str:
    """A short hash of the worker's files: changes whenever one of them does."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.js")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def write_indexes(
    site: Path,
    jobs: list[tuple[str, list[search_engine.SearchPage], list[search_text.SynonymGroup]]],
    still_wanted: object = None,
) -> None:
    """Compute and write each (language, pages, synonyms) job's index and texts files."""
    for language, pages, groups in jobs:
        payload, texts = search_engine.build_payload(pages, language, groups)
        with _WRITE_LOCK:
            if callable(still_wanted) and not still_wanted():
                return  # a newer build's indexes are on their way
            _write_json(site / INDEX_FILE.format(language=language), payload)
            _write_json(site / TEXT_FILE.format(language=language), texts)


_WRITE_LOCK = threading.Lock()


def _write_in_background(
    site: Path,
    jobs: list[tuple[str, list[search_engine.SearchPage], list[search_text.SynonymGroup]]],
    generation: int,
) -> None:
    try:
        write_indexes(site, jobs, lambda: generation == _state.generation)
        log.debug(f"search indexes written: {', '.join(job[0] for job in jobs)}")
    except Exception as error:  # noqa: BLE001 - the server keeps serving; say what went wrong
        log.error(f"the search index could not be written ({error!r}); search shows the last one")


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
