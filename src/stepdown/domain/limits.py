"""One set of plausibility limits for every amount a person types (planner, intake, dose log, lapse).

Above these an amount is almost surely a typing slip (a missing decimal point, mg typed as g), and a
plan or record built on it could be dangerous, so every command and page refuses it with the same
plain sentence. Nothing here reads or writes anything.

Why these numbers:
- 100 g a day covers the heaviest kratom-leaf use in the literature (35 g/day case reports,
  clinical-facts.md section 3) with room to spare.
- 60 tablets (or labelled doses) a day: 7-OH tablets hold 14-30 mg (Smith et al. 2024), so more is
  almost surely a slip; with a known tablet strength, 60 tablets of the largest strength is the cap.
- 2000 ml a day: far above any liquid product's daily use (stepdown's cautious choice).
- At most 4 decimals: no measuring tool a person has reads finer.
- A re-plan never starts above the plan's starting amount unless a clinician agreed (BRIEF safety
  rule: no single tap or typo can raise a dose above the plan's start).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import plain_decimal

MAX_DAILY_MG = Decimal(100_000)
MAX_TABLETS_A_DAY = 60
MAX_DAILY: dict[str, Decimal] = {
    "mg": MAX_DAILY_MG,
    "g": MAX_DAILY_MG / 1000,
    "ml": Decimal(2000),
    "tablets": Decimal(MAX_TABLETS_A_DAY),
    "doses": Decimal(MAX_TABLETS_A_DAY),
}
UNITS = tuple(MAX_DAILY)
MAX_DECIMALS = 4


def fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def daily_limit(unit: str, tablet_strengths: Iterable[Decimal] = ()) -> Decimal:
    """The most a day that stepdown accepts in `unit` (with tablets: 60 of the largest strength)."""
    limit = MAX_DAILY[unit]
    strengths = [Decimal(str(s)) for s in tablet_strengths]
    if strengths and unit in ("mg", "g"):
        limit = min(limit, max(strengths) * MAX_TABLETS_A_DAY)
    return limit


def parse_amount(
    value: Any,
    *,
    unit: str,
    field: str,
    what: str,
    tablet_strengths: Iterable[Decimal] = (),
    allow_zero: bool = False,
) -> Decimal:
    """A typed amount checked against the shared limits; InvalidInput (one sentence) otherwise.

    An empty value is an error, never a default: the caller decides what "nothing typed" means."""
    if unit not in MAX_DAILY:
        raise InvalidInput(f"The unit must be one of: {', '.join(UNITS)}; got {unit!r}.", field="unit")
    least = "0 or more" if allow_zero else "more than 0"
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"{what} is missing: type the amount in {unit}, e.g. 7.5.", field=field)
    amount = plain_decimal(value)  # ASCII digits only: '٣' is not read as 3
    if amount is None:
        raise InvalidInput(
            f"{what} must be a number in {unit} written with the digits 0-9, such as 7.5; got {value!r}.",
            field=field,
        )
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput(f"{what} must be a number {least} {unit}.", field=field)
    limit = daily_limit(unit, tablet_strengths)
    if amount > limit:  # checked first: quantizing a number like 1e308 would overflow the context
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} is above the {fmt(limit)} {unit} a day stepdown accepts; "
            "please check the number (a missing decimal point?).",
            field=field,
        )
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise InvalidInput(f"{what} can have at most {MAX_DECIMALS} decimal places.", field=field)
    return amount


def check_not_above_start(
    amount: Decimal, start: Decimal, *, unit: str, field: str, what: str, clinician_agreed: bool
) -> None:
    """A new plan may not start above the plan's starting amount unless a clinician agreed."""
    if amount > start and not clinician_agreed:
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} is above the {fmt(start)} {unit} a day your plan started "
            "from. Please check the number; a plan that goes back above its start needs a clinician's "
            "agreement, recorded with it.",
            field=field,
        )


def clinician_agreement(note: Any, *, by: str, recorded_at: str) -> dict[str, str]:
    """The shared trigger["clinician_agreement"] record; the note (what was agreed) is required."""
    text = " ".join(str(note or "").split())
    if not text:
        raise InvalidInput(
            "Say what your clinician agreed to (e.g. who and when), so it is kept with the plan.",
            field="clinician_agreement",
        )
    if len(text) > 1000:
        raise InvalidInput(
            "The clinician's agreement note can be at most 1000 characters.", field="clinician_agreement"
        )
    return {"recorded_at": recorded_at, "by": by, "note": text}


def form_strengths(form: Any) -> tuple[Decimal, ...]:
    """Tablet strengths of a planner DoseForm (empty for powder and liquid)."""
    if getattr(form, "kind", None) != "tablet":
        return ()
    return tuple(Decimal(str(s)) for s in getattr(form, "strengths", ()) or ())
