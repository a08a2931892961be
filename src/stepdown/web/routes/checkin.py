"""Check-in page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from stepdown.web.templating import render

router = APIRouter()


@router.get("/checkin", response_class=HTMLResponse)
def checkin_page(request: Request) -> HTMLResponse:
    return render(request, "checkin.html", {"title": "Check-in"})
