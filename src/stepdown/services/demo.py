"""Demo data for `stepdown serve --demo`: three realistic weeks, built through the real services.

Everything goes through the same code a person's own actions use (onboarding.start_taper,
doses.take_dose / take_magnesium, checkins.record_checkin, proposals.accept, and the toolkit and
notes services for urges, the support network and a note for the clinician), so the demo shows
what the rules really do: a bad patch after a cut leads to a hold, a second hard patch at the
same amount to a slow-down, and both are accepted. Nothing here invents a plan change.
The symptom pattern is generated from a fixed seed, so every demo is the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from stepdown import formatting
from stepdown.domain.scales import SOWS16

DEMO_DAYS = 21
SEED = 7


@dataclass(frozen=True)
class DemoSummary:
    person_id: int
    start: date
    checkins: int
    doses: int
    accepted: tuple[str, ...]  # kinds of accepted proposals, in order
    declined: tuple[str, ...]
    cravings: int = 0


def ensure_demo_data(engine: Engine, *, today: date | None = None) -> DemoSummary | None:
    """Fill an empty demo database, or rebuild it once its last check-in is more than two days
    old, so a newcomer always sees a taper in progress. Returns the summary when data was built."""
    from stepdown.services.account import delete_all_data
    from stepdown.services.person import get_or_create_local_person
    from stepdown.services.views import checkin_series, has_plan

    person = get_or_create_local_person(engine, timezone="UTC")
    today = today or person.today()
    if has_plan(engine, person.id):
        series = checkin_series(engine, person.id)
        if series and series[-1].day >= today - timedelta(days=2):
            return None
        delete_all_data(engine, person.id, confirm="DELETE")
        person = get_or_create_local_person(engine, timezone="UTC")
    return build_demo(engine, person.id, today=today)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _severity(days_since_cut: int | None, rough: bool, rng: random.Random) -> int:
    """A withdrawal total (0-64): low at baseline, a bump on days 1-2 after a cut, much higher in a
    rough patch."""
    base = rng.randint(5, 9)
    if days_since_cut is None:
        return base
    bump = {0: 4, 1: 8, 2: 6}.get(days_since_cut, 1)
    if rough:
        bump += rng.randint(16, 22)
    return min(64, base + bump)


def _answers(total: int, rng: random.Random) -> dict[str, int]:
    """Spread a total over the 16 items (each 0-4), heavier on the usual withdrawal complaints."""
    weights = {
        "anxious": 3,
        "yawning": 2,
        "sweating": 2,
        "teary_eyes": 1,
        "runny_nose": 2,
        "goosebumps": 1,
        "shaking": 1,
        "hot_flushes": 2,
        "cold_flushes": 2,
        "aches": 3,
        "restless": 3,
        "nausea": 1,
        "vomit_urge": 0,
        "twitching": 2,
        "stomach_cramps": 1,
        "urge_to_use": 3,
    }
    ids = [item.id for item in SOWS16.items]
    answers = dict.fromkeys(ids, 0)
    pool = [i for i in ids for _ in range(max(1, weights.get(i, 1)))]
    left = total
    while left > 0:
        item = rng.choice(pool)
        if answers[item] < 4:
            answers[item] += 1
            left -= 1
        elif all(v == 4 for v in answers.values()):
            break
    return answers


def build_demo(engine: Engine, person_id: int, *, today: date) -> DemoSummary:
    """Onboard the demo person DEMO_DAYS - 1 days ago and live each day up to yesterday."""
    from stepdown.domain import intake as intake_domain
    from stepdown.domain import magnesium as mg_domain
    from stepdown.domain.planner import PlanRequest, make_form, make_plan
    from stepdown.services import checkins, doses, onboarding, proposals
    from stepdown.services.common import current_plan
    from stepdown.storage.db import session_scope

    rng = random.Random(SEED)
    start = today - timedelta(days=DEMO_DAYS - 1)
    intake = intake_domain.make_intake(
        substance="7-oh-tablets",
        daily_amount="60",
        unit="mg",
        duration_days=150,
        times_per_day=2,
        attempts=1,
        medicines=["ibuprofen"],
    )
    assessment = intake_domain.assess(intake)
    form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
    plan = make_plan(
        PlanRequest(
            daily_amount=Decimal(60),
            form=form,
            start=start,
            times_per_day=2,
            style="short",
            stabilise_days=3,
            day_text=formatting.day,
        )
    )
    magnesium = mg_domain.plan_magnesium(mg_domain.MagnesiumRequest(form="glycinate", meals=2))
    from stepdown.domain.consent import plan_trigger

    # 60 mg a day suggests the gradual style; the demo person chose short against it, recorded.
    trigger = plan_trigger(
        assessment.to_dict(), plan.style, against_advice=True, clinician_agreed=False,
        now_iso=_at(start, 8).isoformat(timespec="seconds"),
    )  # fmt: skip
    onboarding.start_taper(
        engine,
        person_id,
        plan=plan,
        trigger=trigger,
        intake=intake.to_dict(),
        assessment=assessment.to_dict(),
        magnesium=magnesium.to_dict(),
        reason="The first plan, made from the intake answers (short style).",
        now=_at(start, 8),
    )

    accepted: list[str] = []
    declined: list[str] = []
    n_checkins = n_doses = 0
    rough_days = set(range(9, 16))  # day numbers (0 = start) of a hard week after the third cut
    for offset in range(DEMO_DAYS - 1):
        day = start + timedelta(days=offset)
        with session_scope(engine) as session:
            current = current_plan(session, person_id)
        assert current is not None
        step = current.plan.step_on(day)
        cut_days = [s.start for s in current.plan.steps if s.cut_percent and s.start <= day]
        since = (day - max(cut_days)).days if cut_days else None

        for hour in (8, 20)[: len(step.portions) if step else 0]:
            doses.take_dose(
                engine, person_id, day=day, today=day, taken_at=_at(day, hour, rng.randint(0, 40))
            )
            n_doses += 1
        for serving, hour in zip(magnesium.servings, (8, 19), strict=False):
            doses.take_magnesium(
                engine, person_id, day=day, today=day, meal=serving.meal, taken_at=_at(day, hour, 15)
            )

        total = _severity(since, offset in rough_days, rng)
        raw: dict[str, Any] = {
            "day": day.isoformat(),
            "scale": "sows16",
            "answers": _answers(total, rng),
            "craving": min(10, 2 + total // 6 + rng.randint(0, 1)),
            "sleep_hours": max(3.0, round((7.5 - total / 8) * 2) / 2 - rng.choice((0, 0.5))),
            "sleep_quality": max(1, 8 - total // 6),
            "mood": max(1, 7 - total // 8),
            "water_glasses": rng.randint(5, 9),
            "meals": rng.choice((2, 3, 3)),
            "exercise_minutes": rng.choice((0, 15, 20, 30, 45)),
            "self_care": [
                s
                for s in ("water", "balanced_meals", "exercise", "consistent_sleep_time", "bedtime_routine")
                if rng.random() < 0.7
            ],
            "note": "Rough night, legs restless." if offset in rough_days else "",
        }
        result = checkins.record_checkin(engine, person_id, raw, today=day, now=_at(day, 21))
        n_checkins += 1
        if result.proposal and result.proposal["status"] == "pending":
            kind = result.proposal["kind"]
            proposals.accept(engine, person_id, result.proposal["id"], day=day, now=_at(day, 21, 10))
            accepted.append(kind)
    n_cravings = add_toolkit_data(engine, person_id, start=start)
    return DemoSummary(
        person_id, start, n_checkins, n_doses, tuple(accepted), tuple(declined), cravings=n_cravings
    )


# Urges the demo person logged: (day number, hour, minute, intensity 0-10, triggers, what helped).
# Most come in the evening and during the hard week after the third cut (days 9-15), mostly with
# stress and poor sleep, as people in withdrawal commonly describe; every one passed without using.
DEMO_CRAVINGS: tuple[tuple[int, int, int, int, tuple[str, ...], str], ...] = (
    (1, 19, 40, 4, ("boredom",), "a walk around the block"),
    (3, 21, 10, 5, ("stress", "after work"), "box breathing"),
    (6, 15, 30, 3, ("social situations",), ""),
    (9, 22, 5, 7, ("poor sleep", "stress"), "box breathing"),
    (10, 20, 45, 8, ("stress", "pain"), "called Sam"),
    (11, 23, 20, 8, ("poor sleep",), "a warm shower"),
    (12, 18, 50, 6, ("stress", "after work"), "a walk around the block"),
    (13, 21, 35, 7, ("poor sleep", "boredom"), "box breathing"),
    (16, 19, 15, 4, ("stress",), "a walk around the block"),
    (18, 20, 30, 3, ("boredom",), "put on music"),
)
DEMO_DISTRACTIONS = (
    "Walk around the block",
    "Put on my running playlist",
    "Make a cup of tea",
    "Text Sam",
)
DEMO_CLINICIAN_NOTE = (
    "The week after the third cut was hard: restless legs and short nights, and stronger urges in "
    "the evening. The hold helped and the slower pace feels manageable. Could we talk about sleep?"
)


def add_toolkit_data(engine: Engine, person_id: int, *, start: date) -> int:
    """The recovery-toolkit side of the demo, through the real services: the person's support
    network and distraction list set up on the first evening, urges logged as they came, and a
    note for the clinician near the end. Returns the number of urges logged."""
    from stepdown.services import notes, toolkit

    first_evening = _at(start, 20)
    toolkit.add_contact(
        engine, person_id, {"name": "Sam", "relation": "brother", "phone": "555-0134"}, now=first_evening
    )
    toolkit.add_contact(
        engine,
        person_id,
        {"name": "Dr. Rivera", "relation": "counsellor", "phone": "555-0199", "is_therapist": True},
        now=first_evening,
    )
    toolkit.add_group(
        engine,
        person_id,
        {
            "name": "SMART Recovery, Thursday evening",
            "kind": "self-management peer support",
            "details": "Online meeting, Thursdays at 7 pm.",
        },
        now=first_evening,
    )
    for text in DEMO_DISTRACTIONS:
        toolkit.add_distraction(engine, person_id, text, now=first_evening)
    for offset, hour, minute, intensity, triggers, helped in DEMO_CRAVINGS:
        at = _at(start + timedelta(days=offset), hour, minute)
        toolkit.log_craving(
            engine,
            person_id,
            {
                "at": at,
                "intensity": intensity,
                "triggers": list(triggers),
                "helped": helped or None,
                "outcome": "passed",
            },
            now=at + timedelta(minutes=20),
        )
    note_day = start + timedelta(days=DEMO_DAYS - 3)
    notes.add_clinician_note(engine, person_id, DEMO_CLINICIAN_NOTE, day=note_day, now=_at(note_day, 21, 30))
    return len(DEMO_CRAVINGS)
