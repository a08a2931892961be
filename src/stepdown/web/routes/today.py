"""Today: red flags first; proposals to hold or slow down; the doses due, each with "taken";
magnesium with meals; the check-in call to action. Every action goes through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.messages.toolkit import CELEBRATE
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

# ?done=... after an action, so the page can say what happened (works without JavaScript).
FLASH = {
    "started": "Your taper plan is saved. This page shows what to take each day.",
    "dose": "Dose logged.",
    "magnesium": "Magnesium logged.",
    "refill": "Refill recorded. Your supply below counts it.",
    "checkin": "Check-in saved. Thank you.",
    "accepted": "Done: your plan has been changed. The Plan page shows the new version and why.",
    "declined": "Noted: your plan stays as it is. The decision is recorded.",
    "acknowledged": "Thank you. If anything gets worse, the numbers are always at the bottom of every page.",
}

# The services' messages for these name the CLI's options; the page says what to do here instead.
ALL_DOSES_LOGGED = (
    "Every planned dose for today is already logged; if you took more, use "
    '"I took a different amount" and enter how much.'
)
ALL_MAGNESIUM_LOGGED = "Every planned magnesium serving for today is already logged."


@router.get("/", response_class=HTMLResponse)
def today(
    request: Request,
    done: str = "",
    started: str = "",
    score: int | None = None,
    of: int | None = None,
    mood: str = "",
    day: str = "",
) -> Response:
    from stepdown.services.today import today_view

    person = deps.person(request)
    view = today_view(deps.engine(request), person.id, deps.today(person))
    if view.plan is None and not view.red_flags:
        return RedirectResponse("/start", status_code=303)
    milestones: list[dict[str, Any]] = []
    if view.plan is not None:
        from stepdown.services.toolkit import celebrate_new_milestones

        # Marked celebrated as they are shown, so each appears once (here or on the Toolkit page).
        milestones = celebrate_new_milestones(deps.engine(request), person.id)
    flash = FLASH.get("started" if started else done)
    if done == "checkin" and score is not None and of:
        flash = f"Check-in saved. Your symptom score today is {score} out of {of}. Thank you."
        try:
            earlier = date.fromisoformat(day) if day else None
        except ValueError:
            earlier = None
        if earlier is not None and earlier != view.day:
            flash = (
                f"Check-in for {formatting.day(earlier, 'long')} saved. Your symptom score that day was "
                f"{score} out of {of}. Thank you."
            )
    if done == "checkin" and mood:
        from stepdown.messages.checkin import PHQ2_POSITIVE

        flash = f"{flash} {PHQ2_POSITIVE}"
    context = {
        "title": "Today",
        "view": view,
        "flash": flash,
        "errors": {},
        "urgent_lines": specific_lines(view),
        "seek_care_lines": seek_care_lines(view),
        "milestones": milestones,
        "celebrate_word": CELEBRATE,
    }
    return render(request, "today.html", context)


def _today_with_error(request: Request, exc: InvalidInput, target: str) -> HTMLResponse:
    from stepdown.services.today import today_view

    person = deps.person(request)
    view = today_view(deps.engine(request), person.id, deps.today(person))
    context = {
        "title": "Today",
        "view": view,
        "errors": {target: exc.message},
        "urgent_lines": specific_lines(view),
        "seek_care_lines": seek_care_lines(view),
    }
    return render(request, "today.html", context, status_code=400)


def specific_lines(view: Any) -> list[str]:
    """The open red flags' own guidance, most urgent first, without the general lines (headline,
    helplines, tolerance warning) that the urgent box always shows anyway."""
    from stepdown.domain.triage import helpline_lines
    from stepdown.messages import safety
    from stepdown.services.red_flags import urgent_lines

    general = {
        *urgent_lines(),
        *helpline_lines(),
        safety.URGENT_HEADLINE,
        safety.URGENT_BODY,
        safety.TOLERANCE_WARNING,
    }
    lines: list[str] = []
    for flag in view.emergency_flags:  # symptoms-based notices have their own box (seek_care_lines)
        for line in flag.get("guidance") or []:
            if line not in general and line not in lines:
                lines.append(line)
    return lines


def seek_care_lines(view: Any) -> list[str]:
    """The symptoms-based notices' own explanations (the box adds headline, body and helplines)."""
    from stepdown.services.today import seek_care_reasons

    return seek_care_reasons(view.seek_care)


@router.post("/doses/take")
async def take_dose(request: Request) -> Response:
    from stepdown.services.doses import take_dose as take

    form = await request.form()
    amount = str(form.get("amount", "")).strip() or None
    person = deps.person(request)
    day = deps.today(person)
    try:
        take(deps.engine(request), person.id, day=day, today=day, amount=amount)
    except InvalidInput as exc:
        if amount is None and exc.field == "amount":  # "Taken" pressed again, e.g. a double tap
            exc = InvalidInput(ALL_DOSES_LOGGED, field="amount")
        return _today_with_error(request, exc, "amount")
    return RedirectResponse("/?done=dose", status_code=303)


@router.post("/magnesium/take")
async def take_magnesium(request: Request) -> Response:
    from stepdown.services.doses import take_magnesium as take

    form = await request.form()
    meal = str(form.get("meal", "")).strip() or None
    person = deps.person(request)
    day = deps.today(person)
    try:
        take(deps.engine(request), person.id, day=day, today=day, meal=meal)
    except InvalidInput as exc:
        if exc.field == "elemental_mg":  # the service's wording names the CLI's --mg option
            exc = InvalidInput(ALL_MAGNESIUM_LOGGED, field="magnesium")
        return _today_with_error(request, exc, "magnesium")
    return RedirectResponse("/?done=magnesium", status_code=303)


@router.post("/red-flags/acknowledge")
async def acknowledge(request: Request) -> Response:
    from stepdown.services.red_flags import acknowledge as ack

    person = deps.person(request)
    ack(deps.engine(request), person.id, day=deps.today(person))
    return RedirectResponse("/?done=acknowledged", status_code=303)


@router.post("/proposals/{proposal_id}/{decision}")
async def decide(request: Request, proposal_id: int, decision: str) -> Response:
    from stepdown.services import proposals

    person = deps.person(request)
    day = deps.today(person)
    if decision not in ("accept", "decline"):
        return _today_with_error(request, InvalidInput("Choose accept or decline."), "proposal")
    try:
        if decision == "accept":
            proposals.accept(deps.engine(request), person.id, proposal_id, day=day)
        else:
            proposals.decline(deps.engine(request), person.id, proposal_id, day=day)
    except InvalidInput as exc:
        return _today_with_error(request, exc, "proposal")
    return RedirectResponse("/?done=" + ("accepted" if decision == "accept" else "declined"), status_code=303)
