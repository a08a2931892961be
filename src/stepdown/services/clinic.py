"""What a clinician does on a person's page: read the overview, record agreement with the plan,
leave a note the person sees. Every change is its own transaction; the web layer audits it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from stepdown.domain.errors import InvalidInput
from stepdown.messages import words
from stepdown.services.accounts import AccountInfo
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.storage import plans
from stepdown.storage.db import session_scope
from stepdown.storage.models import Checkin, Note

FROM_CLINICIAN = "from_clinician"  # Note.kind of a note a clinician leaves for the person
MAX_NOTE = 2000


def overview(engine: Engine, person_id: int, *, today: date, days: int = 14) -> dict[str, Any]:
    """The person's plan with its revisions, their last `days` check-ins and doses against the plan,
    the proposals waiting for them, their thresholds and the notes both ways. Bounded: recent days
    only, whatever the length of the history."""
    from stepdown.domain.adapt.transform import amount_on
    from stepdown.services.proposals import is_stale, proposal_dict
    from stepdown.storage import logs, people, proposals

    with session_scope(engine) as s:
        person = require_person(s, person_id)
        current = current_plan(s, person_id)
        revisions = plans.revisions(s, current.row.id) if current else []
        checkins = s.scalars(
            select(Checkin)
            .where(Checkin.person_id == person_id, Checkin.day > today - timedelta(days=days))
            .order_by(Checkin.day.desc())
        ).all()
        notes = s.scalars(
            select(Note).where(Note.person_id == person_id).order_by(Note.created_at.desc()).limit(50)
        ).all()
        first = today - timedelta(days=days - 1)
        taken: dict[date, Decimal] = {}
        for dose in logs.doses_between(s, person_id, first, today):
            taken[dose.day] = taken.get(dose.day, Decimal(0)) + dose.actual_amount
        doses = []
        if current is not None:
            plan = current.plan
            for n in range(days):
                day = today - timedelta(days=n)
                if plan.start <= day <= plan.end or day in taken:
                    planned = amount_on(plan, day) if day >= plan.start else None
                    doses.append({"day": day, "planned": planned, "taken": taken.get(day)})
        waiting = [
            proposal_dict(p)
            for p in proposals.proposals(s, person_id, status="pending")
            if current is None or not is_stale(p, current.plan, today)
        ]
        settings = people.get_settings(s, person_id)
        labels = [r.accepted_by for r in revisions]
        labels += [((r.trigger or {}).get("clinician_agreement") or {}).get("by") for r in revisions]
        names = people.display_names(s, labels)
        return {
            "person": {"id": person.id, "name": person.pseudonym, "timezone": person.timezone},
            "plan": current.plan if current else None,
            "revisions": [
                {
                    "number": r.number,
                    "at": r.created_at,
                    "kind": words.revision_kind(r.kind),
                    "reason": r.reason,
                    "by": words.who(r.accepted_by, names),
                    "against_advice": (r.trigger or {}).get("against_advice"),
                    "agreement": _agreement((r.trigger or {}).get("clinician_agreement"), names),
                }
                for r in revisions
            ],
            "checkins": [
                {
                    "day": c.day,
                    "total": c.total,
                    "scale": words.scale_form(c.scale),
                    "red_flags": c.red_flags,
                    "note": c.note,
                }
                for c in checkins
            ],
            "notes": [{"at": n.created_at, "kind": n.kind, "text": n.text} for n in notes],
            "days": days,
            "taken": taken,
            "doses": doses,
            "proposals": waiting,
            "thresholds": settings.get("thresholds") or {},
            "thresholds_set_by": settings.get("thresholds_set_by"),
        }


def _agreement(agreement: dict[str, Any] | None, names: dict[str, str]) -> dict[str, Any] | None:
    """A stored clinician agreement with its "by" in words (a name and a role, not a user name)."""
    return None if not agreement else {**agreement, "by": words.who(agreement.get("by"), names)}


def record_agreement(
    engine: Engine, person_id: int, clinician: AccountInfo, note: str, *, now: datetime | None = None
) -> int:
    """A new revision with the same plan that records the clinician's agreement (the shared
    trigger["clinician_agreement"] contract); a choice against advice stays recorded beside it."""
    now = now or utcnow()
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A note is at most {MAX_NOTE} characters.", field="note")
    from stepdown.services.common import local_day
    from stepdown.services.supply import revise

    with session_scope(engine) as s:
        person = require_person(s, person_id, lock=True)
        current = current_plan(s, person_id)
        if current is None:
            raise InvalidInput("This person has no active plan to agree with yet.", field="plan")
        trigger: dict[str, Any] = {
            "clinician_agreement": {
                "recorded_at": now.isoformat(),
                "by": f"clinician:{clinician.username}",
                "note": note,
            },
            "agrees_with_revision": current.revision.number,
        }
        if (current.revision.trigger or {}).get("against_advice"):
            trigger["against_advice"] = current.revision.trigger["against_advice"]
        # Through services.supply.revise like every later revision: its supply is recomputed too.
        row = revise(
            s,
            current,
            data=current.plan,
            day=local_day(person.timezone, now),
            kind="agreement",
            reason=f"{clinician.display_name} recorded agreement with this plan.",
            trigger=trigger,
            accepted_by=f"clinician:{clinician.username}",
            now=now,
        )
        return row.number


def add_note_for_person(
    engine: Engine,
    person_id: int,
    clinician: AccountInfo,
    text: str,
    *,
    today: date,
    now: datetime | None = None,
) -> None:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Write the note first; it is empty.", field="text")
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"A note is at most {MAX_NOTE} characters.", field="text")
    with session_scope(engine) as s:
        require_person(s, person_id, lock=True)
        s.add(
            Note(
                person_id=person_id,
                created_at=now or utcnow(),
                day=today,
                kind=FROM_CLINICIAN,
                text=f"{clinician.display_name}: {text}",
            )
        )


def notes_from_clinicians(
    engine: Engine, person_id: int, *, since: date | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Newest first. "who" and "said" split the stored "Dr Lee: text" for a brief display."""
    query = select(Note).where(Note.person_id == person_id, Note.kind == FROM_CLINICIAN)
    if since is not None:
        query = query.where(Note.day >= since)
    with session_scope(engine) as s:
        rows = s.scalars(query.order_by(Note.created_at.desc(), Note.id.desc()).limit(limit)).all()
        out = []
        for n in rows:
            who, sep, said = n.text.partition(": ")
            said, who = (said, who) if sep else (n.text, "")
            out.append({"at": n.created_at, "text": n.text, "who": who, "said": said})
        return out


