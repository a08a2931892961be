"""What every page needs: the engine, the local person and their today."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.datastructures import FormData

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text


async def _read_form(request: Request) -> FormData:
    return await request.form()


#: The posted form, read on the event loop, so a route can be a plain `def`: FastAPI runs those in
#: its thread pool, and the blocking database work there never holds up other requests.
Form = Annotated[FormData, Depends(_read_form)]


def engine(request: Request) -> Engine:
    return request.app.state.engine


def person(request: Request) -> Any:
    """The one local person (created on first visit); a PersonInfo from services.person.

    Kept on the app after the first look-up, so a page costs no extra write transaction;
    `forget_person` drops it when the person's data is deleted.
    On a clinic server it is the signed-in person (set by web/accounts/authz.py), never a cache."""
    if getattr(request.app.state, "accounts", False):
        return request.state.person_info
    from stepdown.services.person import get_or_create_local_person

    cached = getattr(request.app.state, "person", None)
    if cached is None:
        cached = get_or_create_local_person(engine(request))
        request.app.state.person = cached
    return cached


def forget_person(request: Request) -> None:
    request.app.state.person = None


#: Row ids are 64-bit integers in SQLite and PostgreSQL; a larger number cannot name a row.
MAX_ROW_ID = 2**63 - 1


def row_id(text: str) -> int | None:
    """An id from a URL, or None when it cannot name a row (not ASCII digits, 0, or too large)."""
    if not digits_text(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ROW_ID else None


def today(person_info: Any) -> date:
    return person_info.today()


def form_errors(
    exc: InvalidInput,
    field_map: dict[str, str] | None = None,
    *,
    known: Iterable[str] = (),
    default: str = "_form",
) -> dict[str, str]:
    """{form field: message} from a domain error; a field the form does not show goes to the top."""
    name = (field_map or {}).get(exc.field or "", exc.field or default)
    if known and name not in set(known):
        name = default
    return {name or default: exc.message}
