"""What the recovery toolkit services share: the settings keys, local time, and number text."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.services.common import utcnow, zone
from stepdown.storage.models import Checkin

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


def _symptom_percent(row: Checkin) -> float | None:
    from stepdown.domain.scales import get_scale

    try:
        top = get_scale(row.scale).max_total
    except InvalidInput:
        return None
    return round(100 * row.total / top, 1) if top else None
