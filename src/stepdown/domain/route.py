"""When a self-directed taper is not the route, and which answers call for a gentler style (issue 9).

Used by `intake.assess`. Returns plain tuples (intake.py wraps them as Reason and ClinicianFlag) so
this module needs nothing from intake.py. Every rule names its source (messages/intake.py); where no
fact supports it, the source says it is stepdown's cautious choice.
"""

from __future__ import annotations

from typing import Any

from stepdown.messages import intake as msg

# Conditions and substances that call for at least the gradual style, not just a flag:
# code in the intake -> (reason code, wording, source)
_GENTLER_CONDITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("seizures", "seizures", msg.SEIZURES_STYLE, f"{msg.DRUGS_COM_RED_FLAGS}; {msg.GENERAL_SEDATIVES}"),
    ("heart-problems", "heart_problems", msg.HEART_STYLE, f"{msg.DRUGS_COM_RED_FLAGS}; {msg.GENERAL_HEART}"),
    ("kidney-disease", "kidney_disease", msg.KIDNEY_STYLE, f"{msg.IOM_MAGNESIUM}; {msg.CAUTIOUS_CHOICE}"),
)
_GENTLER_SUBSTANCES: tuple[tuple[str, str, str, str], ...] = (
    ("alcohol", "alcohol", msg.SEDATIVES_STYLE, msg.GENERAL_SEDATIVES),
    ("benzodiazepines", "benzodiazepines", msg.SEDATIVES_STYLE, msg.GENERAL_SEDATIVES),
    ("opioids", "other_opioids", msg.OTHER_OPIOIDS_STYLE, msg.GENERAL_OTHER_OPIOIDS),
)

Row = tuple[str, str, str, str]  # (code, text, source, style or level)


def gentler_reasons(intake: Any, medicine_classes: set[str]) -> list[Row]:
    """Reasons (code, text, source, style) that ask for a gentler style than the dose and use alone."""
    conds = set(intake.conditions)
    others = set(intake.other_substances) | (medicine_classes & {"benzodiazepines", "opioids"})
    out: list[Row] = []
    for cond, code, text, source in _GENTLER_CONDITIONS:
        if cond in conds:
            out.append((code, text, source, "gradual"))
    done: set[str] = set()
    for sub, code, text, source in _GENTLER_SUBSTANCES:
        if sub in others and text not in done:
            done.add(text)
            out.append((f"{code}_style", text, source, "gradual"))
    if intake.age_band == "65-plus":
        out.append(("older_age", msg.OLDER_AGE_STYLE, msg.OLDER_AGE_SOURCE, "gradual"))
    if intake.breastfeeding:
        out.append(("breastfeeding", msg.BREASTFEEDING_STYLE, msg.BREASTFEEDING_SOURCE, "slow"))
    return out


def route_codes(intake: Any, *, heavy: bool, potent: bool) -> tuple[str, ...]:
    """Why a clinician-supervised taper or MOUD is the recommended route (empty: self-directed is ok).

    Pregnancy (ACOG 711; CDC 2022), MGM-15/16 and MP (no taper data; potent), long heavy use
    (CDC 2022: a year or more; stepdown's threshold for "higher"), breastfeeding and under 18
    (stepdown's cautious choice: clinician first).
    """
    codes = []
    if "pregnancy" in intake.conditions:
        codes.append("pregnancy")
    if intake.breastfeeding:
        codes.append("breastfeeding")
    if potent:
        codes.append("potent_opioid")
    if heavy:
        codes.append("long_heavy_use")
    if intake.age_band == "under-18":
        codes.append("under_18")
    return tuple(codes)


def flags(intake: Any, codes: tuple[str, ...]) -> list[Row]:
    """Clinician flags (code, reason, source, level) for the route and the new intake answers."""
    out: list[Row] = []
    if codes:
        out.append(("clinician_route", msg.CLINICIAN_ROUTE, msg.MOUD_SOURCE, "before_start"))
    if intake.breastfeeding:
        out.append(("breastfeeding", msg.FLAG_BREASTFEEDING, msg.BREASTFEEDING_SOURCE, "before_start"))
    if intake.age_band == "65-plus":
        out.append(("older_age_magnesium", msg.FLAG_OLDER_MAGNESIUM, msg.OLDER_AGE_SOURCE, "before_start"))
    if intake.age_band == "under-18":
        out.append(("under_18", msg.FLAG_UNDER_18, msg.CAUTIOUS_CHOICE, "before_start"))
    return out
