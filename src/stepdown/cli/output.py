"""What the CLI prints: stored text never reaches the terminal with control characters in it.

A note, a craving or a contact's name is text someone typed (or an import brought); an escape
sequence inside it could retitle the terminal window, move the cursor, or colour the next lines
black so that a red-flag warning is not seen. Every line the CLI prints goes through `echo`/`secho`,
which drop C0 and C1 control characters (newline and tab excepted), DEL, and the Unicode bidi
controls that can reorder what is shown. stepdown's own styling is added after cleaning (`secho`).
"""

from __future__ import annotations

import re
from typing import Any

import click

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """`text` without control characters (newline and tab kept)."""
    return _CONTROL.sub("", text)


class Styled(str):
    """Text already cleaned and then styled by stepdown (see `style`): printed as it is."""


def style(text: str, **styles: Any) -> Styled:
    """Clean `text`, then add stepdown's own style (bold, colour) around it."""
    return Styled(click.style(clean(text), **styles))


def echo(message: Any = None, *, err: bool = False, nl: bool = True) -> None:
    if message is not None and not isinstance(message, Styled):
        message = clean(str(message))
    click.echo(message, err=err, nl=nl)


def secho(message: str, *, err: bool = False, **styles: Any) -> None:
    """A styled line: the text is cleaned first, then stepdown's own style is applied."""
    click.echo(style(message, **styles), err=err)


def json_text(text: str) -> str:
    """JSON output as it is, but with the control characters json.dumps leaves raw (DEL, C1, bidi)
    written as \\u escapes: the same JSON value, nothing for a terminal to act on."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
