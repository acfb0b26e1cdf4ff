"""`mkdocs serve`: after a save, rebuild only the languages the saved files belong to.

mkdocs-static-i18n rebuilds every language on every change, and each language build costs
its own file scan, navigation, search index and sitemap even when `--dirty` re-renders only
the changed page (BENCHMARKS.md). While previewing, this hook compares the watched files
(docs/, mkdocs.yml, and `watch:`) with the last good build:

- only Markdown pages changed, none added or removed: rebuild their languages. A page of
  the default language also rebuilds each language that shows it as a fallback (it has no
  translation there). The default language is always built: mkdocs-static-i18n builds the
  others inside it; with `--dirty` its unchanged pages are not rendered again;
- anything else (a page added or removed, an asset, a template, data, the config, the first
  build): every language.

`mkdocs build` always builds every language; so does `make serve SERVE_FLAGS=` (no
`--dirty`), which renders every page again on each save.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import mkdocs_static_i18n.plugin as i18n_plugin
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from problems import hook_logger

log = hook_logger("preview_languages")

Stamps = dict[str, tuple[int, int]]  # path → (mtime in ns, size)

# ----------------------------------------------------------------------------
# State
# ----------------------------------------------------------------------------


@dataclass
class _State:
    serving: bool = False
    dirty: bool = False
    built: Stamps | None = None  # the watched files at the last good build
    pending: Stamps | None = None  # … at the start of this one
    skipped: set[str] = field(default_factory=set)


_state = _State()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    _state.serving, _state.dirty, _state.built = command == "serve", dirty, None


@event_priority(100)
def on_pre_build(config: MkDocsConfig) -> None:
    """In the default language's build under `mkdocs serve --dirty`: which languages to skip."""
    plugin = config.plugins.get("i18n")
    if not (_state.serving and _state.dirty) or plugin is None or plugin.building:
        return
    if plugin.current_language != plugin.default_language:
        return
    stamps = snapshot(watched_paths(config))
    _state.pending = stamps
    languages = tuple(plugin.build_languages)
    needed = languages_to_rebuild(
        _state.built, stamps, Path(config.docs_dir), languages, plugin.default_language
    )
    _state.skipped = set(languages) - needed
    if _state.skipped:
        shown = ", ".join(lang for lang in languages if lang in needed)
        log.info(
            f"Preview: rebuilding {shown} only (the files saved belong to it); "
            "`make serve SERVE_FLAGS=` rebuilds everything"
        )
        i18n_plugin.build = _build_unless_skipped


@event_priority(-150)  # after mkdocs-static-i18n's on_post_build (-100) built the languages
def on_post_build(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("i18n")
    if plugin is None or plugin.building or _state.pending is None:
        return
    _state.built, _state.pending = _state.pending, None  # a good build: the new reference
    _unpatch()


def on_build_error(error: Exception) -> None:
    _state.built, _state.pending = None, None  # the next save rebuilds every language
    _unpatch()


def on_shutdown() -> None:
    _unpatch()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def watched_paths(config: MkDocsConfig) -> list[Path]:
    """What `mkdocs serve` watches: docs_dir, the config file, and `watch:`."""
    paths = [Path(config.docs_dir)]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    paths += [Path(path) for path in config.watch]
    return paths


def snapshot(paths: list[Path]) -> Stamps:
    """(mtime, size) of every file under `paths`."""
    stamps: Stamps = {}
    for root in paths:
        if root.is_file():
            status = root.stat()
            stamps[str(root)] = (status.st_mtime_ns, status.st_size)
            continue
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                stamps[path] = (status.st_mtime_ns, status.st_size)
    return stamps


def languages_to_rebuild(
    before: Stamps | None,
    now: Stamps,
    docs_dir: Path,
    languages: tuple[str, ...],
    default: str,
) -> set[str]:
    """The languages a rebuild needs after the watched files went from `before` to `now`."""
    everything = set(languages)
    if before is None or before.keys() != now.keys():
        return everything  # first build, or a file added or removed
    changed = [path for path, stamp in now.items() if before[path] != stamp]
    needed = {default}
    docs = str(docs_dir) + os.sep
    for path in changed:
        if not path.startswith(docs) or not path.endswith(".md"):
            return everything
        language, original = page_language(path, languages, default)
        needed.add(language)
        if language == default:
            stem = original[: -len(".md")]
            needed.update(lang for lang in languages if f"{stem}.{lang}.md" not in now)
    return needed


def page_language(path: str, languages: tuple[str, ...], default: str) -> tuple[str, str]:
    """("en", ".../x.md") for ".../x.en.md"; (default, path) for a page of the default one."""
    stem = path[: -len(".md")]
    base, dot, suffix = stem.rpartition(".")
    if dot and os.sep not in suffix and suffix in languages and suffix != default:
        return suffix, f"{base}.md"
    return default, path


def _build_unless_skipped(config: MkDocsConfig, dirty: bool = False) -> None:
    """mkdocs-static-i18n's call per other language: build it unless nothing of it changed."""
    plugin = config.plugins.get("i18n")
    if plugin is not None and plugin.current_language in _state.skipped:
        return
    build(config, dirty=dirty)


def _unpatch() -> None:
    if i18n_plugin.build is _build_unless_skipped:
        i18n_plugin.build = build
