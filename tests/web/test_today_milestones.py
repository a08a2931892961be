"""Milestones on Today: shown below any red flags, each celebrated once across Today and the Toolkit."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stepdown import formatting
from stepdown.domain.scales import SOWS10
from stepdown.domain.toolkit import milestones as ms
from stepdown.messages.toolkit import CELEBRATE
from stepdown.storage.db import session_scope
from stepdown.storage.models import toolkit as tm


def _plan_started(client: TestClient, days_ago: int) -> tuple[list[str], str]:
    """A 30 mg plan made `days_ago` days ago and started that day (so those days were lived with
    stepdown); returns the milestone texts the rules say are reached by today, and today's date."""
    from datetime import UTC, datetime

    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person

    engine = client.app.state.engine
    me = person.get_or_create_local_person(engine)
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(Decimal(60), form, me.today() - timedelta(days=days_ago)))
    onboarding.start_taper(engine, me.id, plan=plan, now=datetime.now(UTC) - timedelta(days=days_ago))
    return [
        m.text for m in ms.reached(plan, today=me.today(), day_text=formatting.day)
    ], me.today().isoformat()


def test_a_plan_entered_with_a_past_start_celebrates_nothing_it_did_not_live(client) -> None:
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import onboarding, person

    engine = client.app.state.engine
    me = person.get_or_create_local_person(engine)
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(PlanRequest(Decimal(60), form, me.today() - timedelta(days=10)))  # issue 9: not 30
    assert plan.end > me.today()
    onboarding.start_taper(engine, me.id, plan=plan)  # entered today, starting 10 days ago
    assert ms.reached(plan, today=me.today())  # the calendar alone would say several were reached
    assert CELEBRATE not in client.get("/").text and _celebrated(client) == 0


def _celebration(html: str) -> list[str]:
    box = re.search(r'<section class="celebrate".*?</section>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", box.group(0)) if box else []


def _celebrated(client: TestClient) -> int:
    with session_scope(client.app.state.engine) as s:
        return s.scalar(
            select(func.count()).select_from(tm.Milestone).where(tm.Milestone.celebrated_at.is_not(None))
        )


def test_a_reached_milestone_is_celebrated_once_on_today_below_the_red_flags(client, post) -> None:
    reached, today = _plan_started(client, days_ago=3)
    assert len(reached) == 1  # the first step is done
    answers = {f"a_{i.id}": "0" for i in SOWS10.items}
    r = post(
        client,
        "/checkin",
        [*answers.items(), ("scale", "sows10"), ("day", today), ("red_flags", "self_harm")],
    )
    assert r.status_code == 303

    first = client.get("/").text
    main = first[first.index("<main") :]
    assert _celebration(main) == reached and main.count(reached[0]) == 1 and CELEBRATE in main
    assert main.index('class="urgent"') < main.index('class="celebrate"')  # red flags always come first
    assert _celebrated(client) == 1

    again = client.get("/").text
    assert _celebration(again) == [] and CELEBRATE not in again
    # Already celebrated on Today, so the Toolkit lists it without celebrating it a second time.
    toolkit = client.get("/toolkit/milestones").text
    assert reached[0] in toolkit and CELEBRATE not in toolkit


def test_many_at_once_are_listed_in_one_box_in_order_and_only_new_ones_later(client) -> None:
    reached, _ = _plan_started(client, days_ago=20)
    assert len(reached) > 3
    assert _celebration(client.get("/").text) == reached
    assert _celebrated(client) == len(reached)
    assert _celebration(client.get("/").text) == []


def test_one_celebrated_on_the_toolkit_page_is_not_celebrated_again_on_today(client) -> None:
    _plan_started(client, days_ago=20)
    assert CELEBRATE in client.get("/toolkit/milestones").text
    today = client.get("/").text
    assert "Your dose today" in today and CELEBRATE not in today


def test_no_milestone_yet_shows_no_celebration(client) -> None:
    reached, _ = _plan_started(client, days_ago=0)
    assert reached == []
    assert CELEBRATE not in client.get("/").text
    assert _celebrated(client) == 0
