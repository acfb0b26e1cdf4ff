"""MkDocs adapter of the help-center experience around every page.

Computes, per language build, what the templates under overrides/ render:
breadcrumbs, the last-reviewed date, related articles, the feedback block and
the "Need more help?" link (`partials/help-center/article.html`), the home page
(`partials/help-center/home.html`), the 404 page of each language
(`404.html`), canonical and hreflang links (`partials/help-center/meta.html`)
and the sitemap (`sitemap.xml`). The logic lives in `articles`, `seo` and
`help_center_data`; here are only the `on_*` events and the glue to MkDocs.

mkdocs-static-i18n builds the default language first and the others nested in
its `on_post_build`; every event here runs once per language.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field, replace
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
from helpcenter.pages import articles, seo
from helpcenter.pages.articles import Article, Catalog, Crumb
from helpcenter.pages.settings import Settings, load_settings
from helpcenter.problems import NOTICE, Problem, hook_logger, log_problems

log = hook_logger("help_center")

DATA_FILE = "data/help-center.yml"
HOME_KEY = "index.md"

# ----------------------------------------------------------------------------
# State (reset on every build)
# ----------------------------------------------------------------------------


@dataclass
class _State:
    # this language build
    config: MkDocsConfig | None = None
    nav: Navigation | None = None
    catalog: Catalog | None = None
    settings: Settings = field(default_factory=Settings)
    versions: dict[str, dict[str, seo.Version]] = field(default_factory=dict)  # key → language
    # all language builds of one `mkdocs build` (reset by the default language's)
    reviewed: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    not_found: dict[str, str] = field(default_factory=dict)  # language → its 404 page


_state = _State()


@dataclass(frozen=True)
class PageView:
    """Everything the help-center templates show around one page (or the 404 page)."""

    kind: str  # "home", "category", "article" or "404"
    language: str
    t: dict[str, str]  # the texts of this language
    home: Article | None
    wizard: Article | None  # None on the wizard page itself
    article: Article | None = None
    crumbs: tuple[Crumb, ...] = ()
    reviewed_iso: str = ""
    reviewed_label: str = ""
    related: tuple[Article, ...] = ()
    untranslated: bool = False  # the text is in another language (fallback page)
    canonical: str | None = None
    alternates: tuple[seo.Alternate, ...] = ()
    categories: tuple[articles.Category, ...] = ()
    promoted: tuple[Article, ...] = ()


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(config: MkDocsConfig) -> None:
    _state.config = config
    current, default, built = _languages(config)
    if current == default:
        _state.reviewed.clear()
        _state.not_found.clear()
        # every language's dates now: the sitemap of each build lists them all
        _state.reviewed.update(_reviewed_dates(config, built))
    _state.nav, _state.catalog, _state.versions = None, None, {}


@event_priority(-110)  # after mkdocs-static-i18n has translated the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _state.nav = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    current, default, built = _languages(config)
    project = Path(config.config_file_path).parent
    _state.settings, problems = load_settings(project / DATA_FILE, built, DATA_FILE)
    _state.catalog = _catalog(_state.nav, current)
    _state.versions = {_key(f): _versions(f, current, built) for f in files.documentation_pages()}
    for article in _state.catalog.articles:
        if article.language == current and article.last_reviewed:
            _state.reviewed[(current, article.key)] = article.last_reviewed
    if current == default:  # the data file's problems, once per build
        problems += _wizard_notice(_state.catalog, _state.settings)
    else:
        problems = []
    log_problems(log, problems + _check_pages(files, config, current))
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if _state.catalog is not None:
        context["hc"] = _page_view(page, config)
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    if _state.catalog is None:
        return context
    if template_name == "404.html":
        # mkdocs-static-i18n points the language switcher at the current page by
        # setting an attribute on config.extra that outlives the page; without it
        # the English 404 page would offer the last Spanish page built.
        vars(config.extra).pop("alternate", None)
        context["hc"] = _not_found_view(config)
    elif template_name == "sitemap.xml":
        _, default, _ = _languages(config)
        keys = list(_state.versions)
        context["hc_sitemap"] = seo.sitemap(
            config.site_url or "/",
            [_state.versions[key] for key in keys],
            _state.reviewed,
            keys,
            default,
        )
    return context


def on_post_build(config: MkDocsConfig) -> None:
    # Every language build writes its 404 page to site/404.html: keep each one
    # and put it in its language's folder (404.html, en/404.html, ...).
    current, default, _ = _languages(config)
    site = Path(config.site_dir)
    built = site / "404.html"
    if built.is_file():
        _state.not_found[current] = built.read_text(encoding="utf-8")
    for language, html in _state.not_found.items():
        target = site / _folder(config, language, default) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


# ----------------------------------------------------------------------------
# Helpers: views
# ----------------------------------------------------------------------------


def _page_view(page: Page, config: MkDocsConfig) -> PageView:
    """What the templates show around `page`."""
    catalog = _state.catalog
    assert catalog is not None
    current, default, _ = _languages(config)
    article = catalog.get(_key(page.file)) or _article(page, "", current)
    texts = _state.settings.texts(current)
    wizard = catalog.get(articles.normalize_path(_state.settings.wizard))
    versions = _state.versions.get(article.key, {})
    this = versions.get(current) or seo.Version(current, article.language, page.url)
    kind = "home" if article is catalog.home else "category" if article.is_index else "article"
    reviewed = article.last_reviewed
    related = ()
    if kind == "article":
        skip = [wizard.key] if wizard else []
        related = articles.related_articles(
            catalog, article, _state.settings.related_limit, skip=skip
        )
    return PageView(
        kind=kind,
        language=current,
        t=texts,
        home=catalog.home,
        wizard=None if wizard is None or wizard.key == article.key else wizard,
        article=article,
        crumbs=articles.breadcrumbs(catalog, article, texts["home"]),
        reviewed_iso=reviewed.isoformat() if reviewed else "",
        reviewed_label=articles.format_date(reviewed, current) if reviewed else "",
        related=related,
        untranslated=article.language != current,
        canonical=seo.canonical(config.site_url, this, versions.get(default)),
        alternates=seo.alternates(config.site_url, versions.values(), default),
        categories=catalog.categories if kind == "home" else (),
        promoted=articles.promoted_articles(catalog) if kind == "home" else (),
    )


def _not_found_view(config: MkDocsConfig) -> PageView:
    """What the 404 page of this language shows.

    It is served at any depth, so its links start at the site's root (site_url's
    path, or "/"), as MkDocs writes the 404 page's other URLs.
    """
    catalog = _state.catalog
    assert catalog is not None
    current, _, _ = _languages(config)
    root = urlsplit(config.site_url or "/").path or "/"
    home = catalog.home
    wizard = catalog.get(articles.normalize_path(_state.settings.wizard))
    return PageView(
        kind="404",
        language=current,
        t=_state.settings.texts(current),
        home=replace(home, url=posixpath.join(root, home.url)) if home else None,
        wizard=replace(wizard, url=posixpath.join(root, wizard.url)) if wizard else None,
    )


# ----------------------------------------------------------------------------
# Helpers: the catalog
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
    meta = page.meta or {}
    return Article(
        key=_key(page.file),
        url=page.url,
        title=str(meta.get("title") or page.title or ""),
        description=str(meta.get("description") or ""),
        category=category,
        is_index=page.is_index,
        promoted=meta.get("promoted") is True,
        last_reviewed=articles.as_date(meta.get("last_reviewed")),
        related=articles.as_paths(meta.get("related")),
        language=_file_language(page.file),
    )


def _key(file: File) -> str:
    """A page's language-independent key: its default-language source path under docs/."""
    return site_languages.page_key(file.src_uri, _state.config)


