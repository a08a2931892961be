"""The "talk to a clinician before you start" flags, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepdown.domain import magnesium
from stepdown.domain.days import count
from stepdown.domain.intake_input import Intake
from stepdown.domain.intake_tables import POTENT, SEVEN_OH, SUBSTANCES, TAPER_MEDICINES, IntakeThresholds
from stepdown.messages import intake as msg


@dataclass(frozen=True)
class ClinicianFlag:
    """A reason to talk to a clinician before starting. `level` is "urgent" (act now) or "before_start"."""

    code: str
    reason: str
    source: str
    level: str = "before_start"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "source": self.source, "level": self.level}


# medicine class (TAPER_MEDICINES) -> flag code, wording, source; in the order they are listed.
_MEDICINE_CLASS_FLAGS: tuple[tuple[str, str, str, str], ...] = (
    ("benzodiazepines", "benzodiazepines", msg.FLAG_BENZODIAZEPINES, msg.GENERAL_SEDATIVES),
    ("opioids", "other_opioids", msg.FLAG_OTHER_OPIOIDS, msg.GENERAL_OTHER_OPIOIDS),
    ("buprenorphine", "buprenorphine", msg.FLAG_BUPRENORPHINE, msg.BUPRENORPHINE_CASE),
    ("naltrexone", "naltrexone", msg.FLAG_NALTREXONE, msg.GENERAL_NALTREXONE),
    ("gabapentinoids", "gabapentinoids", msg.FLAG_GABAPENTINOIDS, msg.GENERAL_GABAPENTINOIDS),
)


def _medicine_flags(intake: Intake) -> list[ClinicianFlag]:
    flags: list[ClinicianFlag] = []
    matched = magnesium.match_names(intake.medicines, TAPER_MEDICINES)
    mg_matches = magnesium.match_medicines(intake.medicines)
    by_class: dict[str, list[str]] = {}
    for name, group in matched:
        by_class.setdefault(group, []).append(name)

    for group, code, wording, source in _MEDICINE_CLASS_FLAGS:
        if group in by_class:
            names = ", ".join(by_class[group])
            flags.append(ClinicianFlag(code, wording.format(names=names), source))
    if mg_matches:
        mg_names = ", ".join(dict.fromkeys(name for name, _ in mg_matches))
        flags.append(
            ClinicianFlag(
                "magnesium_medicines", msg.FLAG_MAGNESIUM_MEDICINES.format(names=mg_names), msg.EMC_MAGNESIUM
            )
        )
    known = {name for name, _ in matched} | {name for name, _ in mg_matches}
    unknown = [m for m in intake.medicines if m not in known]
    if unknown:
        flags.append(
            ClinicianFlag(
                "unknown_medicines",
                msg.FLAG_UNKNOWN_MEDICINES.format(names=", ".join(unknown)),
                msg.GENERAL_UNKNOWN_MEDICINE,
            )
        )
    return flags


def _flags(intake: Intake, dose_level: str, th: IntakeThresholds) -> list[ClinicianFlag]:
    flags: list[ClinicianFlag] = []
    conds = set(intake.conditions)
    if "self-harm-thoughts" in conds:
        flags.append(
            ClinicianFlag("self_harm", msg.FLAG_SELF_HARM, f"{msg.HHS_2019}; {msg.HELPLINE_988}", "urgent")
        )
    label = SUBSTANCES[intake.substance]
    if intake.substance in POTENT:
        flags.append(
            ClinicianFlag("potent_opioid", msg.FLAG_POTENT.format(substance=label), msg.POTENT_SOURCE)
        )
    if "pregnancy" in conds:
        flags.append(ClinicianFlag("pregnancy", msg.FLAG_PREGNANCY, msg.CDC_2022_PREGNANCY))
    if "kidney-disease" in conds:
        flags.append(ClinicianFlag("kidney_disease", msg.FLAG_KIDNEY, msg.IOM_MAGNESIUM))
    if "seizures" in conds:
        flags.append(
            ClinicianFlag(
                "seizures", msg.FLAG_SEIZURES, f"{msg.DRUGS_COM_RED_FLAGS}; {msg.GENERAL_SEDATIVES}"
            )
        )
    if "heart-problems" in conds:
        flags.append(
            ClinicianFlag("heart_problems", msg.FLAG_HEART, f"{msg.DRUGS_COM_RED_FLAGS}; {msg.GENERAL_HEART}")
        )
    if "liver-disease" in conds:
        flags.append(ClinicianFlag("liver_disease", msg.FLAG_LIVER, msg.GENERAL_LIVER))
    if "mental-health" in conds:
        flags.append(ClinicianFlag("mental_health", msg.FLAG_MENTAL_HEALTH, msg.HHS_2019))
    others = set(intake.other_substances)
    if "alcohol" in others:
        flags.append(ClinicianFlag("alcohol", msg.FLAG_ALCOHOL, msg.GENERAL_SEDATIVES))
    if "benzodiazepines" in others:
        flags.append(
            ClinicianFlag(
                "benzodiazepines",
                msg.FLAG_BENZODIAZEPINES.format(names="you named them"),
                msg.GENERAL_SEDATIVES,
            )
        )
    if "opioids" in others:
        flags.append(
            ClinicianFlag(
                "other_opioids",
                msg.FLAG_OTHER_OPIOIDS.format(names="you named them"),
                msg.GENERAL_OTHER_OPIOIDS,
            )
        )
    if "stimulants" in others:
        flags.append(ClinicianFlag("stimulants", msg.FLAG_STIMULANTS, msg.GENERAL_STIMULANTS))
    for flag in _medicine_flags(intake):
        if flag.code in ("benzodiazepines", "other_opioids") and any(f.code == flag.code for f in flags):
            flags = [flag if f.code == flag.code else f for f in flags]  # the named medicines say more
        else:
            flags.append(flag)
    if intake.substance in SEVEN_OH:
        flags.append(ClinicianFlag("mp_in_products", msg.FLAG_MP_IN_PRODUCTS, msg.MP_SOURCE))
    if dose_level == "higher":
        flags.append(ClinicianFlag("high_dose", msg.FLAG_HIGH_DOSE, f"{msg.SEED}; {msg.SMITH_2024}"))
    elif dose_level == "unknown" and intake.substance not in POTENT:
        flags.append(ClinicianFlag("unknown_dose", msg.FLAG_UNKNOWN_DOSE, msg.GENERAL_WHEN_IN_DOUBT))
    if intake.duration_days >= th.long_use_days:
        flags.append(ClinicianFlag("long_use", msg.FLAG_LONG_USE, msg.CDC_2022))
    if intake.severe_withdrawal:
        flags.append(
            ClinicianFlag("severe_withdrawal_before", msg.FLAG_SEVERE_BEFORE, f"{msg.SEED}; {msg.ASAM_2025}")
        )
    if intake.attempts >= th.gentler_after_attempts:
        flags.append(
            ClinicianFlag(
                "earlier_attempts",
                msg.FLAG_ATTEMPTS.format(attempts=count(intake.attempts, "time", "times")),
                msg.SEED,
            )
        )
    return flags
