"""The contact wizard's tree, Smart Answers style: routing node by node, and its validation.

No assertion here matches customer-facing wording: writers can change any text freely.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import wizard_diagram

from helpcenter.problems import Problem
from helpcenter.wizard import tree as wizard_tree

ROOT = Path(__file__).resolve().parent.parent
TREE_FILE = "data/contact-tree.yml"
LANGUAGES = ("es", "en")
DOMAINS = ("multivende.com",)

ACCOUNT_ID_GUIDE = "contacto/como-obtener-el-numero-identificador-de-tu-cuenta.md"
TICKET_PORTAL = "contacto/seguimiento-de-solicitudes-en-el-portal-de-tickets.md"
API_TICKET = "contacto/como-crear-un-ticket-para-el-equipo-de-api.md"


@pytest.fixture(scope="module")
def tree() -> wizard_tree.Tree:
    tree, problems = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
    assert tree is not None and not problems, "\n".join(map(str, problems))
    return tree


# ----------------------------------------------------------------------------
# Routing: for every option of every question, the node that comes next
# ----------------------------------------------------------------------------

# The routing rules of the escalation guide and the contact articles.
# columns: question, option, the node that comes next
NEXT = [
    # What do you need?
    ("motivo", "ayuda", "onboarding"),
    ("motivo", "seguimiento", "seguimiento"),  # follow-up: the ticket-portal article
    ("motivo", "consulta-api", "desarrollador"),
    ("motivo", "cambiar-plan", "equipo-comercial"),  # raise or lower the plan's features
    ("motivo", "derivacion-comercial", "equipo-comercial"),  # referral to a partner or channel
    # Has your onboarding finished?
    ("onboarding", "no", "equipo-onboarding"),
    ("onboarding", "si", "mesa-de-ayuda"),
    ("onboarding", "no-lo-se", "equipo-onboarding"),  # safe choice: the onboarding team
    # Are you a developer?
    ("desarrollador", "si", "requisitos-api"),
    ("desarrollador", "no", "onboarding-api"),  # non-developers go through the implementer/desk
    # Do your questions meet the requirements to reach the API team?
    ("requisitos-api", "si", "equipo-api"),
    ("requisitos-api", "no", "onboarding-api"),
    ("requisitos-api", "no-lo-se", "onboarding-api"),  # safe: they escalate it if needed
    # Has your onboarding finished? (a request for the API team)
    ("onboarding-api", "no", "implementador-escala-api"),
    ("onboarding-api", "si", "mesa-de-ayuda-escala-api"),
    ("onboarding-api", "no-lo-se", "implementador-escala-api"),
]

# columns: outcome, the team it names (None: no team, an article), the article it points to
OUTCOMES = [
    ("equipo-onboarding", "onboarding", "contacto/como-contactar-al-equipo-de-onboarding.md"),
    ("mesa-de-ayuda", "mesa-de-ayuda", "contacto/como-contactar-a-la-mesa-de-ayuda.md"),
    ("equipo-comercial", "comercial", "contacto/como-contactar-al-equipo-comercial.md"),
    ("equipo-api", "api", API_TICKET),
    (
        "implementador-escala-api",
        "onboarding",
        "contacto/como-contactar-al-equipo-de-onboarding.md",
    ),
    ("mesa-de-ayuda-escala-api", "mesa-de-ayuda", "contacto/como-contactar-a-la-mesa-de-ayuda.md"),
    ("seguimiento", None, TICKET_PORTAL),
]

# columns: team, its e-mail channels, its escalation e-mail
TEAM_EMAILS = [
    ("onboarding", ["onboarding@multivende.com"], "gabriela@multivende.com"),
    ("comercial", ["sales@multivende.com"], None),
    ("mesa-de-ayuda", [], None),
    ("api", [], None),
]


@pytest.mark.parametrize(("question", "option", "expected"), NEXT)
def test_option_leads_to(tree, question, option, expected):
    assert wizard_tree.next_node(tree, question, option) == expected


def test_every_option_of_every_question_is_in_the_table(tree):
    options = {(q.id, o.slug) for q in tree.questions.values() for o in q.options}
    assert options == {(question, option) for question, option, _ in NEXT}


def test_the_wizard_starts_with_what_the_customer_needs(tree):
    assert tree.start == "motivo"


@pytest.mark.parametrize(("outcome", "team", "article"), OUTCOMES)
def test_outcome_names_its_team_and_article(tree, outcome, team, article):
    result = tree.outcomes[outcome]
    assert result.team == team
    chosen = result.article or tree.teams[team].article
    assert chosen.to.partition("#")[0] == article


def test_every_outcome_is_in_the_table_and_reached_by_a_route(tree):
    assert set(tree.outcomes) == {outcome for outcome, _, _ in OUTCOMES}
    assert {route.outcome for route in wizard_tree.routes(tree)} == set(tree.outcomes)


def test_every_question_is_on_a_route(tree):
    asked = {a.question for route in wizard_tree.routes(tree) for a in route.answers}
    assert asked == set(tree.questions)


@pytest.mark.parametrize(("team", "addresses", "escalation"), TEAM_EMAILS)
def test_team_channels_and_escalation(tree, team, addresses, escalation):
    found = tree.teams[team]
    assert [c.email.address for c in found.channels if c.email] == addresses
    assert (found.escalation.email.address if found.escalation else None) == escalation


def test_help_desk_offers_the_help_center_request_and_the_in_app_ticket(tree):
    channels = tree.teams["mesa-de-ayuda"].channels
    assert [c.link.to for c in channels if c.link] == ["ext:help_center_new_request"]
    assert len(channels) == 2  # the Help Center form, and «Crear ticket de ayuda» in the app


def test_every_result_with_a_team_asks_for_the_account_id_with_its_guide(tree):
    links = [item.link.to for item in tree.always_include if item.link]
    assert ACCOUNT_ID_GUIDE in links
    view = wizard_tree.view(tree, "es", lambda target: target)
    for outcome in view["outcomes"]:
        if outcome["team"]:
            assert ACCOUNT_ID_GUIDE in [i["link"]["url"] for i in outcome["include"] if i["link"]]


def test_the_api_question_points_to_who_may_use_the_api_channel(tree):
    assert tree.questions["requisitos-api"].link.to.startswith(API_TICKET)


def test_routes_are_enumerated_from_the_start_in_option_order(tree):
    routes = wizard_tree.routes(tree)
    # one route per way through the tree: every route ends at an outcome, none repeats
    assert len(routes) == len({str(route) for route in routes})
    for route in routes:
        node = tree.start
        for answer in route.answers:
            assert answer.question == node
            node = wizard_tree.next_node(tree, answer.question, answer.option)
        assert node == route.outcome


def test_back_target_is_the_question_before_on_the_shortest_way(tree):
    back = wizard_tree.back_targets(tree)
    assert tree.start not in back
    for node_id, question_id in back.items():
        assert node_id in {o.next for o in tree.questions[question_id].options}


# ----------------------------------------------------------------------------
# The diagram
# ----------------------------------------------------------------------------


def test_diagram_draws_every_node_and_option(tree):
    diagram = wizard_tree.mermaid(tree)
    assert diagram.startswith("flowchart TD\n")
    for question in tree.questions.values():
        for option in question.options:
            edge = f'n_{question.id.replace("-", "_")} -->|"{option.slug}"| '
            assert edge + f"n_{option.next.replace('-', '_')}" in diagram
    for node_id in (*tree.questions, *tree.outcomes):
        assert f'"{node_id}: ' in diagram


def test_readme_diagram_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = wizard_diagram.with_diagram(readme, wizard_diagram.diagram_block())
    assert readme == expected, "README.md's wizard diagram is stale: run `make wizard-diagram`"


def test_stale_readme_diagram_is_detected():
    readme = f"x\n{wizard_diagram.START}\nold\n{wizard_diagram.END}\n"
    assert wizard_diagram.with_diagram(readme, "new") == (
        f"x\n{wizard_diagram.START}\nnew\n{wizard_diagram.END}\n"
    )
    with pytest.raises(wizard_diagram.DiagramError):
        wizard_diagram.with_diagram("no markers", "new")


# ----------------------------------------------------------------------------
# Validation: one bad tree per problem, each with its message, file, line and node
# ----------------------------------------------------------------------------

LABELS = "".join(f"  {key}: {{es: {key}, en: {key}}}\n" for key in wizard_tree.LABEL_KEYS)

_B = "      b: {text: {es: B, en: B}, next: paso}"
_NO = "      no: {text: {es: 'No', en: 'No'}, next: fin-b}"
_ARTICLE = "    article: {to: contacto/b.md, text: {es: B, en: B}}"

GOOD = (
    """\
