"""Front matter: required keys, types, unknown keys, related pages; empty articles.

The schema (key → type, required) is data: data/front-matter.yml.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.content.docs_index import DocPage, DocsIndex, load_data_file
from helpcenter.content.links import LinkSettings, target_findings
from helpcenter.problems import Problem

SCHEMA_FILE = "data/front-matter.yml"
TYPES = ("text", "date", "bool", "list", "mapping", "pages")

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeySpec:
    """One front-matter key."""

    type: str
    required: bool = False


@dataclass(frozen=True)
class FrontMatterSchema:
    """data/front-matter.yml, ready to use."""

    keys: Mapping[str, KeySpec] = field(default_factory=dict)


def load_schema(project_dir: Path) -> tuple[FrontMatterSchema, list[Problem]]:
    """Read data/front-matter.yml; a problem in it is reported, never raised."""
    data, problems = load_data_file(Path(project_dir) / SCHEMA_FILE, SCHEMA_FILE)
    if data is None:
        return FrontMatterSchema(), problems
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, dict):
        return FrontMatterSchema(), [_shape("the file must have 'keys:', each 'name: {type: …}'")]
    specs: dict[str, KeySpec] = {}
    for name, spec in keys.items():
        spec = spec if isinstance(spec, dict) else {}
        kind = spec.get("type")
        if kind not in TYPES:
            problems.append(_shape(f"key '{name}' needs a type, one of {', '.join(TYPES)}"))
            continue
        specs[str(name)] = KeySpec(kind, bool(spec.get("required", False)))
    return FrontMatterSchema(specs), problems


# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------


def check_front_matter(
    index: DocsIndex, page: DocPage, schema: FrontMatterSchema, links: LinkSettings | None = None
) -> list[Problem]:
    """Problems of one page's front matter (and of an empty page)."""
    path = page.display_path
    if any(problem.line == 0 and "cannot be read" in problem.message for problem in page.problems):
        return []  # unreadable: already reported
    if not page.text.strip():
        return [
            Problem(
                path,
                0,
                "is empty",
                "write the article (front matter with title and description, then the text), "
                "or delete the file",
            )
        ]
    if not page.front_matter_ok:
        return []  # malformed: already reported with its line
    if not page.has_front_matter:
        required = [name for name, spec in schema.keys.items() if spec.required]
        return [
            Problem(
                path,
                1,
                "has no front matter",
                "start the file with a '---' line, "
                + ", ".join(f"'{name}: …'" for name in required)
                + " and another '---' line",
            )
        ]
    problems: list[Problem] = []
    if not page.body.strip():
        problems.append(
            Problem(
                path,
                page.line_of(page.body_offset - 1),
                "has no text after its front matter",
                "write the article below the closing '---', starting with its # title",
            )
        )
    meta = page.meta
    known = list(schema.keys)
    meant: set[str] = set()
    for key in meta:
        if key in schema.keys:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if close:
            meant.add(close[0])
        hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
        problems.append(
            Problem(
                path, page.key_lines.get(str(key), 1), f"unknown front-matter key '{key}'", hint
            )
        )
    for name, spec in schema.keys.items():
        if name not in meta:
            if spec.required and name not in meant:
                problems.append(
                    Problem(
                        path,
                        1,
                        f"front matter has no '{name}'",
                        f"add '{name}: …' ({_DESCRIBE[spec.type]}) between the '---' lines",
                    )
                )
            continue
        problems.extend(_check_value(index, page, name, spec, meta[name], links))
    return problems


def _check_value(index, page, name, spec, value, links) -> list[Problem]:
    path, line = page.display_path, page.key_lines.get(name, 1)

    def wrong(got: str) -> list[Problem]:
        return [
            Problem(
                path,
                line,
                f"'{name}' must be {_DESCRIBE[spec.type]}, not {got}",
                _EXAMPLE[spec.type].format(name=name),
            )
        ]

    if spec.type == "text":
        if value is None or (isinstance(value, str) and not value.strip()):
            return [Problem(path, line, f"'{name}' is empty", f"write the {name} after '{name}: '")]
        return [] if isinstance(value, str) else wrong(_shown(value))
    if spec.type == "date":
        return [] if isinstance(value, datetime.date) else wrong(_shown(value))
    if spec.type == "bool":
        return [] if isinstance(value, bool) else wrong(_shown(value))
    if spec.type == "list":
        return [] if isinstance(value, list) else wrong(_shown(value))
    if spec.type == "mapping":
        return [] if isinstance(value, dict) else wrong(_shown(value))
    # pages: each item a page path under docs/, checked like a link, in the page's language
    if not isinstance(value, list):
        return wrong(_shown(value))
    problems = []
    item_lines = page.item_lines.get(name, [])
    for position, item in enumerate(value):
        item_line = item_lines[position] if position < len(item_lines) else line
        if not isinstance(item, str) or not item.strip().partition("#")[0].endswith(".md"):
            problems.append(
                Problem(
                    path,
                    item_line,
                    f"'{name}' item {_shown(item)} is not a page path",
                    "write the path under docs/ of a page, e.g. contacto/x.md",
                )
            )
            continue
        for finding in target_findings(
            index,
            item,
            base="",
            languages=(page.language,),
            path=path,
            line=item_line,
            what=f"'{name}' page",
            settings=links,
        ):
            problems.append(finding.problem)
    return problems


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def _shape(message: str) -> Problem:
    return Problem(SCHEMA_FILE, 0, message, "see the comments at the top of the file")


_DESCRIBE = {
    "text": "text",
    "date": "a date written YYYY-MM-DD",
    "bool": "true or false",
    "list": "a list",
    "mapping": "'key: value' pairs",
    "pages": "a list of page paths under docs/",
}
_EXAMPLE = {
    "text": "write '{name}: …' with the text after the colon",
    "date": "write e.g. '{name}: 2026-11-27'",
    "bool": "write '{name}: true' or '{name}: false'",
    "list": "write one '  - item' per line below '{name}:'",
    "mapping": "write indented 'key: value' lines below '{name}:'",
    "pages": "write one '  - contacto/x.md' per line below '{name}:'",
}
