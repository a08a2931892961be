"""The clinician's "needs attention" list: each person with a reason to look, most urgent first.

One statement over the people in view (a clinician's linked people, or everyone for an admin); each
figure is a correlated sub-query that one index answers (migration 0006_accounts):
checkin (person_id, day) INCLUDE (total), a partial index on red-flag days, proposal pending.
Cost grows with the number of people, never with the length of their history.

Over everyone (an admin) most people have no reason, so the figures run only for CANDIDATES: the
people some indexed pre-filter finds (recent red-flag days, pending proposals, recent lapses, no
check-in lately, a rise in the window read through checkin (day, person_id) INCLUDE (total) from
migration 0007), plus those with a choice against advice or a supply running out. Every pre-filter
is looser than its reason, so the list is the same as over everyone (tests/accounts/test_attention.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, TextClause, bindparam, text

from stepdown import formatting
from stepdown.domain.adapt import Thresholds
from stepdown.domain.scales import SCALES
from stepdown.messages.accounts import REASONS
from stepdown.services import attention_supply

# Most urgent first; the list sorts by the most urgent reason each person has.
ORDER = (
    "red_flag",
    "rising",
    "lapse",
    "supply",
    "against_advice",
    "proposal",
    "no_checkin",
    "never_checked_in",
)
RED_FLAG_DAYS = 2  # "a red flag in the last 2 days" (issue 12)
QUIET_DAYS = 2  # "no check-in for 2 days"
LAPSE_DAYS = 7

PEOPLE_ALL = "SELECT p.id, p.pseudonym FROM person p"
PEOPLE_OF_CLINICIAN = (
    "SELECT p.id, p.pseudonym FROM person p JOIN care_link l ON l.person_id = p.id "
    "AND l.clinician_id = :clinician AND l.revoked_at IS NULL"
)
FIGURES = """
SELECT q.id, q.pseudonym,
  (SELECT max(c.day) FROM checkin c WHERE c.person_id = q.id AND c.day <= :today) AS last_day,
  (SELECT c.scale FROM checkin c WHERE c.person_id = q.id AND c.day <= :today
     ORDER BY c.day DESC LIMIT 1) AS scale,
  (SELECT avg(c.total) FROM checkin c WHERE c.person_id = q.id
     AND c.day >= :recent AND c.day <= :today) AS recent_avg,
  (SELECT avg(c.total) FROM checkin c WHERE c.person_id = q.id
     AND c.day >= :since AND c.day < :recent) AS base_avg,
  (SELECT count(*) FROM checkin c WHERE c.person_id = q.id
     AND c.day >= :since AND c.day < :recent) AS base_n,
  (SELECT max(c.day) FROM checkin c WHERE c.person_id = q.id AND c.day >= :flag_since
     AND c.day <= :today AND CAST(c.red_flags AS TEXT) <> '[]') AS red_flag_day,
  (SELECT min(pr.kind) FROM proposal pr WHERE pr.person_id = q.id AND pr.status = 'pending') AS proposal,
  (SELECT max(la.at) FROM lapse la WHERE la.person_id = q.id AND la.at >= :lapse_since) AS lapse_at
FROM ({people}) q
"""
# PostgreSQL: one probe for the newest check-in and one index-only pass over the window, instead of
# one sub-query per figure (LATERAL; SQLite has none and keeps FIGURES).
FIGURES_PG = """
SELECT q.id, q.pseudonym, last.day AS last_day, last.scale,
  w.recent_avg, w.base_avg, w.base_n,
  (SELECT max(c.day) FROM checkin c WHERE c.person_id = q.id AND c.day >= :flag_since
     AND c.day <= :today AND CAST(c.red_flags AS TEXT) <> '[]') AS red_flag_day,
  (SELECT min(pr.kind) FROM proposal pr WHERE pr.person_id = q.id AND pr.status = 'pending') AS proposal,
  (SELECT max(la.at) FROM lapse la WHERE la.person_id = q.id AND la.at >= :lapse_since) AS lapse_at
