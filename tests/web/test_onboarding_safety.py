"""Issue 9 on the web: a faster style than suggested needs a second plain confirmation, the clinician
route comes first and needs a recorded agreement, and units that cannot taper are refused."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from stepdown.storage.db import session_scope
from stepdown.storage.models import PlanRevision


def form(**changes: str) -> dict[str, str]:
    data = {
        "substance": "7-oh-tablets", "form": "tablet", "unit": "mg", "daily_amount": "20",
        "times_per_day": "2", "strength": "5", "split": "4", "duration": "2", "duration_unit": "years",
        "attempts": "0", "mg_form": "glycinate", "mg_elemental": "", "meals": "2",
        "start": date.today().isoformat(), "stabilise_days": "0", "style": "short", "medicines": "",
        "age_band": "", "action": "confirm", "understood": "yes",
    }  # fmt: skip
    data.update(changes)
    return data


def triggers(client: TestClient) -> list[dict]:
    with session_scope(client.app.state.engine) as s:
        return [dict(r.trigger or {}) for r in s.scalars(select(PlanRevision)).all()]


def test_a_faster_style_needs_the_second_confirmation_and_is_recorded(client, post) -> None:
    r = post(client, "/start", form())
    assert r.status_code == 400 and triggers(client) == []
    assert "faster than the" in r.text and "slow" in r.text and "730 days" in r.text
    assert 'name="against_advice"' in r.text
    r = post(client, "/start", form(against_advice="yes"))
    assert r.status_code == 303
    [trigger] = triggers(client)
    assert trigger["against_advice"] == {
        "recommended_style": "slow",
        "chosen_style": "short",
        "reason": trigger["against_advice"]["reason"],
    }
    assert "730 days" in trigger["against_advice"]["reason"]


def test_breastfeeding_shows_the_route_first_and_needs_a_clinicians_agreement(client, post) -> None:
    changes = {"form": "powder", "strength": "", "split": "", "resolution": "0.1", "style": "",
               "duration": "3", "duration_unit": "weeks", "breastfeeding": "yes"}  # fmt: skip
    r = post(client, "/start", form(**changes))
    assert r.status_code == 400 and triggers(client) == []
    assert "FindTreatment.gov" in r.text and "1-800-662-4357" in r.text
    assert r.text.index("The recommended route for you") < r.text.index("Suggested style")
    r = post(client, "/start", form(**changes, clinician_agreed="yes"))
    assert r.status_code == 303
    assert triggers(client)[0]["clinician_agreement"]["by"] == "person (says a clinician agreed)"


def test_units_that_cannot_taper_are_refused_in_plain_words(client, post) -> None:
    r = post(client, "/start", form(action="preview", strength="25", split="1", daily_amount="25",
                                    style="slow"))  # fmt: skip
    assert r.status_code == 400 and "cannot make this a safe taper" in r.text and "pill cutter" in r.text
    assert "--" not in r.text.split("cannot make this a safe taper")[1].split("</")[0]


def test_two_tablet_strengths_save_on_the_web_as_the_readme_does_in_the_cli(client, post) -> None:
    """The README's case: 60 mg a day, 15 mg and 5 mg tablets in quarters, used for 2 months."""
    from stepdown.domain.plan import Plan

    case = form(daily_amount="60", strength="15", strength2="5", duration="2", duration_unit="months",
                style="")  # fmt: skip
    r = post(client, "/start", case)
    assert r.status_code == 303, r.text
    with session_scope(client.app.state.engine) as s:
        [rev] = s.scalars(select(PlanRevision)).all()
        plan = Plan.from_dict(rev.plan)
    assert [float(x) for x in plan.form.strengths] == [15, 5] and plan.form.pieces == 4
    assert plan.steps[-1].daily_amount < 15 * 0.25 * 2  # the 5 mg tablets measure the low end


def test_a_list_in_the_strength_field_points_to_the_second_field_and_saves_nothing(client, post) -> None:
    r = post(client, "/start", form(daily_amount="60", strength="15, 5", duration="2",
                                    duration_unit="months", style=""))  # fmt: skip
    assert r.status_code == 400 and triggers(client) == []
    assert "second, lower strength in the field below" in r.text
    assert 'name="strength2"' in r.text
