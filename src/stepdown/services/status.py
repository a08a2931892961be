"""Where the taper stands: day X of Y, the current step, and dose and symptom trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from stepdown.services.common import current_plan, require_person, start_ceiling
from stepdown.services.today import num
from stepdown.storage import checkins, events, logs, plans
from stepdown.storage.db import read_scope


@dataclass(frozen=True)
class StatusView:
    day: date
    plan: dict[str, Any] | None
    revision: dict[str, Any] | None
    revisions: int
    dose_trend: list[dict[str, Any]]  # per day: planned and taken
    symptom_trend: list[dict[str, Any]]  # per check-in day: total, max, craving, sleep
    counts: dict[str, int]  # events by kind (hold, slowdown, red_flag, lapse...) and pending proposals

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "plan": self.plan,
            "revision": self.revision,
            "revisions": self.revisions,
            "dose_trend": self.dose_trend,
            "symptom_trend": self.symptom_trend,
            "counts": self.counts,
        }


def status_view(engine: Engine, person_id: int, *, day: date, days: int = 28) -> StatusView:
    """The status on `day`, with trends over the last `days` days (within the plan)."""
    with read_scope(engine) as session:
        require_person(session, person_id)
        current = current_plan(session, person_id)
        counts = events.counts_by_kind(session, person_id)
        from stepdown.services.proposals import waiting_proposals

        counts["pending_proposals"] = len(waiting_proposals(session, person_id, current, day))  # as on Today
        first = day - timedelta(days=days - 1)
        symptom_trend = [
            {
                "day": c.day.isoformat(),
                "scale": c.scale,
                "total": c.total,
                "max_total": (c.data or {}).get("max_total"),
                "craving": c.craving,
                "sleep_hours": num(c.sleep_hours),
                "sleep_quality": c.sleep_quality,
                "red_flags": bool(c.red_flags),
            }
            for c in checkins.checkins(session, person_id, first, day)
        ]
        if current is None:
            return StatusView(day, None, None, 0, [], symptom_trend, counts)
        plan = current.plan
        step = plan.step_on(day)
        total_days = (plan.end - plan.start).days + 1
        plan_info = {
            "plan_id": current.row.id,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "first_free_day": plan.first_free_day.isoformat(),
            "total_days": total_days,
            "day_number": (day - plan.start).days + 1 if plan.start <= day <= plan.end else None,
            "state": "before" if day < plan.start else "after" if day > plan.end else "active",
            "unit": plan.unit,
            "style": plan.style,
            "step_number": plan.steps.index(step) + 1 if step else None,
            "step_count": len(plan.steps),
            "step_kind": step.kind if step else None,
            "daily_amount": num(step.daily_amount) if step else None,
            "starting_amount": num(start_ceiling(session, current)),  # "the plan's start", one definition
            "step_ends": until.isoformat() if (until := plan.amount_until(day)) else None,
        }
        rev = current.revision
        revision = {
            "number": rev.number,
            "kind": rev.kind,
            "reason": rev.reason,
            "accepted_by": rev.accepted_by,
            "created_at": rev.created_at.isoformat(),
        }
        start = max(first, plan.start)
        taken: dict[date, Decimal] = {}
        for dose in logs.doses_between(session, person_id, start, day):
            taken[dose.day] = taken.get(dose.day, Decimal(0)) + dose.actual_amount
        dose_trend = []
        cursor = start
        while cursor <= min(day, plan.end):
            planned = plan.step_on(cursor)
            dose_trend.append(
                {
                    "day": cursor.isoformat(),
                    "planned": num(planned.daily_amount) if planned else None,
                    "taken": num(taken[cursor]) if cursor in taken else None,
                }
            )
            cursor += timedelta(days=1)
        return StatusView(
            day=day,
            plan=plan_info,
            revision=revision,
            revisions=len(plans.revisions(session, current.row.id)),
            dose_trend=dose_trend,
            symptom_trend=symptom_trend,
            counts=counts,
        )
