"""The signed-in person's own data on a clinic server: their JSON and CSV export (the JSON export is
their backup) and restoring such a file into their own account. The one-person app's whole-database
tools stay refused here (authz.py: local_only); these read and write only the person's own rows."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from stepdown.domain.errors import InvalidInput
from stepdown.web import deps
from stepdown.web.routes.reports import download, now_utc, reports_response, restore_form_errors

router = APIRouter()


def _document(request: Request) -> dict:
    from stepdown.reports.export import export_document

    return export_document(deps.engine(request), now=now_utc(), person_id=deps.person(request).id)


@router.get("/reports/my-export.json")
def my_export_json(request: Request) -> Response:
    from stepdown.reports.export import dumps

    document = _document(request)
    return download(dumps(document), "application/json", f"stepdown-my-data-{now_utc():%Y%m%d}.json")


@router.get("/reports/my-export-csv.zip")
def my_export_csv(request: Request) -> Response:
    from stepdown.reports.export import csv_zip_bytes

    document = _document(request)
    name = f"stepdown-my-data-{now_utc():%Y%m%d}-csv.zip"
    return download(csv_zip_bytes(document), "application/zip", name)


@router.post("/reports/my-restore")
async def my_restore(request: Request) -> Response:
    """Replace the person's own data with their uploaded JSON export, after RESTORE is typed."""
    from stepdown.reports.import_ import parse_document
    from stepdown.reports.restore_person import restore_person

    form = await request.form()
    upload = form.get("export_file")
    confirm = str(form.get("restore_confirm") or "")
    choose = "Choose your JSON export (.json) made by stepdown to restore."
    errors = restore_form_errors(upload, confirm, field="export_file", choose=choose)
    if errors:
        await form.close()
        return reports_response(request, errors=errors, status_code=400)
    assert isinstance(upload, UploadFile)
    try:
        raw = await upload.read()
    finally:
        await form.close()
    try:
        document = parse_document(raw)
        await run_in_threadpool(
            restore_person, deps.engine(request), document, deps.person(request).id
        )
    except InvalidInput as exc:
        return reports_response(request, errors={"export_file": exc.message}, status_code=400)
    return RedirectResponse("/reports?done=imported#backup", status_code=303)
