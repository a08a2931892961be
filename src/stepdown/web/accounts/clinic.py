"""The clinician's side: the "needs attention" list and a person's page (viewing it is audited)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.services.common import utcnow
from stepdown.web import thresholds_form
from stepdown.web.accounts.routes import _run
from stepdown.web.templating import render

router = APIRouter()


@router.get("/clinic", response_class=HTMLResponse)
def clinic(request: Request) -> Response:
    from stepdown.services.attention import needs_attention
    from stepdown.services.invitations import linked_person_ids

    account = request.state.account
    engine = request.app.state.engine
    clinician_id = None if account.role == "admin" else account.id
    rows = needs_attention(engine, clinician_id=clinician_id, today=utcnow().date())
    count = None if clinician_id is None else len(linked_person_ids(engine, account.id))
    return render(
        request,
        "accounts/clinic.html",
        {"title": "Needs attention", "account": account, "rows": rows, "count": count},
    )


RECENT_DAYS = 28  # the charts show the last four weeks: the page stays the same size at any history


def _charts(engine: Any, view: dict[str, Any], today: date) -> list[Any]:
    """The person's Plan and Progress charts (stepdown.charts), over recent weeks only."""
    from stepdown.charts import Series, dose_chart, step_marks, trend_chart
    from stepdown.services.views import checkin_series

    plan = view["plan"]
    first = today - timedelta(days=RECENT_DAYS - 1)
    points = checkin_series(engine, view["person"]["id"], first=first)
    full = tuple((p.day, float(p.total)) for p in points if p.scale == "sows16")
    quick = tuple((p.day, float(p.total)) for p in points if p.scale == "sows10")
    series = [s for s in (Series("Full form, 0-64", full), Series("Quick form, 0-30", quick)) if s.points]
    charts = [] if plan is None else [dose_chart(plan, view["taken"], today=today)]
    charts.append(
        trend_chart(
            f"Withdrawal symptom score, last {formatting.days(RECENT_DAYS)}",
            series or [Series("Symptom score", ())],
            y_max=64 if full else 30,
            y_label="score",
            marks=step_marks(plan) if plan else (),
            start=first,
            end=today,
            today=today,
        )
    )
    return charts


def _person_page(
    request: Request,
    person_id: int,
    *,
    error: str | None = None,
    flash: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    from stepdown.services.clinic import HOLD_DAYS, overview
    from stepdown.services.person import get_person

    engine = request.app.state.engine
    today = get_person(engine, person_id).today(utcnow())
    view = overview(engine, person_id, today=today, days=RECENT_DAYS // 2)
    errors = errors or {}
    return render(
        request,
        "accounts/person.html",
        {
            "title": view["person"]["name"],
            "view": view,
            "error": error or next(iter(errors.values()), None),
            "errors": errors,
            "values": values or {},
            "flash": flash or None,
            "charts": _charts(engine, view, today),
            "hold_days": HOLD_DAYS,
            "thresholds": thresholds_form.fields(view["thresholds"], values),
        },
        status_code=400 if error or errors else 200,
    )


FLASH = {
    "agreed": "Your agreement is recorded as a new plan revision.",
    "note": "Note saved.",
    "proposed": "Proposal saved. It waits on the person's Today page; nothing changes until they accept it.",
    "thresholds": "Thresholds saved. They apply from the person's next check-in.",
}


@router.get("/clinic/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, person_id: int, done: str = "") -> Response:
    return _person_page(request, person_id, flash=FLASH.get(done, ""))


@router.post("/clinic/people/{person_id}/propose", response_class=HTMLResponse)
async def propose(request: Request, person_id: int) -> Response:
    from stepdown.services.clinic import propose_change

    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("kind", "days", "percent", "reason")}
    try:
        await _run(
            propose_change,
            request.app.state.engine,
            person_id,
            request.state.account,
            kind=values["kind"],
            days=values["days"],
            percent=values["percent"],
            reason=values["reason"],
        )
    except InvalidInput as exc:
        return _person_page(request, person_id, errors={exc.field or "kind": exc.message}, values=values)
    return RedirectResponse(f"/clinic/people/{person_id}?done=proposed#propose", status_code=303)


@router.post("/clinic/people/{person_id}/thresholds", response_class=HTMLResponse)
async def thresholds(request: Request, person_id: int) -> Response:
    account = request.state.account
    form = await request.form()
    errors, values = await _run(
        thresholds_form.save,
        request.app.state.engine,
        person_id,
        form,
        by=account.label,
        by_name=account.display_name,
    )
    if errors:
        return _person_page(request, person_id, errors=errors, values=values)
    return RedirectResponse(f"/clinic/people/{person_id}?done=thresholds#thresholds", status_code=303)


@router.post("/clinic/people/{person_id}/agree", response_class=HTMLResponse)
async def agree(request: Request, person_id: int) -> Response:
    from stepdown.services.clinic import record_agreement

    form = await request.form()
    try:
        await _run(
            record_agreement,
            request.app.state.engine,
            person_id,
            request.state.account,
            str(form.get("note", "")),
        )
    except InvalidInput as exc:
        return _person_page(request, person_id, error=exc.message)
    return RedirectResponse(f"/clinic/people/{person_id}?done=agreed", status_code=303)


@router.post("/clinic/people/{person_id}/note", response_class=HTMLResponse)
async def note(request: Request, person_id: int) -> Response:
    from stepdown.services.clinic import add_note_for_person

    form = await request.form()
    try:
        await _run(
            add_note_for_person,
            request.app.state.engine,
            person_id,
            request.state.account,
            str(form.get("text", "")),
            today=utcnow().date(),
        )
    except InvalidInput as exc:
        return _person_page(request, person_id, error=exc.message)
    return RedirectResponse(f"/clinic/people/{person_id}?done=note", status_code=303)


@router.get("/clinic/people/{person_id}/report.pdf")
def person_report(request: Request, person_id: int) -> Response:
    """The same clinician PDF the person can print, for a linked clinician (an audited view)."""
    from stepdown.reports.data import load
    from stepdown.reports.pdf import build_pdf

    data = load(request.app.state.engine, person_id, now=utcnow())
    name = f"stepdown-{person_id}-{data.today.isoformat()}.pdf"
    return Response(
        build_pdf(data),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
