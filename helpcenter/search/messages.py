"""What search says when it finds nothing, or cannot run: texts and links, per language.

`load_texts` reads `data/search.yml` (one block of texts per language) and never raises on
a writer's mistake: it returns usable texts (a missing one falls back to the default
language's, then to its key) and every problem, each with its line. `SearchHelp` is what the
templates show: the texts, then the wizard page and the categories as links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpcenter.content.docs_index import yaml_problem_line
from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A page to offer: its title and its site-relative URL ("contacto/x/")."""

    title: str
    url: str


@dataclass(frozen=True)
class SearchHelp:
    """What the search box offers when it finds nothing or needs JavaScript, in one language."""

    language: str
    t: dict[str, str]  # TEXT_KEYS → text
    wizard: Link | None
    categories: tuple[Link, ...] = field(default=())

    @property
    def links(self) -> tuple[Link, ...]:
        """The wizard, then the categories."""
        return ((self.wizard,) if self.wizard else ()) + self.categories


TEXT_KEYS = ("none", "none_wizard", "none_categories", "no_js", "no_js_links")
QUERY = "{query}"  # where the query goes in the text `none`

# ----------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------


def load_texts(
    path: Path, languages: Sequence[str], display: str
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every language's texts (complete), and the problems of the file at `path`."""
    source = ""
    try:
        source = path.read_text(encoding="utf-8")
        root = yaml.compose(source)
    except OSError:
        return _fallback(languages), [
            Problem(display, 0, "the file is missing", "restore it (git checkout -- data/)")
        ]
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or "unreadable"
        return _fallback(languages), [
            Problem(display, yaml_problem_line(error, source), f"not valid YAML: {reason}",
                    "fix the indentation or quoting")
        ]  # fmt: skip
    text = _entries(root).get("text")
    if text is None or not isinstance(text[1], yaml.MappingNode):
        return _fallback(languages), [
            Problem(display, text[0] if text else 1, "expected a `text:` block of languages",
                    "see the comment at the top of the file")
        ]  # fmt: skip
    problems: list[Problem] = []
    result: dict[str, dict[str, str]] = {}
    blocks = _entries(text[1])
    for language in languages:
        where, node = blocks.get(language, (text[0], None))
        entries = _entries(node)
        if not isinstance(node, yaml.MappingNode):
            problems.append(
                Problem(display, where, f"text: no block for language «{language}»",
                        f"add «{language}:» under text: with every key of «{languages[0]}:»")
            )  # fmt: skip
        texts: dict[str, str] = {}
        for key in TEXT_KEYS:
            line, value = entries.get(key, (where, None))
            written = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
            if not written:
                if entries:  # a missing block was reported as a whole
                    problems.append(
                        Problem(display, line, f"text.{language}.{key}: missing or empty",
                                "write the text, plain, on one line")
                    )  # fmt: skip
                written = result.get(languages[0], {}).get(key, key)
            elif key == "none" and QUERY not in written:
                problems.append(
                    Problem(display, line, f"text.{language}.none: no «{QUERY}» in it",
                            f"write where the query goes, e.g. «No results for “{QUERY}”.»")
                )  # fmt: skip
            texts[key] = written
        problems += [
            Problem(display, line, f"text.{language}.{key}: unknown key",
                    "the keys are " + ", ".join(TEXT_KEYS))
            for key, (line, _) in entries.items()
            if key not in TEXT_KEYS
        ]  # fmt: skip
        result[language] = texts
    return result, problems


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _entries(node: yaml.Node | None) -> dict[str, tuple[int, yaml.Node]]:
    """A YAML mapping's entries: key → (the key's 1-based line, the value's node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key.start_mark.line + 1, value) for key, value in node.value}


def _fallback(languages: Sequence[str]) -> dict[str, dict[str, str]]:
    """Texts that still render when the file cannot be read: keys stand in for texts."""
    return {language: {key: key for key in TEXT_KEYS} for language in languages}
