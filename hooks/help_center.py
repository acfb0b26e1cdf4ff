"""MkDocs adapter of the help-center pages (the logic is in `helpcenter.pages`).

Per language build it turns MkDocs' navigation into a `Catalog` and gives the templates of
overrides/ what `helpcenter.pages.views` picks: `hc` around every page (breadcrumbs, date,
related articles, home, category listing, header links), the 404 page with every language's
message, the brand's colours (`hc_brand`) and the sitemap (`hc_sitemap`).

mkdocs-static-i18n builds the default language first and the others nested in its
`on_post_build`; every event here runs once per language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpcenter import languages as site_languages
from helpcenter.content import docs_index
from helpcenter.pages import articles, assets, brand, overrides, seo, views
from helpcenter.pages.articles import Article, Catalog
from helpcenter.pages.compiled_templates import CompiledTemplates
from helpcenter.pages.settings import Settings, load_settings
from helpcenter.problems import Problem, hook_logger, log_problems
from helpcenter.wizard.channels import help_center_addresses

log = hook_logger("help_center")

DATA_FILE = "data/help-center.yml"
HOME_KEY = "index.md"


@dataclass
class _State:
    config: MkDocsConfig | None = None  # this language build
    nav: Navigation | None = None
    catalog: Catalog | None = None
    settings: Settings = field(default_factory=Settings)
    brand: brand.Brand = field(default_factory=brand.Brand)
    versions: dict[str, dict[str, seo.Version]] = field(default_factory=dict)
    # all language builds of one `mkdocs build` (reset by the default language's)
    index: docs_index.DocsIndex | None = None
    reviewed: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    not_found: dict[str, str] = field(default_factory=dict)  # language → its 404 page


_state = _State()
# Outlives a build on purpose: the next language's build and `mkdocs serve`'s rebuilds reuse
# the compiled templates (an edited template is recompiled; an empty cache only costs time).
_compiled_templates = CompiledTemplates()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(config: MkDocsConfig) -> None:
    _state.config = config
    current, default, built = _languages(config)
    if current == default or _state.index is None:
        _state.not_found.clear()
        _state.index = docs_index.load_cached(
            Path(config.docs_dir), site_languages.project_dir(config), built, default
        )
        # every language's dates now: the sitemap of each build lists them all
        _state.reviewed = articles.reviewed_dates(
            (page.language, page.src_path, page.meta) for page in _state.index.all_pages()
        )
    _state.nav, _state.catalog, _state.versions = None, None, {}


@event_priority(-110)  # after mkdocs-static-i18n has translated the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # a category's articles in the order their front matter sets (`order:`), then by name
    for section in _sections(nav.items):
        children = list(section.children)
        orders = [_order(child) for child in children]
        first = [isinstance(child, Page) and child.is_index for child in children]
        section.children[:] = [children[i] for i in articles.ordering(orders, first)]
    _state.nav = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _compiled_templates  # Jinja's setting; no template is loaded yet
    current, default, built = _languages(config)
    project = site_languages.project_dir(config)
    _state.settings, problems = load_settings(project / DATA_FILE, built, DATA_FILE)
    _state.brand, brand_problems = brand.brand_of_config(
        Path(config.config_file_path), config.extra.get("brand")
    )
    _state.catalog = _catalog(_state.nav, current)
    folders = {lang: site_languages.language_folder(config, lang) for lang in built}
    _state.versions = {
        _key(f): views.versions(_key(f), _path(f, folders[current]), built, folders, _translated)
        for f in files.documentation_pages()
    }
    if current == default:  # the data files' problems, once per build
        problems += brand_problems
        if config.theme.custom_dir:
            problems += overrides.shadowed_overrides(env, Path(config.theme.custom_dir), project)
        if _state.index is not None:
            problems += views.wizard_path_problems(
                _state.settings, _state.index, current, DATA_FILE
            )
    else:
        problems = []
    log_problems(log, problems + _check_pages(files, config, current))
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    catalog = _state.catalog
    if catalog is not None:
        current, default, _ = _languages(config)
        article = catalog.get(_key(page.file)) or _article(page, "", current)
        context["hc"] = views.page_view(
            catalog,
            _state.settings,
            article,
            _state.versions.get(article.key, {}),
            default,
            config.site_url,
            _header_links(config, current),
        )
        context["hc_brand"] = _state.brand
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    catalog = _state.catalog
    if catalog is None:
        return context
    current, default, built = _languages(config)
    if template_name == "404.html":
        folders = {lang: site_languages.language_folder(config, lang) for lang in built}
        context["hc"] = views.not_found_view(
            catalog,
            _state.settings,
            urlsplit(config.site_url or "/").path or "/",
            folders,
            _wizard_titles(built),
            _header_links(config, current),
        )
        context["hc_brand"] = _state.brand
    elif template_name == "sitemap.xml":
        keys = list(_state.versions)
        context["hc_sitemap"] = seo.sitemap(
            config.site_url or "/",
            [_state.versions[key] for key in keys],
            _state.reviewed,
            keys,
            default,
        )
    return context


def content_problems(index: docs_index.DocsIndex, settings: Any) -> list[Problem]:
    """For `make check`: `data/help-center.yml`'s wizard path (its other problems are the
    data file's own, which `make check` reads apart)."""
    languages = tuple(settings.languages)
    help_center, _ = load_settings(Path(settings.project_dir) / DATA_FILE, languages, DATA_FILE)
    return views.wizard_path_problems(help_center, index, languages[0], DATA_FILE)


