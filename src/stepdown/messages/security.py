"""Wording of the hardening refusals: bind address, request size, malformed requests."""

from __future__ import annotations

# One sentence (issue 10 item 1); the server mode with accounts will change it when it lands.
NON_LOOPBACK_BIND = (
    "stepdown has no accounts yet, so it serves only this computer and binding to {host} is refused "
    "until the server mode with accounts, which other devices need and which is being built, is ready."
)

TOO_LARGE = (
    "This upload is larger than stepdown accepts ({limit}), so it was refused before it was read "
    "and nothing was saved."
)
BAD_QUERY = "This address has a value stepdown cannot read, so it was ignored."
