"""Recovery toolkit: milestones, their one-time celebration, and money no longer spent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import milestones as ms
from stepdown.messages import toolkit as msg
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.services.lapses import _lapse_dict
from stepdown.services.toolkit_common import (
    SETTING_COST,
    SETTING_CURRENCY,
    _local,
    _local_now,
)
from stepdown.storage import people
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import DoseLog
from stepdown.storage.models import toolkit as tm


def set_cost(engine: Engine, person_id: int, cost: Any, currency: Any = None) -> dict[str, Any]:
    value = ms.validate_cost(cost)
    symbol = "$" if currency in (None, "") else currency
    if not isinstance(symbol, str) or not 1 <= len(symbol.strip()) <= 5:
        raise InvalidInput(
            "The currency must be a short symbol like $ or EUR (1 to 5 characters).", field="currency"
        )
    with session_scope(engine) as session:
        require_person(session, person_id)
        people.set_setting(session, person_id, SETTING_COST, str(value))
        people.set_setting(session, person_id, SETTING_CURRENCY, symbol.strip())
        return {"cost_per_unit": str(value), "currency": symbol.strip()}


@dataclass(frozen=True)
class _Attempt:
    plan: Any
    start_amount: Decimal


def _record_milestones(
    session: Session, person_id: int, today: date, stamp: datetime
) -> tuple[list[tm.Milestone], list[tm.Milestone]]:
    """Store the milestones reached by `today` that are not stored yet, and mark every one not yet
    celebrated as celebrated now. Returns (all stored, newly celebrated), oldest first. The caller
    holds the person's row lock, so two pages opened at once cannot celebrate the same one twice."""
    current = current_plan(session, person_id)
    stored = {
        m.code: m for m in session.scalars(select(tm.Milestone).where(tm.Milestone.person_id == person_id))
    }
    if current is not None:
        tz = require_person(session, person_id).timezone
        for m in _reached(session, person_id, current, today, tz):
            if m.code not in stored:
                row = tm.Milestone(
                    person_id=person_id,
                    code=m.code,
                    kind=m.kind,
                    text=m.text,
                    achieved_on=m.achieved_on,
                    celebrated_at=None,
                    created_at=stamp,
                )
                session.add(row)
                stored[m.code] = row
    session.flush()
    celebrate = [m for m in stored.values() if m.celebrated_at is None]
    for m in celebrate:
        m.celebrated_at = stamp
    rows = sorted(stored.values(), key=lambda m: (m.achieved_on, m.id))
    return rows, sorted(celebrate, key=lambda m: (m.achieved_on, m.id))


