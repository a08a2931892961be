"""Reports and your data: the clinician PDF, the calendar, JSON / CSV / FHIR exports, a backup of
the SQLite database, restoring one, and importing a JSON export into an empty stepdown.

Downloads are GET requests (they change nothing), except the PDF with a name typed in: that one is
a POST form (CSRF-protected) so the name never lands in an address bar or the browser history.
Restore and import are CSRF-protected multipart POST forms. The same `stepdown.reports` functions
serve the CLI (with their checks), so both give the same files and refuse the same bad ones.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()


def now_utc() -> datetime:
    return datetime.now(UTC)


def _data(request: Request, name: str | None = None) -> Any:
    from stepdown.reports.data import load

    person = deps.person(request)
    return load(deps.engine(request), person.id, now=now_utc(), name=name)


def download(content: bytes | str, media_type: str, filename: str) -> Response:
    body = content.encode("utf-8") if isinstance(content, str) else content
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def reports_response(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    from stepdown.reports.ics import default_dose_times
    from stepdown.reports.summary import summarise

    # Counts and adherence by aggregate queries: the page must not load years of rows (issue 11).
    data = summarise(deps.engine(request), deps.person(request).id, now=now_utc())
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
            "adherence": data.adherence,
            "errors": errors or {},
            "values": {**defaults, **(values or {})},
            "noted": request.query_params.get("noted") == "1",
            **_backup_context(request),
        },
        status_code=status_code,
    )


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> Response:
    return reports_response(request)


@router.post("/reports/notes")
def add_note(request: Request, form: deps.Form) -> Response:
    from stepdown.services.notes import add_clinician_note

    text = str(form.get("note") or "")
    person = deps.person(request)
    try:
        add_clinician_note(deps.engine(request), person.id, text, day=deps.today(person))
    except InvalidInput as exc:
        return reports_response(request, errors={"note": exc.message}, values={"note": text}, status_code=400)
    return RedirectResponse("/reports?noted=1#notes", status_code=303)


@router.get("/reports/clinician.pdf")
def clinician_pdf(request: Request) -> Response:
    from stepdown.reports.pdf import build_pdf

    data = _data(request)
    return download(build_pdf(data), "application/pdf", f"stepdown-report-{data.today.isoformat()}.pdf")


@router.post("/reports/clinician.pdf")
def clinician_pdf_named(request: Request, form: deps.Form) -> Response:
    from stepdown.reports.pdf import build_pdf

    name = str(form.get("name") or "").strip()
    if len(name) > 100:
        errors = {"name": "A name is at most 100 characters long."}
        return reports_response(request, errors=errors, values={"name": name}, status_code=400)
    data = _data(request, name or None)
    return download(build_pdf(data), "application/pdf", f"stepdown-report-{data.today.isoformat()}.pdf")


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
        if not digits_text(alarm_text):
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
        return reports_response(request, errors=errors, values=values, status_code=400)
    return download(calendar, "text/calendar; charset=utf-8", "stepdown-taper.ics")


@router.get("/reports/export.json")
def export_json(request: Request) -> Response:
    from stepdown.reports.export import dumps, export_document

    now = now_utc()
    document = export_document(deps.engine(request), now=now)
    return download(dumps(document), "application/json", f"stepdown-export-{now:%Y%m%d}.json")


@router.get("/reports/export-csv.zip")
def export_csv(request: Request) -> Response:
    from stepdown.reports.export import csv_zip_bytes, export_document

    now = now_utc()
    document = export_document(deps.engine(request), now=now)
    return download(csv_zip_bytes(document), "application/zip", f"stepdown-export-{now:%Y%m%d}-csv.zip")


@router.get("/reports/fhir.json")
def export_fhir(request: Request) -> Response:
    from stepdown.reports.fhir import bundle_json

    data = _data(request)
    return download(bundle_json(data), "application/fhir+json", f"stepdown-fhir-{data.today:%Y%m%d}.json")


# --- Backup, restore and import -------------------------------------------------------------------

RESTORE_WORD = "RESTORE"


def _database(request: Request) -> Path:
    """The app's SQLite file; InvalidInput with the pg_dump advice on PostgreSQL."""
    from stepdown.reports.backup import sqlite_path

    return sqlite_path(request.app.state.database_url)


def _backup_context(request: Request) -> dict[str, Any]:
    """What the backup section shows: why backup is unavailable (PostgreSQL), and the result of a
    restore or import just done (the .bak name is shown only if that file really exists)."""
    try:
        database = _database(request)
    except InvalidInput as exc:
        database, backup_unavailable = None, exc.message
    else:
        backup_unavailable = None
    restored = None
    kept = request.query_params.get("restored", "")
    if database is not None and kept.startswith(database.name + ".") and kept.endswith(".bak"):
        restored = database.parent / Path(kept).name
        restored = restored if restored.is_file() else None
    imported = request.query_params.get("imported", "")
    return {
        "backup_unavailable": backup_unavailable,
        "restored": restored,
        "restored_fresh": request.query_params.get("restored") == "new",
        "imported": int(imported) if digits_text(imported) else None,
        "restore_word": RESTORE_WORD,
    }


