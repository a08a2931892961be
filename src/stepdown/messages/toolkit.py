"""Wording for the recovery toolkit: cravings, coping, lapses, self-care, support, milestones.

Tone: plain, warm and without judgement. A lapse is part of recovery for many people (the seed:
"If you relapse, it doesn't mean you've failed"), so nothing here blames, scolds or counts failures.
"""

from __future__ import annotations

from stepdown.messages import N_

# --- cravings -------------------------------------------------------------------------------------

#: Trigger tags offered by default (the seed: "stress, social situations, or even certain places or
#: people"; the issue adds boredom, pain and poor sleep). The person may add their own.
DEFAULT_TRIGGERS: tuple[str, ...] = (
    "stress",
    N_("social situations"),
    "places",
    "people",
    "boredom",
    "pain",
    N_("poor sleep"),
)

OUTCOME_LABELS = {"passed": N_("it passed"), "used": N_("I used")}
# Said the way the buttons say it; the CLI's --outcome passed|used reads the same.
CRAVING_INTENSITY_QUESTION = N_("How strong is the urge (0-10)?")
CRAVING_OUTCOME_QUESTION = N_("Did it pass, or did you use? (passed/used)")
CRAVING_OUTCOME_MISSING = N_("Please say how the urge ended: it passed, or I used.")

CRAVING_SAVED = N_("Saved. Noticing an urge and writing it down is a skill; it gets easier.")
CRAVING_PASSED = N_("The urge passed. That is worth noticing: urges rise, peak and fall.")
# Front-end neutral: the CLI adds its command (cli/toolkit.py), the web page links its Lapse page.
CRAVING_USED = N_(
    "Thank you for writing this down honestly. If you took more than planned, you can log it as a "
    "lapse so your plan can be adjusted gently."
)

PATTERNS_NOT_ENOUGH = N_(
    "Not enough entries yet to see patterns. Log urges as they come; patterns show after a few days."
)
PATTERN_TOP_TRIGGER = N_(
    "Your most common trigger is {trigger} ({count} of {total} urges, average strength {mean}/10)."
)
PATTERN_TIME_OF_DAY = N_("Urges come most often in the {period} ({count} of {total}).")
PATTERN_SLEEP_WORSE = N_(
    "Urges were stronger after nights under {hours} hours of sleep "
    "(average {short}/10, against {rest}/10 after longer nights)."
)
PATTERN_SLEEP_NONE = N_(
    "Sleep made little difference to your urges so far "
    "(average {short}/10 after nights under {hours} hours, {rest}/10 after longer nights)."
)
PATTERN_SLEEP_BETTER = N_(
    "Urges were milder after nights under {hours} hours of sleep "
    "(average {short}/10, against {rest}/10 after longer nights)."
)
PATTERN_SYMPTOMS_WORSE = N_(
    "Urges were stronger on days with more withdrawal symptoms "
    "(average {high}/10, against {low}/10 on calmer days)."
)
PATTERN_SYMPTOMS_NONE = N_(
    "Your urges did not follow your symptom score much "
    "(average {high}/10 on harder days, {low}/10 on calmer days)."
)
PATTERN_SYMPTOMS_BETTER = N_(
    "Urges were milder on days with more withdrawal symptoms "
    "(average {high}/10, against {low}/10 on calmer days)."
)
PATTERN_PASSED = N_("{passed} of {total} urges passed without using.")
PATTERN_HELPED = N_("What helped most often: {helped} ({times}).")

PERIODS = {
    "night": N_("night (midnight to 6 am)"),
    "morning": N_("morning (6 am to noon)"),
    "afternoon": N_("afternoon (noon to 6 pm)"),
    "evening": N_("evening (6 pm to midnight)"),
}

# --- coping ----------------------------------------------------------------------------------------

URGE_TIMER_INTRO = N_(
    "Urges rise, peak and fade, like a wave. You do not have to act on this one. "
    "Breathe along and watch it pass."
)
URGE_TIMER_DONE = N_("Time is up. How strong is the urge now? Whatever the answer, you rode it this far.")

BREATHING_NAMES = {"box": N_("Box breathing (4-4-4-4)"), "478": N_("4-7-8 breathing")}
PHASE_LABELS = {
    "in": N_("Breathe in"),
    "hold": N_("Hold"),
    "out": N_("Breathe out"),
    "hold_empty": N_("Hold, lungs empty"),
}
BREATHE_DONE = N_("Well done. Notice how your body feels now.")

