"""Wording of the daily check-in: scale questions, answer labels, self-care items, red-flag questions.

The withdrawal-scale questions are written in stepdown's own plain words. They ask about the same
symptoms as the published instruments, whose original wording is under copyright
(clinical-facts.md section 1); the instruments are credited in `stepdown.domain.scales`.
"""

from __future__ import annotations

from stepdown.messages import N_

# --- Withdrawal scales -------------------------------------------------------------------------

SCALE_INTRO = N_("How strong is each of these for you right now?")

# Answer labels. 0-4 anchors as used with the 16-item scale (clinical-facts.md section 1).
ANCHORS_0_4: tuple[str, ...] = ("none", N_("a little"), "moderately", N_("quite a bit"), "extremely")
# The short form's published anchor labels are UNVERIFIED (clinical-facts.md section 1), so these
# are our own plain labels for its 0-3 ratings.
ANCHORS_0_3: tuple[str, ...] = ("none", N_("a little"), "moderately", N_("a lot"))

# item id -> our own question. Symptoms follow Handelsman 1987 (16 items).
SOWS16_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("anxious", N_("Feeling anxious, nervous or on edge")),
    ("yawning", N_("Yawning a lot")),
    ("sweating", N_("Sweating more than usual")),
    ("teary_eyes", N_("Watery, teary eyes")),
    ("runny_nose", N_("A runny nose")),
    ("goosebumps", N_("Goosebumps on your skin")),
    ("shaking", N_("Shaking or trembling")),
    ("hot_flushes", N_("Sudden waves of feeling hot")),
    ("cold_flushes", N_("Sudden waves of feeling cold or chilled")),
    ("aches", N_("Aching bones or muscles")),
    ("restless", N_("Feeling restless, hard to sit still")),
    ("nausea", N_("Feeling sick to your stomach")),
    ("vomit_urge", N_("Feeling like you might throw up")),
    ("twitching", N_("Muscles twitching or jumping")),
    ("stomach_cramps", N_("Cramps in your stomach")),
    ("urge_to_use", N_("Wanting to take 7-OH (or another opioid) right now")),
)

# Symptoms follow Gossop 1990 (short opiate withdrawal scale, 10 items).
SOWS10_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("feeling_sick", N_("Feeling sick to your stomach")),
    ("stomach_cramps", N_("Cramps in your stomach")),
    ("muscle_spasms", N_("Muscle spasms or twitching")),
    ("feeling_cold", N_("Feeling cold or chilled")),
    ("heart_pounding", N_("Your heart pounding")),
    ("muscle_tension", N_("Tense, tight muscles")),
    ("aches", N_("Aches and pains")),
    ("yawning", N_("Yawning a lot")),
    ("runny_eyes", N_("Runny, watery eyes")),
    ("poor_sleep", N_("Trouble sleeping")),
)

SOWS16_NAME = N_("Full withdrawal check (16 symptoms)")
SOWS10_NAME = N_("Quick withdrawal check (10 symptoms)")

# --- Other daily questions -------------------------------------------------------------------

CRAVING_QUESTION = N_(
    "How strong is your craving for 7-OH today? 0 = none at all, 10 = the strongest possible."
)
# The full form's symptom 16 ("Wanting to take 7-OH right now") sounds like the same question.
CRAVING_VS_SYMPTOM = N_(
    "Not the same as symptom 16: that one is part of the withdrawal score and asks about right now; "
    "this one asks about the strongest craving across the whole day, on a finer 0-10 scale."
)
SLEEP_HOURS_QUESTION = N_("How many hours did you sleep last night? Halves are fine, e.g. 5.5.")
SLEEP_QUALITY_QUESTION = N_("How would you rate your sleep last night? 0 = terrible, 10 = excellent.")
MOOD_QUESTION = N_("How is your mood today? 0 = very low, 5 = so-so, 10 = very good.")
WATER_QUESTION = N_("How many glasses of water (or other drinks without caffeine or alcohol) so far today?")
MEALS_QUESTION = N_("How many meals did you eat today?")
EXERCISE_QUESTION = N_("How many minutes did you move or exercise today (walking counts)?")
DOSE_TAKEN_QUESTION = N_("Did you take today's planned dose?")
MAGNESIUM_TAKEN_QUESTION = N_("Did you take your magnesium today?")
NOTE_QUESTION = N_("Anything else you want to remember about today? (optional)")
TYPE_AGAIN_OR_SKIP = N_("Type it again, or press Enter to skip.")


def sleep_quality_label(value: int) -> str:
    """Snyder 2018 single-item sleep quality scale labels (clinical-facts.md section 7)."""
    if value <= 0:
        return "terrible"
    if value <= 3:
        return "poor"
    if value <= 6:
        return "fair"
    if value <= 9:
        return "good"
    return "excellent"


# Self-care checklist: the seed's advice (water, balanced diet, regular exercise, a consistent sleep
# schedule, a relaxing bedtime routine). id -> label.
SELF_CARE_LABELS: tuple[tuple[str, str], ...] = (
    ("water", N_("Drank plenty of water")),
    ("balanced_meals", N_("Ate balanced meals (fruit, vegetables, protein)")),
    ("exercise", N_("Got some exercise or movement")),
    ("consistent_sleep_time", N_("Went to bed and got up at my usual times")),
    ("bedtime_routine", N_("Had a relaxing bedtime routine (bath, book, no screens)")),
)

