"""Compiled theme templates kept between builds: Jinja's bytecode cache for MkDocs' theme.

Every build, and every rebuild under `mkdocs serve`, makes a new Jinja environment per
language (mkdocs-static-i18n) and compiles Material's templates and ours again: about 50
templates per language, a few seconds of CPU that a preview rebuild pays on every save
(BENCHMARKS.md). Jinja can keep the compiled code on disk: an entry is found by the
template's name and file, and used only while the hash of its source is unchanged, so an
edited template is compiled anew. The folder is per user and per environment settings (the
code Jinja generates depends on them), under the system's temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(100)  # before Material's search plugin builds an environment in its on_config
def on_config(config: MkDocsConfig) -> None:
    """Every environment the theme makes (not only the build's) gets the cache."""
    with_cache(config.theme)


@event_priority(100)  # before any other on_env loads a template
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme's environment a bytecode cache on disk."""
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache(env)
    return env


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def with_cache(theme: Any) -> None:
    """Make `theme.get_env()` return environments that have a bytecode cache."""
    make_env = theme.get_env
    if getattr(make_env, "with_bytecode_cache", False):
        return

    def get_env() -> Environment:
        env = make_env()
        if env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(env)
        return env

    get_env.with_bytecode_cache = True  # type: ignore[attr-defined]
    theme.get_env = get_env


def bytecode_cache(env: Environment, root: Path | None = None) -> FileSystemBytecodeCache:
    """A bytecode cache for `env` in a folder of its own (see `cache_dir`)."""
    folder = cache_dir(env, root)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return FileSystemBytecodeCache(str(folder))


def cache_dir(env: Environment, root: Path | None = None) -> Path:
    """`<tmp>/mkdocs-jinja-<uid>/<settings hash>`: environments that compile alike share it."""
    settings = repr(
        (
            jinja2.__version__,
            env.autoescape if isinstance(env.autoescape, bool) else env.autoescape.__qualname__,
            sorted(env.extensions),
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            env.finalize is not None,
        )
    )
    digest = hashlib.sha256(settings.encode()).hexdigest()[:16]
    base = root or Path(tempfile.gettempdir()) / f"mkdocs-jinja-{os.getuid()}"
    return base / digest
