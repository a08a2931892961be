"""Authorization as one table: every route (method, path template) -> who may use it.

Rules:
- public: anyone, signed in or not (sign-in, invitation links, static files);
- signed_in: any account;
- person: a person's own pages, on their own data only (deps.person gives the signed-in person);
- staff: clinicians and admins; admin: admins only;
- linked: a clinician linked to the {person_id} in the path, or an admin (audited as a view);
- local_only: whole-database tools of the one-person app, refused on a clinic server.
A route without a row is refused (and tests/web/test_authz_matrix.py fails).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from stepdown.messages import accounts as msg

SESSION_COOKIE = "stepdown_session"

P, S, L = "person", "staff", "linked"
RULES: dict[tuple[str, str], str] = {
    # the person's own pages
    ("GET", "/"): P,
    ("POST", "/doses/take"): P,
    ("POST", "/doses/{dose_id}/{change}"): P,
    ("POST", "/magnesium/take"): P,
    ("POST", "/red-flags/acknowledge"): P,
    ("POST", "/proposals/{proposal_id}/{decision}"): P,
    ("POST", "/supply/refill"): P,
    ("GET", "/checkin"): P,
    ("POST", "/checkin"): P,
    ("GET", "/start"): P,
    ("POST", "/start"): P,
    ("GET", "/plan"): P,
    ("POST", "/plan/return"): P,
    ("POST", "/plan/pause"): P,
    ("GET", "/progress"): P,
    ("GET", "/settings"): P,
    ("POST", "/settings/magnesium"): P,
    ("POST", "/settings/thresholds"): P,
    ("POST", "/settings/delete"): P,
    ("GET", "/toolkit"): P,
    ("GET", "/toolkit/cravings"): P,
    ("POST", "/toolkit/cravings"): P,
    ("GET", "/toolkit/breathe"): P,
    ("GET", "/toolkit/lapse"): P,
    ("POST", "/toolkit/lapse"): P,
    ("GET", "/toolkit/support"): P,
    ("POST", "/toolkit/support/contact"): P,
    ("POST", "/toolkit/support/group"): P,
    ("POST", "/toolkit/support/distraction"): P,
    ("POST", "/toolkit/support/remove"): P,
    ("GET", "/toolkit/support/card"): P,
    ("GET", "/toolkit/milestones"): P,
    ("POST", "/toolkit/milestones/cost"): P,
    ("GET", "/toolkit/selfcare"): P,
    ("POST", "/toolkit/selfcare/bedtime"): P,
    ("GET", "/reports"): P,
    ("POST", "/reports/notes"): P,
    ("GET", "/reports/clinician.pdf"): P,
    ("POST", "/reports/clinician.pdf"): P,
    ("GET", "/reports/taper.ics"): P,
    ("GET", "/reports/fhir.json"): P,
    # the person's own data on the server: export (their backup) and restore into their own account
    ("GET", "/reports/my-export.json"): P,
    ("GET", "/reports/my-export-csv.zip"): P,
    ("POST", "/reports/my-restore"): P,
    # whole-database tools: they would carry everyone's data
    ("GET", "/reports/export.json"): "local_only",
    ("GET", "/reports/export-csv.zip"): "local_only",
    ("GET", "/reports/backup.db"): "local_only",
    ("POST", "/reports/restore"): "local_only",
    ("POST", "/reports/import"): "local_only",
    # accounts
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "signed_in",
    ("GET", "/account"): "signed_in",
    ("POST", "/account/links/{link_id}/revoke"): P,
    ("POST", "/account/calendar"): P,
    ("POST", "/account/calendar/revoke"): P,
    ("GET", "/calendar/{token}.ics"): "public",  # the secret token is the key; revocable
    ("GET", "/sw.js"): "public",
    ("GET", "/invite/{token}"): "public",
    ("POST", "/invite/{token}"): "public",
    ("GET", "/invitations"): S,
    ("POST", "/invitations"): S,
    # the clinician's side
    ("GET", "/clinic"): S,
    ("GET", "/clinic/people/{person_id}"): L,
    ("GET", "/clinic/people/{person_id}/report.pdf"): L,
    ("POST", "/clinic/people/{person_id}/agree"): L,
    ("POST", "/clinic/people/{person_id}/note"): L,
    ("POST", "/clinic/people/{person_id}/propose"): L,
    ("POST", "/clinic/people/{person_id}/thresholds"): L,
}


class SignInNeeded(Exception):
    """Raised for a signed-out visitor on a page that needs an account (GET: sent to /login)."""


class Denied(Exception):
    """The table says no: 403, or 404 where a 403 would tell that a person exists."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


DENIED_HEADER = "x-stepdown-denied"  # marks a refusal by this table (the matrix test reads it)


def rule_for(request: Request) -> str | None:
    route = request.scope.get("route")
    method = "GET" if request.method == "HEAD" else request.method
    return RULES.get((method, getattr(route, "path", "")))


def authorize(request: Request) -> None:
    """App-wide dependency: resolve the session, check the table, note what to audit."""
    from stepdown.services.accounts import resolve_session

    app_state = request.app.state
    account = resolve_session(
        app_state.engine, request.cookies.get(SESSION_COOKIE), idle=app_state.session_idle
    )
    request.state.account = account
    rule = rule_for(request)
    if rule is None or rule == "local_only":
        raise Denied(403, msg.SERVER_MODE_ONLY_LOCAL if rule else msg.NOT_FOR_YOUR_ACCOUNT)
    if rule == "public":
        return
    if account is None:
        raise SignInNeeded()
    unsafe = request.method not in ("GET", "HEAD")
    if rule == "signed_in":
        return
    if rule == "person":
        if account.role != "person" or account.person_id is None:
            raise Denied(403, msg.NOT_FOR_YOUR_ACCOUNT)
        from stepdown.services.person import get_person

        request.state.person_info = get_person(app_state.engine, account.person_id)
        if unsafe:
            _audit(request, account, account.person_id, "change")
        return
    if rule in ("staff", "admin", "linked") and account.role not in (
        ("admin",) if rule == "admin" else ("clinician", "admin")
    ):
        raise Denied(403, msg.NOT_FOR_YOUR_ACCOUNT)
    if rule == "linked":
        person_id = _int(request.path_params.get("person_id"))
        if person_id is None or not _may_see(app_state.engine, account, person_id):
            raise Denied(404, msg.NOT_FOUND)  # the same answer as for someone who does not exist
        _audit(request, account, person_id, "change" if unsafe else "view")
        return
    if unsafe:
        _audit(request, account, None, "change")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _may_see(engine: Any, account: Any, person_id: int) -> bool:
    if account.role == "admin":
        from stepdown.domain.errors import InvalidInput
        from stepdown.services.person import get_person

        try:
            get_person(engine, person_id)
        except InvalidInput:
            return False
        return True
    from stepdown.services.invitations import linked

    return linked(engine, account.id, person_id)


def _audit(request: Request, account: Any, person_id: int | None, action: str) -> None:
    """A view is written before the page is built (no page without its entry); a change once the
    response shows it succeeded (ServerModeMiddleware)."""
    entry = {
        "actor_id": account.id,
        "actor": account.label,
        "subject_person_id": person_id,
        "action": action,
        "what": f"{request.method} {request.url.path}",
    }
    if action == "view":
        from stepdown.services.audit import record

        record(request.app.state.engine, **entry)
    else:
        request.state.audit = entry
