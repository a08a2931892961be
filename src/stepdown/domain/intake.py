"""Intake assessment: from "what I take, how much, how long, my health" to a suggested taper style
and a list of "talk to a clinician before you start" flags.

Every rule names its source (messages/intake.py holds the wording and the citations). When the rules
disagree the gentlest style wins: a taper that is too slow costs time, one that is too fast can
cost the attempt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from stepdown.domain import magnesium, route
from stepdown.domain.errors import InvalidInput
from stepdown.messages import intake as msg
from stepdown.messages.safety import DISCLAIMER, TOLERANCE_WARNING

# Style names are the planner's (stepdown.domain.planner.STYLES), gentlest last.
STYLE_ORDER: tuple[str, ...] = ("short", "gradual", "slow")

# code -> label. "7-oh" is a 7-OH product of unknown kind.
SUBSTANCES: dict[str, str] = {
    "7-oh-tablets": "7-OH tablets",
    "7-oh-liquid": "7-OH shots or liquid",
    "7-oh": "a 7-OH product",
    "kratom-leaf": "kratom leaf powder",
    "kratom-extract": "kratom extract",
    "mgm-15": "MGM-15",
    "mgm-16": "MGM-16",
    "mp": "mitragynine pseudoindoxyl (MP)",
    "other": "another product",
}
SEVEN_OH = frozenset({"7-oh-tablets", "7-oh-liquid", "7-oh"})
POTENT = frozenset({"mgm-15", "mgm-16", "mp"})  # synthetic or stronger-than-7-OH opioids
_SUBSTANCE_ALIASES: dict[str, str] = {
    "7oh": "7-oh",
    "7-hydroxymitragynine": "7-oh",
    "7-oh-tablet": "7-oh-tablets",
    "7oh-tablets": "7-oh-tablets",
    "7-oh-shots": "7-oh-liquid",
    "7-oh-shot": "7-oh-liquid",
    "7-oh-spray": "7-oh-liquid",
    "kratom": "kratom-leaf",
    "kratom-powder": "kratom-leaf",
    "leaf": "kratom-leaf",
    "extract": "kratom-extract",
    "mgm15": "mgm-15",
    "mgm16": "mgm-16",
    "pseudoindoxyl": "mp",
    "mitragynine-pseudoindoxyl": "mp",
}

# Units of the daily amount. "tablets" and "doses" count labelled doses (tablets, shots, servings).
UNITS: dict[str, str] = {"mg": "mg", "g": "g", "ml": "ml", "tablets": "tablets", "doses": "labelled doses"}
_UNIT_ALIASES: dict[str, str] = {
    "milligrams": "mg",
    "grams": "g",
    "gram": "g",
    "millilitres": "ml",
    "milliliters": "ml",
    "tablet": "tablets",
    "tabs": "tablets",
    "tab": "tablets",
    "dose": "doses",
    "shots": "doses",
    "shot": "doses",
    "servings": "doses",
    "serving": "doses",
}
# Largest daily amount we accept per unit: beyond these an entry is almost surely a typo
# (people report up to ~35 g/day of kratom leaf and 7-OH products "exceeding 100 mg per serving").
MAX_DAILY: dict[str, Decimal] = {
    "mg": Decimal(5000),
    "g": Decimal(500),
    "ml": Decimal(2000),
    "tablets": Decimal(200),
    "doses": Decimal(200),
}
MAX_DURATION_DAYS = 36500  # 100 years
MAX_TIMES = 24
MAX_ATTEMPTS = 100

CONDITIONS: dict[str, str] = {
    "pregnancy": "pregnant",
    "kidney-disease": "kidney disease",
    "heart-problems": "heart problems",
    "seizures": "seizures (ever)",
    "liver-disease": "liver disease",
    "mental-health": "a mental-health condition",
    "self-harm-thoughts": "thoughts of harming myself",
}
_CONDITION_ALIASES = {
    "pregnant": "pregnancy",
    "kidney": "kidney-disease",
    "heart": "heart-problems",
    "seizure": "seizures",
    "epilepsy": "seizures",
    "liver": "liver-disease",
    "suicidal-thoughts": "self-harm-thoughts",
    "self-harm": "self-harm-thoughts",
}

# Age bands (clinical-facts.md section 8: from 65, stepdown's choice of a gentler style and a magnesium
# caution). "" = not given.
AGE_BANDS: dict[str, str] = {"under-18": "under 18", "18-64": "18 to 64", "65-plus": "65 or older"}
_AGE_ALIASES = {"65+": "65-plus", "65-or-older": "65-plus", "older": "65-plus", "over-65": "65-plus"}

OTHER_SUBSTANCES: dict[str, str] = {
    "alcohol": "alcohol",
    "benzodiazepines": "benzodiazepines",
    "opioids": "other opioids",
    "stimulants": "stimulants",
}
_OTHER_ALIASES = {
    "benzos": "benzodiazepines",
    "benzo": "benzodiazepines",
    "other-opioids": "opioids",
    "opioid": "opioids",
    "stimulant": "stimulants",
}

# Medicines that matter for a 7-OH taper (generic and common brand names). Magnesium interactions
# are recognised by stepdown.domain.magnesium.
TAPER_MEDICINES: dict[str, tuple[str, ...]] = {
    "benzodiazepines": (
        "alprazolam",
        "xanax",
        "clonazepam",
        "klonopin",
        "rivotril",
        "diazepam",
        "valium",
        "lorazepam",
        "ativan",
        "temazepam",
        "restoril",
        "chlordiazepoxide",
        "librium",
        "oxazepam",
        "midazolam",
        "zolpidem",
        "ambien",
        "stilnox",
        "zopiclone",
        "eszopiclone",
        "lunesta",
    ),
    "opioids": (
        "methadone",
        "oxycodone",
        "oxycontin",
        "percocet",
        "roxicodone",
        "hydrocodone",
        "vicodin",
        "norco",
        "morphine",
        "codeine",
        "tramadol",
        "ultram",
        "tapentadol",
        "nucynta",
        "fentanyl",
        "hydromorphone",
        "dilaudid",
        "oxymorphone",
    ),
    "buprenorphine": ("buprenorphine", "suboxone", "subutex", "sublocade", "zubsolv", "belbuca", "brixadi"),
    "naltrexone": ("naltrexone", "vivitrol", "revia"),
    "gabapentinoids": ("gabapentin", "neurontin", "gralise", "horizant", "pregabalin", "lyrica"),
    # Known and harmless here: naloxone reverses an overdose and every person tapering should have it.
    "naloxone": ("naloxone", "narcan", "kloxxado"),
}


@dataclass(frozen=True)
class IntakeThresholds:
    """Where "higher dose" and "long use" begin. Typical 7-OH intake is UNVERIFIED (no data), so the
    dose limits are cautious defaults a clinician can override; see the README ("Intake assessment
    and magnesium protocol")."""

    # Smith et al. 2024: 14-25 mg 7-OH per labelled dose. We count from the weakest labelled dose so
    # that "higher" starts early: this can only make the suggested taper gentler.
    seven_oh_labelled_dose_mg: Decimal = Decimal(14)
    seven_oh_strongest_labelled_dose_mg: Decimal = Decimal(25)
    # More than about two labelled doses a day counts as a higher dose (a cautious default).
    higher_after_doses_a_day: Decimal = Decimal(2)
    # 2017 kratom survey: most doses were 1-3 g; we take the top of that range as one typical dose.
    leaf_dose_g: Decimal = Decimal(3)
    # CDC 2022: a year or more of use -> ~10%/month; weeks to months -> ~10%/week; under a month -> faster.
    long_use_days: int = 365
    short_use_days: int = 30
    # The seed: after failed attempts, ask whether the taper went too fast; two or more -> gentler.
    gentler_after_attempts: int = 2

    @property
    def seven_oh_higher_mg(self) -> Decimal:
        return self.seven_oh_labelled_dose_mg * self.higher_after_doses_a_day

    @property
    def leaf_higher_g(self) -> Decimal:
        return self.leaf_dose_g * self.higher_after_doses_a_day


@dataclass(frozen=True)
class Intake:
    """What the person tells us. Use `make_intake` to build one from raw input (it validates)."""

    substance: str
    daily_amount: Decimal
    unit: str
    duration_days: int
    times_per_day: int = 1
    attempts: int = 0
    severe_withdrawal: bool = False  # withdrawal was severe in an earlier attempt
    conditions: tuple[str, ...] = ()  # codes from CONDITIONS
    other_substances: tuple[str, ...] = ()  # codes from OTHER_SUBSTANCES
    medicines: tuple[str, ...] = ()  # free names as the person wrote them
    age_band: str = ""  # a code from AGE_BANDS, or "" when not given
    breastfeeding: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "substance": self.substance,
            "daily_amount": str(self.daily_amount),
            "unit": self.unit,
            "duration_days": self.duration_days,
            "times_per_day": self.times_per_day,
            "attempts": self.attempts,
            "severe_withdrawal": self.severe_withdrawal,
            "conditions": list(self.conditions),
            "other_substances": list(self.other_substances),
            "medicines": list(self.medicines),
            "age_band": self.age_band,
            "breastfeeding": self.breastfeeding,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Intake:
        """Read raw input (a web form, stored JSON); validates like `make_intake`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown intake field {unknown[0]!r}; accepted: {', '.join(sorted(known))}.",
                field=unknown[0],
            )
        return make_intake(**dict(data))


@dataclass(frozen=True)
class Reason:
    """One rule that fired: what it says, which style it points to, and where it comes from."""

    code: str
    text: str
    source: str
    style: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "source": self.source, "style": self.style}


@dataclass(frozen=True)
class ClinicianFlag:
    """A reason to talk to a clinician before starting. `level` is "urgent" (act now) or "before_start"."""

    code: str
    reason: str
    source: str
    level: str = "before_start"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "source": self.source, "level": self.level}


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


# --- building and validating input ---------------------------------------------------------------
def _key(value: str) -> str:
    return "-".join(str(value).strip().lower().replace("_", "-").split())


def _choice(value: Any, known: Mapping[str, str], aliases: Mapping[str, str], what: str, fld: str) -> str:
    key = _key(value)
    key = aliases.get(key, key)
    if key not in known:
        raise InvalidInput(f"Unknown {what} {value!r}; accepted: {', '.join(known)}.", field=fld)
    return key


def parse_substance(value: Any) -> str:
    """A substance code from what the person typed ("7-OH", "kratom", "MGM-16"...)."""
    if _key(value) == "mgm":  # never guess between two opioids, and never read it as magnesium
        raise InvalidInput(
            msg.AMBIGUOUS_POTENT.format(value=value, accepted=", ".join(SUBSTANCES)), field="substance"
        )
    return _choice(value, SUBSTANCES, _SUBSTANCE_ALIASES, "substance", "substance")


def _decimal(value: Any, fld: str, example: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number <= 0:
        raise InvalidInput(
            f"The {fld.replace('_', ' ')} must be a number above 0, for example {example}.", field=fld
        )
    return number


def _int(value: Any, fld: str, low: int, high: int, label: str) -> int:
    number: int | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
    if number is None or not low <= number <= high:
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=fld)
    return number


def _names(values: Iterable[Any] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(str(v).strip() for v in values if str(v).strip())


def make_intake(
    *,
    substance: Any,
    daily_amount: Any,
    unit: Any,
    duration_days: Any,
    times_per_day: Any = 1,
    attempts: Any = 0,
    severe_withdrawal: Any = False,
    conditions: Iterable[Any] = (),
    other_substances: Iterable[Any] = (),
    medicines: Iterable[Any] | str = (),
    age_band: Any = "",
    breastfeeding: Any = False,
) -> Intake:
    """Validate and normalise raw input; raises InvalidInput with one plain sentence."""
    code = parse_substance(substance)
    unit_code = _choice(unit, UNITS, _UNIT_ALIASES, "unit", "unit")
    amount = _decimal(daily_amount, "daily_amount", "60")
    if amount > MAX_DAILY[unit_code]:
        raise InvalidInput(
            f"A daily amount of {amount} {unit_code} is more than stepdown accepts "
            f"(up to {MAX_DAILY[unit_code]} {unit_code}); please check the number.",
            field="daily_amount",
        )
    days = _int(duration_days, "duration_days", 1, MAX_DURATION_DAYS, "How long you have used it (in days)")
    times = _int(times_per_day, "times_per_day", 1, MAX_TIMES, "Times a day")
    tries = _int(attempts, "attempts", 0, MAX_ATTEMPTS, "Earlier attempts")
    conds = tuple(
        dict.fromkeys(
            _choice(c, CONDITIONS, _CONDITION_ALIASES, "health condition", "conditions")
            for c in _names(conditions)
        )
    )
    others = tuple(
        dict.fromkeys(
            _choice(s, OTHER_SUBSTANCES, _OTHER_ALIASES, "other substance", "other_substances")
            for s in _names(other_substances)
        )
    )
    meds = tuple(dict.fromkeys(_names(medicines)))
    if any(len(m) > 100 for m in meds):
        raise InvalidInput("A medicine name must be at most 100 characters.", field="medicines")
    age = "" if age_band in (None, "") else _choice(age_band, AGE_BANDS, _AGE_ALIASES, "age band", "age_band")
    return Intake(
        age_band=age,
        breastfeeding=magnesium.parse_yes_no(breastfeeding, "breastfeeding"),
        substance=code,
        daily_amount=amount,
        unit=unit_code,
        duration_days=days,
        times_per_day=times,
        attempts=tries,
        severe_withdrawal=magnesium.parse_yes_no(severe_withdrawal, "severe_withdrawal"),
        conditions=conds,
        other_substances=others,
        medicines=meds,
    )


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
            "duration_long", msg.DURATION_LONG.format(days=days), f"{msg.CDC_2022}; {msg.SEED}", "slow"
        )
    if days >= th.short_use_days:
        return Reason("duration_medium", msg.DURATION_MEDIUM.format(days=days), msg.CDC_2022, "gradual")
    return Reason(
        "duration_short", msg.DURATION_SHORT.format(days=days), f"{msg.CDC_2022}; {msg.SEED}", "short"
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
            Reason("attempts", msg.ATTEMPTS_BEFORE.format(attempts=intake.attempts), msg.SEED, "gradual")
        )
    reasons.extend(Reason(*r) for r in route.gentler_reasons(intake, _medicine_classes(intake)))
    base = max((r.style for r in reasons if r.style), key=STYLE_ORDER.index)
    if intake.severe_withdrawal:
        # The seed and ASAM 2025: when withdrawal is hard, slow down -> one step gentler than the rest.
        reasons.append(
            Reason("severe_before", msg.SEVERE_BEFORE, f"{msg.SEED}; {msg.ASAM_2025}", _gentler(base))
        )
    return reasons, dose_level


# medicine class (TAPER_MEDICINES) -> flag code, wording, source; in the order they are listed.
_MEDICINE_CLASS_FLAGS: tuple[tuple[str, str, str, str], ...] = (
    ("benzodiazepines", "benzodiazepines", msg.FLAG_BENZODIAZEPINES, msg.GENERAL_SEDATIVES),
    ("opioids", "other_opioids", msg.FLAG_OTHER_OPIOIDS, msg.GENERAL_OTHER_OPIOIDS),
    ("buprenorphine", "buprenorphine", msg.FLAG_BUPRENORPHINE, msg.BUPRENORPHINE_CASE),
    ("naltrexone", "naltrexone", msg.FLAG_NALTREXONE, msg.GENERAL_NALTREXONE),
    ("gabapentinoids", "gabapentinoids", msg.FLAG_GABAPENTINOIDS, msg.GENERAL_GABAPENTINOIDS),
)


def _medicine_classes(intake: Intake) -> set[str]:
    return {group for _, group in magnesium.match_names(intake.medicines, TAPER_MEDICINES)}


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
            ClinicianFlag("earlier_attempts", msg.FLAG_ATTEMPTS.format(attempts=intake.attempts), msg.SEED)
        )
    return flags


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
