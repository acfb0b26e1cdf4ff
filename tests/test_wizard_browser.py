"""The contact wizard in headless Chromium, on the real site.

Every route from the start to its outcome is enumerated from data/contact-tree.yml and walked
in both languages, with JavaScript on (radio buttons, «Continuar») and off (plain links).
No assertion matches wording: the expected texts are read from the YAML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpcenter.wizard import tree as wizard_tree

ROOT = Path(__file__).resolve().parent.parent
TREE_FILE = "data/contact-tree.yml"
TREE, _PROBLEMS = wizard_tree.load(ROOT / TREE_FILE, TREE_FILE)
assert TREE is not None and not _PROBLEMS, _PROBLEMS
ROUTES = wizard_tree.routes(TREE)
LANGUAGES = [("es", ""), ("en", "en/")]


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
    live = card.evaluate("e => e.closest('[aria-live]')?.getAttribute('aria-live')")
    assert live == "polite"


# ----------------------------------------------------------------------------
# Every route, in both languages, with JavaScript on and off
# ----------------------------------------------------------------------------

CASES = [
    pytest.param(language, prefix, route, id=f"{language}-{route}")
    for language, prefix in LANGUAGES
    for route in ROUTES
]


@pytest.mark.parametrize(("language", "prefix", "route"), CASES)
def test_route_with_javascript(page, site_url, language, prefix, route):
    page.goto(wizard_url(site_url, prefix))
    assert visible_steps(page) == [wizard_tree.anchor(TREE.start)]
    for answer in route.answers:
        current = page.locator(step(answer.question))
        current.locator(f'input[data-option="{answer.option}"]').check()
        current.locator(".cw-continue").click()
        assert_at(page, wizard_tree.next_node(TREE, answer.question, answer.option), focus=True)
    assert_outcome(page, route.outcome, language)


@pytest.mark.parametrize(("language", "prefix", "route"), CASES)
def test_route_without_javascript(js_disabled_page, site_url, language, prefix, route):
    page = js_disabled_page
    page.goto(wizard_url(site_url, prefix))
    assert visible_steps(page) == [wizard_tree.anchor(TREE.start)]
    assert page.locator("#contact-wizard input[type=radio]:visible").count() == 0
    for answer in route.answers:
        page.locator(f'{step(answer.question)} a[data-option="{answer.option}"]').click()
        assert_at(page, wizard_tree.next_node(TREE, answer.question, answer.option), focus=False)
    assert_outcome(page, route.outcome, language)


def test_every_route_is_walked():
    # the two tests above walk these routes; a route added to the YAML is walked automatically
    assert len(CASES) == 2 * len(ROUTES) and ROUTES
    assert {route.outcome for route in ROUTES} == set(TREE.outcomes)


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
    for _ in range(10):
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
@pytest.mark.parametrize("state", ["start", "question", "error", "outcome"])
def test_axe_finds_no_violation(page, site_url, language, prefix, state):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(wizard_url(site_url, prefix))
    if state == "question":
        _walk(page, wizard_tree.Route(LONG.answers[:1], MIDDLE))
        page.hover(f"{step(MIDDLE)} .cw-continue")  # buttons keep their contrast when hovered
    elif state == "error":
        page.locator(f"{step(TREE.start)} .cw-continue").click()
    elif state == "outcome":
        _walk(page, LONG)
        page.hover(f"{step(LONG.outcome)} .cw-back")
    results = Axe().run(page, context="#contact-wizard")
    assert results.violations_count == 0, results.generate_report()
