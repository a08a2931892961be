"""Dose forms: what a person can actually measure, and how to say it.

All measurability is exact: amounts are handled as whole numbers of a form's *quantum* (the
smallest step the person can measure, as a Fraction of the plan's unit), never as floats.

- tablet: pieces of each strength (strength / pieces). With one strength every multiple of the
  quantum is measurable; with several strengths only the sums of whole pieces are, which
  `Measure` works out once per form (a small coin-change table) and caches.
- powder: multiples of the scale's resolution (in the plan's unit, g or mg).
- liquid: multiples of the syringe/cup resolution in ml; the amount quantum is
  concentration (unit per ml) x resolution (ml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from math import gcd

from stepdown.domain.errors import InvalidInput
from stepdown.domain.plan import FORMS, DoseForm, Portion

UNITS = ("mg", "g")
PIECES = (1, 2, 4)  # whole, halves, quarters: the splits a tablet cutter gives reliably
MAX_STRENGTHS = 4

# Sane upper bounds. Anything above them is almost certainly a typing slip (a missing decimal
# point), and a plan built on it could be dangerous, so we refuse with a plain sentence.
# - 100 g a day covers the heaviest kratom leaf use in the literature (35 g/day case reports,
#   clinical-facts.md section 3) with room to spare; 7-OH products are 14-30 mg a tablet.
MAX_DAILY_MG = Decimal(100_000)
MAX_STRENGTH_MG = Decimal(1000)  # one tablet; labelled 7-OH doses are 14-25 mg, some "up to 100 mg"
MAX_TABLETS_A_DAY = 60
MAX_CONCENTRATION_MG_PER_ML = Decimal(1000)
MIN_ML_RESOLUTION = Decimal("0.01")
MAX_ML_RESOLUTION = Decimal(10)
MIN_POWDER_RESOLUTION_MG = Decimal("0.1")  # a 0.0001 g lab balance
MAX_POWDER_RESOLUTION_MG = Decimal(5000)
MAX_QUANTA = 2_000_000  # daily amount / smallest measurable step: keeps every plan fast to compute

_TO_MG = {"mg": Decimal(1), "g": Decimal(1000)}
_GLYPHS = {Fraction(1, 4): "¼", Fraction(1, 2): "½", Fraction(3, 4): "¾"}


def parse_decimal(value: object, field: str, what: str) -> Decimal:
    """A finite Decimal from user text or a number; floats go through str() so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                f"{what} must be a number, e.g. 15 or 2.5; got {value!r}.", field=field
            ) from None
    if not result.is_finite():
        raise InvalidInput(f"{what} must be a number, e.g. 15 or 2.5; got {value!r}.", field=field)
    return result


def fmt(value: Decimal | Fraction | int) -> str:
    """Plain decimal text without trailing zeros or exponent: 22.5, 3, 0.25."""
    if isinstance(value, Fraction):
        value = to_decimal(value)
    d = Decimal(value).normalize()
    text = format(d, "f")
    return text


def clean(value: Decimal) -> Decimal:
    """Without trailing zeros, and never in exponent form: 20 stays 20, not 2E+1."""
    d = value.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d  # type: ignore[operator]


