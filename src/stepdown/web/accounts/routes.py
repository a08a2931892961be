"""Sign-in, sign-out, the account page (links, who viewed my data), invitations and their links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stepdown.domain.errors import InvalidInput
from stepdown.messages import accounts as msg
from stepdown.web.accounts.authz import SESSION_COOKIE
from stepdown.web.csrf import LOOPBACK_HOSTS
from stepdown.web.templating import render

router = APIRouter()


def _engine(request: Request) -> Any:
    return request.app.state.engine


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _home(account: Any) -> str:
    return "/" if account.role == "person" else "/clinic"


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    # Secure except on a trial on this very computer over plain http (browsers allow that there).
    secure = request.url.scheme == "https" or request.url.hostname not in LOOPBACK_HOSTS
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, secure=secure, samesite="lax", path="/", max_age=12 * 3600
    )


def _safe_next(value: str) -> str:
    return value if value.startswith("/") and not value.startswith("//") else ""


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "", out: str = "", deleted: str = "") -> Response:
    flash = msg.DATA_DELETED if deleted else msg.SIGNED_OUT if out else None
    context = {"title": "Sign in", "next": _safe_next(next), "flash": flash}
    return render(request, "accounts/login.html", context)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    from stepdown.services.accounts import LoginRefused, authenticate, start_session

    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    nxt = _safe_next(str(form.get("next", "")))
    engine = _engine(request)
    try:
        account = await _run(authenticate, engine, username, password, address=_address(request))
    except LoginRefused as exc:
        status = 429 if exc.locked_until else 401
        return render(
            request,
            "accounts/login.html",
            {"title": "Sign in", "next": nxt, "error": exc.message, "username": username[:100]},
            status_code=status,
        )
    token = await _run(
        start_session,
        engine,
        account.id,
        address=_address(request),
        old_token=request.cookies.get(SESSION_COOKIE),
    )
    response = RedirectResponse(nxt or _home(account), status_code=303)
    _set_session_cookie(request, response, token)
    return response


async def _run(func: Any, *args: Any, **kwargs: Any) -> Any:
    import anyio

    return await anyio.to_thread.run_sync(lambda: func(*args, **kwargs))


@router.post("/logout")
def logout(request: Request) -> Response:
    from stepdown.services.accounts import end_session

    end_session(_engine(request), request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login?out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, done: str = "") -> Response:
    from stepdown.services.audit import entries_in_words
    from stepdown.services.clinic import notes_from_clinicians
    from stepdown.services.invitations import clinicians_of

    account = request.state.account
    # Only a known key shows a banner, and its wording is fixed: the address cannot put words here.
    flash = msg.ACCOUNT_FLASH.get(done)
    context: dict[str, Any] = {"title": "Your account", "account": account, "flash": flash}
    if account.person_id is not None:
        engine = _engine(request)
        from stepdown.services.calendar_feed import has_feed

        clinicians = clinicians_of(engine, account.person_id)
        if done == "linked":  # the newest link's name, from the stored link
            flash = msg.LINKED.format(name=clinicians[-1]["name"]) if clinicians else None
        context.update(
            flash=flash,
            calendar=has_feed(engine, account.person_id),
            clinicians=clinicians,
            views=entries_in_words(engine, account.person_id),
            notes=notes_from_clinicians(engine, account.person_id),
        )
    return render(request, "accounts/account.html", context)


@router.post("/account/links/{link_id}/revoke")
def revoke(request: Request, link_id: int) -> Response:
    from stepdown.services.invitations import revoke_link

    if not revoke_link(_engine(request), request.state.account.person_id, link_id):
        raise InvalidInput("That link is not yours or has already ended. Nothing was changed.", field="link")
    return RedirectResponse("/account?done=revoked", status_code=303)


# --- invitations --------------------------------------------------------------------------------


@router.get("/invitations", response_class=HTMLResponse)
def invitations_page(request: Request) -> Response:
    return render(request, "accounts/invitations.html", {"title": "Invite", "account": request.state.account})


@router.post("/invitations", response_class=HTMLResponse)
async def invite(request: Request) -> Response:
    from stepdown.services.invitations import create_invitation

    form = await request.form()
    account = request.state.account
    kind = str(form.get("kind", ""))
    try:
        token = await _run(
            create_invitation,
            _engine(request),
            account,
            kind,
            label=str(form.get("label", "")),
            for_username=str(form.get("for_username", "")),
        )
    except InvalidInput as exc:
        return render(
            request,
            "accounts/invitations.html",
            {"title": "Invite", "account": account, "error": exc.message},
            status_code=400,
        )
    link = str(request.base_url).rstrip("/") + f"/invite/{token}"
    return render(
        request,
        "accounts/invitations.html",
        {"title": "Invite", "account": account, "link": link, "kind": kind, "qr": _qr(link)},
    )


def _qr(link: str) -> str:
    """An inline SVG data URI (img-src data: is allowed by the CSP); no request leaves the server."""
    import segno

    return str(segno.make(link, error="m").svg_data_uri(scale=5, border=2))


async def _look_up(request: Request, token: str) -> Any:
    """The invitation, or the page that refuses it: one answer for unknown, used and expired links;
    429 while this address is paused for opening too many of those (see invitations.look_up)."""
    from stepdown.services.accounts import LoginRefused
    from stepdown.services.invitations import look_up

    try:
        return await _run(look_up, _engine(request), token, address=_address(request))
    except LoginRefused as exc:
        context = {"title": "Please wait", "message": exc.message}
        return render(request, "error.html", context, status_code=429)
    except InvalidInput as exc:
        context = {"title": "Link not valid", "message": exc.message}
        return render(request, "error.html", context, status_code=404)


@router.get("/invite/{token}", response_class=HTMLResponse)
async def invitation_page(request: Request, token: str) -> Response:
    invitation = await _look_up(request, token)
    if isinstance(invitation, Response):
        return invitation
    return await _run(_invitation, request, invitation, token)


def _invitation(request: Request, invitation: Any, token: str, **extra: Any) -> Response:
    from stepdown.services.accounts import resolve_session

    signed_in = resolve_session(
        _engine(request), request.cookies.get(SESSION_COOKIE), idle=request.app.state.session_idle
    )
    context = {
        "title": "Invitation",
        "invitation": invitation,
        "token": token,
        "signed_in": signed_in,
        "values": {},
        **extra,
    }
    return render(request, "accounts/invite.html", context, status_code=400 if extra.get("error") else 200)


@router.post("/invite/{token}", response_class=HTMLResponse)
async def accept(request: Request, token: str) -> Response:
    from stepdown.services import invitations as inv
    from stepdown.services.accounts import resolve_session, start_session

    form = await request.form()
    engine = _engine(request)
    action = str(form.get("action", ""))
    invitation = await _look_up(request, token)
    if isinstance(invitation, Response):
        return invitation
    values = {k: str(form.get(k, "")) for k in ("username", "display_name", "timezone")}
    try:
        if action == "link":
            account = await _run(
                resolve_session,
                engine,
                request.cookies.get(SESSION_COOKIE),
                idle=request.app.state.session_idle,
            )
            if account is None or account.role != "person":
                raise InvalidInput("Sign in as the person first, then open this link again.", field="_form")
            await _run(inv.accept_link, engine, token, account)
            return RedirectResponse("/account?done=linked", status_code=303)
        password = str(form.get("password", ""))
        if password != str(form.get("password_again", "")):
            raise InvalidInput("The two passwords differ; type the same one twice.", field="password")
        if invitation.kind == "reset":
            account = await _run(inv.reset_password, engine, token, password)
        else:
            account = await _run(
                inv.accept_new_account,
                engine,
                token,
                username=values["username"],
                password=password,
                display_name=values["display_name"],
                timezone=values["timezone"] or "UTC",
            )
    except InvalidInput as exc:
        return _invitation(request, invitation, token, error=exc.message, values=values)
    session_token = await _run(
        start_session,
        engine,
        account.id,
        address=_address(request),
        old_token=request.cookies.get(SESSION_COOKIE),
    )
    response = RedirectResponse(_home(account), status_code=303)
    _set_session_cookie(request, response, session_token)
    return response
