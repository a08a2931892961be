"""Pydantic models of the export document's documented shapes (README, "Export JSON").

The envelope, and the JSON columns whose content other parts of stepdown read back: a plan revision's
`plan` must be a Plan the app can follow, an intake and its assessment what the intake rules make, a
magnesium plan what the magnesium rules make, check-in answers whole-number ratings, craving triggers
words. Every JSON value is also bounded (nesting depth, integer size, finite numbers, text length), so a
hostile file cannot reach a RecursionError or an OverflowError further in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

MAX_DEPTH = 32  # stepdown's own documents nest 6 deep at most
INT64 = 2**63 - 1  # the widest whole number either database stores
MAX_NUMBER = 10**15  # far above any amount, count or day number stepdown writes
MAX_TEXT = 200_000  # characters in one JSON string (a long note is a few thousand)


def json_problem(value: Any, depth: int = 0) -> str | None:
    """None when `value` is plain, bounded JSON; else what is wrong with it (iterative-safe depth)."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_DEPTH:
            return f"it is nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, int):
            if abs(item) > INT64:
                return "it has a whole number too large to store"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "it has a number that is not finite"
        elif isinstance(item, str):
            if len(item) > MAX_TEXT:
                return f"it has a text longer than {MAX_TEXT} characters"
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        elif isinstance(item, dict):
            for key, v in item.items():
                if not isinstance(key, str):
                    return "it has a key that is not text"
                stack.append((v, level + 1))
        else:
            return f"it has a {type(item).__name__}, which is not JSON"
    return None


def _bounded(value: Any) -> Any:
    problem = json_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _finite(value: float | int) -> float | int:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if abs(value) > MAX_NUMBER:
        raise ValueError("a number far too large")
    return value


Json = Annotated[Any, AfterValidator(_bounded)]
Number = Annotated[StrictInt | StrictFloat, AfterValidator(_finite)]
Amount = Annotated[Number, Field(ge=0)]
Text = Annotated[StrictStr, Field(max_length=10_000)]
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Open(BaseModel):
    """A shape with known fields whose later versions may add more."""

    model_config = ConfigDict(extra="allow", frozen=True)


# --- Plan JSON (Plan.to_dict, README "JSON (--json): a public interface") -----------------------------


class DoseFormModel(_Strict):
    kind: Text
    unit: Text
    strengths: list[Amount] = []
    pieces: Annotated[StrictInt, Field(ge=1, le=100)] = 1
    resolution: Amount | None = None
    concentration: Amount | None = None


class PortionModel(_Strict):
    amount: Amount
    measure: Amount
    measure_unit: Text
    label: Text


class StepModel(_Strict):
    start: date
    end: date
    days: Annotated[StrictInt, Field(ge=1, le=100_000)]
    daily_amount: Amount
    unit: Text
    portions: list[PortionModel]
    cut_percent: Number | None = None
    units_needed: Amount
    kind: Text = "taper"


class ParameterModel(_Strict):
    name: Text
    value: Json
    source: Text


class PlanModel(_Strict):
    style: Text
    start: date
    end: date
    first_free_day: date
    total_days: Count
    unit: Text
    form: DoseFormModel
    times_per_day: Annotated[StrictInt, Field(ge=1, le=24)]
    steps: Annotated[list[StepModel], Field(min_length=1)]
    units_needed: Amount
    on_hand: Amount | None = None
    warnings: list[Text] = []
    parameters: list[ParameterModel] = []
    sources: list[Text] = []
    extra: dict[str, Json] = {}

    @model_validator(mode="after")
    def _followable(self) -> PlanModel:
        from stepdown.domain.plan import Plan

        plan = Plan.from_dict(self.model_dump(mode="json"))
        if plan.start != self.start or plan.end != self.end:
            raise ValueError("its start and end do not match its steps")
        return self


# --- Other JSON columns ------------------------------------------------------------------------------


def _domain(reader: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A validator that the domain's own reader accepts the value (what the app does on reading it)."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError("expected an object")
        try:
            reader(value)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise ValueError(f"it is not what stepdown writes there ({type(exc).__name__})") from None
        return value

    return check


def _magnesium(value: Any) -> Any:
    from stepdown.domain.magnesium import MagnesiumPlan

    return MagnesiumPlan.from_dict(value)


def _intake(value: Any) -> Any:
    from stepdown.domain.intake import Intake

    return Intake.from_dict(value)


def _assessment(value: Any) -> Any:
    from stepdown.domain.intake import Assessment

    return Assessment.from_dict(value)


Object = dict[str, Json]
Rating = Annotated[StrictInt, Field(ge=0, le=100)]

#: (table, JSON column) -> the type its value must have. Others: any bounded JSON object / array / value.
JSON_COLUMNS: dict[tuple[str, str], Any] = {
    ("plan_revision", "plan"): PlanModel,
    ("plan_revision", "trigger"): Object,
    ("proposal", "trigger"): Object,
    ("magnesium_plan", "plan"): Annotated[Object, AfterValidator(_domain(_magnesium))],
    ("intake", "input"): Annotated[Object, AfterValidator(_domain(_intake))],
    ("intake", "assessment"): Annotated[Object, AfterValidator(_domain(_assessment))],
    ("checkin", "answers"): dict[str, Rating],
    ("checkin", "self_care"): dict[str, StrictBool | None],
    ("checkin", "red_flags"): list[Json],
    ("checkin", "data"): Object,
    ("checkin_history", "snapshot"): Object,
    ("event", "data"): Object,
    ("craving", "triggers"): list[Text],
    ("lapse", "reflection"): Object,
    ("person_setting", "value"): Json,
}


class Envelope(_Open):
    """The document around the tables (README, "Export JSON")."""

    format: StrictStr
    schema_version: Annotated[StrictInt, Field(ge=1, le=1000)]
    migration: Annotated[StrictStr, Field(max_length=100)] | None = None
    app_version: Annotated[StrictStr, Field(max_length=100)] | None = None
    exported_at: Annotated[StrictStr, Field(max_length=100)] | None = None
    columns: dict[str, list[Annotated[StrictStr, Field(max_length=100)]]] | None = None
    checksum: Annotated[StrictStr, Field(max_length=100)] | None = None
    tables: dict[str, list[dict[str, Json]]]


_ADAPTERS: dict[Any, Any] = {}


def check_json_column(table: str, column: str, value: Any) -> None:
    """ValueError (one clause, no newline) when `value` does not have the column's documented shape."""
    from pydantic import TypeAdapter

    problem = json_problem(value)
    if problem:
        raise ValueError(problem)
    kind = JSON_COLUMNS.get((table, column), Json)
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        raise ValueError(first_error(exc)) from None


def first_error(exc: ValidationError) -> str:
    """Pydantic's first complaint as a short clause: where, then what."""
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    text = f"{where}: {message}" if where else message
    return " ".join(text.split())[:200]
