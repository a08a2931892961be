"""The recovery toolkit in a real browser: urges and patterns, the breathing guide, a lapse with its
tolerance warning and gentler re-plan accepted, the support network and the printable card."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from stepdown.messages.safety import TOLERANCE_WARNING

pytestmark = pytest.mark.e2e


def seed_plan(db: Path) -> None:
    """A taper that started 20 days ago, stored through the same services the app uses."""
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person
    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    me = person.get_or_create_local_person(engine)
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=me.today() - timedelta(days=20)))
    # Made on its start day: those 20 days were lived with stepdown, so their steps are milestones.
    onboarding.start_taper(engine, me.id, plan=plan, now=datetime.now(UTC) - timedelta(days=20))
    engine.dispose()


def log_urge(page, intensity: int, tags: list[str], outcome: str, other: str = "", helped: str = "") -> None:  # noqa: ANN001
    page.click(f"fieldset.scale label.choice:has(input[value='{intensity}'])")
    for tag in tags:
        page.check(f"input[name=trigger][value='{tag}']")
    if other:
        page.fill("#f-trigger_other", other)
    if helped:
        page.fill("#f-helped", helped)
    page.check(f"#f-outcome-{outcome}")
    page.click("button:has-text('Save')")
    # An urge that led to use gets its own message, with a link to the Lapse page.
    done = "craving_used" if outcome == "used" else "craving"
    page.wait_for_url(re.compile(rf"/toolkit/cravings\?done={done}$"))


def test_toolkit_cravings_breathing_lapse_replan_and_card(server: str, page, shoot, tmp_path: Path) -> None:  # noqa: ANN001
    base = server
    seed_plan(tmp_path / "e2e.db")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    # The toolkit is one tap from every page.
    page.goto(base + "/toolkit")
    page.click("header nav a:has-text('Toolkit')")
    assert "Your toolkit" in page.inner_text("main")

    # Bad input: no strength chosen -> the error sits beside the scale, nothing is stored.
    page.goto(base + "/toolkit/cravings")
    page.check("#f-outcome-passed")
    page.click("button:has-text('Save')")
    assert page.locator("#intensity-error").is_visible()
    assert "None logged yet." in page.inner_text("main")

    # Three urges in a few taps each; patterns appear.
    log_urge(page, 8, ["stress"], "passed", other="payday", helped="a walk")
    log_urge(page, 6, ["stress", "boredom"], "passed", helped="a walk")
    log_urge(page, 4, ["boredom"], "used")
    text = page.inner_text("#patterns")
    assert "Your most common trigger is stress (2 of 3 urges" in text
    assert "2 of 3 urges passed without using." in text
    assert "What helped most often: a walk (2 times)." in text
    assert page.locator("input[name=trigger][value='payday']").count() == 1  # own tag offered next time
    shoot(page, "cravings")

    # The breathing guide follows the domain's timings: 4-7-8 starts with 4 s in.
    page.goto(base + "/toolkit/breathe")
    page.select_option("#f-pattern", "478")
    page.fill("#f-cycles", "1")
    page.click("button:has-text('Breathe only')")
    assert page.inner_text("[data-phase]") == "Breathe in"
    page.wait_for_function("document.querySelector('[data-count]').textContent === '2'", timeout=4000)
    assert "in" in page.get_attribute(".breath-circle", "class")
    page.click("[data-stop]")
    page.fill("#f-minutes", "0")
    page.click("button:has-text('Start the urge timer')")
    assert "from 1 to 60" in page.inner_text("[data-error]")
    shoot(page, "breathe")

    # A lapse: bad amount refused beside the field, then saved with the tolerance warning and a
    # gentler plan to accept.
    page.goto(base + "/toolkit/lapse")
    assert TOLERANCE_WARNING in page.inner_text("main")
    page.fill("#f-amount", "lots")
    page.click("button:has-text('Save')")
    assert "a number above 0" in page.inner_text("#amount-error")
    page.fill("#f-amount", "15")
    page.fill("#f-led_to", "A funeral and old friends")
    page.check("#f-too_fast-1")
    page.fill("#f-now_taking", "15")
    page.click("button:has-text('Save')")
    assert page.locator("section.tolerance").is_visible()
    assert TOLERANCE_WARNING in page.inner_text("section.tolerance")
    replan = page.inner_text("section.proposal")
    assert "gentler plan starting from the 15 mg" in replan
    shoot(page, "lapse")
    page.click("button:has-text('Accept the gentler plan')")
    page.wait_for_url(re.compile(r"/\?done=accepted$"))
    # Today is the first page seen since the plan's steps were reached: it celebrates them, once.
    assert "Milestone reached!" in page.inner_text("main")
    page.goto(base + "/plan")
    assert "gentler plan starting from the 15 mg" in page.inner_text("main")
    page.goto(base + "/toolkit/lapse")
    assert "A funeral and old friends" in page.inner_text("main")  # history kept with its notes

    # Already celebrated on Today, so the Toolkit lists them without celebrating again; the lapse
    # takes none away.
    page.goto(base + "/toolkit/milestones")
    assert "You completed the step" in page.inner_text("main")
    assert "Milestone reached!" not in page.inner_text("main")
    assert "Lapses logged along the way: 1." in page.inner_text("main")
    page.goto(base + "/")
    assert "Milestone reached!" not in page.inner_text("main")

    # Support network, "call" links and the printable card.
    page.goto(base + "/toolkit/support")
    page.fill("#f-name", "Sam")
    page.fill("#f-phone", "555 0100")
    page.fill("#f-relation", "sister")
    page.click("button:has-text('Add'):not(:has-text('group'))")
    page.wait_for_url(re.compile(r"done=contact"))
    assert page.get_attribute("a[aria-label='Call Sam']", "href") == "tel:5550100"
    page.click("a:has-text('Print your emergency card')")
    card = page.inner_text("article.emergency-card")
    for expected in (
        "Sam (sister)",
        "555 0100",
        "988",
        "1-800-662-4357",
        "1-800-222-1222",
        TOLERANCE_WARNING,
    ):
        assert expected in card
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert page.locator("article.emergency-card").is_visible()
    page.emulate_media(media="screen")
    shoot(page, "card")

    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}, hosts
