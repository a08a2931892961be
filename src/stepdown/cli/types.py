"""Click parameter types that read numbers as people write them: ASCII digits 0-9 only.

click's own INT and IntRange use int(), which also reads other scripts' digits ("٣" is 3) and
underscores ("1_0" is 10); these refuse them with click's usual one-line usage error (exit 2).
"""

from __future__ import annotations

from typing import Any

import click


class Whole(click.ParamType):
    """A whole number from `low` to `high` (inclusive), written with the digits 0-9."""

    name = "integer"

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            from stepdown.domain.numbers import whole_text

            text = str(value).strip()
            if not whole_text(text):
                shown = text if len(text) <= 30 else text[:30] + "..."
                self.fail(f"{shown!r} is not a whole number written with the digits 0-9.", param, ctx)
            number = int(text)
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            self.fail(f"{number} is not in the range {self.low}-{self.high}.", param, ctx)
        return number

    def __repr__(self) -> str:
        return f"Whole({self.low}, {self.high})"
