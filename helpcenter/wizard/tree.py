"""The contact wizard's decision tree: read it with line numbers, check it, walk it, draw it.

Plain functions over `data/contact-tree.yml` (its shape is documented at the top of that file
and in the README). The MkDocs adapter (`contact_wizard.py`), `scripts/wizard_diagram.py` and
the tests call them without a build. Every problem names the YAML file, the line and the node.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
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
class Text:
    """One piece of text written once per language: `{"es": "…", "en": "…"}`."""

    values: Mapping[str, str]
    line: int
    where: str  # who owns it, for messages: "question `motivo`, option `ayuda`"
    missing: bool = False  # stands for a text already reported as missing or malformed
    lines: Mapping[str, int] = field(default_factory=dict)  # each language's own line

    def __getitem__(self, language: str) -> str:
        return self.values[language]


@dataclass(frozen=True)
class Link:
    """A link: a docs-relative page (`contacto/x.md#id`) or `ext:<key>`, and its text."""

    to: str
    text: Text
    line: int
    where: str


@dataclass(frozen=True)
class Email:
    """An e-mail address shown as a `mailto:` link."""

    address: str
    line: int
    where: str


@dataclass(frozen=True)
class Item:
    """A line of a list (what to include, what happens next), with an optional link."""

    text: Text
    link: Link | None


@dataclass(frozen=True)
class Channel:
    """One way to reach a team: what to do, and an e-mail address or a link."""

    text: Text
    email: Email | None
    link: Link | None


@dataclass(frozen=True)
class Option:
    """One answer to a question: its stable slug, its text and the node it leads to."""

    slug: str
    text: Text
    next: str
    line: int
    next_line: int = 0  # the line of its `next:` key (problems with the target point there)


@dataclass(frozen=True)
class Question:
    id: str
    line: int
    text: Text
    hint: Text | None
    link: Link | None
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Team:
    id: str
    line: int
    name: Text
    channels: tuple[Channel, ...]
    include: tuple[Item, ...]
    then: tuple[Item, ...]
    escalation: Channel | None
    article: Link | None
    compose: str = ""  # "email" (a mailto: to its first e-mail channel) or "form" (text to copy)


@dataclass(frozen=True)
class Outcome:
    id: str
    line: int
    team: str | None
    team_line: int
    title: Text | None
    text: Text
    then: tuple[Item, ...]
    article: Link | None


@dataclass
class Tree:
    """The whole wizard: routing, text in every language, and where each part is written."""

    path: str  # as writers see it: "data/contact-tree.yml"
    page: str  # the docs page that shows the wizard: "contacto/con-que-equipo-debo-contactar.md"
    start: str
    start_line: int
    questions: dict[str, Question] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    always_include: tuple[Item, ...] = ()
    form_fields: tuple[Item, ...] = ()
    labels: dict[str, Text] = field(default_factory=dict)

    def node_line(self, node_id: str) -> int:
        """Line where a question or an outcome starts (0 when there is no such node)."""
        node = self.questions.get(node_id) or self.outcomes.get(node_id)
        return node.line if node else 0


@dataclass(frozen=True)
class Answer:
    question: str
    option: str


@dataclass(frozen=True)
class Route:
    """A path from the start to an outcome: the answers given, in order."""

    answers: tuple[Answer, ...]
    outcome: str

    def __str__(self) -> str:
        steps = [f"{answer.question}={answer.option}" for answer in self.answers]
        return " → ".join([*steps, self.outcome])


@dataclass(frozen=True)
class Placeholders:
    """The `{…}` placeholders the page fills in where a text is shown."""

    allowed: tuple[str, ...] = ()
    linkable: bool = False  # an item's or a channel's text: `{link}` once it has a `link:`


TargetCheck = Callable[[Link], list[Problem]]  # the problems of one link
EmailCheck = Callable[[Email], list[Problem]]  # the problems of one e-mail address


class TreeError(Exception):
    """The tree file cannot be read at all (missing, or not YAML)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# ----------------------------------------------------------------------------
# Loading: YAML that remembers lines
# ----------------------------------------------------------------------------


