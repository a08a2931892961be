"""Wording of the clinic server (accounts, invitations, the clinician's list). Plain and short."""

from __future__ import annotations

# One sentence for every failed sign-in, whether the name exists or not (no user enumeration).
LOGIN_FAILED = "That user name and password do not match an account. Nothing was changed."
LOCKED_OUT = (
    "Too many sign-in attempts. For your safety, signing in is paused until {until} UTC "
    "(in about {minutes} minutes). Try again then, or ask your clinic for a password reset link."
)
SIGNED_OUT = "You are signed out."
DATA_DELETED = (
    "Your data and your account are deleted, and you are signed out. The record of who viewed your "
    "data stays in the clinic's audit log."
)
SESSION_ENDED = "Please sign in to continue. Sessions end after a while without use, for your privacy."
PASSWORD_RULE = "A password is 10 to 200 characters long. A few unrelated words make a strong one."
USERNAME_RULE = "A user name is 3 to 100 letters, digits, dots, dashes or underscores."
USERNAME_TAKEN = "That user name is taken; please choose another."
LINKS_PAUSED = (
    "Too many links that are not valid were opened from here. For safety, invitation and reset links "
    "are paused until {until} UTC (in about {minutes} minutes). Try again then."
)
INVITATION_INVALID = "This link is not valid any more (used, expired or mistyped). Ask for a new one."
NOT_FOR_YOUR_ACCOUNT = "This page is not available to your account."
NOT_FOUND = "There is no page at this address."
SERVER_MODE_ONLY_LOCAL = (
    "This feature works on one person's own copy of stepdown and is not available on a clinic server."
)
LINK_REVOKED = "Done: that clinician can no longer see your data."
LINKED = "Done: {name} can now see your check-ins, plan and notes, and you can stop that at any time."

# Why a person is on the clinician's "needs attention" list, most urgent first.
REASONS = {
    "red_flag": "Red-flag answer on {day}: urgent-care guidance was shown.",
    "rising": "Symptoms have risen: average {recent} over the last 2 days against {baseline} before.",
    "lapse": "Used outside the plan on {day}.",
    "supply": "Supply running out. {line}",
    "against_advice": "Plan saved against the suggested style ({chosen} instead of {recommended}).",
    "proposal": "A plan change ({kind}) is waiting for the person's decision.",
    "no_checkin": "No check-in since {day}.",
    "never_checked_in": "No check-in yet.",
}

# A change a clinician proposes on a person's page: it waits on the person's Today page.
CLINICIAN_HOLD = (
    "{name} proposes staying on {amount} {unit} a day {days} longer before the next change "
    "(the taper then ends on {end}). Their reason: {reason}"
)
CLINICIAN_SLOW = (
    "{name} proposes a slower rate: each remaining step lasts about {percent}% longer on the same "
    "amounts, so the taper ends on {end} instead of {old_end}. Their reason: {reason}"
)
PROPOSE_KIND = "Choose a hold or a slower rate."
PROPOSE_DAYS = "A hold is 1, 2 or 3 more days on today's dose."
PROPOSE_PERCENT = "A slower rate makes each remaining step {low}% to {high}% longer; type a whole number."
PROPOSE_REASON = "Give your reason; the person reads it with the proposal."
PROPOSE_NOT_ACTIVE = "The plan runs from {start} to {end}; a change can only be proposed while it runs."
PROPOSE_WAITING = (
    "Your earlier proposal of this kind (#{id}) is still waiting for the person's answer; "
    "nothing new was saved."
)
