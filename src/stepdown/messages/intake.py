"""Wording of the intake assessment: reasons, clinician flags and their sources.

Clinical wording lives here so a reviewer can read every rule's words and sources in one place.
Facts come from ../shared/domain/clinical-facts.md; where a rule rests on a general clinical safety
rule rather than that file, the source says so plainly.
"""

from __future__ import annotations

from stepdown.messages import N_

# --- sources -------------------------------------------------------------------------------------
SEED = N_("Online article '7-OH Withdrawal: Can A Short Taper With Magnesium Help?' (not peer-reviewed)")
CDC_2022 = N_("CDC 2022 opioid prescribing guideline, MMWR 71(3), taper rates by duration of use")
CDC_2022_PREGNANCY = N_(
    "CDC 2022 guideline, page 21: in pregnancy 'access appropriate expertise if considering tapering'"
)
HHS_2019 = N_(
    "HHS 2019 guide on opioid tapering: rapid tapers risk 'serious psychological distress, and "
    "thoughts of suicide'"
)
SMITH_2024 = N_(
    "Smith et al., Addiction 2024 (doi:10.1111/add.16728): 14-25 mg 7-OH per labelled dose; typical "
    "daily 7-OH intake is UNVERIFIED"
)
KRATOM_SURVEY_2017 = N_("2017 kratom user survey (PMC7423016): most doses were 1-3 g")
POTENT_SOURCE = N_(
    "Matsumoto et al., JPET 2014;348:383 (MGM-16 about 240 times morphine in mice); DEA notice of "
    "1 July 2026 (MP, MGM-15, MGM-16)"
)
MP_SOURCE = N_(
    "Hill et al. 2025, Drug Alcohol Depend 272:112701 (14.5% of 7-OH products also held MP, 3.3% MP "
    "only); MP forms from 7-OH in plasma and is more potent (PMC7737207)"
)
IOM_MAGNESIUM = N_("IOM Dietary Reference Intakes: magnesium can build up when the kidneys work poorly")
DRUGS_COM_RED_FLAGS = N_(
    "drugs.com opioid withdrawal care guide: call 911 for a seizure; call a clinician for a fast heartbeat"
)
BUPRENORPHINE_CASE = N_(
    "Cureus 2025 case: precipitated withdrawal after buprenorphine in a 7-OH user needed intubation"
)
ASAM_2025 = N_(
    "ASAM 2025 benzodiazepine tapering guideline: 'If significant signs or symptoms emerge, the taper "
    "should be slowed or paused'"
)
EMC_MAGNESIUM = N_("UK product information for magnesium products (EMC SmPC 2678 and 4841)")
HELPLINE_988 = N_("988 Suicide & Crisis Lifeline")
MOUD_SOURCE = N_(
    "SAMHSA: buprenorphine and methadone (MOUD) are the evidence-based treatments for opioid use "
    "disorder; ACOG Committee Opinion 711 (2017) for pregnancy; CDC 2022 (a year or more of use); case "
    "series of buprenorphine for kratom and 7-OH, incl. a precipitated-withdrawal case (Cureus 2025); "
    "FindTreatment.gov and the SAMHSA National Helpline"
)
OLDER_AGE_SOURCE = N_(
    "NIH Office of Dietary Supplements: magnesium toxicity risk rises with impaired kidney function, "
    "more common with age; stepdown's cautious choice: a gentler style and a magnesium caution from 65"
)
BREASTFEEDING_SOURCE = N_(
    "stepdown's cautious choice (the sources cover pregnancy, not breastfeeding): "
    "opioids pass into breast milk, so a clinician first"
)
CAUTIOUS_CHOICE = N_("stepdown's cautious choice (no guideline for 7-OH or kratom tapers)")


def general_rule(what: str) -> str:
    """A source that is a general clinical safety rule, not a fact from stepdown's facts file."""
    return f"General clinical safety rule: {what}"


