"""The `<!-- hooks/… -->` markers of the pages: the wizard's stands alone on its page, once.

A marker must name a hook of the site (mkdocs.yml `hooks:`); other hooks check their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------


def marker_problems(
    text: str,
    path: str,
    known: Iterable[str],
    allowed: bool,
    wizard_page: str | None,
) -> list[Problem]:
    """Problems with the `<!-- hooks/… -->` markers of one Markdown file.

    A marker must name a hook of the site; the wizard's marker must stand alone on its line,
    outside code blocks, once, and only on the wizard's page (which must have it).
    `wizard_page` is None when the tree is broken: then only the marker itself is checked.
    """
    problems: list[Problem] = []
    known = set(known)
    seen = 0  # wizard markers well placed on the wizard's page
    for number, line, in_code in _markdown_lines(text):
        for match in _MARKER_RE.finditer(line):
            found = _marker_problem(match, line, in_code, known, allowed, wizard_page, seen)
            if found:
                problems.append(Problem(path, number, *found))
            elif match.group(1) == MARKER_NAME:
                seen += 1
    if allowed and not seen and not problems:
        problems.append(
            Problem(
                path,
                0,
                f"the wizard's page has no `{MARKER}` marker",
                "add the marker alone on its own line where the wizard should appear",
            )
        )
    return problems


def _marker_problem(
    match: re.Match[str],
    line: str,
    in_code: bool,
    known: set[str],
    allowed: bool,
    wizard_page: str | None,
    seen: int,
) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for one marker, or None when it is well placed."""
    name, shown = match.group(1), match.group(0)
    if in_code:
        return (
            f"marker `{shown}` inside a code block",
            "move it out of the code block, alone on its own line",
        )
    if name not in known:
        return (
            f"unknown marker `{shown}`",
            f"markers name a hook of mkdocs.yml `hooks:`; the wizard's is `{MARKER}`",
        )
    if name != MARKER_NAME:
        return None  # another hook's marker: that hook checks it
    if line.rstrip() != MARKER:
        return (
            f"marker `{shown}` is not alone on its line",
            f"write `{MARKER}` on a line of its own, not indented",
        )
    if wizard_page is not None and not allowed:
        return (
            f"marker `{MARKER}` on a page other than the wizard's",
            f"the wizard is shown only on docs/{wizard_page}; link to that page",
        )
    if seen:
        return (
            f"marker `{MARKER}` appears more than once",
            "keep a single marker: the wizard is shown once per page",
        )
    return None


def known_markers(hooks: Iterable[str]) -> set[str]:
    """Marker names allowed on pages: `hooks/<file>.py` for each hook of the site."""
    return {f"hooks/{PurePath(hook).name}" for hook in hooks} | {MARKER_NAME}


def has_marker(text: str) -> bool:
    """Whether a Markdown file has any `<!-- hooks/… -->` marker."""
    return _MARKER_RE.search(text) is not None


def _markdown_lines(text: str) -> Iterable[tuple[int, str, bool]]:
    """(line number, line, inside a fenced code block) for the Markdown after front matter,
    as markdown-it-py reads the file (an unclosed fence runs to the end, as MkDocs renders it)."""
    lines = text.splitlines()
    skipped: set[int] = set()
    fenced: set[int] = set()
    for token in _PARSER.parse(text):
        if token.map and token.type in ("front_matter", "fence"):
            (skipped if token.type == "front_matter" else fenced).update(range(*token.map))
    for index, line in enumerate(lines):
        if index not in skipped:
            yield index + 1, line, index in fenced


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

MARKER_NAME = "hooks/contact_wizard.py"
MARKER = f"<!-- {MARKER_NAME} -->"
_MARKER_RE = re.compile(r"<!--\s*(hooks/[^\s>]*?)\s*-->")
_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)
