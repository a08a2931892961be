"""Wording for saving a plan faster than advised, or one that needs a clinician's agreement."""

from __future__ import annotations

from stepdown.messages import N_

NO_REASON = N_("Your intake answers point to a gentler style.")
NEEDS_CONFIRMATION = N_(
    "The {chosen} style is faster than the {recommended} style suggested for you. Why {recommended}: "
    "{reason} To save the {chosen} plan anyway, confirm that you choose it against this suggestion; "
    "your choice is recorded with the plan and shown to your clinician."
)
NEEDS_AGREEMENT_ROUTE = N_("{route}")
NEEDS_AGREEMENT_PLAN = N_(
    "This plan goes outside its style's safety rules (see its warnings), so stepdown saves it only "
    "when you say a clinician has agreed to it; that agreement is recorded with the plan."
)
AGREEMENT_NOTE = N_("The person says a clinician agreed to this plan.")
AGREEMENT_NOTE_ROUTE = N_(
    "The person says a clinician agreed to this plan, after stepdown recommended a clinician-supervised "
    "taper or medication for opioid use disorder."
)
