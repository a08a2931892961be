"""Settings use cases the web app needs: a new magnesium plan, threshold overrides, and deleting
every record of a person. One transaction each."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from stepdown.domain.errors import InvalidInput
from stepdown.services.common import require_person, utcnow
from stepdown.storage import events, people, plans
from stepdown.storage.db import session_scope
from stepdown.storage.models import Base

DELETE_WORD = "DELETE"


def save_magnesium_plan(
    engine: Engine, person_id: int, magnesium: Mapping[str, Any], *, now: datetime | None = None
) -> int:
    """Store a new magnesium plan (MagnesiumPlan.to_dict()); earlier ones are kept. Returns its id."""
    now = now or utcnow()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        active = plans.active_plan(session, person_id)
        row = plans.add_magnesium_plan(
            session, person_id, plan_id=active.id if active else None, data=dict(magnesium), now=now
        )
        events.add_event(
            session,
            person_id,
            kind="magnesium_changed",
            day=now.date(),
            data={"daily_elemental_mg": magnesium.get("daily_elemental_mg"), "form": magnesium.get("form")},
            now=now,
        )
        return row.id


def save_thresholds(
    engine: Engine,
    person_id: int,
    overrides: Mapping[str, Any],
    *,
    by: str = "person",
    by_name: str = "you",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Validate overrides with the adaptive rules' own Thresholds and store only those that differ
    from the defaults (so a later change of a default reaches people who never touched it).
    `by` (the person, or "clinician:<name>" for a linked clinician) is kept beside them, so Settings
    can say who set them last; the clinic server's audit log records the change itself."""
    from stepdown.domain.adapt import Thresholds

    chosen = Thresholds.from_overrides(overrides).to_dict()
    defaults = Thresholds().to_dict()
    changed = {k: v for k, v in chosen.items() if v != defaults[k]}
    at = (now or utcnow()).isoformat()
    with session_scope(engine) as session:
        require_person(session, person_id, lock=True)
        people.set_setting(session, person_id, "thresholds", {k: str(v) for k, v in changed.items()})
        people.set_setting(session, person_id, "thresholds_set_by", {"by": by, "name": by_name, "at": at})
    return changed


def delete_all_data(engine: Engine, person_id: int, *, confirm: str, local: bool = True) -> int:
    """Delete the person and every row that belongs to them. `confirm` must be the word DELETE.
    Returns how many rows were removed (all tables, counted before the delete).

    On a clinic server (`local=False`) their account, sessions and care links go with them (ON DELETE
    CASCADE) and no other person's row is touched; the audit log keeps its entries (no foreign key)."""
    if confirm.strip() != DELETE_WORD:
        raise InvalidInput(
            f"Type {DELETE_WORD} in capitals to confirm; nothing was deleted.", field="confirm"
        )
    with session_scope(engine) as session:
        person = require_person(session, person_id, lock=True)
        total = 1
        for table in Base.metadata.sorted_tables:
            if "person_id" in table.c:
                total += (
                    session.scalar(
                        select(func.count()).select_from(table).where(table.c.person_id == person_id)
                    )
                    or 0
                )
        # Every table's person_id has ON DELETE CASCADE, so one delete removes everything.
        session.delete(person)
        session.flush()
        if local:  # a server has no "me": pinning would write a row for every other person there
            people.mark_unpinned_as_not_local(session)  # so no one else becomes "me" (issue 10)
        return total
