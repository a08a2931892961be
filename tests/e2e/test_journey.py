"""The web app in a real browser: the whole daily loop, red flags first, and nothing leaves 127.0.0.1.

Each test starts its own `stepdown serve` on a fresh SQLite database (see conftest.py) and saves
phone and desktop screenshots under artifacts/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from stepdown.domain.scales import SOWS10, SOWS16

pytestmark = pytest.mark.e2e

# Every form control needs an accessible name: a <label>, aria-label or aria-labelledby.
UNLABELLED = """
() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 120))
"""


def onboard(page, base: str, *, days_ago: int = 4) -> None:  # noqa: ANN001
    """Fill in the onboarding form as a person would and confirm the plan."""
    page.goto(base + "/")
    assert urlsplit(page.url).path == "/start"  # a new person is taken to onboarding
    page.select_option("#f-substance", "7-oh-tablets")
    page.check("#form-tablet")
    page.fill("#f-daily_amount", "60")
    page.fill("#f-strength", "15")
    page.select_option("#f-times_per_day", "2")
    page.fill("#f-duration", "6")
    page.select_option("#f-duration_unit", "months")
    page.fill("#f-start", (date.today() - timedelta(days=days_ago)).isoformat())
    page.fill("#f-stabilise_days", "0")
    page.select_option("#f-style", "short")
    page.check("#cond-mental-health")
    page.click("button:has-text('Show my plan')")
    page.wait_for_selector("#preview")
    # short for 6 months of use is faster than suggested: the second, plain confirmation (issue 9)
    page.check("#f-against_advice")


def test_onboarding_checkin_hold_accepted_and_revision_shown(server: str, page, shoot) -> None:  # noqa: ANN001
    base = server
    onboard(page, base)
    preview = page.locator("#preview")
    # The plan preview: a chart with its text alternative, the clinician flags, the disclaimer.
    assert preview.locator("figure.chart svg[role=img] title").count() == 1
    assert "Talk these over with a clinician" in preview.inner_text()
    assert "not medical advice" in preview.inner_text()
    shoot(page, "preview")

    # Confirming without ticking the box is refused beside the box.
    page.click("button:has-text('Start my taper')")
    assert page.locator("#understood-error").is_visible()
    page.check("#f-understood")
    assert "faster than the" in preview.inner_text() and page.is_checked("#f-against_advice")
    page.click("button:has-text('Start my taper')")
    page.wait_for_url(re.compile(r"/\?started=1$"))
    assert "Your taper plan is saved" in page.inner_text("main")
    shoot(page, "today")

    # "Taken" for the first dose (htmx swaps the section in place).
    doses = page.locator("#doses-h + p ~ ul.items li")
    first = doses.first
    first.locator("button:has-text('Taken')").click()
    page.wait_for_selector("text=Dose logged.")
    assert page.url.endswith("/?started=1")  # htmx swapped the section in place: no page load
    assert page.locator("ul.items li").first.locator(".taken").count() == 1

    # A check-in with strong symptoms: every symptom at 4, craving 9.
    page.click("a:has-text('Check in')")
    page.wait_for_url(re.compile(r"/checkin$"))
    first_item = SOWS16.items[0].id
    # Keyboard use: focus the first choice, move with the arrow keys.
    page.focus(f'input[name="a_{first_item}"][value="0"]')
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.locator(f'input[name="a_{first_item}"][value="4"]').is_checked()
    for item in SOWS16.items[1:]:
        page.locator(f'input[name="a_{item.id}"][value="4"]').check()
    page.locator('input[name="craving"][value="9"]').check()
    page.fill("#f-sleep_hours", "3.5")
    page.locator('input[name="sleep_quality"][value="2"]').check()
    page.locator('input[name="mood"][value="3"]').check()
    page.check("#sc-water")
    shoot(page, "checkin")
    page.click("button:has-text('Save my check-in')")
    page.wait_for_url(re.compile(r"/\?done=checkin"))
    assert "64 out of 64" in page.inner_text("main")

    proposal = page.locator("section.proposal")
    assert proposal.count() == 1
    assert "Stay on your current dose" in proposal.inner_text()
    shoot(page, "proposal")
    proposal.locator("button:has-text('Accept')").click()
    page.wait_for_selector("text=your plan has been changed")
    assert page.locator("section.proposal").count() == 0

    page.click("nav a:has-text('Plan')")
    page.wait_for_url(re.compile(r"/plan$"))
    history = page.locator("ol.revisions")
    assert history.locator("li").count() == 2
    newest = history.locator("li").first.inner_text()
    assert "Version 2: hold" in newest and "accepted by you" in newest
    assert page.locator("table.steps td:has-text('hold')").count() >= 1
    # The chart shows the first plan dashed beside the revision, and a text table.
    assert page.locator("figure.chart polyline[stroke-dasharray]").count() == 1
    shoot(page, "plan")

    page.click("nav a:has-text('Progress')")
    assert page.locator("figure.chart").count() == 3
    assert "1 check-in so far" in page.inner_text("main")
    shoot(page, "progress")


def test_red_flag_shows_urgent_guidance_first_without_javascript(server: str, browser, shoot) -> None:  # noqa: ANN001
    # Pages work without JavaScript: this whole test runs with it switched off.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        onboard(page, server, days_ago=1)
        page.check("#f-understood")
        page.click("button:has-text('Start my taper')")
        page.wait_for_url(re.compile(r"/\?started=1$"))

        page.goto(server + "/checkin?scale=sows10")
        for item in SOWS10.items:
            page.locator(f'input[name="a_{item.id}"][value="1"]').check()
        page.check("#rf-chest_pain")
        page.click("button:has-text('Save my check-in')")
        page.wait_for_url(re.compile(r"/\?done=checkin"))

        # The urgent guidance is the first thing on the page, above the heading.
        first = page.locator("#today > *").first
        assert first.evaluate("e => e.classList.contains('urgent')")
        urgent = page.locator("section.urgent")
        text = urgent.inner_text()
        assert "Get help now" in text and "911" in text and "988" in text and "1-800-662-4357" in text
        assert "Chest pain needs emergency care" in text
        assert urgent.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
        assert page.locator("section.urgent a[href='tel:911']").count() == 1
        shoot(page, "urgent")

        # It stays on every visit until the person says they have read it.
        page.goto(server + "/")
        assert page.locator("section.urgent").count() == 1
        page.click("button:has-text('I have read this')")
        page.wait_for_url(re.compile(r"done=acknowledged"))
        assert page.locator("section.urgent").count() == 0
        assert page.locator("footer details.helplines").evaluate("e => e.open")
    finally:
        context.close()


def test_after_a_red_flag_is_acknowledged_the_helplines_are_open_in_the_browser(
    server: str, page, shoot  # noqa: ANN001
) -> None:
    """The page says the numbers are at the bottom: with JavaScript (htmx) on, they are shown open."""
    onboard(page, server, days_ago=1)
    page.check("#f-understood")
    page.click("button:has-text('Start my taper')")
    page.wait_for_url(re.compile(r"/\?started=1$"))
    page.goto(server + "/checkin?scale=sows10")
    for item in SOWS10.items:
        page.locator(f'input[name="a_{item.id}"][value="1"]').check()
    page.check("#rf-chest_pain")
    page.click("button:has-text('Save my check-in')")
    page.wait_for_url(re.compile(r"/\?done=checkin"))
    page.click("button:has-text('I have read this')")
    page.wait_for_url(re.compile(r"done=acknowledged"))
    helplines = page.locator("footer details.helplines")
    assert helplines.evaluate("e => e.open")
    assert helplines.locator("a[href='tel:988']").is_visible()
    page.goto(server + "/plan")  # on other pages they stay one tap away
    assert not page.locator("footer details.helplines").evaluate("e => e.open")


def test_no_request_leaves_loopback_on_any_page(server: str, browser, shoot) -> None:  # noqa: ANN001
    # A context of its own, with the Content-Security-Policy in force (no bypass).
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        _visit_every_page(server, context.new_page(), shoot)
    finally:
        context.close()


def _visit_every_page(server: str, page, shoot) -> None:  # noqa: ANN001
    page.set_default_timeout(15_000)
    seen: list[str] = []

    def record(route) -> None:  # noqa: ANN001
        url = route.request.url
        seen.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", record)
    page.on("request", lambda request: seen.append(request.url))
    # The Content-Security-Policy must not break any page: the browser reports each violation.
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    onboard(page, server, days_ago=0)
    page.check("#f-understood")
    page.click("button:has-text('Start my taper')")
    page.wait_for_url(re.compile(r"/\?started=1$"))
    # Every page in the navigation (including areas other modules add), plus a few more.
    nav = page.eval_on_selector_all("header nav a", "links => links.map(a => a.getAttribute('href'))")
    assert {"/", "/checkin", "/plan", "/progress", "/settings"} <= set(nav)
    for path in [*nav, "/checkin?scale=sows10", "/start?replace=1"]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("footer .disclaimer").is_visible()
        assert page.evaluate(UNLABELLED) == [], path
    page.goto(server + "/settings")
    shoot(page, "settings")
    # Bad input on a form shows the error beside the field (and the page still loads only local assets).
    page.fill("#f-confirm", "delete")
    page.click("button:has-text('Delete everything')")
    assert "Type DELETE in capitals" in page.inner_text("#confirm-error")
    page.goto(server + "/no-such-page")

    assert violations == []
    hosts = {urlsplit(u).hostname for u in seen}
    assert hosts == {"127.0.0.1"}, sorted(u for u in seen if urlsplit(u).hostname != "127.0.0.1")
    paths = {urlsplit(u).path for u in seen}
    assert {"/static/app.css", "/static/htmx.min.js", "/plan", "/progress", "/settings"} <= paths
