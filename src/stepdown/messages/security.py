"""Wording of the hardening refusals: bind address, request size, malformed requests."""

from __future__ import annotations

# One sentence (issue 10 item 1); the server mode with accounts will change it when it lands.
NON_LOOPBACK_BIND = (
    "Binding to {host} is refused: without accounts stepdown serves only this computer; to let other "
    "devices in, run the clinic server with sign-in (stepdown serve --accounts, see docs/clinic.md)."
)

TOO_LARGE = (
    "This request is larger than stepdown accepts ({limit}), so it was refused before it was read "
    "and nothing was saved."
)
BAD_QUERY = "This address has a value stepdown cannot read, so it was ignored."
