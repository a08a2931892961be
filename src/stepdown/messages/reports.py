"""Wording of the clinician report, the calendar and the data tools (reviewable in one place)."""

from stepdown.messages import N_

REPORT_TITLE = N_("Taper report for a clinician")
REPORT_INTRO = N_(
    "Made by stepdown, an open-source app a person uses to plan and follow a taper off 7-OH "
    "(7-hydroxymitragynine, a kratom-derived opioid), with magnesium support. The person logs doses, "
    "magnesium and a daily check-in with a withdrawal scale; every plan change is recorded with its reason."
)
PSEUDONYMOUS = N_("pseudonym; no name is stored or shown unless the person adds one to this report")

SECTIONS = {
    "glance": N_("At a glance"),
    "red_flags": N_("Red flags raised"),
    "notes": N_("Notes for the clinician"),
    "dose": N_("Planned and taken dose"),
    "symptoms": N_("Withdrawal symptoms and craving"),
    "adherence": N_("Doses and magnesium"),
    "lapses": N_("Lapses"),
    "plan": N_("The plan now"),
    "revisions": N_("Every plan revision, with its reason"),
    "magnesium": N_("Magnesium plan"),
    "safety": N_("Safety"),
}

STRONG_SYMPTOMS_FLAG = N_(
    "Withdrawal symptoms stayed strong through holds and a slower plan; the person was advised to "
    "see a clinician before the next cut."
)
NO_RED_FLAGS = N_("No red-flag answers were given in the check-ins of this period.")
NO_NOTES = N_("The person wrote no notes for the clinician.")
NO_LAPSES = N_("No lapses were logged.")
NO_PLAN = N_("No taper plan has been made yet.")
NO_MAGNESIUM = N_("No magnesium plan has been made.")
MAGNESIUM_BLOCKED = N_(
    "Magnesium is NOT planned: a reason it could be unsafe was given (see the warnings below)."
)
RED_FLAG_EXPLAINED = N_(
    "Each red flag showed the person urgent-care guidance (911, 988, SAMHSA helpline, Poison Help) at once; "
    "the app never hides or snoozes it."
)
ROWS_LEFT = N_("And {count} earlier, not listed here: every one is in the CSV and JSON exports.")
ADHERENCE_EXPLAINED = N_(
    "Counted over the plan's days before the report day. A day above plan means more was taken than planned "
    "that day."
)
SCALES_EXPLAINED = N_(
    "Scores are from the Subjective Opiate Withdrawal Scale as the person answered it "
    "(SOWS16: 16 items rated 0-4, total 0-64; SOWS10 short form: 10 items rated 0-3, total 0-30). "
    "Craving and sleep quality are rated 0-10."
)

# Page 1: the intake behind the plan, and the choices made against it (reports/pdf_first_page.py).
INTAKE_HEADING = N_("The intake and the style stepdown suggested")
NO_INTAKE = N_("No intake answers are stored with this plan (it was made directly, without the assessment).")
AGAINST_ADVICE = N_(
    "The person chose the {chosen} style, faster than the {recommended} style stepdown suggested, "
    "and confirmed it (on {day}). Their reason: {reason}"
)
DIFFERENT_STYLE = N_(
    "The plan's style ({chosen}) is faster than the suggested {recommended} style; no explicit "
    "against-advice confirmation is stored with it (plans made before stepdown asked for one)."
)
CLINICIAN_AGREEMENT = N_("Clinician agreement recorded on {day} by {by}: {note}")
NO_CLINICIAN_AGREEMENT = N_("No clinician agreement is recorded with the plan.")
SEEK_CARE_HEADING = N_("Seek-care notices (symptoms that stayed strong; not red-flag answers)")
FAR_ABOVE_HEADING = N_("Doses logged far above the plan")
FAR_ABOVE_EXPLAINED = N_(
    "Days whose logged total is more than twice the day's plan, or back above the starting dose after "
    "a cut: a typo (mg for g, an extra zero) or a lapse. After days on a lower dose, a dose like this "
    "carries a risk of overdose; please ask about it."
)
CORRECTIONS_HEADING = N_("Doses corrected or removed after logging")
