"""What an intake answer may be (substances, units, conditions, medicines) and where "higher dose"
and "long use" begin."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stepdown.domain import limits

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
# Largest daily amount we accept per unit: the limits every command and page share (domain/limits.py).
MAX_DAILY: dict[str, Decimal] = limits.MAX_DAILY
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
