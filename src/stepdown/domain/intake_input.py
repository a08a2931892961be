"""The Intake and reading it from raw input: every answer is checked before any rule sees it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from stepdown.domain import magnesium
from stepdown.domain.errors import InvalidInput
from stepdown.domain.intake_tables import (
    _AGE_ALIASES,
    _CONDITION_ALIASES,
    _OTHER_ALIASES,
    _SUBSTANCE_ALIASES,
    _UNIT_ALIASES,
    AGE_BANDS,
    CONDITIONS,
    MAX_ATTEMPTS,
    MAX_DAILY,
    MAX_DURATION_DAYS,
    MAX_TIMES,
    OTHER_SUBSTANCES,
    SUBSTANCES,
    UNITS,
)
from stepdown.domain.numbers import plain_decimal, whole_text
from stepdown.messages import intake as msg


@dataclass(frozen=True)
class Intake:
    """What the person tells us. Use `make_intake` to build one from raw input (it validates)."""

    substance: str
    daily_amount: Decimal
    unit: str
    duration_days: int
    times_per_day: int = 1
    attempts: int = 0
    severe_withdrawal: bool = False  # withdrawal was severe in an earlier attempt
    conditions: tuple[str, ...] = ()  # codes from CONDITIONS
    other_substances: tuple[str, ...] = ()  # codes from OTHER_SUBSTANCES
    medicines: tuple[str, ...] = ()  # free names as the person wrote them
    age_band: str = ""  # a code from AGE_BANDS, or "" when not given
    breastfeeding: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "substance": self.substance,
            "daily_amount": str(self.daily_amount),
            "unit": self.unit,
            "duration_days": self.duration_days,
            "times_per_day": self.times_per_day,
            "attempts": self.attempts,
            "severe_withdrawal": self.severe_withdrawal,
            "conditions": list(self.conditions),
            "other_substances": list(self.other_substances),
            "medicines": list(self.medicines),
            "age_band": self.age_band,
            "breastfeeding": self.breastfeeding,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Intake:
        """Read raw input (a web form, stored JSON); validates like `make_intake`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown intake field {unknown[0]!r}; accepted: {', '.join(sorted(known))}.",
                field=unknown[0],
            )
        return make_intake(**dict(data))


# --- building and validating input ---------------------------------------------------------------
def _key(value: str) -> str:
    return "-".join(str(value).strip().lower().replace("_", "-").split())


def _choice(value: Any, known: Mapping[str, str], aliases: Mapping[str, str], what: str, fld: str) -> str:
    key = _key(value)
    key = aliases.get(key, key)
    if key not in known:
        raise InvalidInput(f"Unknown {what} {value!r}; accepted: {', '.join(known)}.", field=fld)
    return key


def parse_substance(value: Any) -> str:
    """A substance code from what the person typed ("7-OH", "kratom", "MGM-16"...)."""
    if _key(value) == "mgm":  # never guess between two opioids, and never read it as magnesium
        raise InvalidInput(
            msg.AMBIGUOUS_POTENT.format(value=value, accepted=", ".join(SUBSTANCES)), field="substance"
        )
    return _choice(value, SUBSTANCES, _SUBSTANCE_ALIASES, "substance", "substance")


def _decimal(value: Any, fld: str, example: str) -> Decimal:
    number = plain_decimal(value)  # None for anything but a finite plain decimal; it never raises
    if number is None or number <= 0:
        raise InvalidInput(
            f"The {fld.replace('_', ' ')} must be a number above 0, for example {example}.", field=fld
        )
    return number


def _int(value: Any, fld: str, low: int, high: int, label: str) -> int:
    number: int | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        number = int(text) if whole_text(text) else None  # ASCII digits only
    if number is None or not low <= number <= high:
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=fld)
    return number


def _names(values: Iterable[Any] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(str(v).strip() for v in values if str(v).strip())


def make_intake(
    *,
    substance: Any,
    daily_amount: Any,
    unit: Any,
    duration_days: Any,
    times_per_day: Any = 1,
    attempts: Any = 0,
    severe_withdrawal: Any = False,
    conditions: Iterable[Any] = (),
    other_substances: Iterable[Any] = (),
    medicines: Iterable[Any] | str = (),
    age_band: Any = "",
    breastfeeding: Any = False,
) -> Intake:
    """Validate and normalise raw input; raises InvalidInput with one plain sentence."""
    code = parse_substance(substance)
    unit_code = _choice(unit, UNITS, _UNIT_ALIASES, "unit", "unit")
    amount = _decimal(daily_amount, "daily_amount", "60")
    if amount > MAX_DAILY[unit_code]:
        raise InvalidInput(
            f"A daily amount of {amount} {unit_code} is more than stepdown accepts "
            f"(up to {MAX_DAILY[unit_code]} {unit_code}); please check the number.",
            field="daily_amount",
        )
    days = _int(duration_days, "duration_days", 1, MAX_DURATION_DAYS, "How long you have used it (in days)")
    times = _int(times_per_day, "times_per_day", 1, MAX_TIMES, "Times a day")
    tries = _int(attempts, "attempts", 0, MAX_ATTEMPTS, "Earlier attempts")
    conds = tuple(
        dict.fromkeys(
            _choice(c, CONDITIONS, _CONDITION_ALIASES, "health condition", "conditions")
            for c in _names(conditions)
        )
    )
    others = tuple(
        dict.fromkeys(
            _choice(s, OTHER_SUBSTANCES, _OTHER_ALIASES, "other substance", "other_substances")
            for s in _names(other_substances)
        )
    )
    meds = tuple(dict.fromkeys(_names(medicines)))
    if any(len(m) > 100 for m in meds):
        raise InvalidInput("A medicine name must be at most 100 characters.", field="medicines")
    age = "" if age_band in (None, "") else _choice(age_band, AGE_BANDS, _AGE_ALIASES, "age band", "age_band")
    return Intake(
        age_band=age,
        breastfeeding=magnesium.parse_yes_no(breastfeeding, "breastfeeding"),
        substance=code,
        daily_amount=amount,
        unit=unit_code,
        duration_days=days,
        times_per_day=times,
        attempts=tries,
        severe_withdrawal=magnesium.parse_yes_no(severe_withdrawal, "severe_withdrawal"),
        conditions=conds,
        other_substances=others,
        medicines=meds,
    )
