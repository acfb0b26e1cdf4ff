"""Loading `data/help-center.yml`: the wizard page, the related-articles limit, the texts.

`load_settings` never raises on a writer's mistake: it returns usable settings
(missing texts fall back to the default language's, then to the key's name)
and every problem it found, each with its line in the file.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpcenter.content.docs_index import yaml_problem_line
from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What `data/help-center.yml` says."""

    wizard: str = ""  # path under docs/ of the page "Need more help?" points at
    related_limit: int = 5
    text: dict[str, dict[str, str]] = field(default_factory=dict)  # language → key → text
    wizard_line: int = 0  # the line of `wizard:` in the file

    def texts(self, language: str) -> dict[str, str]:
        """Every text of one language (complete: gaps were filled when loading)."""
        return self.text.get(language) or next(iter(self.text.values()), {})


# ----------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------


def load_settings(
    path: Path, languages: Sequence[str], display: str
) -> tuple[Settings, list[Problem]]:
    """Settings from the YAML file at `path` for `languages` (the default first).

    `display` is the path shown in problems ("data/help-center.yml").
    """
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return _fallback(languages), [
            Problem(display, 0, "the file is missing", "restore it (git checkout -- data/)")
        ]
    try:
        raw, lines = _parsed(source)
    except yaml.YAMLError as error:
        line = yaml_problem_line(error, source)
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return _fallback(languages), [
            Problem(display, line, f"not valid YAML: {reason}", "fix the indentation or quoting")
        ]
    if not isinstance(raw, dict):
        return _fallback(languages), [
            Problem(
                display, 1, "expected keys wizard, related_limit, text", "see the file's header"
            )
        ]
    problems: list[Problem] = []
    wizard = raw.get("wizard", "")
    if not isinstance(wizard, str):
        problems.append(
            Problem(display, lines.get(("wizard",), 0), "wizard: expected a path", _WIZARD_HINT)
        )
        wizard = ""
    limit = raw.get("related_limit", 5)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        problems.append(
            Problem(
                display,
                lines.get(("related_limit",), 0),
                f"related_limit: expected a whole number ≥ 0, found «{limit}»",
                "write e.g. related_limit: 5",
            )
        )
        limit = 5
    text, text_problems = _texts(raw.get("text"), languages, lines, display)
    settings = Settings(wizard.strip(), limit, text, lines.get(("wizard",), 0))
    return settings, problems + text_problems


def _texts(
    raw: object, languages: Sequence[str], lines: dict[tuple[str, ...], int], display: str
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Complete texts per language, and the problems of the `text:` block."""
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                display,
                lines.get(("text",), 0),
                "text: expected one block per language",
                "write text: then es: and en: blocks with every key",
            )
        )
        raw = {}
    result: dict[str, dict[str, str]] = {}
    for language in languages:
        block = raw.get(language)
        where = lines.get(("text", language), lines.get(("text",), 0))
        if not isinstance(block, dict):
            problems.append(
                Problem(
                    display,
                    where,
                    f"text: no block for language «{language}»",
                    f"add «{language}:» under text: with every key of the «{languages[0]}:» block",
                )
            )
            block = {}
        texts: dict[str, str] = {}
        for key in TEXT_KEYS:
            value = block.get(key)
            if isinstance(value, str) and value.strip():
                texts[key] = value.strip()
                continue
            if block:  # a missing block was reported as a whole
                problems.append(
                    Problem(
                        display,
                        lines.get(("text", language, key), where),
                        f"text.{language}.{key}: missing or empty",
                        "write the text, plain, on one line",
                    )
                )
            texts[key] = result.get(languages[0], {}).get(key, key)
        for key in block:
            if key not in TEXT_KEYS:
                problems.append(
                    Problem(
                        display,
                        lines.get(("text", language, str(key)), where),
                        f"text.{language}.{key}: unknown key",
                        "check its spelling; the keys are " + ", ".join(TEXT_KEYS),
                    )
                )
        result[language] = texts
    return result, problems


def _fallback(languages: Sequence[str]) -> Settings:
    """Settings that still render when the file cannot be read: keys stand in for texts."""
    return Settings(text={language: {key: key for key in TEXT_KEYS} for language in languages})


def _parsed(source: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    """The file's data (a fresh copy) and its key lines; each text is parsed once per process
    (three hooks read the file in every language build, and `mkdocs serve` on every save)."""
    raw, lines = _parsed_once(source)
    return copy.deepcopy(raw), dict(lines)


@functools.lru_cache(maxsize=4)
def _parsed_once(source: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    return yaml.safe_load(source), key_lines(source)


def key_lines(source: str) -> dict[tuple[str, ...], int]:
    """1-based line of every mapping key, by its path of keys: ("text", "es", "home")."""
    found: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, trail: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = (*trail, str(key.value))
                found[path] = key.start_mark.line + 1
                walk(value, path)

    root = yaml.compose(source)
    if root is not None:
        walk(root, ())
    return found


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

_SHAPE_HINT = "see the comment at the top of the file"
_WIZARD_HINT = "write the path under docs/ of the wizard page, e.g. contacto/x.md"

# Every text the templates use; each language block must give all of them.
TEXT_KEYS = (
    "breadcrumbs_label",
    "home",
    "last_reviewed",
    "related_title",
    "feedback_question",
    "feedback_yes",
    "feedback_no",
    "feedback_thanks",
    "feedback_sorry",
    "feedback_wizard",
    "feedback_related",
    "help_title",
    "help_text",
    "untranslated",
    "search_title",
    "search_label",
    "search_placeholder",
    "search_button",
    "wizard_title",
    "categories_title",
    "articles_one",
    "articles_other",
    "promoted_title",
    "not_found_title",
    "not_found_text",
    "not_found_home",
    "header_new_request",
    "header_requests",
    "category_articles",
)
