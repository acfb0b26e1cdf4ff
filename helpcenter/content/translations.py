"""Translation parity: every translation has the sections and the links of its original.

A page of the default language (Spanish) without a translation is a notice (the
site shows the Spanish page there); a translation without an original, or one
whose sections (heading ids) or linked pages differ from it, is an error.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from helpcenter.content.docs_index import DocPage, DocsIndex
from helpcenter.content.links import LANGUAGE_NAMES, linked_pages, one_line, similar_page
from helpcenter.problems import NOTICE, Problem

# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------


def check_pair(
    index: DocsIndex, language: str, original: DocPage, translation: DocPage | None = None
) -> list[Problem]:
    """Parity of one original and its translation into `language` (a notice when there is none)."""
    if translation is None:
        name = _name(language)
        missing = index.display_path(language, original.src_path)
        return [
            Problem(
                original.display_path,
                0,
                f"has no {name} translation yet ({missing}); the {name} site shows it in Spanish",
                f"translate it into {missing} when you can",
                NOTICE,
            )
        ]
    return compare_sections(original, translation) + compare_links(original, translation, index)


def check_orphans(index: DocsIndex) -> dict[str, list[Problem]]:
    """Translations without an original, per language."""
    found: dict[str, list[Problem]] = {}
    default = index.default_language
    for language in index.languages:
        if language == default:
            continue
        problems = found.setdefault(language, [])
        for page in index.pages(language):
            if index.page(default, page.src_path) is None:
                problems.append(_orphan(index, page))
    return found


def compare_sections(original: DocPage, translation: DocPage) -> list[Problem]:
    """Heading ids (level 2 and deeper) the translation lacks or adds."""
    ours = [h for h in original.headings if h.level > 1]
    theirs = [h for h in translation.headings if h.level > 1]
    our_ids = {h.id for h in ours}
    their_ids = {h.id for h in theirs}
    if our_ids == their_ids:
        return []
    problems = []
    paired: set[str] = set()
    if len(ours) == len(theirs):  # same outline: report each renamed id where it stands
        for mine, yours in zip(ours, theirs, strict=True):
            if mine.id != yours.id and mine.id not in their_ids and yours.id not in our_ids:
                paired.update((mine.id, yours.id))
                problems.append(
                    Problem(
                        translation.display_path,
                        yours.line,
                        f"section '{yours.text}' has the id '{yours.id}', but the same section of "
                        f"the original has '{mine.id}' ({original.display_path}:{mine.line})",
                        f"end the heading with {{#{mine.id}}}, as in the original",
                    )
                )
    for mine in ours:
        if mine.id not in their_ids and mine.id not in paired:
            problems.append(
                Problem(
                    translation.display_path,
                    _line_before(translation, mine, original),
                    f"has no section '#{mine.id}' ('{mine.text}', "
                    f"{original.display_path}:{mine.line})",
                    f"translate that section and end its heading with {{#{mine.id}}}",
                )
            )
    for yours in theirs:
        if yours.id not in our_ids and yours.id not in paired:
            problems.append(
                Problem(
                    translation.display_path,
                    yours.line,
                    f"section '#{yours.id}' is not in the original ({original.display_path})",
                    "give the heading the id of its original section, or add the section "
                    "to the original too",
                )
            )
    return problems


def compare_links(original: DocPage, translation: DocPage, index: DocsIndex) -> list[Problem]:
    """Pages the original links and the translation does not, and the reverse."""
    existing = index.src_paths()  # a link to no page at all is reported as such, once
    ours = _first_links(link for link in linked_pages(original, index) if link[0] in existing)
    theirs = _first_links(link for link in linked_pages(translation, index) if link[0] in existing)
    problems = []
    for src, (line, target) in ours.items():
        if src not in theirs:
            problems.append(
                Problem(
                    translation.display_path,
                    _matching_line(translation, original, line),
                    f"does not link to '{one_line(target)}' like its original "
                    f"({original.display_path}:{line})",
                    f"add the link ({one_line(target)}) to the same section",
                )
            )
    for src, (line, target) in theirs.items():
        if src not in ours:
            problems.append(
                Problem(
                    translation.display_path,
                    line,
                    f"links to '{one_line(target)}', which its original ({original.display_path}) "
                    "does not link to",
                    "link the same pages as the original, or add the link there too",
                )
            )
    return problems


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _orphan(index: DocsIndex, page: DocPage) -> Problem:
    original = index.display_path(index.default_language, page.src_path)
    close = similar_page(page.src_path, [p.src_path for p in index.pages(index.default_language)])
    hint = (
        f"if it translates {index.display_path(index.default_language, close)}, rename it "
        f"{index.display_path(page.language, close)}"
        if close
        else f"create its original {original} first (the site is Spanish first)"
    )
    return Problem(page.display_path, 1, f"has no original ({original})", hint)


def _first_links(links: Iterable[tuple[str, int, str]]) -> dict[str, tuple[int, str]]:
    first: dict[str, tuple[int, str]] = {}
    for src, line, target in links:
        first.setdefault(src, (line, target))
    return first


def _section_at(page: DocPage, line: int) -> str | None:
    """Id of the heading (level 2+) a line belongs to."""
    lines = [h.line for h in page.headings if h.level > 1]
    ids = [h.id for h in page.headings if h.level > 1]
    position = bisect_right(lines, line) - 1
    return ids[position] if position >= 0 else None


def _matching_line(translation: DocPage, original: DocPage, line: int) -> int:
    """Line of the translation's section that matches the original's section at `line`."""
    section = _section_at(original, line)
    for heading in translation.headings:
        if heading.id == section:
            return heading.line
    return _first_heading_line(translation)


def _line_before(translation: DocPage, missing, original: DocPage) -> int:
    """Where a missing section would go: after the translation's previous common section."""
    their_ids = {h.id: h.line for h in translation.headings}
    previous = [h for h in original.headings if h.level > 1 and h.line < missing.line]
    for heading in reversed(previous):
        if heading.id in their_ids:
            return their_ids[heading.id]
    return _first_heading_line(translation)


def _first_heading_line(page: DocPage) -> int:
    return page.headings[0].line if page.headings else page.body_line


def _name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)
