"""Front matter: required keys, types, unknown keys, related pages; empty articles.

The schema (key → type, required, the keys of a mapping, a list's limit) is
data: data/front-matter.yml. `usable_meta` is what a build may use of a page's
front matter: the values of the wrong type (reported here) left out, so that
no bad value reaches the theme or the search index.
"""

from __future__ import annotations

import datetime
import difflib
import math
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpcenter.content.docs_index import DocPage, DocsIndex, read_data_file
from helpcenter.content.links import LinkSettings, one_line, target_findings
from helpcenter.problems import Problem

SCHEMA_FILE = "data/front-matter.yml"
ICONS = ".icons"  # where Material's templates keep their icons, as its partials include them
HELP_CENTER_FILE = "data/help-center.yml"  # where `limit: related_limit` is read
TYPES = ("text", "date", "bool", "number", "list", "mapping", "pages", "template", "icon")
UNCHECKED = ""  # the type of a key whose type in the schema is wrong (reported there)

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeySpec:
    """One front-matter key."""

    type: str
    required: bool = False
    keys: Mapping[str, KeySpec] | None = None  # a mapping's own keys (None: any key)
    limit: int | None = None  # most items of a list or pages


@dataclass(frozen=True)
class FrontMatterSchema:
    """data/front-matter.yml, ready to use."""

    keys: Mapping[str, KeySpec] = field(default_factory=dict)
    # Where `template:` names are looked up (the theme's search path); () skips the check.
    template_dirs: tuple[Path, ...] = ()
    # False when the file has no usable `keys:` (reported): articles' keys are not checked.
    readable: bool = True


def load_schema(
    project_dir: Path, template_dirs: Sequence[Path | str] = ()
) -> tuple[FrontMatterSchema, list[Problem]]:
    """Read data/front-matter.yml; a problem in it is reported, never raised, at its line."""
    loaded, problems = read_data_file(Path(project_dir) / SCHEMA_FILE, SCHEMA_FILE)
    dirs = tuple(Path(folder) for folder in template_dirs)
    unusable = FrontMatterSchema(template_dirs=dirs, readable=False)
    if loaded is None:
        return unusable, problems
    lines = _key_lines(loaded.node)
    data = loaded.data
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, dict):
        if any(found.key == "keys" for found in loaded.unreadable):
            return unusable, problems  # its value is reported already
        problem = _shape(
            lines.get(("keys",), 1), "the file must have 'keys:', each 'name: {type: …}'"
        )
        return unusable, [*problems, problem]
    limits = {"related_limit": _related_limit(Path(project_dir))}
    specs = _specs(keys, ("keys",), limits, lines, problems)
    return FrontMatterSchema(specs, dirs), problems


def _specs(
    keys: Mapping,
    path: tuple[str, ...],
    limits: Mapping[str, int],
    lines: Mapping[tuple[str, ...], int],
    problems: list[Problem],
) -> dict[str, KeySpec]:
    """The keys of `keys:` (or of a mapping's own `keys:`); a key without a valid type is
    still known (its values are not checked), so that articles using it get no problem."""
    specs: dict[str, KeySpec] = {}
    prefix = "".join(f"{part}." for part in path[1::2])  # ("keys", "search", "keys") → search.
    for name, spec in keys.items():
        where = (*path, str(name))
        spec = spec if isinstance(spec, dict) else {}
        kind = spec.get("type")
        if kind not in TYPES:
            problems.append(
                _shape(
                    lines.get((*where, "type")) or lines.get(where, 0),
                    f"key '{prefix}{name}' needs a type, one of {', '.join(TYPES)}",
                )
            )
            kind = UNCHECKED
        sub = spec.get("keys")
        limit = spec.get("limit")
        limit = limits.get(limit, limit) if isinstance(limit, str) else limit
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            problems.append(
                _shape(
                    lines.get((*where, "limit")) or lines.get(where, 0),
                    f"'limit' of '{prefix}{name}' must be a whole number",
                )
            )
            limit = None
        specs[str(name)] = KeySpec(
            kind,
            bool(spec.get("required", False)),
            _specs(sub, (*where, "keys"), limits, lines, problems)
            if isinstance(sub, dict) and kind != UNCHECKED
            else None,
            limit,
        )
    return specs


def _key_lines(root: yaml.Node | None) -> dict[tuple[str, ...], int]:
    """1-based line of every key of a YAML file, by its path: ("keys", "title", "type")."""
    lines: dict[tuple[str, ...], int] = {}
    todo = [((), root)] if isinstance(root, yaml.MappingNode) else []
    while todo:  # iterative: any depth
        path, node = todo.pop()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            where = (*path, str(key.value))
            lines.setdefault(where, key.start_mark.line + 1)
            if isinstance(value, yaml.MappingNode):
                todo.append((where, value))
    return lines


