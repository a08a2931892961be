"""What today holds: red flags first, then the doses and when, magnesium, proposals, the check-in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from stepdown import formatting
from stepdown.messages import daily as msg
from stepdown.messages.safety import DISCLAIMER
from stepdown.services.common import current_plan, require_person
from stepdown.services.doses import magnesium_servings, taken_portions
from stepdown.services.proposals import proposal_dict, waiting_proposals
from stepdown.services.red_flags import flag_dict, is_symptoms_notice, seek_care_lines, urgent_lines
from stepdown.services.supply import status as supply_status
from stepdown.services.supply import today_lines
from stepdown.settings import refill_warning_days
from stepdown.storage import checkins, events, logs, plans
from stepdown.storage.db import read_scope


@dataclass(frozen=True)
class TodayView:
    day: date
    red_flags: list[dict[str, Any]]  # every open (unacknowledged) notice, oldest first
    urgent_guidance: list[str]  # emergency wording, shown whenever an open red flag is not symptoms-based
    plan: dict[str, Any] | None
    doses: list[dict[str, Any]]  # the day's portions: time, label, amount, taken or not
    doses_taken: list[dict[str, Any]]
    magnesium: list[dict[str, Any]]
    proposals: list[dict[str, Any]]
    checkin_done: bool
    messages: list[str] = field(default_factory=list)
    disclaimer: str = DISCLAIMER
    # Symptoms that stay strong (not a red-flag answer): shown first too, in accurate words.
    seek_care_guidance: list[str] = field(default_factory=list)
    # What is left, when it runs out, and the refill warning (services/supply.today_lines).
    supply: dict[str, Any] | None = None

    @property
    def emergency_flags(self) -> list[dict[str, Any]]:
        return [f for f in self.red_flags if not is_symptoms_notice(f)]

    @property
    def seek_care(self) -> list[dict[str, Any]]:
        return [f for f in self.red_flags if is_symptoms_notice(f)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "red_flags": self.red_flags,
            "urgent_guidance": self.urgent_guidance,
            "plan": self.plan,
            "doses": self.doses,
            "doses_taken": self.doses_taken,
            "magnesium": self.magnesium,
            "proposals": self.proposals,
            "checkin_done": self.checkin_done,
            "messages": self.messages,
            "disclaimer": self.disclaimer,
            "seek_care_guidance": self.seek_care_guidance,
            "supply": self.supply,
        }


def num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def today_view(engine: Engine, person_id: int, day: date) -> TodayView:
    with read_scope(engine) as session:
        require_person(session, person_id)
        flags = [flag_dict(row) for row in events.unacknowledged(session, person_id)]
        current = current_plan(session, person_id)
        messages: list[str] = []
        plan_info = None
        supply = None
        portions: list[dict[str, Any]] = []
        taken_rows = logs.doses_between(session, person_id, day, day)
        if current is None:
            messages.append(msg.NO_PLAN)
        else:
            plan = current.plan
            step = plan.step_on(day)
            plan_info = {
                "plan_id": current.row.id,
                "revision": current.revision.number,
                "start": plan.start.isoformat(),
                "end": plan.end.isoformat(),
                "first_free_day": plan.first_free_day.isoformat(),
                "total_days": (plan.end - plan.start).days + 1,
                "unit": plan.unit,
                "state": "before" if day < plan.start else "after" if day > plan.end else "active",
                "day_number": (day - plan.start).days + 1 if step is not None else None,
                "step_number": plan.steps.index(step) + 1 if step is not None else None,
                "step_count": len(plan.steps),
                "step_kind": step.kind if step is not None else None,
                "daily_amount": num(step.daily_amount) if step is not None else None,
                "step_ends": _iso(plan.amount_until(day)),
                "next_change": _next_change(plan, day),
            }
            supply = today_lines(
                supply_status(session, person_id, current.row, plan, day), refill_warning_days()
            )
            if day < plan.start:
                messages.append(msg.BEFORE_START.format(start=formatting.day(plan.start)))
            elif day > plan.end:
                messages.append(msg.FINISHED.format(end=formatting.day(plan.end)))
            if step is not None:
                count = len(step.portions)
                done = taken_portions(step.portions, taken_rows, current.row.id)
                for i, portion in enumerate(step.portions):
                    portions.append(
                        {
                            "portion": i,
                            "time": msg.time_of_day(i, count),
                            "label": portion.label,
                            "amount": num(portion.amount),
                            "unit": plan.unit,
                            "taken": done[i],
                        }
                    )
        mg_row = plans.latest_magnesium_plan(session, person_id)
        mg_taken = [m.meal for m in logs.magnesium_between(session, person_id, day, day)]
        magnesium = []
        for serving in magnesium_servings(mg_row.plan if mg_row else None):
            taken = serving.get("meal") in mg_taken
            if taken:
                mg_taken.remove(serving.get("meal"))
            magnesium.append({**serving, "taken": taken})
        checkin_done = checkins.get_checkin(session, person_id, day) is not None
        messages.append(msg.CHECKIN_DONE if checkin_done else msg.CHECKIN_DUE)
        earlier_amounts = events.corrected_from(session, person_id) if taken_rows else {}
        return TodayView(
            day=day,
            red_flags=flags,
            urgent_guidance=_guidance([f for f in flags if not is_symptoms_notice(f)]),
            seek_care_guidance=_seek_care_guidance([f for f in flags if is_symptoms_notice(f)], day),
            plan=plan_info,
            doses=portions,
            doses_taken=[
                {
                    "id": d.id,
                    "taken_at": d.taken_at.isoformat(),
                    "planned": num(d.planned_amount),
                    "actual": num(d.actual_amount),
                    "unit": d.unit,
                    "corrected_from": earlier_amounts.get(d.id),
                    # logged under a plan since replaced (the same day): shown, said apart
                    "earlier_plan": current is not None and d.plan_id != current.row.id,
                }
                for d in taken_rows
            ],
            magnesium=magnesium,
            proposals=[proposal_dict(p) for p in waiting_proposals(session, person_id, current, day)],
            checkin_done=checkin_done,
            messages=messages,
            supply=supply,
        )


def _next_change(plan: Any, day: date) -> dict[str, Any] | None:
    """The next day the daily amount changes, so the person can get ready for it."""
    step = plan.next_change(day)
    return None if step is None else {"day": step.start.isoformat(), "daily_amount": num(step.daily_amount)}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _guidance(flags: list[dict[str, Any]]) -> list[str]:
    """Each open flag's own guidance (most urgent first, as triage ordered it), then the helplines."""
    if not flags:
        return []
    lines: list[str] = []
    for flag in flags:
        lines.extend(line for line in flag["guidance"] if line not in lines)
    lines.extend(line for line in urgent_lines() if line not in lines)
    return lines


def seek_care_reasons(notices: list[dict[str, Any]], today: date | None = None) -> list[str]:
    """Each symptoms-based notice's own explanation from the rules, without repeats. A notice from
    an earlier day says its date: its dose advice ("staying on 30 mg") was that day's plan."""
    lines: list[str] = []
    for notice in notices:
        why = notice.get("explanation") or next(iter(notice.get("guidance") or []), None)
        if why and today is not None and notice.get("day") and notice["day"] != today.isoformat():
            why = msg.NOTICE_FROM_DAY.format(day=formatting.day(notice["day"]), text=why)
        if why and why not in lines:
            lines.append(why)
    return lines


def _seek_care_guidance(notices: list[dict[str, Any]], today: date | None = None) -> list[str]:
    """The headline, the rules' own explanation(s), then the body, helplines and tolerance warning.

    Built from the notice kind, not from the stored guidance: notices stored before this wording
    existed carry the emergency lines, which are not true of symptoms that simply stay strong."""
    if not notices:
        return []
    general = seek_care_lines()
    return general[:1] + seek_care_reasons(notices, today) + general[1:]
