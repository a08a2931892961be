"""A FHIR R4 Bundle for clinics, validated by fhir.resources (its R4B models).

fhir.resources 8 has no separate "R4" package: its `R4B` models are the FHIR 4.3 release, which is
the same as R4 (4.0.1) for every resource used here (Patient, QuestionnaireResponse, Observation,
MedicationStatement, Bundle). The package's default models are R5, which clinics rarely accept yet.

Contents (a Bundle of type "collection"):
- Patient: pseudonymous (an identifier with the pseudonym; a name only when the person asks),
- QuestionnaireResponse: one per check-in, one item per symptom-scale answer plus the total,
- Observation: craving (0-10) and sleep (hours, LOINC 93832-4; quality 0-10) per check-in,
- MedicationStatement: the taper substance (one dosage per step) and magnesium (one per serving).
Our own codes use the system `urn:stepdown:code`; ids are stable UUIDs (same data, same bundle).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from stepdown.reports.data import CheckinRow, ReportData, magnesium_compound, magnesium_servings

OWN_CODES = "urn:stepdown:code"
PERSON_IDS = "urn:stepdown:person"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
# EventTiming codes for "with a meal" (HL7 v3 TimingEvent): CM breakfast, CD lunch, CV dinner.
MEAL_TIMING = {"breakfast": "CM", "lunch": "CD", "dinner": "CV", "supper": "CV", "evening meal": "CV"}
SUBSTANCE = "7-hydroxymitragynine (7-OH)"
_NS = uuid.UUID("0b4c8f4e-5e2a-4d1c-9a57-7d3f1f2b9a11")


def build_bundle(data: ReportData) -> dict[str, Any]:
    """The bundle as a JSON-ready dict, after validation by the R4B models (raises if invalid)."""
    from fhir.resources.R4B.bundle import Bundle

    key = f"person-{data.person_id}"
    patient_url = _urn(key)
    subject = {"reference": patient_url}
    entries: list[dict[str, Any]] = [{"fullUrl": patient_url, "resource": _patient(data)}]

    for c in data.checkins:
        entries.append(_entry(f"{key}-qr-{c.day}", _questionnaire_response(c, subject)))
        if c.craving is not None:
            entries.append(_entry(f"{key}-craving-{c.day}", _observation(c, subject, "craving")))
        if c.sleep_hours is not None:
            entries.append(_entry(f"{key}-sleep-{c.day}", _observation(c, subject, "sleep")))
        if c.sleep_quality is not None:
            entries.append(_entry(f"{key}-sleepq-{c.day}", _observation(c, subject, "sleep_quality")))

    plan = data.plan
    if plan is not None:
        entries.append(_entry(f"{key}-taper-{data.plan_id}", _taper_statement(data, subject)))
    if magnesium_servings(data.magnesium):
        entries.append(_entry(f"{key}-magnesium", _magnesium_statement(data, subject)))

    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NS, f"{key}-bundle")),
        "type": "collection",
        "timestamp": _instant(data.generated_at),
        "entry": entries,
    }
    # Validated by the models: a bundle the library rejects never leaves this function. (Our own dict
    # is returned: re-serialising through the models doubles the time and changes nothing.)
    Bundle.model_validate(bundle)
    return bundle


def bundle_json(data: ReportData) -> str:
    return json.dumps(build_bundle(data), indent=2, ensure_ascii=False)


def _entry(key: str, resource: dict[str, Any]) -> dict[str, Any]:
    resource = {**resource, "id": str(uuid.uuid5(_NS, key))}
    return {"fullUrl": _urn(key), "resource": resource}


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, key)}"


def _patient(data: ReportData) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(uuid.uuid5(_NS, f"person-{data.person_id}")),
        "identifier": [{"system": PERSON_IDS, "value": data.pseudonym}],
    }
    if data.name:
        patient["name"] = [{"text": data.name}]
    return patient


def _scale_items(scale: str) -> dict[str, str]:
    """Item id -> question text from the scales module, when it is there."""
    try:
        from stepdown.domain import scales
    except ImportError:
        return {}
    found = getattr(scales, "SCALES", {}).get(scale.lower())
    items = getattr(found, "items", None) or ()
    result: dict[str, str] = {}
    for item in items:
        item_id = getattr(item, "id", None)
        if item_id is not None:
            result[str(item_id)] = str(getattr(item, "question", None) or getattr(item, "text", item_id))
    return result


def _questionnaire_response(c: CheckinRow, subject: dict[str, Any]) -> dict[str, Any]:
    texts = _scale_items(c.scale)
    # R4 has no "effective" date on a QuestionnaireResponse and `authored` is when the row was written,
    # so the day the answers are about comes first as an item of its own (a check-in filled in later
    # keeps its day, like the craving and sleep Observations' effectiveDateTime).
    items: list[dict[str, Any]] = [
        {"linkId": "day", "text": "Day this check-in is for", "answer": [{"valueDate": c.day.isoformat()}]}
    ]
    for link_id, answer in c.answers.items():
        item: dict[str, Any] = {"linkId": str(link_id)}
        if str(link_id) in texts:
            item["text"] = texts[str(link_id)]
        if isinstance(answer, bool) or not isinstance(answer, int | float | Decimal):
            item["answer"] = [{"valueString": str(answer)}]
        else:
            item["answer"] = [{"valueInteger": int(answer)}]
        items.append(item)
    items.append({"linkId": "total", "text": f"{c.scale} total score", "answer": [{"valueInteger": c.total}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{OWN_CODES}:questionnaire:{c.scale}",
        "status": "completed",
        "subject": subject,
        "authored": _instant(c.created_at),
        "item": items,
    }


def _observation(c: CheckinRow, subject: dict[str, Any], what: str) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "subject": subject,
        "effectiveDateTime": c.day.isoformat(),
    }
    if what == "craving":
        base["code"] = {"coding": [{"system": OWN_CODES, "code": "craving"}], "text": "Craving (0-10)"}
        base["valueInteger"] = int(c.craving or 0)
    elif what == "sleep":
        base["code"] = {
            "coding": [{"system": LOINC, "code": "93832-4", "display": "Sleep duration"}],
            "text": "Sleep last night (hours)",
        }
        base["valueQuantity"] = {
            "value": float(Decimal(str(c.sleep_hours))),
            "unit": "h",
            "system": UCUM,
            "code": "h",
        }
    else:
        base["code"] = {
            "coding": [{"system": OWN_CODES, "code": "sleep-quality"}],
            "text": "Sleep quality (0-10)",
        }
        base["valueInteger"] = int(c.sleep_quality or 0)
    return base


def _status(plan_status: str | None, end: date, today: date) -> str:
    if plan_status == "stopped":
        return "stopped"
    if plan_status == "finished" or end < today:
        return "completed"
    return "active"


def _taper_statement(data: ReportData, subject: dict[str, Any]) -> dict[str, Any]:
    plan = data.plan
    assert plan is not None
    dosage = []
    for number, step in enumerate(plan.steps, start=1):
        first = step.portions[0] if step.portions else None
        text = f"Step {number}: {_n(step.daily_amount)} {step.unit} a day from {step.start} to {step.end}"
        if step.portions:
            text += f" ({', '.join(p.label for p in step.portions)})"
        item: dict[str, Any] = {
            "sequence": number,
            "text": text,
            "timing": {
                "repeat": {
                    "boundsPeriod": {"start": step.start.isoformat(), "end": step.end.isoformat()},
                    "frequency": max(1, len(step.portions)),
                    "period": 1,
                    "periodUnit": "d",
                }
            },
        }
        if first is not None and step.daily_amount > 0:
            item["doseAndRate"] = [
                {
                    "doseQuantity": {
                        "value": float(first.amount),
                        "unit": step.unit,
                        "system": UCUM,
                        "code": step.unit,
                    }
                }
            ]
        dosage.append(item)
    revisions = "; ".join(f"revision {r.number} ({r.kind}): {r.reason}" for r in data.revisions)
    statement = {
        "resourceType": "MedicationStatement",
        "status": _status(data.plan_status, plan.end, data.today),
        "medicationCodeableConcept": {"text": SUBSTANCE},
        "subject": subject,
        "effectivePeriod": {"start": plan.start.isoformat(), "end": plan.end.isoformat()},
        "dateAsserted": _instant(data.generated_at),
        "dosage": dosage,
    }
    if revisions:
        statement["note"] = [{"text": f"Taper plan ({plan.style}); {revisions}"}]
    return statement


def _magnesium_statement(data: ReportData, subject: dict[str, Any]) -> dict[str, Any]:
    compound = magnesium_compound(data.magnesium)
    dosage = []
    for number, serving in enumerate(magnesium_servings(data.magnesium), start=1):
        meal = str(serving.get("meal", ""))
        repeat: dict[str, Any] = {"frequency": 1, "period": 1, "periodUnit": "d"}
        if meal.lower() in MEAL_TIMING:
            repeat["when"] = [MEAL_TIMING[meal.lower()]]
        elemental = Decimal(str(serving["elemental_mg"]))
        dosage.append(
            {
                "sequence": number,
                "text": f"{_n(elemental)} mg elemental magnesium with {meal}",
                "timing": {"repeat": repeat},
                "doseAndRate": [
                    {"doseQuantity": {"value": float(elemental), "unit": "mg", "system": UCUM, "code": "mg"}}
                ],
            }
        )
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "active" if data.plan_status in (None, "active") else "completed",
        "medicationCodeableConcept": {"text": str(compound)},
        "subject": subject,
        "dateAsserted": _instant(data.generated_at),
        "dosage": dosage,
    }
    plan = data.plan
    if plan is not None:
        statement["effectivePeriod"] = {"start": plan.start.isoformat(), "end": plan.end.isoformat()}
    return statement


def _instant(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive datetimes; we store UTC
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _n(value: Decimal) -> str:
    return format(Decimal(str(value)).normalize(), "f")
