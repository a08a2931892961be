"""Today: red flags first, doses due, magnesium, the check-in call to action, proposals."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from stepdown.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> HTMLResponse:
    return render(request, "today.html", {"title": "Today"})
