"""Magnesium protocol: a daily amount of elemental magnesium split into servings with meals, with the
warnings that keep it safe (kidneys, upper limit, diarrhoea, medicines).

All advice is in elemental magnesium (mg). Where a compound's magnesium content is uncertain (citrate,
hydrates) we use the HIGHER fraction: an amount computed from the compound is then never below the
true one, and an amount of compound we advise never holds more magnesium than we say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import plain_decimal, whole_text
from stepdown.messages import magnesium as msg


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


# Medicines that interact with magnesium: generic and common brand names (US and UK).
# Sources: EMC SmPC 2678 and 4841; quinolone timing (medpill.info); clinical-facts.md section 5.
MEDICINE_GROUPS: dict[str, tuple[str, ...]] = {
    "tetracyclines": (
        "doxycycline",
        "vibramycin",
        "doryx",
        "acticlate",
        "minocycline",
        "minocin",
        "solodyn",
        "tetracycline",
        "oxytetracycline",
        "lymecycline",
        "tetralysal",
        "demeclocycline",
        "sarecycline",
    ),
    "quinolones": (
        "ciprofloxacin",
        "cipro",
        "ciproxin",
        "levofloxacin",
        "levaquin",
        "tavanic",
        "moxifloxacin",
        "avelox",
        "ofloxacin",
        "norfloxacin",
        "delafloxacin",
    ),
    "bisphosphonates": (
        "alendronate",
        "alendronic acid",
        "fosamax",
        "binosto",
        "risedronate",
        "actonel",
        "atelvia",
        "ibandronate",
        "ibandronic acid",
        "boniva",
        "bonviva",
        "etidronate",
    ),
    "levothyroxine": (
        "levothyroxine",
        "synthroid",
        "levoxyl",
        "unithroid",
        "euthyrox",
        "tirosint",
        "eltroxin",
    ),
    "gabapentin": ("gabapentin", "neurontin", "gralise", "horizant"),
    "depleting": (
        # proton pump inhibitors
        "omeprazole",
        "prilosec",
        "losec",
        "esomeprazole",
        "nexium",
        "lansoprazole",
        "prevacid",
        "zoton",
        "pantoprazole",
        "protonix",
        "rabeprazole",
        "aciphex",
        "pariet",
        "dexlansoprazole",
        "dexilant",
        # loop and thiazide diuretics
        "furosemide",
        "frusemide",
        "lasix",
        "bumetanide",
        "bumex",
        "torsemide",
        "torasemide",
        "hydrochlorothiazide",
        "hctz",
        "microzide",
        "chlorthalidone",
        "chlortalidone",
        "indapamide",
        "bendroflumethiazide",
        "metolazone",
        # aminoglycosides
        "gentamicin",
        "tobramycin",
        "amikacin",
    ),
    "digoxin": ("digoxin", "lanoxin"),
}
MORNING_GROUPS = frozenset({"levothyroxine", "bisphosphonates"})  # taken on waking, on an empty stomach
_GROUP_WARNINGS: dict[str, tuple[str, str, str]] = {  # group -> (code, text, source)
    "tetracyclines": ("spacing_tetracyclines", msg.WARN_TETRACYCLINES, msg.EMC_2678),
    "quinolones": ("spacing_quinolones", msg.WARN_QUINOLONES, f"{msg.QUINOLONE_TIMING}; {msg.EMC_4841}"),
    "bisphosphonates": ("spacing_bisphosphonates", msg.WARN_BISPHOSPHONATES, msg.EMC_2678),
    "levothyroxine": ("spacing_levothyroxine", msg.WARN_LEVOTHYROXINE, msg.EMC_4841),
    "gabapentin": ("spacing_gabapentin", msg.WARN_GABAPENTIN, msg.EMC_4841),
    "depleting": ("depletes_magnesium", msg.WARN_DEPLETING, msg.EMC_2678),
    "digoxin": ("digoxin", msg.WARN_DIGOXIN, msg.EMC_2678),
}


def match_names(medicines: Iterable[str], groups: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(medicine as written, group) for each medicine that names a known drug as whole words,
    e.g. "Cipro XR 500mg" is a quinolone, but "Cipralex" (escitalopram) is not "cipro"."""
    found: list[tuple[str, str]] = []
    for written in medicines:
        words = re.findall(r"[a-z]+", written.lower())
        phrases = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        for group, names in groups.items():
            if any(name.replace("-", " ") in phrases for name in names):
                found.append((written, group))
    return found