GENERAL_WHEN_IN_DOUBT = general_rule("when the dose cannot be judged, choose the gentler taper")
GENERAL_GENTLEST = general_rule(
    "when rules disagree take the gentlest taper; CDC 2022 gives its rates as 'or slower'"
)
GENERAL_SEDATIVES = general_rule(
    "opioids taken with alcohol, benzodiazepines or other sedatives slow breathing more than either "
    "alone, and alcohol or benzodiazepine withdrawal can itself cause seizures"
)
GENERAL_OTHER_OPIOIDS = general_rule(
    "several opioids at once raise overdose risk and change how withdrawal feels"
)
GENERAL_STIMULANTS = general_rule("stimulants add strain on sleep, mood and the heart during withdrawal")
GENERAL_GABAPENTINOIDS = general_rule(
    "gabapentin and pregabalin with opioids can slow breathing (US FDA safety warning, 2019)"
)
GENERAL_NALTREXONE = general_rule(
    "naltrexone blocks opioids; taken while still dependent it brings on sudden, severe withdrawal"
)
GENERAL_LIVER = general_rule("liver disease changes how the body clears many substances and medicines")
GENERAL_HEART = general_rule("withdrawal raises heart rate and blood pressure")
GENERAL_PREGNANCY = general_rule("withdrawal during pregnancy carries risks for the pregnancy")
GENERAL_UNKNOWN_MEDICINE = general_rule("a pharmacist can check any medicine for interactions")

AMBIGUOUS_POTENT = N_(
    "'{value}' could mean MGM-15 or MGM-16, synthetic opioids that are not magnesium; give mgm-15, "
    "mgm-16 or mp (accepted substances: {accepted})."
)

# --- reasons for the style ------------------------------------------------------------------------
DURATION_LONG = N_(
    "You have used it for {days} (a year or more). After a year or more, tapers of about 10% a "
    "month or slower are better tolerated."
)
DURATION_MEDIUM = N_(
    "You have used it for {days} (weeks to months). For that length of use, about 10% of the "
    "starting dose a week or slower fits best."
)
DURATION_SHORT = N_(
    "You have used it for {days} (less than a month). Shorter use can usually be tapered over "
    "days to a couple of weeks."
)
DOSE_HIGHER = N_(
    "Your dose ({amount}) is higher than {limit}. Long use or high doses call for a longer, gentler taper."
)
DOSE_HIGHER_PER_DOSE = N_(
    "Each of your doses ({per_dose}) is above {limit}. Long use or high doses call for a longer, "
    "gentler taper."
)
DOSE_LOWER = N_(
    "Your dose ({amount}) is at or below {limit}. A short taper suits shorter use and lower doses."
)
DOSE_UNKNOWN = N_(
    "stepdown cannot judge how strong {amount} of {substance} is, so it suggests the gentler taper."
)
SEVEN_OH_THRESHOLD = N_(
    "about two labelled doses a day ({limit_mg} mg of 7-OH, counting from the weakest labelled dose "
    "of 14 mg so that stepdown errs on the gentle side)"
)
SEVEN_OH_PER_DOSE = N_("the strongest labelled dose ({limit_mg} mg)")
SEVEN_OH_COUNT_THRESHOLD = N_("about two labelled doses a day")
LEAF_THRESHOLD = N_("about two typical doses a day ({limit_g} g; most people take 1-3 g a dose)")
LEAF_PER_DOSE = N_("the top of the usual 1-3 g a dose")
POTENT_STYLE = N_(
    "{substance} is a potent synthetic opioid with no taper data at all, so stepdown suggests the "
    "gentlest style."
)
SEVERE_BEFORE = N_(
    "Withdrawal was severe when you tried before. When withdrawal is hard, the taper should be "
    "slowed, so stepdown suggests a gentler style than your use alone would."
)
ATTEMPTS_BEFORE = N_(
    "You have tried {attempts} before. A gentler pace gives your body more time to adjust "
    "and makes another restart less likely."
)
PREGNANCY_STYLE = N_(
    "You are pregnant. Only taper with a clinician's guidance; until then stepdown suggests the "
    "gentlest style."
)
MENTAL_HEALTH_STYLE = N_(
    "Rapid tapers can bring serious distress and thoughts of suicide, so with a mental-health "
    "condition or such thoughts stepdown suggests at least a gradual taper."
)
DOSE_UNKNOWN_COUNT = N_(
    "Your dose is given as a count ({amount}). 7-OH tablets and shots run from 14 to 30 mg and more, "
    "so a count does not say how strong your dose is; stepdown suggests at least the gradual taper."
)
SEIZURES_STYLE = N_(
    "You have had seizures: withdrawal can lower the seizure threshold, so stepdown suggests at least "
    "a gradual taper, planned with a clinician."
)
HEART_STYLE = N_(
    "Heart problems: withdrawal raises heart rate and blood pressure, so stepdown suggests at least "
    "a gradual taper, planned with a clinician."
)
KIDNEY_STYLE = N_(
    "Kidney disease: magnesium is not planned for you and withdrawal can dehydrate, so stepdown "
    "suggests at least a gradual taper, planned with a clinician."
)
SEDATIVES_STYLE = N_(
    "Alcohol, benzodiazepines or sleeping pills with an opioid slow breathing, and their own "
    "withdrawal can cause seizures, so stepdown suggests at least a gradual taper, planned with a "
    "clinician."
)
OTHER_OPIOIDS_STYLE = N_(
    "Other opioids with 7-OH raise overdose risk and change how withdrawal feels, so stepdown "
    "suggests at least a gradual taper, planned with a clinician."
)
OLDER_AGE_STYLE = N_(
    "You are 65 or older: withdrawal is harder on the body and magnesium builds up more easily when "
    "the kidneys work less well, so stepdown suggests at least a gradual taper."
)
BREASTFEEDING_STYLE = N_(
    "You are breastfeeding: talk to a clinician first; until then stepdown suggests the gentlest style."
)
STYLE_CHOSEN = N_("Suggested style: {style}. When the rules disagree stepdown takes the gentlest one.")

