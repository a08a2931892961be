"""What every page needs: the engine, the local person and their today."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from stepdown.domain.errors import InvalidInput


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
