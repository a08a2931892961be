"""Recovery toolkit use cases, shared by the CLI and the web app. One transaction each.

Every write validates first (domain validators raise InvalidInput) and only then touches the
database, inside one `session_scope`: bad input stores nothing, and a failure part-way rolls back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import cravings as cr
from stepdown.domain.toolkit import lapse as lp
from stepdown.domain.toolkit import milestones as ms
from stepdown.domain.toolkit import selfcare as sc
from stepdown.domain.toolkit import support as sp
from stepdown.messages import safety
from stepdown.messages import toolkit as msg
from stepdown.services.common import current_plan, require_person, utcnow, zone
from stepdown.storage import events, people, proposals
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin, DoseLog
from stepdown.storage.models import toolkit as tm

SETTING_COST = "cost_per_unit"
SETTING_CURRENCY = "currency"
SETTING_BEDTIME = "bedtime"


def _local_now(person: Any, now: datetime | None) -> datetime:
    return (now or utcnow()).astimezone(zone(person.timezone))


def _local(at: datetime, tz: str) -> datetime:
    if at.tzinfo is None:  # SQLite returns naive datetimes; they were stored in UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(zone(tz))


def _dec(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- cravings ------------------------------------------------------------------------------------


def _craving_dict(row: tm.Craving, tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _local(row.at, tz).isoformat(timespec="minutes"),
        "intensity": row.intensity,
        "triggers": list(row.triggers or []),
        "helped": row.helped,
        "outcome": row.outcome,
        "note": row.note,
    }


def log_craving(
    engine: Engine, person_id: int, raw: Mapping[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    """Store one urge. Returns it with a plain message for the person."""
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        local_now = _local_now(person, now)
        item = cr.validate_craving(raw, now=local_now)
        row = tm.Craving(
            person_id=person_id,
            at=item.at.astimezone(UTC),  # stored in UTC: SQLite keeps no offset
            intensity=item.intensity,
            triggers=list(item.triggers),
            helped=item.helped,
            outcome=item.outcome,
            note=item.note,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        message = msg.CRAVING_PASSED if item.outcome == "passed" else msg.CRAVING_USED
        return {"craving": _craving_dict(row, person.timezone), "message": message}


def list_cravings(engine: Engine, person_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        rows = session.scalars(
            select(tm.Craving)
            .where(tm.Craving.person_id == person_id)
            .order_by(tm.Craving.at.desc(), tm.Craving.id.desc())
            .limit(limit)
        )
        return [_craving_dict(r, person.timezone) for r in rows]


def known_triggers(engine: Engine, person_id: int) -> list[str]:
    """The default trigger tags plus every tag the person has used, defaults first."""
    with session_scope(engine) as session:
        require_person(session, person_id)
        tags = list(msg.DEFAULT_TRIGGERS)
        for row in session.scalars(select(tm.Craving.triggers).where(tm.Craving.person_id == person_id)):
            for tag in row or []:
                if tag not in tags:
                    tags.append(tag)
        return tags


def _symptom_percent(row: Checkin) -> float | None:
    from stepdown.domain.scales import get_scale

    try:
        top = get_scale(row.scale).max_total
    except InvalidInput:
        return None
    return round(100 * row.total / top, 1) if top else None


def craving_patterns(
    engine: Engine, person_id: int, *, days: int = 90, now: datetime | None = None
) -> dict[str, Any]:
    """Patterns over the last `days` days: triggers, times of day, sleep and symptoms."""
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        local_now = _local_now(person, now)
        first = local_now.date() - timedelta(days=days)
        rows = session.scalars(
            select(tm.Craving).where(
                tm.Craving.person_id == person_id,
                tm.Craving.at
                >= datetime.combine(first, datetime.min.time(), local_now.tzinfo).astimezone(UTC),
            )
        )
        urges = [
            cr.Craving(
                r.intensity, tuple(r.triggers or ()), r.outcome, _local(r.at, person.timezone), r.helped
            )
            for r in rows
        ]
        context = [
            cr.DayContext(
                c.day,
                sleep_hours=float(c.sleep_hours) if c.sleep_hours is not None else None,
                symptom_percent=_symptom_percent(c),
                craving=c.craving,
            )
            for c in session.scalars(
                select(Checkin).where(Checkin.person_id == person_id, Checkin.day >= first)
            )
        ]
        return cr.find_patterns(urges, context).to_dict()


# --- lapses --------------------------------------------------------------------------------------


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
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a lapse (an event too), show the tolerance warning, and propose a gentler plan.

    `current_daily` is the daily amount the person takes now; without it the plan's amount for today
    is used. The proposal waits for the person: `services.proposals.accept` writes the revision."""
    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)
        local_now = _local_now(person, now)
        today = local_now.date()
        current = current_plan(session, person_id)
        unit = current.plan.unit if current else "mg"
        item = lp.validate_lapse(raw, now=local_now, default_unit=unit)
        replan = None
        replan_problem = None
        if current is not None:
            step = current.plan.step_on(today) or current.plan.steps[-1]
            amount = step.daily_amount if current_daily in (None, "") else current_daily
            try:
                replan = lp.replan_after_lapse(current.plan, current_daily=amount, today=today)
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
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        rows = session.scalars(
            select(tm.Lapse).where(tm.Lapse.person_id == person_id).order_by(tm.Lapse.at.desc(), tm.Lapse.id)
        )
        return [_lapse_dict(r, person.timezone) for r in rows]