# --- clinician flags -----------------------------------------------------------------------------
FLAG_PREGNANCY = N_(
    "You are pregnant: talk to a clinician with experience in pregnancy before changing your dose."
)
FLAG_KIDNEY = N_(
    "Kidney disease: magnesium can build up to harmful levels, so do not take magnesium without a "
    "clinician, and ask them about your taper."
)
FLAG_SEIZURES = N_(
    "You have had seizures: withdrawal can lower the seizure threshold, so plan the taper with a "
    "clinician. A seizure during the taper means calling 911."
)
FLAG_HEART = N_(
    "Heart problems: withdrawal raises heart rate and blood pressure, so ask a clinician before you start."
)
FLAG_LIVER = N_("Liver disease: ask a clinician before you start.")
FLAG_MENTAL_HEALTH = N_(
    "A mental-health condition: tapering can bring low mood and anxiety; let your clinician know "
    "so they can support you."
)
FLAG_SELF_HARM = N_(
    "You have had thoughts of harming yourself. Please call or text 988 now, or 911 if you are in "
    "danger, and talk to a clinician before you start."
)
FLAG_ALCOHOL = N_(
    "Alcohol: with opioids it slows breathing, and alcohol withdrawal can cause seizures. Talk to a "
    "clinician before you start."
)
FLAG_BENZODIAZEPINES = N_(
    "Benzodiazepines or sleeping pills ({names}): with opioids they slow breathing, and stopping "
    "them suddenly can cause seizures. Talk to a clinician before you start."
)
FLAG_OTHER_OPIOIDS = N_(
    "Other opioids ({names}): several opioids at once raise overdose risk. Talk to a clinician "
    "before you start."
)
FLAG_BUPRENORPHINE = N_(
    "Buprenorphine ({names}): starting it while 7-OH is still in your body can bring on sudden "
    "severe withdrawal. Only start or change it with your prescriber."
)
FLAG_NALTREXONE = N_(
    "Naltrexone ({names}): it blocks opioids, and taken while you are still dependent it brings on "
    "sudden severe withdrawal. Talk to your prescriber before you start."
)
FLAG_GABAPENTINOIDS = N_(
    "Gabapentin or pregabalin ({names}): with opioids they can slow breathing. Tell your clinician "
    "about your taper."
)
FLAG_STIMULANTS = N_("Stimulants: they add strain on sleep, mood and the heart. Tell your clinician.")
FLAG_POTENT = N_(
    "{substance} is a potent opioid (MGM-15 and MGM-16 are synthetic opioids, not magnesium; MP is "
    "stronger than 7-OH). Do not taper it without a clinician."
)
FLAG_MP_IN_PRODUCTS = N_(
    "Some 7-OH products also contain MP (mitragynine pseudoindoxyl), a stronger opioid, without "
    "saying so clearly. Show your product's label to your clinician."
)
FLAG_HIGH_DOSE = N_(
    "Your dose is high for this product. Higher doses make withdrawal harder; ask a clinician to "
    "check your plan, and about medicines such as buprenorphine."
)
FLAG_LONG_USE = N_(
    "You have used it for a year or more. Ask a clinician to follow your taper at least monthly."
)
FLAG_UNKNOWN_DOSE = N_(
    "stepdown cannot judge how strong your dose is. Show the product to a clinician or pharmacist."
)
FLAG_SEVERE_BEFORE = N_(
    "Withdrawal was severe last time: ask a clinician about support, such as medicines for "
    "withdrawal symptoms, before you start."
)
FLAG_ATTEMPTS = N_(
    "You have tried {attempts} before: support from a clinician, counsellor or group makes "
    "success more likely."
)
FLAG_MAGNESIUM_MEDICINES = N_(
    "{names}: magnesium affects these medicines or they affect magnesium. The magnesium plan says "
    "how far apart to take them; ask your pharmacist too."
)
FLAG_UNKNOWN_MEDICINES = N_(
    "stepdown does not know {names}. Ask a pharmacist whether it interacts with your taper or with magnesium."
)

