"""Recovery toolkit: the support network (contacts, groups, distractions) and the emergency card."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import support as sp
from stepdown.messages import safety
from stepdown.messages import toolkit as msg
from stepdown.services.common import current_plan, require_person, utcnow
from stepdown.services.toolkit_common import (
    _dec,
    _local_now,
)
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import toolkit as tm


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
    from stepdown.domain.numbers import parse_id

    ident = parse_id(item_id, f"A {what}")
    with session_scope(engine) as session:
        require_person(session, person_id)
        row = session.get(model, ident)
        if row is None or row.person_id != person_id:
            raise InvalidInput(f"There is no {what} with id {ident}.", field="id")
        session.delete(row)


def support_view(engine: Engine, person_id: int) -> dict[str, Any]:
    """Contacts (therapist marked), groups (defaults first), helplines and the distraction list."""
    with read_scope(engine) as session:
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
    with read_scope(engine) as session:
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