page: contacto/asistente.md
start: inicio
questions:
  inicio:
    text: {es: Qué, en: What}
    options:
      a: {text: {es: A, en: A}, next: fin-a}
      b: {text: {es: B, en: B}, next: paso}
  paso:
    text: {es: Y, en: And}
    options:
      si: {text: {es: Sí, en: 'Yes'}, next: fin-a}
      no: {text: {es: 'No', en: 'No'}, next: fin-b}
outcomes:
  fin-a:
    team: equipo
    text: {es: A, en: A}
  fin-b:
    title: {es: B, en: B}
    text: {es: B, en: B}
    article: {to: contacto/b.md, text: {es: B, en: B}}
teams:
  equipo:
    name: {es: Equipo, en: Team}
    channels:
      - text: {es: Escribe a, en: Write to}
        email: equipo@multivende.com
always_include:
  - text: {es: ID, en: ID}
    link: {to: contacto/id.md, text: {es: ID, en: ID}}
labels:
"""
    + LABELS
)

# columns: case id, replacements in GOOD (old, new), words of the expected message, the node
# the message names. The problem must be reported on the line marked `# <-`, or, when a line
# was removed, on the line where that node starts.
BAD_TREES = [
    (
        "option-leads-nowhere",
        [("next: fin-a}\n      b:", "next: nada}  # <-\n      b:")],
        "leads to `nada`, which is neither a question nor an outcome",
        "inicio",
    ),
    (
        "question-unreachable",
        [
            (
                "outcomes:\n",
                "  sola:  # <-\n    text: {es: Q, en: Q}\n    options:\n"
                "      x: {text: {es: X, en: X}, next: fin-a}\n"
                "      y: {text: {es: Y, en: Y}, next: fin-b}\noutcomes:\n",
            )
        ],
        "cannot be reached from the start",
        "sola",
    ),
    (
        "outcome-unreachable",
        [("teams:\n", "  fin-c:  # <-\n    team: equipo\n    text: {es: C, en: C}\nteams:\n")],
        "cannot be reached from the start",
        "fin-c",
    ),
    (
        "cycle",
        [(_NO, _NO + "\n      otra: {text: {es: O, en: O}, next: inicio}  # <-")],
        "the questions form a cycle",
        "paso",
    ),
    (
        "dead-end",
        [
            (_B, _B + "\n      c: {text: {es: C, en: C}, next: vacia}"),
            (
                "outcomes:\n",
                "  vacia:  # <-\n    text: {es: Q, en: Q}\n    options: {}\noutcomes:\n",
            ),
        ],
        "dead end",
        "vacia",
    ),
    (
        "start-is-an-outcome",
        [("start: inicio", "start: fin-a  # <-")],
        "is not a question",
        "fin-a",
    ),
    (
        "text-missing-a-language",
        [("    text: {es: Y, en: And}", "    text: {es: Y}  # <-")],
        "no en text",
        "paso",
    ),
    (
        "text-empty-in-a-language",
        [("    text: {es: Y, en: And}", "    text: {es: Y, en: ''}  # <-")],
        "no en text",
        "paso",
    ),
    (
        "text-missing",
        [("  paso:\n    text: {es: Y, en: And}\n", "  paso:\n")],
        "`text` is missing",
        "paso",
    ),
    (
        "text-not-per-language",
        [("    text: {es: Y, en: And}", "    text: Y  # <-")],
        "must give the text per language",
        "paso",
    ),
    (
        "text-in-an-unknown-language",
        [("    text: {es: Y, en: And}", "    text: {es: Y, en: And, fr: Et}  # <-")],
        "`fr` is not a language of the site",
        "paso",
    ),
    (
        "team-missing",
        [("    title: {es: B, en: B}\n", "    team: nadie  # <-\n    title: {es: B, en: B}\n")],
        "names team `nadie`, which is not in `teams`",
        "fin-b",
    ),
    (
        "email-on-another-domain",
        [("email: equipo@multivende.com", "email: equipo@gmail.com  # <-")],
        "not on an allowed domain",
        "equipo",
    ),
    (
        "email-malformed",
        [("email: equipo@multivende.com", "email: equipo en multivende  # <-")],
        "is not an e-mail address",
        "equipo",
    ),
    (
        "option-written-twice",
        [(_B, _B + "\n      b: {text: {es: B, en: B}, next: paso}  # <-")],
        "option `b` is written twice",
        "inicio",
    ),
    (
        "unknown-key",
        [("  paso:\n    text:", "  paso:\n    texto: {es: x, en: x}  # <-\n    text:")],
        "unknown key `texto`",
        "paso",
    ),
    (
        "slug-not-kebab-case",
        [(_B, _B + "\n      Opción C: {text: {es: C, en: C}, next: fin-a}  # <-")],
        "not kebab-case",
        "inicio",
    ),
    (
        "same-id-for-question-and-outcome",
        [("teams:\n", "  paso:  # <-\n    team: equipo\n    text: {es: C, en: C}\nteams:\n")],
        "has the id of a question",
        "paso",
    ),
    (
        "outcome-without-team-or-title",
        [("    title: {es: B, en: B}\n", "")],
        "has neither `team` nor `title`",
        "fin-b",
    ),
    (
        "link-not-to-a-page",
        [(_ARTICLE, _ARTICLE.replace("contacto/b.md", "'https://example.com'") + "  # <-")],
        "is not a page under docs/",
        "fin-b",
    ),
    (
        "single-option",
        [("      a: {text: {es: A, en: A}, next: fin-a}\n", "")],
        "has a single option",
        "inicio",
    ),
    (
        "label-missing",
        [("  copied: {es: copied, en: copied}\n", "")],
        "`copied` is missing",
        "labels",
    ),
    (
        "not-yaml",
        [("    text: {es: Y, en: And}", "    text: {es: Y, en: And}\n    hint: a: b  # <-")],
        "not valid YAML",
        None,
    ),
]


def _write(tmp_path: Path, text: str) -> Path:
    file = tmp_path / TREE_FILE
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def _problems(tmp_path: Path, text: str) -> list[Problem]:
    tree, problems = wizard_tree.load(_write(tmp_path, text), TREE_FILE)
    if tree is not None:
        problems += wizard_tree.validate(tree, LANGUAGES, DOMAINS)
    return problems


def test_the_good_tree_has_no_problem(tmp_path):
    assert _problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("replacements", "message", "node"),
    [case[1:] for case in BAD_TREES],
    ids=[case[0] for case in BAD_TREES],
)
def test_bad_tree_is_reported_at_its_line(tmp_path, replacements, message, node):
    text = GOOD
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    lines = text.splitlines()
    marked = [number for number, line in enumerate(lines, 1) if "# <-" in line]
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.path == TREE_FILE
    assert message in problem.message
    if node is not None:
        assert f"`{node}`" in problem.message
    if marked:
        assert problem.line == marked[0]
    else:  # a line was removed: the problem is reported where its node starts
        assert lines[problem.line - 1].strip().startswith(f"{node}:")
    assert str(problem).startswith(f"{TREE_FILE}:{problem.line}: ")
    assert " — " in str(problem)  # and it says how to fix it


def test_every_problem_of_a_tree_is_reported_at_once(tmp_path):
    text = GOOD.replace("next: fin-a}\n      b:", "next: nada}\n      b:").replace(
        "email: equipo@multivende.com", "email: equipo@gmail.com"
    )
    messages = [problem.message for problem in _problems(tmp_path, text)]
    assert any("`nada`" in m for m in messages)
    assert any("gmail.com" in m for m in messages)


def test_missing_tree_file_is_one_clear_problem(tmp_path):
    tree, problems = wizard_tree.load(tmp_path / "nope.yml", TREE_FILE)
    assert tree is None
    assert [str(p).split(":")[0] for p in problems] == [TREE_FILE]


def test_tree_that_is_not_utf8_is_one_clear_problem(tmp_path):
    file = tmp_path / "tree.yml"
    file.write_bytes("start: motivo\n".encode("utf-16"))
    tree, problems = wizard_tree.load(file, TREE_FILE)
    assert tree is None
    assert len(problems) == 1 and "UTF-8" in str(problems[0])


def test_repeated_and_missing_keys_are_each_at_their_line(tmp_path):
    text = GOOD.replace("  paso:\n    text: {es: Y, en: And}\n", "  paso:\n")
    text = text.replace(
        "    options:\n      si:",
        "    hint: {es: H, en: H}\n    hint: {es: H, en: H}\n    options:\n      si:",
    )
    lines = text.splitlines()
    problems = sorted(_problems(tmp_path, text))
    assert [(lines[p.line - 1].strip()[:5], p.message.split(": ", 1)[1]) for p in problems] == [
        ("paso:", "`text` is missing"),
        ("hint:", "`hint` is written twice"),
    ]


def test_yes_and_no_stay_text():
    data = wizard_tree.read_yaml("no: yes\n", TREE_FILE)
    assert data == {"no": "yes"}


# columns: case id, link target, external URLs of the site, expected problem words
LINKS = [
    ("known-external-key", "ext:form", {"form": ""}, None),
    ("unknown-external-key", "ext:nope", {"form": ""}, "is not in extra.external_urls"),
    ("page-that-exists", "contacto/b.md", {}, None),
    ("page-that-does-not-exist", "contacto/nada.md", {}, "no page"),
]


@pytest.mark.parametrize(
    ("target", "external", "message"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS]
)
def test_links_are_checked(tmp_path, target, external, message):
    text = GOOD.replace(_ARTICLE, _ARTICLE.replace("contacto/b.md", f"'{target}'") + "  # <-")
    tree, problems = wizard_tree.load(_write(tmp_path, text), TREE_FILE)
    assert not problems

    def exists(link):
        if link.to.partition("#")[0] in ("contacto/b.md", "contacto/id.md"):
            return []
        return [Problem(TREE_FILE, link.line, "no page", "fix it")]

    found = wizard_tree.check_links(tree, exists, external)
    if message is None:
        assert found == []
    else:
        line = next(n for n, row in enumerate(text.splitlines(), 1) if "# <-" in row)
        assert [(p.line, message in p.message, "`fin-b`" in p.message) for p in found] == [
            (line, True, True)
        ]
