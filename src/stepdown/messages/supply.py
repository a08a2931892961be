"""Wording for the supply on hand: what is left, when it runs out, refills.

Running out mid-taper is a sudden stop (clinical-facts.md section 3: supply loss as 7-OH products
are scheduled), so every run-out line says so and names what to do. No command names: the web shows
these too (the CLI adds its own hints, cli/hints.py)."""

from __future__ import annotations

from stepdown.messages import N_

# Stored on a revision when the plan, as changed, needs more than is left.
RUNS_OUT_AFTER_CHANGE = N_(
    "Your supply runs out on {runs_out_on}: you have {left} {unit} left and the plan as it stands now "
    "needs {needed} {unit} to its end on {end} ({short_by} more). Running out means a sudden stop, "
    "which can bring strong withdrawal: get more before {runs_out_on}, or talk to a clinician."
)

# Today: always shown when the supply is known.
LEFT_LASTS = N_("Supply: {left} {unit} left, enough to the end of the plan ({end}).")
LEFT_RUNS_OUT = N_(
    "Supply: {left} {unit} left, enough until {last_day}; the plan needs {short_by} more {unit}."
)
LEFT_UNKNOWN = N_("Supply: not tracked (no amount on hand was given when the plan was made).")
# Today: the warning, a set number of days ahead (setting refill_warning_days).
REFILL_DUE = N_(
    "Refill needed: your supply runs out on {runs_out_on}. Running out means a sudden stop, which can "
    "bring strong withdrawal; get {short_by} more {unit} before then, or talk to a clinician."
)
LOGGED_BEYOND = N_(
    "More has been logged as taken than the supply recorded ({over} {unit} more); if you got more, "
    "record it as a refill so the count stays right."
)

REFILL_SAVED = N_("Refill recorded: {amount} {unit}. You now have {left} {unit} left.")
NO_SUPPLY_TRACKED = N_(
    "stepdown does not know the supply you started with (no amount on hand was given when the plan "
    "was made), so a refill cannot be added to it. Make the plan again with the amount you have now."
)
