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
SESSION_ENDED = N_("Please sign in to continue. Sessions end after a while without use, for your privacy.")
PASSWORD_RULE = N_("A password is 10 to 200 characters long. A few unrelated words make a strong one.")
USERNAME_RULE = N_("A user name is 3 to 100 letters, digits, dots, dashes or underscores.")
USERNAME_TAKEN = N_("That user name is taken; please choose another.")
INVITATION_INVALID = N_("This link is not valid any more (used, expired or mistyped). Ask for a new one.")
NOT_FOR_YOUR_ACCOUNT = N_("This page is not available to your account.")
NOT_FOUND = N_("There is no page at this address.")
SERVER_MODE_ONLY_LOCAL = N_(
    "This feature works on one person's own copy of stepdown and is not available on a clinic server."
)
LINK_REVOKED = N_("Done: that clinician can no longer see your data.")
LINKED = N_("Done: {name} can now see your check-ins, plan and notes, and you can stop that at any time.")

# Why a person is on the clinician's "needs attention" list, most urgent first.
REASONS = {
    "red_flag": N_("Red-flag answer on {day}: urgent-care guidance was shown."),
    "rising": N_("Symptoms have risen: average {recent} over the last 2 days against {baseline} before."),
    "lapse": N_("Used outside the plan on {day}."),
    "against_advice": N_("Plan saved against the suggested style ({chosen} instead of {recommended})."),
    "proposal": N_("A plan change ({kind}) is waiting for the person's decision."),
    "no_checkin": N_("No check-in since {day}."),
    "never_checked_in": N_("No check-in yet."),
}
