"""Magnesium protocol: conversion, servings, limits, warnings, medicines, and never "MGM"."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.magnesium import (
    FORMS,
    MEDICINE_GROUPS,
    MagnesiumPlan,
    MagnesiumRequest,
    parse_form,
    plan_magnesium,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "stepdown"


def plan(form: str = "glycinate", **kw: object) -> MagnesiumPlan:
    for key in ("elemental_mg", "compound_mg", "capsule_mg"):
        if key in kw and kw[key] is not None:
            kw[key] = Decimal(str(kw[key]))
    return plan_magnesium(MagnesiumRequest(form=form, **kw))  # type: ignore[arg-type]


def warning_codes(p: MagnesiumPlan) -> list[str]:
    return [w.code for w in p.warnings]


# --- amounts -------------------------------------------------------------------------------------
def test_compound_amount_is_converted_to_elemental() -> None:
    p = plan("glycinate", compound_mg=2000)
    assert p.requested_elemental_mg == 282  # 2000 mg x 14.1%
    assert p.daily_elemental_mg == 282
    # The compound per serving gives back the elemental amount.
    for s in p.servings:
        assert s.compound_mg is not None
        assert abs(s.compound_mg * Decimal("0.141") - s.elemental_mg) < 1


def test_citrate_uses_the_higher_figure_so_the_plan_never_understates_magnesium() -> None:
    plain = plan("citrate", compound_mg=1000)
    hydrogen = plan("hydrogen-citrate", compound_mg=1000)
    assert plain.requested_elemental_mg == 162
    assert hydrogen.requested_elemental_mg == 113
    assert any("16.2%" in n and "11.3%" in n for n in plain.notes)


def test_hydrates_use_the_higher_figure_and_say_why() -> None:
    assert plan("chloride", compound_mg=1000).requested_elemental_mg == 255
    assert plan("chloride-hexahydrate", compound_mg=1000).requested_elemental_mg == 120
    assert plan("Epsom salt", compound_mg=1000).requested_elemental_mg == 99
    assert any("water of crystallisation" in n for n in plan("sulfate", compound_mg=1000).notes)


def test_label_elemental_amount_is_used_as_is_for_any_form() -> None:
    assert plan("threonate", elemental_mg=144).daily_elemental_mg == 144
    assert plan("other", elemental_mg=250).daily_elemental_mg == 250


def test_no_amount_starts_at_the_seed_low_end() -> None:
    p = plan("glycinate")
    assert p.daily_elemental_mg == 200
    assert any("200-400" in n for n in p.notes)


def test_below_the_range_is_kept_not_raised() -> None:
    p = plan("glycinate", elemental_mg=100)
    assert p.daily_elemental_mg == 100
    assert any("never raises" in n for n in p.notes)


# --- servings ------------------------------------------------------------------------------------
def test_three_meals_give_three_even_servings() -> None:
    p = plan(elemental_mg=300)
    assert [(s.meal, s.elemental_mg) for s in p.servings] == [
        ("breakfast", 100),
        ("lunch", 100),
        ("evening meal", 100),
    ]


def test_remainder_goes_to_the_later_servings() -> None:
    assert [s.elemental_mg for s in plan(elemental_mg=250).servings] == [83, 83, 84]


def test_two_meals_give_morning_and_evening() -> None:
    assert [s.meal for s in plan(elemental_mg=300, meals=2).servings] == ["breakfast", "evening meal"]


def test_one_meal_still_splits_in_two_with_a_snack() -> None:
    p = plan(elemental_mg=300, meals=1)
    assert [s.meal for s in p.servings] == ["meal", "snack"]
    assert any("snack" in n for n in p.notes)


def test_more_than_three_meals_still_three_servings() -> None:
    assert len(plan(elemental_mg=300, meals=5).servings) == 3


def test_capsules_make_whole_capsule_servings_never_above_the_target() -> None:
    p = plan(elemental_mg=350, capsule_mg=120)
    assert [s.capsules for s in p.servings] == [1, 1]
    assert p.daily_elemental_mg == 240
    p3 = plan(elemental_mg=300, capsule_mg=100)
    assert [(s.capsules, s.elemental_mg) for s in p3.servings] == [(1, 100), (1, 100), (1, 100)]


def test_compound_capsules_convert_to_elemental() -> None:
    p = plan("glycinate", compound_mg=2000, capsule_mg=500)  # 70.5 mg magnesium a capsule
    assert sum(s.capsules or 0 for s in p.servings) == 4
    assert sum(s.compound_mg or 0 for s in p.servings) == 2000
    assert p.daily_elemental_mg in (281, 282)


def test_a_capsule_bigger_than_the_plan_is_not_rounded_up() -> None:
    p = plan(elemental_mg=100, capsule_mg=150)
    assert p.servings == () and p.daily_elemental_mg == 0
    assert "capsule_too_big" in warning_codes(p)


# --- warnings ------------------------------------------------------------------------------------
def test_above_the_upper_limit_is_lowered_to_350_without_a_clinician() -> None:
    p = plan(elemental_mg=400)
    assert p.daily_elemental_mg == 350
    w = next(w for w in p.warnings if w.code == "above_upper_limit")
    assert w.level == "clinician" and "IOM" in w.source


def test_a_clinician_may_agree_up_to_the_seed_top() -> None:
    p = plan(elemental_mg=380, clinician_agreed=True)
    assert p.daily_elemental_mg == 380
    assert "upper_limit_agreed" in warning_codes(p)
    p2 = plan(elemental_mg=600, clinician_agreed=True)
    assert p2.daily_elemental_mg == 400
    assert {"above_seed_range", "upper_limit_agreed"} <= set(warning_codes(p2))


def test_exactly_the_limit_is_fine() -> None:
    assert "above_upper_limit" not in warning_codes(plan(elemental_mg=350))


def test_kidney_disease_blocks_magnesium() -> None:
    p = plan(elemental_mg=300, kidney_disease=True, medicines=("doxycycline",))
    assert p.blocked and p.daily_elemental_mg == 0 and p.servings == ()
    assert p.warnings[0].code == "kidney_disease" and p.warnings[0].level == "block"
    assert "clinician" in p.warnings[0].text and "IOM" in p.warnings[0].source
    assert not plan(elemental_mg=300).blocked


def test_diarrhoea_guidance_always_and_lower_dose_when_present() -> None:
    normal = plan(elemental_mg=300)
    assert "lower the dose or change form" in next(w for w in normal.warnings if w.code == "diarrhoea").text
    now = plan(elemental_mg=300, diarrhoea=True)
    assert now.daily_elemental_mg == 150
    assert "diarrhoea_now" in warning_codes(now)


def test_oxide_is_called_poorly_absorbed_and_the_good_forms_well_absorbed() -> None:
    assert any("absorbed poorly" in n for n in plan("oxide", elemental_mg=200).notes)
    for form in ("citrate", "glycinate", "threonate"):
        assert any("absorbed well" in n for n in plan(form, elemental_mg=200).notes), form
    assert any("says nothing" in n for n in plan("malate", elemental_mg=200).notes)


@pytest.mark.parametrize(
    ("medicine", "code", "text"),
    [
        ("doxycycline", "spacing_tetracyclines", "3 hours"),
        ("Vibramycin", "spacing_tetracyclines", "3 hours"),
        ("minocycline", "spacing_tetracyclines", "3 hours"),
        ("ciprofloxacin", "spacing_quinolones", "6 hours after"),
        ("Cipro XR 500mg", "spacing_quinolones", "2 hours"),
        ("levofloxacin", "spacing_quinolones", "2 hours"),
        ("Levaquin", "spacing_quinolones", "2 hours"),
        ("alendronate", "spacing_bisphosphonates", "4 hours"),
        ("Fosamax", "spacing_bisphosphonates", "4 hours"),
        ("alendronic acid 70 mg", "spacing_bisphosphonates", "4 hours"),
        ("levothyroxine", "spacing_levothyroxine", "4 hours"),
        ("Synthroid", "spacing_levothyroxine", "4 hours"),
        ("gabapentin", "spacing_gabapentin", "2 hours"),
        ("Neurontin", "spacing_gabapentin", "2 hours"),
        ("omeprazole", "depletes_magnesium", "lose magnesium"),
        ("Nexium", "depletes_magnesium", "lose magnesium"),
        ("furosemide", "depletes_magnesium", "lose magnesium"),
        ("Lasix", "depletes_magnesium", "lose magnesium"),
        ("hydrochlorothiazide", "depletes_magnesium", "lose magnesium"),
        ("digoxin", "digoxin", "Ask your clinician"),
        ("Lanoxin", "digoxin", "Ask your clinician"),
    ],
)
def test_interacting_medicines(medicine: str, code: str, text: str) -> None:
    p = plan(elemental_mg=300, medicines=(medicine,))
    w = next(w for w in p.warnings if w.code == code)
    assert text in w.text and medicine in w.text
    assert "EMC" in w.source or "medpill" in w.source
    assert "spacing_general" in warning_codes(p)
    assert "unknown_medicine" not in warning_codes(p)


@pytest.mark.parametrize("medicine", ["levothyroxine", "Fosamax"])
def test_morning_medicines_move_magnesium_away_from_breakfast(medicine: str) -> None:
    p = plan(elemental_mg=300, medicines=(medicine,))
    assert [(s.meal, s.elemental_mg) for s in p.servings] == [("lunch", 150), ("evening meal", 150)]
    assert any(medicine in n and "4 hours" in n for n in p.notes)
    assert [s.meal for s in plan(elemental_mg=300, medicines=("doxycycline",)).servings][0] == "breakfast"


def test_names_match_whole_words_only() -> None:
    p = plan(elemental_mg=300, medicines=("Cipralex",))  # escitalopram, not a quinolone
    assert "spacing_quinolones" not in warning_codes(p)
    assert "Cipralex" in next(w for w in p.warnings if w.code == "unknown_medicine").text


def test_no_medicines_no_medicine_warnings() -> None:
    codes = warning_codes(plan(elemental_mg=300))
    assert not any(c.startswith("spacing") or c in ("depletes_magnesium", "digoxin") for c in codes)


def test_every_listed_medicine_name_is_recognised() -> None:
    for group, names in MEDICINE_GROUPS.items():
        for name in names:
            p = plan(elemental_mg=200, medicines=(name,))
            assert "unknown_medicine" not in warning_codes(p), (group, name)


def test_warnings_are_ordered_most_serious_first() -> None:
    p = plan(elemental_mg=500, medicines=("doxycycline", "digoxin"))
    levels = [w.level for w in p.warnings]
    rank = {"block": 0, "clinician": 1, "caution": 2, "info": 3}
    assert levels == sorted(levels, key=rank.__getitem__)


# --- input -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Magnesium Glycinate", "glycinate"),
        ("bisglycinate", "glycinate"),
        ("mg citrate", "citrate"),
        ("L-threonate", "threonate"),
        ("sulphate", "sulfate"),
    ],
)
def test_forms_are_read_generously(typed: str, code: str) -> None:
    assert parse_form(typed).code == code


@pytest.mark.parametrize("typed", ["MGM", "mgm-15", "MGM 16", "mgm16", " MGM-15 tablets"])
def test_mgm_is_refused_as_an_opioid_not_magnesium(typed: str) -> None:
    with pytest.raises(InvalidInput, match="MGM-15 and MGM-16 are not magnesium") as err:
        parse_form(typed)
    assert err.value.field == "form"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"form": "unobtainium"}, "form"),
        ({"elemental_mg": "0"}, "elemental_mg"),
        ({"elemental_mg": "-5"}, "elemental_mg"),
        ({"elemental_mg": "abc"}, "elemental_mg"),
        ({"elemental_mg": "NaN"}, "elemental_mg"),
        ({"compound_mg": "999999"}, "compound_mg"),
        ({"capsule_mg": "0"}, "capsule_mg"),
        ({"compound_mg": "500", "capsule_mg": "5"}, "capsule_mg"),  # 0.7 mg of magnesium a capsule
        ({"meals": 0}, "meals"),
        ({"meals": 7}, "meals"),
        ({"elemental_mg": "200", "compound_mg": "1000"}, "compound_mg"),
        ({"form": "other", "compound_mg": "1000"}, "elemental_mg"),
        ({"form": "glycinate", "compound_mg": "1"}, "compound_mg"),  # 0.141 mg: a typo
    ],
)
def test_bad_input_names_the_field(kw: dict[str, object], field: str) -> None:
    data = {"form": "glycinate", **kw}
    with pytest.raises(InvalidInput) as err:
        plan_magnesium(MagnesiumRequest.from_dict(data))
    assert err.value.field == field
    assert err.value.message.endswith(".")


def test_round_trip_through_dict() -> None:
    p = plan("citrate", compound_mg=1500, medicines=("Cipro",), capsule_mg=500, diarrhoea=True)
    assert MagnesiumPlan.from_dict(p.to_dict()) == p
    assert plan_magnesium(p.request) == p  # the stored request re-plans to the same plan


# --- properties ----------------------------------------------------------------------------------
@st.composite
def requests(draw: st.DrawFn) -> MagnesiumRequest:
    amount = st.decimals(min_value=1, max_value=5000, places=1)
    kind = draw(st.sampled_from(["elemental", "compound", "none"]))
    return MagnesiumRequest(
        form=draw(st.sampled_from([f for f in FORMS if f != "other"])),
        elemental_mg=draw(amount) if kind == "elemental" else None,
        compound_mg=draw(st.decimals(min_value=10, max_value=5000, places=0)) if kind == "compound" else None,
        kidney_disease=draw(st.booleans()),
        medicines=tuple(
            draw(st.lists(st.sampled_from(["Cipro", "omeprazole", "zorblax", "Fosamax"]), max_size=3))
        ),
        meals=draw(st.integers(1, 6)),
        diarrhoea=draw(st.booleans()),
        clinician_agreed=draw(st.booleans()),
        capsule_mg=draw(st.one_of(st.none(), st.decimals(min_value=20, max_value=500, places=0))),
    )


@settings(max_examples=300, deadline=None)
@given(requests())
def test_plan_rules_hold_for_any_request(req: MagnesiumRequest) -> None:
    p = plan_magnesium(req)
    assert MagnesiumPlan.from_dict(p.to_dict()) == p  # what storage keeps is what we planned
    assert p.daily_elemental_mg == sum(s.elemental_mg for s in p.servings)
    assert p.daily_elemental_mg <= p.requested_elemental_mg  # never more than the person asked for
    assert p.daily_elemental_mg <= (400 if req.clinician_agreed else 350)
    assert len(p.servings) <= 3
    assert all(s.elemental_mg > 0 for s in p.servings)
    if req.kidney_disease:
        assert p.blocked and p.daily_elemental_mg == 0
    if req.capsule_mg is None and p.servings:
        sizes = [s.elemental_mg for s in p.servings]
        assert max(sizes) - min(sizes) <= 1
        assert len(sizes) >= 2 or p.daily_elemental_mg < 2
    for text in [w.text for w in p.warnings] + list(p.notes):
        assert not re.search(r"MGM(?!-1[56])", text)


def test_message_modules_never_write_mgm_for_magnesium() -> None:
    """Any "MGM" in our wording and code must be MGM-15 or MGM-16 (the opioids), never magnesium."""
    # The only other places: code that recognises what people type, to refuse it.
    allowed_lines = ('_NOT_MAGNESIUM = re.compile(r"^\\W*mgm"', '_key(value) == "mgm"')
    for name in (
        "messages/magnesium.py",
        "messages/intake.py",
        "domain/magnesium.py",
        "domain/magnesium_forms.py",
        "domain/magnesium_input.py",
        "domain/magnesium_medicines.py",
        "domain/magnesium_types.py",
        "domain/intake.py",
        "domain/intake_tables.py",
        "domain/intake_input.py",
        "domain/intake_rules.py",
        "domain/intake_flags.py",
        "cli/magnesium.py",
        "cli/assess.py",
    ):
        for line in (SRC / name).read_text(encoding="utf-8").splitlines():
            if any(a in line for a in allowed_lines):
                continue
            for match in re.finditer(r"mgm", line, flags=re.IGNORECASE):
                assert re.match(r"[- ]?1[56]", line[match.end() :]), (name, line)


def test_yes_no_answers_from_a_web_form_are_read_not_truthy() -> None:
    assert not plan_magnesium(
        MagnesiumRequest.from_dict({"form": "glycinate", "kidney_disease": "false"})
    ).blocked
    assert plan_magnesium(MagnesiumRequest.from_dict({"form": "glycinate", "kidney_disease": "on"})).blocked
    with pytest.raises(InvalidInput, match="yes or no") as err:
        MagnesiumRequest.from_dict({"form": "glycinate", "diarrhoea": "sometimes"})
    assert err.value.field == "diarrhoea"