def match_medicines(medicines: Iterable[str]) -> list[tuple[str, str]]:
    """(medicine as written, interaction group) for medicines that interact with magnesium."""
    return match_names(medicines, MEDICINE_GROUPS)


@dataclass(frozen=True)
class MagnesiumRequest:
    """`elemental_mg` (from the label) or `compound_mg` (of `form`) is the wanted daily amount;
    with neither the plan starts at the seed's low end. `capsule_mg` is one capsule or tablet, in
    the same terms as the amount (elemental, or compound when `compound_mg` is given)."""

    form: str
    elemental_mg: Decimal | None = None
    compound_mg: Decimal | None = None
    kidney_disease: bool = False
    medicines: tuple[str, ...] = ()
    meals: int = 3
    diarrhoea: bool = False
    clinician_agreed: bool = False  # a clinician agreed to more than the 350 mg upper limit
    capsule_mg: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "elemental_mg": None if self.elemental_mg is None else str(self.elemental_mg),
            "compound_mg": None if self.compound_mg is None else str(self.compound_mg),
            "kidney_disease": self.kidney_disease,
            "medicines": list(self.medicines),
            "meals": self.meals,
            "diarrhoea": self.diarrhoea,
            "clinician_agreed": self.clinician_agreed,
            "capsule_mg": None if self.capsule_mg is None else str(self.capsule_mg),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MagnesiumRequest:
        """Read raw input (a web form, stored JSON); amounts are validated by `plan_magnesium`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown magnesium field {unknown[0]!r}; accepted: {', '.join(sorted(known))}.",
                field=unknown[0],
            )
        meds = data.get("medicines") or ()
        return cls(
            form=str(data.get("form", "")),
            elemental_mg=_amount_or_none(data.get("elemental_mg"), "elemental_mg"),
            compound_mg=_amount_or_none(data.get("compound_mg"), "compound_mg"),
            kidney_disease=parse_yes_no(data.get("kidney_disease", False), "kidney_disease"),
            medicines=(meds,) if isinstance(meds, str) else tuple(str(m) for m in meds),
            meals=_meals(data.get("meals", 3)),
            diarrhoea=parse_yes_no(data.get("diarrhoea", False), "diarrhoea"),
            clinician_agreed=parse_yes_no(data.get("clinician_agreed", False), "clinician_agreed"),
            capsule_mg=_amount_or_none(data.get("capsule_mg"), "capsule_mg"),
        )


@dataclass(frozen=True)
class Serving:
    meal: str
    elemental_mg: int
    compound_mg: int | None = None  # only when the person measures the compound
    capsules: int | None = None  # only when the person gave a capsule size

    def to_dict(self) -> dict[str, Any]:
        return {
            "meal": self.meal,
            "elemental_mg": self.elemental_mg,
            "compound_mg": self.compound_mg,
            "capsules": self.capsules,
        }


@dataclass(frozen=True)
class MagnesiumWarning:
    """`level`: "block" (do not take), "clinician" (needs a clinician), "caution" or "info"."""

    code: str
    level: str
    text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "level": self.level, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class MagnesiumPlan:
    form: str
    form_label: str
    fraction: Decimal | None
    requested_elemental_mg: int
    daily_elemental_mg: int
    servings: tuple[Serving, ...]
    warnings: tuple[MagnesiumWarning, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    request: MagnesiumRequest = field(default_factory=lambda: MagnesiumRequest(form="other"))

    @property
    def blocked(self) -> bool:
        return any(w.level == "block" for w in self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "form_label": self.form_label,
            "percent_elemental": None if self.fraction is None else float(self.fraction * 100),
            "requested_elemental_mg": self.requested_elemental_mg,
            "daily_elemental_mg": self.daily_elemental_mg,
            "blocked": self.blocked,
            "servings": [s.to_dict() for s in self.servings],
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": list(self.notes),
            "sources": list(self.sources),
            "request": self.request.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MagnesiumPlan:
        pct = data.get("percent_elemental")
        return cls(
            form=data["form"],
            form_label=data.get("form_label", data["form"]),
            fraction=None if pct is None else (Decimal(str(pct)) / 100).normalize(),
            requested_elemental_mg=int(data.get("requested_elemental_mg", data["daily_elemental_mg"])),
            daily_elemental_mg=int(data["daily_elemental_mg"]),
            servings=tuple(
                Serving(s["meal"], int(s["elemental_mg"]), s.get("compound_mg"), s.get("capsules"))
                for s in data["servings"]
            ),
            warnings=tuple(
                MagnesiumWarning(w["code"], w["level"], w["text"], w["source"]) for w in data["warnings"]
            ),
            notes=tuple(data.get("notes", ())),
            sources=tuple(data.get("sources", ())),
            request=MagnesiumRequest.from_dict(data["request"])
            if data.get("request")
            else MagnesiumRequest(form=data["form"]),
        )


# --- input ---------------------------------------------------------------------------------------
def parse_form(value: Any) -> MgForm:
    """A form from what the person typed; MGM-15/16 are refused with the reason, never read as magnesium."""
    text = str(value).strip()
    accepted = ", ".join(FORMS)
    if _NOT_MAGNESIUM.search(text.replace(" ", "-")):
        raise InvalidInput(msg.NOT_MAGNESIUM.format(forms=accepted), field="form")
    key = "-".join(text.lower().replace("_", "-").split())
    key = key.removeprefix("magnesium-").removeprefix("mg-")
    key = _FORM_ALIASES.get(key, key)
    if key not in FORMS:
        raise InvalidInput(msg.UNKNOWN_FORM.format(form=text, forms=accepted), field="form")
    return FORMS[key]


def _amount_or_none(value: Any, fld: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = plain_decimal(value)
        if number is None:
            raise InvalidOperation(value)
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    what = fld.replace("_mg", "").replace("_", " ")
    if not number.is_finite() or number <= 0:
        raise InvalidInput(f"The {what} amount must be a number of mg above 0, for example 200.", field=fld)
    if number > MAX_INPUT_MG:
        raise InvalidInput(
            f"The {what} amount must be at most {MAX_INPUT_MG} mg; please check the number.", field=fld
        )
    return number


_YES = ("true", "yes", "on", "1", "y")
_NO = ("false", "no", "off", "0", "n", "")


def parse_yes_no(value: Any, fld: str) -> bool:
    """A yes/no answer from JSON or a web form ("on", "false", ...); anything else is refused."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidInput(f"The answer for {fld.replace('_', ' ')} must be yes or no.", field=fld)


