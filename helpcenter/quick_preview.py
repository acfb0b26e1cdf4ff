"""Under `make serve` (`mkdocs serve --dirty`): which pages a save makes MkDocs rebuild.

MkDocs' `--dirty` renders only the pages whose output is missing or older than their file.
Before each build of the preview (the default language's `on_pre_build`), `plan` compares
what the site is made of now with what the last build was made of, and chooses:
- **the saved page alone** (`PAGE`) when exactly one Markdown file changed, and only its
  text: same front matter, title, heading ids and anchors;
- **the changed pages' categories** (`CATEGORY`) when pages were added, deleted or had their
  front matter or titles changed inside categories (top folders of docs/): with Material's
  `navigation.prune`, a page shows its own category's pages only, so `prepare_quick_build`
  deletes the outputs of every page of those categories (both languages), of the pages whose
  `related:` names a changed page, of their neighbours (`<link rel="prev|next">`), of the
  home page and of deleted pages, and MkDocs rebuilds exactly those;
- **everything** (`FULL`, the served folder emptied first) otherwise: the last build had a
  problem or the content checks find one now (every page of the preview lists them); a
  template, data file, asset or `mkdocs.yml` changed; a category was added or removed; or the
  home page, a category's own page, a page at the top of docs/ or a `sitewide` page (the
  wizard, linked from every page) changed.

During a quick build MkDocs does not read the pages it skips, so `prepare_quick_build` gives
them their text and front matter from the content checks' index (which has read every file):
every page's navigation shows their titles, and the help-center hooks see their front matter,
as in a full build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.content.docs_index import split_language
from helpcenter.languages import current_language
from helpcenter.pages.articles import as_paths, normalize_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from helpcenter.content.docs_index import DocPage, DocsIndex

PAGE, CATEGORY, FULL = "page", "category", "full"
CATEGORY_PAGES = ("index.md", "README.md")  # a folder's own page (MkDocs' index pages)

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
    """What a build of the preview rebuilds: the saved page, its categories, or everything."""

    mode: str = FULL  # PAGE, CATEGORY or FULL
    saved: str = ""  # the changed files, as the writer sees them ("docs/contacto/x.md")
    reason: str = ""  # why more than the saved page is rebuilt
    changed: frozenset[str] = frozenset()  # CATEGORY: the changed pages' paths ("contacto/x.md")

    @property
    def quick(self) -> bool:
        """Whether MkDocs skips pages (and every hook keeps what it knew of them)."""
        return self.mode != FULL


@dataclass
class _Preview:
    dirty: bool = False  # `mkdocs serve --dirty`: quick builds are possible
    last: Inputs | None = None  # the last build that ended without a problem
    pending: Inputs | None = None  # this build's, until it ends
    plan: Plan = Plan()
    # language → the outputs of its pages: in the last clean build, and in this one
    last_outputs: dict[str, set[str]] = field(default_factory=dict)
    outputs: dict[str, set[str]] = field(default_factory=dict)
    # language → what every page's navigation shows of the categories (`categories_shown`)
    last_categories: dict[str, tuple] = field(default_factory=dict)
    categories: dict[str, tuple] = field(default_factory=dict)


_preview = _Preview()

# ----------------------------------------------------------------------------
# Events (called from hooks/content_checks.py)
# ----------------------------------------------------------------------------


def start(command: str, dirty: bool) -> None:
    """MkDocs' `on_startup`: quick builds only under `mkdocs serve --dirty`."""
    global _preview
    _preview = _Preview(dirty=command == "serve" and dirty)


def before_build(
    config: MkDocsConfig, index: DocsIndex, problems: int, sitewide: Collection[str] = ()
) -> Plan:
    """The default language's `on_pre_build`: choose, and empty the served folder for a full
    build. `problems`: how many the content checks found; `sitewide`: pages (as
    "contacto/x.md") that every page links to with their title."""
    if not _preview.dirty:
        _preview.plan = Plan()
        return _preview.plan
    current = Inputs(index, other_files(config))
    _preview.pending = current
    _preview.outputs, _preview.categories = {}, {}  # (the last build's stay as they were)
    _preview.plan = plan(_preview.last, current, problems, sitewide)
    if not _preview.plan.quick:
        empty_folder(Path(config.site_dir))
    return _preview.plan


def is_quick() -> bool:
    """Whether this build rebuilds the saved page alone (every language's build asks)."""
    return _preview.plan.quick


def prepare_quick_build(nav: Navigation, files: Files, config: MkDocsConfig) -> bool:
    """`on_nav` of every language's build: in a quick build, delete the outputs MkDocs must
    write again (the home page; in a CATEGORY build, `pages_to_rebuild`'s and those of deleted
    pages), and give the pages MkDocs skips their text and front matter. True when a CATEGORY
    build rebuilds every page of this language after all: the categories every page shows
    changed (a new first page of a category without its own page).

    Why the home page: under `--dirty`, Material's search plugin merges its new entries
    into those of its last build, dropping only the entries under the first page it indexes
    (and mkdocs-static-i18n adds each language's again), so its file doubles at every save.
    The home page is indexed first, and every address is under its own: rebuilt, it keeps
    Material's file to this build's pages. The site's index takes each page's latest
    entries either way (`helpcenter.search.sections.latest_entries`).
    """
    if not _preview.dirty:
        return False
    language = current_language(config)
    outputs = {file.abs_dest_path for file in files.documentation_pages()}
    _preview.outputs[language] = outputs
    _preview.categories[language] = categories_shown(nav)
    index = _preview.pending.index if _preview.pending else None
    if not _preview.plan.quick or index is None:
        return False
    everything = False
    stale: set[str] = set()
    if nav.homepage is not None:
        stale.add(nav.homepage.file.abs_dest_path)
    if _preview.plan.mode == CATEGORY:
        stale |= _preview.last_outputs.get(language, set()) - outputs  # deleted pages
        keys = pages_to_rebuild(index, _preview.plan.changed)
        stale |= outputs_to_rebuild(nav, files, index, keys)
        if _preview.categories[language] != _preview.last_categories.get(language):
            stale, everything = stale | outputs, True
    for path in stale:
        delete_output(Path(path), Path(config.site_dir))
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.markdown is not None:
            continue
        written_in, src = split_language(file.src_uri, index.languages, index.default_language)
        source = index.page(written_in, src) if written_in else None
        if source is None or not source.front_matter_ok:
            page.read_source(config)
        else:  # what read_source would set, from the content checks' reading of the file
            page.markdown, page.meta = source.body, dict(source.meta)
    return everything