FROM ({people}) q
LEFT JOIN LATERAL (SELECT c.day, c.scale FROM checkin c WHERE c.person_id = q.id AND c.day <= :today
     ORDER BY c.day DESC LIMIT 1) last ON true
LEFT JOIN LATERAL (SELECT avg(c.total) FILTER (WHERE c.day >= :recent) AS recent_avg,
     avg(c.total) FILTER (WHERE c.day < :recent) AS base_avg,
     count(*) FILTER (WHERE c.day < :recent) AS base_n
   FROM checkin c WHERE c.person_id = q.id AND c.day >= :since AND c.day <= :today) w ON true
"""
# Everyone who may have a reason (an admin's list): each branch is looser than its reason.
CANDIDATES = """
SELECT c.person_id FROM checkin c WHERE c.day >= :flag_since AND c.day <= :today
  AND CAST(c.red_flags AS TEXT) <> '[]'
UNION SELECT pr.person_id FROM proposal pr WHERE pr.status = 'pending'
UNION SELECT la.person_id FROM lapse la WHERE la.at >= :lapse_since
UNION SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM checkin c WHERE c.person_id = p.id
  AND c.day >= :quiet_since AND c.day <= :today)
UNION SELECT c.person_id FROM checkin c WHERE c.day >= :since AND c.day <= :today GROUP BY c.person_id
  HAVING count(CASE WHEN c.day < :recent THEN 1 END) >= :min_base
  AND avg(CASE WHEN c.day >= :recent THEN c.total END)
    - avg(CASE WHEN c.day < :recent THEN c.total END) >= :min_rise
"""
PEOPLE_CANDIDATES = f"SELECT p.id, p.pseudonym FROM person p WHERE p.id IN ({CANDIDATES}) OR p.id IN :extra"
# The newest revision of each active plan that records a choice against the suggested style, found
# through the partial index of migration 0008 (only revisions with that key; the same expression).
AGAINST_ADVICE = """
SELECT q.id AS person_id, r."trigger" FROM ({people}) q
JOIN plan pl ON pl.person_id = q.id AND pl.status = 'active'
JOIN plan_revision r ON r.plan_id = pl.id AND {given}
  AND r.number = (SELECT max(x.number) FROM plan_revision x WHERE x.plan_id = pl.id)
