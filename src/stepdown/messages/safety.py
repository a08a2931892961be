"""Safety wording shown across the app. Sources: ../shared/domain/clinical-facts.md section 6."""

from stepdown.messages import N_

DISCLAIMER = N_(
    "stepdown is not medical advice and does not replace a clinician. "
    "Plan and follow your taper together with a doctor, nurse or pharmacist you trust."
)

# Helplines (US). 988: familyandcaregivertoolkit.org; SAMHSA: SAMHSA National Helpline;
# Poison Help: poisonhelp.hrsa.gov.
HELPLINES: tuple[tuple[str, str, str], ...] = (
    (N_("Emergency"), "911", N_("a seizure, someone who cannot be woken, chest pain, or danger to life")),
    (N_("988 Suicide & Crisis Lifeline"), "988", N_("call, text or chat at 988lifeline.org, 24/7")),
    (
        N_("SAMHSA National Helpline"),
        "1-800-662-4357",
        N_("free, confidential, 24/7 treatment referral; TTY 1-800-487-4889"),
    ),
    (N_("Poison Help"), "1-800-222-1222", N_("free, confidential, 24/7")),
)

# commonspirit.org (opioid withdrawal); Maudsley detox cohort: deaths after lost tolerance.
TOLERANCE_WARNING = N_(
    "Your tolerance falls fast. After even a few days on a lower dose, going back to an old dose "
    "can cause an overdose. Keep naloxone (Narcan) at hand and tell someone near you where it is."
)

URGENT_HEADLINE = N_("Get help now")
URGENT_BODY = N_(
    "Some of your answers can be signs of a medical emergency. Call 911 for a seizure, someone "
    "who cannot be woken, chest pain or fainting. If you have thoughts of harming yourself, call "
    "or text 988 now. If you cannot keep fluids down or feel dizzy, confused or very thirsty, "
    "contact a clinician today: dehydration is the main danger of withdrawal."
)

MGM_IS_NOT_MAGNESIUM = N_(
    "MGM-15 and MGM-16 are not magnesium: they are synthetic opioids far stronger than 7-OH."
)

# The adaptive rules' "seek care" when withdrawal symptoms stay strong through holds and a
# slow-down (level clinician_soon). Not an emergency in itself, so it never uses URGENT_BODY;
# it is still shown first and stays until acknowledged, like a red flag.
SEEK_CARE_HEADLINE = N_("Talk to a clinician before your next cut")
SEEK_CARE_BODY = N_(
    "Your withdrawal symptoms have stayed strong through the holds and the slower pace, so the "
    "plan needs a clinician's view before it goes on. Contact your doctor, nurse or pharmacist in "
    "the next day or two: they can help with the symptoms and adjust the taper with you. If "
    "anything becomes severe (a seizure, chest pain, fainting, not keeping fluids down, or "
    "thoughts of harming yourself), use the numbers here straight away."
)
