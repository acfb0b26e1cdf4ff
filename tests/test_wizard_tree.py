"""The contact wizard's tree, Smart Answers style: routing node by node, and its validation.

No assertion here matches customer-facing wording: writers can change any text freely.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import wizard_diagram

from helpcenter.problems import Problem
from helpcenter.wizard import tree as wizard_tree
from helpcenter.wizard.view import view

ROOT = Path(__file__).resolve().parent.parent
TREE_FILE = "data/contact-tree.yml"
LANGUAGES = ("es", "en")
DOMAINS = ("multivende.com",)

ACCOUNT_ID_GUIDE = "contacto/como-obtener-el-numero-identificador-de-tu-cuenta.md"


@pytest.fixture(scope="module")
def tree() -> wizard_tree.Tree:
    tree, problems = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
    assert tree is not None and not problems, "\n".join(map(str, problems))
    return tree


# ----------------------------------------------------------------------------
# Routing: for every option of every question, the node that comes next
# ----------------------------------------------------------------------------

# The routing rules of the escalation guide and the contact articles, as writers keep them.
ROUTES_FILE = "data/contact-tree-routes.yml"
EXPECTED = wizard_tree.read_yaml((ROOT / ROUTES_FILE).read_text(encoding="utf-8"), ROUTES_FILE)
# columns: question, option, the node that comes next
NEXT = [
    (question, option, target)
    for question, options in EXPECTED["questions"].items()
    for option, target in options.items()
]
# columns: outcome, the team it names (None: no team), the page «Más información» opens
OUTCOMES = [
    (outcome, data["team"], data["article"]) for outcome, data in EXPECTED["outcomes"].items()
]
# columns: outcome, what the customer can follow at its end (mailto:… or ext:…)
ENDS_ON = [(outcome, list(data["ends_on"])) for outcome, data in EXPECTED["outcomes"].items()]

# columns: team, its e-mail channels, its escalation e-mail
TEAM_EMAILS = [
    ("onboarding", ["onboarding@multivende.com"], "gabriela@multivende.com"),
    ("comercial", ["sales@multivende.com"], None),
    ("mesa-de-ayuda", [], None),
    ("api", [], None),
]


def test_the_routes_file_is_read():
    # a broken or empty routes file must not make the parametrized tests vanish
    assert len(NEXT) >= 10 and len(OUTCOMES) >= 5


@pytest.mark.parametrize(("question", "option", "expected"), NEXT)
def test_option_leads_to(tree, question, option, expected):
    assert wizard_tree.next_node(tree, question, option) == expected


def test_every_option_of_every_question_is_in_the_routes_file(tree):
    options = {(q.id, o.slug) for q in tree.questions.values() for o in q.options}
    listed = {(question, option) for question, option, _ in NEXT}
    assert not options - listed, f"add these to {ROUTES_FILE}: {sorted(options - listed)}"
    assert not listed - options, f"{ROUTES_FILE} lists options the tree lacks"


def test_the_wizard_starts_with_what_the_customer_needs(tree):
    assert tree.start == "motivo"


@pytest.mark.parametrize(("outcome", "team", "article"), OUTCOMES)
def test_outcome_names_its_team_and_the_section_with_its_steps(tree, outcome, team, article):
    result = tree.outcomes[outcome]
    assert result.team == team
    chosen = result.article or tree.teams[team].article
    assert chosen.to == article
    assert "#" in chosen.to  # «Más información» opens the article at the section


@pytest.mark.parametrize(("outcome", "ends_on"), ENDS_ON)
def test_every_result_ends_on_a_channel_the_customer_can_follow(tree, outcome, ends_on):
    data = view(tree, "es", lambda target: target)
    result = next(o for o in data["outcomes"] if o["id"] == outcome)
    found = set()
    for channel in (*result["channels"], result["escalation"]):
        if channel and channel["email"]:
            found.add(f"mailto:{channel['email']}")
        if channel and channel["link"]:
            found.add(channel["link"]["url"])
    found |= {item["link"]["url"] for item in result["then"] if item["link"]}
    assert set(ends_on) <= found
    assert ends_on


def test_every_outcome_is_in_the_routes_file_and_reached_by_a_route(tree):
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
    links = [c.link.to for c in channels if c.link]
    assert links == ["ext:help_center_signin", "ext:help_center_new_request"]
    assert len(channels) == 3  # sign in, the Help Center form, «Crear ticket de ayuda» in the app


def test_the_api_ticket_is_created_with_the_help_center_request_form(tree):
    team = tree.teams["api"]
    assert team.compose == "form"
    assert "ext:help_center_new_request" in [c.link.to for c in team.channels if c.link]


def test_every_team_result_prepares_a_request(tree):
    data = view(tree, "es", lambda target: target)
    for outcome in data["outcomes"]:
        assert bool(outcome["compose"]) == bool(outcome["team"]), outcome["id"]


def test_the_form_checklist_names_the_source_fields(tree):
    # the request form's fields, as the source names them
    fields = [item.text["es"] for item in tree.form_fields]
    for name in (
        "Asunto",
        "¿Qué problema necesitas solucionar?",
        "Descripción",
        "Archivos adjuntos",
    ):
        assert any(field.startswith(name) for field in fields), name


def test_the_follow_up_result_gives_the_states_and_when_a_request_can_be_marked_solved(tree):
    text = " ".join(item.text["es"] for item in tree.outcomes["seguimiento"].then)
    for state in ("Abierto", "Esperando su respuesta", "Resuelto"):
        assert state in text
    assert "asignada a un agente" in text


def test_every_result_with_a_team_asks_for_the_account_id_with_its_guide(tree):
    links = [item.link.to.partition("#")[0] for item in tree.always_include if item.link]
    assert ACCOUNT_ID_GUIDE in links
    data = view(tree, "es", lambda target: target)
    for outcome in data["outcomes"]:
        if outcome["team"]:
            urls = [i["link"]["url"].partition("#")[0] for i in outcome["include"] if i["link"]]
            assert ACCOUNT_ID_GUIDE in urls


def test_every_question_that_is_not_the_first_says_what_it_means(tree):
    # no question asks something the site never explains: each has a hint or a link
    for question in tree.questions.values():
        if question.id != tree.start:
            assert question.hint or question.link, question.id


def test_i_dont_know_takes_the_route_of_no(tree):
    # «No lo sé» is never a dead end nor a guess: it leads where «No» leads
    for question in tree.questions.values():
        slugs = {option.slug: option.next for option in question.options}
        if "no-lo-se" in slugs:
            assert slugs["no-lo-se"] == slugs["no"], question.id


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


# ----------------------------------------------------------------------------
# Messages point at the `next:` line and suggest the nearest id; any size, any depth
# ----------------------------------------------------------------------------


def test_a_dangling_next_is_reported_at_its_next_line_with_the_nearest_id(tmp_path):
    text = GOOD.replace(
        "      b: {text: {es: B, en: B}, next: paso}",
        "      b:\n        text: {es: B, en: B}\n        next: pasoo  # <-",
    )
    lines = text.splitlines()
    problems = [p for p in _problems(tmp_path, text) if "leads to" in p.message]
    assert len(problems) == 1, problems
    assert "# <-" in lines[problems[0].line - 1]
    assert "did you mean `paso`?" in problems[0].hint


def test_a_misspelt_start_suggests_the_nearest_question(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("start: inicio", "start: inicoi"))
    assert any("did you mean `inicio`?" in problem.hint for problem in problems)


def _chain(length: int, back_to_start: bool = False) -> str:
    """A tree whose questions form a chain of `length` (each: go on, or stop)."""
    lines = ["page: contacto/a.md", "start: q0", "questions:"]
    for number in range(length):
        last = number == length - 1
        onward = ("q0" if back_to_start else "fin") if last else f"q{number + 1}"
        lines += [
            f"  q{number}:",
            "    text: {es: Q, en: Q}",
            "    options:",
            f"      sigue: {{text: {{es: S, en: S}}, next: {onward}}}",
            "      para: {text: {es: P, en: P}, next: fin}",
        ]
    lines += ["outcomes:", "  fin:", "    title: {es: F, en: F}", "    text: {es: F, en: F}"]
    return "\n".join(lines) + "\nlabels:\n" + LABELS


def test_a_long_chain_of_questions_is_checked_without_recursion(tmp_path):
    # 1,000 is past Python's recursion limit: a recursive walk would raise RecursionError
    # (a longer chain only spends PyYAML's time: 5,000 took 30 s here)
    length = 1_000
    tree, problems = wizard_tree.load(_write(tmp_path, _chain(length)), TREE_FILE)
    assert problems == [] and wizard_tree.validate(tree, LANGUAGES, DOMAINS) == []
    assert len(wizard_tree.routes(tree)) == length + 1
    assert wizard_tree.questions_left(tree)["q0"] == length


def test_a_cycle_at_the_end_of_a_long_chain_is_reported_once(tmp_path):
    problems = _problems(tmp_path, _chain(1_000, back_to_start=True))
    assert [p.message for p in problems if "cycle" in p.message] == [
        "question `q999`, option `sigue` leads back to `q0`: the questions form a cycle"
    ]


def test_yaml_nested_deeper_than_any_tree_is_one_problem(tmp_path):
    text = "page: " + "[" * 5_000 + "]" * 5_000 + "\n"
    tree, problems = wizard_tree.load(_write(tmp_path, text), TREE_FILE)
    assert tree is None
    assert len(problems) == 1 and "nested" in problems[0].message


def test_bad_bytes_are_reported_at_their_line(tmp_path):
    file = _write(tmp_path, GOOD)
    file.write_bytes(GOOD.encode("utf-8").replace(b"text: {es: Y", b"text: {es: \xff", 1))
    tree, problems = wizard_tree.load(file, TREE_FILE)
    line = GOOD.splitlines().index("    text: {es: Y, en: And}") + 1
    assert tree is None and [(p.line, "UTF-8" in p.message) for p in problems] == [(line, True)]


def test_the_diagram_is_refused_for_a_tree_with_problems(tmp_path, capsys, monkeypatch):
    file = _write(tmp_path, GOOD.replace("next: fin-a}\n      b:", "next: fin-x}\n      b:"))
    with pytest.raises(wizard_diagram.DiagramError) as error:
        wizard_diagram.diagram_block(file)
    assert f"{TREE_FILE}:" in str(error.value) and "did you mean `fin-" in str(error.value)
    readme = tmp_path / "README.md"
    readme.write_text(f"{wizard_diagram.START}\n{wizard_diagram.END}\n", encoding="utf-8")
    monkeypatch.setattr(wizard_diagram, "README", readme)
    monkeypatch.setattr(wizard_diagram, "ROOT", tmp_path)
    monkeypatch.setattr(wizard_diagram.diagram_block, "__defaults__", (file,))
    assert wizard_diagram.main([]) == 1
    assert "fin-x" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == f"{wizard_diagram.START}\n{wizard_diagram.END}\n"
