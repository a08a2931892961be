"""The CLI's own hints: which command to run next. Only the CLI prints these; the shared messages
(stepdown.messages) name no command, because the web app shows them too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from stepdown.domain.errors import InvalidInput
from stepdown.messages import N_, daily, toolkit

NO_PLAN = N_("Start one with `stepdown init`.")
CHECKIN_DUE = N_("Run `stepdown checkin`.")
ACCEPT = N_("Accept with `stepdown proposals accept {id}` or decline with `stepdown proposals decline {id}`.")
RED_FLAG_ACK = N_("When you have read this and acted on it, run `stepdown today --acknowledge`.")
CRAVING_USED = N_("Log it with `stepdown lapse log`.")
LIST_PROPOSALS = N_("`stepdown proposals` lists them.")
NO_CONTACTS = N_("Add the people you would call with `stepdown support add --name NAME --phone NUMBER`.")

#: A shared message -> the command hint the CLI prints right after it.
AFTER: dict[str, str] = {
    daily.NO_PLAN: NO_PLAN,
    daily.NO_PLAN_ERROR: NO_PLAN,
    daily.CHECKIN_DUE: CHECKIN_DUE,
    toolkit.CRAVING_USED: CRAVING_USED,
    daily.ACTIVE_PLAN_EXISTS: N_("Add --replace to `stepdown init`."),
    daily.NO_DOSE_LEFT: N_("Use --amount."),
    daily.NO_MAGNESIUM_LEFT: N_("Use --mg."),
}


def with_hint(message: str) -> str:
    """`message`, followed by the CLI's command hint for it when it has one."""
    hint = AFTER.get(message)
    return f"{message} {hint}" if hint else message


@contextmanager
def unknown_proposal() -> Iterator[None]:
    """Add the command that lists proposals to the service's plain "no proposal with id N" error."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field == "id" and exc.message.startswith("There is no proposal with id"):
            raise InvalidInput(f"{exc.message} {LIST_PROPOSALS}", field=exc.field) from None
        raise
