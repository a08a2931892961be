"""The person's phone: a private calendar subscription, and the service worker of the installable
app (served from / so that it may control every page)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from stepdown.services.common import utcnow
from stepdown.web.templating import render

router = APIRouter()
SERVICE_WORKER = Path(__file__).resolve().parents[1] / "static" / "sw.js"


@router.post("/account/calendar")
def new_calendar(request: Request) -> Response:
    from stepdown.services.calendar_feed import new_feed

    token = new_feed(request.app.state.engine, request.state.account.person_id)
    url = str(request.base_url).rstrip("/") + f"/calendar/{token}.ics"
    return render(request, "accounts/calendar.html", {"title": "Calendar subscription", "url": url})


@router.post("/account/calendar/revoke")
def revoke_calendar(request: Request) -> Response:
    from stepdown.services.calendar_feed import revoke_feeds

    revoke_feeds(request.app.state.engine, request.state.account.person_id)
    return RedirectResponse("/account?done=calendar_revoked", status_code=303)


@router.get("/calendar/{token}.ics")
def calendar_feed(request: Request, token: str) -> Response:
    """Always the active plan's doses and magnesium, at the person's default times."""
    from fastapi import HTTPException

    from stepdown.reports.ics import build_calendar, servings_from_magnesium_plan
    from stepdown.services.calendar_feed import calendar_source, person_of

    engine = request.app.state.engine
    person_id = person_of(engine, token)
    if person_id is None:
        raise HTTPException(404, "There is no calendar at this address.")
    source = calendar_source(engine, person_id)
    if source is None:
        raise HTTPException(404, "There is no taper plan yet.")
    calendar = build_calendar(
        source.plan,
        tz=source.timezone,
        stamp=utcnow(),
        dose_times=None,
        magnesium=servings_from_magnesium_plan(source.magnesium),
        alarm_minutes=0,
        uid_seed=f"plan{source.plan_id}",
        sequence=source.revision_number,
    )
    return Response(
        calendar,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )


@router.get("/sw.js")
def service_worker() -> Response:
    return Response(
        SERVICE_WORKER.read_bytes(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )
