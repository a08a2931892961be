"""Settings: the dose form, the magnesium product, the adaptive thresholds (with their defaults
explained) and deleting all data (with confirmation)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown import formatting
from stepdown.domain import magnesium as mg_domain
from stepdown.domain.errors import InvalidInput
from stepdown.messages.adapt import THRESHOLD_LABELS, is_share
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()

FLASH = {
    "magnesium": "Your new magnesium plan is saved; Today shows the new servings.",
    "thresholds": "Thresholds saved. They apply from your next check-in.",
    "reset": "Thresholds are back to their defaults.",
}


def _shown(name: str, value: Any, *, unit: bool = False) -> str:
    """A share of the scale's maximum as a person reads it: 0.3 -> '30' (with unit: '30%')."""
    if not is_share(name):
        return str(value)
    text = formatting.number(Decimal(str(value)) * 100, decimals=1)
    return text + "%" if unit else text


def _from_shown(name: str, text: str) -> str:
    """What the person typed (30 or 30%) back to the stored share (0.3); anything else as typed."""
    if not is_share(name):
        return text
    try:
        return str(Decimal(text.removesuffix("%").strip()) / 100)
    except InvalidOperation:
        return text


def _page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    flash: str | None = None,
    mg_saved: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    from stepdown.domain.adapt import THRESHOLD_REASONS, Thresholds
    from stepdown.domain.adapt.rules import LIMITS
    from stepdown.services.person import get_settings
    from stepdown.services.views import latest_magnesium, plan_history

    person = deps.person(request)
    engine = deps.engine(request)
    history = plan_history(engine, person.id)
    overrides = get_settings(engine, person.id).get("thresholds") or {}
    try:
        current = Thresholds.from_overrides(overrides).to_dict()
    except InvalidInput:
        current = Thresholds().to_dict()
    defaults = Thresholds().to_dict()
    thresholds = [
        {
            "name": name,
            "label": THRESHOLD_LABELS.get(name, name.replace("_", " ")),
            "value": (values or {}).get(f"t_{name}", _shown(name, current[name])),
            "default": _shown(name, defaults[name], unit=True),
            "low": _shown(name, LIMITS[name][0], unit=True),
            "high": _shown(name, LIMITS[name][1], unit=True),
            "reason": THRESHOLD_REASONS.get(name, ""),
            "changed": current[name] != defaults[name],
        }
        for name in defaults
    ]
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
            "plan": history.current.plan if history else None,
            "magnesium": mg,
            "mg_values": mg_values,
            "mg_forms": [(f.code, f.label) for f in mg_domain.FORMS.values()],
            "thresholds": thresholds,
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
    from stepdown.domain.adapt import Thresholds
    from stepdown.services.account import save_thresholds as save

    person = deps.person(request)
    if form.get("reset") == "yes":
        save(deps.engine(request), person.id, {})
        return RedirectResponse("/settings?done=reset#thresholds", status_code=303)
    names = list(Thresholds().to_dict())
    values = {f"t_{n}": str(form.get(f"t_{n}", "")).strip() for n in names}
    missing = [n for n in names if values[f"t_{n}"] == ""]
    if missing:
        errors = {f"t_{missing[0]}": "Please give a number (the default is shown beside it)."}
        return _page(request, errors=errors, values=values, status_code=400)
    try:
        save(deps.engine(request), person.id, {n: _from_shown(n, values[f"t_{n}"]) for n in names})
    except InvalidInput as exc:
        return _page(request, errors={f"t_{exc.field}": exc.message}, values=values, status_code=400)
    return RedirectResponse("/settings?done=thresholds#thresholds", status_code=303)


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
