"""Recovery toolkit commands: craving, lapse, support, milestones, breathe, selfcare.

Thin: parse options, call `stepdown.services.toolkit`, print. Storage is imported inside command
bodies (through `open_database`) so start-up stays fast. Each command has its own module (craving,
lapse, support, milestones, breathing, selfcare); every name stays importable from here.
"""

from __future__ import annotations

from stepdown.cli.breathing import (
    _guide,
    _sleep_fn,
    breathe,
)
from stepdown.cli.craving import (
    craving,
    craving_list,
    craving_log,
    craving_patterns,
    craving_timer,
)
from stepdown.cli.lapse import (
    lapse,
    lapse_list,
    lapse_log,
)
from stepdown.cli.milestones import (
    milestones,
)
from stepdown.cli.selfcare import (
    selfcare,
)
from stepdown.cli.support import (
    support,
    support_add,
    support_add_group,
    support_card,
    support_distraction,
    support_list,
    support_remove,
)

__all__ = [
    "_sleep_fn",
    "_guide",
    "breathe",
    "craving",
    "craving_log",
    "craving_list",
    "craving_patterns",
    "craving_timer",
    "lapse",
    "lapse_log",
    "lapse_list",
    "support",
    "support_list",
    "support_add",
    "support_add_group",
    "support_distraction",
    "support_remove",
    "support_card",
    "milestones",
    "selfcare",
]
