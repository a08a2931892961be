"""Self-rated opioid withdrawal scales used in the daily check-in.

Credits (the questions are stepdown's own wording of the symptoms; the originals are under
copyright, clinical-facts.md section 1):
- SOWS16: Subjective Opiate Withdrawal Scale, Handelsman L, Cochrane KJ, Aronson MJ, Ness R,
  Rubinstein KJ, Kanof PD. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse
  1987;13(3):293-308. 16 symptoms rated 0-4, total 0-64.
- SOWS10: Short Opiate Withdrawal Scale, Gossop M. The development of a Short Opiate Withdrawal
  Scale (SOWS). Addict Behav 1990;15(5):487-90, doi:10.1016/0306-4603(90)90036-W. 10 symptoms
  rated 0-3, total 0-30.

Neither scale has published severity bands for self-rating (bands seen online are unverified), so
stepdown shows only the score and judges change against the person's own baseline
(`stepdown.domain.adapt`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.messages import checkin as msg


@dataclass(frozen=True)
class ScaleItem:
    id: str
    question: str


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    items: tuple[ScaleItem, ...]
    max_rating: int
    anchors: tuple[str, ...]  # label for each rating 0..max_rating
    credit: str

    @property
    def max_total(self) -> int:
        return self.max_rating * len(self.items)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "intro": msg.SCALE_INTRO,
            "items": [{"id": i.id, "question": i.question} for i in self.items],
            "max_rating": self.max_rating,
            "anchors": list(self.anchors),
            "max_total": self.max_total,
            "credit": self.credit,
        }


SOWS16 = Scale(
    id="sows16",
    name=msg.SOWS16_NAME,
    items=tuple(ScaleItem(i, q) for i, q in msg.SOWS16_QUESTIONS),
    max_rating=4,
    anchors=msg.ANCHORS_0_4,
    credit=(
        "Symptoms from the Subjective Opiate Withdrawal Scale (SOWS), Handelsman et al., "
        "Am J Drug Alcohol Abuse 1987;13(3):293-308. Questions in stepdown's own words."
    ),
)

SOWS10 = Scale(
    id="sows10",
    name=msg.SOWS10_NAME,
    items=tuple(ScaleItem(i, q) for i, q in msg.SOWS10_QUESTIONS),
    max_rating=3,
    anchors=msg.ANCHORS_0_3,
    credit=(
        "Symptoms from the Short Opiate Withdrawal Scale (SOWS-Gossop), Gossop, Addict Behav "
        "1990;15(5):487-90. Questions and answer labels in stepdown's own words."
    ),
)

SCALES: dict[str, Scale] = {SOWS16.id: SOWS16, SOWS10.id: SOWS10}


@dataclass(frozen=True)
class ScaleScore:
    scale_id: str
    answers: tuple[tuple[str, int], ...]  # (item id, rating) in the scale's item order
    total: int
    max_total: int

    @property
    def fraction(self) -> Fraction:
        """The total as a share of the maximum, so both scales can be compared (0 to 1)."""
        return Fraction(self.total, self.max_total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale_id,
            "answers": dict(self.answers),
            "total": self.total,
            "max_total": self.max_total,
        }


def get_scale(scale_id: Any) -> Scale:
    scale = SCALES.get(str(scale_id).strip().lower()) if scale_id is not None else None
    if scale is None:
        raise InvalidInput(f"Unknown scale {scale_id!r}; use one of: {', '.join(SCALES)}.", field="scale")
    return scale


def _rating(scale: Scale, item_id: str, value: Any) -> int:
    accepted = f"a whole number from 0 to {scale.max_rating}"
    if isinstance(value, bool):
        raise InvalidInput(f"Answer for '{item_id}' must be {accepted}.", field=f"answers.{item_id}")
    if isinstance(value, str):
        value = value.strip()
        if not digits_text(value):
            raise InvalidInput(
                f"Answer for '{item_id}' must be {accepted}, not {value!r}.", field=f"answers.{item_id}"
            )
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= scale.max_rating:
        raise InvalidInput(
            f"Answer for '{item_id}' must be {accepted}, not {value!r}.", field=f"answers.{item_id}"
        )
    return value


def score(scale_id: str, answers: Mapping[str, Any] | Sequence[Any]) -> ScaleScore:
    """Check every answer and add them up.

    `answers` maps item id -> rating, or lists the ratings in the scale's item order. Every item
    must be answered; unknown items are refused. Raises InvalidInput naming the item and the range.
    """
    scale = get_scale(scale_id)
    if isinstance(answers, Mapping):
        unknown = [k for k in answers if k not in scale.item_ids]
        if unknown:
            raise InvalidInput(
                f"Unknown symptom {unknown[0]!r} for the {scale.id} scale; its items are: "
                f"{', '.join(scale.item_ids)}.",
                field="answers",
            )
        missing = [i for i in scale.item_ids if i not in answers]
        if missing:
            raise InvalidInput(
                f"Please answer every symptom; missing: {', '.join(missing)}.", field="answers"
            )
        values = [answers[i] for i in scale.item_ids]
    elif isinstance(answers, Sequence) and not isinstance(answers, str | bytes):
        if len(answers) != len(scale.items):
            raise InvalidInput(
                f"The {scale.id} scale needs {len(scale.items)} answers, got {len(answers)}.",
                field="answers",
            )
        values = list(answers)
    else:
        raise InvalidInput("Answers must be one rating per symptom.", field="answers")
    ratings = tuple((i, _rating(scale, i, v)) for i, v in zip(scale.item_ids, values, strict=True))
    return ScaleScore(
        scale_id=scale.id,
        answers=ratings,
        total=sum(r for _, r in ratings),
        max_total=scale.max_total,
    )