def after_build(problems: int) -> None:
    """After the last language: the next save compares with this build, if it is clean."""
    _preview.last = _preview.pending if problems == 0 else None
    _preview.last_outputs = _preview.outputs if problems == 0 else {}
    _preview.last_categories = _preview.categories if problems == 0 else {}
    _preview.pending = None


def forget() -> None:
    """A build failed: the next one rebuilds everything."""
    _preview.last = _preview.pending = None
    _preview.last_outputs, _preview.last_categories = {}, {}
    _preview.plan = Plan()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def plan(
    previous: Inputs | None, current: Inputs, problems: int, sitewide: Collection[str] = ()
) -> Plan:
    """What a build made of `current` rebuilds, after the clean build made of `previous`."""
    if previous is None:
        return Plan(FULL, reason="the last build is not a clean one to build on")
    if problems:
        return Plan(FULL, reason="the site has problems: every page lists them")
    if current.other_files != previous.other_files:
        return Plan(FULL, reason="a template, data file, asset or mkdocs.yml changed")
    changed = changed_pages(previous.index, current.index)
    saved = ", ".join(page.display_path for page in changed)
    if len(changed) == 1 and current.index.shape() == previous.index.shape():
        new = changed[0]
        old = previous.index.page(new.language, new.src_path)
        if old is not None and (old.meta, old.has_front_matter, old.problems) == (
            new.meta,
            new.has_front_matter,
            new.problems,
        ):
            return Plan(PAGE, saved=saved)
    keys = frozenset(page.src_path for page in changed)
    reason = sitewide_change(previous.index, current.index, keys, sitewide)
    if reason:
        return Plan(FULL, saved=saved, reason=reason)
    return Plan(
        CATEGORY,
        saved=saved,
        reason="a page was added or deleted, or its front matter or outline changed",
        changed=keys,
    )


def changed_pages(previous: DocsIndex, current: DocsIndex) -> list[DocPage]:
    """The pages added, deleted or changed since `previous` (the old copy of a deleted one)."""
    found = []
    for language in current.languages:
        paths = {page.src_path for page in previous.pages(language)}
        paths |= {page.src_path for page in current.pages(language)}
        for path in sorted(paths):
            old, new = previous.page(language, path), current.page(language, path)
            if old is not new:
                found.append(new or old)
    return found


def sitewide_change(
    previous: DocsIndex, current: DocsIndex, keys: Collection[str], sitewide: Collection[str]
) -> str:
    """Why pages outside the changed pages' categories would change too ("" if they don't)."""
    if _top_entries(previous) != _top_entries(current):
        return "a category or a page at the top of docs/ was added or removed"
    for key in sorted(keys):
        category, _, rest = key.partition("/")
        if not rest:
            return f"docs/{key} is at the top of the site: every page's navigation shows it"
        if rest in CATEGORY_PAGES:
            return f"docs/{key} is a category's own page: every page's navigation shows it"
        if key in sitewide:
            return f"docs/{key} is linked from every page"
    return ""


def pages_to_rebuild(index: DocsIndex, changed: Collection[str]) -> set[str]:
    """The pages (as "contacto/x.md") that show something of the `changed` ones: those of
    their categories, and those whose `related:` names one of them."""
    categories = {key.partition("/")[0] for key in changed}
    keys = {path for path in index.src_paths() if path.partition("/")[0] in categories}
    for page in index.all_pages():
        related = {normalize_path(path) for path in as_paths(page.meta.get("related"))}
        if related & set(changed):
            keys.add(page.src_path)
    return keys


def outputs_to_rebuild(
    nav: Navigation, files: Files, index: DocsIndex, keys: Collection[str]
) -> set[str]:
    """The outputs of the pages at `keys` in this language's build, and of their neighbours
    in the navigation (each page's `<link rel="prev|next">` names them)."""
    chosen: list[Page] = []
    for file in files.documentation_pages():
        _, src = split_language(file.src_uri, index.languages, index.default_language)
        if src in keys and file.page is not None:
            chosen.append(file.page)
    neighbours = [page.previous_page for page in chosen] + [page.next_page for page in chosen]
    return {page.file.abs_dest_path for page in chosen + neighbours if page is not None}


def categories_shown(nav: Navigation) -> tuple[tuple[str, str], ...]:
    """What every page's navigation shows of each category (with `navigation.prune`): its
    title and the address it leads to (its first page, the category's own if it has one)."""
    shown = []
    for item in nav.items:
        first = item
        while first.children:
            first = first.children[0]
        if item.children:
            shown.append((str(item.title), str(getattr(first, "url", ""))))
    return tuple(shown)


def _top_entries(index: DocsIndex) -> frozenset[str]:
    """The categories (top folders) and the pages at the top of docs/."""
    return frozenset(path.partition("/")[0] for path in index.src_paths())


def delete_output(path: Path, site: Path) -> None:
    """Delete a page's output, and the folders it leaves empty (up to the site's)."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty
            break
        folder = folder.parent


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