def _file_language(file: File) -> str:
    """The language of a page's text (`x.en.md`: English; `x.md`: the default language)."""
    return site_languages.page_language(file.src_uri, _state.config)


def _versions(file: File, language: str, order: list[str]) -> dict[str, seo.Version]:
    """The language versions of a page, in `order`: each language's URL and text language."""
    config = _state.config
    folder = site_languages.language_folder(config, language)
    path = file.url[len(folder) + 1 :] if folder and file.url.startswith(folder + "/") else file.url
    key = _key(file)
    docs = Path(config.docs_dir)
    versions = {}
    for lang in order:
        own = (docs / site_languages.translated_path(key, lang, config)).is_file()
        text_language = lang if own else order[0]
        url = posixpath.join(site_languages.language_folder(config, lang), path)
        versions[lang] = seo.Version(lang, text_language, url if url != "." else "")
    return versions


# ----------------------------------------------------------------------------
# Helpers: checks and notices
# ----------------------------------------------------------------------------


def _check_pages(files: Files, config: MkDocsConfig, current: str) -> list[Problem]:
    """`related:` lists that name their own page, in the pages written in this language.

    Whether each path exists is checked with the other front matter
    (front_matter.py, type `pages`); pages shown untranslated are listed by
    the translation-parity check (translations.py).
    """
    catalog = _state.catalog
    assert catalog is not None
    project = Path(config.config_file_path).parent
    problems: list[Problem] = []
    for file in files.documentation_pages():
        article = catalog.get(_key(file))
        if article is None or article.language != current or not article.related:
            continue
        if all(articles.normalize_path(target) != article.key for target in article.related):
            continue  # the usual case: nothing to report, so no file to read again
        display = _display(Path(config.docs_dir) / file.src_uri, project)
        lines = articles.front_matter_lines(_read(file), "related")
        problems += articles.check_related(article, display, lines)
    return problems


def _wizard_notice(catalog: Catalog, settings: Settings) -> list[Problem]:
    """A notice when the wizard page is not part of the site (fixture sites)."""
    if not settings.wizard or catalog.get(articles.normalize_path(settings.wizard)):
        return []
    return [
        Problem(
            DATA_FILE,
            0,
            f"wizard: «{settings.wizard}» is not a page of the site; "
            "the «Need more help?» link is left out",
            "write the path under docs/ of the wizard page",
            severity=NOTICE,
        )
    ]


def _read(file: File) -> str:
    """A page's Markdown source, or "" when it cannot be read."""
    try:
        return Path(file.abs_src_path or "").read_text(encoding="utf-8")
    except OSError:
        return ""


def _display(path: Path, project: Path) -> str:
    """A path as the writer sees it: relative to the project when possible."""
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# ----------------------------------------------------------------------------
# Helpers: languages
# ----------------------------------------------------------------------------


def _reviewed_dates(config: MkDocsConfig, languages: list[str]) -> dict[tuple[str, str], dt.date]:
    """(language, key) → the last-reviewed date in the front matter of the page's own file."""
    index = docs_index.load_cached(
        Path(config.docs_dir), Path(config.config_file_path).parent, languages, languages[0]
    )
    dates = {}
    for page in index.all_pages():
        reviewed = articles.as_date(page.meta.get("last_reviewed"))
        if reviewed is not None:
            dates[(page.language, page.src_path)] = reviewed
    return dates


def _languages(config: MkDocsConfig) -> tuple[str, str, list[str]]:
    """(language of this build, default language, every language built, the default first)."""
    built = list(site_languages.site_languages(config))
    return site_languages.current_language(config), built[0], built


def _folder(config: MkDocsConfig, language: str, default: str) -> str:
    """The folder of a language under the site: "" for the default one, else e.g. "en"."""
    return site_languages.language_folder(config, language)
