"""Helpers for the hardening tests (imported as `hardening_helpers`)."""

from __future__ import annotations


def one_sentence(err: str) -> bool:
    """An error line and nothing else: no traceback, one line."""
    lines = [line for line in err.strip().splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in err
