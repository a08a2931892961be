"""Onboarding: intake (with the clinician flags), plan preview with its chart and a choice of style,
the magnesium plan, the plain disclaimer, confirm.

One form, posted twice: "preview" validates everything through the domain (intake.assess,
planner.make_plan, magnesium.plan_magnesium) and shows the result; "confirm" validates the same
answers again and stores them in one transaction (services.onboarding.start_taper). Nothing is
stored before the person confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from stepdown import formatting
from stepdown.charts import dose_chart
from stepdown.domain import intake as intake_domain
from stepdown.domain import magnesium as mg_domain
from stepdown.domain.consent import advice_reason, is_faster, plan_trigger
from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import Plan
from stepdown.domain.planner import STYLES, PlanRequest, make_form, make_plan
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

DURATION_UNITS = {"days": 1, "weeks": 7, "months": 30, "years": 365}
STYLE_CHOICES = tuple(name for name in STYLES if name != "custom")
FORM_KINDS = (("tablet", "Tablets"), ("powder", "Powder (weighed on a scale)"), ("liquid", "Liquid or shots"))
SINGLE_FIELDS = [
    "substance",
    "form",
    "unit",
    "daily_amount",
    "times_per_day",
    "strength",
    "strength2",
    "split",
    "resolution",
    "concentration",
    "duration",
    "duration_unit",
    "attempts",
    "severe_withdrawal",
    "medicines",
    "mg_form",
    "mg_elemental",
    "meals",
    "start",
    "stabilise_days",
    "on_hand",
    "style",
    "replace",
    "age_band",
    "breastfeeding",
    "clinician_agreed",
    "against_advice",
]
LIST_FIELDS = ("conditions", "other_substances")
KNOWN_FIELDS = frozenset([*SINGLE_FIELDS, *LIST_FIELDS, "understood"])

# Domain error fields -> the form field that shows the message, per stage.
INTAKE_FIELDS = {"duration_days": "duration"}
PLAN_FIELDS = {
    "amount": "daily_amount",
    "times": "times_per_day",
    "stabilise_days": "stabilise_days",
    "on_hand": "on_hand",
}
MG_FIELDS = {
    "form": "mg_form",
    "elemental_mg": "mg_elemental",
    "compound_mg": "mg_elemental",
    "meals": "meals",
}
MG_OTHER_NEEDS_ELEMENTAL = (
    "For another form, enter the elemental magnesium from the label (the 'magnesium' line, in mg), "
    "because stepdown does not know how much magnesium that compound holds."
)
ALREADY_HAS_PLAN = (
    "You already have an active taper plan. To start a new one, go to Settings and choose "
    '"Make a new plan with another form"; the old plan is kept in the history.'
)


SECOND_STRENGTH_BELOW = (
    "Give one tablet strength here; put a second, lower strength in the field below "
    "(for 15 mg and 5 mg tablets: 15 here, 5 below)."
)


def _strengths(first: str, second: str) -> tuple[str, ...]:
    """The tablet strengths from the two fields (the CLI's repeated --strength); make_form checks
    them as it does the CLI's."""
    if any(sep in first for sep in ",;"):
        raise InvalidInput(SECOND_STRENGTH_BELOW, field="strength")
    return tuple(v for v in (first.strip(), second.strip()) if v)


@dataclass
class Preview:
    assessment: intake_domain.Assessment
    plan: Plan
    magnesium: mg_domain.MagnesiumPlan
    style: str
    suggested: str


def _defaults(today: date) -> dict[str, Any]:
    return {
        "substance": "7-oh-tablets",
        "form": "tablet",
        "unit": "mg",
        "times_per_day": "2",
        "split": "4",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "glycinate",
        "meals": "2",
        "start": today.isoformat(),
        "stabilise_days": "2",
        "style": "",
        "conditions": [],
        "other_substances": [],
    }


def _values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in SINGLE_FIELDS}
    for name in LIST_FIELDS:
        values[name] = [str(v) for v in form.getlist(name)]
    return values


def _decimal_or_none(text: str) -> Decimal | str | None:
    return text if text else None


