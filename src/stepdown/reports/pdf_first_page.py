"""Page-1 sections of the clinician PDF: at a glance, the intake and the style choice, red-flag
answers and seek-care notices counted apart, doses far above the plan, and corrected doses.

Kept apart from reports/pdf.py (the layout and the later sections) so each stays small. Each function
takes the PDF writer (`pdf._Writer`) and the report data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from stepdown import formatting
from stepdown.domain.numbers import digits_text
from stepdown.messages import reports as msg
from stepdown.reports.data import ReportData

ALERT = (158, 28, 28)
MUTED = (74, 85, 96)
STYLE_ORDER = ("short", "gradual", "slow")  # fastest first (stepdown.domain.intake.STYLE_ORDER)


def glance(w: Any, d: ReportData) -> None:
    """The plan, today, revisions, adherence, symptoms and the safety counts, as one table."""
    w.heading(msg.SECTIONS["glance"])
    plan = d.plan
    rows: list[tuple[str, str]] = []
    if plan is None:
        rows.append(("Plan", msg.NO_PLAN))
    else:
        step = plan.step_on(d.today)
        latest = d.revisions[-1]
        now_text = (
            f"{num_text(step.daily_amount)} {plan.unit} a day "
            f"(step {plan.steps.index(step) + 1} of {len(plan.steps)}, {step.kind})"
            if step
            else ("before the start" if d.today < plan.start else "plan finished")
        )
        rows += [
            (
                "Plan",
                f"{plan.style} taper, {num_text(plan.steps[0].daily_amount)} to "
                f"{num_text(plan.steps[-1].daily_amount)} {plan.unit} a day, {plan.start} to {plan.end} "
                f"({formatting.days((plan.end - plan.start).days + 1)}, "
                f"{formatting.count(plan.times_per_day, 'dose', 'doses')} a day); "
                f"status {d.plan_status}",
            ),
            ("Today", now_text),
            (
                "Revisions",
                f"{len(d.revisions)} (latest: {latest.kind}, {day_text(latest.created_at)})",
            ),
        ]
    a = d.adherence()
    if a.days:
        rows.append(
            (
                "Doses logged",
                f"{a.doses_logged} of {a.doses_planned} planned ({a.dose_percent}%) "
                f"over {formatting.days(a.days)}; {formatting.days(a.days_above_plan)} above plan",
            )
        )
        if a.mg_servings_planned:
            rows.append(
                (
                    "Magnesium",
                    f"{a.mg_servings_logged} of {a.mg_servings_planned} servings logged "
                    f"({a.mg_percent}%)",
                )
            )
    if d.checkins:
        last = d.checkins[-1]
        first = d.checkins[0]
        rows.append(
            (
                "Symptom score",
                f"{scale_name(last.scale)} {last.total}/{scale_max(last.scale)} on "
                f"{last.day} (first {first.total} on {first.day}); "
                f"{formatting.count(len(d.checkins), 'check-in', 'check-ins')}",
            )
        )
        cravings = [c.craving for c in d.checkins if c.craving is not None]
        if cravings:
            rows.append(("Craving", f"latest {cravings[-1]}/10, highest {max(cravings)}/10"))
    rows += glance_rows(d)  # red-flag answers and seek-care notices apart; far doses
    rows.append(("Lapses", f"{len(d.all_lapses())} logged"))
    rows.append(("Notes", f"{len(d.notes)} for the clinician"))
    w.table(("", ""), rows, (32, 148), size=9, heading_row=False)


def glance_rows(d: ReportData) -> list[tuple[str, str]]:
    """The "at a glance" rows about safety: red-flag answers and seek-care notices apart, far doses."""
    flags = d.red_flags
    notices = d.seek_care_notices
    latest_notice = f", latest on {notices[-1]}" if notices else ""
    rows = [
        ("Red flags", f"{len(flags)} answered yes" + (f", latest on {flags[-1][0]}" if flags else "")),
        ("Seek-care notices", f"{len(notices)} (symptoms that stayed strong){latest_notice}"),
    ]
    far = d.far_above_plan()
    if far:
        worst = max(far, key=lambda r: r.taken)
        unit = d.plan.unit if d.plan else ""
        rows.append(
            (
                "Far above plan",
                f"{formatting.days(len(far))}; highest {num_text(worst.taken)} {unit} "
                f"on {date_text(worst.day)} "
                f"(planned {num_text(worst.planned)} {unit})",
            )
        )
    changes = d.dose_changes()
    if changes:
        rows.append(("Corrected doses", f"{len(changes)} corrected or removed (listed below)"))
    return rows


def intake(w: Any, d: ReportData) -> None:
    """Suggested style, its reasons, clinician flags, and the choice made against it or agreed."""
    w.heading(msg.INTAKE_HEADING, space_needed=45)
    assessment = (d.intake or {}).get("assessment") or {}
    answers = (d.intake or {}).get("input") or assessment.get("intake") or {}
    suggested = assessment.get("style")
    chosen = d.revisions[0].plan.style if d.revisions else None
    for line, alert in choice_lines(d, suggested, chosen):  # first: what a clinician must not miss
        w.para(line, size=8.5, color=ALERT if alert else (27, 31, 36), style="B" if alert else "")
    if not assessment:
        w.para(msg.NO_INTAKE)
    else:
        rows = [("Suggested style", f"{suggested} (dose level: {assessment.get('dose_level', 'unknown')})")]
        if chosen:
            rows.append(("Style chosen", chosen + (" (as suggested)" if chosen == suggested else "")))
        answered = _answers(answers)
        if answered:
            rows.append(("Answers", answered))
        for reason in assessment.get("reasons") or []:
            rows.append(("Why", str(reason.get("text", ""))))
        flags = assessment.get("clinician_flags") or []
        for flag in flags:
            level = "urgent" if flag.get("level") == "urgent" else "before starting"
            rows.append((f"Clinician flag ({level})", str(flag.get("reason", ""))))
        if not flags:
            rows.append(("Clinician flags", "none"))
        w.table(("", ""), rows, (38, 142), size=8, heading_row=False)


def choice_lines(d: ReportData, suggested: str | None, chosen: str | None) -> list[tuple[str, bool]]:
    """Against-advice choices and clinician agreements from the revisions' triggers (BRIEF contract)."""
    lines: list[tuple[str, bool]] = []
    against = agreement = False
    for rev in d.revisions:
        day = day_text(rev.created_at)
        choice = rev.trigger.get("against_advice")
        if isinstance(choice, dict):
            against = True
            text = msg.AGAINST_ADVICE.format(
                chosen=choice.get("chosen_style", "?"),
                recommended=choice.get("recommended_style", "?"),
                day=day,
                reason=choice.get("reason") or "(none given)",
            )
            lines.append((text, True))
        agreed = rev.trigger.get("clinician_agreement")
        if isinstance(agreed, dict):
            agreement = True
            when = str(agreed.get("recorded_at") or day)[:10]
            text = msg.CLINICIAN_AGREEMENT.format(
                day=when, by=agreed.get("by", "?"), note=agreed.get("note") or "(no note)"
            )
            lines.append((text, False))
    if not against and _faster(chosen, suggested):
        lines.append((msg.DIFFERENT_STYLE.format(chosen=chosen, recommended=suggested), True))
    if d.revisions and not agreement:
        lines.append((msg.NO_CLINICIAN_AGREEMENT, False))
    return lines


