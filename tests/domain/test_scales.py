"""The withdrawal scales: structure, scoring and the refusal of incomplete or out-of-range answers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown.domain.errors import InvalidInput
from stepdown.domain.scales import SCALES, SOWS10, SOWS16, get_scale, score

# Handelsman's own wording (clinical-facts.md section 1): ours must not copy it.
HANDELSMAN_WORDING = [
    "I feel anxious", "I feel like yawning", "I'm perspiring", "My eyes are tearing",
    "My nose is running", "I have goose flesh", "I am shaking", "I have hot flashes",
    "I have cold flashes", "My bones and muscles ache", "I feel restless", "I feel nauseous",
    "I feel like vomiting", "My muscles twitch", "I have cramps in my stomach", "I feel like shooting up",
]


def test_published_shape_of_both_scales():
    assert (len(SOWS16.items), SOWS16.max_rating, SOWS16.max_total) == (16, 4, 64)
    assert (len(SOWS10.items), SOWS10.max_rating, SOWS10.max_total) == (10, 3, 30)
    for scale in SCALES.values():
        assert len(set(scale.item_ids)) == len(scale.items)
        assert len(scale.anchors) == scale.max_rating + 1
        assert all(item.question.strip() for item in scale.items)


def test_credits_name_the_instruments():
    assert "Handelsman" in SOWS16.credit and "1987" in SOWS16.credit
    assert "Gossop" in SOWS10.credit and "1990" in SOWS10.credit
    assert "own words" in SOWS16.credit and "own words" in SOWS10.credit


def test_questions_are_our_own_words_not_the_original():
    ours = " | ".join(item.question.lower() for s in SCALES.values() for item in s.items)
    for sentence in HANDELSMAN_WORDING:
        assert sentence.lower() not in ours


def test_no_severity_bands_are_claimed():
    text = " ".join(str(s.to_dict()) for s in SCALES.values()).lower()
    assert not re.search(r"\b(mild|moderate|severe)\b", text)


@st.composite
def scale_and_answers(draw):
    scale = draw(st.sampled_from(list(SCALES.values())))
    ratings = draw(st.lists(st.integers(0, scale.max_rating), min_size=len(scale.items),
                            max_size=len(scale.items)))
    return scale, ratings


@settings(max_examples=200)
@given(scale_and_answers())
def test_total_is_the_sum_whichever_way_the_answers_come(data):
    scale, ratings = data
    by_list = score(scale.id, ratings)
    by_map = score(scale.id, dict(zip(scale.item_ids, ratings, strict=True)))
    by_text = score(scale.id.upper(), [str(r) for r in ratings])
    assert by_list == by_map == by_text
    assert by_list.total == sum(ratings)
    assert 0 <= by_list.fraction <= 1
    assert by_list.max_total == scale.max_total


def test_missing_answer_is_refused_and_named():
    answers = dict.fromkeys(SOWS16.item_ids, 1)
    del answers["aches"]
    with pytest.raises(InvalidInput, match="aches") as err:
        score("sows16", answers)
    assert err.value.field == "answers"


@pytest.mark.parametrize("bad", [5, -1, 2.5, True, "two", None])
def test_out_of_range_rating_names_item_and_range(bad):
    answers = dict.fromkeys(SOWS16.item_ids, 0)
    answers["yawning"] = bad
    with pytest.raises(InvalidInput, match="0 to 4") as err:
        score("sows16", answers)
    assert err.value.field == "answers.yawning"


def test_short_form_refuses_a_four():
    with pytest.raises(InvalidInput, match="0 to 3"):
        score("sows10", [4] + [0] * 9)


def test_wrong_count_unknown_item_and_unknown_scale():
    with pytest.raises(InvalidInput, match="10 answers"):
        score("sows10", [0] * 9)
    with pytest.raises(InvalidInput, match="Unknown symptom"):
        score("sows10", {**dict.fromkeys(SOWS10.item_ids, 0), "sneezing": 1})
    with pytest.raises(InvalidInput, match="sows16, sows10") as err:
        get_scale("cows")
    assert err.value.field == "scale"