# --- support network -----------------------------------------------------------------------------


def _contact_dict(row: tm.Contact) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "relation": row.relation,
        "phone": row.phone,
        "is_therapist": row.is_therapist,
    }


def _group_dict(row: tm.SupportGroup | sp.GroupInput, *, builtin: bool = False) -> dict[str, Any]:
    return {
        "id": None if builtin else row.id,  # type: ignore[union-attr]
        "name": row.name,
        "kind": row.kind,
        "details": row.details,
        "builtin": builtin,
    }


def add_contact(
    engine: Engine, person_id: int, raw: Mapping[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    item = sp.validate_contact(raw)
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = tm.Contact(
            person_id=person_id,
            name=item.name,
            relation=item.relation,
            phone=item.phone,
            is_therapist=item.is_therapist,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        return _contact_dict(row)


def add_group(
    engine: Engine, person_id: int, raw: Mapping[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    item = sp.validate_group(raw)
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = tm.SupportGroup(
            person_id=person_id,
            name=item.name,
            kind=item.kind,
            details=item.details,
            created_at=now or utcnow(),
        )
        session.add(row)
        session.flush()
        return _group_dict(row)


def add_distraction(
    engine: Engine, person_id: int, text: Any, *, now: datetime | None = None
) -> dict[str, Any]:
    value = sp.validate_distraction(text)
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = tm.Distraction(person_id=person_id, text=value, created_at=now or utcnow())
        session.add(row)
        session.flush()
        return {"id": row.id, "text": row.text}


_REMOVABLE = {"contact": tm.Contact, "group": tm.SupportGroup, "distraction": tm.Distraction}


def remove(engine: Engine, person_id: int, what: str, item_id: Any) -> None:
    """Remove one of the person's own contacts, groups or distractions."""
    model = _REMOVABLE.get(what)
    if model is None:
        raise InvalidInput("Only a contact, group or distraction can be removed.", field="what")
    try:
        ident = int(item_id)
    except (TypeError, ValueError):
        raise InvalidInput(f"The {what} id must be a whole number.", field="id") from None
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = session.get(model, ident)
        if row is None or row.person_id != person_id:
            raise InvalidInput(f"There is no {what} with id {ident}.", field="id")
        session.delete(row)


def support_view(engine: Engine, person_id: int) -> dict[str, Any]:
    """Contacts (therapist marked), groups (defaults first), helplines and the distraction list."""
    with session_scope(engine) as session:
        require_person(session, person_id)
        return _support(session, person_id)


def _support(session: Session, person_id: int) -> dict[str, Any]:
    contacts = session.scalars(
        select(tm.Contact).where(tm.Contact.person_id == person_id).order_by(tm.Contact.id)
    )
    groups = session.scalars(
        select(tm.SupportGroup).where(tm.SupportGroup.person_id == person_id).order_by(tm.SupportGroup.id)
    )
    own = list(
        session.scalars(
            select(tm.Distraction).where(tm.Distraction.person_id == person_id).order_by(tm.Distraction.id)
        )
    )
    return {
        "contacts": [_contact_dict(c) for c in contacts],
        "groups": [_group_dict(g, builtin=True) for g in sp.default_groups()]
        + [_group_dict(g) for g in groups],
        "helplines": [{"name": n, "phone": p, "details": d} for n, p, d in safety.HELPLINES],
        "distractions": [{"id": d.id, "text": d.text} for d in own],
        "suggested_distractions": [] if own else list(msg.DEFAULT_DISTRACTIONS),
    }


def emergency_card(engine: Engine, person_id: int, *, now: datetime | None = None) -> sp.EmergencyCard:
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        contacts = [
            sp.ContactInput(c.name, c.phone, c.relation, c.is_therapist)
            for c in session.scalars(
                select(tm.Contact).where(tm.Contact.person_id == person_id).order_by(tm.Contact.id)
            )
        ]
        amount = None
        current = current_plan(session, person_id)
        if current is not None:
            step = current.plan.step_on(_local_now(person, now).date())
            if step is not None:
                amount = f"{_dec(step.daily_amount)} {step.unit}"
        return sp.emergency_card(contacts, current_amount=amount)


# --- milestones and money ------------------------------------------------------------------------


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
        # Days before this plan was made here were not lived with stepdown: nothing to celebrate.
        tz = require_person(session, person_id).timezone
        lived_from = _local(current.row.created_at, tz).date() if current.row.created_at else None
        for m in ms.reached(current.plan, today=today, lived_from=lived_from):
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
    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)
        _, celebrate = _record_milestones(session, person_id, _local_now(person, now).date(), stamp)
        return [{"code": m.code, "kind": m.kind, "text": m.text} for m in celebrate]


def milestones_view(engine: Engine, person_id: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Record newly reached milestones and return them all. `celebrate` lists the ones reached since
    the last look; they are marked celebrated in the same transaction, so each is celebrated once."""
    stamp = now or utcnow()
    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)  # one writer at a time per person
        today = _local_now(person, now).date()
        current = current_plan(session, person_id)
        rows, celebrate = _record_milestones(session, person_id, today, stamp)
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


# --- self-care -----------------------------------------------------------------------------------


def set_bedtime(engine: Engine, person_id: int, value: Any) -> str:
    bedtime = sc.validate_bedtime(value)
    with session_scope(engine) as session:
        require_person(session, person_id)
        people.set_setting(session, person_id, SETTING_BEDTIME, bedtime)
    return bedtime


def selfcare_view(
    engine: Engine, person_id: int, *, weeks: Any = 4, now: datetime | None = None
) -> dict[str, Any]:
    try:
        n = int(weeks)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= 52:
        raise InvalidInput("The number of weeks must be a whole number from 1 to 52.", field="weeks")
    with session_scope(engine) as session:
        person = require_person(session, person_id)
        today = _local_now(person, now).date()
        first = today - timedelta(days=today.weekday()) - timedelta(weeks=n - 1)
        rows = session.scalars(select(Checkin).where(Checkin.person_id == person_id, Checkin.day >= first))
        days = [
            sc.SelfCareDay(r.day, sc.items_from(r.self_care), _symptom_percent(r), r.craving) for r in rows
        ]
        since = session.scalar(select(func.min(Checkin.day)).where(Checkin.person_id == person_id))
        view = sc.weekly(days, today=today, weeks=n, since=since or today).to_dict()
        view["bedtime"] = people.get_settings(session, person_id).get(SETTING_BEDTIME)
        return view
