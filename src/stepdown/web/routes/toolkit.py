"""The recovery toolkit pages: cravings and patterns, urge timer and breathing, lapses, support
network and emergency card, milestones and money, self-care weeks.

Every form posts here, validates through `stepdown.services.toolkit` (which refuses bad input before
writing anything) and either redirects (303) or shows the page again with the error beside its field.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.domain.errors import InvalidInput
from stepdown.messages import toolkit as msg
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

FLASH = {
    "craving": msg.CRAVING_SAVED,
    "craving_used": msg.CRAVING_USED,  # the page adds a link to the Lapse page
    "contact": "Added to your people.",
    "group": "Support group added.",
    "distraction": "Added to your distraction list.",
    "removed": "Removed.",
    "cost": "Saved. The money you no longer spend is shown below.",
    "bedtime": "Target bedtime saved.",
}


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "") or "").strip()


# --- hub -----------------------------------------------------------------------------------------


@router.get("/toolkit", response_class=HTMLResponse)
def toolkit_home(request: Request) -> HTMLResponse:
    from stepdown.services import toolkit as svc

    person = deps.person(request)
    support = svc.support_view(deps.engine(request), person.id)
    return render(request, "toolkit/index.html", {"title": "Toolkit", "support": support})


# --- cravings ------------------------------------------------------------------------------------



def _form_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A toolkit page with a form: its own context plus the errors beside fields, the values typed
    (kept after an error) and the flash message, which every toolkit page shares."""
    page = {**context, "errors": errors or {}, "values": values or {}, "flash": flash}
    return render(request, template, page, status_code=status_code)


def _cravings_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    lapse_link: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.services import toolkit as svc

    person = deps.person(request)
    engine = deps.engine(request)
    return _form_page(
        request,
        "toolkit/cravings.html",
        {
            "title": "Cravings",
            "triggers": svc.known_triggers(engine, person.id),
            "recent": svc.list_cravings(engine, person.id, limit=20),
            "patterns": svc.craving_patterns(engine, person.id),
            "periods": msg.PERIODS,
            "outcomes": msg.OUTCOME_LABELS,
            "lapse_link": lapse_link,
        },
        errors=errors, values=values, flash=flash, status_code=status_code,
    )


@router.get("/toolkit/cravings", response_class=HTMLResponse)
def cravings_page(request: Request, done: str = "") -> HTMLResponse:
    return _cravings_page(request, flash=FLASH.get(done), lapse_link=done == "craving_used")


