"""Wording for the recovery toolkit: cravings, coping, lapses, self-care, support, milestones.

Tone: plain, warm and without judgement. A lapse is part of recovery for many people (the seed:
"If you relapse, it doesn't mean you've failed"), so nothing here blames, scolds or counts failures.
"""

from __future__ import annotations

# --- cravings -------------------------------------------------------------------------------------

#: Trigger tags offered by default (the seed: "stress, social situations, or even certain places or
#: people"; the issue adds boredom, pain and poor sleep). The person may add their own.
DEFAULT_TRIGGERS: tuple[str, ...] = (
    "stress",
    "social situations",
    "places",
    "people",
    "boredom",
    "pain",
    "poor sleep",
)

OUTCOME_LABELS = {"passed": "it passed", "used": "I used"}
# Said the way the buttons say it; the CLI's --outcome passed|used reads the same.
CRAVING_OUTCOME_MISSING = "Please say how the urge ended: it passed, or I used."

CRAVING_SAVED = "Saved. Noticing an urge and writing it down is a skill; it gets easier."
CRAVING_PASSED = "The urge passed. That is worth noticing: urges rise, peak and fall."
# Front-end neutral: the CLI adds its command (cli/toolkit.py), the web page links its Lapse page.
CRAVING_USED = (
    "Thank you for writing this down honestly. If you took more than planned, you can log it as a "
    "lapse so your plan can be adjusted gently."
)

PATTERNS_NOT_ENOUGH = (
    "Not enough entries yet to see patterns. Log urges as they come; patterns show after a few days."
)
PATTERN_TOP_TRIGGER = (
    "Your most common trigger is {trigger} ({count} of {total} urges, average strength {mean}/10)."
)
PATTERN_TIME_OF_DAY = "Urges come most often in the {period} ({count} of {total})."
PATTERN_SLEEP_WORSE = (
    "Urges were stronger after nights under {hours} hours of sleep "
    "(average {short}/10, against {rest}/10 after longer nights)."
)
PATTERN_SLEEP_NONE = (
    "Sleep made little difference to your urges so far "
    "(average {short}/10 after nights under {hours} hours, {rest}/10 after longer nights)."
)
PATTERN_SLEEP_BETTER = (
    "Urges were milder after nights under {hours} hours of sleep "
    "(average {short}/10, against {rest}/10 after longer nights)."
)
PATTERN_SYMPTOMS_WORSE = (
    "Urges were stronger on days with more withdrawal symptoms "
    "(average {high}/10, against {low}/10 on calmer days)."
)
PATTERN_SYMPTOMS_NONE = (
    "Your urges did not follow your symptom score much "
    "(average {high}/10 on harder days, {low}/10 on calmer days)."
)
PATTERN_SYMPTOMS_BETTER = (
    "Urges were milder on days with more withdrawal symptoms "
    "(average {high}/10, against {low}/10 on calmer days)."
)
PATTERN_PASSED = "{passed} of {total} urges passed without using."
PATTERN_HELPED = "What helped most often: {helped} ({times})."

PERIODS = {
    "night": "night (midnight to 6 am)",
    "morning": "morning (6 am to noon)",
    "afternoon": "afternoon (noon to 6 pm)",
    "evening": "evening (6 pm to midnight)",
}

# --- coping ----------------------------------------------------------------------------------------

URGE_TIMER_INTRO = (
    "Urges rise, peak and fade, like a wave. You do not have to act on this one. "
    "Breathe along and watch it pass."
)
URGE_TIMER_DONE = "Time is up. How strong is the urge now? Whatever the answer, you rode it this far."

BREATHING_NAMES = {"box": "Box breathing (4-4-4-4)", "478": "4-7-8 breathing"}
PHASE_LABELS = {
    "in": "Breathe in",
    "hold": "Hold",
    "out": "Breathe out",
    "hold_empty": "Hold, lungs empty",
}
BREATHE_DONE = "Well done. Notice how your body feels now."

DEFAULT_DISTRACTIONS: tuple[str, ...] = (
    "Go for a short walk",
    "Drink a glass of water",
    "Take a warm shower",
    "Call or text someone from your support list",
    "Put on a favourite song",
)

