"""make_plan: a taper whose every daily amount and every portion can be measured exactly.

The planner works in whole quanta (see forms.py). The rules that shape every step (styles.py):
- no step cuts more than the style's limit against the dose BEFORE it (short 20%, gradual 25%,
  slow 20%, hyperbolic 20%, custom 50%), whatever the style's default, an override or a re-plan asks;
- the last step, to zero, is from a dose no larger than the style's smallest final dose (a share of
  the starting dose); a planned amount is rounded UP to the nearest measurable amount, so rounding
  never makes a cut larger;
- where the units cannot meet both rules (tablets that cannot be split, a coarse scale) the planner
  refuses with the fix (InvalidInput), unless the person says a clinician agreed (`clinician_agreed`):
  then it takes the smallest measurable cut, stays on each dose longer so the average pace is the
  style's, and records every exception in `plan.extra["clinician_exceptions"]`.
"""

from __future__ import annotations

from stepdown.domain.plan import Plan
from stepdown.domain.planner.assemble import _build
from stepdown.domain.planner.fit import _fit_to_supply

# re-exported: these lived here before the planner was split
from stepdown.domain.planner.request import MAX_START, MIN_START, OVERRIDE, PlanRequest, _check_request
from stepdown.domain.planner.wording import to_dec

__all__ = ["MAX_START", "MIN_START", "OVERRIDE", "PlanRequest", "make_plan", "to_dec"]


def make_plan(req: PlanRequest) -> Plan:
    """Build a Plan from a request; raises InvalidInput with one plain sentence on bad input."""
    _check_request(req)
    if req.fit_to_supply:
        return _fit_to_supply(req)
    return _build(req)