def build_preview(values: dict[str, Any]) -> Preview:
    """Run the answers through the domain. Raises InvalidInput whose field is a form field name."""
    try:
        unit_days = DURATION_UNITS.get(values["duration_unit"])
        if unit_days is None:
            raise InvalidInput("Choose days, weeks, months or years for how long.", field="duration")
        try:
            duration_days = int(values["duration"]) * unit_days
        except ValueError:
            raise InvalidInput(
                "How long you have used it must be a whole number, for example 6.", field="duration"
            ) from None
        intake = intake_domain.make_intake(
            substance=values["substance"],
            daily_amount=values["daily_amount"],
            unit=values["unit"],
            duration_days=duration_days,
            times_per_day=values["times_per_day"] or 1,
            attempts=values["attempts"] or 0,
            severe_withdrawal=values["severe_withdrawal"] == "yes",
            conditions=values["conditions"],
            other_substances=values["other_substances"],
            medicines=[m for m in values["medicines"].replace(";", ",").split(",")],
            age_band=values["age_band"],
            breastfeeding=values["breastfeeding"] == "yes",
        )
        assessment = intake_domain.assess(intake)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=INTAKE_FIELDS.get(exc.field or "", exc.field)) from None

    try:
        kind = values["form"]
        if kind == "tablet":
            form = make_form(
                "tablet",
                values["unit"],
                strengths=_strengths(values["strength"], values["strength2"]),
                pieces=_int(values["split"], "split", "How finely you can split a tablet"),
            )
        elif kind == "powder":
            form = make_form("powder", values["unit"], resolution=_decimal_or_none(values["resolution"]))
        else:
            form = make_form(
                kind,
                values["unit"],
                resolution=_decimal_or_none(values["resolution"]),
                concentration=_decimal_or_none(values["concentration"]),
            )
        try:
            start = date.fromisoformat(values["start"])
        except ValueError:
            raise InvalidInput("The start date must be a date such as 2026-12-01.", field="start") from None
        style = values["style"] or assessment.style
        if style not in STYLE_CHOICES:
            raise InvalidInput(f"Choose one of the styles: {', '.join(STYLE_CHOICES)}.", field="style")
        plan = make_plan(
            PlanRequest(
                daily_amount=intake.daily_amount,
                form=form,
                start=start,
                times_per_day=intake.times_per_day,
                style=style,
                stabilise_days=_int(
                    values["stabilise_days"] or "0", "stabilise_days", "Days before the first cut"
                ),
                clinician_agreed=values["clinician_agreed"] == "yes",
                on_hand=_decimal_or_none(values["on_hand"]),  # Today counts down from it (refills add)
                day_text=formatting.day,
            )
        )
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=PLAN_FIELDS.get(exc.field or "", exc.field)) from None

    try:
        magnesium = mg_domain.plan_magnesium(
            mg_domain.MagnesiumRequest.from_dict(
                {
                    "form": values["mg_form"],
                    "elemental_mg": values["mg_elemental"] or None,
                    "kidney_disease": "kidney-disease" in intake.conditions,
                    "medicines": list(intake.medicines),
                    "meals": values["meals"] or 2,
                }
            )
        )
    except InvalidInput as exc:
        if exc.message == mg_domain.msg.OTHER_NEEDS_ELEMENTAL:  # said in the form's own words
            raise InvalidInput(MG_OTHER_NEEDS_ELEMENTAL, field="mg_elemental") from None
        raise InvalidInput(exc.message, field=MG_FIELDS.get(exc.field or "", exc.field)) from None
    return Preview(assessment, plan, magnesium, style, assessment.style)


def _int(text: str, field: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{what} must be a whole number.", field=field) from None


def _page(
    request: Request,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    preview: Preview | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    chart = dose_chart(preview.plan) if preview else None
    return render(
        request,
        "onboarding.html",
        {
            "title": "Get started",
            "values": values,
            "errors": errors or {},
            "preview": preview,
            "chart": chart,
            "substances": list(intake_domain.SUBSTANCES.items()),
            "conditions": list(intake_domain.CONDITIONS.items()),
            "other_substances": list(intake_domain.OTHER_SUBSTANCES.items()),
            "form_kinds": FORM_KINDS,
            "mg_forms": [(f.code, f.label) for f in mg_domain.FORMS.values()],
            "styles": [(name, STYLES[name].summary) for name in STYLE_CHOICES],
            "duration_units": list(DURATION_UNITS),
            "age_bands": [("", "Prefer not to say"), *intake_domain.AGE_BANDS.items()],
            "faster": bool(preview and is_faster(preview.style, preview.suggested)),
            "advice_reason": advice_reason(preview.assessment.to_dict()) if preview else "",
            "single_fields": SINGLE_FIELDS,
            "list_fields": LIST_FIELDS,
        },
        status_code=status_code,
    )


@router.get("/start", response_class=HTMLResponse)
def start_page(request: Request, replace: str = "") -> Response:
    from stepdown.services.views import has_plan

    person = deps.person(request)
    if has_plan(deps.engine(request), person.id) and not replace:
        return RedirectResponse("/plan", status_code=303)
    values = _defaults(deps.today(person))
    values["replace"] = "1" if replace else ""
    return _page(request, values)


@router.post("/start", response_class=HTMLResponse)
def start_submit(request: Request, form: deps.Form) -> Response:
    values = _values(form)
    action = str(form.get("action", "preview"))
    replace = values["replace"] == "1"
    person = deps.person(request)
    try:
        preview = build_preview(values)
    except InvalidInput as exc:
        return _page(request, values, errors=deps.form_errors(exc, known=KNOWN_FIELDS), status_code=400)
    if action != "confirm":
        return _page(request, values, preview=preview)
    if form.get("understood") != "yes":
        errors = {"understood": "Please tick the box to say you have read this before you start."}
        return _page(request, values, errors=errors, preview=preview, status_code=400)

    from stepdown.services.onboarding import start_taper

    try:
        trigger = plan_trigger(
            preview.assessment.to_dict(),
            preview.style,
            against_advice=values["against_advice"] == "yes",
            clinician_agreed=values["clinician_agreed"] == "yes",
            now_iso=datetime.now(UTC).isoformat(timespec="seconds"),
            needs_agreement=bool(preview.plan.extra.get("clinician_exceptions")),
        )
    except InvalidInput as exc:
        return _page(
            request,
            values,
            errors=deps.form_errors(exc, known=KNOWN_FIELDS),
            preview=preview,
            status_code=400,
        )
    try:
        start_taper(
            deps.engine(request),
            person.id,
            plan=preview.plan,
            intake=preview.assessment.intake.to_dict(),
            assessment=preview.assessment.to_dict(),
            magnesium=preview.magnesium.to_dict(),
            reason=(
                f"A new plan replaced the old one, made from new intake answers ({preview.style} style)."
                if replace
                else f"The first plan, made from the intake answers ({preview.style} style)."
            ),
            replace=replace,
            trigger=trigger,
        )
    except InvalidInput as exc:
        if exc.field == "replace":  # a plan was saved meanwhile (another tab); no CLI option here
            exc = InvalidInput(ALREADY_HAS_PLAN, field="_form")
        return _page(
            request,
            values,
            errors=deps.form_errors(exc, known=KNOWN_FIELDS),
            preview=preview,
            status_code=400,
        )
    return RedirectResponse("/?started=1", status_code=303)
