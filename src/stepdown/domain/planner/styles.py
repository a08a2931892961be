"""Taper styles as explicit parameter sets a clinician can override, each with its source.

Sources are in ../shared/domain/clinical-facts.md (section 4 for taper rates). No guideline exists
for 7-OH or kratom ("there are no guidelines for treating patients with OUD stemming from kratom
use", PMC9402806), so these borrow from opioid guidance and say so.

A style has two phases:
- cuts of `cut_percent` of the ORIGINAL (starting) daily amount every `every_days` days (basis
  "original": the dose falls in equal steps), until the dose is at or below `switch_at_percent` of
  the original;
- then cuts of `later_cut_percent` of the CURRENT dose (basis "current": steps shrink as the dose
  falls), until the dose is at or below `stop_percent` of the original or is the smallest measurable
  dose; the last step is then off, to zero.
A style with basis "current" from the start (hyperbolic) has only the second phase.

Two rules hold for every style, override, custom plan and re-plan (issue 9: no plan is an abrupt
stop in disguise):
- no step cuts more than `step_limit_percent` of the dose BEFORE it; where a share of the starting
  dose would cut more (the low end of short, gradual and slow), the step cuts that share of the
  current dose instead, so steps shrink as the dose falls;
- the last step, to zero, is from a dose no larger than `stop_percent` of the starting dose (the
  style's "smallest final dose"). Where the units cannot get there (tablets that cannot be split, a
  coarse scale) the planner refuses with the fix, unless the person says a clinician agreed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SEED = (
    "Online article '7-OH Withdrawal: Can A Short Taper With Magnesium Help?' (not peer-reviewed): "
    "'reducing your dose by 10-20% every 2-3 days'"
)
CDC_WEEKS = (
    "CDC 2022 Clinical Practice Guideline, MMWR 71(3): after weeks to months of use, 'a decrease of "
    "10% of the original dose per week or slower (until approximately 30% of the original dose is "
    "reached, followed by a weekly decrease of approximately 10% of the remaining dose)'"
)
CDC_YEAR = (
    "CDC 2022 Clinical Practice Guideline, MMWR 71(3): after a year or more of use, 'tapers of "
    "approximately 10% per month or slower are likely to be better tolerated'"
)
HOROWITZ = (
    "Horowitz & Taylor, Lancet Psychiatry 2019;6:538-46: taper hyperbolically, cutting a fixed fraction "
    "of the most recent dose (10-20% in practice), so steps shrink near the end"
)
STOP_CHOICE = (
    "stepdown's own choice (no opioid guideline gives a stopping dose; UNVERIFIED): the last step off "
    "is taken from a dose no larger than one early cut of the original dose"
)
CUSTOM = "Set step by step by you or your clinician"
# Sources of each style's step limit (largest cut against the dose before) and smallest final dose.
LIMIT_SEED = (
    "Online article '7-OH Withdrawal: Can A Short Taper With Magnesium Help?' (not peer-reviewed): cuts "
    "of '10-20%' every 2-3 days; stepdown takes the top, 20% of the dose before, as the "
    "limit of any one step"
)
LIMIT_WEEKLY = (
    "Australian opioid deprescribing guideline 2022: '10-25% every week'; "
    "CDC 2022's own weekly shape (10% of the original until 30% remains) cuts at most 25% of the dose before"
)
LIMIT_MONTHLY = "VA/DoD 2022: '5-20% every 4 weeks or longer'"
LIMIT_HYPERBOLIC = "Horowitz & Taylor 2019: 10-20% of the most recent dose"
LIMIT_CUSTOM = "stepdown's rule for every plan: more than half the dose is never cut in one step"
FINAL_SHORT = (
    "stepdown's cautious choice within CDC 2022's rates for under a month of use: after 3 days to a "
    "week, half the dose for 2 days, then off (off from 50%); after 1 week "
    "to a month, about 20% less every 2 days (off from about 20%). The short style stops from no more "
    "than 25% of the starting dose"
)
FINAL_CUSTOM = (
    "stepdown's cautious choice (no guideline gives a stopping dose; UNVERIFIED): custom steps stop from "
    "no more than 25% of the starting dose, as the short style does"
)


@dataclass(frozen=True)
class StyleDefaults:
    name: str
    cut_percent: Decimal  # first-phase cut
    every_days: int
    basis: str  # "original" or "current": what the first-phase cut is a percentage of
    max_cut_percent: Decimal  # the largest cut the style's source allows (used by fit_to_supply)
    min_every_days: int  # the shortest step the style's source allows (used by fit_to_supply)
    switch_at_percent: Decimal | None = None  # of the original: where the later phase starts
    later_cut_percent: Decimal | None = None  # of the current dose, in the later phase
    # the smallest final dose, % of the original: at or below it the next step is off, and the step
    # to zero is never taken from above it
    stop_percent: Decimal = Decimal(0)
    source: str = ""
    summary: str = ""
    step_limit_percent: Decimal = Decimal(20)  # the largest cut against the dose before, in any step
    limit_source: str = ""
    stop_source: str = STOP_CHOICE


STYLES: dict[str, StyleDefaults] = {
    # The seed allows 10-20% every 2-3 days and says a short taper lasts "a few days to a couple of
    # weeks". We take 15% of the starting dose every 2 days: the middle of the seed's cut range, a plan
    # that ends in about two weeks (60 mg: 14 days), and gentler than CDC 2022's pace for use of one
    # week to one month ("about 20% less every 2 days", clinical-facts.md section 4). --every 3 gives
    # each cut longer to settle (about three weeks in all).
    "short": StyleDefaults(
        name="short",
        cut_percent=Decimal(15),
        every_days=2,
        basis="original",
        max_cut_percent=Decimal(20),
        min_every_days=2,
        stop_percent=Decimal(25),
        source=SEED,
        summary=(
            "cuts of 15% of the starting dose every 2 days (an online guide: 10-20% every 2-3 days); at the "
            "low end 20% of the current dose, off from at most 25% of the start"
        ),
        step_limit_percent=Decimal(20),
        limit_source=LIMIT_SEED,
        stop_source=FINAL_SHORT,
    ),
    # CDC 2022, weeks-to-months use: 10% of the original per week until ~30% remains, then ~10% of
    # the remaining dose per week; stop from <=10% of the original (one early cut's size).
    "gradual": StyleDefaults(
        name="gradual",
        cut_percent=Decimal(10),
        every_days=7,
        basis="original",
        max_cut_percent=Decimal(10),
        min_every_days=7,
        switch_at_percent=Decimal(30),
        later_cut_percent=Decimal(10),
        stop_percent=Decimal(10),
        source=CDC_WEEKS,
        summary="10% of the starting dose a week until 30% remains, then 10% of the remaining dose a week",
        step_limit_percent=Decimal(25),
        limit_source=LIMIT_WEEKLY,
    ),
    # CDC 2022, a year or more of use: about 10% a month or slower. We cut 10% of the original every
    # 28 days (four weeks keeps cuts on the same weekday), and from 30% on 10% of the remaining dose,
    # as CDC advises for the gradual taper's low end, so the last cuts do not grow large.
    "slow": StyleDefaults(
        name="slow",
        cut_percent=Decimal(10),
        every_days=28,
        basis="original",
        max_cut_percent=Decimal(10),
        min_every_days=28,
        switch_at_percent=Decimal(30),
        later_cut_percent=Decimal(10),
        stop_percent=Decimal(10),
        source=CDC_YEAR,
        summary="10% of the starting dose every 4 weeks until 30% remains, then 10% of the remaining dose",
        step_limit_percent=Decimal(20),
        limit_source=LIMIT_MONTHLY,
    ),
    # Horowitz & Taylor 2019: a fixed fraction of the CURRENT dose each step (10-20% in practice);
    # 10% a week is the cautious end. Stop from <=5% of the original or the smallest measurable dose.
    "hyperbolic": StyleDefaults(
        name="hyperbolic",
        cut_percent=Decimal(10),
        every_days=7,
        basis="current",
        max_cut_percent=Decimal(20),
        min_every_days=7,
        later_cut_percent=Decimal(10),
        stop_percent=Decimal(5),
        source=HOROWITZ,
        summary="10% of the current dose every week, steps shrinking, then off from the smallest dose",
        step_limit_percent=Decimal(20),
        limit_source=LIMIT_HYPERBOLIC,
    ),
    "custom": StyleDefaults(
        name="custom",
        cut_percent=Decimal(50),
        every_days=1,
        basis="current",
        max_cut_percent=Decimal(50),
        min_every_days=1,
        stop_percent=Decimal(25),
        source=CUSTOM,
        summary="steps given one by one (amount and days); no cut may be more than half the dose",
        step_limit_percent=Decimal(50),
        limit_source=LIMIT_CUSTOM,
        stop_source=FINAL_CUSTOM,
    ),
}

MIN_CUT_PERCENT = Decimal(1)
MAX_CUT_PERCENT = Decimal(50)  # more than half the dose in one step is never planned
MIN_EVERY_DAYS = 1
MAX_EVERY_DAYS = 90
MAX_HOLD_DAYS = 180
MAX_CUSTOM_STEPS = 200
MAX_CUSTOM_STEP_DAYS = 365
MAX_PLAN_DAYS = 5 * 366  # longer than any guideline's taper; past it the inputs are likely wrong
MAX_TIMES_PER_DAY = 6
