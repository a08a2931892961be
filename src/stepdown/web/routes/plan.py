"""Plan page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from stepdown.web.templating import render

router = APIRouter()


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request) -> HTMLResponse:
    return render(request, "plan.html", {"title": "Plan"})
