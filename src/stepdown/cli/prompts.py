"""Prompt types for the interactive check-in: a wrong keystroke says what to type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from stepdown.domain.errors import InvalidInput
from stepdown.domain.numbers import digits_text
from stepdown.messages import N_


class Rating(click.ParamType):
    """A whole number from 0 to `top`; anything else is answered with what to type instead of
    click's "'n' is not a valid integer range"."""

    name = "rating"

    def __init__(self, top: int, anchors: tuple[str, ...] = ()) -> None:
        self.top = top
        self.anchors = anchors

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= self.top:
            return value
        text = str(value).strip()
        if digits_text(text) and 0 <= int(text) <= self.top:
            return int(text)
        ends = (
            N_(" (0 = {low}, {top} = {high})").format(
                low=self.anchors[0], top=self.top, high=self.anchors[-1]
            )
            if self.anchors
            else ""
        )
        self.fail(
            N_("Type a whole number from 0 to {top}{ends}, then press Enter.").format(
                top=self.top, ends=ends
            ),
            param,
            ctx,
        )


class Checked(click.ParamType):
    """An answer checked at once by the domain's own rule (`check` returns the value or raises
    InvalidInput): a typo is answered with the domain's sentence and asked again, never found after
    the last question with every answer lost."""

    name = "answer"

    def __init__(self, check: Callable[[Any], Any], retry: str = N_("Type it again.")) -> None:
        self.check = check
        self.retry = retry

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return self.check(value)
        except InvalidInput as exc:
            self.fail(f"{exc.message} {self.retry}", param, ctx)


class YesNo(click.ParamType):
    """y/yes or n/no (any case); anything else is answered with what to type instead of click's
    "Error: invalid input"."""

    name = "yes/no"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("y", "yes"):
            return True
        if text in ("n", "no"):
            return False
        self.fail(N_("Type y for yes or n for no, then press Enter."), param, ctx)


def confirm(text: str, *, default: bool = False) -> bool:
    """click.confirm, but a wrong keystroke says what to type; Enter alone takes the default."""
    suffix = " [Y/n]" if default else " [y/N]"
    return bool(click.prompt(text + suffix, type=YesNo(), default=default, show_default=False))
