"""The `breathe` command and the guided-breathing helpers the urge timer shares.

The breathing guide takes its sleep function from click's context object (`obj={"sleep": fn}`), so
tests run it without waiting.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import click

from stepdown import formatting
from stepdown.cli.output import echo
from stepdown.messages import toolkit as msg


def _sleep_fn(ctx: click.Context) -> Callable[[float], Any]:
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and callable(obj.get("sleep")):
        return obj["sleep"]
    return time.sleep


def _guide(phases: tuple[Any, ...], sleep: Callable[[float], Any], *, every_cycle: int, total: int) -> None:
    elapsed = 0
    for i, phase in enumerate(phases):
        if i and i % every_cycle == 0:
            left = max(0, total - elapsed)
            echo(f"  ({left // 60}:{left % 60:02d} left)")
        echo(f"{phase.label:<20}", nl=False)
        for second in range(1, phase.seconds + 1):
            sleep(1)
            echo(f" {second}", nl=False)
        echo()
        elapsed += phase.seconds


@click.command(name="breathe")
@click.option(
    "--pattern", default="box", show_default=True, metavar="box|4-7-8", help="Box breathing or 4-7-8."
)
@click.option("--cycles", default=None, metavar="1-50", help="How many rounds (default 4).")
@click.pass_context
def breathe(ctx: click.Context, pattern: str, cycles: str | None) -> None:
    """A guided breathing exercise in the terminal, one count a second."""
    from stepdown.domain.toolkit import breathing

    ex = breathing.exercise(pattern)
    phases = breathing.sequence(pattern, cycles)
    total = breathing.total_seconds(phases)
    rounds = formatting.count(len(phases) // len(ex.cycle), "round", "rounds")
    echo(f"{ex.name}: {rounds}, about {math.ceil(total / 60)} min.\n")
    _guide(phases, _sleep_fn(ctx), every_cycle=len(ex.cycle), total=total)
    echo("\n" + msg.BREATHE_DONE)
