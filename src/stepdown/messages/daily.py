"""Wording for the daily loop (today, check-in results, proposals, status)."""

from __future__ import annotations

from typing import Any

from stepdown.messages import N_

# When each portion is taken, by number of portions a day. Spreading doses evenly keeps levels
# steady; the person can move them to fit their day.
TIMES_OF_DAY: dict[int, tuple[str, ...]] = {
    1: (N_("once a day"),),
    2: ("morning", "evening"),
    3: ("morning", "afternoon", "evening"),
    4: ("morning", "midday", "afternoon", "evening"),
    5: (N_("early morning"), N_("late morning"), "afternoon", N_("early evening"), "bedtime"),
    6: (N_("early morning"), N_("late morning"), "midday", "afternoon", N_("early evening"), "bedtime"),
}

PROPOSAL_KINDS: dict[str, str] = {
    "hold": N_("Stay on your current dose for a little longer"),
    "slow": N_("Slow down the rest of the taper"),
    "resume": N_("Go on with the plan"),
    "return": N_("Go back to the previous step"),
    "replan": N_("A gentler plan after a lapse"),
    "pause": N_("A short pause you asked for"),
}

# A pause the person asks for: the seed's "pause the taper for a day or two" (1-3 days).
PAUSE_DONE = N_(
    "Paused: you stay on {amount} {unit} a day for {days} more; the next change moves to {next}. "
    "Nothing is cut sooner. If you need longer, talk it over with your clinician."
)
MAGNESIUM_BLOCKED = N_(
    "Your magnesium plan says 0 mg: do not take magnesium unless your clinician has said it is safe."
)
NOTICE_FROM_DAY = N_(
    "From your check-in on {day} (any dose named here was that day's plan; today's is shown below): {text}"
)
PAUSE_NOT_ACTIVE = N_("A pause is possible only while your taper is running ({start} to {end}).")
PAUSE_REASON = N_("Please say briefly why you want to pause; it is kept with your plan.")
PAUSE_DAYS = N_("A pause is 1, 2 or 3 days; a longer pause needs your clinician.")
PROPOSAL_STALE = N_(
    "Proposal {id} was made for {amount} {unit} a day, but your plan today is {today_amount} {unit} a day, "
    "so it no longer fits and was set aside. Check in again if you need a hold now."
)
RETURN_ABOVE_START = N_(
    "Going back would put you above the {start} {unit} a day your plan started from; stepdown will not "
    "do that. Please talk to your clinician."
)

BEFORE_START = N_("Your taper starts on {start}. Until then, keep to your usual dose.")
FINISHED = N_("Your taper ended on {end}. Well done for getting here; keep your support close.")
# These reach the web (Today's view data, the PDF report) as well as the CLI, so they name no
# command: each front end adds its own way to act (cli/hints.py; the web pages' buttons and links).
NO_PLAN = N_("There is no taper plan yet.")
NO_PLAN_ERROR = N_("There is no taper plan yet; make one first.")  # refused actions that need a plan
CHECKIN_DUE = N_("You have not checked in today; it takes about 2 minutes.")
CHECKIN_DONE = N_("Today's check-in is done.")


def time_of_day(index: int, count: int) -> str:
    labels = TIMES_OF_DAY.get(count)
    if labels is None:
        return f"dose {index + 1} of {count}"
    return labels[index]


# Shared refusals (CLI and web); the CLI adds its option names (cli/hints.py).
ACTIVE_PLAN_EXISTS = N_(
    "You already have an active taper plan; replace it to start a new one (the old plan is kept in the "
    "history)."
)
NO_DOSE_LEFT = N_("There is no planned dose left for that day; give the amount you took.")
NO_MAGNESIUM_LEFT = N_("There is no planned magnesium serving left for that day; give the amount you took.")
EARLIER_PLAN_TODAY = N_(
    "Earlier today, under your previous plan, you logged {amount}. It stays in your record; this "
    "plan ticks that dose time as taken and counts only its own doses."
)


def logged_dose(actual: Any, unit: str, planned: Any = None, corrected_from: Any = None) -> str:
    """A logged dose as one line, always with its unit, and a correction said plainly:
    "27.5 mg, corrected from 275 mg (planned 27.5 mg)"."""
    from stepdown import formatting

    text = f"{formatting.number(actual)} {unit}"
    if corrected_from is not None:
        text += f", corrected from {formatting.number(corrected_from)} {unit}"
    if planned is not None:
        text += f" (planned {formatting.number(planned)} {unit})"
    return text
