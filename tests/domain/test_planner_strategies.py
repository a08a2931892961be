"""Hypothesis strategies for realistic planner inputs, and an independent measurability check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from hypothesis import strategies as hs

from stepdown.domain.plan import DoseForm
from stepdown.domain.planner import PlanRequest, make_form

D = Decimal
STRENGTHS = [D(s) for s in ("5", "7.5", "10", "12.5", "15", "20", "25", "30")]


@hs.composite
def tablet_forms(draw: hs.DrawFn) -> DoseForm:
    strengths = draw(hs.lists(hs.sampled_from(STRENGTHS), min_size=1, max_size=3, unique=True))
    pieces = draw(hs.sampled_from([1, 2, 4]))
    return make_form("tablet", "mg", strengths=tuple(strengths), pieces=pieces)


@hs.composite
def powder_forms(draw: hs.DrawFn) -> DoseForm:
    if draw(hs.booleans()):
        return make_form(
            "powder", "g", resolution=draw(hs.sampled_from([D("0.01"), D("0.05"), D("0.1"), D("0.5")]))
        )
    return make_form("powder", "mg", resolution=draw(hs.sampled_from([D(1), D(5), D(10), D(50)])))


@hs.composite
def liquid_forms(draw: hs.DrawFn) -> DoseForm:
    return make_form(
        "liquid",
        "mg",
        concentration=draw(hs.sampled_from([D(1), D(2), D("2.5"), D(5), D(10)])),
        resolution=draw(hs.sampled_from([D("0.1"), D("0.2"), D("0.25"), D("0.5"), D(1)])),
    )


forms = hs.one_of(tablet_forms(), powder_forms(), liquid_forms())


def piece_sizes(form: DoseForm) -> list[Fraction]:
    if form.kind == "tablet":
        return [Fraction(s) / form.pieces for s in form.strengths]
    if form.kind == "powder":
        return [Fraction(form.resolution)]
    return [Fraction(form.resolution) * Fraction(form.concentration)]


@lru_cache(maxsize=4096)
def _representable(sizes: tuple[Fraction, ...], amount: Fraction) -> bool:
    """Brute force: can `amount` be made of whole pieces of these sizes? (independent of the planner)"""
    if amount == 0:
        return True
    if amount < 0:
        return False
    if len(sizes) == 1:
        return (amount / sizes[0]).denominator == 1
    first, rest = sizes[0], sizes[1:]
    k = 0
    while k * first <= amount:
        if _representable(rest, amount - k * first):
            return True
        k += 1
    return False


def measurable(form: DoseForm, amount: Decimal) -> bool:
    return _representable(tuple(piece_sizes(form)), Fraction(amount))


@hs.composite
def amounts_for(draw: hs.DrawFn, form: DoseForm) -> Decimal:
    """A realistic measurable daily amount for this form."""
    sizes = piece_sizes(form)
    if form.kind == "tablet":
        counts = [draw(hs.integers(0, 4 * form.pieces)) for _ in sizes]
        if sum(counts) == 0:
            counts[0] = 1
        total = sum(c * s for c, s in zip(counts, sizes, strict=True))
    elif form.kind == "powder":
        # 0.5-20 g of leaf powder (surveys: mostly 1-3 g a dose), as whole scale steps
        top = Fraction(20000) if form.unit == "mg" else Fraction(20)
        low = Fraction(500) if form.unit == "mg" else Fraction(1, 2)
        n = draw(hs.integers(max(1, int(low / sizes[0])), int(top / sizes[0])))
        total = n * sizes[0]
    else:
        n = draw(hs.integers(1, int(Fraction(120) / sizes[0])))
        total = n * sizes[0]
    return Decimal(total.numerator) / Decimal(total.denominator)


@hs.composite
def requests(
    draw: hs.DrawFn, styles: tuple[str, ...] = ("short", "gradual", "slow", "hyperbolic")
) -> PlanRequest:
    form = draw(forms)
    amount = draw(amounts_for(form))
    style = draw(hs.sampled_from(styles))
    cut = draw(hs.none() | hs.integers(1, 50).map(Decimal))
    every = draw(hs.none() | hs.integers(1, 30))
    return PlanRequest(
        daily_amount=amount,
        form=form,
        start=draw(hs.dates(date(2025, 1, 1), date(2030, 12, 31))),
        times_per_day=draw(hs.integers(1, 4)),
        style=style,
        cut_percent=cut,
        every_days=every,
        stabilise_days=draw(hs.integers(0, 7)),
        final_hold_days=draw(hs.integers(0, 14)),
        stop_percent=draw(hs.none() | hs.integers(0, 5 if style == "hyperbolic" else 10).map(Decimal))
        if style not in ("short", "custom")
        else None,
    )


def test_independent_measurability_check_knows_simple_cases() -> None:
    quarters = make_form("tablet", "mg", strengths=(D(15),), pieces=4)
    assert measurable(quarters, D("22.5")) and measurable(quarters, D("3.75"))
    assert not measurable(quarters, D(61))
    two = make_form("tablet", "mg", strengths=(D(10), D(15)), pieces=1)
    assert measurable(two, D(25)) and measurable(two, D(40)) and not measurable(two, D(5))
    assert measurable(two, D(35))  # 10 + 10 + 15
    liquid = make_form("liquid", "mg", concentration=D("2.5"), resolution=D("0.2"))
    assert measurable(liquid, D(1)) and measurable(liquid, D("0.5")) and not measurable(liquid, D("0.25"))