# Weekly PHQ-2 (Kroenke et al. 2003; copyright Pfizer). Our own wording of its two topics; it looks
# back over two weeks, so stepdown asks it at most once a week (clinical-facts.md section 7).
PHQ2_INTRO = N_("Over the last 2 weeks, how often have you been bothered by the following?")
PHQ2_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("interest", N_("Having little interest or pleasure in doing things")),
    ("down", N_("Feeling down, depressed or hopeless")),
)
PHQ2_ANCHORS: tuple[str, ...] = (
    N_("not at all"),
    N_("several days"),
    N_("more than half the days"),
    N_("nearly every day"),
)
PHQ2_POSITIVE = N_(
    "Your answers about mood over the last two weeks suggest it would help to talk with a clinician "
    "about how you are feeling. This is a screening question, not a diagnosis."
)

# Shown as plainly as the red-flag box after a positive PHQ-2 (3 or more), with the helplines open.
PHQ2_CARE_HEADLINE = N_("Please talk with someone about how you are feeling")
PHQ2_CARE_LINES: tuple[str, ...] = (
    N_(
        "If you have any thoughts of harming yourself, call or text 988 now (Suicide & Crisis Lifeline, "
        "any time). If you are in danger right now, call 911."
    ),
    N_(
        "Please tell a clinician about these answers soon: low mood during a taper can be treated, and "
        "they can also help with the pace of your taper."
    ),
)

# --- Red-flag questions (answered yes/no in every check-in) ------------------------------------

RED_FLAGS_INTRO = N_("Safety questions. Please answer each one honestly; they are asked every day.")

# id -> (question, guidance). Levels and sources live in stepdown.domain.triage.
RED_FLAG_TEXT: dict[str, tuple[str, str]] = {
    "seizure": (
        N_("Have you had a seizure (fit) since your last check-in?"),
        N_("A seizure is an emergency: call 911 now, or ask someone near you to call."),
    ),
    "fainting": (
        N_("Have you fainted or passed out?"),
        N_("Fainting can be a sign of an emergency: call 911 now, or ask someone near you to call."),
    ),
    "chest_pain": (
        N_("Do you have chest pain or pressure?"),
        N_("Chest pain needs emergency care: call 911 now."),
    ),
    "self_harm": (
        N_("Are you having thoughts of hurting yourself or someone else?"),
        N_(
            "Please call or text 988 now (988 Suicide & Crisis Lifeline, 24/7). If you might act on "
            "these thoughts, call 911 or go to the nearest emergency room."
        ),
    ),
    "no_fluids": (
        N_("Are you unable to keep fluids down?"),
        N_(
            "Contact a clinician today: not keeping fluids down leads to dehydration, the main danger "
            "of withdrawal. If you also feel confused or faint, call 911."
        ),
    ),
    "dehydration": (
        N_(
            "Do you have signs of dehydration: very dry mouth, dark or very little urine, dizziness "
            "or confusion?"
        ),
        N_(
            "Contact a clinician today: dehydration is the main danger of withdrawal. Sip water or an "
            "oral rehydration drink. If you are confused or faint, call 911."
        ),
    ),
    "vomiting": (
        N_("Are you vomiting and it won't stop?"),
        N_("Contact a clinician today: vomiting that won't stop quickly leads to dehydration."),
    ),
    "fast_heartbeat": (
        N_("Is your heart racing or beating fast even when you rest?"),
        N_(
            "Contact a clinician today about your fast heartbeat. If you also have chest pain, feel "
            "faint or are short of breath, call 911."
        ),
    ),
    "pregnancy": (
        N_("Are you pregnant, or could you be?"),
        N_(
            "Talk to a clinician with pregnancy experience before changing your dose any further. "
            "Withdrawal during pregnancy needs expert care."
        ),
    ),
    "use_after_break": (
        N_("Have you taken 7-OH or another opioid after a break, or gone back to an earlier, higher dose?"),
        N_(
            "Your body may no longer handle a dose it used to: this is when overdoses happen. Do not "
            "use alone, keep naloxone (Narcan) at hand, and if someone is very sleepy or cannot be "
            "woken call 911. Poison Help: 1-800-222-1222."
        ),
    ),
}

# Short names, used when a sentence lists the flags answered "yes".
RED_FLAG_SHORT: dict[str, str] = {
    "seizure": N_("a seizure"),
    "fainting": "fainting",
    "chest_pain": N_("chest pain"),
    "self_harm": N_("thoughts of harming yourself or someone else"),
    "no_fluids": N_("not keeping fluids down"),
    "dehydration": N_("signs of dehydration"),
    "vomiting": N_("vomiting that won't stop"),
    "fast_heartbeat": N_("a fast heartbeat at rest"),
    "pregnancy": "pregnancy",
    "use_after_break": N_("using after a break or at an older dose"),
}

LEVEL_LABELS: dict[str, str] = {
    "emergency": N_("Emergency: call 911 now"),
    "crisis": N_("Crisis support: call or text 988 now"),
    "clinician_today": N_("Contact a clinician today"),
    "clinician_soon": N_("Talk to a clinician soon"),
}

NO_RED_FLAGS = N_("No safety concerns reported today.")
NO_RED_FLAGS_ON = N_("No safety concerns reported for {day}.")
# A check-in for an earlier day: the plan rules judge today's state (a proposal changes the plan from
# today on, never its past), so they read the newest check-in of today or yesterday.
JUDGED_NEWER = N_("Your plan for today follows your newest check-in, for {judged}, not this one:")
JUDGED_TOO_OLD = N_("A check-in for {day} is too long ago to change your plan for today.")