def on_post_build(config: MkDocsConfig) -> None:
    current, _, _ = _languages(config)
    site = Path(config.site_dir)
    # Each language build copies docs/assets/ into the site again: each minifies its copy.
    assets.minify(site, assets.page_assets(Path(config.docs_dir)))
    # Every language build writes its 404 page to site/404.html: keep each one and put it in
    # its language's folder (404.html, en/404.html, ...).
    built = site / "404.html"
    if built.is_file():
        _state.not_found[current] = built.read_text(encoding="utf-8")
    for language, html in _state.not_found.items():
        target = site / site_languages.language_folder(config, language) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


# ----------------------------------------------------------------------------
# Helpers: MkDocs objects to the core's
# ----------------------------------------------------------------------------


def _catalog(nav: Navigation | None, language: str) -> Catalog:
    """The catalog of this language build, from its navigation."""
    pages: list[Article] = []
    categories: list[articles.Category] = []
    for item in nav.items if nav else []:
        if isinstance(item, Page):
            pages.append(_article(item, "", language))
        elif isinstance(item, Section):
            under = _pages_under(item)
            index = next((p for p in under if p.is_index), None)
            key = _key(index.file) if index else item.title
            members = [_article(p, key, language) for p in under]
            category = articles.make_category(item.title, members)
            if category:
                categories.append(category)
                pages.extend(members)
    home_key = _key(nav.homepage.file) if nav and nav.homepage else HOME_KEY
    return articles.make_catalog(language, pages, categories, home_key)


def _sections(items: list[Any]) -> list[Section]:
    """Every section of the navigation, nested ones included."""
    found = []
    for item in items:
        if isinstance(item, Section):
            found.append(item)
            found.extend(_sections(item.children))
    return found


def _pages_under(section: Section) -> list[Page]:
    """Every page of a section and its subsections, in nav order."""
    found: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            found.append(child)
        elif isinstance(child, Section):
            found.extend(_pages_under(child))
    return found


def _article(page: Page, category: str, language: str) -> Article:
    """The help center's view of one MkDocs page."""
    return articles.article_from_meta(
        _key(page.file),
        page.url,
        page.meta or {},
        page.title or "",
        category=category,
        is_index=page.is_index,
        language=site_languages.page_language(page.file.src_uri, _state.config),
    )


def _order(item: Any) -> float | None:
    """The `order:` of a nav item's page (its default-language file's), if it sets one."""
    if not isinstance(item, Page) or _state.index is None:
        return None
    default = site_languages.default_language(_state.config)
    source = _state.index.page(default, _key(item.file))
    return articles.as_order(source.meta.get("order")) if source else None


def _key(file: File) -> str:
    """A page's language-independent key: its default-language source path under docs/."""
    return site_languages.page_key(file.src_uri, _state.config)


def _path(file: File, folder: str) -> str:
    """A page's URL inside its language's folder ("contacto/x/")."""
    return file.url[len(folder) + 1 :] if folder and file.url.startswith(folder + "/") else file.url


def _translated(key: str, language: str) -> bool:
    """Whether a page has its own file in `language`."""
    path = site_languages.translated_path(key, language, _state.config)
    return (Path(_state.config.docs_dir) / path).is_file()


def _wizard_titles(languages: list[str]) -> dict[str, str]:
    """The wizard page's title in each language that has it."""
    key = articles.normalize_path(_state.settings.wizard)
    titles = {}
    for language in languages:
        page = _state.index.page(language, key) if _state.index and key else None
        if page is not None:
            titles[language] = str(page.meta.get("title") or page.title or "")
    return titles


def _header_links(config: MkDocsConfig, language: str) -> tuple[views.HeaderLink, ...]:
    """The header's links to the Help Center, while its addresses are set."""
    addresses = help_center_addresses(config.extra, language)
    return views.header_links(_state.settings.texts(language), addresses)


def _check_pages(files: Files, config: MkDocsConfig, current: str) -> list[Problem]:
    """`related:` lists that name their own page, in the pages written in this language."""
    catalog, index = _state.catalog, _state.index
    assert catalog is not None
    keys = [_key(file) for file in files.documentation_pages()]
    return articles.self_references(
        catalog, keys, lambda key: index.page(current, key) if index else None
    )


def _languages(config: MkDocsConfig) -> tuple[str, str, list[str]]:
    """(language of this build, default language, every language built, the default first)."""
    built = list(site_languages.site_languages(config))
    return site_languages.current_language(config), built[0], built
