"""Intake assessment: from "what I take, how much, how long, my health" to a suggested taper style
and a list of "talk to a clinician before you start" flags.

Every rule names its source (messages/intake.py holds the wording and the citations). When the rules
disagree the gentlest style wins: a taper that is too slow costs time, one that is too fast can
cost the attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from stepdown.domain import route
from stepdown.domain.intake_flags import ClinicianFlag, _flags
from stepdown.domain.intake_input import Intake, make_intake, parse_substance
from stepdown.domain.intake_rules import Reason, _style_reasons
from stepdown.domain.intake_tables import (
    AGE_BANDS,
    CONDITIONS,
    MAX_ATTEMPTS,
    MAX_DAILY,
    MAX_DURATION_DAYS,
    MAX_TIMES,
    OTHER_SUBSTANCES,
    POTENT,
    SEVEN_OH,
    STYLE_ORDER,
    SUBSTANCES,
    TAPER_MEDICINES,
    UNITS,
    IntakeThresholds,
)
from stepdown.messages import intake as msg
from stepdown.messages.safety import DISCLAIMER, TOLERANCE_WARNING

# The vocabulary, the input and the rules live in intake_tables, intake_input, intake_rules and
# intake_flags; every public name stays importable from here.
__all__ = [
    "AGE_BANDS",
    "Assessment",
    "CONDITIONS",
    "ClinicianFlag",
    "Intake",
    "IntakeThresholds",
    "MAX_ATTEMPTS",
    "MAX_DAILY",
    "MAX_DURATION_DAYS",
    "MAX_TIMES",
    "OTHER_SUBSTANCES",
    "POTENT",
    "Reason",
    "SEVEN_OH",
    "STYLE_ORDER",
    "SUBSTANCES",
    "TAPER_MEDICINES",
    "UNITS",
    "assess",
    "make_intake",
    "parse_substance",
]


@dataclass(frozen=True)
class Assessment:
    style: str
    reasons: tuple[Reason, ...]
    clinician_flags: tuple[ClinicianFlag, ...]
    dose_level: str  # "lower", "higher" or "unknown"
    intake: Intake
    disclaimer: str = DISCLAIMER
    # Shown to everyone who starts a taper (commonspirit.org; Maudsley cohort: deaths after lost tolerance).
    safety_notes: tuple[str, ...] = (TOLERANCE_WARNING,)
    # Why a clinician-supervised taper or medication (MOUD) is the recommended route (reason codes);
    # when not empty a plan is saved only with a recorded clinician agreement (domain.consent).
    clinician_route: tuple[str, ...] = ()

    @property
    def route(self) -> str | None:
        """The plain recommendation of a clinician-supervised route, or None."""
        return msg.CLINICIAN_ROUTE if self.clinician_route else None

    @property
    def urgent(self) -> bool:
        return any(f.level == "urgent" for f in self.clinician_flags)

    def to_dict(self) -> dict[str, Any]:
        return {
            "style": self.style,
            "reasons": [r.to_dict() for r in self.reasons],
            "clinician_flags": [f.to_dict() for f in self.clinician_flags],
            "urgent": self.urgent,
            "dose_level": self.dose_level,
            "intake": self.intake.to_dict(),
            "safety_notes": list(self.safety_notes),
            "clinician_route": list(self.clinician_route),
            "route": self.route,
            "disclaimer": self.disclaimer,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        return cls(
            style=data["style"],
            reasons=tuple(Reason(r["code"], r["text"], r["source"], r.get("style")) for r in data["reasons"]),
            clinician_flags=tuple(
                ClinicianFlag(f["code"], f["reason"], f["source"], f.get("level", "before_start"))
                for f in data["clinician_flags"]
            ),
            dose_level=data.get("dose_level", "unknown"),
            intake=Intake.from_dict(data["intake"]),
            disclaimer=data.get("disclaimer", DISCLAIMER),
            safety_notes=tuple(data.get("safety_notes", (TOLERANCE_WARNING,))),
            clinician_route=tuple(data.get("clinician_route") or ()),
        )


def assess(intake: Intake, thresholds: IntakeThresholds | None = None) -> Assessment:
    """Suggest a taper style (the gentlest any rule asks for) and list the clinician flags."""
    intake = make_intake(**{f.name: getattr(intake, f.name) for f in fields(Intake)})  # re-validate
    th = thresholds or IntakeThresholds()
    reasons, dose_level = _style_reasons(intake, th)
    style = max((r.style for r in reasons if r.style), key=STYLE_ORDER.index)
    reasons.append(Reason("style_chosen", msg.STYLE_CHOSEN.format(style=style), msg.GENERAL_GENTLEST))
    heavy = dose_level == "higher" and intake.duration_days >= th.long_use_days
    route_codes = route.route_codes(intake, heavy=heavy, potent=intake.substance in POTENT)
    return Assessment(
        style=style,
        reasons=tuple(reasons),
        clinician_flags=tuple(
            _flags(intake, dose_level, th) + [ClinicianFlag(*f) for f in route.flags(intake, route_codes)]
        ),
        dose_level=dose_level,
        intake=intake,
        clinician_route=route_codes,
    )
