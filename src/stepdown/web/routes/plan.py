"""Plan: the steps, planned against actual dose on one chart, and every revision with its reason.
Also the person's own request to go back to the previous step (never proposed by the app)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.charts import dose_chart
from stepdown.domain.errors import InvalidInput
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()


def _page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    flash: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    from stepdown.services.proposals import return_refusal
    from stepdown.services.views import plan_history

    person = deps.person(request)
    today = deps.today(person)
    history = plan_history(deps.engine(request), person.id, today=today)
    if history is None:
        return RedirectResponse("/start", status_code=303)
    current = history.current.plan
    original = history.first.plan if len(history.revisions) > 1 else None
    chart = dose_chart(current, history.taken, today=today, original=original)
    return render(
        request,
        "plan.html",
        {
            "title": "Plan",
            "history": history,
            "plan": current,
            "chart": chart,
            "today": today,
            "current_step": current.step_on(today),
            # offered only when it can be done (not on the first amount, not above the start)
            "can_return": return_refusal(deps.engine(request), person.id, today) is None,
            "errors": errors or {},
            "flash": flash,
            "values": values or {},
        },
        status_code=status_code,
    )


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, done: str = "") -> Response:
    flash = {
        "return": "Done: the plan now goes back to the previous step. The change and your reason are "
        "recorded.",
        "pause": "Done: your pause is in the plan. Nothing is cut sooner; the change and your reason are "
        "recorded.",
    }.get(done)
    return _page(request, flash=flash)


@router.post("/plan/pause")
def pause(request: Request, form: deps.Form) -> Response:
    """A pause of 1-3 days the person asks for: written at once, no proposal (it is never faster)."""
    from stepdown.services.proposals import pause as pause_plan

    values = {"pause_reason": str(form.get("reason", "")).strip(), "days": str(form.get("days", "")).strip()}
    person = deps.person(request)
    try:
        pause_plan(
            deps.engine(request), person.id, days=values["days"], reason=values["pause_reason"],
            day=deps.today(person),
        )  # fmt: skip
    except InvalidInput as exc:
        field = "pause_reason" if exc.field == "reason" else "pause_days" if exc.field == "days" else "pause"
        return _page(request, errors={field: exc.message}, status_code=400, values=values)
    return RedirectResponse("/plan?done=pause", status_code=303)


@router.post("/plan/return")
def return_to_previous(request: Request, form: deps.Form) -> Response:
    from stepdown.services.proposals import return_to_previous as go_back

    reason = str(form.get("reason", "")).strip()
    person = deps.person(request)
    if not reason:
        errors = {"reason": "Please write a few words about why, so you and your clinician can see it later."}
        return _page(request, errors=errors, status_code=400)
    try:
        go_back(deps.engine(request), person.id, reason=reason, day=deps.today(person))
    except InvalidInput as exc:
        return _page(request, errors={"reason": exc.message}, status_code=400, values={"reason": reason})
    return RedirectResponse("/plan?done=return", status_code=303)
