"""Wording of the magnesium protocol: notes, warnings and their sources.

Magnesium is written "Mg" or "magnesium" here and everywhere (MGM-15/16 are synthetic opioids).
Facts: ../shared/domain/clinical-facts.md section 5 and the seed.
"""

from __future__ import annotations

from stepdown.messages import N_

# --- sources -------------------------------------------------------------------------------------
SEED = N_("Online article '7-OH Withdrawal: Can A Short Taper With Magnesium Help?' (not peer-reviewed)")
FRACTIONS = N_("Percent elemental Mg by weight, from molecular weights checked against PMC7397051 table 3")
IOM_UL = N_(
    "IOM Dietary Reference Intakes (also used by NIH): upper limit 350 mg a day of supplemental "
    "magnesium for adults, food not counted"
)
IOM_KIDNEY = N_(
    "IOM Dietary Reference Intakes: hypermagnesemia 'can occur in individuals with impaired renal function'"
)
IOM_DIARRHOEA = N_(
    "IOM Dietary Reference Intakes: diarrhoea is 'the primary initial manifestation' of too much "
    "non-food magnesium"
)
EMC_2678 = N_("UK product information, EMC SmPC 2678")
EMC_4841 = N_("UK product information, EMC SmPC 4841")
QUINOLONE_TIMING = N_(
    "Quinolone timing with Al/Mg antacids: 'at least 2 hours before and not less than 4 to 6 hours "
    "after' (medpill.info)"
)
EVIDENCE = N_(
    "Trials of magnesium in opioid withdrawal are few and small; none tested oral magnesium for "
    "withdrawal symptoms or for kratom or 7-OH"
)

# --- refusals ------------------------------------------------------------------------------------
NOT_MAGNESIUM = N_(
    "MGM-15 and MGM-16 are not magnesium: they are synthetic opioids far stronger than 7-OH, so "
    "stepdown will not plan them; choose a magnesium form: {forms}."
)
UNKNOWN_FORM = N_("Unknown magnesium form {form!r}; accepted: {forms}.")
OTHER_NEEDS_ELEMENTAL = N_(
    "For another form, give the elemental magnesium from the label (the 'magnesium' line, in mg), "
    "because stepdown does not know how much magnesium that compound holds."
)
CAPSULE_TOO_SMALL = N_("One capsule would hold less than 1 mg of magnesium; please check the capsule size.")
BOTH_AMOUNTS = N_("Give either the elemental amount or the compound amount, not both.")

# --- notes ---------------------------------------------------------------------------------------
NOTE_WELL_ABSORBED = N_("Magnesium {label} is absorbed well.")
NOTE_OXIDE = N_(
    "Magnesium oxide is absorbed poorly and often upsets the gut; citrate, glycinate or threonate "
    "are gentler choices."
)
NOTE_NO_SEED_WORD = N_(
    "The online article on 7-OH withdrawal with magnesium says nothing about how well magnesium {label} is "
    "absorbed."
)
NOTE_CITRATE = N_(
    "Magnesium citrate is sold as two compounds: trimagnesium dicitrate (16.2% magnesium) and "
    "magnesium hydrogen citrate (11.3%). Plain 'citrate' uses 16.2%, the figure that never lets the "
    "plan give more magnesium than it says; use the elemental amount from the label or the hydrogen "
    "citrate form if you know yours."
)
NOTE_HYDRATE = N_(
    "Magnesium {label} comes with and without water of crystallisation, which changes how much "
    "magnesium it holds; stepdown uses the higher figure ({percent}%) so the plan never gives more "
    "magnesium than it says. Giving the elemental amount from the label is better."
)
NOTE_FRACTION = N_("Magnesium {label} is {percent}% magnesium by weight.")
NOTE_LABEL = N_("All amounts are elemental magnesium (the 'magnesium' line on a label), not the compound.")
NOTE_DEFAULT_START = N_(
    "No amount was given, so the plan starts at {amount} mg a day, the low end of the usual 200-400 mg."
)
NOTE_BELOW_RANGE = N_(
    "{amount} mg a day is below the usual 200-400 mg; starting low is fine, and stepdown never raises "
    "it for you."
)
NOTE_MEALS = N_("Take each serving with a meal: it is absorbed better and is gentler on the gut.")
NOTE_ONE_MEAL = N_("You eat one meal a day: take the second serving with a snack.")
NOTE_FOOD = N_("Magnesium from food does not count toward the 350 mg limit; only supplements do.")
NOTE_EVIDENCE = N_(
    "Magnesium may ease anxiety, cramps and poor sleep, but the evidence is thin: it supports a taper, "
    "it does not replace one."
)
NOTE_MORNING_FREE = N_(
    "No magnesium at breakfast: {names} is usually taken first thing in the morning, and magnesium "
    "should be at least 4 hours away from it. If you take it at another time, keep the 4 hours."
)
NOTE_CAPSULES = N_("Servings are whole capsules or tablets of {capsule} mg elemental magnesium each.")