def red_flags(w: Any, d: ReportData) -> None:
    """Red-flag answers (a question answered yes), then seek-care notices, each counted apart."""
    from stepdown.domain.triage import RED_FLAGS
    from stepdown.messages.checkin import LEVEL_LABELS

    w.heading(msg.SECTIONS["red_flags"], color=ALERT if d.red_flags else (11, 83, 148))
    if not d.red_flags:
        w.para(msg.NO_RED_FLAGS)
    else:
        by_id = {f.id: f for f in RED_FLAGS}
        rows = []
        for day, flag_id in d.red_flags:
            flag = by_id.get(flag_id)
            question = flag.question if flag else f"(a safety answer stored as {flag_id!r})"
            level = LEVEL_LABELS.get(flag.level, flag.level) if flag else ""
            rows.append((date_text(day), flag_id.replace("_", " "), question, level))
        w.table(("Day", "Flag", "Question answered yes", "Level"), rows, (30, 28, 82, 40))
        w.para(msg.RED_FLAG_EXPLAINED, size=8, color=MUTED)
    if d.seek_care_notices:
        w.para(msg.SEEK_CARE_HEADING, size=9.5, style="B")
        level = LEVEL_LABELS["clinician_soon"]
        rows = [(date_text(day), msg.STRONG_SYMPTOMS_FLAG, level) for day in d.seek_care_notices]
        w.table(("Day", "Notice", "Level"), rows, (30, 110, 40))


