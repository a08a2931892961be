"""Progress page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from stepdown.web.templating import render

router = APIRouter()


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request) -> HTMLResponse:
    return render(request, "progress.html", {"title": "Progress"})