@router.get("/reports/backup.db")
def backup_download(request: Request) -> Response:
    """A fresh online backup (safe while the app runs), streamed, then its temp folder removed."""
    from stepdown.reports.backup import backup

    try:
        database = _database(request)
    except InvalidInput as exc:
        return reports_response(request, errors={"_backup": exc.message}, status_code=400)
    folder = Path(tempfile.mkdtemp(prefix="stepdown-backup-"))
    try:
        out = backup(database, folder / f"stepdown-backup-{now_utc():%Y%m%d-%H%M%S}.db")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        out,
        media_type="application/vnd.sqlite3",
        filename=out.name,
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def _upload_name(upload: UploadFile, default: str) -> str:
    """The uploaded file's own name, made safe to use inside our temp folder (for the messages)."""
    name = re.sub(r"[^\w.\- ]", "_", Path(upload.filename or "").name)[:100].strip()
    return name if name.strip(".") else default


async def _save_upload(upload: UploadFile, folder: Path, default: str) -> Path:
    path = folder / _upload_name(upload, default)
    with path.open("wb") as handle:
        while chunk := await upload.read(1 << 20):
            handle.write(chunk)
    return path


def chosen_upload(upload: Any) -> bool:
    return isinstance(upload, UploadFile) and bool(upload.filename)


def restore_form_errors(upload: Any, confirm: str, *, field: str, choose: str) -> dict[str, str]:
    """What is missing from a restore form: the file (`choose` says which) and the typed RESTORE."""
    errors: dict[str, str] = {}
    if not chosen_upload(upload):
        errors[field] = choose
    if confirm.strip() != RESTORE_WORD:
        errors["restore_confirm"] = f"Type {RESTORE_WORD} in capitals to confirm; nothing was changed."
    return errors


@router.post("/reports/restore")
async def restore_backup(request: Request) -> Response:
    """Replace the database with an uploaded backup: checked first, the current one kept as .bak."""
    from stepdown.reports.backup import restore

    form = await request.form()
    upload = form.get("backup_file")
    confirm = str(form.get("restore_confirm") or "")
    try:
        database = _database(request)
    except InvalidInput as exc:
        return reports_response(request, errors={"_backup": exc.message}, status_code=400)
    choose = "Choose a backup file (.db) made by stepdown to restore."
    errors = restore_form_errors(upload, confirm, field="backup_file", choose=choose)
    if errors:
        return reports_response(request, errors=errors, status_code=400)
    assert isinstance(upload, UploadFile)
    engine = deps.engine(request)
    folder = Path(tempfile.mkdtemp(prefix="stepdown-restore-"))
    try:
        source = await _save_upload(upload, folder, "backup.db")
        # Close the pool's idle connections first, so none holds a read snapshot of the old file.
        engine.dispose()
        kept = await run_in_threadpool(restore, database, source, now=now_utc())
    except InvalidInput as exc:
        return reports_response(request, errors={"backup_file": exc.message}, status_code=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        await form.close()
    # New connections see the restored file; a backup from an older stepdown is brought up to date.
    from stepdown.storage.db import upgrade

    engine.dispose()
    await run_in_threadpool(upgrade, engine)
    deps.forget_person(request)  # the restored database has its own person
    target = f"restored={kept.name}" if kept is not None else "restored=new"
    return RedirectResponse(f"/reports?{target}#backup", status_code=303)


@router.post("/reports/import")
async def import_export(request: Request) -> Response:
    """Read an uploaded JSON export into this stepdown, if it holds no records yet (all or nothing)."""
    from stepdown.reports.import_ import import_document, parse_document

    form = await request.form()
    upload = form.get("export_file")
    if not chosen_upload(upload):
        errors = {"export_file": "Choose a JSON export file made by stepdown to import."}
        return reports_response(request, errors=errors, status_code=400)
    assert isinstance(upload, UploadFile)
    try:
        raw = await upload.read()
    finally:
        await form.close()
    # The local person the app made on the first page view does not count as data (see import_).
    blank = deps.person(request).id
    try:
        document = parse_document(raw)
        counts = await run_in_threadpool(
            import_document, deps.engine(request), document, blank_person_id=blank
        )
    except InvalidInput as exc:
        return reports_response(request, errors={"export_file": exc.message}, status_code=400)
    deps.forget_person(request)
    return RedirectResponse(f"/reports?imported={sum(counts.values())}#backup", status_code=303)
