"""Recovery toolkit: the target bedtime and the week-by-week self-care view."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from stepdown.domain.errors import InvalidInput
from stepdown.domain.toolkit import selfcare as sc
from stepdown.services.common import require_person
from stepdown.services.toolkit_common import (
    SETTING_BEDTIME,
    _local_now,
    _symptom_percent,
)
from stepdown.storage import people
from stepdown.storage.db import read_scope, session_scope
from stepdown.storage.models import Checkin


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
    with read_scope(engine) as session:
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
