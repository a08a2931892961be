"""Magnesium forms and their elemental fractions, the seed's range and the upper limit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MgForm:
    code: str
    label: str
    fraction: Decimal | None  # elemental magnesium per unit weight; None for "other"
    absorption: str  # "good" or "poor" (the seed), "" where the seed says nothing
    hydrate_note: bool = False


# Source: clinical-facts.md section 5 table (PMC7397051 table 3); absorption notes from the seed.
FORMS: dict[str, MgForm] = {
    f.code: f
    for f in (
        MgForm("glycinate", "glycinate", Decimal("0.141"), "good"),
        MgForm("citrate", "citrate", Decimal("0.162"), "good"),  # higher of 16.2% / 11.3%, see module doc
        MgForm("hydrogen-citrate", "hydrogen citrate", Decimal("0.113"), "good"),
        MgForm("trimagnesium-citrate", "trimagnesium dicitrate", Decimal("0.162"), "good"),
        MgForm("threonate", "L-threonate", Decimal("0.083"), "good"),
        MgForm("oxide", "oxide", Decimal("0.603"), "poor"),
        MgForm("malate", "malate", Decimal("0.155"), ""),
        MgForm("chloride", "chloride", Decimal("0.255"), "", hydrate_note=True),  # anhydrous
        MgForm("chloride-hexahydrate", "chloride hexahydrate", Decimal("0.12"), ""),
        MgForm("taurate", "taurate", Decimal("0.089"), ""),
        MgForm("sulfate", "sulfate", Decimal("0.201"), "", hydrate_note=True),  # anhydrous
        MgForm("sulfate-heptahydrate", "sulfate heptahydrate (Epsom salt)", Decimal("0.099"), ""),
        MgForm("lactate", "lactate", Decimal("0.120"), ""),
        MgForm("aspartate", "aspartate", Decimal("0.085"), ""),
        MgForm("hydroxide", "hydroxide", Decimal("0.417"), ""),
        MgForm("other", "(another form)", None, ""),
    )
}
_FORM_ALIASES = {
    "bisglycinate": "glycinate",
    "glycine": "glycinate",
    "l-threonate": "threonate",
    "dicitrate": "trimagnesium-citrate",
    "epsom": "sulfate-heptahydrate",
    "epsom-salt": "sulfate-heptahydrate",
    "sulphate": "sulfate",
    "sulphate-heptahydrate": "sulfate-heptahydrate",
}
# What people type for MGM-15/16 (synthetic opioids) is refused, never read as magnesium.
_NOT_MAGNESIUM = re.compile(r"^\W*mgm", re.IGNORECASE)

SEED_LOW_MG = 200  # the seed: "a typical starting dose is around 200-400 mg per day"
SEED_HIGH_MG = 400
UPPER_LIMIT_MG = 350  # IOM/NIH UL for supplemental magnesium, adults (and from age 9)
MAX_INPUT_MG = Decimal(20000)  # beyond this an amount is a typo, not a plan
MEALS = ("breakfast", "lunch", "evening meal")
ONE_MEAL = ("meal", "snack")  # one meal a day: the second serving goes with a snack


@dataclass(frozen=True)
class MagnesiumSettings:
    """Cautious defaults, documented in the README ("Intake assessment and magnesium protocol")."""

    default_start_mg: int = SEED_LOW_MG
    upper_limit_mg: int = UPPER_LIMIT_MG
    max_with_clinician_mg: int = SEED_HIGH_MG  # the seed's top; a clinician may go beyond outside the app
    diarrhoea_factor: Decimal = Decimal("0.5")  # with diarrhoea now: halve (IOM: first sign of excess)
