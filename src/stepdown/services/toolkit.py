"""Recovery toolkit use cases, shared by the CLI and the web app. One transaction each.

Every write validates first (domain validators raise InvalidInput) and only then touches the
database, inside one `session_scope`: bad input stores nothing, and a failure part-way rolls back.

Each area has its own module: cravings, lapses, support, milestones and selfcare; what they share
(settings keys, local time, number text) is in toolkit_common. Every name the toolkit module had,
the private helpers too, stays importable from here.
"""

from __future__ import annotations

from stepdown.services.cravings import (
    _craving_dict,
    craving_patterns,
    known_triggers,
    list_cravings,
    log_craving,
)
from stepdown.services.lapses import (
    _lapse_dict,
    list_lapses,
    log_lapse,
)
from stepdown.services.milestones import (
    _anything_to_celebrate,
    _Attempt,
    _first_revision_plan,
    _record_milestones,
    celebrate_new_milestones,
    milestones_view,
    set_cost,
)
from stepdown.services.selfcare import (
    selfcare_view,
    set_bedtime,
)
from stepdown.services.support import (
    _REMOVABLE,
    _contact_dict,
    _group_dict,
    _support,
    add_contact,
    add_distraction,
    add_group,
    emergency_card,
    remove,
    support_view,
)
from stepdown.services.toolkit_common import (
    SETTING_BEDTIME,
    SETTING_COST,
    SETTING_CURRENCY,
    _dec,
    _local,
    _local_now,
    _symptom_percent,
)

__all__ = [
    "SETTING_COST",
    "SETTING_CURRENCY",
    "SETTING_BEDTIME",
    "_local_now",
    "_local",
    "_dec",
    "_symptom_percent",
    "_craving_dict",
    "log_craving",
    "list_cravings",
    "known_triggers",
    "craving_patterns",
    "_lapse_dict",
    "log_lapse",
    "list_lapses",
    "_contact_dict",
    "_group_dict",
    "add_contact",
    "add_group",
    "add_distraction",
    "_REMOVABLE",
    "remove",
    "support_view",
    "_support",
    "emergency_card",
    "set_cost",
    "_Attempt",
    "_record_milestones",
    "celebrate_new_milestones",
    "_anything_to_celebrate",
    "milestones_view",
    "_first_revision_plan",
    "set_bedtime",
    "selfcare_view",
]
