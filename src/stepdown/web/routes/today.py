"""Today: red flags first; proposals to hold or slow down; the doses due, each with "taken";
magnesium with meals; the check-in call to action. Every action goes through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.messages.daily import MAGNESIUM_BLOCKED
from stepdown.messages.safety import TOLERANCE_WARNING
from stepdown.messages.toolkit import CELEBRATE
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

# ?done=... after an action, so the page can say what happened (works without JavaScript).
FLASH = {
    "started": "Your taper plan is saved. This page shows what to take each day.",
    "dose": "Dose logged.",
    "dose_above": "Dose logged. That is more than today's plan. " + TOLERANCE_WARNING,
    "dose_above_start": (
        "Dose logged. That is more than the dose your plan started from. " + TOLERANCE_WARNING + " "
        "If you took more than you meant to, you can log it as a lapse: a gentler plan from where "
        "you are can follow."
    ),
    "corrected": "Dose corrected. The amount before is kept in your history.",
    "corrected_above": "Dose corrected. That is more than planned. " + TOLERANCE_WARNING,
    "removed": "Dose removed. It stays in your history as removed.",
    "magnesium": "Magnesium logged.",
    "magnesium_blocked": "Magnesium logged. " + MAGNESIUM_BLOCKED,
    "refill": "Refill recorded. Your supply below counts it.",
    "checkin": "Check-in saved. Thank you.",
    "accepted": "Done: your plan has been changed. The Plan page shows the new version and why.",
    "declined": "Noted: your plan stays as it is. The decision is recorded.",
    "acknowledged": "Thank you. If anything gets worse, the numbers are always at the bottom of every page.",
}

# The services' messages for these name the CLI's options; the page says what to do here instead.
ENTER_AMOUNT = "Type the amount you took (a number such as 7.5); nothing was logged."
ALL_MAGNESIUM_LOGGED = "Every planned magnesium serving for today is already logged."


def _checkin_saved(
    request: Request, person_id: int, today: date, day: str
) -> tuple[str | None, dict[str, Any] | None]:
    """The banner after a check-in, read from the check-in stored for `day` (today by default);
    nothing when there is none."""
    from stepdown.domain.checkin import PHQ2_POSITIVE_AT
    from stepdown.services.views import checkin_for_day

    try:
        chosen = min(date.fromisoformat(day), today) if day else today
    except ValueError:
        return None, None
    stored = checkin_for_day(deps.engine(request), person_id, chosen)
    if stored is None:
        return None, None
    score, of = formatting.number(stored["total"]), formatting.number(stored["max_total"])
    flash = f"Check-in saved. Your symptom score today is {score} out of {of}. Thank you."
    if chosen != today:  # an earlier day: the message speaks of that day, not "today"
        flash = (
            f"Check-in for {formatting.day(chosen, 'long')} saved. Your symptom score that day was "
            f"{score} out of {of}. Thank you."
        )
    phq2 = stored.get("phq2") or {}
    if not phq2 or sum(phq2.values()) < PHQ2_POSITIVE_AT:
        return flash, None
    from stepdown.messages import checkin as checkin_msg

    # As plain as the red-flag box: 988 and a clinician, helplines open (not only a banner line).
    return flash, {
        "headline": checkin_msg.PHQ2_CARE_HEADLINE,
        "lines": [checkin_msg.PHQ2_POSITIVE, *checkin_msg.PHQ2_CARE_LINES],
    }


@router.get("/", response_class=HTMLResponse)
def today(request: Request, done: str = "", started: str = "", day: str = "") -> Response:
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
    flash_lapse = done == "dose_above_start"
    mood_care = None
    if done == "checkin":
        # The score and the mood screen come from the stored check-in, never from the address:
        # a link must not be able to put a made-up score on the person's page.
        flash, mood_care = _checkin_saved(request, person.id, view.day, day)
    context = {
        "title": "Today",
        "view": view,
        "flash": flash,
        "flash_lapse": flash_lapse,
        "mood_care": mood_care,
        # after a red flag is acknowledged (or a low-mood screen) the helplines are shown open
        "helplines_open": bool(mood_care) or done == "acknowledged",
        "errors": {},
        "urgent_lines": specific_lines(view),
        "seek_care_lines": seek_care_lines(view),
        "milestones": milestones,
        "celebrate_word": CELEBRATE,
        "clinician_note": _clinician_note(request, person.id, view.day),
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
        "clinician_note": _clinician_note(request, person.id, view.day),
    }
    return render(request, "today.html", context, status_code=400)


def _clinician_note(request: Request, person_id: int, today: date) -> dict[str, Any] | None:
    """On the clinic server, the latest note from a clinician (recent days only); /account has all."""
    if not getattr(request.app.state, "accounts", False):
        return None
    from stepdown.services.clinic import recent_note_from_clinician

    return recent_note_from_clinician(deps.engine(request), person_id, today)


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

    return seek_care_reasons(view.seek_care, view.day)


@router.post("/doses/take")
def take_dose(request: Request, form: deps.Form) -> Response:
    """ "Taken" beside a portion posts its index and logs exactly that portion; "I took a
    different amount" posts the amount, and an empty amount is an error, never the planned dose."""
    from stepdown.services.doses import take_dose as take

    portion_text = str(form.get("portion", "")).strip()
    amount = str(form.get("amount", "")).strip()
    person = deps.person(request)
    day = deps.today(person)
    try:
        if portion_text:
            if not digits_text(portion_text):
                raise InvalidInput("There is no such planned dose for today.", field="amount")
            result = take(deps.engine(request), person.id, day=day, today=day, portion=int(portion_text))
        else:
            if not amount:
                raise InvalidInput(ENTER_AMOUNT, field="amount")
            result = take(deps.engine(request), person.id, day=day, today=day, amount=amount)
    except InvalidInput as exc:
        if exc.field == "portion":  # e.g. a double tap on "Taken"
            exc = InvalidInput(exc.message, field="amount")
        return _today_with_error(request, exc, "amount")
    done = "dose_above_start" if result.above_start else "dose_above" if result.above_plan else "dose"
    return RedirectResponse(f"/?done={done}", status_code=303)


