"""The daily loop: `init`, `today`, `checkin`, `take`, `status`, `proposals`.

Thin commands: every rule lives in the domain, every write in a service (one transaction each).
Storage libraries are imported inside command bodies so `stepdown --help` stays fast.

Each command group lives in its own module (`start`, `today`, `checkin`, `take`, `proposals`, with
the shared helpers in `daily_shared`); this module re-exports their names so existing imports work.
"""

from __future__ import annotations

from stepdown.cli.checkin import _ask_checkin, _parse_answers, _print_checkin, checkin
from stepdown.cli.daily_shared import _day, _heading, _urgent_block
from stepdown.cli.proposals import (
    _group_url,
    _proposal_id,
    accept,
    decline,
    proposals,
    return_to_previous,
)
from stepdown.cli.start import MG_OPTION_FOR_FIELD, _print_plan_summary, init
from stepdown.cli.take import take, take_dose, take_magnesium
from stepdown.cli.today import _by_day, _daily, _print_today, status, today

__all__ = [
    "MG_OPTION_FOR_FIELD",
    "_ask_checkin",
    "_by_day",
    "_daily",
    "_day",
    "_group_url",
    "_heading",
    "_parse_answers",
    "_print_checkin",
    "_print_plan_summary",
    "_print_today",
    "_proposal_id",
    "_urgent_block",
    "accept",
    "checkin",
    "decline",
    "init",
    "proposals",
    "return_to_previous",
    "status",
    "take",
    "take_dose",
    "take_magnesium",
    "today",
]