# --- warnings ------------------------------------------------------------------------------------
WARN_KIDNEY = N_(
    "Kidney disease: do not start magnesium without a clinician. Weak kidneys cannot clear it and "
    "it can build up to dangerous levels, so this plan gives 0 mg."
)
WARN_ABOVE_UL = N_(
    "{requested} mg a day is above the 350 mg upper limit for supplemental magnesium. The plan is "
    "lowered to {planned} mg; take more only if a clinician agrees."
)
WARN_UL_AGREED = N_(
    "{planned} mg a day is above the 350 mg upper limit for supplemental magnesium: you said a "
    "clinician agreed. Stop and tell them if you get diarrhoea, nausea or cramps."
)
WARN_ABOVE_RANGE = N_(
    "{requested} mg a day is above the usual 200-400 mg, so the plan is lowered to {planned} mg."
)
WARN_DIARRHOEA = N_(
    "If you get diarrhoea or loose stools, lower the dose or change form (oxide and citrate loosen "
    "stools most); if it goes on, stop magnesium and tell a clinician."
)
WARN_DIARRHOEA_NOW = N_(
    "You have diarrhoea now, so the plan is lowered to {planned} mg a day. If it does not settle, "
    "stop magnesium, drink fluids and tell a clinician; if you take oxide or citrate, try glycinate."
)
WARN_CAPSULE_TOO_BIG = N_(
    "One capsule ({capsule} mg) is more than the planned {planned} mg a day; choose a smaller "
    "product or ask a pharmacist."
)
WARN_TETRACYCLINES = N_(
    "{names}: magnesium stops these antibiotics from working. Keep at least 3 hours between them."
)
WARN_QUINOLONES = N_(
    "{names}: magnesium stops these antibiotics from working. Take the antibiotic at least 2 hours "
    "before magnesium, or at least 6 hours after it."
)
WARN_BISPHOSPHONATES = N_(
    "{names}: magnesium stops these from being absorbed. Keep at least 4 hours between them."
)
WARN_LEVOTHYROXINE = N_(
    "{names}: magnesium lowers how much thyroid medicine you absorb. Keep at least 4 hours between them."
)
WARN_GABAPENTIN = N_(
    "{names}: magnesium lowers how much gabapentin you absorb. Take gabapentin at least 2 hours "
    "after magnesium, better 4."
)
WARN_DEPLETING = N_(
    "{names}: these medicines make your body lose magnesium over time. Ask your clinician whether "
    "to check your magnesium level; do not raise your dose on your own."
)
WARN_DIGOXIN = N_(
    "{names}: digoxin and magnesium balance affect each other. Ask your clinician before you start magnesium."
)
WARN_GENERAL_SPACING = N_(
    "Keep 2-3 hours between magnesium and your other medicines unless your pharmacist says otherwise."
)
WARN_UNKNOWN_MEDICINE = N_(
    "stepdown does not know {names}; ask a pharmacist whether it should be spaced from magnesium."
)

# --- command-line additions --------------------------------------------------------------------
# The texts above are plain words for every front end (the web shows them as they are); the CLI adds
# the option to use where that helps (cli/magnesium.with_option_names).
ELEMENTAL_FROM_LABEL = N_("the elemental amount from the label")  # in NOTE_CITRATE and NOTE_HYDRATE
CLI_CLINICIAN_AGREED = N_("If a clinician agrees, run it again with --clinician-agreed.")

# --- text output -------------------------------------------------------------------------------
HEADING = N_("Magnesium plan: {daily} mg elemental magnesium a day, as magnesium {form}")
HEADING_BLOCKED = N_("Magnesium plan: none (0 mg) - see the warning below")
SERVING_LINE = N_("  {meal}: {elemental} mg magnesium{extra}")
HEADING_WARNINGS = N_("Warnings:")
HEADING_NOTES = N_("Notes:")
