"""Reading magnesium answers from what the person typed: the form, amounts, yes/no, meals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.magnesium_forms import _FORM_ALIASES, _NOT_MAGNESIUM, FORMS, MAX_INPUT_MG, MgForm
from stepdown.domain.numbers import plain_decimal, whole_text
from stepdown.messages import magnesium as msg


# --- input ---------------------------------------------------------------------------------------
def parse_form(value: Any) -> MgForm:
    """A form from what the person typed; MGM-15/16 are refused with the reason, never read as magnesium."""
    text = str(value).strip()
    accepted = ", ".join(FORMS)
    if _NOT_MAGNESIUM.search(text.replace(" ", "-")):
        raise InvalidInput(msg.NOT_MAGNESIUM.format(forms=accepted), field="form")
    key = "-".join(text.lower().replace("_", "-").split())
    key = key.removeprefix("magnesium-").removeprefix("mg-")
    key = _FORM_ALIASES.get(key, key)
    if key not in FORMS:
        raise InvalidInput(msg.UNKNOWN_FORM.format(form=text, forms=accepted), field="form")
    return FORMS[key]


def _amount_or_none(value: Any, fld: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = plain_decimal(value)  # None for anything but a finite plain decimal; it never raises
    what = fld.replace("_mg", "").replace("_", " ")
    if number is None or number <= 0:
        raise InvalidInput(f"The {what} amount must be a number of mg above 0, for example 200.", field=fld)
    if number > MAX_INPUT_MG:
        raise InvalidInput(
            f"The {what} amount must be at most {MAX_INPUT_MG} mg; please check the number.", field=fld
        )
    return number


_YES = ("true", "yes", "on", "1", "y")
_NO = ("false", "no", "off", "0", "n", "")


def parse_yes_no(value: Any, fld: str) -> bool:
    """A yes/no answer from JSON or a web form ("on", "false", ...); anything else is refused."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidInput(f"The answer for {fld.replace('_', ' ')} must be yes or no.", field=fld)


def _meals(value: Any) -> int:
    try:
        text = str(value).strip()
        if not whole_text(text):
            raise ValueError(text)
        meals = int(text)
    except ValueError:
        meals = 0
    if isinstance(value, bool) or not 1 <= meals <= 6:
        raise InvalidInput("Meals a day must be a whole number from 1 to 6.", field="meals")
    return meals
