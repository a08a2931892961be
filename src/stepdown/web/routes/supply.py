"""The refill form on Today: more supply, so what is left and the run-out date follow it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from stepdown.domain.errors import InvalidInput
from stepdown.web import deps

router = APIRouter()


@router.post("/supply/refill")
async def refill(request: Request) -> Response:
    from stepdown.services.supply import record_refill
    from stepdown.web.routes.today import _today_with_error

    form = await request.form()
    amount = str(form.get("amount", "")).strip()
    person = deps.person(request)
    day = deps.today(person)
    try:
        if not amount:
            raise InvalidInput("Please enter how much you got, as a number such as 28.", field="amount")
        record_refill(deps.engine(request), person.id, amount=amount, day=day, today=day)
    except InvalidInput as exc:
        return _today_with_error(request, exc, "refill")
    return RedirectResponse("/?done=refill#supply", status_code=303)