# --- lapses ----------------------------------------------------------------------------------------

LAPSE_SAVED = (
    "A lapse does not erase your progress: your history and every milestone stay. "
    "Many people lapse on the way; what matters is what you learn from it and the next step."
)

#: Reflection prompts. The first two come from the seed ("Did you taper too quickly? Were there
#: specific triggers you didn't anticipate?"); the others help plan the next attempt.
REFLECTION_PROMPTS: tuple[tuple[str, str], ...] = (
    ("too_fast", "Did the taper feel too fast for you?"),
    ("unforeseen_trigger", "Was there a trigger you did not see coming? What was it?"),
    ("support", "Who could you reach out to next time an urge like this comes?"),
    ("next_time", "What might help next time?"),
)
TOO_FAST_CHOICES = ("yes", "no", "not sure")

REPLAN_EXPLANATION = (
    "After the lapse, a gentler plan starting from the {amount} {unit} a day you take now: "
    "{stabilise} steady first, then cuts of about {cut}% every {every} or more "
    "(before: {old_cut}% every {old_every}), ending on {end}. "
    "Accept it only if it feels right; talk it over with your clinician."
)
REPLAN_ABOVE_START = (
    "This is more than your plan started from. Please talk with a clinician before continuing; "
    "going back up to an old dose after days lower can cause an overdose."
)
REPLAN_NOT_POSSIBLE = (
    "A gentler plan could not be made automatically ({reason}) Please talk with your clinician about "
    "the next steps; your lapse is saved."
)
REPLAN_AFTER_END = (
    "Your taper had already ended, so stepdown does not guess a dose for you. Reach out to someone on "
    "your support list, and talk with a clinician soon. If you are taking it daily again, you can "
    "give the daily amount you take now, and stepdown will propose a gentle plan down from it."
)
REPLAN_PROPOSED = "A gentler plan is waiting for you to accept or decline."

# --- self-care -------------------------------------------------------------------------------------

SELFCARE_NOT_ENOUGH = "Not enough check-ins yet to compare weeks. Keep checking in; it shows after a week."
SELFCARE_COMPARE = (
    "On days with {min_items} or more self-care items, {what} averaged {good}, against {other} on other days."
)
SELFCARE_NO_DIFFERENCE = (
    "So far, {what} was about the same on days with more self-care ({good} against {other})."
)

# --- support ---------------------------------------------------------------------------------------

#: Support groups offered by default (the seed names Narcotics Anonymous; SMART Recovery is a
#: widely available secular alternative). Text only: stepdown never contacts anyone.
DEFAULT_GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        "Narcotics Anonymous",
        "12-step peer support",
        "Free meetings in person and online; find one at na.org.",
    ),
    (
        "SMART Recovery",
        "self-management peer support",
        "Free science-based meetings in person and online; find one at smartrecovery.org.",
    ),
)

CARD_TITLE = "Emergency card"
CARD_INTRO = "I am tapering off 7-OH (7-hydroxymitragynine), an opioid."
CARD_CURRENT_DOSE = "My planned daily amount now: {amount}."
CARD_EMERGENCY = "In an emergency call 911. Naloxone (Narcan) reverses an opioid overdose."
CARD_CONTACTS = "People to call"
CARD_THERAPIST = "My therapist or counsellor"
CARD_HELPLINES = "Helplines (US, free, 24/7)"
# On the printed card too, so it names no command; the CLI and the web each say how to add people.
CARD_NO_CONTACTS = "(no contacts added yet)"

# --- milestones ------------------------------------------------------------------------------------

MILESTONE_STEP = "You completed the step at {amount} {unit} a day."
MILESTONE_HALFWAY = "Halfway through your taper. Look how far you have come."
MILESTONE_LAST_DOSE = "Your last planned dose: {day}. A big day."
MILESTONE_DAYS_FREE = "{days} {day_word} since your last planned dose."
MONEY_NOT_SPENT = "Money no longer spent: {money}."
MONEY_NEEDS_COST = "Enter what one {unit} costs you to see the money you no longer spend."
LAPSES_KEPT = "Lapses logged along the way: {count}. They are part of your history, not a reset."
CELEBRATE = "Milestone reached!"
