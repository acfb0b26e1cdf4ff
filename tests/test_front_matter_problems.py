"""Front-matter problems all at once, each at the line the writer must look at.

A value YAML cannot construct (an impossible date, a `!!` tag it cannot read) is
reported at its line and the rest of the front matter is still checked; a YAML
syntax error is reported where its bracket or quote was opened when it is never
closed; a key of data/front-matter.yml without a valid type is reported at its
`type:` line and stays a known key. Each case is a tiny real site: `make check`
and `mkdocs build --strict` must give exactly its lines, and no traceback.
"""

from __future__ import annotations

from typing import NamedTuple

from conftest import ROOT, SiteBuilder
from test_content_checks import BASE, article_en, article_es, run_check

TITLE = "title: Artículo de prueba\n"
DESCRIPTION = "description: Un artículo de prueba.\n"
NOT_YAML = (
    "write one 'key: value' per line; quote a value that contains ': ' or starts with a "
    "special character"
)
DROPPED = "MkDocs would drop the whole front matter"


class Case(NamedTuple):
    """An article's front matter (the lines between the '---' lines, from line 2) and the
    problems both checks must give, as (line, message — hint)."""

    id: str
    front: str
    expected: list[tuple[int, str]]


# columns: id, the front matter, every problem it must give
CASES = [
    # -- values YAML cannot construct: reported, and the rest still checked ------------------
    Case(
        "impossible-date-and-five-more",
        "title: 123\n"
        + DESCRIPTION
        + "last_reviewed: 2026-02-30\nsearch: 5\nhide: navigation\n"
        + "icon: material/no-existe-icono\ntemplate: nope.html\n",
        [
            (2, "'title' must be text, not 123 — write 'title: …' with the text after the colon"),
            (
                4,
                "'last_reviewed' is not a real date: '2026-02-30' (day is out of range for "
                f"month); {DROPPED} — write a day of the calendar as YYYY-MM-DD, e.g. "
                "'last_reviewed: 2026-11-27'",
            ),
            (
                5,
                "'search' must be 'key: value' pairs, not 5 — write indented 'key: value' "
                "lines below 'search:'",
            ),
            (
                6,
                "'hide' must be a list, not 'navigation' — write one '  - item' per line "
                "below 'hide:'",
            ),
            (
                7,
                "'icon' names an icon that does not exist ('material/no-existe-icono') — did "
                "you mean 'material/note-minus'?",
            ),
            (
                8,
                "'template' names a template that does not exist ('nope.html') — did you mean "
                "'main.html'?",
            ),
        ],
    ),
    Case(
        "impossible-dates-inside-a-mapping-and-a-list",
        TITLE
        + DESCRIPTION
        + "search:\n  boost: 2026-02-30\n  exclude: quizá\n"
        + "related:\n  - 2026-02-31\n  - contacto/no-existe.md\n",
        [
            (
                5,
                "'search.boost' is not a real date: '2026-02-30' (day is out of range for "
                f"month); {DROPPED} — write a day of the calendar as YYYY-MM-DD, e.g. "
                "'boost: 2026-11-27'",
            ),
            (
                6,
                "'search.exclude' must be true or false, not 'quizá' — write 'exclude: true' "
                "or 'exclude: false'",
            ),
            (
                8,
                "an item of 'related' is not a real date: '2026-02-31' (day is out of range for "
                f"month); {DROPPED} — write a day of the calendar as YYYY-MM-DD, or quote it "
                "to make it text",
            ),
            (
                9,
                "'related' page 'contacto/no-existe.md' points to a page that does not exist "
                "(docs/contacto/no-existe.md) — fix the path (relative to docs/) or create the "
                "page",
            ),
        ],
    ),
    Case(
        "tag-that-cannot-be-read",  # PyYAML raises KeyError for it: it was a traceback
        TITLE + DESCRIPTION + "promoted: !!bool quizá\norder: cero\n",
        [
            (
                4,
                f"'promoted' cannot be read: 'quizá' is not a !!bool; {DROPPED} — write a "
                "value of that type, or remove the '!!' tag and quote the value to make it text",
            ),
            (5, "'order' must be a positive number, not 'cero' — write e.g. 'order: 2'"),
        ],
    ),
    Case(
        "required-key-that-cannot-be-read-is-not-missing",
        "title: !!int diez\n" + DESCRIPTION,
        [
            (
                2,
                f"'title' cannot be read: 'diez' is not a !!int; {DROPPED} — write a value of "
                "that type, or remove the '!!' tag and quote the value to make it text",
            ),
        ],
    ),
    # -- syntax errors: where the writer must look -------------------------------------------
    Case(
        "unclosed-list-in-the-title",
        "title: [¿Cómo contactar a la Mesa de Ayuda?\n" + DESCRIPTION,
        [(2, f"front matter is not valid YAML (did not find expected ',' or ']') — {NOT_YAML}")],
    ),
    Case(
        "unclosed-quote-in-the-title",
        'title: "¿Cómo contactar a la Mesa de Ayuda?\n' + DESCRIPTION,
        [(2, f"front matter is not valid YAML (found unexpected end of stream) — {NOT_YAML}")],
    ),
    Case(
        "unclosed-mapping-in-search",
        TITLE + DESCRIPTION + "search: {boost: 2\npromoted: true\n",
        [(4, f"front matter is not valid YAML (did not find expected ',' or '}}') — {NOT_YAML}")],
    ),
    Case(
        "line-without-a-colon",
        TITLE + "descripción del artículo\n" + DESCRIPTION,
        [(3, f"front matter is not valid YAML (could not find expected ':') — {NOT_YAML}")],
    ),
    Case(  # a list closed with the wrong bracket: where that bracket is
        "wrong-closing-bracket",
        TITLE + DESCRIPTION + "related: [contacto/x.md,\n  contacto/y.md}\n",
        [(5, f"front matter is not valid YAML (did not find expected ',' or ']') — {NOT_YAML}")],
    ),
    Case(  # a bad escape in a quote over two lines: where the escape is
        "bad-escape-on-the-second-line-of-a-quote",
        TITLE + 'description: "Un artículo\n  de \\q prueba"\n',
        [(4, f"front matter is not valid YAML (found unknown escape character) — {NOT_YAML}")],
    ),
]


