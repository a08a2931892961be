"""The clinician's side: the "needs attention" list and a person's page (viewing it is audited)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.domain.errors import InvalidInput
from stepdown.services.common import utcnow
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


def _person_page(request: Request, person_id: int, *, error: str | None = None, flash: str = "") -> Response:
    from stepdown.services.clinic import overview

    view = overview(request.app.state.engine, person_id, today=utcnow().date())
    return render(
        request,
        "accounts/person.html",
        {"title": view["person"]["name"], "view": view, "error": error, "flash": flash or None},
        status_code=400 if error else 200,
    )


@router.get("/clinic/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, person_id: int, done: str = "") -> Response:
    flash = {"agreed": "Your agreement is recorded as a new plan revision.", "note": "Note saved."}
    return _person_page(request, person_id, flash=flash.get(done, ""))


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
