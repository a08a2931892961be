"""Supply that follows the plan: what is left (on hand at the start + refills - doses logged), what
the active revision still needs, and when it runs out.

`revise` is the one way a plan revision is written after the first: every change (hold, slow-down,
lapse re-plan, return, a pause, and any new kind) goes through it, so the revision's supply figures
and run-out warning are recomputed against what is LEFT, never the original amount on hand
(tests/test_architecture.py checks that nothing else calls storage's add_revision).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.domain.planner.supply import SupplyLeft, supply_left, units_for, with_supply_left
from stepdown.messages import supply as msg
from stepdown.services.common import CurrentPlan, refuse_future, require_person, require_plan, utcnow
from stepdown.storage import events, logs, plans
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Plan as PlanRow
from stepdown.storage.models import PlanRevision

REFILL_EVENT = "refill"
# The same ceiling the planner puts on the supply on hand (domain/planner/request.py).
MAX_UNITS = Decimal(10_000_000)


def started_with(session: Session, plan_row: PlanRow) -> Decimal | None:
    """The supply on hand given when the plan was made (its first revision), or None if not given."""
    first = plans.first_revision(session, plan_row.id)
    value = None if first is None else first.plan.get("on_hand")
    return None if value is None else Decimal(str(value))


def status(
    session: Session, person_id: int, plan_row: PlanRow, plan: PlanData, day: date
) -> SupplyLeft | None:
    """What is left on `day` against `plan` (None when no starting supply was given)."""
    start = started_with(session, plan_row)
    if start is None:
        return None
    refills = events.events(session, person_id, kinds=(REFILL_EVENT,))
    return left_from(
        plan,
        day,
        started_with=start,
        dose_totals=logs.dose_totals_by_day(session, person_id, plan_row.id),
        refilled=refilled_for(plan_row.id, (e.data for e in refills)),
    )


def refilled_for(plan_id: int, refills: Iterable[dict[str, Any]]) -> Decimal:
    """The units of the refill events' data that name `plan_id`."""
    return sum(
        (Decimal(str(data.get("units") or 0)) for data in refills if data.get("plan_id") == plan_id),
        Decimal(0),
    )


def left_from(
    plan: PlanData,
    day: date,
    *,
    started_with: Decimal,
    dose_totals: Iterable[tuple[date, Decimal]],
    refilled: Decimal,
) -> SupplyLeft:
    """`status` from its figures: the doses of each day (storage.logs.dose_totals_by_day) in the
    plan's measurable units, against what was on hand and refilled (the needs-attention list reads
    them for many people at once)."""
    used = Decimal(0)
    used_today = Decimal(0)
    for dose_day, amount in dose_totals:
        units = units_for(plan, dose_day, amount)
        used += units
        if dose_day == day:
            used_today = units
    return supply_left(
        plan, day, started_with=started_with, refilled=refilled, used=used, used_today=used_today
    )


def run_out_warning(check: SupplyLeft) -> str | None:
    if check.runs_out_on is None:
        return None
    return msg.RUNS_OUT_AFTER_CHANGE.format(
        runs_out_on=formatting.day(check.runs_out_on),
        left=_fmt(check.left),
        needed=_fmt(check.needed),
        short_by=_fmt(check.short_by),
        unit=check.unit,
        end=formatting.day(check.plan_end),
    )


def revise(
    session: Session,
    current: CurrentPlan,
    *,
    data: PlanData,
    day: date,
    kind: str,
    reason: str,
    trigger: dict[str, Any],
    accepted_by: str,
    now: datetime,
) -> PlanRevision:
    """Write the next revision of `current` with its supply recomputed from what is left on `day`."""
    check = status(session, current.row.person_id, current.row, data, day)
    if check is not None:
        data = with_supply_left(data, check, run_out_warning(check))
    return plans.add_revision(
        session,
        current.row,
        data=data,
        kind=kind,
        reason=reason,
        trigger=trigger,
        accepted_by=accepted_by,
        now=now,
    )


def today_lines(check: SupplyLeft | None, warn_days: int) -> dict[str, Any]:
    """Today's supply figures and lines: the count always, the refill warning `warn_days` ahead."""
    if check is None:
        return {"tracked": False, "lines": [msg.LEFT_UNKNOWN], "refill_due": False, "warning": None}
    fields = {
        "left": _fmt(check.left),
        "unit": check.unit,
        "short_by": _fmt(check.short_by),
        "end": formatting.day(check.plan_end),
    }
    if check.runs_out_on is None:
        lines = [msg.LEFT_LASTS.format(**fields)]
    else:
        last_day = date.fromordinal(check.runs_out_on.toordinal() - 1)
        lines = [msg.LEFT_RUNS_OUT.format(last_day=formatting.day(last_day), **fields)]
    over = check.used - check.started_with - check.refilled
    if over > 0:
        lines.append(msg.LOGGED_BEYOND.format(over=_fmt(over), unit=check.unit))
    due = check.refill_due(warn_days)
    warning = msg.REFILL_DUE.format(runs_out_on=formatting.day(check.runs_out_on), **fields) if due else None
    return {
        **check.to_dict(),
        "tracked": True,
        "lines": lines,
        "refill_due": due,
        "warning": warning,
        "warn_days": warn_days,
    }


def record_refill(
    engine: Engine,
    person_id: int,
    *,
    amount: Any,
    day: date,
    today: date,
    note: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Add a refill (in the units the supply is counted in) to the active plan's supply."""
    from stepdown.services.doses import parse_amount

    refuse_future(day, today, what="a refill")
    units = parse_amount(amount, field="amount", what="The refill")
    if units <= 0 or units > MAX_UNITS:
        raise InvalidInput(f"A refill must be more than 0 and at most {MAX_UNITS} units.", field="amount")
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        current = require_plan(session, person_id)
        if started_with(session, current.row) is None:
            raise InvalidInput(msg.NO_SUPPLY_TRACKED, field="amount")
        unit = status(session, person_id, current.row, current.plan, day)
        assert unit is not None
        events.add_event(
            session,
            person_id,
            kind=REFILL_EVENT,
            day=day,
            data={"plan_id": current.row.id, "units": str(units), "unit": unit.unit, "note": note},
            now=now,
        )
        after = status(session, person_id, current.row, current.plan, today)
        assert after is not None
        return {
            "amount": _fmt(units),
            "message": msg.REFILL_SAVED.format(amount=_fmt(units), unit=after.unit, left=_fmt(after.left)),
            "supply": after.to_dict(),
        }


def supply_today(engine: Engine, person_id: int, day: date, warn_days: int) -> dict[str, Any] | None:
    """Today's supply block on its own (the CLI's `refill` prints it after saving)."""
    with read_scope(engine) as session:
        current = require_plan(session, person_id)
        return today_lines(status(session, person_id, current.row, current.plan, day), warn_days)


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001')).normalize():f}"
