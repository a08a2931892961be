"""Settings: the dose form, the magnesium product, the adaptive thresholds (with their defaults
explained) and deleting all data (with confirmation)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.domain import magnesium as mg_domain
from stepdown.domain.errors import InvalidInput
from stepdown.web import deps, thresholds_form
from stepdown.web.templating import render

router = APIRouter()

FLASH = {
    "magnesium": "Your new magnesium plan is saved; Today shows the new servings.",
    "thresholds": "Thresholds saved. They apply from your next check-in.",
    "reset": "Thresholds are back to their defaults.",
}


def _page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    mg_saved: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.services.person import get_settings
    from stepdown.services.views import current_plan_data, latest_magnesium

    person = deps.person(request)
    engine = deps.engine(request)
    plan = current_plan_data(engine, person.id)  # not plan_history: no doses needed here
    settings = get_settings(engine, person.id)
    thresholds = thresholds_form.fields(settings.get("thresholds") or {}, values)
    mg = latest_magnesium(engine, person.id)
    mg_values = {
        "mg_form": (mg or {}).get("form", "glycinate"),
        "mg_elemental": (mg or {}).get("request", {}).get("elemental_mg") or "",
        "meals": str(len((mg or {}).get("servings") or []) or 2),
    }
    mg_values.update({k: v for k, v in (values or {}).items() if k in mg_values})
    return render(
        request,
        "settings.html",
        {
            "title": "Settings",
            "plan": plan,
            "magnesium": mg,
            "mg_values": mg_values,
            "mg_forms": [(f.code, f.label) for f in mg_domain.FORMS.values()],
            "thresholds": thresholds,
            "thresholds_set_by": settings.get("thresholds_set_by"),
            "errors": errors or {},
            "values": values or {},
            "flash": flash,
            # Just saved: the plan's own warnings (e.g. capped at the upper limit) are shown with it.
            "mg_warnings": (mg or {}).get("warnings") or [] if mg_saved else [],
        },
        status_code=status_code,
    )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, done: str = "") -> HTMLResponse:
    return _page(request, flash=FLASH.get(done), mg_saved=done == "magnesium")


@router.post("/settings/magnesium")
def save_magnesium(request: Request, form: deps.Form) -> Response:
    from stepdown.services.account import save_magnesium_plan
    from stepdown.services.views import latest_intake

    values = {k: str(form.get(k, "")).strip() for k in ("mg_form", "mg_elemental", "meals")}
    person = deps.person(request)
    engine = deps.engine(request)
    intake = latest_intake(engine, person.id) or {}
    try:
        plan = mg_domain.plan_magnesium(
            mg_domain.MagnesiumRequest.from_dict(
                {
                    "form": values["mg_form"],
                    "elemental_mg": values["mg_elemental"] or None,
                    "kidney_disease": "kidney-disease" in (intake.get("conditions") or []),
                    "medicines": list(intake.get("medicines") or []),
                    "meals": values["meals"] or 2,
                }
            )
        )
    except InvalidInput as exc:
        field = {"form": "mg_form", "elemental_mg": "mg_elemental", "compound_mg": "mg_elemental"}.get(
            exc.field or "", exc.field or "mg_form"
        )
        return _page(request, errors={field: exc.message}, values=values, status_code=400)
    save_magnesium_plan(engine, person.id, plan.to_dict())
    return RedirectResponse("/settings?done=magnesium#magnesium", status_code=303)


@router.post("/settings/thresholds")
def save_thresholds(request: Request, form: deps.Form) -> Response:
    person = deps.person(request)
    errors, values = thresholds_form.save(deps.engine(request), person.id, form, by="person", by_name="you")
    if errors:
        return _page(request, errors=errors, values=values, status_code=400)
    done = "reset" if form.get("reset") == "yes" else "thresholds"
    return RedirectResponse(f"/settings?done={done}#thresholds", status_code=303)


@router.post("/settings/delete")
def delete_everything(request: Request, form: deps.Form) -> Response:
    from stepdown.services.account import delete_all_data

    person = deps.person(request)
    server = getattr(request.app.state, "accounts", False)
    try:
        delete_all_data(
            deps.engine(request), person.id, confirm=str(form.get("confirm", "")), local=not server
        )
    except InvalidInput as exc:
        return _page(request, errors={"confirm": exc.message}, status_code=400)
    if server:  # the account and its sessions went with the data: signed out
        from stepdown.web.accounts.authz import SESSION_COOKIE

        response = RedirectResponse("/login?deleted=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    deps.forget_person(request)
    return RedirectResponse("/start?deleted=1", status_code=303)
