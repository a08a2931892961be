"""The FHIR bundle: produced JSON parsed back through the R4B model classes, content checked."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from report_helpers import make_report_data

from stepdown.reports.fhir import bundle_json


def _parse(text: str) -> Bundle:
    return Bundle.model_validate_json(text)


def test_bundle_validates_and_holds_every_resource_kind() -> None:
    data = make_report_data()
    bundle = _parse(bundle_json(data))
    assert bundle.type == "collection"
    by_type: dict[type, list] = {}
    for entry in bundle.entry:
        by_type.setdefault(type(entry.resource), []).append(entry.resource)
        assert entry.fullUrl.startswith("urn:uuid:")
    assert len(by_type[Patient]) == 1
    assert len(by_type[QuestionnaireResponse]) == len(data.checkins)
    assert len(by_type[MedicationStatement]) == 2
    # every resource points at the one Patient in the bundle
    patient_url = next(e.fullUrl for e in bundle.entry if isinstance(e.resource, Patient))
    for resources in by_type.values():
        for r in resources:
            if hasattr(r, "subject"):
                assert r.subject.reference == patient_url


def test_questionnaire_response_carries_each_answer_and_the_total() -> None:
    data = make_report_data()
    bundle = _parse(bundle_json(data))
    responses = [e.resource for e in bundle.entry if isinstance(e.resource, QuestionnaireResponse)]
    first = data.checkins[0]
    response = next(r for r in responses if r.authored.date() == first.created_at.date())
    answers = {i.linkId: i.answer[0].valueInteger for i in response.item if i.linkId != "day"}
    assert answers == {**first.answers, "total": first.total}
    # each item carries the scale's own question text
    from stepdown.domain.scales import SOWS16

    texts = {i.linkId: i.text for i in response.item}
    assert all(texts[item.id] == item.question for item in SOWS16.items)
    assert response.status == "completed"


def test_craving_and_sleep_observations_match_the_checkins() -> None:
    data = make_report_data()
    bundle = _parse(bundle_json(data))
    observations = [e.resource for e in bundle.entry if isinstance(e.resource, Observation)]
    craving = {
        str(o.effectiveDateTime): o.valueInteger for o in observations if o.code.text.startswith("Craving")
    }
    sleep = {
        str(o.effectiveDateTime): o.valueQuantity for o in observations if o.code.coding[0].code == "93832-4"
    }
    assert craving == {c.day.isoformat(): c.craving for c in data.checkins}
    for c in data.checkins:
        quantity = sleep[c.day.isoformat()]
        assert float(quantity.value) == float(c.sleep_hours)
        assert quantity.code == "h"
    assert all(o.category[0].coding[0].code == "survey" for o in observations)


def test_medication_statements_for_the_taper_and_magnesium() -> None:
    data = make_report_data()
    bundle = _parse(bundle_json(data))
    statements = [e.resource for e in bundle.entry if isinstance(e.resource, MedicationStatement)]
    taper = next(s for s in statements if "7-OH" in s.medicationCodeableConcept.text)
    mg = next(s for s in statements if "magnesium" in s.medicationCodeableConcept.text)
    plan = data.plan
    assert len(taper.dosage) == len(plan.steps)
    for dosage, step in zip(taper.dosage, plan.steps, strict=True):
        bounds = dosage.timing.repeat.boundsPeriod
        assert (str(bounds.start), str(bounds.end)) == (str(step.start), str(step.end))
        assert float(dosage.doseAndRate[0].doseQuantity.value) == float(step.portions[0].amount)
        assert dosage.timing.repeat.frequency == plan.times_per_day
    assert "Withdrawal score rose" in taper.note[0].text  # the revision's reason travels too
    assert [d.timing.repeat.when for d in mg.dosage] == [["CM"], ["CV"]]
    assert [float(d.doseAndRate[0].doseQuantity.value) for d in mg.dosage] == [100.0, 100.0]


def test_pseudonymous_unless_a_name_is_given_and_stable_ids() -> None:
    plain = json.loads(bundle_json(make_report_data()))
    patient = plain["entry"][0]["resource"]
    assert "name" not in patient and patient["identifier"][0]["value"] == "river"
    named = json.loads(bundle_json(make_report_data(name="Alex Doe")))
    assert named["entry"][0]["resource"]["name"] == [{"text": "Alex Doe"}]
    assert [e["fullUrl"] for e in plain["entry"]] == [e["fullUrl"] for e in named["entry"]]


@pytest.mark.parametrize("mutation", ["drop_status", "text_value", "bad_date", "unknown_field"])
def test_the_library_validation_we_rely_on_is_real(mutation: str) -> None:
    """A bundle missing a required field, or with a wrong type, date or field, fails to parse."""
    data = json.loads(bundle_json(make_report_data()))
    observation = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Observation")
    if mutation == "drop_status":
        del observation["status"]
    elif mutation == "text_value":
        observation["valueInteger"] = "lots"
    elif mutation == "bad_date":
        observation["effectiveDateTime"] = "yesterday"
    else:
        observation["mood"] = 3
    with pytest.raises(ValueError):
        Bundle.model_validate(data)


def test_questionnaire_answers_carry_the_check_in_day_not_only_when_it_was_written() -> None:
    data = make_report_data()
    bundle = _parse(bundle_json(data))
    responses = [e.resource for e in bundle.entry if isinstance(e.resource, QuestionnaireResponse)]
    days = sorted(next(i for i in r.item if i.linkId == "day").answer[0].valueDate for r in responses)
    assert days == sorted(c.day for c in data.checkins)
