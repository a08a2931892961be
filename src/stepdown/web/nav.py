"""The navigation bar, defined in one place. A new area adds one NavItem here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str


NAV: list[NavItem] = [
    NavItem("/", "Today"),
    NavItem("/checkin", "Check-in"),
    NavItem("/plan", "Plan"),
    NavItem("/progress", "Progress"),
    NavItem("/toolkit", "Toolkit"),
    NavItem("/reports", "Reports"),
    NavItem("/settings", "Settings"),
]


def active_item(path: str) -> str:
    """The nav path that the page at `path` belongs to (longest matching prefix); "" for pages
    outside the nav, such as onboarding."""
    best = "/" if path == "/" else ""
    for item in NAV:
        inside = path == item.path or path.startswith(item.path + "/")
        if item.path != "/" and inside and len(item.path) > len(best):
            best = item.path
    return best
