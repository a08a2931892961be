"""The navigation bar on a clinic server: the person's own pages, or the clinician's."""

from __future__ import annotations

from typing import Any

from stepdown.web.nav import NAV, NavItem

STAFF_NAV = [
    NavItem("/clinic", "Needs attention"),
    NavItem("/invitations", "Invite"),
    NavItem("/account", "Account"),
]


def nav_for(account: Any) -> list[NavItem]:
    if account is None:
        return [NavItem("/login", "Sign in")]
    if account.role == "person":
        return [*NAV, NavItem("/account", "Account")]
    return STAFF_NAV