def _related_limit(project_dir: Path) -> int:
    """data/help-center.yml's related_limit (its own problems are the help center's to report)."""
    from helpcenter.pages.settings import load_settings

    settings, _problems = load_settings(project_dir / HELP_CENTER_FILE, ("es",), HELP_CENTER_FILE)
    return settings.related_limit


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
    if not page.front_matter_ok and not page.unreadable:
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
    if not schema.readable:
        return problems  # data/front-matter.yml has no usable keys: reported there
    meta = page.meta
    left_out = [key for key in page.unreadable if key in page.key_lines and key not in meta]
    known = list(schema.keys)
    meant: set[str] = set()
    for key in [*meta, *left_out]:  # a value left out (unreadable, reported) has its key
        if key in schema.keys:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if close:
            meant.add(close[0])
        hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
        problems.append(
            Problem(
                path,
                page.key_lines.get(str(key), 1),
                f"unknown front-matter key '{one_line(str(key))}'",
                hint,
            )
        )
    for name, spec in schema.keys.items():
        if name not in meta:
            if spec.required and name not in meant and name not in left_out:
                problems.append(
                    Problem(
                        path,
                        1,
                        f"front matter has no '{name}'",
                        f"add '{name}: …' ({_DESCRIBE.get(spec.type, 'its value')}) between "
                        "the '---' lines",
                    )
                )
            continue
        problems.extend(
            _check_value(index, page, name, spec, meta[name], links, dirs=schema.template_dirs)
        )
    return problems


def _check_value(index, page, name, spec, value, links, key_line=None, dirs=()) -> list[Problem]:
    path, line = page.display_path, key_line or page.key_lines.get(name, 1)
    leaf = name.rpartition(".")[2]

    def wrong(got: str) -> list[Problem]:
        return [
            Problem(
                path,
                line,
                f"'{name}' must be {_DESCRIBE[spec.type]}, not {got}",
                _EXAMPLE[spec.type].format(name=leaf),
            )
        ]

    if spec.type == UNCHECKED:
        return []  # the schema gives it no valid type (reported there)
    if spec.type == "text":
        if value is None or (isinstance(value, str) and not value.strip()):
            return [Problem(path, line, f"'{name}' is empty", f"write the {leaf} after '{leaf}: '")]
        return [] if isinstance(value, str) else wrong(_shown(value))
    if spec.type == "template":
        if not isinstance(value, str) or not value.strip():
            return wrong(_shown(value))
        return _check_template(path, line, name, value, dirs)
    if spec.type == "icon":
        if not isinstance(value, str) or not value.strip():
            return wrong(_shown(value))
        return _check_icon(path, line, name, value, dirs)
    if spec.type == "mapping" and isinstance(value, dict) and spec.keys is not None:
        return _check_mapping(index, page, name, spec.keys, value, links, dirs)
    if spec.type != "pages":
        problems = [] if valid(spec, value) else wrong(_shown(value))
        if not problems and spec.limit is not None and len(value) > spec.limit:
            problems = [_too_many(path, line, name, len(value), spec.limit)]
        return problems
    # pages: each item a page path under docs/, checked like a link, in the page's language
    if not isinstance(value, list):
        return wrong(_shown(value))
    problems = []
    if spec.limit is not None and len(value) > spec.limit:
        problems.append(_too_many(path, line, name, len(value), spec.limit))
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


def _check_mapping(index, page, name, keys, value, links, dirs) -> list[Problem]:
    """The keys of a mapping with its own keys (`search: {boost, exclude}`), each typed."""
    path = page.display_path
    lines = _nested_lines(page)
    problems = []
    for key, item in value.items():
        full = f"{name}.{key}"
        line = lines.get(full) or page.key_lines.get(name, 1)
        spec = keys.get(str(key))
        if spec is None:
            close = difflib.get_close_matches(str(key), list(keys), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"known keys of '{name}': " + ", ".join(keys)
            )
            problems.append(
                Problem(path, line, f"unknown key '{one_line(str(key))}' in '{name}'", hint)
            )
            continue
        problems.extend(
            _check_value(index, page, full, spec, item, links, key_line=line, dirs=dirs)
        )
    return problems


def valid(spec: KeySpec, value: object) -> bool:
    """Whether a value has its key's type (pages: a list; its items are checked apart)."""
    if spec.type in ("text", "template", "icon"):
        return isinstance(value, str) and bool(value.strip())
    if spec.type == "date":
        return isinstance(value, datetime.date)
    if spec.type == "bool":
        return isinstance(value, bool)
    if spec.type == "number":
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value > 0
        )
    if spec.type in ("list", "pages"):
        return isinstance(value, list)
    if spec.type == "mapping":
        return isinstance(value, dict)
    return True


