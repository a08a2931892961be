"""Recovery toolkit: logging a lapse (with a gentler plan to accept) and the lapse history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import lapse as lp
from stepdown.messages import safety
from stepdown.messages import toolkit as msg
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.services.toolkit_common import (
    _dec,
    _local,
    _local_now,
)
from stepdown.storage import events, proposals
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import toolkit as tm


def _lapse_dict(row: tm.Lapse, tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _local(row.at, tz).isoformat(timespec="minutes"),
        "amount": _dec(row.amount),
        "unit": row.unit,
        "led_to": row.led_to,
        "reflection": dict(row.reflection or {}),
        "note": row.note,
        "proposal_id": row.proposal_id,
    }


def log_lapse(
    engine: Engine,
    person_id: int,
    raw: Mapping[str, Any],
    *,
    current_daily: Any = None,
    clinician_agreement: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a lapse (an event too), show the tolerance warning, and propose a gentler plan.

    `current_daily` is the daily amount the person takes now; without it the plan's amount for today
    is used, and after the taper has ended no re-plan is guessed (support and the tolerance warning
    only). A re-plan never starts above the plan's starting amount unless `clinician_agreement`
    (what the clinician agreed) is given; it is then recorded as trigger["clinician_agreement"].
    The proposal waits for the person: `services.proposals.accept` writes the revision."""
    from stepdown.domain import limits
    from stepdown.services.common import start_ceiling

    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)
        local_now = _local_now(person, now)
        today = local_now.date()
        current = current_plan(session, person_id)
        unit = current.plan.unit if current else "mg"
        strengths = limits.form_strengths(current.plan.form) if current else ()
        item = lp.validate_lapse(raw, now=local_now, default_unit=unit, tablet_strengths=strengths)
        agreement = None
        if clinician_agreement not in (None, ""):
            agreement = limits.clinician_agreement(
                clinician_agreement,
                by="person (says a clinician agreed)",
                recorded_at=(now or utcnow()).isoformat(),
            )
        replan = None
        replan_problem = None
        given = current_daily is not None and str(current_daily).strip() != ""
        if current is not None and not given and today > current.plan.end:
            replan_problem = msg.REPLAN_AFTER_END  # never a plan from a dose the person did not report
        elif current is not None:
            step = current.plan.step_on(today) or current.plan.steps[0]
            amount = current_daily if given else step.daily_amount
            try:
                replan = lp.replan_after_lapse(
                    current.plan,
                    current_daily=amount,
                    today=today,
                    start_ceiling=start_ceiling(session, current),
                    clinician_agreement=agreement,
                    day_text=formatting.day,
                )
            except InvalidInput as exc:
                if exc.field == "current_daily":
                    raise  # the person's own number: refuse it and store nothing
                replan_problem = msg.REPLAN_NOT_POSSIBLE.format(reason=exc.message)
        row = tm.Lapse(
            person_id=person_id,
            at=item.at.astimezone(UTC),
            amount=item.amount,
            unit=item.unit,
            led_to=item.led_to,
            reflection=dict(item.reflection),
            note=item.note,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        proposal = None
        if replan is not None and current is not None:
            explanation = " ".join([replan.explanation, *replan.warnings])
            prop = proposals.add_proposal(
                session,
                person_id,
                plan_id=current.row.id,
                day=today,
                kind="replan",
                explanation=explanation,
                trigger={**replan.trigger(), "lapse_id": row.id, "plan": replan.plan.to_dict()},
                now=now or utcnow(),
            )
            row.proposal_id = prop.id
            proposal = {
                "id": prop.id,
                "kind": prop.kind,
                "explanation": explanation,
                "start": replan.plan.start.isoformat(),
                "end": replan.plan.end.isoformat(),
                "steps": [
                    {"start": s.start.isoformat(), "days": s.days, "daily_amount": _dec(s.daily_amount)}
                    for s in replan.plan.steps
                ],
            }
        events.add_event(
            session,
            person_id,
            kind="lapse",
            day=item.at.date(),
            data={"lapse_id": row.id, "amount": _dec(item.amount), "unit": item.unit},
            now=now or utcnow(),
        )
        session.flush()
        return {
            "lapse": _lapse_dict(row, person.timezone),
            "message": msg.LAPSE_SAVED,
            "tolerance_warning": safety.TOLERANCE_WARNING,
            "prompts": [{"id": pid, "question": q} for pid, q in msg.REFLECTION_PROMPTS],
            "proposal": proposal,
            "replan_problem": replan_problem,
        }


def list_lapses(engine: Engine, person_id: int) -> list[dict[str, Any]]:
    """Every lapse with the person's notes, newest first: the history is never reset."""
    with read_scope(engine) as session:
        person = require_person(session, person_id)
        rows = session.scalars(
            select(tm.Lapse).where(tm.Lapse.person_id == person_id).order_by(tm.Lapse.at.desc(), tm.Lapse.id)
        )
        return [_lapse_dict(r, person.timezone) for r in rows]