def celebrate_new_milestones(
    engine: Engine, person_id: int, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The milestones reached since the last look (on any page), marked celebrated in the same
    transaction: each is celebrated once, wherever the person sees it first."""
    stamp = now or utcnow()
    if not _anything_to_celebrate(engine, person_id, now):
        return []  # the usual page view: a read, no write lock
    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)
        _, celebrate = _record_milestones(session, person_id, _local_now(person, now).date(), stamp)
        return [{"code": m.code, "kind": m.kind, "text": m.text} for m in celebrate]


def _anything_to_celebrate(engine: Engine, person_id: int, now: datetime | None) -> bool:
    """Whether a milestone is reached but not stored, or stored but not yet celebrated (a read)."""
    with read_scope(engine) as session:
        person = require_person(session, person_id)
        rows = session.execute(
            select(tm.Milestone.code, tm.Milestone.celebrated_at).where(tm.Milestone.person_id == person_id)
        ).all()
        if any(celebrated is None for _, celebrated in rows):
            return True
        current = current_plan(session, person_id)
        if current is None:
            return False
        stored = {code for code, _ in rows}
        today = _local_now(person, now).date()
        reached = _reached(session, person_id, current, today, person.timezone)
        return any(m.code not in stored for m in reached)


def milestones_view(engine: Engine, person_id: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Record newly reached milestones and return them all. `celebrate` lists the ones reached since
    the last look; they are marked celebrated in the same transaction, so each is celebrated once."""
    stamp = now or utcnow()
    writes = _anything_to_celebrate(engine, person_id, now)  # else the view is a read, no write lock
    with (session_scope if writes else read_scope)(engine) as session:
        person = require_person(session, person_id, lock=writes)  # one writer at a time per person
        today = _local_now(person, now).date()
        current = current_plan(session, person_id)
        if writes:
            rows, celebrate = _record_milestones(session, person_id, today, stamp)
        else:
            found = session.scalars(select(tm.Milestone).where(tm.Milestone.person_id == person_id))
            rows, celebrate = sorted(found, key=lambda m: (m.achieved_on, m.id)), []
        lapses = list(
            session.scalars(select(tm.Lapse).where(tm.Lapse.person_id == person_id).order_by(tm.Lapse.at))
        )
        out: dict[str, Any] = {
            "today": today.isoformat(),
            "milestones": [
                {"code": m.code, "kind": m.kind, "text": m.text, "achieved_on": m.achieved_on.isoformat()}
                for m in rows
            ],
            "celebrate": [{"code": m.code, "text": m.text} for m in celebrate],
            "lapses": [_lapse_dict(r, person.timezone) for r in lapses],
            "days_since_last_dose": None,
            "money": None,
            "money_text": None,
        }
        if current is None:
            return out
        plan = current.plan
        out["days_since_last_dose"] = ms.days_since_last_dose(plan, today=today)
        out["last_dose_day"] = plan.end.isoformat()
        settings = people.get_settings(session, person_id)
        if settings.get(SETTING_COST) in (None, ""):
            out["money_text"] = msg.MONEY_NEEDS_COST.format(unit=plan.unit)
            return out
        first = _first_revision_plan(session, current)
        taken: dict[date, Decimal] = {}
        for d in session.scalars(
            select(DoseLog).where(
                DoseLog.person_id == person_id, DoseLog.day >= plan.start, DoseLog.day < today
            )
        ):
            taken[d.day] = taken.get(d.day, Decimal(0)) + Decimal(d.actual_amount)
        lapse_amounts = [
            Decimal(r.amount)
            for r in lapses
            if r.unit == plan.unit and _local(r.at, person.timezone).date() < today
        ]
        money = ms.money_not_spent(
            plan,
            baseline_daily=ms.starting_amount(first),
            cost_per_unit=Decimal(str(settings[SETTING_COST])),
            today=today,
            taken_by_day=taken,
            lapse_amounts=lapse_amounts,
        )
        currency = str(settings.get(SETTING_CURRENCY) or "$")
        out["money"] = {**money.to_dict(), "currency": currency}
        out["money_text"] = msg.MONEY_NOT_SPENT.format(money=ms.format_money(money.amount, currency))
        return out


def _first_revision_plan(session: Session, current: Any) -> Any:
    from stepdown.domain.plan import Plan as PlanData
    from stepdown.storage import plans

    first = plans.revisions(session, current.row.id)[0]
    return PlanData.from_dict(first.plan)


def _reached(session: Session, person_id: int, current: Any, today: date, timezone: str) -> list[Any]:
    """The plan's milestones reached by `today` (the one rule for the check and the write). Days
    before this plan was made here were not lived with stepdown, unless the person logged a dose for
    them later (`take dose --day`): those count as lived."""
    made = current.row.created_at
    lived_from = _local(made, timezone).date() if made else None
    logged: list[date] = []
    if lived_from is not None and current.plan.start < lived_from:
        logged = list(
            session.scalars(
                select(DoseLog.day)
                .where(
                    DoseLog.person_id == person_id,
                    DoseLog.day >= current.plan.start,
                    DoseLog.day < lived_from,
                )
                .distinct()
            )
        )
    return list(
        ms.reached(
            current.plan, today=today, lived_from=lived_from, logged=logged, day_text=formatting.day
        )
    )
