"""The "supply running out" reason of the needs-attention list, for many people at once.

The same figure and setting as each person's Today page (services.supply.status, the refill warning
days), read in a fixed number of statements whatever the number of people: the people in view whose
active plan tracks a supply (on_hand in its first revision, found through the partial index of
migration 0008), then for them the current revisions, the doses of each day and the refills, and the
figures worked out by services.supply.left_from, the function Today's status uses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Connection, bindparam, text

# The people in view whose newest active plan's first revision gave a supply on hand (what
# services.common.current_plan and services.supply.started_with read, one person at a time).
# {on_hand} is the dialect's "plan's on_hand" expression, the one the partial index is made on.
TRACKED = """
SELECT pl.person_id, pl.id AS plan_id, {on_hand_value} AS on_hand
FROM ({people}) q
JOIN plan pl ON pl.id = (SELECT max(x.id) FROM plan x WHERE x.person_id = q.id AND x.status = 'active')
JOIN plan_revision f ON f.plan_id = pl.id AND {on_hand} IS NOT NULL
  AND f.number = (SELECT min(y.number) FROM plan_revision y WHERE y.plan_id = pl.id)
"""
ON_HAND = {
    "postgresql": ("(f.\"plan\" ->> 'on_hand')", "f.\"plan\" -> 'on_hand'"),
    "sqlite": ("json_extract(f.\"plan\", '$.on_hand')", "json_extract(f.\"plan\", '$.on_hand')"),
}
CURRENT = """
SELECT r.plan_id, r.plan FROM plan_revision r WHERE r.plan_id IN :plans
  AND r.number = (SELECT max(x.number) FROM plan_revision x WHERE x.plan_id = r.plan_id)
"""


def tracked_statement(people: str, dialect: str) -> Any:
    on_hand, value = ON_HAND[dialect]
    sql = text(TRACKED.format(people=people, on_hand=on_hand, on_hand_value=value))
    # PostgreSQL hands `-> 'on_hand'` back as JSON text; SQLite's json_extract gives the value itself.
    return sql.columns(on_hand=JSON) if dialect == "postgresql" else sql


def running_out(conn: Connection, people: str, params: dict[str, Any], today: date) -> dict[int, Any]:
    """{person_id: Today's supply block (services.supply.today_lines)} of the people in view (the
    `people` statement with its `params`) whose supply runs out within the refill warning days."""
    from sqlalchemy.orm import Session

    from stepdown.domain.plan import Plan as PlanData
    from stepdown.services.supply import REFILL_EVENT, left_from, refilled_for, today_lines
    from stepdown.settings import refill_warning_days
    from stepdown.storage import events, logs

    warn_days = refill_warning_days()
    tracked = conn.execute(tracked_statement(people, conn.dialect.name), params).all()
    if not tracked:
        return {}
    owners = {plan_id: person_id for person_id, plan_id, _ in tracked}
    current_sql = text(CURRENT).bindparams(bindparam("plans", expanding=True)).columns(plan=JSON)
    current = dict(conn.execute(current_sql, {"plans": list(owners)}).all())
    out: dict[int, Any] = {}
    with Session(bind=conn) as session:
        doses = logs.dose_totals_by_plan_day(session, owners)
        refills = events.data_of_kind(session, sorted(set(owners.values())), REFILL_EVENT)
        for person_id, plan_id, on_hand in tracked:
            if plan_id not in current:
                continue  # a plan with no revision has no current plan (services.common.current_plan)
            check = left_from(
                PlanData.from_dict(current[plan_id]),
                today,
                started_with=Decimal(str(on_hand)),
                dose_totals=doses[plan_id],
                refilled=refilled_for(plan_id, refills[person_id]),
            )
            if check.refill_due(warn_days):
                out[person_id] = today_lines(check, warn_days)
    return out
