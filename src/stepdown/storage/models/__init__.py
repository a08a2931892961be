"""All tables. Importing this package registers every model on `Base.metadata` (Alembic uses it)."""

from __future__ import annotations

import importlib.util

from stepdown.storage.models.base import Base
from stepdown.storage.models.core import (
    Checkin,
    CheckinHistory,
    DoseLog,
    Event,
    Intake,
    MagnesiumLog,
    MagnesiumPlan,
    Note,
    Person,
    PersonSetting,
    Plan,
    PlanRevision,
    Proposal,
)

# The recovery toolkit's tables live in their own module (migration 0002_toolkit).
if importlib.util.find_spec("stepdown.storage.models.toolkit") is not None:
    importlib.import_module("stepdown.storage.models.toolkit")
# The clinic server's tables (migration 0006_accounts), marked server_only.
importlib.import_module("stepdown.storage.models.accounts")

__all__ = [
    "Base",
    "Checkin",
    "CheckinHistory",
    "DoseLog",
    "Event",
    "Intake",
    "MagnesiumLog",
    "MagnesiumPlan",
    "Note",
    "Person",
    "PersonSetting",
    "Plan",
    "PlanRevision",
    "Proposal",
]