CLINICIAN_ROUTE = N_(
    "A taper supervised by a clinician, or medication for opioid use disorder (buprenorphine or "
    "methadone), is the recommended route for you, not a taper on your own. Buprenorphine must be "
    "started with a clinician: started while 7-OH is still working it can bring on sudden, severe "
    "withdrawal. Find care at FindTreatment.gov, or call SAMHSA's free, confidential helpline "
    "1-800-662-4357 (24/7), or text your ZIP code to 435748. stepdown saves a plan for you only when "
    "you say a clinician has agreed to it."
)
FLAG_BREASTFEEDING = N_(
    "You are breastfeeding: opioids pass into breast milk. Talk to a clinician before you change your dose."
)
FLAG_OLDER_MAGNESIUM = N_(
    "You are 65 or older: magnesium can build up when the kidneys work less well, which is more common "
    "with age. Ask a clinician to check your kidney function before you take magnesium."
)
FLAG_UNDER_18 = N_("You are under 18: please taper only with a clinician, and tell a trusted adult.")

# --- command-line additions --------------------------------------------------------------------
# The texts above are plain words for every front end; the CLI adds its commands where they help.
CLI_MAGNESIUM_MEDICINES = N_("For the spacing, run `stepdown magnesium --medicine NAME`.")

# --- text output -------------------------------------------------------------------------------
HEADING_STYLE = N_("Suggested taper style: {style}")
HEADING_REASONS = N_("Why:")
HEADING_FLAGS = N_("Talk to a clinician before you start:")
NO_FLAGS = N_("No specific warning signs, but a clinician should still be involved in your taper.")
HEADING_URGENT = N_("Please act now:")
HEADING_ROUTE = N_("The recommended route for you:")
HEADING_SAFETY = N_("Keep yourself safe:")
NEXT_STEP = (  # command line only (`stepdown assess`)
    N_(
        "Next: make a plan with this style, e.g. `stepdown plan --style {style} ...` "
        "(see `stepdown plan --help`)."
    )
)
