"""The taper planner: styles, measurable dose forms, supply. Pure: no I/O, no clock.

from stepdown.domain.planner import PlanRequest, make_plan, make_form, STYLES
form = make_form("tablet", "mg", strengths=(Decimal(15),), pieces=4)
plan = make_plan(PlanRequest(daily_amount=Decimal(60), form=form, start=date(2026, 12, 1), times_per_day=2))
"""

from stepdown.domain.planner.build import PlanRequest, make_plan
from stepdown.domain.planner.forms import Measure, make_form, measure, validate_amount
from stepdown.domain.planner.styles import STYLES, StyleDefaults
from stepdown.domain.planner.supply import SupplyCheck, check_supply

__all__ = [
    "STYLES",
    "Measure",
    "PlanRequest",
    "StyleDefaults",
    "SupplyCheck",
    "check_supply",
    "make_form",
    "make_plan",
    "measure",
    "validate_amount",
]