def with_front(front: str) -> str:
    """The base article with `front` as its whole front matter."""
    return article_es().replace(TITLE + DESCRIPTION, front, 1)


def test_every_front_matter_problem_at_its_line(build_site: SiteBuilder) -> None:
    """Each article gets exactly its problems, in `make check` and the strict build alike."""
    files = dict(BASE)
    expected: list[str] = []
    for case in CASES:
        files[f"contacto/{case.id}.md"] = with_front(case.front)
        files[f"contacto/{case.id}.en.md"] = article_en()
        expected += [f"docs/contacto/{case.id}.md:{line}: {text}" for line, text in case.expected]
    site = build_site(files)
    check = run_check(site.project_dir / "mkdocs.yml")
    errors = [line for line in check.stdout.splitlines() if not line.startswith("notice: ")]
    assert "Traceback" not in site.log + check.stdout + check.stderr
    assert sorted(errors) == sorted(expected), check.stdout + check.stderr
    assert sorted(site.warnings()) == sorted(expected), site.log
    assert check.returncode == 1 and not site.ok


def test_schema_keys_without_a_valid_type_are_reported_at_their_lines(
    build_site: SiteBuilder,
) -> None:
    """A wrong `type:` (or `limit:`) in data/front-matter.yml: one problem at its line, and
    the articles that use the key get none (it is still a known key)."""
    schema = (ROOT / "data" / "front-matter.yml").read_text(encoding="utf-8")
    edits = {  # what is written → what the writer wrote instead
        "  last_reviewed:\n    type: date\n": "  last_reviewed:\n    type: fecha\n",
        "    limit: related_limit\n": "    limit: muchos\n",
        "        type: number\n      exclude:": "        type: numero\n      exclude:",
    }
    for right, wrong in edits.items():
        assert schema.count(right) == 1, right
        schema = schema.replace(right, wrong)
    lines = schema.split("\n")
    types = "one of text, date, bool, number, list, mapping, pages, template, icon"
    see = "see the comments at the top of the file"
    expected = sorted(
        [
            f"data/front-matter.yml:{_line(lines, 'type: fecha')}: key 'last_reviewed' needs "
            f"a type, {types} — {see}",
            f"data/front-matter.yml:{_line(lines, 'limit: muchos')}: 'limit' of 'related' must "
            f"be a whole number — {see}",
            f"data/front-matter.yml:{_line(lines, 'type: numero')}: key 'search.boost' needs a "
            f"type, "
            f"{types} — {see}",
        ]
    )
    front = "last_reviewed: 2026-11-27\nsearch:\n  boost: 2\n"
    files = BASE | {"contacto/x.md": article_es(front=front)}
    site = build_site(files, data={"front-matter.yml": schema})
    check = run_check(site.project_dir / "mkdocs.yml")
    errors = [line for line in check.stdout.splitlines() if not line.startswith("notice: ")]
    assert "Traceback" not in site.log + check.stdout + check.stderr
    assert sorted(errors) == expected, check.stdout + check.stderr
    assert sorted(site.warnings()) == expected, site.log


def _line(lines: list[str], text: str) -> int:
    """1-based line of the one line that holds `text`."""
    [number] = [number for number, line in enumerate(lines, 1) if text in line]
    return number
