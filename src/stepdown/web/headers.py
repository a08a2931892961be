"""Security headers on every response.

The Content-Security-Policy lets a page load only what this app serves ('self'), so the browser
itself refuses any request to another host (the "no request leaves the machine" rule, enforced by
the browser as well as by our own code). frame-ancestors 'none' stops another site from framing the
app to trick a click. Inline style attributes are allowed (the 0-4 choices use a CSS variable);
inline scripts are not, except the exact handlers hashed below.
"""

from __future__ import annotations

from stepdown.web.csrf import ASGIApp, Message, Receive, Scope, Send

# sha256 of the one inline handler in the templates: onsubmit="return false" (toolkit/breathe.html).
INLINE_HANDLER_HASHES = ("'sha256-GZIcz60Uwd6wT3vaYke/atSr53TehbYAPepOa3d03Vw='",)

CSP = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' 'unsafe-hashes' {' '.join(INLINE_HANDLER_HASHES)}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Not no-referrer: with it browsers send "Origin: null" on our own form posts.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
