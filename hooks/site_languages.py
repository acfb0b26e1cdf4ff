"""The site's languages and folders as the hooks see them, with or without i18n."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type: `make check` imports this module without MkDocs
    from mkdocs.config.defaults import MkDocsConfig


def site_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The site's languages, default first: from the i18n plugin, else the theme's."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return (config.theme.get("language") or "es",)
    return tuple(language.locale for language in plugin.config.languages)


def current_language(config: MkDocsConfig) -> str:
    """The language being built now."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return config.theme.get("language") or "es"
    return plugin.current_language or plugin.default_language


def project_dir(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: data files are found relative to it."""
    return Path(config.config_file_path).parent
