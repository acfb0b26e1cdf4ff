"""The tree as plain data in one language, for the wizard's template.

`resolve` turns a link target (`contacto/x.md#id`, `ext:<key>`) into a URL relative to the
page, or None while it has no address (the template then shows its text without a link).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from helpcenter.wizard import composer
from helpcenter.wizard.channels import FORM
from helpcenter.wizard.tree import (
    Channel,
    Item,
    Link,
    Outcome,
    Question,
    Team,
    Tree,
    anchor,
    back_targets,
    questions_left,
)

Resolve = Callable[[str], "str | None"]


def view(tree: Tree, language: str, resolve: Resolve) -> dict[str, Any]:
    """Everything the template shows, in one language."""
    labels = {key: text[language] for key, text in tree.labels.items()}
    parts = _Parts(language, resolve)
    back = back_targets(tree)
    depth = _depths(tree, back)
    left = questions_left(tree)
    return {
        "language": language,
        "start": anchor(tree.start),
        "labels": labels,
        "questions": [
            _question(tree, question, parts, back, depth, left, labels)
            for question in tree.questions.values()
        ],
        "outcomes": [
            _outcome(tree, outcome, parts, back, labels) for outcome in tree.outcomes.values()
        ],
    }


def _question(tree, question: Question, parts, back, depth, left, labels) -> dict[str, Any]:
    number = depth.get(question.id, 0) + 1
    total = number - 1 + left.get(question.id, 1)
    return {
        "id": question.id,
        "anchor": anchor(question.id),
        "start": question.id == tree.start,
        "back": anchor(back[question.id]) if question.id in back else None,
        "left": left.get(question.id, 1),
        "progress": labels["progress"].replace("{n}", str(number)).replace("{total}", str(total)),
        "text": question.text[parts.language],
        "hint": question.hint[parts.language] if question.hint else None,
        "link": parts.link(question.link),
        "options": [
            {
                "slug": option.slug,
                "text": option.text[parts.language],
                "next": anchor(option.next),
            }
            for option in question.options
        ],
    }


def _outcome(tree: Tree, outcome: Outcome, parts, back, labels) -> dict[str, Any]:
    language = parts.language
    team = tree.teams.get(outcome.team or "")
    article = outcome.article or (team.article if team else None)
    return {
        "id": outcome.id,
        "anchor": anchor(outcome.id),
        "back": anchor(back[outcome.id]) if outcome.id in back else None,
        "team": team.name[language] if team else None,
        "title": outcome.title[language] if outcome.title else team.name[language],
        "text": outcome.text[language],
        "channels": [parts.channel(c) for c in team.channels] if team else [],
        "include": parts.items((*team.include, *tree.always_include)) if team else [],
        "then": parts.items((*(team.then if team else ()), *outcome.then)),
        "escalation": parts.channel(team.escalation) if team else None,
        "article": parts.link(article),
        "compose": _compose(tree, team, parts, labels) if team and team.compose else None,
    }


def _compose(tree: Tree, team: Team, parts, labels: dict[str, str]) -> dict[str, Any]:
    """The request composer of a team's result, its message written with blanks."""
    subject, body = composer.message(labels, None, None, escalation=False)
    data: dict[str, Any] = {
        "kind": team.compose,
        "subject": subject,
        "body": body,
        "email": None,
        "escalation": None,
        "form": None,
        "fields": [],
    }
    if team.compose == "email":
        address = next(c.email.address for c in team.channels if c.email)
        data["email"] = {
            "address": address,
            "href": composer.mailto(address, subject, body),
            "text": labels["send_email"].replace("{address}", address),
        }
        if team.escalation and team.escalation.email:
            esc_address = team.escalation.email.address
            esc_subject, esc_body = composer.message(labels, None, None, escalation=True)
            data["escalation"] = {
                "address": esc_address,
                "href": composer.mailto(esc_address, esc_subject, esc_body),
                "text": labels["send_escalation"].replace("{address}", esc_address),
            }
    else:
        form = next((c.link for c in team.channels if c.link and c.link.to == FORM), None)
        data["form"] = parts.link(form)
        data["fields"] = [item["text"] for item in parts.items(tree.form_fields)]
    return data


def _depths(tree: Tree, back: dict[str, str]) -> dict[str, int]:
    """Questions before each node on the shortest way from the start."""
    depth: dict[str, int] = {tree.start: 0}
    for node_id in back:  # in breadth-first order: a node's parent comes before it
        depth[node_id] = depth.get(back[node_id], 0) + 1
    return depth


class _Parts:
    """Links, items and channels in one language."""

    def __init__(self, language: str, resolve: Resolve) -> None:
        self.language = language
        self.resolve = resolve

    def link(self, value: Link | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"url": self.resolve(value.to), "text": value.text[self.language]}

    def items(self, values: Iterable[Item]) -> list[dict[str, Any]]:
        return [{"text": item.text[self.language], "link": self.link(item.link)} for item in values]

    def channel(self, value: Channel | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {
            "text": value.text[self.language],
            "email": value.email.address if value.email else None,
            "link": self.link(value.link),
        }
