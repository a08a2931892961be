"""Jinja2 set-up shared by every page: base context, filters, one `render` function."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from stepdown import formatting
from stepdown.messages import safety, words
from stepdown.messages.daily import logged_dose, time_of_day
from stepdown.web.assets import asset
from stepdown.web.csrf import FIELD_NAME, token_for
from stepdown.web.nav import NAV, active_item

TEMPLATE_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.auto_reload = False  # templates ship with the package: no stat() of each file per page


def fmt_amount(value: Any) -> str:
    """12.50 -> '12.5'; 10.000 -> '10'; None -> '-' (formatting.number, Babel)."""
    return formatting.number(value)


def fmt_day(value: date | datetime | str | None, style: str = "short") -> str:
    """A date as people read it: 'Thu 26 Nov' (short) or 'Thursday 26 November 2026' (long)."""
    if value == "":
        return "-"
    if isinstance(value, str):
        try:
            date.fromisoformat(value[:10])
        except ValueError:  # a form sent back with a mistyped or missing day: show it as typed
            return value
    return formatting.day(value, style)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD_NAME, token_for(request))


def fmt_phone(number: Any) -> Markup:
    """A phone number kept whole on one line (a 360 px phone broke "1-800-222-" / "1222")."""
    return Markup('<span class="tel">{}</span>').format(number)


templates.env.filters["amount"] = fmt_amount
templates.env.filters["phone"] = fmt_phone
templates.env.filters["day"] = fmt_day
templates.env.filters["percent"] = formatting.percent
templates.env.filters["revision_kind"] = words.revision_kind
templates.env.filters["trigger_value"] = words.trigger_value
templates.env.globals["count"] = formatting.count
templates.env.globals["logged_dose"] = logged_dose
# Strings marked {% trans %} / _() are what `pybabel extract` collects; a null translation until a
# catalogue ships (docs/development.md, "Adding a translation").
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_translations(formatting.translations(), newstyle=True)  # type: ignore[attr-defined]
templates.env.globals.update(
    nav=NAV,
    disclaimer=safety.DISCLAIMER,
    helplines=safety.HELPLINES,
    tolerance_warning=safety.TOLERANCE_WARNING,
    urgent_headline=safety.URGENT_HEADLINE,
    urgent_body=safety.URGENT_BODY,
    seek_care_headline=safety.SEEK_CARE_HEADLINE,
    seek_care_body=safety.SEEK_CARE_BODY,
    csrf_field=csrf_field,
    time_of_day=time_of_day,
    asset=asset,
)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """Render a page that extends base.html."""
    ctx: dict[str, Any] = {
        "active": active_item(request.url.path),
        "demo": getattr(request.app.state, "demo", False),
        "csrf_token": token_for(request),
    }
    if getattr(request.app.state, "accounts", False):
        from stepdown.web.accounts.nav import nav_for

        ctx["nav"] = nav_for(getattr(request.state, "account", None))
        ctx["server_mode"] = True
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
