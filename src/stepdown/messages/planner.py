"""Wording of the planner's safety refusals and warnings (issue 9: no plan is an abrupt stop in disguise).

Plain words for every front end; the CLI adds its option names (cli/plan.py), the web its checkbox.
"""

from __future__ import annotations

from stepdown.messages import N_

UNITS_REFUSAL = N_(
    "stepdown cannot make this a safe taper: {why}, and the {style} style stops only from "
    "{final}% of your starting dose or less ({final_amount} a day); anything else would be an abrupt "
    "stop. To taper safely you need a finer measure: {fix}; or ask a clinician for a prescribed "
    "taper. If a clinician has agreed to this plan as it is, say so and it is saved with that "
    "agreement recorded."
)
CUSTOM_FINAL_REFUSAL = N_(
    "Your custom steps stop from {amount} a day ({pct}% of your starting dose); stopping from more "
    "than {final}% of the starting dose can bring strong withdrawal, so add smaller steps at the end. "
    "If a clinician has agreed to these steps, say so and they are saved with that agreement recorded."
)
CUT_CAPPED = N_(
    "You asked for cuts of {cut}%, but the {style} style never cuts more than {limit}% of the dose "
    "before it in one step ({source}), so every step is capped there."
)
STRETCHED = N_(
    "From step {number} ({day}) the smallest step you can measure, {unit_text}, is a larger cut "
    "than this style's usual step, so from there those doses are kept longer to keep the overall "
    "pace no faster than the style's (the cuts from there are up to {largest}% of the dose before, "
    "within its limit of {limit}%). {finer}"
)
AGREED_OVER = N_(
    "A clinician agreed to this plan: from step {number} ({day}) the smallest step your units can "
    "measure, {unit_text}, cuts more than this style allows (up to {largest}% of the dose before), "
    "so those doses are kept longer to keep the overall pace no faster than the style's. {finer}"
)
AGREED_FINAL = N_(
    "A clinician agreed to this plan: the last step off is from {amount} a day ({pct}% of your "
    "starting dose), more than the {final}% this style stops from, because your units cannot measure "
    "less. {finer}"
)
AGREED_EVERY = N_(
    "A clinician agreed to cutting every {every}, faster than the {style} style's shortest step of "
    "{min_every}."
)
FINER = N_("A smaller measurable unit would allow smaller cuts: {hint}.")