def usable_meta(
    meta: Mapping[str, Any], schema: FrontMatterSchema, template_dirs: Sequence[Path] = ()
) -> dict[str, Any]:
    """A page's front matter without the values of the wrong type (each reported already).

    What a build renders and indexes with: a bad `search.boost`, a string
    `search.exclude` or a missing `template` is left out rather than used.
    """
    dirs = tuple(template_dirs) or schema.template_dirs
    usable: dict[str, Any] = {}
    for key, value in meta.items():
        spec = schema.keys.get(str(key))
        if spec is None:
            usable[key] = value
        elif not valid(spec, value):
            continue
        elif spec.type == "template" and dirs and find_template(value, dirs) is None:
            continue
        elif spec.type == "icon" and dirs and find_template(icon_file(value), dirs) is None:
            continue
        elif spec.type == "mapping" and spec.keys is not None:
            usable[key] = {
                sub: item
                for sub, item in value.items()
                if (sub_spec := spec.keys.get(str(sub))) is not None and valid(sub_spec, item)
            }
        else:
            usable[key] = value
    return usable


# ----------------------------------------------------------------------------
# Templates
# ----------------------------------------------------------------------------


def find_template(name: str, dirs: Sequence[Path]) -> Path | None:
    """The file a `template:` name loads from the theme's folders, as Jinja looks it up."""
    parts = name.strip().replace("\\", "/").split("/")
    if not name.strip() or name.strip().startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    for folder in dirs:
        candidate = Path(folder, *parts)
        if candidate.is_file():
            return candidate
    return None


def _check_template(path, line, name, value, dirs) -> list[Problem]:
    if not dirs or find_template(value, dirs) is not None:
        return []
    known = sorted(
        {
            file.name
            for folder in dirs
            if Path(folder).is_dir()
            for file in Path(folder).glob("*.html")
            if not file.name.startswith("_")
        }
    )
    close = difflib.get_close_matches(posixpath.basename(value.strip()), known, n=1, cutoff=0.6)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "use a template of overrides/ or of the theme ("
        + ", ".join(known)
        + f"), or remove '{name}:'"
    )
    return [
        Problem(
            path, line, f"'{name}' names a template that does not exist ('{one_line(value)}')", hint
        )
    ]


def icon_file(name: str) -> str:
    """The template an `icon:` name includes (Material's `.icons/<set>/<name>.svg`)."""
    return f"{ICONS}/{name.strip()}.svg"


def _check_icon(path, line, name, value, dirs) -> list[Problem]:
    if not dirs or find_template(icon_file(value), dirs) is not None:
        return []
    icon_set, _, _ = value.strip().partition("/")
    known = sorted(
        f"{icon_set}/{file.stem}"
        for folder in dirs
        if Path(folder, ICONS, icon_set).is_dir() and icon_set
        for file in Path(folder, ICONS, icon_set).glob("*.svg")
    )
    close = difflib.get_close_matches(value.strip(), known, n=1, cutoff=0.6)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else "name an icon of the theme as set/name, e.g. 'material/phone' "
        "(https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/), or remove "
        f"'{name}:'"
    )
    return [
        Problem(
            path, line, f"'{name}' names an icon that does not exist ('{one_line(value)}')", hint
        )
    ]


def _too_many(path: str, line: int, name: str, count: int, limit: int) -> Problem:
    return Problem(
        path,
        line,
        f"'{name}' lists {count} pages, more than the {limit} the site shows",
        f"keep the {limit} that matter most (related_limit in {HELP_CENTER_FILE})",
    )


def _nested_lines(page: DocPage) -> dict[str, int]:
    """Line of every nested front-matter key ("search.boost"), from PyYAML's node marks."""
    if "front_matter_lines" in page.derived:
        return page.derived["front_matter_lines"]
    lines: dict[str, int] = {}
    head = page.text[: page.body_offset]
    first = head.find("\n") + 1
    closing = head.rstrip("\n").rfind("\n") + 1
    try:
        root = yaml.compose(head[first:closing], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None
    todo = [("", root)] if isinstance(root, yaml.MappingNode) else []
    while todo:  # iterative: any depth
        prefix, node = todo.pop()
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines.setdefault(name, key.start_mark.line + 2)  # + the opening '---' line
            if isinstance(value, yaml.MappingNode):
                todo.append((f"{name}.", value))
    page.derived["front_matter_lines"] = lines
    return lines


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{one_line(value)}'"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "'key: value' pairs"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {one_line(repr(value))}"


def _shape(line: int, message: str) -> Problem:
    return Problem(SCHEMA_FILE, line, message, "see the comments at the top of the file")


_DESCRIBE = {
    "text": "text",
    "date": "a date written YYYY-MM-DD",
    "bool": "true or false",
    "number": "a positive number",
    "template": "the file name of a template",
    "icon": "an icon of the theme, written set/name",
    "list": "a list",
    "mapping": "'key: value' pairs",
    "pages": "a list of page paths under docs/",
}
_EXAMPLE = {
    "text": "write '{name}: …' with the text after the colon",
    "date": "write e.g. '{name}: 2026-11-27'",
    "bool": "write '{name}: true' or '{name}: false'",
    "number": "write e.g. '{name}: 2'",
    "template": "write e.g. '{name}: main.html'",
    "icon": "write e.g. '{name}: material/phone'",
    "list": "write one '  - item' per line below '{name}:'",
    "mapping": "write indented 'key: value' lines below '{name}:'",
    "pages": "write one '  - contacto/x.md' per line below '{name}:'",
}