def to_decimal(value: Fraction) -> Decimal:
    """Exact for our quanta (denominators are products of 2s and 5s)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def make_form(
    kind: str,
    unit: str,
    *,
    strengths: tuple[Decimal, ...] | list[Decimal] | tuple[str, ...] = (),
    pieces: int = 1,
    resolution: Decimal | str | None = None,
    concentration: Decimal | str | None = None,
) -> DoseForm:
    """A validated DoseForm; raises InvalidInput with one plain sentence on bad input."""
    kind = (kind or "").strip().lower()
    unit = (unit or "").strip().lower()
    if kind not in FORMS:
        raise InvalidInput(f"Unknown form {kind!r}; use tablet, powder or liquid.", field="form")
    if unit not in UNITS:
        raise InvalidInput(f"Unknown unit {unit!r}; use mg or g.", field="unit")
    to_mg = _TO_MG[unit]
    if kind == "tablet":
        if resolution is not None or concentration is not None:
            raise InvalidInput(
                "Tablets take a strength and how finely they split, not a resolution or concentration.",
                field="form",
            )
        if pieces not in PIECES:
            raise InvalidInput(
                f"A tablet can be split into 1 (whole), 2 (halves) or 4 (quarters) pieces; got {pieces}.",
                field="split",
            )
        if not strengths:
            raise InvalidInput(
                "Tablets need a strength: how much is in one tablet, e.g. 15 for 15 mg tablets.",
                field="strength",
            )
        if len(strengths) > MAX_STRENGTHS:
            raise InvalidInput(f"Give at most {MAX_STRENGTHS} tablet strengths.", field="strength")
        values = []
        for s in strengths:
            v = parse_decimal(s, "strength", "A tablet strength")
            if v <= 0 or v * to_mg > MAX_STRENGTH_MG:
                raise InvalidInput(
                    f"A tablet strength must be more than 0 and at most "
                    f"{fmt(MAX_STRENGTH_MG / to_mg)} {unit}; "
                    f"got {fmt(v)} {unit}.",
                    field="strength",
                )
            if v != v.quantize(Decimal("0.001")):
                raise InvalidInput(
                    f"A tablet strength can have at most 3 decimals; got {fmt(v)} {unit}.", field="strength"
                )
            values.append(clean(v))
        ordered = tuple(sorted(set(values), reverse=True))
        if len(ordered) != len(values):
            raise InvalidInput("Each tablet strength should be given once.", field="strength")
        return DoseForm(kind="tablet", unit=unit, strengths=ordered, pieces=pieces)

    if strengths:
        raise InvalidInput(
            f"A {kind} has no tablet strength; a strength is for tablets only.", field="strength"
        )
    if pieces != 1:
        raise InvalidInput(
            f"Only tablets can be split; a {kind} is measured by "
            f"{'weight on a scale' if kind == 'powder' else 'volume'} instead.",
            field="split",
        )
    if resolution is None:
        example = "0.1 g on a kitchen scale" if kind == "powder" else "0.5 ml with an oral syringe"
        raise InvalidInput(
            f"A {kind} needs the smallest step you can measure, e.g. {example}.", field="resolution"
        )
    res = parse_decimal(resolution, "resolution", "The resolution")
    if kind == "powder":
        if concentration is not None:
            raise InvalidInput(
                "A powder has no concentration; a concentration is for liquids.", field="concentration"
            )
        res_mg = res * to_mg
        if not (MIN_POWDER_RESOLUTION_MG <= res_mg <= MAX_POWDER_RESOLUTION_MG):
            raise InvalidInput(
                f"A scale resolution must be between {fmt(MIN_POWDER_RESOLUTION_MG / to_mg)} and "
                f"{fmt(MAX_POWDER_RESOLUTION_MG / to_mg)} {unit}; got {fmt(res)} {unit}.",
                field="resolution",
            )
        return DoseForm(kind="powder", unit=unit, resolution=clean(res))

    # liquid
    if not (MIN_ML_RESOLUTION <= res <= MAX_ML_RESOLUTION):
        raise InvalidInput(
            f"A measuring resolution must be between {fmt(MIN_ML_RESOLUTION)} and "
            f"{fmt(MAX_ML_RESOLUTION)} ml; "
            f"got {fmt(res)} ml.",
            field="resolution",
        )
    if res != res.quantize(Decimal("0.01")):
        raise InvalidInput(
            f"A measuring resolution can have at most 2 decimals; got {fmt(res)} ml.", field="resolution"
        )
    if concentration is None:
        raise InvalidInput(
            f"A liquid needs its concentration: how many {unit} in each ml, e.g. 5.",
            field="concentration",
        )
    conc = parse_decimal(concentration, "concentration", "The concentration")
    if conc <= 0 or conc * to_mg > MAX_CONCENTRATION_MG_PER_ML:
        raise InvalidInput(
            f"A concentration must be more than 0 and at most "
            f"{fmt(MAX_CONCENTRATION_MG_PER_ML / to_mg)} {unit} "
            f"per ml; got {fmt(conc)}.",
            field="concentration",
        )
    if conc != conc.quantize(Decimal("0.001")):
        raise InvalidInput(
            f"A concentration can have at most 3 decimals; got {fmt(conc)}.", field="concentration"
        )
    return DoseForm(kind="liquid", unit=unit, resolution=clean(res), concentration=clean(conc))


@dataclass(frozen=True)
class Measure:
    """Exact measurability for one DoseForm, in whole quanta.

    `quantum` is the smallest measurable step of the amount, in the plan's unit. `coins` are the
    piece sizes in quanta (one per tablet strength; a single (1,) otherwise).
    """

    form: DoseForm
    quantum: Fraction
    coins: tuple[int, ...]
    # Portions and splits are immutable, so each is worked out once per form (Fraction maths is slow)
    _cache: dict[object, object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def quantum_decimal(self) -> Decimal:
        q = self._cache.get("q")
        if q is None:
            q = self._cache["q"] = to_decimal(self.quantum)
        return q  # type: ignore[return-value]

    @property
    def lattice(self) -> bool:
        """True when every whole number of quanta is measurable (one strength, powder, liquid)."""
        return self.coins == (1,)

    def quanta(self, amount: Decimal) -> Fraction:
        return Fraction(amount) / self.quantum

    def amount(self, n: int) -> Decimal:
        return clean(self.quantum_decimal * n)  # exact: the quantum is a short decimal

    def is_measurable(self, n: int) -> bool:
        if n < 0:
            return False
        if self.lattice:
            return True
        return _table(self.coins, n)[n] is not None

    def floor(self, n: int) -> int:
        """Largest measurable count <= n (0 is always measurable)."""
        n = max(n, 0)
        if self.lattice:
            return n
        table = _table(self.coins, n)
        while table[n] is None:
            n -= 1
        return n

    def ceil(self, n: int, limit: int) -> int | None:
        """Smallest measurable count >= n and <= limit, or None."""
        n = max(n, 0)
        if self.lattice:
            return n if n <= limit else None
        table = _table(self.coins, limit)
        for m in range(n, limit + 1):
            if table[m] is not None:
                return m
        return None

    def below(self, n: int) -> int:
        """Largest measurable count strictly below n (0 if none)."""
        return self.floor(n - 1) if n > 0 else 0

    def pieces_of(self, n: int) -> tuple[int, ...]:
        """Pieces of each strength (fewest tablets) making n quanta; for a lattice form, (n,)."""
        if self.lattice:
            return (n,)
        table = _table(self.coins, n)
        counts = [0] * len(self.coins)
        while n > 0:
            entry = table[n]
            assert entry is not None, "not measurable"
            counts[entry[1]] += 1
            n -= self.coins[entry[1]]
        return tuple(counts)

    def split(self, n: int, times: int) -> tuple[int, ...]:
        key = ("split", n, times)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._split(n, times)
        return hit  # type: ignore[return-value]

    def _split(self, n: int, times: int) -> tuple[int, ...]:
        """n quanta in `times` measurable portions, as even as measurable, smaller ones first.

        The larger portions go LAST in the day (evening): withdrawal symptoms build overnight in the
        longest gap between doses, and poor sleep is among the commonest withdrawal complaints
        (seed; Singh 2014 lists "sleeping difficulty", clinical-facts.md section 3).
        """
        if self.lattice:
            base, extra = divmod(n, times)
            return tuple([base] * (times - extra) + [base + 1] * extra)
        parts: list[int] = []
        remaining = n
        for k in range(times, 1, -1):
            # the largest measurable share <= an even share whose remainder is still measurable
            p = self.floor(remaining // k)
            while p > 0 and not self.is_measurable(remaining - p):
                p = self.floor(p - 1)
            parts.append(p)
            remaining -= p
        parts.append(remaining)
        return tuple(sorted(parts))

    def measure_of(self, n: int) -> Decimal:
        """What the person measures: tablets, scale amount (unit) or ml."""
        form = self.form
        if form.kind == "tablet":
            return clean(Decimal(sum(self.pieces_of(n))) / form.pieces)  # exact: pieces is 1, 2 or 4
        if form.kind == "powder":
            return self.amount(n)
        assert form.resolution is not None
        return clean(form.resolution * n)

    @property
    def measure_unit(self) -> str:
        return {"tablet": "tablet", "powder": self.form.unit, "liquid": "ml"}[self.form.kind]

    def label(self, n: int) -> str:
        """'1½ tablets = 22.5 mg', '½ × 15 mg + 1 × 10 mg = 17.5 mg', '2.4 g', '1.5 ml = 7.5 mg'."""
        form = self.form
        amount = f"{fmt(self.amount(n))} {form.unit}"
        if n == 0:
            return f"nothing (0 {form.unit})"
        if form.kind == "powder":
            return f"{amount} on the scale"
        if form.kind == "liquid":
            return f"{fmt(self.measure_of(n))} ml = {amount}"
        counts = self.pieces_of(n)
        if len(form.strengths) == 1:
            count = Fraction(counts[0], form.pieces)
            word = "tablet" if count <= 1 else "tablets"
            return f"{tablets_text(count)} {word} = {amount}"
        parts = [
            f"{tablets_text(Fraction(c, form.pieces))} × {fmt(s)} {form.unit}"
            for c, s in zip(counts, form.strengths, strict=True)
            if c
        ]
        return f"{' + '.join(parts)} = {amount}"

    def portion(self, n: int) -> Portion:
        key = ("portion", n)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._portion(n)
        return hit  # type: ignore[return-value]

    def _portion(self, n: int) -> Portion:
        return Portion(
            amount=self.amount(n),
            measure=self.measure_of(n),
            measure_unit=self.measure_unit,
            label=self.label(n),
        )

    def unit_text(self) -> str:
        """The smallest measurable step, in words: '¼ tablet (3.75 mg)', '0.1 g', '0.5 ml (2.5 mg)'."""
        form = self.form
        q = f"{fmt(self.quantum)} {form.unit}"
        if form.kind == "tablet":
            piece = {1: "1 tablet", 2: "½ tablet", 4: "¼ tablet"}[form.pieces]
            if len(form.strengths) == 1:
                return f"{piece} ({q})"
            return f"{piece} pieces (combined steps of {q})"
        if form.kind == "powder":
            return q
        return f"{fmt(form.resolution or 0)} ml ({q})"

    def finer_unit_hint(self) -> str:
        """The fixes that would allow smaller cuts, in plain words (a complete phrase)."""
        form = self.form
        if form.kind == "tablet":
            if form.pieces < 4:
                return (
                    "a pill cutter to split your tablets into quarters (if they can be split), a "
                    "lower-strength tablet, or a liquid or powder form measured more finely"
                )
            return "a lower-strength tablet, or a liquid or powder form measured more finely"
        if form.kind == "powder":
            return f"a scale that measures to {fmt((form.resolution or Decimal(1)) / 10)} {form.unit}"
        return f"a syringe marked in {fmt((form.resolution or Decimal(1)) / 10)} ml, or a more dilute liquid"


def tablets_text(count: Fraction) -> str:
    """1½, ¾, 2, 2¼: mixed numbers with glyphs."""
    whole, rest = divmod(count, 1)
    whole = int(whole)
    if rest == 0:
        return str(whole)
    glyph = _GLYPHS[Fraction(rest)]
    return glyph if whole == 0 else f"{whole}{glyph}"


@lru_cache(maxsize=512)
def measure(form: DoseForm) -> Measure:
    if form.kind == "tablet":
        piece_sizes = [Fraction(s) / form.pieces for s in form.strengths]
        q = piece_sizes[0]
        for p in piece_sizes[1:]:
            q = _frac_gcd(q, p)
        coins = tuple(int(p / q) for p in piece_sizes)
        if len(coins) == 1:
            coins = (1,)
        return Measure(form=form, quantum=q, coins=coins)
    if form.kind == "powder":
        assert form.resolution is not None
        return Measure(form=form, quantum=Fraction(form.resolution), coins=(1,))
    assert form.resolution is not None and form.concentration is not None
    return Measure(form=form, quantum=Fraction(form.resolution) * Fraction(form.concentration), coins=(1,))


def _frac_gcd(a: Fraction, b: Fraction) -> Fraction:
    den = a.denominator * b.denominator // gcd(a.denominator, b.denominator)
    return Fraction(gcd(int(a * den), int(b * den)), den)


# coin-change tables for multi-strength tablets: entry n = (pieces used, index of last coin) or None
_TABLES: dict[tuple[int, ...], list[tuple[int, int] | None]] = {}


def _table(coins: tuple[int, ...], upto: int) -> list[tuple[int, int] | None]:
    table = _TABLES.get(coins)
    if table is not None and len(table) > upto:
        return table
    size = max(upto + 1, 2 * len(table) if table else 0, 64)
    new: list[tuple[int, int] | None] = [None] * size
    new[0] = (0, -1)
    # fewest pieces; coins are in descending strength order so ties keep the larger tablet
    for n in range(1, size):
        best: tuple[int, int] | None = None
        for i, c in enumerate(coins):
            if c <= n:
                prev = new[n - c]
                if prev is not None and (best is None or prev[0] + 1 < best[0]):
                    best = (prev[0] + 1, i)
        new[n] = best
    _TABLES[coins] = new
    return new


def validate_amount(
    amount: Decimal, form: DoseForm, *, field: str = "amount", what: str = "The daily amount"
) -> int:
    """The amount in whole quanta; raises InvalidInput if not positive, too large or unmeasurable."""
    m = measure(form)
    unit = form.unit
    if amount <= 0:
        raise InvalidInput(f"{what} must be more than 0 {unit}; got {fmt(amount)} {unit}.", field=field)
    max_daily = MAX_DAILY_MG / _TO_MG[unit]
    if amount > max_daily:
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} is above the {fmt(max_daily)} {unit} a day this "
            f"planner accepts; "
            "please check the number.",
            field=field,
        )
    q = m.quanta(amount)
    if q > MAX_QUANTA:
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} is too many measuring steps of {m.unit_text()}; "
            "use a coarser resolution or a larger unit.",
            field=field,
        )
    n = int(q)
    if q != n or not m.is_measurable(n):
        lower = m.floor(int(q))
        upper = m.ceil(int(q) + 1, int(q) + 10 * max(m.coins) + 1)
        options = [f"{fmt(m.amount(x))} {unit}" for x in (lower, upper) if x]
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} cannot be measured exactly with {m.unit_text()}; "
            f"the nearest measurable amounts are {' or '.join(options)}.",
            field=field,
        )
    if form.kind == "tablet" and m.measure_of(n) > MAX_TABLETS_A_DAY:
        raise InvalidInput(
            f"{what} of {fmt(amount)} {unit} is more than {MAX_TABLETS_A_DAY} tablets a day; please check "
            "the amount and the tablet strength.",
            field=field,
        )
    return n
