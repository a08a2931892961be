"""The rules that choose a taper style, each Reason with its source; the gentlest style wins."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stepdown.domain import magnesium, route
from stepdown.domain.days import count
from stepdown.domain.intake_input import Intake
from stepdown.domain.intake_tables import (
    POTENT,
    SEVEN_OH,
    STYLE_ORDER,
    SUBSTANCES,
    TAPER_MEDICINES,
    IntakeThresholds,
)
from stepdown.messages import intake as msg


@dataclass(frozen=True)
class Reason:
    """One rule that fired: what it says, which style it points to, and where it comes from."""

    code: str
    text: str
    source: str
    style: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "source": self.source, "style": self.style}


# --- the assessment ------------------------------------------------------------------------------
def _gentler(style: str, steps: int = 1) -> str:
    return STYLE_ORDER[min(STYLE_ORDER.index(style) + steps, len(STYLE_ORDER) - 1)]


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _dose_rule(intake: Intake, th: IntakeThresholds) -> tuple[str, Reason]:
    """Is the dose lower, higher, or impossible to judge? The seed: short tapers suit lower doses."""
    amount = f"{_fmt(intake.daily_amount)} {intake.unit} a day"
    per_dose = intake.daily_amount / intake.times_per_day
    label = SUBSTANCES[intake.substance]
    mass = {"mg": Decimal(1), "g": Decimal(1000)}.get(intake.unit)
    higher_style = "gradual"

    if intake.substance in SEVEN_OH and mass is not None:
        daily_mg, per_mg = intake.daily_amount * mass, per_dose * mass
        limit = msg.SEVEN_OH_THRESHOLD.format(limit_mg=_fmt(th.seven_oh_higher_mg))
        if daily_mg > th.seven_oh_higher_mg:
            return "higher", Reason(
                "dose_higher",
                msg.DOSE_HIGHER.format(amount=amount, limit=limit),
                f"{msg.SEED}; threshold: {msg.SMITH_2024}",
                higher_style,
            )
        if per_mg > th.seven_oh_strongest_labelled_dose_mg:
            per = f"{_fmt(per_mg)} mg"
            lim = msg.SEVEN_OH_PER_DOSE.format(limit_mg=_fmt(th.seven_oh_strongest_labelled_dose_mg))
            return "higher", Reason(
                "dose_higher",
                msg.DOSE_HIGHER_PER_DOSE.format(per_dose=per, limit=lim),
                f"{msg.SEED}; threshold: {msg.SMITH_2024}",
                higher_style,
            )
        return "lower", Reason(
            "dose_lower",
            msg.DOSE_LOWER.format(amount=amount, limit=limit),
            f"{msg.SEED}; threshold: {msg.SMITH_2024}",
            "short",
        )
    if intake.substance in SEVEN_OH and intake.unit in ("tablets", "doses"):
        # 7-OH tablets run 14-30 mg and more (Smith 2024; vendor pages; "exceeding 100 mg per
        # serving"): a count without a strength cannot be judged lower (issue 9), so at least gradual.
        if intake.daily_amount <= th.higher_after_doses_a_day:
            return "unknown", Reason(
                "dose_unknown",
                msg.DOSE_UNKNOWN_COUNT.format(amount=amount),
                f"{msg.SMITH_2024}; {msg.GENERAL_WHEN_IN_DOUBT}",
                "gradual",
            )
        if intake.daily_amount > th.higher_after_doses_a_day:
            return "higher", Reason(
                "dose_higher",
                msg.DOSE_HIGHER.format(amount=amount, limit=msg.SEVEN_OH_COUNT_THRESHOLD),
                f"{msg.SEED}; threshold: {msg.SMITH_2024}",
                higher_style,
            )
        return "lower", Reason(
            "dose_lower",
            msg.DOSE_LOWER.format(amount=amount, limit=msg.SEVEN_OH_COUNT_THRESHOLD),
            f"{msg.SEED}; threshold: {msg.SMITH_2024}",
            "short",
        )
    if intake.substance == "kratom-leaf" and mass is not None:
        daily_g, per_g = intake.daily_amount * mass / 1000, per_dose * mass / 1000
        limit = msg.LEAF_THRESHOLD.format(limit_g=_fmt(th.leaf_higher_g))
        if daily_g > th.leaf_higher_g:
            return "higher", Reason(
                "dose_higher",
                msg.DOSE_HIGHER.format(amount=amount, limit=limit),
                f"{msg.SEED}; threshold: {msg.KRATOM_SURVEY_2017}",
                higher_style,
            )
        if per_g > th.leaf_dose_g:
            per = f"{_fmt(per_g)} g"
            return "higher", Reason(
                "dose_higher",
                msg.DOSE_HIGHER_PER_DOSE.format(per_dose=per, limit=msg.LEAF_PER_DOSE),
                f"{msg.SEED}; threshold: {msg.KRATOM_SURVEY_2017}",
                higher_style,
            )
        return "lower", Reason(
            "dose_lower",
            msg.DOSE_LOWER.format(amount=amount, limit=limit),
            f"{msg.SEED}; threshold: {msg.KRATOM_SURVEY_2017}",
            "short",
        )
    # Extracts, shots measured in ml, unknown products, MGM-15/16 and MP: no basis to call the dose low.
    return "unknown", Reason(
        "dose_unknown",
        msg.DOSE_UNKNOWN.format(amount=amount, substance=label),
        msg.GENERAL_WHEN_IN_DOUBT,
        "gradual",
    )


def _duration_rule(intake: Intake, th: IntakeThresholds) -> Reason:
    days = intake.duration_days
    if days >= th.long_use_days:
        return Reason(
            "duration_long",
            msg.DURATION_LONG.format(days=count(days, "day", "days")),
            f"{msg.CDC_2022}; {msg.SEED}",
            "slow",
        )
    if days >= th.short_use_days:
        return Reason(
            "duration_medium",
            msg.DURATION_MEDIUM.format(days=count(days, "day", "days")),
            msg.CDC_2022,
            "gradual",
        )
    return Reason(
        "duration_short",
        msg.DURATION_SHORT.format(days=count(days, "day", "days")),
        f"{msg.CDC_2022}; {msg.SEED}",
        "short",
    )


def _style_reasons(intake: Intake, th: IntakeThresholds) -> tuple[list[Reason], str]:
    reasons = [_duration_rule(intake, th)]
    dose_level, dose_reason = _dose_rule(intake, th)
    reasons.append(dose_reason)
    label = SUBSTANCES[intake.substance]
    if intake.substance in POTENT:
        reasons.append(
            Reason(
                "potent_opioid",
                msg.POTENT_STYLE.format(substance=label),
                f"{msg.POTENT_SOURCE}; {msg.GENERAL_WHEN_IN_DOUBT}",
                "slow",
            )
        )
    if "pregnancy" in intake.conditions:
        reasons.append(
            Reason(
                "pregnancy", msg.PREGNANCY_STYLE, f"{msg.CDC_2022_PREGNANCY}; {msg.GENERAL_PREGNANCY}", "slow"
            )
        )
    if {"mental-health", "self-harm-thoughts"} & set(intake.conditions):
        # HHS 2019: opioids "should not be tapered rapidly"; risks include thoughts of suicide.
        reasons.append(Reason("mental_health", msg.MENTAL_HEALTH_STYLE, msg.HHS_2019, "gradual"))
    if intake.attempts >= th.gentler_after_attempts:
        reasons.append(
            Reason(
                "attempts",
                msg.ATTEMPTS_BEFORE.format(attempts=count(intake.attempts, "time", "times")),
                msg.SEED,
                "gradual",
            )
        )
    reasons.extend(Reason(*r) for r in route.gentler_reasons(intake, _medicine_classes(intake)))
    base = max((r.style for r in reasons if r.style), key=STYLE_ORDER.index)
    if intake.severe_withdrawal:
        # The seed and ASAM 2025: when withdrawal is hard, slow down -> one step gentler than the rest.
        reasons.append(
            Reason("severe_before", msg.SEVERE_BEFORE, f"{msg.SEED}; {msg.ASAM_2025}", _gentler(base))
        )
    return reasons, dose_level


def _medicine_classes(intake: Intake) -> set[str]:
    return {group for _, group in magnesium.match_names(intake.medicines, TAPER_MEDICINES)}
