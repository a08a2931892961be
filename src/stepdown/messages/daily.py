"""Wording for the daily loop (today, check-in results, proposals, status)."""

from __future__ import annotations

# When each portion is taken, by number of portions a day. Spreading doses evenly keeps levels
# steady; the person can move them to fit their day.
TIMES_OF_DAY: dict[int, tuple[str, ...]] = {
    1: ("once a day",),
    2: ("morning", "evening"),
    3: ("morning", "afternoon", "evening"),
    4: ("morning", "midday", "afternoon", "evening"),
    5: ("early morning", "late morning", "afternoon", "early evening", "bedtime"),
    6: ("early morning", "late morning", "midday", "afternoon", "early evening", "bedtime"),
}

PROPOSAL_KINDS: dict[str, str] = {
    "hold": "Stay on your current dose for a little longer",
    "slow": "Slow down the rest of the taper",
    "resume": "Go on with the plan",
    "return": "Go back to the previous step",
    "replan": "A gentler plan after a lapse",
}

BEFORE_START = "Your taper starts on {start}. Until then, keep to your usual dose."
FINISHED = "Your taper ended on {end}. Well done for getting here; keep your support close."
# These reach the web (Today's view data, the PDF report) as well as the CLI, so they name no
# command: each front end adds its own way to act (cli/hints.py; the web pages' buttons and links).
NO_PLAN = "There is no taper plan yet."
NO_PLAN_ERROR = "There is no taper plan yet; make one first."  # refused actions that need a plan
CHECKIN_DUE = "You have not checked in today; it takes about 2 minutes."
CHECKIN_DONE = "Today's check-in is done."


def time_of_day(index: int, count: int) -> str:
    labels = TIMES_OF_DAY.get(count)
    if labels is None:
        return f"dose {index + 1} of {count}"
    return labels[index]
