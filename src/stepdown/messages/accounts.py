"""Wording of the clinic server (accounts, invitations, the clinician's list). Plain and short."""

from __future__ import annotations

from stepdown.messages import N_

# One sentence for every failed sign-in, whether the name exists or not (no user enumeration).
LOGIN_FAILED = N_("That user name and password do not match an account. Nothing was changed.")
LOCKED_OUT = N_(
    "Too many sign-in attempts. For your safety, signing in is paused until {until} UTC "
    "(in about {minutes}). Try again then, or ask your clinic for a password reset link."
)
SIGNED_OUT = N_("You are signed out.")
DATA_DELETED = N_(
    "Your data and your account are deleted, and you are signed out. The record of who viewed your "
    "data stays in the clinic's audit log."
)
SESSION_ENDED = N_("Please sign in to continue. Sessions end after a while without use, for your privacy.")
PASSWORD_RULE = N_("A password is 10 to 200 characters long. A few unrelated words make a strong one.")
USERNAME_RULE = N_("A user name is 3 to 100 letters, digits, dots, dashes or underscores.")
USERNAME_TAKEN = N_("That user name is taken; please choose another.")
LINKS_PAUSED = N_(
    "Too many links that are not valid were opened from here. For safety, invitation and reset links "
    "are paused until {until} UTC (in about {minutes}). Try again then."
)
INVITATION_INVALID = N_("This link is not valid any more (used, expired or mistyped). Ask for a new one.")
NOT_FOR_YOUR_ACCOUNT = N_("This page is not available to your account.")
NOT_FOUND = N_("There is no page at this address.")
SERVER_MODE_ONLY_LOCAL = N_(
    "This feature works on one person's own copy of stepdown and is not available on a clinic server."
)
LINK_REVOKED = N_("Done: that clinician can no longer see your data.")
LINKED = N_("Done: {name} can now see your check-ins, plan and notes, and you can stop that at any time.")
CALENDAR_REVOKED = N_("The calendar address no longer works.")
# The Account page's banners by their key in ?done=... ("linked" names the clinician: see routes).
ACCOUNT_FLASH = {"revoked": LINK_REVOKED, "calendar_revoked": CALENDAR_REVOKED}

# Why a person is on the clinician's "needs attention" list, most urgent first.
REASONS = {
    "red_flag": N_("Red-flag answer on {day}: urgent-care guidance was shown."),
    "rising": N_("Symptoms have risen: average {recent} over the last 2 days against {baseline} before."),
    "lapse": N_("Used outside the plan on {day}."),
    "supply": N_("Supply running out. {line}"),
    "against_advice": N_("Plan saved against the suggested style ({chosen} instead of {recommended})."),
    "proposal": N_("A plan change ({kind}) is waiting for the person's decision."),
    "no_checkin": N_("No check-in since {day}."),
    "never_checked_in": N_("No check-in yet."),
}

# A change a clinician proposes on a person's page: it waits on the person's Today page.
CLINICIAN_HOLD = N_(
    "{name} proposes staying on {amount} {unit} a day {days} longer before the next change "
    "(the taper then ends on {end}). Their reason: {reason}"
)
CLINICIAN_SLOW = N_(
    "{name} proposes a slower rate: each remaining step lasts about {percent}% longer on the same "
    "amounts, so the taper ends on {end} instead of {old_end}. Their reason: {reason}"
)
PROPOSE_KIND = N_("Choose a hold or a slower rate.")
PROPOSE_DAYS = N_("A hold is 1, 2 or 3 more days on today's dose.")
PROPOSE_PERCENT = N_("A slower rate makes each remaining step {low}% to {high}% longer; type a whole number.")
PROPOSE_REASON = N_("Give your reason; the person reads it with the proposal.")
PROPOSE_NOT_ACTIVE = N_("The plan runs from {start} to {end}; a change can only be proposed while it runs.")
PROPOSE_WAITING = N_(
    "Your earlier proposal of this kind (#{id}) is still waiting for the person's answer; "
    "nothing new was saved."
)