@router.post("/toolkit/cravings")
def log_craving(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    triggers = [str(t) for t in form.getlist("trigger")]
    other = _text(form, "trigger_other")
    if other:
        triggers += other.split(",")
    values = {
        "intensity": _text(form, "intensity"),
        "triggers": triggers,
        "helped": _text(form, "helped"),
        "outcome": _text(form, "outcome"),
        "at": _text(form, "at"),
        "note": _text(form, "note"),
    }
    person = deps.person(request)
    try:
        saved = svc.log_craving(
            deps.engine(request), person.id, {**values, "intensity": values["intensity"] or None}
        )
    except InvalidInput as exc:
        field = {"triggers": "trigger_other"}.get(exc.field or "", exc.field or "_form")
        return _cravings_page(request, errors={field: exc.message}, values=values, status_code=400)
    done = "craving_used" if saved["craving"]["outcome"] == "used" else "craving"
    return RedirectResponse(f"/toolkit/cravings?done={done}", status_code=303)


# --- breathing and urge timer --------------------------------------------------------------------


@router.get("/toolkit/breathe", response_class=HTMLResponse)
def breathe_page(request: Request) -> HTMLResponse:
    from stepdown.domain.toolkit import breathing

    exercises = {k: ex.to_dict() for k, ex in breathing.EXERCISES.items()}
    person = deps.person(request)
    from stepdown.services import toolkit as svc

    support = svc.support_view(deps.engine(request), person.id)
    return render(
        request,
        "toolkit/breathe.html",
        {
            "title": "Urge timer and breathing",
            "exercises": exercises,
            "exercises_json": json.dumps(exercises),
            "default_minutes": breathing.URGE_TIMER_DEFAULT_MINUTES,
            "max_minutes": breathing.URGE_TIMER_MAX_MINUTES,
            "intro": msg.URGE_TIMER_INTRO,
            "done_text": msg.URGE_TIMER_DONE,
            "breathe_done": msg.BREATHE_DONE,
            "support": support,
        },
    )


# --- lapses --------------------------------------------------------------------------------------


def _lapse_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.services import toolkit as svc
    from stepdown.services.common import current_plan
    from stepdown.storage.db import read_scope

    person = deps.person(request)
    engine = deps.engine(request)
    with read_scope(engine) as session:
        current = current_plan(session, person.id)
        unit = current.plan.unit if current else "mg"
        step = current.plan.step_on(deps.today(person)) if current else None
        planned = step.daily_amount if step else None
        ended = current is not None and deps.today(person) > current.plan.end
    return _form_page(
        request,
        "toolkit/lapse.html",
        {
            "title": "Log a lapse",
            "history": svc.list_lapses(engine, person.id),
            "prompts": msg.REFLECTION_PROMPTS,
            "too_fast_choices": msg.TOO_FAST_CHOICES,
            "unit": unit,
            "planned": planned,
            "has_plan": current is not None,
            "ended": ended,
        },
        errors=errors, values=values, status_code=status_code,
    )


@router.get("/toolkit/lapse", response_class=HTMLResponse)
def lapse_page(request: Request) -> HTMLResponse:
    return _lapse_page(request)


@router.post("/toolkit/lapse")
def log_lapse(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    names = (
        "amount",
        "unit",
        "at",
        "led_to",
        "note",
        "now_taking",
        "clinician_agreement",
        *(pid for pid, _ in msg.REFLECTION_PROMPTS),
    )
    values = {n: _text(form, n) for n in names}
    reflection = {pid: values[pid] for pid, _ in msg.REFLECTION_PROMPTS if values[pid]}
    raw = {k: values[k] for k in ("amount", "unit", "at", "led_to", "note")}
    person = deps.person(request)
    try:
        result = svc.log_lapse(
            deps.engine(request),
            person.id,
            {**raw, "reflection": reflection},
            current_daily=values["now_taking"] or None,
            clinician_agreement=values["clinician_agreement"] or None,
        )
    except InvalidInput as exc:
        field = {"current_daily": "now_taking", "daily_amount": "now_taking"}.get(exc.field or "", exc.field)
        return _lapse_page(request, errors={field or "_form": exc.message}, values=values, status_code=400)
    return render(request, "toolkit/lapse_done.html", {"title": "Lapse saved", "result": result})


# --- support network -----------------------------------------------------------------------------


def _support_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.services import toolkit as svc

    person = deps.person(request)
    return _form_page(
        request,
        "toolkit/support.html",
        {
            "title": "Support network",
            "support": svc.support_view(deps.engine(request), person.id),
        },
        errors=errors, values=values, flash=flash, status_code=status_code,
    )


@router.get("/toolkit/support", response_class=HTMLResponse)
def support_page(request: Request, done: str = "") -> HTMLResponse:
    return _support_page(request, flash=FLASH.get(done))


@router.post("/toolkit/support/contact")
def add_contact(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    values = {n: _text(form, n) for n in ("name", "phone", "relation")}
    values["is_therapist"] = "yes" if form.get("is_therapist") else ""
    try:
        svc.add_contact(deps.engine(request), deps.person(request).id, values)
    except InvalidInput as exc:
        return _support_page(
            request,
            errors={f"c_{exc.field}": exc.message},
            values={f"c_{k}": v for k, v in values.items()},
            status_code=400,
        )
    return RedirectResponse("/toolkit/support?done=contact#people", status_code=303)


@router.post("/toolkit/support/group")
def add_group(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    values = {n: _text(form, n) for n in ("name", "kind", "details")}
    try:
        svc.add_group(deps.engine(request), deps.person(request).id, values)
    except InvalidInput as exc:
        return _support_page(
            request,
            errors={f"g_{exc.field}": exc.message},
            values={f"g_{k}": v for k, v in values.items()},
            status_code=400,
        )
    return RedirectResponse("/toolkit/support?done=group#groups", status_code=303)


@router.post("/toolkit/support/distraction")
def add_distraction(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    text = _text(form, "text")
    try:
        svc.add_distraction(deps.engine(request), deps.person(request).id, text)
    except InvalidInput as exc:
        return _support_page(
            request, errors={"d_text": exc.message}, values={"d_text": text}, status_code=400
        )
    return RedirectResponse("/toolkit/support?done=distraction#distractions", status_code=303)


@router.post("/toolkit/support/remove")
def remove_item(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    try:
        svc.remove(deps.engine(request), deps.person(request).id, _text(form, "what"), _text(form, "id"))
    except InvalidInput as exc:
        return _support_page(request, errors={"_form": exc.message}, status_code=400)
    return RedirectResponse("/toolkit/support?done=removed", status_code=303)


@router.get("/toolkit/support/card", response_class=HTMLResponse)
def card_page(request: Request) -> HTMLResponse:
    from stepdown.services import toolkit as svc

    card = svc.emergency_card(deps.engine(request), deps.person(request).id)
    return render(request, "toolkit/card.html", {"title": "Emergency card", "card": card})


# --- milestones ----------------------------------------------------------------------------------


def _milestones_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.services import toolkit as svc

    view = svc.milestones_view(deps.engine(request), deps.person(request).id)
    days = view["days_since_last_dose"]
    days_text = (
        msg.MILESTONE_DAYS_FREE.format(days=days, day_word="day" if days == 1 else "days")
        if days is not None
        else None
    )
    return _form_page(
        request,
        "toolkit/milestones.html",
        {
            "title": "Milestones",
            "view": view,
            "days_text": days_text,
            "lapses_text": msg.LAPSES_KEPT.format(count=len(view["lapses"])) if view["lapses"] else None,
            "celebrate_word": msg.CELEBRATE,
        },
        errors=errors, values=values, flash=flash, status_code=status_code,
    )


@router.get("/toolkit/milestones", response_class=HTMLResponse)
def milestones_page(request: Request, done: str = "") -> HTMLResponse:
    return _milestones_page(request, flash=FLASH.get(done))


@router.post("/toolkit/milestones/cost")
def save_cost(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    values = {"cost_per_unit": _text(form, "cost_per_unit"), "currency": _text(form, "currency")}
    try:
        svc.set_cost(
            deps.engine(request), deps.person(request).id, values["cost_per_unit"], values["currency"]
        )
    except InvalidInput as exc:
        return _milestones_page(
            request, errors={exc.field or "_form": exc.message}, values=values, status_code=400
        )
    return RedirectResponse("/toolkit/milestones?done=cost#money", status_code=303)


# --- self-care -----------------------------------------------------------------------------------


def _selfcare_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.messages.checkin import SELF_CARE_LABELS
    from stepdown.services import toolkit as svc

    view = svc.selfcare_view(deps.engine(request), deps.person(request).id, weeks=4)
    return _form_page(
        request,
        "toolkit/selfcare.html",
        {
            "title": "Self-care",
            "view": view,
            "labels": dict(SELF_CARE_LABELS),
        },
        errors=errors, values=values, flash=flash, status_code=status_code,
    )


@router.get("/toolkit/selfcare", response_class=HTMLResponse)
def selfcare_page(request: Request, done: str = "") -> HTMLResponse:
    return _selfcare_page(request, flash=FLASH.get(done))


@router.post("/toolkit/selfcare/bedtime")
def save_bedtime(request: Request, form: deps.Form) -> Response:
    from stepdown.services import toolkit as svc

    value = _text(form, "bedtime")
    try:
        svc.set_bedtime(deps.engine(request), deps.person(request).id, value)
    except InvalidInput as exc:
        return _selfcare_page(
            request, errors={"bedtime": exc.message}, values={"bedtime": value}, status_code=400
        )
    return RedirectResponse("/toolkit/selfcare?done=bedtime", status_code=303)