"""
AGAINST_GIVEN = {
    "postgresql": "(r.\"trigger\" ->> 'against_advice') IS NOT NULL",
    "sqlite": "json_extract(r.\"trigger\", '$.against_advice') IS NOT NULL",
}


@dataclass
class Row:
    person_id: int
    name: str
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (kind, sentence)

    @property
    def urgency(self) -> int:
        return min(ORDER.index(kind) for kind, _ in self.reasons)


def _params(today: date, thresholds: Thresholds) -> dict[str, Any]:
    recent = today - timedelta(days=thresholds.recent_days - 1)
    smallest_scale = min(s.max_total for s in SCALES.values())
    return {
        "today": today,
        "recent": recent,
        "since": recent - timedelta(days=thresholds.baseline_window),
        "flag_since": today - timedelta(days=RED_FLAG_DAYS - 1),
        "lapse_since": datetime.combine(today - timedelta(days=LAPSE_DAYS), time(), UTC),
        "quiet_since": today - timedelta(days=QUIET_DAYS - 1),
        "min_base": thresholds.min_baseline_checkins,
        # Below the smallest rise on any scale (and a hair lower for the database's rounding).
        "min_rise": float(thresholds.rise_fraction * smallest_scale) - 0.001,
        "extra": [],
    }


def statement(*, clinician_id: int | None, dialect: str = "postgresql", prefix: str = "") -> TextClause:
    """The figures statement: over a clinician's people, or over everyone's CANDIDATES (admin; the
    expanding :extra adds people found in Python: against advice, supply running out). prefix: e.g.
    "EXPLAIN ANALYZE " for the bench."""
    figures = FIGURES_PG if dialect == "postgresql" else FIGURES
    if clinician_id is not None:
        return text(prefix + figures.format(people=PEOPLE_OF_CLINICIAN))
    sql = text(prefix + figures.format(people=PEOPLE_CANDIDATES))
    return sql.bindparams(bindparam("extra", expanding=True))


def needs_attention(
    engine: Engine, *, clinician_id: int | None, today: date, thresholds: Thresholds | None = None
) -> list[Row]:
    """People needing a look: a clinician's linked people, or everyone (clinician_id None, admins)."""
    thresholds = thresholds or Thresholds()
    params = _params(today, thresholds)
    people = PEOPLE_ALL if clinician_id is None else PEOPLE_OF_CLINICIAN
    if clinician_id is not None:
        params["clinician"] = clinician_id
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # A short interactive read: the admin's candidates (with everyone against advice or
            # running out added by id) cost enough to cross jit_above_cost, and compiling took
            # longer (35-39 ms) than the whole statement runs without it. Ends with this transaction.
            conn.execute(text("SET LOCAL jit = off"))
        advice = conn.execute(
            text(AGAINST_ADVICE.format(people=people, given=AGAINST_GIVEN[conn.dialect.name])),
            {"clinician": clinician_id} if clinician_id is not None else {},
        ).all()
        against = {}
        for person_id, trigger in advice:
            trig = json.loads(trigger) if isinstance(trigger, str) else trigger
            if isinstance(trig, dict) and trig.get("against_advice") and not trig.get("clinician_agreement"):
                against[person_id] = trig["against_advice"]
        running_out = attention_supply.running_out(conn, people, params, today)
        params["extra"] = sorted({*against, *running_out})
        sql = statement(clinician_id=clinician_id, dialect=conn.dialect.name)
        figures = conn.execute(sql, params).all()
    rows = [_row(f, against.get(f.id), running_out.get(f.id), today, thresholds) for f in figures]
    listed = [r for r in rows if r.reasons]
    listed.sort(key=lambda r: (r.urgency, r.name.lower(), r.person_id))
    return listed


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _row(f: Any, against: dict[str, Any] | None, supply: Any, today: date, thresholds: Thresholds) -> Row:
    row = Row(f.id, f.pseudonym)
    if f.red_flag_day is not None:
        row.reasons.append(("red_flag", REASONS["red_flag"].format(day=formatting.day(_day(f.red_flag_day)))))
    if f.recent_avg is not None and f.base_avg is not None and f.base_n >= thresholds.min_baseline_checkins:
        scale = SCALES.get(f.scale or "")
        top = scale.max_total if scale else 64
        recent, base = Decimal(str(f.recent_avg)), Decimal(str(f.base_avg))
        if recent - base >= thresholds.rise_fraction * top:
            row.reasons.append(
                ("rising", REASONS["rising"].format(recent=f"{recent:.1f}", baseline=f"{base:.1f}"))
            )
    if f.lapse_at is not None:
        row.reasons.append(("lapse", REASONS["lapse"].format(day=formatting.day(_day(f.lapse_at)))))
    if supply is not None:  # in the words of the person's Today page
        row.reasons.append(("supply", REASONS["supply"].format(line=supply["lines"][0])))
    if against:
        row.reasons.append(
            (
                "against_advice",
                REASONS["against_advice"].format(
                    chosen=against.get("chosen_style", "?"), recommended=against.get("recommended_style", "?")
                ),
            )
        )
    if f.proposal is not None:
        row.reasons.append(("proposal", REASONS["proposal"].format(kind=f.proposal)))
    if f.last_day is None:
        row.reasons.append(("never_checked_in", REASONS["never_checked_in"]))
    elif (today - _day(f.last_day)).days >= QUIET_DAYS:
        row.reasons.append(("no_checkin", REASONS["no_checkin"].format(day=formatting.day(_day(f.last_day)))))
    row.reasons.sort(key=lambda r: ORDER.index(r[0]))
    return row
