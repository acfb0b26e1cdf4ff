"""Under `make serve` (`mkdocs serve --dirty`): which saves may rebuild the saved page alone.

MkDocs' `--dirty` renders only the pages whose file is newer than their output; that shows
the truth only when no other page depends on what was saved. So before each build of the
preview (the default language's `on_pre_build`), `plan` compares what the site is made of
now with what the last build was made of. The saved page alone is rebuilt when all of this
holds; otherwise the served folder is emptied first and MkDocs rebuilds every page, so
nothing deleted stays served:
- the last build ended without a problem, and the content checks find none now (a problem
  is listed on every page of the preview);
- no template, data file, asset or `mkdocs.yml` changed;
- no page was added, renamed or deleted, and no title, heading id or anchor changed;
- exactly one Markdown file changed, and not its front matter (titles, descriptions, dates
  and related articles show on other pages).

During a quick build MkDocs does not read the other pages, so `prepare_quick_build` reads
their text and front matter (`Page.read_source`): every page's navigation shows their
titles, and the help-center hooks see their front matter, as in a full build. (It takes
them from the content checks' index, which has read and parsed every file already.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.content.docs_index import split_language

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from helpcenter.content.docs_index import DocsIndex

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What one build of the site is made of."""

    index: DocsIndex  # every page (their objects are reused while their file is unchanged)
    other_files: tuple[tuple[str, int, int], ...]  # (path, mtime, size): all but the pages


@dataclass(frozen=True)
class Plan:
    """What a build of the preview rebuilds: the saved page alone, or everything."""

    quick: bool
    saved: str = ""  # the saved file, as the writer sees it ("docs/contacto/x.md")
    reason: str = ""  # why everything is rebuilt


@dataclass
class _Preview:
    dirty: bool = False  # `mkdocs serve --dirty`: quick builds are possible
    last: Inputs | None = None  # the last build that ended without a problem
    pending: Inputs | None = None  # this build's, until it ends
    plan: Plan = Plan(quick=False)


_preview = _Preview()

# ----------------------------------------------------------------------------
# Events (called from hooks/content_checks.py)
# ----------------------------------------------------------------------------


def start(command: str, dirty: bool) -> None:
    """MkDocs' `on_startup`: quick builds only under `mkdocs serve --dirty`."""
    global _preview
    _preview = _Preview(dirty=command == "serve" and dirty)


def before_build(config: MkDocsConfig, index: DocsIndex, problems: int) -> Plan:
    """The default language's `on_pre_build`: choose, and empty the served folder unless
    the saved page may be rebuilt alone. `problems`: how many the content checks found."""
    if not _preview.dirty:
        _preview.plan = Plan(quick=False)
        return _preview.plan
    current = Inputs(index, other_files(config))
    _preview.pending = current
    _preview.plan = plan(_preview.last, current, problems)
    if not _preview.plan.quick:
        empty_folder(Path(config.site_dir))
    return _preview.plan


def is_quick() -> bool:
    """Whether this build rebuilds the saved page alone (every language's build asks)."""
    return _preview.plan.quick


def prepare_quick_build(nav: Navigation, files: Files, config: MkDocsConfig) -> None:
    """`on_nav` of a quick build: read the text and front matter of the pages MkDocs skips,
    and have it rebuild the home page too.

    Why the home page: under `--dirty`, Material's search plugin merges its new entries
    into those of its last build, dropping only the entries under the first page it indexes
    (and mkdocs-static-i18n adds each language's again), so its file doubles at every save.
    The home page is indexed first, and every address is under its own: rebuilt, it keeps
    Material's file to this build's pages. The site's index takes each page's latest
    entries either way (`helpcenter.search.sections.latest_entries`).
    """
    if not _preview.plan.quick:
        return
    if nav.homepage is not None and nav.homepage.file.abs_dest_path:
        Path(nav.homepage.file.abs_dest_path).unlink(missing_ok=True)
    index = _preview.pending.index if _preview.pending else None
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.markdown is not None:
            continue
        source = None
        if index is not None:
            language, src = split_language(file.src_uri, index.languages, index.default_language)
            source = index.page(language, src) if language else None
        if source is None or not source.front_matter_ok:
            page.read_source(config)
        else:  # what read_source would set, from the content checks' reading of the file
            page.markdown, page.meta = source.body, dict(source.meta)


def after_build(problems: int) -> None:
    """After the last language: the next save compares with this build, if it is clean."""
    _preview.last = _preview.pending if problems == 0 else None
    _preview.pending = None


def forget() -> None:
    """A build failed: the next one rebuilds everything."""
    _preview.last = _preview.pending = None
    _preview.plan = Plan(quick=False)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def plan(previous: Inputs | None, current: Inputs, problems: int) -> Plan:
    """Whether a build made of `current` may rebuild only the page saved since `previous`."""
    if previous is None:
        return Plan(False, reason="the last build is not a clean one to build on")
    if problems:
        return Plan(False, reason="the site has problems: every page lists them")
    if current.other_files != previous.other_files:
        return Plan(False, reason="a template, data file, asset or mkdocs.yml changed")
    if current.index.shape() != previous.index.shape():
        return Plan(False, reason="a page, title, heading or anchor was added or removed")
    saved = [
        page
        for page in current.index.all_pages()
        if previous.index.page(page.language, page.src_path) is not page
    ]
    if len(saved) != 1:
        return Plan(False, reason=f"{len(saved)} pages changed")
    new = saved[0]
    old = previous.index.page(new.language, new.src_path)
    if old is None or (old.meta, old.has_front_matter, old.problems) != (
        new.meta,
        new.has_front_matter,
        new.problems,
    ):
        return Plan(False, reason=f"{new.display_path}: its front matter changed")
    return Plan(True, saved=new.display_path)


def other_files(config: MkDocsConfig) -> tuple[tuple[str, int, int], ...]:
    """Every file a build reads besides the pages: docs/'s other files, the theme's
    `custom_dir`, the `watch:` folders and mkdocs.yml, with their mtime and size."""
    roots = [config.config_file_path, config.theme.custom_dir, *config.watch, config.docs_dir]
    docs = os.path.abspath(config.docs_dir)
    found = {os.path.abspath(root) for root in roots if root}
    return tuple(sorted({entry for root in found for entry in _stamps(root, root == docs)}))


def _stamps(root: str, skip_pages: bool) -> Iterable[tuple[str, int, int]]:
    """(path, mtime, size) of a file, or of every file under a folder."""
    if os.path.isfile(root):
        stat = os.stat(root)
        yield root, stat.st_mtime_ns, stat.st_size
        return
    for folder, _, names in os.walk(root):
        for name in names:
            if skip_pages and name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # deleted meanwhile: the next save rebuilds
                continue
            yield path, stat.st_mtime_ns, stat.st_size


def empty_folder(folder: Path) -> None:
    """Delete everything in the served folder (MkDocs then writes every page afresh)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
