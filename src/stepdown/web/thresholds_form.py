"""The adaptive-rule thresholds as a form: the person's Settings page and a clinician's page for a
linked person show and read the same fields (shares as percentages, defaults and allowed ranges)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from stepdown import formatting
from stepdown.domain.errors import InvalidInput
from stepdown.messages.adapt import THRESHOLD_LABELS, is_share


def shown(name: str, value: Any, *, unit: bool = False) -> str:
    """A share of the scale's maximum as a person reads it: 0.3 -> '30' (with unit: '30%')."""
    if not is_share(name):
        return str(value)
    text = formatting.number(Decimal(str(value)) * 100, decimals=1)
    return text + "%" if unit else text


def from_shown(name: str, text: str) -> str:
    """What was typed (30 or 30%) back to the stored share (0.3); anything else as typed."""
    if not is_share(name):
        return text
    try:
        return str(Decimal(text.removesuffix("%").strip()) / 100)
    except InvalidOperation:
        return text


def fields(overrides: Mapping[str, Any], values: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per threshold: label, the value in force (or as typed), default, range, why."""
    from stepdown.domain.adapt import THRESHOLD_REASONS, Thresholds
    from stepdown.domain.adapt.rules import LIMITS

    try:
        current = Thresholds.from_overrides(overrides).to_dict()
    except InvalidInput:
        current = Thresholds().to_dict()
    defaults = Thresholds().to_dict()
    return [
        {
            "name": name,
            "label": THRESHOLD_LABELS.get(name, name.replace("_", " ")),
            "value": (values or {}).get(f"t_{name}", shown(name, current[name])),
            "default": shown(name, defaults[name], unit=True),
            "low": shown(name, LIMITS[name][0], unit=True),
            "high": shown(name, LIMITS[name][1], unit=True),
            "reason": THRESHOLD_REASONS.get(name, ""),
            "changed": current[name] != defaults[name],
        }
        for name in defaults
    ]


def save(
    engine: Any, person_id: int, form: Mapping[str, Any], *, by: str, by_name: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Save the posted thresholds (or the defaults, for reset=yes) through the person's own settings
    service. Returns (errors, typed values): no errors means saved; with errors nothing changed."""
    from stepdown.domain.adapt import Thresholds
    from stepdown.services.account import save_thresholds

    if form.get("reset") == "yes":
        save_thresholds(engine, person_id, {}, by=by, by_name=by_name)
        return {}, {}
    names = list(Thresholds().to_dict())
    values = {f"t_{n}": str(form.get(f"t_{n}", "")).strip() for n in names}
    missing = [n for n in names if values[f"t_{n}"] == ""]
    if missing:
        return {f"t_{missing[0]}": "Please give a number (the default is shown beside it)."}, values
    try:
        overrides = {n: from_shown(n, values[f"t_{n}"]) for n in names}
        save_thresholds(engine, person_id, overrides, by=by, by_name=by_name)
    except InvalidInput as exc:
        return {f"t_{exc.field}": exc.message}, values
    return {}, values