class LineDict(dict):
    """A YAML mapping that remembers its line, each key's line, and repeated keys."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}
        self.repeated: list[tuple[str, int]] = []

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its line and each item's line."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class _LineLoader(yaml.SafeLoader):
    """Safe YAML where `no`, `yes`, `on`, `off` stay text: slugs like `no` must not become False."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
        line = key_node.start_mark.line + 1
        if key in result:
            result.repeated.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(text: str, path: str) -> Any:
    """Parse YAML text into LineDicts/LineLists; a syntax error becomes a TreeError at its line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise TreeError(
            Problem(
                path,
                0,
                "the contact tree is nested far deeper than any tree needs",
                "write questions, outcomes and teams side by side, each under its section",
            )
        ) from None
    except yaml.MarkedYAMLError as error:
        line = yaml_problem_line(error, text)
        what = error.problem or str(error)
        raise TreeError(
            Problem(
                path,
                line,
                f"the contact tree is not valid YAML: {what}",
                "check the indentation, and put text with `: ` or `#` between quotes",
            )
        ) from None


# ----------------------------------------------------------------------------
# Parsing: the shape of the tree
# ----------------------------------------------------------------------------


def load(file: Path, path: str) -> tuple[Tree | None, list[Problem]]:
    """Read and parse a tree file: the tree (None when unreadable) and its shape problems."""
    if not file.is_file():
        problem = Problem(path, 0, "the contact tree is missing", f"create {path}")
        return None, [problem]
    try:
        raw = file.read_bytes()
        data = read_yaml(raw.decode("utf-8"), path)
    except TreeError as error:
        return None, [error.problem]
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "the contact tree is not UTF-8 text", "save it as UTF-8")]
    except OSError as error:
        return None, [Problem(path, 0, f"the contact tree cannot be read: {error}", "check it")]
    return parse(data, path)


def parse(data: Any, path: str) -> tuple[Tree | None, list[Problem]]:
    """Build a Tree from loaded YAML; every shape problem at once, each with its line."""
    reader = _Reader(path)
    if not isinstance(data, LineDict):
        reader.problem(1, "the contact tree must be a mapping", "start from the documented shape")
        return None, reader.problems
    reader.keys(data, _TOP_KEYS, {"page", "start", "questions", "outcomes"}, "the tree", 1)
    tree = Tree(
        path=path,
        page=reader.string(data, "page", "the tree") or "",
        start=reader.string(data, "start", "the tree") or "",
        start_line=data.line_of("start"),
    )
    for node_id, value, line in reader.entries(data, "questions", "question"):
        if question := reader.question(node_id, value, line):
            tree.questions[node_id] = question
    for node_id, value, line in reader.entries(data, "outcomes", "outcome"):
        if outcome := reader.outcome(node_id, value, line):
            if node_id in tree.questions:
                reader.problem(
                    line,
                    f"outcome `{node_id}` has the id of a question",
                    "give every question and outcome its own id",
                )
            tree.outcomes[node_id] = outcome
    for team_id, value, line in reader.entries(data, "teams", "team"):
        if team := reader.team(team_id, value, line):
            tree.teams[team_id] = team
    tree.always_include = reader.items(data, "always_include", "`always_include`")
    tree.form_fields = reader.items(data, "form_fields", "`form_fields`")
    labels = data.get("labels")
    if isinstance(labels, LineDict):
        reader.keys(labels, LABEL_KEYS, set(LABEL_KEYS), "`labels`", data.line_of("labels"))
        for key in LABEL_KEYS:
            if key in labels and (text := reader.text(labels, key, f"label `{key}`")):
                tree.labels[key] = text
    else:
        reader.problem(
            data.line_of("labels"),
            "the tree has no `labels` mapping",
            f"add `labels:` with {', '.join(LABEL_KEYS)}",
        )
    return tree, reader.problems


class _Reader:
    """Reads parts of the YAML into dataclasses, collecting shape problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def keys(
        self, mapping: LineDict, allowed: Iterable[str], required: set[str], where: str, line: int
    ) -> None:
        """Report repeated, unknown and missing keys of a mapping (missing ones at `line`)."""
        allowed = tuple(allowed)
        for key, repeated_line in mapping.repeated:
            self.problem(
                repeated_line, f"{where}: `{key}` is written twice", "keep only one of them"
            )
        for key in mapping:
            if key not in allowed:
                self.problem(
                    mapping.line_of(key),
                    f"{where}: unknown key `{key}`",
                    f"use only {', '.join(f'`{k}`' for k in allowed)}",
                )
        for key in sorted(required - set(mapping)):
            self.problem(line, f"{where}: `{key}` is missing", f"add `{key}:`")

    def entries(self, data: LineDict, key: str, kind: str) -> Iterator[tuple[str, Any, int]]:
        """The `id: value` entries of a top-level section, with valid ids only."""
        section = data.get(key)
        if section is None:
            return
        if not isinstance(section, LineDict) or not section:
            self.problem(
                data.line_of(key),
                f"`{key}` must be a mapping of {kind} ids",
                f"write each {kind} as `<id>:` indented under `{key}:`",
            )
            return
        for key_, line in section.repeated:
            self.problem(line, f"{kind} `{key_}` is written twice", "give each its own id")
        for node_id, value in section.items():
            line = section.line_of(node_id)
            if not _SLUG.fullmatch(node_id):
                self.problem(line, f"{kind} id `{node_id}` is not kebab-case", _SLUG_HINT)
                continue
            if not isinstance(value, LineDict):
                self.problem(line, f"{kind} `{node_id}` must be a mapping", "see the shape")
                continue
            yield node_id, value, line

    def string(self, mapping: LineDict, key: str, where: str) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(mapping.line_of(key), f"{where}: `{key}` must be text", "write a value")
            return None
        return value.strip()

    def text(self, mapping: LineDict, key: str, where: str, required: bool = True) -> Text | None:
        """A `{language: text}` mapping; languages are checked later, against the site."""
        value = mapping.get(key)
        line = mapping.line_of(key)
        if key not in mapping:  # when required, `keys` reports it
            return Text({}, line, where, missing=True) if required else None
        if not isinstance(value, LineDict):
            self.problem(
                line,
                f"{where}: `{key}` must give the text per language",
                f"write `es:` and `en:` indented under `{key}:`",
            )
            return Text({}, line, where, missing=True)
        values: dict[str, str] = {}
        lines = {str(language): value.line_of(language) for language in value}
        for language, words in value.items():
            if words is None or words == "":
                continue  # reported as a missing language, against the site's languages
            if not isinstance(words, str):
                self.problem(
                    value.line_of(language),
                    f"{where}: the {language} `{key}` must be text",
                    "write it on one line, or as a `>-` block",
                )
                continue
            values[language] = " ".join(words.split())
        return Text(values, line, where, lines=lines)

    def link(self, mapping: LineDict, key: str, where: str) -> Link | None:
        value = mapping.get(key)
        if value is None:
            return None
        line = mapping.line_of(key)
        if not isinstance(value, LineDict):
            self.problem(line, f"{where}: `{key}` must have `to` and `text`", _LINK_HINT)
            return None
        self.keys(value, ("to", "text"), {"to", "text"}, f"{where}, `{key}`", line)
        to = self.string(value, "to", f"{where}, `{key}`")
        text = self.text(value, "text", f"{where}, `{key}`")
        if to is None or text is None:
            return None
        if not to.startswith("ext:") and (
            "://" in to or to.startswith(("/", "mailto:")) or ".md" not in to
        ):
            self.problem(
                value.line_of("to"),
                f"{where}: link `{to}` is not a page under docs/",
                "write a docs-relative path like `contacto/x.md` or `ext:<key>`",
            )
            return None
        return Link(to, text, value.line_of("to"), where)

    def email(self, mapping: LineDict, key: str, where: str) -> Email | None:
        address = self.string(mapping, key, where)
        if address is None:
            return None
        line = mapping.line_of(key)
        if address.startswith("mailto:"):
            address = address.removeprefix("mailto:")
        if not _EMAIL.fullmatch(address):
            self.problem(line, f"{where}: `{address}` is not an e-mail address", "name@domain")
            return None
        return Email(address, line, where)

    def items(self, mapping: LineDict, key: str, where: str) -> tuple[Item, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.problem(mapping.line_of(key), f"{where}: `{key}` must be a list", _ITEM_HINT)
            return ()
        items = []
        for number, (entry, line) in enumerate(zip(value, value.item_lines, strict=True), 1):
            label = f"{where}, `{key}` item {number}"
            if not isinstance(entry, LineDict):
                self.problem(line, f"{label} must be a mapping", _ITEM_HINT)
                continue
            self.keys(entry, ("text", "link"), {"text"}, label, line)
            text = self.text(entry, "text", label)
            if text:
                items.append(Item(text, self.link(entry, "link", label)))
        return tuple(items)

    def channel(self, entry: Any, line: int, where: str) -> Channel | None:
        if not isinstance(entry, LineDict):
            self.problem(line, f"{where} must be a mapping", "give it `text` and `email`/`link`")
            return None
        self.keys(entry, ("text", "email", "link"), {"text"}, where, line)
        text = self.text(entry, "text", where)
        email = self.email(entry, "email", where)
        link = self.link(entry, "link", where)
        if email and link:
            self.problem(line, f"{where} has both `email` and `link`", "keep one of them")
        return Channel(text, email, link) if text else None

    def question(self, node_id: str, data: LineDict, line: int) -> Question | None:
        where = f"question `{node_id}`"
        self.keys(data, ("text", "hint", "link", "options"), {"text", "options"}, where, line)
        text = self.text(data, "text", where)
        hint = self.text(data, "hint", where, required=False)
        link = self.link(data, "link", where)
        options_data = data.get("options")
        options: list[Option] = []
        if options_data is not None and not isinstance(options_data, LineDict):
            self.problem(data.line_of("options"), f"{where}: `options` must be a mapping", _OPT)
        elif isinstance(options_data, LineDict):
            for slug, line_ in options_data.repeated:
                self.problem(line_, f"{where}: option `{slug}` is written twice", "keep one")
            for slug, value in options_data.items():
                option_line = options_data.line_of(slug)
                label = f"{where}, option `{slug}`"
                if not _SLUG.fullmatch(slug):
                    self.problem(option_line, f"{label}: the slug is not kebab-case", _SLUG_HINT)
                    continue
                if not isinstance(value, LineDict):
                    self.problem(option_line, f"{label} must have `text` and `next`", _OPT)
                    continue
                self.keys(value, ("text", "next"), {"text", "next"}, label, option_line)
                option_text = self.text(value, "text", label)
                target = self.string(value, "next", label)
                if option_text and target:
                    options.append(
                        Option(slug, option_text, target, option_line, value.line_of("next"))
                    )
        if text is None:
            return None
        return Question(node_id, line, text, hint, link, tuple(options))

    def outcome(self, node_id: str, data: LineDict, line: int) -> Outcome | None:
        where = f"outcome `{node_id}`"
        self.keys(data, ("team", "title", "text", "then", "article"), {"text"}, where, line)
        team = self.string(data, "team", where)
        title = self.text(data, "title", where, required=False)
        text = self.text(data, "text", where)
        if team is None and title is None and "team" not in data:
            self.problem(
                line,
                f"{where} has neither `team` nor `title`",
                "name one of `teams` with `team:`, or give the result a `title:`",
            )
        then = self.items(data, "then", where)
        article = self.link(data, "article", where)
        if text is None:
            return None
        return Outcome(node_id, line, team, data.line_of("team"), title, text, then, article)

    def team(self, team_id: str, data: LineDict, line: int) -> Team | None:
        where = f"team `{team_id}`"
        allowed = ("name", "channels", "include", "then", "escalation", "article", "compose")
        self.keys(data, allowed, {"name", "channels"}, where, line)
        name = self.text(data, "name", where)
        channels: list[Channel] = []
        raw = data.get("channels")
        if raw is not None and (not isinstance(raw, LineList) or not raw):
            self.problem(data.line_of("channels"), f"{where}: `channels` must be a list", _CHAN)
        elif isinstance(raw, LineList):
            for number, (entry, entry_line) in enumerate(zip(raw, raw.item_lines, strict=True)):
                label = f"{where}, channel {number + 1}"
                if channel := self.channel(entry, entry_line, label):
                    channels.append(channel)
        escalation = None
        if "escalation" in data:
            escalation = self.channel(
                data["escalation"], data.line_of("escalation"), f"{where}, `escalation`"
            )
        include = self.items(data, "include", where)
        then = self.items(data, "then", where)
        article = self.link(data, "article", where)
        compose = self.string(data, "compose", where) or ""
        if compose and compose not in COMPOSE_KINDS:
            self.problem(
                data.line_of("compose"),
                f"{where}: `compose: {compose}` is not a kind of request",
                f"use {' or '.join(f'`{kind}`' for kind in COMPOSE_KINDS)}",
            )
            compose = ""
        if compose == "email" and not any(channel.email for channel in channels):
            self.problem(
                data.line_of("compose"),
                f"{where}: `compose: email` but no channel has an `email`",
                "give a channel an `email:`, or use `compose: form`",
            )
            compose = ""
        if name is None:
            return None
        return Team(
            team_id, line, name, tuple(channels), include, then, escalation, article, compose
        )


# ----------------------------------------------------------------------------
# Validation: routing, languages, e-mail domains
# ----------------------------------------------------------------------------


def validate(
    tree: Tree,
    languages: Iterable[str],
    allowed_domains: Iterable[str],
    check_email: EmailCheck | None = None,
) -> list[Problem]:
    """Every problem of a parsed tree: routing, text per language, placeholders, e-mails.

    `check_email` replaces the built-in domain check (the build passes the cross-link
    checker's, so both report an address the same way).
    """
    return [
        *check_routing(tree),
        *check_languages(tree, tuple(languages)),
        *check_placeholders(tree),
        *check_email_domains(tree, tuple(allowed_domains), check_email),
    ]


def check_routing(tree: Tree) -> list[Problem]:
    """The start exists; options and teams exist; all reachable; no cycle; no dead end.

    Iterative throughout: a tree of any size or depth is checked without recursion.
    """
    problems: list[Problem] = []

    def add(line: int, message: str, hint: str) -> None:
        problems.append(Problem(tree.path, line, message, hint))

    nodes = set(tree.questions) | set(tree.outcomes)
    if tree.start and tree.start not in tree.questions:
        add(
            tree.start_line,
            f"the start `{tree.start}` is not a question",
            did_you_mean(
                tree.start, tree.questions, "set `start:` to the id of the first question"
            ),
        )
    for question in tree.questions.values():
        if not question.options:
            add(
                question.line,
                f"question `{question.id}` is a dead end: it has no options",
                "give it options, each with `next:`",
            )
        elif len(question.options) == 1:
            add(
                question.line,
                f"question `{question.id}` has a single option",
                "offer at least two options, or point to the next node directly",
            )
        for option in question.options:
            if option.next not in nodes:
                add(
                    option.next_line or option.line,
                    f"question `{question.id}`, option `{option.slug}` leads to "
                    f"`{option.next}`, which is neither a question nor an outcome",
                    did_you_mean(
                        option.next, nodes, "set `next:` to the id of a question or an outcome"
                    ),
                )
    for outcome in tree.outcomes.values():
        if outcome.team and outcome.team not in tree.teams:
            add(
                outcome.team_line,
                f"outcome `{outcome.id}` names team `{outcome.team}`, which is not in `teams`",
                did_you_mean(
                    outcome.team,
                    tree.teams,
                    f"use one of {', '.join(f'`{t}`' for t in tree.teams) or 'the teams'}",
                ),
            )
    used_teams = {outcome.team for outcome in tree.outcomes.values()}
    for team in tree.teams.values():
        if team.id not in used_teams:
            add(team.line, f"team `{team.id}` is not used by any outcome", "use it or remove it")
    if tree.start in tree.questions:
        reached = reachable(tree)
        for node_id in sorted(nodes - reached, key=tree.node_line):
            kind = "question" if node_id in tree.questions else "outcome"
            add(
                tree.node_line(node_id),
                f"{kind} `{node_id}` cannot be reached from the start `{tree.start}`",
                "lead an option to it with `next:`, or remove it",
            )
    for question_id, option in find_cycles(tree):
        add(
            option.next_line or option.line,
            f"question `{question_id}`, option `{option.slug}` leads back to "
            f"`{option.next}`: the questions form a cycle",
            "every route must move forward to an outcome",
        )
    return problems


def did_you_mean(wrong: str, known: Iterable[str], otherwise: str) -> str:
    """«did you mean `x`?» with the nearest known id, or the `otherwise` hint."""
    close = difflib.get_close_matches(wrong, sorted(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else otherwise


def check_languages(tree: Tree, languages: tuple[str, ...]) -> list[Problem]:
    """Every text is written in every language of the site, and in no other."""
    problems = []
    for text in texts(tree):
        if text.missing:
            continue
        for language in languages:
            if language not in text.values:
                problems.append(
                    Problem(
                        tree.path,
                        text.line,
                        f"{text.where}: no {language} text",
                        f"add `{language}:` beside the other languages",
                    )
                )
        for language in text.values:
            if language not in languages:
                problems.append(
                    Problem(
                        tree.path,
                        text.line,
                        f"{text.where}: `{language}` is not a language of the site",
                        f"use {', '.join(f'`{lang}`' for lang in languages)}",
                    )
                )
    return problems


def check_placeholders(tree: Tree) -> list[Problem]:
    """Every text holds only the `{…}` placeholders the page fills in where it is shown, each
    at most once, and in every language alike (a value one language shows, all show).

    The fillers: `{link}` in an item's or a channel's text that has a `link:`, and in
    `labels.form_open` (overrides/hooks/contact-wizard.html); the labels of `LABEL_PLACEHOLDERS`
    (view.py, composer.py and contact-wizard.js). Any other `{word}` would reach customers.
    """
    rules = placeholder_rules(tree)
    problems = []
    for text in texts(tree):
        rule = rules.get(id(text), Placeholders())
        found = {
            language: [match.group(0) for match in _PLACEHOLDER.finditer(words)]
            for language, words in text.values.items()
        }
        for language, tokens in found.items():
            unknown = list(dict.fromkeys(token for token in tokens if token not in rule.allowed))
            wrong = [f"has {_tokens(unknown)}, which the page does not fill in"] if unknown else []
            for token in rule.allowed:
                having = [other for other, others in found.items() if token in others]
                if having and token not in tokens:
                    wrong.append(f"lacks `{token}`, which the {having[0]} text has")
                elif tokens.count(token) > 1:
                    wrong.append(f"has `{token}` more than once")
            if wrong:
                problems.append(
                    Problem(
                        tree.path,
                        text.lines.get(language) or text.line,
                        f"{text.where}: the {language} text {', and '.join(wrong)}",
                        _placeholder_hint(rule, unknown),
                    )
                )
    return problems


def placeholder_rules(tree: Tree) -> dict[int, Placeholders]:
    """The placeholders of the texts that may have any, by `id()` of their Text; every other
    text of `texts` has none."""
    rules: dict[int, Placeholders] = {}
    parts: list[Item | Channel] = [*tree.always_include]
    for outcome in tree.outcomes.values():
        parts += outcome.then
    for team in tree.teams.values():
        parts += (*team.include, *team.then, *team.channels, *_present(team.escalation))
    for part in parts:
        rules[id(part.text)] = Placeholders(("{link}",) if part.link else (), linkable=True)
    for key, rule in LABEL_PLACEHOLDERS.items():
        if key in tree.labels:
            rules[id(tree.labels[key])] = rule
    return rules


def _placeholder_hint(rule: Placeholders, unknown: list[str]) -> str:
    """The placeholders filled in where a text is shown, and the nearest to a misspelt one."""
    if rule.allowed:
        shown = ", ".join(f"`{token}` ({PLACEHOLDERS[token]})" for token in rule.allowed)
        hint = f"placeholders here: {shown}; each at most once, and in every language alike"
    elif rule.linkable and "{link}" in unknown:
        hint = "`{link}` is filled in only in a text with a `link:`: add one, or remove `{link}`"
    else:
        hint = "no placeholder is filled in here: write the text without `{…}`"
    for token in unknown:
        close = difflib.get_close_matches(token, rule.allowed, n=1, cutoff=0.5)
        if close:
            return f"{hint}; did you mean `{close[0]}`?"
    return hint


def _tokens(tokens: Iterable[str]) -> str:
    return " and ".join(f"`{token}`" for token in tokens)


def check_email_domains(
    tree: Tree, allowed_domains: tuple[str, ...], check: EmailCheck | None = None
) -> list[Problem]:
    """Every e-mail address is on a domain of `extra.email_domains`."""
    problems = []
    for email in emails(tree):
        if check is not None:
            problems.extend(with_where(problem, email.where) for problem in check(email))
            continue
        domain = email.address.rsplit("@", 1)[-1].lower()
        if domain not in {allowed.lower() for allowed in allowed_domains}:
            problems.append(
                Problem(
                    tree.path,
                    email.line,
                    f"{email.where}: `{email.address}` is not on an allowed domain",
                    "use an address on "
                    + (", ".join(allowed_domains) or "a domain listed in extra.email_domains"),
                )
            )
    return problems


def with_where(problem: Problem, where: str) -> Problem:
    """Name the node in a problem found by another checker."""
    if where in problem.message:
        return problem
    return Problem(
        problem.path, problem.line, f"{where}: {problem.message}", problem.hint, problem.severity
    )


def check_links(
    tree: Tree, check_target: TargetCheck, external_urls: Mapping[str, str]
) -> list[Problem]:
    """Every link resolves: pages through `check_target`, `ext:` keys in `external_urls`."""
    problems = []
    for link in links(tree):
        if not link.to.startswith("ext:"):
            problems.extend(with_where(problem, link.where) for problem in check_target(link))
        elif link.to.removeprefix("ext:") not in external_urls:
            problems.append(
                Problem(
                    tree.path,
                    link.line,
                    f"{link.where}: `{link.to}` is not in extra.external_urls",
                    f"use one of {', '.join(f'ext:{k}' for k in external_urls) or 'them'}",
                )
            )
    return problems


def reachable(tree: Tree) -> set[str]:
    """Ids of every node reachable from the start."""
    seen: set[str] = set()
    stack = [tree.start]
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        if question := tree.questions.get(node_id):
            stack.extend(option.next for option in question.options)
    return seen


def find_cycles(tree: Tree) -> list[tuple[str, Option]]:
    """The options that lead back to a question already on the way (each cycle once).

    A depth-first search with its own stack, so a chain of any length is fine.
    """
    found: list[tuple[str, Option]] = []
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    for root in tree.questions:
        if root in state:
            continue
        state[root] = "open"
        stack: list[tuple[str, Iterator[Option]]] = [(root, iter(tree.questions[root].options))]
        while stack:
            node_id, options = stack[-1]
            option = next(options, None)
            if option is None:
                state[node_id] = "done"
                stack.pop()
                continue
            if option.next not in tree.questions:
                continue
            if state.get(option.next) == "open":
                found.append((node_id, option))
            elif option.next not in state:
                state[option.next] = "open"
                stack.append((option.next, iter(tree.questions[option.next].options)))
    return found


# ----------------------------------------------------------------------------
# Walking the tree
# ----------------------------------------------------------------------------


def next_node(tree: Tree, question_id: str, option_slug: str) -> str:
    """The node an option of a question leads to."""
    for option in tree.questions[question_id].options:
        if option.slug == option_slug:
            return option.next
    raise KeyError(f"question {question_id!r} has no option {option_slug!r}")


def routes(tree: Tree) -> list[Route]:
    """Every route from the start to an outcome, options in the order they are written."""
    found: list[Route] = []
    stack: list[tuple[str, tuple[Answer, ...], frozenset[str]]] = [(tree.start, (), frozenset())]
    while stack:
        node_id, answers, seen = stack.pop()
        if node_id in tree.outcomes:
            found.append(Route(answers, node_id))
            continue
        question = tree.questions.get(node_id)
        if question is None or node_id in seen:
            continue
        for option in reversed(question.options):  # popped in the order they are written
            stack.append((option.next, (*answers, Answer(node_id, option.slug)), seen | {node_id}))
    return found


def questions_left(tree: Tree) -> dict[str, int]:
    """For each question, the most questions a customer may still answer, itself included."""
    left: dict[str, int] = {}
    for root in tree.questions:
        stack = [root]
        while stack:
            node_id = stack[-1]
            if node_id in left:
                stack.pop()
                continue
            pending = [
                option.next
                for option in tree.questions[node_id].options
                if option.next in tree.questions
                and option.next not in left
                and option.next not in stack  # a cycle: reported by check_routing
            ]
            if pending:
                stack.extend(pending)
                continue
            left[node_id] = 1 + max(
                (left.get(option.next, 0) for option in tree.questions[node_id].options),
                default=0,
            )
            stack.pop()
    return left


def back_targets(tree: Tree) -> dict[str, str]:
    """For each node, the question before it on the shortest way from the start."""
    back: dict[str, str] = {}
    queue = deque([tree.start])
    seen = {tree.start}
    while queue:
        node_id = queue.popleft()
        for option in getattr(tree.questions.get(node_id), "options", ()):
            if option.next not in seen:
                seen.add(option.next)
                back[option.next] = node_id
                queue.append(option.next)
    return back


def texts(tree: Tree) -> Iterator[Text]:
    """Every piece of customer-facing text in the tree."""
    for question in tree.questions.values():
        yield from _present(question.text, question.hint)
        if question.link:
            yield question.link.text
        for option in question.options:
            yield option.text
    for outcome in tree.outcomes.values():
        yield from _present(outcome.title, outcome.text)
        yield from _item_texts(outcome.then)
        if outcome.article:
            yield outcome.article.text
    for team in tree.teams.values():
        yield team.name
        for channel in (*team.channels, *_present(team.escalation)):
            yield channel.text
            if channel.link:
                yield channel.link.text
        yield from _item_texts((*team.include, *team.then))
        if team.article:
            yield team.article.text
    yield from _item_texts(tree.always_include)
    yield from (item.text for item in tree.form_fields)  # shown without their links
    yield from tree.labels.values()


def links(tree: Tree) -> Iterator[Link]:
    """Every link in the tree."""
    for question in tree.questions.values():
        yield from _present(question.link)
    for outcome in tree.outcomes.values():
        yield from _present(outcome.article, *(item.link for item in outcome.then))
    for team in tree.teams.values():
        items = (*team.include, *team.then)
        yield from _present(team.article, *(item.link for item in items))
        for channel in (*team.channels, *_present(team.escalation)):
            yield from _present(channel.link)
    yield from _present(*(item.link for item in tree.always_include))


def emails(tree: Tree) -> Iterator[Email]:
    """Every e-mail address in the tree."""
    for team in tree.teams.values():
        for channel in (*team.channels, *_present(team.escalation)):
            yield from _present(channel.email)


# ----------------------------------------------------------------------------
# Diagram
# ----------------------------------------------------------------------------


def mermaid(tree: Tree, language: str = "es") -> str:
    """A Mermaid flowchart of the tree: questions as diamonds, outcomes as rounded boxes."""
    lines = ["flowchart TD"]
    for question in tree.questions.values():
        label = _mermaid_label(f"{question.id}: {question.text.values.get(language, '')}")
        lines.append(f"    {_mermaid_id(question.id)}{{{label}}}")
    for outcome in tree.outcomes.values():
        team = tree.teams.get(outcome.team or "")
        name = (outcome.title or (team.name if team else outcome.text)).values.get(language, "")
        lines.append(f"    {_mermaid_id(outcome.id)}([{_mermaid_label(f'{outcome.id}: {name}')}])")
    for question in tree.questions.values():
        for option in question.options:
            lines.append(
                f"    {_mermaid_id(question.id)} -->|{_mermaid_label(option.slug)}| "
                f"{_mermaid_id(option.next)}"
            )
    return "\n".join(lines) + "\n"


def _mermaid_id(node_id: str) -> str:
    return "n_" + node_id.replace("-", "_")


def _mermaid_label(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def anchor(node_id: str) -> str:
    """The fragment (and element id) of a node's step: `paso-<id>`."""
    return f"{ANCHOR_PREFIX}{node_id}"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _present(*values: Any) -> Iterator[Any]:
    return (value for value in values if value is not None)


def _item_texts(items: Iterable[Item]) -> Iterator[Text]:
    for item in items:
        yield item.text
        if item.link:
            yield item.link.text


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

ANCHOR_PREFIX = "paso-"
_TOP_KEYS = (
    "page",
    "start",
    "questions",
    "outcomes",
    "teams",
    "always_include",
    "form_fields",
    "labels",
)
COMPOSE_KINDS = ("email", "form")
LABEL_KEYS = (
    "continue",
    "back",
    "start_over",
    "choose",
    "result",
    "how",
    "include",
    "then",
    "escalation",
    "article",
    "copy",
    "copied",
    "progress",
    "result_progress",
    "answers",
    "change",
    "compose",
    "compose_intro",
    "compose_blanks",
    "account",
    "account_hint",
    "account_found",
    "account_none",
    "ticket",
    "ticket_hint",
    "ticket_found",
    "ticket_none",
    "subject",
    "subject_escalation",
    "id_line",
    "ticket_line",
    "description_line",
    "blank_id",
    "blank_ticket",
    "blank_description",
    "send_email",
    "send_escalation",
    "copy_text",
    "message",
    "form_fields",
    "form_open",
)
PLACEHOLDERS = {
    "{link}": "where its link goes",
    "{n}": "the question's number",
    "{total}": "the most questions it may take",
    "{id}": "the account identifier",
    "{ticket}": "the ticket number",
    "{address}": "the e-mail address",
}
"""Every placeholder the page fills in, and with what."""
LABEL_PLACEHOLDERS = {
    "progress": Placeholders(("{n}", "{total}")),
    "account_found": Placeholders(("{id}",)),
    "ticket_found": Placeholders(("{ticket}",)),
    "subject": Placeholders(("{id}", "{ticket}")),
    "subject_escalation": Placeholders(("{id}", "{ticket}")),
    "send_email": Placeholders(("{address}",)),
    "send_escalation": Placeholders(("{address}",)),
    "form_open": Placeholders(("{link}",)),
}
"""The placeholders of the labels that have any (the others have none)."""
_PLACEHOLDER = re.compile(r"\{\s*[A-Za-z_][\w-]*\s*\}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s<>\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SLUG_HINT = "use lowercase letters, digits and hyphens, e.g. `no-lo-se`"
_LINK_HINT = "write `to: contacto/x.md` and `text:` with es/en"
_ITEM_HINT = "write each item as `- text:` with es/en, and an optional `link:`"
_OPT = "write each option as `<slug>:` with `text:` and `next:`"
_CHAN = "write each channel as `- text:` with es/en and an `email:` or a `link:`"
