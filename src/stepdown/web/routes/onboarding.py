"""Get started page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from stepdown.web.templating import render

router = APIRouter()


@router.get("/start", response_class=HTMLResponse)
def onboarding_page(request: Request) -> HTMLResponse:
    return render(request, "onboarding.html", {"title": "Get started"})
