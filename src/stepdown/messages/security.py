"""Wording of the hardening refusals: bind address, request size, malformed requests."""

from __future__ import annotations

from stepdown.messages import N_

# One sentence (issue 10 item 1); the server mode with accounts will change it when it lands.
NON_LOOPBACK_BIND = N_(
    "Binding to {host} is refused: without accounts stepdown serves only this computer; to let other "
    "devices in, run the clinic server with sign-in (stepdown serve --accounts, see docs/clinic.md)."
)

TOO_LARGE = N_(
    "This request is larger than stepdown accepts ({limit}), so it was refused before it was read "
    "and nothing was saved."
)
BAD_QUERY = N_("This address has a value stepdown cannot read, so it was ignored.")