MAX_ROWS = 30  # the most recent rows a day-by-day table lists; years of them would be pages of rows


def most_recent(rows: list[Any]) -> tuple[list[Any], int]:
    """The last MAX_ROWS of `rows` (oldest first) and how many earlier ones are left out."""
    shown = rows[-MAX_ROWS:]
    return shown, len(rows) - len(shown)


def rows_left(w: Any, left: int, singular: str, plural: str) -> None:
    if left:
        w.para(msg.ROWS_LEFT.format(count=formatting.count(left, singular, plural)), size=8, color=MUTED)


def doses(w: Any, d: ReportData) -> None:
    """Doses far above the plan and corrected doses, in words (not only as a chart's stretched axis)."""
    unit = d.plan.unit if d.plan else ""
    far, far_left = most_recent(list(d.far_above_plan()))
    if far:
        w.heading(msg.FAR_ABOVE_HEADING, color=ALERT, space_needed=30)
        rows = [
            (
                date_text(r.day),
                f"{num_text(r.planned)} {unit}" if r.planned is not None else "no dose planned",
                f"{num_text(r.taken)} {unit}",
                f"{_times(r.taken, r.planned)}",
            )
            for r in far
        ]
        w.table(("Day", "Planned", "Logged", "Times the plan"), rows, (30, 50, 50, 50))
        rows_left(w, far_left, "day far above plan", "days far above plan")
        w.para(msg.FAR_ABOVE_EXPLAINED, size=8, color=MUTED)
    changes, changes_left = most_recent(list(d.dose_changes()))
    if changes:
        w.heading(msg.CORRECTIONS_HEADING, space_needed=25)
        rows = [
            (
                date_text(c.day),
                c.kind,
                f"{num_text(c.was)} {c.unit}",
                "removed" if c.now is None else f"{num_text(c.now)} {c.unit}",
                c.reason,
            )
            for c in changes
        ]
        w.table(("Day", "Change", "First logged", "Now", "Why"), rows, (30, 22, 30, 30, 68))
        rows_left(w, changes_left, "change", "changes")


def _answers(answers: dict[str, Any]) -> str:
    parts = []
    if answers.get("daily_amount"):
        parts.append(f"{answers['daily_amount']} {answers.get('unit', '')} a day".strip())
    if answers.get("duration_days") is not None:
        parts.append(f"used for {formatting.days(answers['duration_days'])}")
    if answers.get("attempts"):
        attempts = str(answers["attempts"])
        n = int(attempts) if digits_text(attempts) else 2
        parts.append(f"{attempts} {formatting.plural(n, 'earlier attempt', 'earlier attempts')}")
    for key, label in (("age_band", "age"), ("breastfeeding", "breastfeeding")):
        if answers.get(key) not in (None, ""):
            parts.append(f"{label}: {answers[key]}")
    for key, label in (
        ("conditions", "conditions"),
        ("other_substances", "other substances"),
        ("medicines", "medicines"),
    ):
        if answers.get(key):
            parts.append(f"{label}: {', '.join(map(str, answers[key]))}")
    return "; ".join(parts)


def _faster(chosen: str | None, suggested: str | None) -> bool:
    if chosen not in STYLE_ORDER or suggested not in STYLE_ORDER:
        return False
    return STYLE_ORDER.index(chosen) < STYLE_ORDER.index(suggested)


def _times(taken: Decimal, planned: Decimal | None) -> str:
    if not planned:
        return "-"
    return f"{(taken / planned).quantize(Decimal('0.1'))}x"


def scale_name(scale: str) -> str:
    return scale.upper()


def scale_max(scale: str) -> int:
    from stepdown.domain.scales import SCALES

    found = SCALES.get(scale.lower())
    return len(found.items) * found.max_rating if found else 64


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def day_text(value: datetime) -> str:
    return date_text(as_utc(value).date())


def date_text(value: date) -> str:
    """A day as the reader reads it, with its year (a report can span a new year): 'Wed 2 Dec 2026'."""
    return formatting.day(value, "medium")


def num_text(value: Any) -> str:
    if value is None:
        return "-"
    return formatting.number(value)
