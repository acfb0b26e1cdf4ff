"""The site's languages, read from the loaded MkDocs config through documented settings.

mkdocs-static-i18n's `languages` setting lists them (default first here); the language
being built is the theme's `language`, which each language's settings give. A page's
language is its file name's (`x.en.md`), mkdocs-static-i18n's `docs_structure: suffix`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type: `make check` imports this module without building
    from mkdocs.config.defaults import MkDocsConfig


def site_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The languages built, default first: from i18n's `languages`, else the theme's."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return (str(config.theme.get("language") or "es"),)
    if _last_read[0] is plugin.config.languages:  # asked for every page: read once per config
        return _last_read[1]
    entries = [entry for entry in plugin.config.languages if entry.build]
    entries.sort(key=lambda entry: not entry.default)
    _last_read[:] = [plugin.config.languages, tuple(str(entry.locale) for entry in entries)]
    return _last_read[1]


_last_read: list = [None, ()]  # i18n's `languages` setting last read, and its languages


def current_language(config: MkDocsConfig) -> str:
    """The language being built now: the theme's, which each language's settings set."""
    return str(config.theme.get("language") or site_languages(config)[0])


def page_language(src_uri: str, config: MkDocsConfig) -> str:
    """The language of a docs file from its name: `x.en.md` is English, `x.md` the default."""
    languages = site_languages(config)
    stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    suffix = stem.rsplit(".", 1)[-1] if "." in stem else ""
    return suffix if suffix in languages else languages[0]


def project_dir(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: data files are found relative to it."""
    return Path(config.config_file_path).parent


def default_language(config: MkDocsConfig) -> str:
    """The site's default language (first of `site_languages`)."""
    return site_languages(config)[0]


def language_folder(config: MkDocsConfig, language: str) -> str:
    """A language's folder under the site: "" for the default, else i18n's `link` ("en")."""
    if language == default_language(config):
        return ""
    plugin = config.plugins.get("i18n")
    for entry in plugin.config.languages if plugin is not None else ():
        if entry.locale == language:
            return str(entry.link or language).strip("/")
    return language


def page_key(src_uri: str, config: MkDocsConfig) -> str:
    """A page's language-independent key: its default-language path (`contacto/x.md`)."""
    language = page_language(src_uri, config)
    if language == default_language(config):
        return src_uri
    return src_uri[: -len(f".{language}.md")] + ".md"


def translated_path(key: str, language: str, config: MkDocsConfig) -> str:
    """The path under docs/ of a page's version in `language` (`contacto/x.en.md`)."""
    if language == default_language(config):
        return key
    return f"{key[:-3]}.{language}.md"