RECENT_NOTE_DAYS = 14  # a clinician's note shows on Today this long; /account keeps them all


def recent_note_from_clinician(engine: Engine, person_id: int, today: date) -> dict[str, Any] | None:
    """The most recent note a clinician left in the last RECENT_NOTE_DAYS days, or None."""
    notes = notes_from_clinicians(
        engine, person_id, since=today - timedelta(days=RECENT_NOTE_DAYS - 1), limit=1
    )
    return notes[0] if notes else None


HOLD_DAYS = (1, 2, 3)  # the seed's "pause for a day or two", as the person's own pause (1-3 days)


def propose_change(
    engine: Engine,
    person_id: int,
    clinician: AccountInfo,
    *,
    kind: str,
    days: Any = None,
    percent: Any = None,
    reason: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A hold (1-3 more days on today's dose) or a slower rate that waits for the person's answer.

    It is an ordinary pending Proposal: nothing changes until the person accepts it on Today, and
    accepting goes through services.proposals.accept (services.supply.revise), so the revision
    keeps the reason and trigger["proposed_by"]. The plan it would make is built now with the
    adaptive rules' own transformations and refused unless it is no faster than today's plan and
    starts no higher than the plan's start."""
    from decimal import InvalidOperation

    from stepdown.domain.adapt import Decision, transform
    from stepdown.domain.numbers import digits_text
    from stepdown.messages import accounts as msg
    from stepdown.services.common import local_day, start_ceiling
    from stepdown.services.proposals import num, proposal_dict, supersede_stale
    from stepdown.storage import proposals

    reason = " ".join((reason or "").split())
    if kind not in ("hold", "slow"):
        raise InvalidInput(msg.PROPOSE_KIND, field="kind")
    hold_days = factor = None
    if kind == "hold":
        text = str(days or "").strip()
        if not digits_text(text) or int(text) not in HOLD_DAYS:
            raise InvalidInput(msg.PROPOSE_DAYS, field="days")
        hold_days = int(text)
    else:
        low, high = (int((f - 1) * 100) for f in (transform.MIN_SLOW_FACTOR, transform.MAX_SLOW_FACTOR))
        text = str(percent or "").strip().removesuffix("%").strip()
        try:
            factor = 1 + Decimal(text) / 100 if digits_text(text) else None
        except InvalidOperation:
            factor = None
        if factor is None or not transform.MIN_SLOW_FACTOR <= factor <= transform.MAX_SLOW_FACTOR:
            raise InvalidInput(msg.PROPOSE_PERCENT.format(low=low, high=high), field="percent")
    if not reason:
        raise InvalidInput(msg.PROPOSE_REASON, field="reason")
    if len(reason) > MAX_NOTE:
        raise InvalidInput(f"A reason is at most {MAX_NOTE} characters.", field="reason")
    now = now or utcnow()
    with session_scope(engine) as s:
        person = require_person(s, person_id, lock=True)
        current = current_plan(s, person_id)
        if current is None:
            raise InvalidInput("This person has no active plan to change yet.", field="plan")
        plan, day = current.plan, local_day(person.timezone, now)
        if day < plan.start or day > plan.end:
            raise InvalidInput(msg.PROPOSE_NOT_ACTIVE.format(start=plan.start, end=plan.end), field="kind")
        supersede_stale(s, person_id, current, day, now)
        for waiting in proposals.proposals(s, person_id, status="pending"):
            if waiting.kind == kind and (waiting.trigger or {}).get("proposed_by") == clinician.label:
                raise InvalidInput(msg.PROPOSE_WAITING.format(id=waiting.id), field="kind")
        amount = transform.amount_on(plan, day)
        decision = Decision(kind, "", hold_days=hold_days, slow_factor=factor)
        new_plan = decision.apply(plan, day)  # the domain refuses anything faster (transform._checked)
        if not transform.is_no_faster(plan, new_plan, day) or transform.amount_on(
            new_plan, day
        ) > start_ceiling(s, current):
            raise InvalidInput(
                "That change would make the plan faster or higher; nothing was saved.", field="kind"
            )
        fields = {"name": clinician.display_name, "unit": plan.unit, "reason": reason, "end": new_plan.end}
        if kind == "hold":
            from stepdown import formatting

            explanation = msg.CLINICIAN_HOLD.format(
                amount=num(amount), days=formatting.days(hold_days), **fields
            )
        else:
            percent_text = num((factor - 1) * 100)
            explanation = msg.CLINICIAN_SLOW.format(percent=percent_text, old_end=plan.end, **fields)
        row = proposals.add_proposal(
            s,
            person_id,
            plan_id=current.row.id,
            day=day,
            kind=kind,
            explanation=explanation,
            trigger={
                "decision": kind,
                "proposed_by": clinician.label,
                "proposed_by_name": clinician.display_name,
                "reason": reason,
                "amount": str(amount),
                "unit": plan.unit,
                "hold_days": hold_days,
                "slow_factor": None if factor is None else str(factor),
                "from_revision": current.revision.number,
            },
            now=now,
        )
        return proposal_dict(row)
