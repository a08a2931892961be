"""The intake and magnesium advice is plain words for every front end: no command-line options and no
`stepdown ...` commands in any warning, note, reason or flag (the web shows them as they are; the
CLI adds its own option names, see cli/assess.with_command_hints and cli/magnesium.with_option_names)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.cli.main import COMMANDS
from stepdown.domain import magnesium as mg
from stepdown.domain.errors import InvalidInput
from stepdown.domain.intake import (
    CONDITIONS,
    OTHER_SUBSTANCES,
    SUBSTANCES,
    TAPER_MEDICINES,
    UNITS,
    assess,
    make_intake,
)

# "stepdown cannot judge ..." is plain; "stepdown magnesium", "`stepdown" or "--elemental" is not.
COMMAND = re.compile(r"`|--|\bstepdown (?:" + "|".join(map(re.escape, COMMANDS)) + r")\b")
MEDICINES = sorted(
    {name for names in TAPER_MEDICINES.values() for name in names}
    | {name for names in mg.MEDICINE_GROUPS.values() for name in names}
)
medicine_lists = st.lists(st.sampled_from([*MEDICINES, "unknownol"]), max_size=4)


def assert_plain(texts: list[str]) -> None:
    assert texts, "nothing was checked"
    for text in texts:
        assert not COMMAND.search(text), text


@settings(max_examples=200, deadline=None)
@given(
    substance=st.sampled_from(sorted(SUBSTANCES)),
    amount=st.integers(min_value=1, max_value=400),
    unit=st.sampled_from(sorted(UNITS)),
    days=st.integers(min_value=1, max_value=3000),
    times=st.integers(min_value=1, max_value=6),
    attempts=st.integers(min_value=0, max_value=12),
    severe=st.booleans(),
    conditions=st.lists(st.sampled_from(sorted(CONDITIONS)), unique=True),
    others=st.lists(st.sampled_from(sorted(OTHER_SUBSTANCES)), unique=True),
    medicines=medicine_lists,
)
def test_assessment_reasons_and_flags_name_no_command(
    substance: str,
    amount: int,
    unit: str,
    days: int,
    times: int,
    attempts: int,
    severe: bool,
    conditions: list[str],
    others: list[str],
    medicines: list[str],
) -> None:
    try:
        intake = make_intake(
            substance=substance,
            daily_amount=amount,
            unit=unit,
            duration_days=days,
            times_per_day=times,
            attempts=attempts,
            severe_withdrawal=severe,
            conditions=conditions,
            other_substances=others,
            medicines=medicines,
        )
    except InvalidInput as exc:  # e.g. an amount above what stepdown accepts for that unit
        assert_plain([exc.message])
        return
    result = assess(intake)
    texts = [r.text for r in result.reasons] + [f.reason for f in result.clinician_flags]
    assert_plain([*texts, *result.safety_notes])


@settings(max_examples=250, deadline=None)
@given(
    form=st.sampled_from(sorted(mg.FORMS)),
    elemental=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
    compound=st.one_of(st.none(), st.integers(min_value=1, max_value=5000)),
    capsule=st.one_of(st.none(), st.integers(min_value=1, max_value=600)),
    kidney=st.booleans(),
    medicines=medicine_lists,
    meals=st.integers(min_value=1, max_value=6),
    diarrhoea=st.booleans(),
    agreed=st.booleans(),
)
def test_magnesium_warnings_notes_and_errors_name_no_option(
    form: str,
    elemental: int | None,
    compound: int | None,
    capsule: int | None,
    kidney: bool,
    medicines: list[str],
    meals: int,
    diarrhoea: bool,
    agreed: bool,
) -> None:
    try:
        plan = mg.plan_magnesium(
            mg.MagnesiumRequest.from_dict(
                {
                    "form": form,
                    "elemental_mg": elemental,
                    "compound_mg": compound,
                    "capsule_mg": capsule,
                    "kidney_disease": kidney,
                    "medicines": medicines,
                    "meals": meals,
                    "diarrhoea": diarrhoea,
                    "clinician_agreed": agreed,
                }
            )
        )
    except InvalidInput as exc:  # refusals are read beside a web form field too
        assert_plain([exc.message])
        return
    assert_plain([w.text for w in plan.warnings] + list(plan.notes))


def plan(data: dict[str, object]) -> mg.MagnesiumPlan:
    return mg.plan_magnesium(mg.MagnesiumRequest.from_dict(data))


def test_the_advice_that_used_to_name_options_keeps_its_meaning() -> None:
    """The warnings that named a CLI option still say what to do, at the same level and source."""
    high = plan({"form": "citrate", "elemental_mg": 500, "medicines": ["cipro"]})
    [above] = [w for w in high.warnings if w.code == "above_upper_limit"]
    assert above.level == "clinician" and above.source == mg.msg.IOM_UL
    assert "350 mg upper limit" in above.text and "only if a clinician agrees" in above.text
    assert high.daily_elemental_mg == 350
    [citrate] = [n for n in high.notes if "hydrogen citrate" in n]
    assert mg.msg.ELEMENTAL_FROM_LABEL in citrate
    chloride = plan({"form": "chloride"})
    assert any(mg.msg.ELEMENTAL_FROM_LABEL in n for n in chloride.notes)

    intake = make_intake(substance="7-oh", daily_amount=20, unit="mg", duration_days=30, medicines=["cipro"])
    result = assess(intake)
    [flag] = [f for f in result.clinician_flags if f.code == "magnesium_medicines"]
    assert flag.level == "before_start" and "cipro" in flag.reason and "pharmacist" in flag.reason
