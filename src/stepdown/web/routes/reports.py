"""Reports and your data: the clinician PDF, the calendar, JSON / CSV / FHIR exports.

Downloads are GET requests (they change nothing), except the PDF with a name typed in: that one is
a POST form (CSRF-protected) so the name never lands in an address bar or the browser history.
The same `stepdown.reports` functions serve the CLI, so both give the same files.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.domain.errors import InvalidInput
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()


def _now() -> datetime:
    return datetime.now(UTC)


def _data(request: Request, name: str | None = None) -> Any:
    from stepdown.reports.data import load

    person = deps.person(request)
    return load(deps.engine(request), person.id, now=_now(), name=name)


def _download(content: bytes | str, media_type: str, filename: str) -> Response:
    body = content.encode("utf-8") if isinstance(content, str) else content
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _page(request: Request, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
          status_code: int = 200) -> Response:  # fmt: skip
    from stepdown.reports.ics import default_dose_times

    data = _data(request)
    plan = data.plan
    defaults = {
        "tz": data.timezone,
        "dose_times": ",".join(t.strftime("%H:%M") for t in default_dose_times(plan.times_per_day))
        if plan
        else "",
        "alarm": "0",
        "magnesium": "yes",
    }
    return render(
        request,
        "reports.html",
        {
            "title": "Reports and your data",
            "data": data,
            "plan": plan,
            "adherence": data.adherence(),
            "errors": errors or {},
            "values": {**defaults, **(values or {})},
            "noted": request.query_params.get("noted") == "1",
        },
        status_code=status_code,
    )


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> Response:
    return _page(request)


@router.post("/reports/notes")
async def add_note(request: Request) -> Response:
    from stepdown.services.notes import add_clinician_note

    form = await request.form()
    text = str(form.get("note") or "")
    person = deps.person(request)
    try:
        add_clinician_note(deps.engine(request), person.id, text, day=deps.today(person))
    except InvalidInput as exc:
        return _page(request, errors={"note": exc.message}, values={"note": text}, status_code=400)
    return RedirectResponse("/reports?noted=1#notes", status_code=303)


@router.get("/reports/clinician.pdf")
def clinician_pdf(request: Request) -> Response:
    from stepdown.reports.pdf import build_pdf

    data = _data(request)
    return _download(build_pdf(data), "application/pdf", f"stepdown-report-{data.today.isoformat()}.pdf")


@router.post("/reports/clinician.pdf")
async def clinician_pdf_named(request: Request) -> Response:
    from stepdown.reports.pdf import build_pdf

    form = await request.form()
    name = str(form.get("name") or "").strip()
    if len(name) > 100:
        errors = {"name": "A name is at most 100 characters long."}
        return _page(request, errors=errors, values={"name": name}, status_code=400)
    data = _data(request, name or None)
    return _download(build_pdf(data), "application/pdf", f"stepdown-report-{data.today.isoformat()}.pdf")


@router.get("/reports/taper.ics")
def calendar_file(request: Request) -> Response:
    from stepdown.reports.ics import build_calendar, parse_times, servings_from_magnesium_plan

    params = request.query_params
    values = {k: params.get(k, "") for k in ("tz", "dose_times", "alarm", "magnesium")}
    data = _data(request)
    plan = data.plan
    fields = {"tz": "tz", "dose_times": "dose_times", "alarm": "alarm", "plan": "_calendar"}
    try:
        if plan is None:
            raise InvalidInput("There is no taper plan yet; make one first.", field="plan")
        alarm_text = values["alarm"].strip() or "0"
        if not alarm_text.isdigit():
            raise InvalidInput("The alarm is a whole number of minutes, such as 10.", field="alarm")
        calendar = build_calendar(
            plan,
            tz=values["tz"].strip() or data.timezone,
            stamp=data.generated_at,
            dose_times=parse_times(values["dose_times"]) if values["dose_times"].strip() else None,
            magnesium=servings_from_magnesium_plan(data.magnesium) if values["magnesium"] else (),
            alarm_minutes=int(alarm_text),
            uid_seed=f"plan{data.plan_id}",
            sequence=data.revisions[-1].number,
        )
    except InvalidInput as exc:
        errors = {fields.get(exc.field or "", "_calendar"): exc.message}
        return _page(request, errors=errors, values=values, status_code=400)
    return _download(calendar, "text/calendar; charset=utf-8", "stepdown-taper.ics")


@router.get("/reports/export.json")
def export_json(request: Request) -> Response:
    from stepdown.reports.export import dumps, export_document

    now = _now()
    document = export_document(deps.engine(request), now=now)
    return _download(dumps(document), "application/json", f"stepdown-export-{now:%Y%m%d}.json")


@router.get("/reports/export-csv.zip")
def export_csv(request: Request) -> Response:
    from stepdown.reports.export import csv_zip_bytes, export_document

    now = _now()
    document = export_document(deps.engine(request), now=now)
    return _download(csv_zip_bytes(document), "application/zip", f"stepdown-export-{now:%Y%m%d}-csv.zip")


@router.get("/reports/fhir.json")
def export_fhir(request: Request) -> Response:
    from stepdown.reports.fhir import bundle_json

    data = _data(request)
    return _download(bundle_json(data), "application/fhir+json", f"stepdown-fhir-{data.today:%Y%m%d}.json")