def _meals(value: Any) -> int:
    try:
        text = str(value).strip()
        if not whole_text(text):
            raise ValueError(text)
        meals = int(text)
    except ValueError:
        meals = 0
    if isinstance(value, bool) or not 1 <= meals <= 6:
        raise InvalidInput("Meals a day must be a whole number from 1 to 6.", field="meals")
    return meals


# --- the plan ------------------------------------------------------------------------------------
def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _split(total: int, parts: int) -> list[int]:
    """Split a whole number as evenly as possible; any extra goes to the later servings (evening)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i >= parts - extra else 0) for i in range(parts)]


def _meal_names(names: tuple[str, ...], parts: int) -> tuple[str, ...]:
    """Meals for `parts` servings: all of them, else the first and last, else the last (evening)."""
    if parts >= len(names):
        return names
    return (names[0], names[-1]) if parts == 2 else (names[-1],)


def _form_notes(form: MgForm) -> list[str]:
    notes: list[str] = []
    if form.code == "oxide":
        notes.append(msg.NOTE_OXIDE)
    elif form.absorption == "good":
        notes.append(msg.NOTE_WELL_ABSORBED.format(label=form.label))
    elif form.code != "other":
        notes.append(msg.NOTE_NO_SEED_WORD.format(label=form.label))
    if form.code == "citrate":
        notes.append(msg.NOTE_CITRATE)
    if form.hydrate_note and form.fraction is not None:
        notes.append(msg.NOTE_HYDRATE.format(label=form.label, percent=_pct(form.fraction)))
    elif form.fraction is not None:
        notes.append(msg.NOTE_FRACTION.format(label=form.label, percent=_pct(form.fraction)))
    return notes


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def _medicine_warnings(medicines: tuple[str, ...]) -> list[MagnesiumWarning]:
    matched = match_medicines(medicines)
    by_group: dict[str, list[str]] = {}
    for written, group in matched:
        by_group.setdefault(group, []).append(written)
    warnings = []
    for group in MEDICINE_GROUPS:  # a stable order
        if group in by_group:
            code, text, source = _GROUP_WARNINGS[group]
            level = "clinician" if group in ("depleting", "digoxin") else "caution"
            warnings.append(
                MagnesiumWarning(code, level, text.format(names=", ".join(by_group[group])), source)
            )
    known = {w for w, _ in matched}
    unknown = [m for m in medicines if m not in known]
    if unknown:
        warnings.append(
            MagnesiumWarning(
                "unknown_medicine",
                "info",
                msg.WARN_UNKNOWN_MEDICINE.format(names=", ".join(unknown)),
                msg.EMC_2678,
            )
        )
    if medicines:
        warnings.append(MagnesiumWarning("spacing_general", "info", msg.WARN_GENERAL_SPACING, msg.EMC_2678))
    return warnings


def plan_magnesium(req: MagnesiumRequest, settings: MagnesiumSettings | None = None) -> MagnesiumPlan:
    """A daily plan in elemental mg, split into 2-3 servings with meals, with every warning that applies."""
    st = settings or MagnesiumSettings()
    form = parse_form(req.form)
    elemental = _amount_or_none(req.elemental_mg, "elemental_mg")
    compound = _amount_or_none(req.compound_mg, "compound_mg")
    capsule = _amount_or_none(req.capsule_mg, "capsule_mg")
    meals = _meals(req.meals)
    medicines = tuple(dict.fromkeys(m.strip() for m in req.medicines if m and m.strip()))
    if elemental is not None and compound is not None:
        raise InvalidInput(msg.BOTH_AMOUNTS, field="compound_mg")
    if form.fraction is None and elemental is None:
        raise InvalidInput(msg.OTHER_NEEDS_ELEMENTAL, field="elemental_mg")

    notes = _form_notes(form)
    warnings: list[MagnesiumWarning] = []
    sources = [msg.SEED, msg.IOM_UL]
    if form.fraction is not None:
        sources.append(msg.FRACTIONS)

    if compound is not None:
        assert form.fraction is not None
        requested = compound * form.fraction
    elif elemental is not None:
        requested = elemental
    else:
        requested = Decimal(st.default_start_mg)
        notes.append(msg.NOTE_DEFAULT_START.format(amount=st.default_start_mg))
    requested_mg = _whole(requested)
    if requested_mg < 1:
        raise InvalidInput(
            "That amount holds less than 1 mg of magnesium; please check the number.",
            field="compound_mg" if compound is not None else "elemental_mg",
        )

    # Per capsule, in elemental mg.
    capsule_elemental = None
    if capsule is not None:
        capsule_elemental = capsule * form.fraction if compound is not None and form.fraction else capsule
        if capsule_elemental < 1:
            raise InvalidInput(msg.CAPSULE_TOO_SMALL, field="capsule_mg")

    # Safety limits, strictest first.
    target = requested
    if req.kidney_disease:
        warnings.append(MagnesiumWarning("kidney_disease", "block", msg.WARN_KIDNEY, msg.IOM_KIDNEY))
        target = Decimal(0)
    else:
        limit = st.max_with_clinician_mg if req.clinician_agreed else st.upper_limit_mg
        if target > limit:
            if req.clinician_agreed:
                warnings.append(
                    MagnesiumWarning(
                        "above_seed_range",
                        "caution",
                        msg.WARN_ABOVE_RANGE.format(requested=requested_mg, planned=limit),
                        msg.SEED,
                    )
                )
            else:
                warnings.append(
                    MagnesiumWarning(
                        "above_upper_limit",
                        "clinician",
                        msg.WARN_ABOVE_UL.format(requested=requested_mg, planned=limit),
                        msg.IOM_UL,
                    )
                )
            target = Decimal(limit)
        if req.diarrhoea:
            target = target * st.diarrhoea_factor
            warnings.append(
                MagnesiumWarning(
                    "diarrhoea_now",
                    "caution",
                    msg.WARN_DIARRHOEA_NOW.format(planned=_whole(target)),
                    msg.IOM_DIARRHOEA,
                )
            )
        if (compound is not None or elemental is not None) and requested_mg < SEED_LOW_MG:
            notes.append(msg.NOTE_BELOW_RANGE.format(amount=requested_mg))

    servings: list[Serving] = []
    n = 3 if meals >= 3 else 2
    names = MEALS if n == 3 else (MEALS[0], MEALS[2]) if meals == 2 else ONE_MEAL
    morning = [w for w, group in match_medicines(medicines) if group in MORNING_GROUPS]
    if morning and meals >= 2 and not req.kidney_disease:
        # Levothyroxine and bisphosphonates are usually taken first thing in the morning; keeping
        # magnesium away from breakfast makes the 4-hour gap (EMC) easy to keep.
        n, names = 2, MEALS[1:]
        notes.append(msg.NOTE_MORNING_FREE.format(names=", ".join(dict.fromkeys(morning))))
    if target > 0 and capsule_elemental is not None:
        count = int(target // capsule_elemental)
        if count == 0:
            warnings.append(
                MagnesiumWarning(
                    "capsule_too_big",
                    "caution",
                    msg.WARN_CAPSULE_TOO_BIG.format(
                        capsule=_whole(capsule_elemental), planned=_whole(target)
                    ),
                    msg.SEED,
                )
            )
        else:
            parts = min(n, count)
            meal_names = _meal_names(names, parts)
            taken = 0  # capsules so far: rounding the running total keeps the day's sum exact
            for meal, caps in zip(meal_names, _split(count, parts), strict=True):
                before = _whole(taken * capsule_elemental)
                taken += caps
                compound_mg = _whole(caps * capsule) if compound is not None else None
                servings.append(Serving(meal, _whole(taken * capsule_elemental) - before, compound_mg, caps))
            notes.append(msg.NOTE_CAPSULES.format(capsule=f"{capsule_elemental.normalize():f}"))
    elif target > 0:
        total = _whole(target)
        parts = min(n, total)  # a tiny amount is not split into empty servings
        for meal, mg in zip(_meal_names(names, parts), _split(total, parts), strict=True) if parts else ():
            compound_mg = _whole(mg / form.fraction) if compound is not None and form.fraction else None
            servings.append(Serving(meal, mg, compound_mg))
    daily = sum(s.elemental_mg for s in servings)

    if req.clinician_agreed and daily > st.upper_limit_mg:
        warnings.append(
            MagnesiumWarning(
                "upper_limit_agreed", "clinician", msg.WARN_UL_AGREED.format(planned=daily), msg.IOM_UL
            )
        )
    if not req.diarrhoea:
        warnings.append(MagnesiumWarning("diarrhoea", "info", msg.WARN_DIARRHOEA, msg.IOM_DIARRHOEA))
    warnings.extend(_medicine_warnings(medicines))
    if servings:
        notes.append(msg.NOTE_MEALS)
        if meals == 1:
            notes.append(msg.NOTE_ONE_MEAL)
    notes.extend([msg.NOTE_LABEL, msg.NOTE_FOOD, msg.NOTE_EVIDENCE])
    sources.extend(dict.fromkeys(w.source for w in warnings))
    sources.append(msg.EVIDENCE)

    order = {"block": 0, "clinician": 1, "caution": 2, "info": 3}
    return MagnesiumPlan(
        form=form.code,
        form_label=form.label,
        fraction=form.fraction,
        requested_elemental_mg=requested_mg,
        daily_elemental_mg=daily,
        servings=tuple(servings),
        warnings=tuple(sorted(warnings, key=lambda w: order[w.level])),
        notes=tuple(notes),
        sources=tuple(dict.fromkeys(sources)),
        request=MagnesiumRequest(
            form=form.code,
            elemental_mg=elemental,
            compound_mg=compound,
            kidney_disease=req.kidney_disease,
            medicines=medicines,
            meals=meals,
            diarrhoea=req.diarrhoea,
            clinician_agreed=req.clinician_agreed,
            capsule_mg=capsule,
        ),
    )
