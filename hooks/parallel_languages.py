"""The languages of `mkdocs build` built side by side, one process each.

mkdocs-static-i18n builds the default language, then each other language inside the
default build's `on_post_build`, one after the other: a bilingual site takes twice the time
of one language on a machine with a core to spare (BENCHMARKS.md). This hook starts the
other languages' build in a forked process as soon as every `on_pre_build` of the default
language ran (the content checks scanned and checked both languages once: the forked build
reuses that, as a nested build would), before the default build cleans the site folder and
scans its files (the other build scans its own), into a staging folder beside the site.
When mkdocs-static-i18n then asks for the other languages, it waits for that process, moves
into the site every file the default build did not write (the other languages' folders,
their search indexes) and removes the staging folder. A problem in the
other build fails the build as it would have in sequence: its messages are printed as they
come, and `--strict` aborts on its warnings.

Only for `mkdocs build` without `--dirty` (not under `mkdocs serve`), on a system with
`fork` and more than one usable core; `HELP_CENTER_PARALLEL_LANGUAGES=0` turns it off (and
`HELP_CENTER_PARALLEL=0`, which also keeps the content checks in one process: split_work).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mkdocs_static_i18n.plugin as i18n_plugin
import split_work
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.plugins import event_priority
from problems import hook_logger

log = hook_logger("parallel_languages")

SWITCH = "HELP_CENTER_PARALLEL_LANGUAGES"
OUTCOME_FILE = ".outcome.json"  # in the staging folder: how the other build ended

# ----------------------------------------------------------------------------
# State
# ----------------------------------------------------------------------------


@dataclass
class _State:
    enabled: bool = False
    child: int | None = None  # the process building the other languages
    stage: Path | None = None  # where it builds them
    languages: tuple[str, ...] = ()
    waited: bool = False
    deleter: int | None = None  # the process deleting the previous site (empty_in_background)


_state = _State()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    _state.enabled = command == "build" and not dirty and parallel_allowed(os.environ)


@event_priority(-200)  # after every other on_pre_build: the content checks ran
def on_pre_build(config: MkDocsConfig) -> None:
    """In the default language's build, start the other languages' build in a new process."""
    plugin = config.plugins.get("i18n")
    if not _state.enabled or plugin is None or _state.child is not None:
        return
    if plugin.building or plugin.current_language != plugin.default_language:
        return
    others = tuple(lang for lang in plugin.build_languages if lang != plugin.current_language)
    if not others:
        return
    log.info(f"Building {', '.join(others)} in a second process, side by side")
    site_dir = Path(config.site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _build_other_languages(config, plugin, others, stage)  # never returns
    _state.child, _state.stage, _state.languages, _state.waited = pid, stage, others, False
    i18n_plugin.build = _collect_other_languages  # what its on_post_build calls per language
    _state.deleter = empty_in_background(site_dir)  # MkDocs' clean then finds nothing to delete


def empty_in_background(site_dir: Path) -> int | None:
    """Empty the site folder now; delete what was in it in a low-priority process (its pid).

    MkDocs cleans the site folder before building, in the default build only: at 1,000
    articles ≈ 1.4 s the other language's build does not wait for, so the default one ends
    that much later (BENCHMARKS.md). Its entries are moved (renamed: instant) into a folder
    beside it, which a process at the lowest priority deletes while the cores have time.
    Hidden entries stay, as MkDocs' clean keeps them; an entry that cannot be moved is left
    for MkDocs' clean.
    """
    if not site_dir.is_dir():
        return None
    names = [name for name in os.listdir(site_dir) if not name.startswith(".")]
    if not names:
        return None
    trash = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    for name in names:
        try:
            os.replace(site_dir / name, trash / name)
        except OSError:
            continue  # e.g. another file system: MkDocs' clean deletes it
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            os.nice(19)
            shutil.rmtree(trash, ignore_errors=True)
        finally:
            os._exit(0)
    return pid


@event_priority(-150)  # after mkdocs-static-i18n's on_post_build (-100) asked for the languages
def on_post_build(config: MkDocsConfig) -> None:
    if _state.child is not None:
        _collect_other_languages(config)  # it did not ask (no other language to build)
    _wait_for_deleter()
    _unpatch()


def on_build_error(error: Exception) -> None:
    """The default build failed: stop the other one and remove its folder."""
    if _state.child is not None:
        try:
            os.kill(_state.child, 9)
            os.waitpid(_state.child, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
    if _state.stage is not None:
        shutil.rmtree(_state.stage, ignore_errors=True)
    _wait_for_deleter()
    _reset()
    _unpatch()


def on_shutdown() -> None:
    _unpatch()


# ----------------------------------------------------------------------------
# The other process
# ----------------------------------------------------------------------------


def _build_other_languages(
    config: MkDocsConfig, plugin: Any, languages: tuple[str, ...], stage: Path
) -> None:
    """Build `languages` into `stage`, write how it ended, and leave the process."""
    outcome: dict[str, Any] = {"ok": False, "message": ""}
    try:
        plugin.building = True  # its on_post_build must not build the languages again
        config.site_dir = str(stage)
        for language in languages:
            plugin.current_language = language
            build(config, dirty=False)
        outcome["ok"] = True
    except Abort as error:  # strict mode: the warnings were printed as they came
        outcome["message"] = str(error)
    except (PluginError, BuildError, ConfigurationError) as error:
        log.error(str(error))
        outcome["message"] = str(error)
    except BaseException:  # noqa: BLE001 - a crash is reported, then the process ends
        traceback.print_exc()
        outcome["message"] = "the build crashed (traceback above)"
    finally:
        try:
            (stage / OUTCOME_FILE).write_text(json.dumps(outcome), encoding="utf-8")
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0 if outcome["ok"] else 1)


def _collect_other_languages(config: MkDocsConfig, dirty: bool = False) -> None:
    """Wait for the other languages' build, then move its files into the site folder."""
    if _state.child is None or _state.stage is None or _state.waited:
        return
    _state.waited = True
    _, status = os.waitpid(_state.child, 0)
    stage, languages = _state.stage, _state.languages
    outcome = _read_outcome(stage / OUTCOME_FILE)
    try:
        if os.waitstatus_to_exitcode(status) != 0 or not outcome.get("ok"):
            message = str(outcome.get("message") or "it ended without saying why")
            raise Abort(f"The {', '.join(languages)} build failed: {message}")
        (stage / OUTCOME_FILE).unlink()
        merge_into(stage, Path(config.site_dir))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        _reset()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def parallel_allowed(environ: Mapping[str, str], cores: int | None = None) -> bool:
    """Whether to build languages side by side: fork exists, two cores, not switched off
    (this hook's switch, or `HELP_CENTER_PARALLEL=0`: nothing in a second process)."""
    if environ.get(SWITCH, "").strip().lower() in split_work.OFF:
        return False
    return split_work.parallel_allowed(environ, cores)


def merge_into(stage: Path, site: Path) -> list[Path]:
    """Move every file of `stage` that `site` does not have into `site`; what was moved.

    The default language's build wrote the site's root files (its 404 page, the sitemap, the
    theme's assets); the other languages' build wrote its own folders and files beside them.
    A folder the site lacks moves whole (one rename on the same disk).
    """
    moved: list[Path] = []
    site.mkdir(parents=True, exist_ok=True)
    for entry in sorted(stage.iterdir()):
        target = site / entry.name
        if not target.exists():
            os.replace(entry, target)
            moved.append(target)
        elif entry.is_dir() and target.is_dir():
            moved += merge_into(entry, target)
    return moved


def _read_outcome(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _wait_for_deleter() -> None:
    """The build ends with the old site deleted: no folder is left beside it."""
    if _state.deleter is not None:
        try:
            os.waitpid(_state.deleter, 0)
        except ChildProcessError:
            pass
        _state.deleter = None


def _unpatch() -> None:
    if i18n_plugin.build is _collect_other_languages:
        i18n_plugin.build = build


def _reset() -> None:
    _state.child, _state.stage, _state.languages = None, None, ()