DEFAULT_DISTRACTIONS: tuple[str, ...] = (
    N_("Go for a short walk"),
    N_("Drink a glass of water"),
    N_("Take a warm shower"),
    N_("Call or text someone from your support list"),
    N_("Put on a favourite song"),
)

# --- lapses ----------------------------------------------------------------------------------------

LAPSE_SAVED = N_(
    "A lapse does not erase your progress: your history and every milestone stay. "
    "Many people lapse on the way; what matters is what you learn from it and the next step."
)

#: Reflection prompts. The first two come from the seed ("Did you taper too quickly? Were there
#: specific triggers you didn't anticipate?"); the others help plan the next attempt.
REFLECTION_PROMPTS: tuple[tuple[str, str], ...] = (
    ("too_fast", N_("Did the taper feel too fast for you?")),
    ("unforeseen_trigger", N_("Was there a trigger you did not see coming? What was it?")),
    ("support", N_("Who could you reach out to next time an urge like this comes?")),
    ("next_time", N_("What might help next time?")),
)
TOO_FAST_CHOICES = ("yes", "no", N_("not sure"))

REPLAN_EXPLANATION = N_(
    "After the lapse, a gentler plan starting from the {amount} {unit} a day you take now: "
    "{stabilise} steady first, then cuts of about {cut}% every {every} or more "
    "(before: {old_cut}% every {old_every}), ending on {end}. "
    "Accept it only if it feels right; talk it over with your clinician."
)
REPLAN_ABOVE_START = N_(
    "This is more than your plan started from. Please talk with a clinician before continuing; "
    "going back up to an old dose after days lower can cause an overdose."
)
REPLAN_NOT_POSSIBLE = N_(
    "A gentler plan could not be made automatically ({reason}) Please talk with your clinician about "
    "the next steps; your lapse is saved."
)
REPLAN_AFTER_END = N_(
    "Your taper had already ended, so stepdown does not guess a dose for you. Reach out to someone on "
    "your support list, and talk with a clinician soon. If you are taking it daily again, you can "
    "give the daily amount you take now, and stepdown will propose a gentle plan down from it."
)
REPLAN_PROPOSED = N_("A gentler plan is waiting for you to accept or decline.")

# --- self-care -------------------------------------------------------------------------------------

SELFCARE_NOT_ENOUGH = N_(
    "Not enough check-ins yet to compare weeks. Keep checking in; it shows after a week."
)
SELFCARE_COMPARE = N_(
    "On days with {min_items} or more self-care items, {what} averaged {good}, against {other} on other days."
)
SELFCARE_NO_DIFFERENCE = N_(
    "So far, {what} was about the same on days with more self-care ({good} against {other})."
)

# --- support ---------------------------------------------------------------------------------------

#: Support groups offered by default (the seed names Narcotics Anonymous; SMART Recovery is a
#: widely available secular alternative). Text only: stepdown never contacts anyone.
DEFAULT_GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        N_("Narcotics Anonymous"),
        N_("12-step peer support"),
        N_("Free meetings in person and online; find one at na.org."),
    ),
    (
        N_("SMART Recovery"),
        N_("self-management peer support"),
        N_("Free science-based meetings in person and online; find one at smartrecovery.org."),
    ),
)

CARD_TITLE = N_("Emergency card")
CARD_INTRO = N_("I am tapering off 7-OH (7-hydroxymitragynine), an opioid.")
CARD_CURRENT_DOSE = N_("My planned daily amount now: {amount}.")
CARD_EMERGENCY = N_("In an emergency call 911. Naloxone (Narcan) reverses an opioid overdose.")
CARD_CONTACTS = N_("People to call")
CARD_THERAPIST = N_("My therapist or counsellor")
CARD_HELPLINES = N_("Helplines (US, free, 24/7)")
# On the printed card too, so it names no command; the CLI and the web each say how to add people.
CARD_NO_CONTACTS = N_("(no contacts added yet)")

# --- milestones ------------------------------------------------------------------------------------

MILESTONE_STEP = N_("You completed the step at {amount} {unit} a day.")
MILESTONE_HALFWAY = N_("Halfway through your taper. Look how far you have come.")
MILESTONE_LAST_DOSE = N_("Your last planned dose: {day}. A big day.")
MILESTONE_DAYS_FREE = N_("{days} {day_word} since your last planned dose.")
MONEY_NOT_SPENT = N_("Money no longer spent: {money}.")
MONEY_NEEDS_COST = N_("Enter what one {unit} costs you to see the money you no longer spend.")
LAPSES_KEPT = N_("Lapses logged along the way: {count}. They are part of your history, not a reset.")
CELEBRATE = N_("Milestone reached!")
