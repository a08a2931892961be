"""The daily check-in: one scrolling form, large 0-4 choices, safety questions first.

The full form (SOWS, 16 symptoms) is the default; the quick form (10 symptoms) is one tap away.
Everything is validated by stepdown.domain.checkin through services.checkins.record_checkin, which
stores, triages and evaluates the adaptive rules in one transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from stepdown.domain.checkin import PHQ2_INTERVAL_DAYS, PHQ2_ITEMS, phq2_due
from stepdown.domain.errors import InvalidInput
from stepdown.domain.scales import SCALES, Scale
from stepdown.domain.triage import RED_FLAGS
from stepdown.messages import checkin as msg
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

OPTIONAL_FIELDS = (
    "craving",
    "sleep_hours",
    "sleep_quality",
    "mood",
    "water_glasses",
    "meals",
    "exercise_minutes",
)


def _scale(scale_id: str) -> Scale:
    return SCALES.get(scale_id) or SCALES["sows16"]


def _page(
    request: Request,
    scale: Scale,
    values: dict[str, Any],
    today: date,
    errors: dict[str, str] | None = None,
    *,
    status_code: int = 200,
    editing: bool = False,
    urgent_lines: list[str] | None = None,
    ask_phq2: bool = False,
) -> HTMLResponse:
    other = "sows10" if scale.id == "sows16" else "sows16"
    return render(
        request,
        "checkin.html",
        {
            "title": "Check-in",
            "scale": scale,
            "other_scale": SCALES[other],
            "values": values,
            "errors": errors or {},
            "today": today,
            "editing": editing,
            "red_flags": RED_FLAGS,
            "self_care": msg.SELF_CARE_LABELS,
            "msg": msg,
            "urgent_lines": urgent_lines,
            "ask_phq2": ask_phq2 or bool(values.get("phq2_interest") or values.get("phq2_down")),
        },
        status_code=status_code,
    )


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(request: Request, scale: str = "", day: str = "") -> Response:
    from stepdown.services.views import checkin_for_day, last_phq2_day

    person = deps.person(request)
    today = deps.today(person)
    try:
        chosen_day = date.fromisoformat(day) if day else today
    except ValueError:
        chosen_day = today
    chosen_day = min(chosen_day, today)
    existing = checkin_for_day(deps.engine(request), person.id, chosen_day)
    values: dict[str, Any] = {"day": chosen_day.isoformat(), "self_care": [], "red_flags": []}
    phq2 = (existing or {}).get("phq2") or {}
    values["phq2_interest"], values["phq2_down"] = phq2.get("interest"), phq2.get("down")
    if existing:
        values.update({k: existing.get(k) for k in OPTIONAL_FIELDS})
        values["self_care"] = list(existing.get("self_care") or [])
        values["red_flags"] = list(existing.get("red_flags") or [])
        values["note"] = existing.get("note") or ""
        values["answers"] = dict(existing.get("answers") or {})
        scale = scale or existing.get("scale", "")
    since = chosen_day - timedelta(days=PHQ2_INTERVAL_DAYS)  # older answers cannot change "due"
    last = last_phq2_day(deps.engine(request), person.id, chosen_day, since=since)
    due = bool(phq2) or phq2_due(last, chosen_day)
    return _page(request, _scale(scale), values, today, editing=existing is not None, ask_phq2=due)


def _raw(form: FormData, scale: Scale) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(raw check-in for the domain, values to re-show, missing-answer errors)."""
    answers = {item.id: str(form.get(f"a_{item.id}", "")) for item in scale.items}
    errors = {
        f"a_{i}": "Please choose a number for this symptom (0 if you do not have it)."
        for i, v in answers.items()
        if v == ""
    }
    raw: dict[str, Any] = {
        "day": str(form.get("day", "")),
        "scale": scale.id,
        "answers": answers,
        "self_care": [str(v) for v in form.getlist("self_care")],
        "red_flags": [str(v) for v in form.getlist("red_flags")],
        "note": str(form.get("note", "")),
    }
    for name in OPTIONAL_FIELDS:
        raw[name] = str(form.get(name, "")).strip()
    phq2 = {item: str(form.get(f"phq2_{item}", "")) for item in PHQ2_ITEMS}
    if any(phq2.values()):  # weekly and optional: both answers or neither (the domain says so)
        raw["phq2"] = phq2
    values = {**raw, "answers": {k: v for k, v in answers.items() if v != ""}}
    values.update({f"phq2_{k}": v for k, v in phq2.items()})
    return raw, values, errors


@router.post("/checkin", response_class=HTMLResponse)
def checkin_submit(request: Request, form: deps.Form) -> Response:
    from stepdown.services.checkins import record_checkin

    scale = _scale(str(form.get("scale", "")))
    person = deps.person(request)
    today = deps.today(person)
    raw, values, errors = _raw(form, scale)
    urgent = _urgent_lines(raw["red_flags"])
    offered = form.get("phq2_offered") == "1"  # keep the weekly questions on the page after an error
    if errors:
        errors["_form"] = "Some symptoms have no answer yet; they are marked below. Nothing was saved."
        return _page(
            request, scale, values, today, errors, status_code=400, urgent_lines=urgent, ask_phq2=offered
        )
    try:
        result = record_checkin(deps.engine(request), person.id, raw, today=today)
    except InvalidInput as exc:
        field = exc.field or "_form"
        if field not in (*OPTIONAL_FIELDS, "day", "note", "self_care", "red_flags", "phq2"):
            field = "_form"
        errors = {
            field: exc.message,
            "_form": errors.get("_form") or "Please correct the answer marked below. Nothing was saved.",
        }
        if field == "_form":
            errors["_form"] = exc.message + " Nothing was saved."
        return _page(
            request, scale, values, today, errors, status_code=400, urgent_lines=urgent, ask_phq2=offered
        )
    url = "/?done=checkin"
    if result.day != today:  # an earlier day: the message speaks of that day, not "today"
        url += f"&day={result.day.isoformat()}"
    return RedirectResponse(url, status_code=303)


def _urgent_lines(flag_ids: list[str]) -> list[str] | None:
    """A safety answer shows its urgent guidance at once, even when the rest of the form still has
    a mistake and nothing could be saved yet."""
    from stepdown.domain.triage import RED_FLAG_IDS, triage

    known = [f for f in flag_ids if f in RED_FLAG_IDS]
    if not known:
        return None
    result = triage(known)
    return [f.guidance for f in result.flags]
