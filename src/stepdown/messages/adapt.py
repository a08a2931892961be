"""Wording of the adaptive plan: why stepdown suggests continuing, holding, slowing or seeking care.

Placeholders are filled by `stepdown.domain.adapt`. Keep every sentence plain: the person reading it
may be in the middle of withdrawal.
"""

from __future__ import annotations

from stepdown.messages import N_
from stepdown.messages.safety import TOLERANCE_WARNING

KIND_TITLES: dict[str, str] = {
    "continue": N_("Keep to your plan"),
    "hold": N_("Stay on your current dose a little longer"),
    "slow": N_("Slow down the rest of the taper"),
    "resume": N_("Go on with the plan"),
    "seek_care": N_("Get care first"),
}

# Why symptoms count as strong today (joined with "; ").
WHY_ABSOLUTE = N_("at or above {limit} of {max}, the level stepdown treats as strong")
WHY_RISE = N_("{rise} points above your usual before the taper ({baseline} of {max})")
WHY_CRAVING = N_("craving {craving} of 10")

SCORE = N_("Your withdrawal score on {day} is {total} of {max}")

HOLD = N_(
    "{score} ({why}). Stay on {amount} a day for {days} more before the next change: "
    "{next_change_moved}. Holding for a day or two when withdrawal is strong is part of the plan, "
    "not a failure."
)
NEXT_CUT_MOVED = N_("the next cut moves from {old} to {new}")
LAST_DAY_MOVED = N_("your last dose day moves from {old} to {new}")

SLOW = N_(
    "{score} ({why}), and you have already held at {amount} a day {holds}. Slow down the rest "
    "of the plan: each remaining step lasts about {percent}% longer (at least one day), so the next "
    "change comes on {next_change} and the taper ends on {new_end} instead of {old_end}. The amounts "
    "stay the same; nothing is cut faster."
)

SEEK_CARE_FLAGS = N_(
    "You answered yes to a safety question ({flags}). {level}. Please get that help first; the "
    "guidance is shown at the top."
)
SEEK_CARE_HOLD = N_(
    " Until you have spoken to a clinician, stepdown suggests staying on {amount} a day for {days} "
    "more instead of making the next cut."
)
SEEK_CARE_PERSISTENT = N_(
    "{score} ({why}). It has stayed strong through {holds} and a slower plan at {amount} a day. "
    "Please talk to a clinician before the next cut: they can help with the symptoms and with the "
    "pace of your taper."
)

RESUME = N_(
    "{score}: your withdrawal has settled{near_baseline}. The plan goes on as now scheduled: "
    "{next_change}. If symptoms come back strongly, check in and stepdown will suggest holding again."
)
RESUME_NEAR_BASELINE = N_(", close to your usual before the taper")
NEXT_CHANGE_CUT = N_("the next cut is on {day}")
NEXT_CHANGE_LAST = N_("your last dose day is {day}")

CONTINUE = N_("{score}. Keep to your plan: {next_change}.")
CONTINUE_HOLDING = N_(
    "{score} ({why}). You are already staying on {amount} a day until {until}; stepdown will look "
    "again before the next change. Rest, drink water and use your support."
)
CONTINUE_BASELINE = N_(
    "Check-ins before your first cut on {first_cut} show what is usual for you ({count} so far); "
    "stepdown compares later days with them. Keep to your usual dose until then."
)
CONTINUE_NO_CUT = N_("This plan has no cut to adapt. Keep to your plan and check in each day.")
CONTINUE_NO_CHECKIN = N_(
    "There is no check-in for today or yesterday, so stepdown has nothing new to go on. Keep to your "
    "plan and check in when you can: it takes about two minutes."
)
CONTINUE_FINISHED = N_(
    "Your taper ended on {end}. Withdrawal can go on for some days after the last dose. If it is hard, "
    "talk to a clinician; going back to a dose now carries overdose risk because tolerance falls fast."
)

PLAN_FINISHED = N_("The plan ended on {end}; there is no current step to change.")
CANNOT_ADAPT = N_(
    "This plan goes up again later, so stepdown cannot move its steps without making some day faster; "
    "please re-plan with your clinician."
)
RETURN_NOT_ACTIVE = N_(
    "Going back to the previous step is only possible while the plan runs ({start} to {end})."
)
RETURN_NO_EARLIER_STEP = N_(
    "You are on the first amount of the plan; there is no earlier step to go back to."
)
RETURN_NOT_HIGHER = N_(
    "The step before this one is not a higher amount, so there is nothing to go back to; talk to your "
    "clinician about the pace of your plan."
)
RETURN_CAUTION = (
    "You went back to a higher amount. " + TOLERANCE_WARNING + " Take only the planned amount, and tell "
    "your clinician."
)

#: What a person sees for each adaptive threshold (settings page, and in error messages).
THRESHOLD_LABELS = {
    "high_fraction": N_("Strong symptoms: % of the scale's maximum"),
    "rise_fraction": N_("Strong rise over your own baseline: % of the scale's maximum"),
    "settle_fraction": N_("Settled symptoms: % of the scale's maximum"),
    "settle_rise_fraction": N_("Settled: at most this rise over your baseline, % of the maximum"),
    "craving_high": N_("Strong craving (0-10)"),
    "min_baseline_checkins": N_("Check-ins needed for a baseline"),
    "baseline_window": N_("Baseline: last check-ins before the first cut"),
    "recent_days": N_("A check-in counts as recent for this many days"),
    "hold_days": N_("Days in a hold"),
    "holds_before_slowdown": N_("Holds on one amount before a slow-down is suggested"),
    "slow_factor": N_("Slow-down: steps become this many times longer"),
}


def is_share(name: str) -> bool:
    """Thresholds stored as a share of the scale's maximum (0.3), shown as a percentage (30%)."""
    return name.endswith("_fraction")
