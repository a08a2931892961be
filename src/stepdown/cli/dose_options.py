"""Shared click options for "what you take and how you measure it" (used by `plan` and `init`).

Values are read as text and checked by the domain, so bad input gets one plain sentence (exit 2)
instead of click's generic type errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

import click

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import DoseForm

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = [
    click.option(
        "--amount", "amount", metavar="AMOUNT", help="Your current DAILY amount, in --unit (e.g. 60)."
    ),
    click.option(
        "--unit", "unit", default="mg", show_default=True, metavar="mg|g", help="Unit of amounts: mg or g."
    ),
    click.option(
        "--form",
        "form",
        default="tablet",
        show_default=True,
        metavar="tablet|powder|liquid",
        help="How you measure a dose.",
    ),
    click.option(
        "--strength",
        "strength",
        multiple=True,
        metavar="AMOUNT",
        help="Tablet strength in --unit; repeat for several strengths (tablets only).",
    ),
    click.option(
        "--split",
        "split",
        default=None,
        metavar="1|2|4",
        help="Pieces you can split a tablet into: 1 whole, 2 halves, 4 quarters (tablets only; default 1).",
    ),
    click.option("--times", "times", default="1", show_default=True, metavar="N", help="Doses a day (1-6)."),
    click.option(
        "--resolution",
        "resolution",
        default=None,
        metavar="STEP",
        help="Smallest step you can measure: scale step in --unit (powder) or ml (liquid).",
    ),
    click.option(
        "--concentration",
        "concentration",
        default=None,
        metavar="PER_ML",
        help="Liquid strength in --unit per ml (liquid only).",
    ),
]

DOSE_OPTION_NAMES = ("amount", "unit", "form", "strength", "split", "times", "resolution", "concentration")


# The planner's messages name each thing in plain words, so the web form can show them as they are;
# on the command line we also name the option to change.
OPTION_FOR_FIELD = {
    "strength": "--strength",
    "split": "--split",
    "resolution": "--resolution",
    "concentration": "--concentration",
    "on_hand": "--on-hand",
    "step": "--step",
    "stop_percent": "--stop-percent",
    "units": "--clinician-agreed",
    "clinician_agreed": "--clinician-agreed",
    "against_advice": "--against-advice",
    "every": "--every",
}


def with_option(exc: InvalidInput, fields: tuple[str, ...] | None = None) -> InvalidInput:
    """The same error with its command-line option named, unless the message already names it.
    `fields` limits this to the options the command has."""
    option = OPTION_FOR_FIELD.get(exc.field or "")
    if option is None or option in exc.message or (fields is not None and exc.field not in fields):
        return exc
    return InvalidInput(f"{exc.message.rstrip().removesuffix('.')} ({option}).", field=exc.field)


@contextmanager
def naming_options(*fields: str) -> Iterator[None]:
    """Re-raise a planner InvalidInput with the option to change named (see `with_option`); with
    `fields`, only for those (a command without --step must not suggest it)."""
    try:
        yield
    except InvalidInput as exc:
        raise with_option(exc, fields or None) from None


def dose_form_options(func: F) -> F:
    """Add --amount --unit --form --strength --split --times --resolution --concentration."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def _whole(value: object, field: str, what: str, accepted: str) -> int:
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise InvalidInput(f"{what} must be a whole number ({accepted}); got {text!r}.", field=field)
    return int(text)


def form_from_options(**kw: Any) -> tuple[Decimal, DoseForm, int]:
    """(daily amount, DoseForm, times a day) from the dose options; raises InvalidInput on bad input.

    Extra keyword arguments (other options of the calling command) are ignored.
    """
    from stepdown.domain.planner.forms import make_form, parse_decimal, validate_amount

    if kw.get("amount") in (None, ""):
        raise InvalidInput("Give your current daily amount with --amount, e.g. --amount 60.", field="amount")
    amount = parse_decimal(kw["amount"], "amount", "The daily amount (--amount)")
    split_raw = kw.get("split")
    pieces = 1 if split_raw in (None, "") else _whole(split_raw, "split", "--split", "1, 2 or 4")
    times = _whole(kw.get("times") or "1", "times", "--times", "1 to 6")
    with naming_options():
        form = make_form(
            kw.get("form") or "tablet",
            kw.get("unit") or "mg",
            strengths=tuple(kw.get("strength") or ()),
            pieces=pieces,
            resolution=kw.get("resolution"),
            concentration=kw.get("concentration"),
        )
    if not 1 <= times <= 6:
        raise InvalidInput(f"--times must be from 1 to 6 doses a day; got {times}.", field="times")
    validate_amount(amount, form, what="The daily amount (--amount)")
    return amount, form, times
