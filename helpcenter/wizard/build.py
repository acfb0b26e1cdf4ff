"""The wizard in a build and in `make check`: load and check the tree, check its links and
the pages' markers, render it in one language. Plain functions; hooks/contact_wizard.py
turns MkDocs' events into these calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2  # mkdocs.config imports it already: `make check` pays nothing more

from helpcenter.content import links as crosslinks
from helpcenter.content.docs_index import DocsIndex
from helpcenter.problems import ERROR, Problem
from helpcenter.wizard import channels, markers
from helpcenter.wizard import tree as wizard_tree
from helpcenter.wizard.view import Resolve, view

# ----------------------------------------------------------------------------
# The tree
# ----------------------------------------------------------------------------


def load_checked(
    project: Path, languages: Sequence[str], domains: Iterable[str]
) -> tuple[wizard_tree.Tree | None, list[Problem]]:
    """The tree of a project and every problem of its shape, routing, languages and e-mails."""
    tree, problems = load_tree(project / TREE_FILE)
    if tree is not None:
        domains = tuple(domains)
        problems += wizard_tree.validate(
            tree, tuple(languages), domains, email_checker(domains, tree.path)
        )
    return tree, problems


def load_tree(file: Path) -> tuple[wizard_tree.Tree | None, list[Problem]]:
    """`wizard_tree.load`, kept while the file is unchanged (`mkdocs serve` rebuilds)."""
    try:
        status = file.stat()
    except OSError:
        return wizard_tree.load(file, TREE_FILE)
    key = (str(file), status.st_mtime_ns, status.st_size)
    if key not in _TREE_CACHE:
        _TREE_CACHE.clear()
        _TREE_CACHE[key] = wizard_tree.load(file, TREE_FILE)
    tree, problems = _TREE_CACHE[key]
    return tree, list(problems)


_TREE_CACHE: dict[tuple[str, int, int], tuple[wizard_tree.Tree | None, list[Problem]]] = {}


def link_problems(
    tree: wizard_tree.Tree,
    index: DocsIndex,
    languages: Sequence[str],
    extra: Mapping[str, Any],
) -> list[Problem]:
    """Every link of the tree resolves: pages and anchors in every language, `ext:` keys."""

    def check(link: wizard_tree.Link) -> list[Problem]:
        return crosslinks.check_target(
            index, link.to, base="", languages=languages, path=tree.path, line=link.line
        )

    return wizard_tree.check_links(tree, check, channels.site_addresses(extra, languages[0]))


def email_checker(domains: Iterable[str], tree_path: str) -> wizard_tree.EmailCheck:
    """Checks that an e-mail address of the tree is well formed and on an allowed domain."""
    domains = list(domains)

    def check(email: wizard_tree.Email) -> list[Problem]:
        return crosslinks.check_email(email.address, domains, path=tree_path, line=email.line)

    return check


def used_external_keys(tree: wizard_tree.Tree | None, index: DocsIndex) -> set[str]:
    """The `ext:` keys the tree and the pages link to."""
    keys = {
        link.target.strip().removeprefix("ext:")
        for page in index.all_pages()
        for link in page.links
        if link.target.strip().startswith("ext:")
    }
    if tree is not None:
        keys |= {
            link.to.removeprefix("ext:")
            for link in wizard_tree.links(tree)
            if link.to.startswith("ext:")
        }
    return keys


# ----------------------------------------------------------------------------
# `make check`: the same findings without a build
# ----------------------------------------------------------------------------


def content_problems(index: DocsIndex, settings: object) -> list[Problem]:
    """The tree's and the markers' problems, and the Help Center notice, for `make check`."""
    languages = tuple(getattr(settings, "languages", ("es", "en")))
    links = getattr(settings, "links", crosslinks.LinkSettings())
    project = Path(getattr(settings, "project_dir", "."))
    # mkdocs.yml's `extra` and `hooks` as the settings read them (from the config file the
    # build or `make check -f` loaded, whatever its name)
    extra = getattr(settings, "extra", None)
    extra = extra if isinstance(extra, Mapping) else {}
    tree, problems = load_checked(project, languages, links.email_domains)
    if tree is not None and index.page(languages[0], tree.page) is not None:
        problems += link_problems(tree, index, languages, extra)
    known = markers.known_markers(str(hook) for hook in getattr(settings, "hooks", ()) or ())
    for language in languages:
        for page in index.pages(language):
            is_wizard = tree is not None and page.src_path == tree.page
            if not is_wizard and not markers.has_marker(page.text or ""):
                continue  # no marker on a page that needs none: nothing to check
            problems += markers.marker_problems(
                page.text or "",
                page.display_path,
                known,
                allowed=is_wizard,
                wizard_page=tree.page if tree else None,
            )
    notice = channels.missing_address_notice(extra, languages, used_external_keys(tree, index))
    return problems + ([notice] if notice else [])


# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------


def render(
    theme_dirs: Sequence[str],
    tree: wizard_tree.Tree,
    language: str,
    resolve: Resolve,
    assets: Mapping[str, str | None],
) -> str:
    """The wizard's HTML in one language, from its Jinja template (autoescaped)."""
    data = view(tree, language, resolve)
    return _environment(tuple(theme_dirs)).get_template(TEMPLATE).render(wizard=data, assets=assets)


@functools.lru_cache(maxsize=4)
def _environment(theme_dirs: tuple[str, ...]) -> jinja2.Environment:
    """One environment per set of template folders, for every language and every rebuild of
    `mkdocs serve`: the template is compiled once (Jinja's auto_reload recompiles it when the
    file changes)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(theme_dirs)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def resolver(
    url_of: Callable[[str], str | None], extra: Mapping[str, Any], language: str
) -> Resolve:
    """Turns `contacto/x.md#id` into a URL (through `url_of`, relative to the page) and
    `ext:<key>` into its address in this language (None while it has none)."""
    external = channels.site_addresses(extra, language)

    def resolve(target: str) -> str | None:
        if target.startswith("ext:"):
            return external.get(target.removeprefix("ext:")) or None
        path, _, fragment = target.partition("#")
        url = url_of(path)
        if url is None:
            return None
        return f"{url}#{fragment}" if fragment else url

    return resolve


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of the problems is an error (not a notice)."""
    return any(problem.severity == ERROR for problem in problems)


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

TREE_FILE = "data/contact-tree.yml"
TEMPLATE = "hooks/contact-wizard.html"
ASSETS = {
    "script": "assets/javascripts/contact-wizard.js",
    "style": "assets/stylesheets/contact-wizard.css",
}
