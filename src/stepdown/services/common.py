"""Small helpers shared by the use cases: the clock, the person's local day, loading the plan."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan as PlanData
from stepdown.storage import models, plans
from stepdown.storage.people import get_person, lock_person


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        return ZoneInfo("UTC")


def local_day(timezone: str, now: datetime | None = None) -> date:
    """The person's calendar day: check-ins and doses belong to the day where the person lives."""
    return (now or utcnow()).astimezone(zone(timezone)).date()


def system_timezone() -> str:
    """This machine's IANA time-zone name, or UTC when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        return name if _valid(name) else "UTC"
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        name = target.split(marker, 1)[1]
        if _valid(name):
            return name
    return "UTC"


def _valid(name: str) -> bool:
    try:
        if len(name) > 64:
            return False
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def require_person(session: Session, person_id: int, *, lock: bool = False) -> models.Person:
    person = lock_person(session, person_id) if lock else get_person(session, person_id)
    if person is None:
        raise InvalidInput(f"There is no person with id {person_id}.", field="person_id")
    return person


@dataclass(frozen=True)
class CurrentPlan:
    row: models.Plan
    revision: models.PlanRevision
    plan: PlanData


def current_plan(session: Session, person_id: int) -> CurrentPlan | None:
    row = plans.active_plan(session, person_id)
    if row is None:
        return None
    revision = plans.current_revision(session, row.id)
    if revision is None:
        return None
    return CurrentPlan(row=row, revision=revision, plan=PlanData.from_dict(revision.plan))


def start_ceiling(session: Session, current: CurrentPlan) -> Decimal:
    """The plan's start (domain.toolkit.lapse.plan_start): the highest daily amount a re-plan may
    start from without a clinician, and the amount "started at" names everywhere."""
    from stepdown.domain.toolkit.lapse import plan_start, starting_amount

    rows = plans.revisions(session, current.row.id)
    start = plan_start((PlanData.from_dict(r.plan), r.trigger) for r in rows)
    return start if start is not None else starting_amount(current.plan)


def require_plan(session: Session, person_id: int) -> CurrentPlan:
    current = current_plan(session, person_id)
    if current is None:
        from stepdown.messages.daily import NO_PLAN_ERROR  # the CLI adds its command to it

        raise InvalidInput(NO_PLAN_ERROR, field="plan")
    return current


def refuse_future(day: date, today: date, *, what: str) -> None:
    if day > today:
        raise InvalidInput(
            f"The day {formatting.day(day)} is in the future; {what} can be logged for today or an earlier "
            "day.",
            field="day",
        )