@router.post("/doses/{dose_id}/{change}")
def change_dose(request: Request, dose_id: int, change: str, form: deps.Form) -> Response:
    """Correct or remove a logged dose; the service keeps the change in the history."""
    from stepdown.services.dose_changes import correct_dose, remove_dose

    person = deps.person(request)
    day = deps.today(person)
    try:
        if change == "correct":
            amount = str(form.get("amount", "")).strip()
            if not amount:
                raise InvalidInput(ENTER_AMOUNT, field="amount")
            result = correct_dose(deps.engine(request), person.id, dose_id, amount=amount, today=day)
            dose = result["dose"]
            above = dose["planned"] is None or dose["actual"] > dose["planned"]
            done = "corrected_above" if above else "corrected"
            return RedirectResponse(f"/?done={done}", status_code=303)
        if change == "remove":
            remove_dose(deps.engine(request), person.id, dose_id, today=day)
            return RedirectResponse("/?done=removed", status_code=303)
        raise InvalidInput("Choose correct or remove.", field="dose_change")
    except InvalidInput as exc:
        return _today_with_error(request, exc, "dose_change")


@router.post("/magnesium/take")
def take_magnesium(request: Request, form: deps.Form) -> Response:
    from stepdown.services.doses import take_magnesium as take

    meal = str(form.get("meal", "")).strip() or None
    person = deps.person(request)
    day = deps.today(person)
    try:
        result = take(deps.engine(request), person.id, day=day, today=day, meal=meal)
    except InvalidInput as exc:
        if exc.field == "elemental_mg":  # the service's wording names the CLI's --mg option
            exc = InvalidInput(ALL_MAGNESIUM_LOGGED, field="magnesium")
        return _today_with_error(request, exc, "magnesium")
    done = "magnesium_blocked" if result.plan_blocked else "magnesium"
    return RedirectResponse(f"/?done={done}", status_code=303)


@router.post("/red-flags/acknowledge")
def acknowledge(request: Request) -> Response:
    from stepdown.services.red_flags import acknowledge as ack

    person = deps.person(request)
    ack(deps.engine(request), person.id, day=deps.today(person))
    return RedirectResponse("/?done=acknowledged", status_code=303)


@router.post("/proposals/{proposal_id}/{decision}")
def decide(request: Request, proposal_id: str, decision: str) -> Response:
    from stepdown.services import proposals

    person = deps.person(request)
    day = deps.today(person)
    if decision not in ("accept", "decline"):
        return _today_with_error(request, InvalidInput("Choose accept or decline."), "proposal")
    number = deps.row_id(proposal_id)
    if number is None:
        return _today_with_error(request, InvalidInput("There is no such proposal."), "proposal")
    try:
        if decision == "accept":
            proposals.accept(deps.engine(request), person.id, number, day=day)
        else:
            proposals.decline(deps.engine(request), person.id, number, day=day)
    except InvalidInput as exc:
        return _today_with_error(request, exc, "proposal")
    return RedirectResponse("/?done=" + ("accepted" if decision == "accept" else "declined"), status_code=303)
