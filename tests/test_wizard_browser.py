"""The contact wizard in headless Chromium, on the real site.

Every route from the start to its outcome is enumerated from data/contact-tree.yml and walked
in both languages, with JavaScript on (radio buttons, «Continuar») and off (plain links): one
page per language and mode tours them depth first, going back with the browser's Back button.
No assertion matches wording: the expected texts are read from the YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import real_config, run_axe, serve_folder, site_builder
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from helpcenter.wizard import composer
from helpcenter.wizard import tree as wizard_tree
from helpcenter.wizard.channels import help_center_addresses

ROOT = Path(__file__).resolve().parent.parent
TREE_FILE = "data/contact-tree.yml"
ROUTES_FILE = "data/contact-tree-routes.yml"
TREE, _PROBLEMS = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
assert TREE is not None and not _PROBLEMS, _PROBLEMS
ROUTES = wizard_tree.routes(TREE)
EXPECTED = wizard_tree.read_yaml((ROOT / ROUTES_FILE).read_text(encoding="utf-8"), ROUTES_FILE)
LANGUAGES = [("es", ""), ("en", "en/")]
HELP_CENTER = "https://ayuda.test.invalid"  # a made-up address: never requested
PHONE = {"width": 375, "height": 812}


def wizard_url(site_url: str, prefix: str) -> str:
    """Address of the wizard's page in one language."""
    return f"{site_url}{prefix}{TREE.page.removesuffix('.md')}/"


def step(node_id: str) -> str:
    """CSS selector of a node's step."""
    return f"#{wizard_tree.anchor(node_id)}"


def visible_steps(page) -> list[str]:
    """Ids of the wizard's steps that are shown."""
    return page.eval_on_selector_all(
        "#contact-wizard .cw-step",
        "els => els.filter(e => e.getClientRects().length).map(e => e.id)",
    )


def focused(page) -> dict:
    """Where the keyboard focus is: the element's id, classes, and its step."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   const s = e && e.closest('.cw-step');
                   return {id: e.id, cls: e.className, step: s ? s.id : null, tag: e.tagName}; }"""
    )


def assert_at(page, node_id: str, focus: bool) -> None:
    """Only this node's step is shown, the URL names it, and (if asked) the focus is on it."""
    anchor = wizard_tree.anchor(node_id)
    expect(page).to_have_url(re.compile(f"#{anchor}$"))
    assert visible_steps(page) == [anchor]
    if focus:
        where = focused(page)
        assert where["step"] == anchor and "cw-focus" in where["cls"], where


def assert_heading_in_view(page, node_id: str) -> None:
    """The step's heading is on screen, below the sticky header, and nothing covers it."""
    box = page.evaluate(
        """(sel) => { const h = document.querySelector(sel + ' .cw-focus');
             const r = h.getBoundingClientRect();
             const head = document.querySelector('.md-header').getBoundingClientRect();
             const x = r.left + Math.min(r.width / 2, 40), y = r.top + Math.min(r.height / 2, 12);
             const hit = document.elementFromPoint(x, y);
             return {top: r.top, bottom: r.bottom, header: head.bottom, height: innerHeight,
                     covered: !(hit && h.contains(hit))}; }""",
        step(node_id),
    )
    assert box["header"] <= box["top"] and box["bottom"] <= box["height"], box
    assert not box["covered"], box


def assert_outcome(page, outcome_id: str, language: str) -> None:
    """The result names its team (or title) and shows the team's e-mails as mailto links."""
    outcome = TREE.outcomes[outcome_id]
    card = page.locator(step(outcome_id))
    text = card.inner_text()
    team = TREE.teams.get(outcome.team or "")
    assert (team.name if team else outcome.title)[language] in text
    if team:
        for channel in (*team.channels, *([team.escalation] if team.escalation else [])):
            if channel.email:
                link = card.locator(f'a[href="mailto:{channel.email.address}"]')
                expect(link).to_have_text(channel.email.address)  # the address is visible
        for item in TREE.always_include:  # the account ID, with its guide
            assert item.text[language] in text


def assert_ends_on_links(page, outcome_id: str, language: str) -> None:
    """Every channel the routes file expects is a link the customer can follow, on screen."""
    card = page.locator(step(outcome_id))
    addresses = help_center_addresses({"help_center_url": HELP_CENTER}, language)
    for target in EXPECTED["outcomes"][outcome_id]["ends_on"]:
        if target.startswith("mailto:"):
            links = card.locator(f'a[href^="{target}"]')
        else:
            links = card.locator(f'a[href="{addresses[target.removeprefix("ext:")]}"]')
        assert links.count() >= 1, f"{outcome_id}: no link to {target}"
        expect(links.first).to_be_visible()


