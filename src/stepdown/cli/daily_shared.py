"""Helpers the daily-loop commands share: the day option, headings and the urgent block.

Split out of `stepdown.cli.daily`; storage libraries are still imported inside command bodies.
"""

from __future__ import annotations

from datetime import date

from stepdown.cli import hints
from stepdown.cli.context import Context
from stepdown.cli.output import echo, secho, style
from stepdown.domain.errors import InvalidInput


def _day(value: str | None, ctx: Context, *, field: str = "day") -> date:
    if value in (None, ""):
        return ctx.person.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"The {field} {value!r} is not a date; write it as YYYY-MM-DD.", field=field
        ) from None


def _heading(text: str) -> str:
    return style(text, bold=True)


def _urgent_block(lines: list[str], *, ack_hint: bool, colour: str = "red") -> None:

    border = "!" * 72
    secho(border, fg=colour, bold=True)
    for i, line in enumerate(lines):
        secho(line, fg=colour, bold=i == 0)
    if ack_hint:
        echo(hints.RED_FLAG_ACK)
    secho(border, fg=colour, bold=True)
    echo()
