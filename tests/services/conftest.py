"""Fixtures the service tests share."""

from __future__ import annotations

import pytest

from stepdown.services import person


@pytest.fixture
def me(engine):
    """The local person, in UTC."""
    return person.get_or_create_local_person(engine, timezone="UTC")
