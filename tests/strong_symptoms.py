"""Drive a real person, through the real services, into the adaptive rules' symptoms-based "seek
care": strong symptoms every day from the first cut, every hold and slow-down accepted, until the
rules send them to a clinician. No red-flag answer is ever given."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.scales import SOWS16

STABILISE_DAYS = 3  # build_plan's first step; the first cut comes after it


def drive_to_seek_care(engine: Engine, person_id: int, start: date, today: date) -> int:
    """Check in day by day from `start` to `today`; returns the seek-care event's id."""
    from stepdown.services import checkins, proposals

    day = start
    while day <= today:
        rating = 3 if day >= start + timedelta(days=STABILISE_DAYS) else 0
        raw = {"day": day.isoformat(), "scale": SOWS16.id, "answers": [rating] * len(SOWS16.items)}
        result = checkins.record_checkin(engine, person_id, raw, today=day)
        assert result.triage["urgent"] is False  # no red-flag answer behind this
        if result.red_flag_event_id is not None:
            assert result.decision["kind"] == "seek_care" and result.decision["level"] == "clinician_soon"
            return result.red_flag_event_id
        if result.proposal and result.proposal["kind"] in ("hold", "slow"):
            proposals.accept(engine, person_id, result.proposal["id"], day=day)
        day += timedelta(days=1)
    raise AssertionError("the rules never sent this person to a clinician")


def start_person(engine: Engine, today: date, build_plan: Any, days_back: int = 14) -> tuple[int, date]:
    """A local person whose hand-made plan (the plan_factory fixture) started `days_back` days ago,
    long enough for the rules to escalate to seek-care."""
    from stepdown.services import onboarding, person

    info = person.get_or_create_local_person(engine, timezone="UTC")
    start = today - timedelta(days=days_back)
    onboarding.start_taper(engine, info.id, plan=build_plan(start, days=3))
    return info.id, start
