"""Intake assessment: style rules, clinician flags, sources, validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.intake import (
    CONDITIONS,
    OTHER_SUBSTANCES,
    STYLE_ORDER,
    SUBSTANCES,
    Assessment,
    Intake,
    IntakeThresholds,
    assess,
    make_intake,
)
from stepdown.messages import intake as intake_messages


def run(**kw: object) -> Assessment:
    base: dict[str, object] = {"substance": "7-oh", "daily_amount": 20, "unit": "mg", "duration_days": 14}
    base.update(kw)
    return assess(make_intake(**base))  # type: ignore[arg-type]


def codes(a: Assessment) -> set[str]:
    return {f.code for f in a.clinician_flags}


def reason_codes(a: Assessment) -> set[str]:
    return {r.code for r in a.reasons}


# --- style -----------------------------------------------------------------------------------------
def test_long_use_and_high_dose_is_slow_with_cdc_and_seed_reasons() -> None:
    a = run(daily_amount=60, duration_days=400)
    assert a.style == "slow"
    long_use = next(r for r in a.reasons if r.code == "duration_long")
    assert "CDC 2022" in long_use.source and "10% a month" in long_use.text
    dose = next(r for r in a.reasons if r.code == "dose_higher")
    assert "Smith" in dose.source and "Online article" in dose.source
    assert {"high_dose", "long_use"} <= codes(a)


def test_short_use_and_low_dose_is_short() -> None:
    a = run(daily_amount=20, duration_days=14)
    assert a.style == "short"
    assert {"duration_short", "dose_lower"} <= reason_codes(a)
    assert "high_dose" not in codes(a)


def test_weeks_to_months_is_gradual() -> None:
    assert run(duration_days=30).style == "gradual"
    assert run(duration_days=364).style == "gradual"
    assert run(duration_days=29).style == "short"
    assert run(duration_days=365).style == "slow"


def test_high_dose_makes_a_short_use_gradual() -> None:
    a = run(daily_amount=40, duration_days=10)
    assert a.style == "gradual"
    assert a.dose_level == "higher"


def test_seven_oh_threshold_is_two_weakest_labelled_doses() -> None:
    assert run(daily_amount=28, times_per_day=2).dose_level == "lower"
    assert run(daily_amount="28.5", times_per_day=2).dose_level == "higher"
    assert run(daily_amount="0.03", unit="g", times_per_day=2).dose_level == "higher"  # grams convert


def test_a_single_dose_above_the_strongest_label_counts_as_higher() -> None:
    a = run(daily_amount=26, times_per_day=1)
    assert a.dose_level == "higher"
    assert a.style == "gradual"
    assert run(daily_amount=26, times_per_day=2).dose_level == "lower"


def test_counted_tablets_or_shots_compare_with_two_labelled_doses() -> None:
    # issue 9: 7-OH tablets run 14-30 mg and more, so two tablets of unknown strength are "unknown"
    # (at least gradual), no longer "lower" (which suggested the short style)
    counted = run(daily_amount=2, unit="tablets")
    assert counted.dose_level == "unknown" and counted.style == "gradual"
    assert run(daily_amount=3, unit="shots", substance="7-oh-shots").dose_level == "higher"


def test_thresholds_are_settings() -> None:
    loose = IntakeThresholds(seven_oh_labelled_dose_mg=Decimal(25))
    intake = make_intake(substance="7-oh", daily_amount=40, unit="mg", duration_days=10, times_per_day=2)
    assert assess(intake).dose_level == "higher"
    assert assess(intake, loose).dose_level == "lower"
    assert assess(intake, loose).style == "short"


def test_kratom_leaf_thresholds_follow_the_survey() -> None:
    leaf = {"substance": "kratom", "unit": "g"}
    assert run(daily_amount=6, times_per_day=2, **leaf).dose_level == "lower"
    assert run(daily_amount=7, times_per_day=3, **leaf).dose_level == "higher"
    assert run(daily_amount=4, times_per_day=1, **leaf).dose_level == "higher"  # 4 g in one dose
    assert run(daily_amount=5000, times_per_day=2, substance="kratom-leaf", unit="mg").dose_level == "lower"
    assert (
        "PMC7423016"
        in next(
            r for r in run(daily_amount=6, times_per_day=2, **leaf).reasons if r.code == "dose_lower"
        ).source
    )


@pytest.mark.parametrize(
    ("substance", "unit"), [("kratom-extract", "g"), ("7-oh-liquid", "ml"), ("other", "mg"), ("kratom", "ml")]
)
def test_a_dose_that_cannot_be_judged_gets_the_gentler_style(substance: str, unit: str) -> None:
    a = run(substance=substance, unit=unit, daily_amount=1, duration_days=5)
    assert a.dose_level == "unknown"
    assert a.style == "gradual"
    assert "unknown_dose" in codes(a)
    assert "General clinical safety rule" in next(r for r in a.reasons if r.code == "dose_unknown").source


@pytest.mark.parametrize("substance", ["mgm-15", "MGM-16", "mgm 15", "mp", "mitragynine pseudoindoxyl"])
def test_mgm_and_mp_are_potent_opioids_slow_and_flagged(substance: str) -> None:
    a = run(substance=substance, duration_days=5)
    assert a.style == "slow"
    flag = next(f for f in a.clinician_flags if f.code == "potent_opioid")
    assert "not magnesium" in flag.reason and "Matsumoto" in flag.source
    assert "unknown_dose" not in codes(a)


def test_bare_mgm_is_refused_not_guessed() -> None:
    with pytest.raises(InvalidInput, match="MGM-15 or MGM-16.*not magnesium") as err:
        make_intake(substance="MGM", daily_amount=1, unit="mg", duration_days=5)
    assert err.value.field == "substance"


def test_seven_oh_products_warn_about_hidden_mp_but_leaf_does_not() -> None:
    assert "mp_in_products" in codes(run(substance="7-oh-tablets"))
    assert "mp_in_products" not in codes(run(substance="kratom-leaf", unit="g", daily_amount=2))


def test_severe_withdrawal_before_makes_the_style_one_step_gentler() -> None:
    assert run(severe_withdrawal=True).style == "gradual"
    assert run(severe_withdrawal=True, duration_days=100).style == "slow"
    assert run(severe_withdrawal=True, duration_days=500).style == "slow"
    a = run(severe_withdrawal=True)
    assert "severe_withdrawal_before" in codes(a)
    assert "ASAM" in next(r for r in a.reasons if r.code == "severe_before").source


def test_two_earlier_attempts_mean_at_least_gradual() -> None:
    assert run(attempts=1).style == "short"
    assert "earlier_attempts" not in codes(run(attempts=1))
    a = run(attempts=2)
    assert a.style == "gradual"
    assert "earlier_attempts" in codes(a)


def test_pregnancy_is_slow_and_cites_cdc_page_21() -> None:
    a = run(conditions=["pregnant"])
    assert a.style == "slow"
    flag = next(f for f in a.clinician_flags if f.code == "pregnancy")
    assert "page 21" in flag.source


@pytest.mark.parametrize(
    ("condition", "code", "source_part"),
    [
        ("kidney-disease", "kidney_disease", "IOM"),
        ("seizures", "seizures", "911"),
        ("heart-problems", "heart_problems", "heartbeat"),
        ("liver-disease", "liver_disease", "General clinical safety rule"),
        ("mental-health", "mental_health", "HHS 2019"),
    ],
)
def test_health_conditions_raise_flags_with_sources(condition: str, code: str, source_part: str) -> None:
    a = run(conditions=[condition])
    assert code not in codes(run())
    flag = next(f for f in a.clinician_flags if f.code == code)
    assert source_part in flag.source
    assert flag.level == "before_start"


@pytest.mark.parametrize("condition", ["mental-health", "self-harm-thoughts"])
def test_mental_health_means_no_rapid_taper(condition: str) -> None:
    a = run(conditions=[condition])
    assert a.style == "gradual"
    assert "HHS 2019" in next(r for r in a.reasons if r.code == "mental_health").source


def test_kidney_disease_flag_mentions_magnesium() -> None:
    flag = next(f for f in run(conditions=["kidney"]).clinician_flags if f.code == "kidney_disease")
    assert "magnesium" in flag.reason


def test_thoughts_of_self_harm_are_urgent_and_give_988_first() -> None:
    a = run(conditions=["self-harm-thoughts"])
    assert a.urgent
    assert a.clinician_flags[0].code == "self_harm"
    assert a.clinician_flags[0].level == "urgent"
    assert "988" in a.clinician_flags[0].reason
    assert not run().urgent


@pytest.mark.parametrize(
    ("use", "code"),
    [
        ("alcohol", "alcohol"),
        ("benzos", "benzodiazepines"),
        ("opioids", "other_opioids"),
        ("stimulants", "stimulants"),
    ],
)
def test_other_substances_raise_flags(use: str, code: str) -> None:
    assert code in codes(run(other_substances=[use]))


@pytest.mark.parametrize(
    ("medicine", "code"),
    [
        ("Xanax 0.5 mg", "benzodiazepines"),
        ("clonazepam", "benzodiazepines"),
        ("oxycodone", "other_opioids"),
        ("Suboxone film", "buprenorphine"),
        ("naltrexone", "naltrexone"),
        ("Lyrica", "gabapentinoids"),
        ("doxycycline", "magnesium_medicines"),
        ("omeprazole", "magnesium_medicines"),
    ],
)
def test_interacting_medicines_are_recognised(medicine: str, code: str) -> None:
    a = run(medicines=[medicine])
    flag = next(f for f in a.clinician_flags if f.code == code)
    assert medicine in flag.reason
    assert "unknown_medicines" not in codes(a)


def test_unknown_medicines_are_named_and_naloxone_is_welcome() -> None:
    a = run(medicines=["Narcan", "zorblax"])
    flag = next(f for f in a.clinician_flags if f.code == "unknown_medicines")
    assert "zorblax" in flag.reason and "Narcan" not in flag.reason


def test_benzodiazepine_use_and_medicine_give_one_flag_naming_the_medicine() -> None:
    a = run(other_substances=["benzodiazepines"], medicines=["Valium"])
    flags = [f for f in a.clinician_flags if f.code == "benzodiazepines"]
    assert len(flags) == 1 and "Valium" in flags[0].reason


def test_round_trip_through_dict() -> None:
    a = run(daily_amount=60, duration_days=400, conditions=["pregnancy"], medicines=["Xanax"], attempts=3)
    again = Assessment.from_dict(a.to_dict())
    assert again == a
    assert Intake.from_dict(a.intake.to_dict()) == a.intake


def test_to_dict_has_the_documented_keys() -> None:
    data = run().to_dict()
    assert {"style", "reasons", "clinician_flags", "disclaimer", "urgent", "dose_level"} <= set(data)
    assert "not medical advice" in data["disclaimer"]


# --- validation ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"daily_amount": 0}, "daily_amount"),
        ({"daily_amount": -5}, "daily_amount"),
        ({"daily_amount": "abc"}, "daily_amount"),
        ({"daily_amount": "NaN"}, "daily_amount"),
        ({"daily_amount": "Infinity"}, "daily_amount"),
        ({"daily_amount": 6000}, "daily_amount"),
        ({"unit": "kg"}, "unit"),
        ({"duration_days": 0}, "duration_days"),
        ({"duration_days": "x"}, "duration_days"),
        ({"times_per_day": 0}, "times_per_day"),
        ({"times_per_day": 25}, "times_per_day"),
        ({"attempts": -1}, "attempts"),
        ({"substance": "coffee"}, "substance"),
        ({"conditions": ["flu"]}, "conditions"),
        ({"other_substances": ["tea"]}, "other_substances"),
        ({"medicines": ["x" * 101]}, "medicines"),
    ],
)
def test_bad_input_is_one_plain_sentence_naming_the_field(change: dict[str, object], field: str) -> None:
    base: dict[str, object] = {"substance": "7-oh", "daily_amount": 20, "unit": "mg", "duration_days": 14}
    base.update(change)
    with pytest.raises(InvalidInput) as err:
        make_intake(**base)  # type: ignore[arg-type]
    assert err.value.field == field
    assert err.value.message.endswith(".") and "\n" not in err.value.message


def test_from_dict_refuses_unknown_fields() -> None:
    with pytest.raises(InvalidInput, match="Unknown intake field"):
        Intake.from_dict({"substance": "7-oh", "daily_amount": 1, "unit": "mg", "duration_days": 3, "x": 1})


def test_assess_revalidates_a_hand_built_intake() -> None:
    with pytest.raises(InvalidInput):
        assess(Intake(substance="7-oh", daily_amount=Decimal(-1), unit="mg", duration_days=3))


# --- properties ----------------------------------------------------------------------------------
intakes = st.fixed_dictionaries(
    {
        "substance": st.sampled_from(list(SUBSTANCES)),
        "daily_amount": st.decimals(min_value=Decimal("0.1"), max_value=Decimal(200), places=1),
        "unit": st.sampled_from(["mg", "g", "ml", "tablets", "doses"]),
        "duration_days": st.integers(1, 4000),
        "times_per_day": st.integers(1, 8),
        "attempts": st.integers(0, 6),
        "severe_withdrawal": st.booleans(),
        "conditions": st.lists(st.sampled_from(list(CONDITIONS)), max_size=3),
        "other_substances": st.lists(st.sampled_from(list(OTHER_SUBSTANCES)), max_size=2),
        "medicines": st.lists(
            st.sampled_from(["Xanax", "gabapentin", "cipro", "zorblax", "methadone"]), max_size=2
        ),
    }
)


PUBLIC_SOURCES = {v for k, v in vars(intake_messages).items() if k.isupper() and isinstance(v, str)}


@settings(max_examples=250, deadline=None)
@given(intakes)
def test_every_rule_names_its_source_honestly(raw: dict[str, object]) -> None:
    a = assess(make_intake(**raw))  # type: ignore[arg-type]
    assert a.style in STYLE_ORDER
    assert Assessment.from_dict(a.to_dict()) == a
    for text, source in [(r.text, r.source) for r in a.reasons] + [
        (f.reason, f.source) for f in a.clinician_flags
    ]:
        assert text and source
        # A public source named in messages/intake.py, or openly a general rule; never a file of ours.
        rest = source
        for known in sorted(PUBLIC_SOURCES, key=len, reverse=True):
            rest = rest.replace(known, "")
        assert not rest.replace("threshold:", "").strip("; "), f"not a named public source: {rest!r}"
        assert "clinical-facts" not in source and "Seed text" not in source
        assert "MGM" not in text or "not magnesium" in text or "MGM-1" in text


@settings(max_examples=250, deadline=None)
@given(intakes, st.integers(0, 2000), st.decimals(min_value=0, max_value=100, places=1), st.booleans())
def test_more_use_or_more_risk_never_makes_the_style_faster(
    raw: dict[str, object], more_days: int, more_amount: Decimal, severe: bool
) -> None:
    before = assess(make_intake(**raw))  # type: ignore[arg-type]
    worse = dict(raw)
    worse["duration_days"] = min(int(raw["duration_days"]) + more_days, 36500)  # type: ignore[call-overload]
    worse["daily_amount"] = min(Decimal(str(raw["daily_amount"])) + more_amount, Decimal(200))
    worse["severe_withdrawal"] = bool(raw["severe_withdrawal"]) or severe
    worse["conditions"] = [*raw["conditions"], "pregnancy"] if severe else raw["conditions"]  # type: ignore[misc]
    after = assess(make_intake(**worse))  # type: ignore[arg-type]
    assert STYLE_ORDER.index(after.style) >= STYLE_ORDER.index(before.style)
    assert codes(before) - {"unknown_medicines"} <= codes(after) | {"unknown_dose"}


def test_yes_no_answers_from_a_web_form_are_read_not_truthy() -> None:
    raw = {"substance": "7-oh", "daily_amount": "20", "unit": "mg", "duration_days": "14"}
    assert Intake.from_dict({**raw, "severe_withdrawal": "false"}).severe_withdrawal is False
    assert Intake.from_dict({**raw, "severe_withdrawal": "on"}).severe_withdrawal is True
    with pytest.raises(InvalidInput, match="yes or no"):
        Intake.from_dict({**raw, "severe_withdrawal": "maybe"})
