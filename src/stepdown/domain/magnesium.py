"""Magnesium protocol: a daily amount of elemental magnesium split into servings with meals, with the
warnings that keep it safe (kidneys, upper limit, diarrhoea, medicines).

All advice is in elemental magnesium (mg). Where a compound's magnesium content is uncertain (citrate,
hydrates) we use the HIGHER fraction: an amount computed from the compound is then never below the
true one, and an amount of compound we advise never holds more magnesium than we say.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from stepdown.domain.errors import InvalidInput
from stepdown.domain.magnesium_forms import (
    FORMS,
    MAX_INPUT_MG,
    MEALS,
    ONE_MEAL,
    SEED_HIGH_MG,
    SEED_LOW_MG,
    UPPER_LIMIT_MG,
    MagnesiumSettings,
    MgForm,
)
from stepdown.domain.magnesium_input import _amount_or_none, _meals, parse_form, parse_yes_no
from stepdown.domain.magnesium_medicines import (
    MEDICINE_GROUPS,
    MORNING_GROUPS,
    _medicine_warnings,
    match_medicines,
    match_names,
)
from stepdown.domain.magnesium_types import MagnesiumPlan, MagnesiumRequest, MagnesiumWarning, Serving
from stepdown.messages import magnesium as msg

# The forms, the input, the medicines and the data types live in magnesium_forms, magnesium_input,
# magnesium_medicines and magnesium_types; every public name stays importable from here.
__all__ = [
    "FORMS",
    "MAX_INPUT_MG",
    "MEALS",
    "MEDICINE_GROUPS",
    "MORNING_GROUPS",
    "MagnesiumPlan",
    "MagnesiumRequest",
    "MagnesiumSettings",
    "MagnesiumWarning",
    "MgForm",
    "ONE_MEAL",
    "SEED_HIGH_MG",
    "SEED_LOW_MG",
    "Serving",
    "UPPER_LIMIT_MG",
    "match_medicines",
    "match_names",
    "msg",
    "parse_form",
    "parse_yes_no",
    "plan_magnesium",
]


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
