"""Start a taper: intake and assessment, plan revision 1 and the magnesium plan, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from stepdown.domain.consent import require_recorded
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.services.common import require_person, utcnow
from stepdown.storage import events, plans
from stepdown.storage.db import session_scope


@dataclass(frozen=True)
class TaperStarted:
    plan_id: int
    revision_id: int
    revision_number: int
    intake_id: int | None
    magnesium_plan_id: int | None
    replaced_plan_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def refuse_second_plan(engine: Engine, person_id: int) -> None:
    """Refuse at once when the person already has an active plan, so a front end can say so before
    asking the intake questions; start_taper checks again inside its transaction."""
    from stepdown.services.views import has_plan

    if has_plan(engine, person_id):
        from stepdown.messages.daily import ACTIVE_PLAN_EXISTS

        raise InvalidInput(ACTIVE_PLAN_EXISTS, field="replace")


def start_taper(
    engine: Engine,
    person_id: int,
    *,
    plan: PlanData,
    intake: Mapping[str, Any] | None = None,
    assessment: Mapping[str, Any] | None = None,
    magnesium: Mapping[str, Any] | None = None,
    reason: str = "The first plan, made from the intake answers.",
    accepted_by: str = "person",
    replace: bool = False,
    now: datetime | None = None,
    trigger: Mapping[str, Any] | None = None,
) -> TaperStarted:
    """Store everything the taper starts from. A second active plan is refused unless `replace` is
    set; the old plan is then marked "replaced" (kept, never deleted) and the change is logged.

    `trigger` holds the recorded choices (domain.consent.plan_trigger: "against_advice",
    "clinician_agreement"); a plan the planner built outside its style's rules is refused without one.
    """
    # Whatever front end calls this, the choices a plan needs must be recorded in its trigger.
    needs_agreement = bool(plan.extra.get("clinician_exceptions"))
    require_recorded(assessment, plan.style, trigger or {}, needs_agreement=needs_agreement)
    if not plan.steps:
        raise InvalidInput("A plan needs at least one step.", field="plan")
    if not reason.strip():
        raise InvalidInput("A plan revision needs a reason.", field="reason")
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        old = plans.active_plan(session, person_id)
        if old is not None and not replace:
            from stepdown.messages.daily import ACTIVE_PLAN_EXISTS

            raise InvalidInput(ACTIVE_PLAN_EXISTS, field="replace")
        intake_row = None
        if intake is not None or assessment is not None:
            intake_row = plans.add_intake(
                session, person_id, input=dict(intake or {}), assessment=dict(assessment or {}), now=now
            )
        if old is not None:
            old.status = "replaced"
            events.add_event(
                session,
                person_id,
                kind="plan_replaced",
                day=plan.start,
                data={"plan_id": old.id, "reason": reason},
                now=now,
            )
        row = plans.add_plan(session, person_id, now=now, intake_id=intake_row.id if intake_row else None)
        revision = plans.add_revision(
            session,
            row,
            data=plan,
            kind="initial",
            reason=reason,
            trigger={**dict(trigger or {}), "source": "intake" if intake_row else "plan"},
            accepted_by=accepted_by,
            now=now,
        )
        mg_row = None
        if magnesium is not None:
            mg_row = plans.add_magnesium_plan(
                session, person_id, plan_id=row.id, data=dict(magnesium), now=now
            )
        return TaperStarted(
            plan_id=row.id,
            revision_id=revision.id,
            revision_number=revision.number,
            intake_id=intake_row.id if intake_row else None,
            magnesium_plan_id=mg_row.id if mg_row else None,
            replaced_plan_id=old.id if old else None,
        )