@pytest.fixture(scope="module")
def hc_site_url(tmp_path_factory) -> str:
    """The real site with `extra.help_center_url` filled in (a made-up host), served locally."""
    folder = tmp_path_factory.mktemp("help-center-set")
    docs = ROOT / "docs"
    files = {
        str(path.relative_to(docs)): path.read_bytes() for path in docs.rglob("*") if path.is_file()
    }
    config = real_config()
    site = site_builder(folder)(
        files,
        config={
            "extra": {"help_center_url": HELP_CENTER},
            "extra_css": config.get("extra_css", []),
            "theme": {"favicon": config["theme"].get("favicon")},
        },
    )
    assert site.ok, site.log
    url, server = serve_folder(site.site_dir)
    yield url
    server.shutdown()


# ----------------------------------------------------------------------------
# Every route, in both languages, with JavaScript on and off
# ----------------------------------------------------------------------------
#
# One page per language and mode walks every route, depth first, as a customer who changes
# their mind would: after a result, the browser's Back button returns to the question where the
# next route branches off, and the new answers are given from there. Each route's own answers
# are checked step by step; a route that fails is reported by name, the page starts afresh and
# the tour goes on, so one run names every route that fails.


def _shared_answers(route: wizard_tree.Route, previous: wizard_tree.Route | None) -> int:
    """How many of the route's first answers the previous route gave too."""
    if previous is None:
        return 0
    shared = 0
    for mine, theirs in zip(route.answers, previous.answers, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def _at_branch(page, node_id: str) -> None:
    """Back at a question: only its step is shown, and the URL names it (or is the page's own)."""
    anchor = wizard_tree.anchor(node_id)
    ending = f"#{anchor}$|/$" if node_id == TREE.start else f"#{anchor}$"
    expect(page).to_have_url(re.compile(ending))
    assert visible_steps(page) == [anchor]


def _tour(page, url: str, language: str, answer, focus: bool) -> list[str]:
    """Walk every route with `answer(page, question, option)`; the failures, one per route."""
    page.set_viewport_size(PHONE)
    failures: list[str] = []
    previous: wizard_tree.Route | None = None
    for route in ROUTES:
        try:
            shared = _shared_answers(route, previous)
            if previous is None:
                page.goto(url)
            else:
                for _ in range(len(previous.answers) - shared):
                    page.go_back()  # to the question where this route branches off
            _at_branch(page, route.answers[shared].question)
            for given in route.answers[shared:]:
                answer(page, given.question, given.option)
                node = wizard_tree.next_node(TREE, given.question, given.option)
                assert_at(page, node, focus=focus)
                assert_heading_in_view(page, node)
            assert_outcome(page, route.outcome, language)
            assert_ends_on_links(page, route.outcome, language)
            previous = route
        except (AssertionError, PlaywrightError) as error:
            failures.append(f"{route}: {error}")
            page.goto("about:blank")
            previous = None  # the next route starts afresh from the first question
    return failures


def _choose_and_continue(page, question: str, option: str) -> None:
    """With JavaScript: check the option's radio button, then «Continuar»."""
    current = page.locator(step(question))
    current.locator(f'input[data-option="{option}"]').check()
    current.locator(".cw-continue").click()


def _follow_the_link(page, question: str, option: str) -> None:
    """Without JavaScript: follow the option's link."""
    page.locator(f'{step(question)} a[data-option="{option}"]').click()


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_every_route_with_javascript(page, hc_site_url, language, prefix):
    # on a phone: after each step the new question or the result is in view, below the header
    failures = _tour(page, wizard_url(hc_site_url, prefix), language, _choose_and_continue, True)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_every_route_without_javascript(js_disabled_page, hc_site_url, language, prefix):
    page = js_disabled_page
    page.goto(wizard_url(hc_site_url, prefix))
    assert page.locator("#contact-wizard input[type=radio]:visible").count() == 0
    failures = _tour(page, wizard_url(hc_site_url, prefix), language, _follow_the_link, False)
    assert not failures, "\n\n".join(failures)


def _routes_from_the_routes_file() -> set[str]:
    """Every route, enumerated from data/contact-tree-routes.yml alone (not from the tree)."""
    found, stack = set(), [(TREE.start, ())]
    questions = EXPECTED["questions"]
    while stack:
        node, answers = stack.pop()
        if node not in questions:
            found.add(" → ".join([*answers, node]))
            continue
        for option, target in questions[node].items():
            stack.append((target, (*answers, f"{node}={option}")))
    return found


def test_the_routes_walked_are_the_routes_the_routes_file_describes():
    # the route tests above walk ROUTES (from the tree); they must be exactly the ways through
    # the routes file, so a route added to one and not the other fails here
    assert {str(route) for route in ROUTES} == _routes_from_the_routes_file()
    assert {route.outcome for route in ROUTES} == set(EXPECTED["outcomes"])


def test_first_question_fits_the_first_screen_on_a_phone(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(wizard_url(site_url, ""))
    first = TREE.questions[TREE.start]
    option = page.locator(f'label[for="{wizard_tree.anchor(TREE.start)}--{first.options[0].slug}"]')
    box = option.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("scrollY") == 0  # no jump on first load


# ----------------------------------------------------------------------------
# Keyboard only
# ----------------------------------------------------------------------------


def _first_route() -> wizard_tree.Route:
    """The route that always takes the first option (reachable with Tab and Space alone)."""
    answers, node = [], TREE.start
    while node in TREE.questions:
        option = TREE.questions[node].options[0]
        answers.append(wizard_tree.Answer(node, option.slug))
        node = option.next
    return wizard_tree.Route(tuple(answers), node)


def test_keyboard_only_route(page, site_url):
    route = _first_route()
    origin = site_url.rstrip("/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.goto(wizard_url(site_url, ""))
    first = route.answers[0]
    radio = f"{wizard_tree.anchor(first.question)}--{first.option}"
    for _ in range(60):  # Tab from the top of the page to the first option
        page.keyboard.press("Tab")
        if focused(page)["id"] == radio:
            break
    assert focused(page)["id"] == radio
    for number, answer in enumerate(route.answers):
        if number:  # the focus is on the question: Tab reaches its first option
            page.keyboard.press("Tab")
            assert focused(page)["id"] == f"{wizard_tree.anchor(answer.question)}--{answer.option}"
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        assert "cw-continue" in focused(page)["cls"]
        page.keyboard.press("Enter")
        assert_at(page, wizard_tree.next_node(TREE, answer.question, answer.option), focus=True)
    # on the result: Tab to the first e-mail address, then to its copy button
    team = TREE.teams[TREE.outcomes[route.outcome].team]
    address = next(c.email.address for c in team.channels if c.email)
    for _ in range(20):
        page.keyboard.press("Tab")
        if "cw-copy" in focused(page)["cls"]:
            break
    button = page.locator(f'{step(route.outcome)} .cw-copy[data-copy="{address}"]')
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button.locator("span").first).to_have_text(TREE.labels["copied"]["es"])
    assert page.evaluate("navigator.clipboard.readText()") == address


def test_copy_button_falls_back_without_the_clipboard_api(page, site_url):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    outcome = next(o for o in TREE.outcomes.values() if o.team)
    page.goto(wizard_url(site_url, "en/") + "#" + wizard_tree.anchor(outcome.id))
    button = page.locator(f"{step(outcome.id)} .cw-copy").first
    button.click()
    expect(button.locator("span").first).to_have_text(TREE.labels["copied"]["en"])
    expect(button).to_be_focused()


# ----------------------------------------------------------------------------
# Back, start over, reload, deep links, browser back and forward
# ----------------------------------------------------------------------------

LONG = next(route for route in ROUTES if len(route.answers) >= 2)


def _walk(page, route: wizard_tree.Route) -> list[str]:
    """Answer a route with JavaScript on; the nodes visited, start first."""
    nodes = [TREE.start]
    for answer in route.answers:
        current = page.locator(step(answer.question))
        current.locator(f'input[data-option="{answer.option}"]').check()
        current.locator(".cw-continue").click()
        nodes.append(wizard_tree.next_node(TREE, answer.question, answer.option))
    return nodes


def test_back_button_and_browser_back_and_forward(page, site_url):
    page.goto(wizard_url(site_url, ""))
    nodes = _walk(page, LONG)
    page.locator(f"{step(nodes[-1])} .cw-back").click()
    assert_at(page, nodes[-2], focus=True)
    page.go_back()
    assert visible_steps(page) == [wizard_tree.anchor(nodes[-3])]
    page.go_forward()
    assert_at(page, nodes[-2], focus=True)
    page.go_forward()
    assert_at(page, nodes[-1], focus=True)


def test_start_over(page, site_url):
    page.goto(wizard_url(site_url, "en/"))
    nodes = _walk(page, LONG)
    page.locator(f"{step(nodes[-1])} .cw-restart").click()
    assert_at(page, TREE.start, focus=True)
    assert page.locator(f"{step(TREE.start)} input:checked").count() <= 1


def test_reload_keeps_the_step_and_back_still_works(page, site_url):
    page.goto(wizard_url(site_url, ""))
    nodes = _walk(page, LONG)
    page.reload()
    assert_at(page, nodes[-1], focus=False)
    page.locator(f"{step(nodes[-1])} .cw-back").click()
    assert_at(page, nodes[-2], focus=True)


@pytest.mark.parametrize("outcome", list(TREE.outcomes)[:3])
def test_deep_link_to_a_step_and_back_from_it(page, site_url, outcome):
    page.goto(wizard_url(site_url, "") + "#" + wizard_tree.anchor(outcome))
    assert visible_steps(page) == [wizard_tree.anchor(outcome)]
    page.locator(f"{step(outcome)} .cw-back").click()
    assert_at(page, wizard_tree.back_targets(TREE)[outcome], focus=True)


def test_continue_without_a_choice_says_so(page, site_url):
    page.goto(wizard_url(site_url, ""))
    start = page.locator(step(TREE.start))
    expect(start.locator(".cw-error")).to_be_hidden()
    start.locator(".cw-continue").click()
    expect(start.locator(".cw-error")).to_be_visible()
    assert focused(page)["step"] == wizard_tree.anchor(TREE.start)
    assert focused(page)["tag"] == "INPUT"
    assert visible_steps(page) == [wizard_tree.anchor(TREE.start)]


def test_browser_back_without_javascript(js_disabled_page, site_url):
    page = js_disabled_page
    page.goto(wizard_url(site_url, ""))
    nodes = [TREE.start]
    for answer in LONG.answers:
        page.locator(f'{step(answer.question)} a[data-option="{answer.option}"]').click()
        nodes.append(wizard_tree.next_node(TREE, answer.question, answer.option))
    page.go_back()
    assert_at(page, nodes[-2], focus=False)
    page.go_back()
    assert visible_steps(page) == [wizard_tree.anchor(nodes[-3])]
    page.locator(f"{step(nodes[-3])} a[data-option]").first.click()
    assert len(visible_steps(page)) == 1


def test_start_over_link_without_javascript(js_disabled_page, site_url):
    page = js_disabled_page
    page.goto(wizard_url(site_url, "en/") + "#" + wizard_tree.anchor(LONG.outcome))
    page.locator(f"{step(LONG.outcome)} .cw-restart").click()
    assert_at(page, TREE.start, focus=False)


# ----------------------------------------------------------------------------
# Accessibility: axe-core in every state, in both languages
# ----------------------------------------------------------------------------

MIDDLE = LONG.answers[1].question  # a question after the first


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_axe_finds_no_violation_in_any_state(page, site_url, language, prefix):
    # one page goes through the states in turn: the first question, the error of «Continuar»
    # without a choice, a later question, a result; every state with a violation is reported
    reports: dict[str, str] = {}

    def check(state: str) -> None:
        results = run_axe(page, context="#contact-wizard")
        if results.violations_count:
            reports[state] = results.generate_report()

    page.goto(wizard_url(site_url, prefix))
    check("start")
    page.locator(f"{step(TREE.start)} .cw-continue").click()
    expect(page.locator(f"{step(TREE.start)} .cw-error")).to_be_visible()
    check("error")
    _walk(page, wizard_tree.Route(LONG.answers[:1], MIDDLE))
    assert_at(page, MIDDLE, focus=True)
    page.hover(f"{step(MIDDLE)} .cw-continue")  # buttons keep their contrast when hovered
    check("question")
    _walk(page, wizard_tree.Route(LONG.answers[1:], LONG.outcome))
    assert_at(page, LONG.outcome, focus=True)
    page.hover(f"{step(LONG.outcome)} .cw-back")
    check("outcome")
    assert not reports, "\n\n".join(f"{state}:\n{report}" for state, report in reports.items())


# ----------------------------------------------------------------------------
# «Tu solicitud lista para enviar»: the request composer
# ----------------------------------------------------------------------------

ACCOUNT = "bf03e4e6-1a2b-3c4d-5e6f-0123456789ab"
EMAIL_RESULT = next(  # a result whose team is reached by e-mail and has an escalation address
    o.id
    for o in TREE.outcomes.values()
    if o.team and TREE.teams[o.team].compose == "email" and TREE.teams[o.team].escalation
)
FORM_RESULT = next(
    o.id for o in TREE.outcomes.values() if o.team and TREE.teams[o.team].compose == "form"
)


def _labels(language: str) -> dict[str, str]:
    return {key: text[language] for key, text in TREE.labels.items()}


def _mailtos(page, outcome_id: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{step(outcome_id)} .cw-mailto", "els => els.map(e => e.href)"
    )


def _expected_mailtos(outcome_id: str, language: str, ident, ticket) -> list[str]:
    team = TREE.teams[TREE.outcomes[outcome_id].team]
    labels = _labels(language)
    address = next(c.email.address for c in team.channels if c.email)
    hrefs = [composer.mailto(address, *composer.message(labels, ident, None, escalation=False))]
    if team.escalation and team.escalation.email:
        message = composer.message(labels, ident, ticket, escalation=True)
        hrefs.append(composer.mailto(team.escalation.email.address, *message))
    return hrefs


# columns: what the customer pastes, the identifier the page must find (None: none)
PASTES = [  # (what the customer pastes, the identifier found), in the order they are pasted
    (f"https://app.multivende.com/cuenta/{ACCOUNT.upper()}/editar", ACCOUNT),  # a URL
    ("la cuenta de mi tienda", None),  # no identifier
    (ACCOUNT, ACCOUNT),  # the bare identifier
]


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_composer_finds_the_identifier_and_writes_the_mailto(page, site_url, language, prefix):
    # one result page: each paste replaces the last, so the message must follow every change
    page.goto(wizard_url(site_url, prefix) + "#" + wizard_tree.anchor(EMAIL_RESULT))
    card = page.locator(step(EMAIL_RESULT))
    field = card.locator(".cw-id")
    message = card.locator(f"#{field.get_attribute('id')}-msg")
    labels = _labels(language)
    for pasted, found in PASTES:
        field.fill(pasted)
        said = f"after pasting {pasted!r}"
        if found:
            expect(message, said).to_have_text(labels["account_found"].replace("{id}", found))
            expect(message, said).not_to_have_class(re.compile("cw-bad"))
            expect(card.locator(".cw-message"), said).to_contain_text(found)
        else:
            expect(message, said).to_have_text(labels["account_none"])
            expect(message, said).to_have_class(re.compile("cw-bad"))
            expect(card.locator(".cw-message"), said).to_contain_text(labels["blank_id"])
        assert message.get_attribute("aria-live") == "polite"
        expected = _expected_mailtos(EMAIL_RESULT, language, found, None)
        assert _mailtos(page, EMAIL_RESULT) == expected, said


def test_composer_asks_for_the_ticket_number_for_an_escalation(page, site_url):
    page.goto(wizard_url(site_url, "") + "#" + wizard_tree.anchor(EMAIL_RESULT))
    card = page.locator(step(EMAIL_RESULT))
    card.locator(".cw-id").fill(ACCOUNT)
    card.locator(".cw-ticket").fill("Ticket #48213")
    expected = _expected_mailtos(EMAIL_RESULT, "es", ACCOUNT, "48213")
    assert _mailtos(page, EMAIL_RESULT) == expected
    body = unquote(expected[-1].partition("&body=")[2])
    assert "48213" in body and ACCOUNT in body and "\r\n" in body
    card.locator(".cw-ticket").fill("no lo tengo")
    expect(card.locator(".cw-ticket ~ .cw-msg")).to_have_text(_labels("es")["ticket_none"])


def test_composer_without_javascript_holds_the_template_with_blanks(js_disabled_page, site_url):
    page = js_disabled_page
    page.goto(wizard_url(site_url, "en/") + "#" + wizard_tree.anchor(EMAIL_RESULT))
    card = page.locator(step(EMAIL_RESULT))
    expect(card.locator(".cw-id")).to_be_hidden()
    labels = _labels("en")
    subject, body = composer.message(labels, None, None, escalation=False)
    expect(card.locator(".cw-message")).to_have_text(f"{subject}\n\n{body}")
    assert _mailtos(page, EMAIL_RESULT) == _expected_mailtos(EMAIL_RESULT, "en", None, None)


def test_composer_of_the_request_form_gives_text_to_copy_and_the_fields(page, site_url):
    origin = site_url.rstrip("/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.goto(wizard_url(site_url, "") + "#" + wizard_tree.anchor(FORM_RESULT))
    card = page.locator(step(FORM_RESULT))
    assert card.locator(".cw-mailto").count() == 0
    fields = card.locator(".cw-check li")
    expect(fields).to_have_count(len(TREE.form_fields))
    card.locator(".cw-id").fill(ACCOUNT)
    card.locator(".cw-compose .cw-copy").click()
    expect(card.locator(".cw-compose .cw-copy span").first).to_have_text(_labels("es")["copied"])
    copied = page.evaluate("navigator.clipboard.readText()")
    assert ACCOUNT in copied and _labels("es")["description_line"] in copied


def test_composer_keyboard_only(page, site_url):
    page.goto(wizard_url(site_url, "") + "#" + wizard_tree.anchor(EMAIL_RESULT))
    page.locator(f"{step(EMAIL_RESULT)} .cw-focus").focus()
    for _ in range(30):  # Tab from the result's heading to the identifier field
        page.keyboard.press("Tab")
        if "cw-id" in focused(page)["cls"]:
            break
    assert "cw-id" in focused(page)["cls"]
    page.keyboard.type(ACCOUNT)
    page.keyboard.press("Tab")  # the ticket number comes next
    assert "cw-ticket" in focused(page)["cls"]
    page.keyboard.type("777")
    for _ in range(5):
        page.keyboard.press("Tab")
        if "cw-mailto" in focused(page)["cls"]:
            break
    assert "cw-mailto" in focused(page)["cls"]
    assert _mailtos(page, EMAIL_RESULT) == _expected_mailtos(EMAIL_RESULT, "es", ACCOUNT, "777")


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_axe_finds_no_violation_in_the_composer(page, site_url, language, prefix):
    page.set_viewport_size(PHONE)
    page.goto(wizard_url(site_url, prefix) + "#" + wizard_tree.anchor(EMAIL_RESULT))
    card = page.locator(step(EMAIL_RESULT))
    card.locator(".cw-id").fill("sin identificador")  # the «none found» message shown
    card.locator(".cw-ticket").fill("123")
    results = run_axe(page, context="#contact-wizard")
    assert results.violations_count == 0, results.generate_report()


# ----------------------------------------------------------------------------
# Progress, the answers given, and the language switch
# ----------------------------------------------------------------------------


def test_progress_and_the_answers_given_with_a_link_to_change_each(page, site_url):
    page.goto(wizard_url(site_url, ""))
    nodes = _walk(page, LONG)
    answers = page.locator(f"{step(LONG.outcome)} .cw-answers li")
    expect(answers).to_have_count(len(LONG.answers))
    for item, answer in zip(answers.all(), LONG.answers, strict=True):
        option = next(o for o in TREE.questions[answer.question].options if o.slug == answer.option)
        expect(item).to_contain_text(option.text["es"])
    # change the second answer: back at that question, the first answer kept
    answers.nth(1).locator(".cw-change").click()
    assert_at(page, nodes[1], focus=True)
    progress = page.locator(f"{step(nodes[1])} .cw-progress")
    expect(progress).to_contain_text("2")
    current = page.locator(step(nodes[1]))
    current.locator(f'input[data-option="{LONG.answers[1].option}"]').check()
    current.locator(".cw-continue").click()
    while not page.locator(f"{step(LONG.outcome)}:visible").count():
        node = visible_steps(page)[0].removeprefix("paso-")
        answer = next(a for a in LONG.answers if a.question == node)
        page.locator(f'{step(node)} input[data-option="{answer.option}"]').check()
        page.locator(f"{step(node)} .cw-continue").click()
    expect(answers).to_have_count(len(LONG.answers))


@pytest.mark.parametrize(("start", "other"), [("", "en"), ("en/", "es")])
def test_language_switch_keeps_the_step(page, site_url, start, other):
    page.goto(wizard_url(site_url, start))
    nodes = _walk(page, LONG)
    switch = page.locator(f"a.md-select__link[hreflang={other}]")
    assert switch.get_attribute("href").endswith("#" + wizard_tree.anchor(nodes[-1]))
    switch.evaluate("a => a.click()")
    expect(page).to_have_url(re.compile(f"#{wizard_tree.anchor(nodes[-1])}$"))
    assert visible_steps(page) == [wizard_tree.anchor(nodes[-1])]
    assert page.evaluate("document.documentElement.lang") == other
