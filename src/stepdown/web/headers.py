"""Security headers on every response.

The Content-Security-Policy lets a page load only what this app serves ('self'), so the browser
itself refuses any request to another host (the "no request leaves the machine" rule, enforced by
the browser as well as by our own code). frame-ancestors 'none' stops another site from framing the
app to trick a click. Inline style attributes are allowed (the 0-4 choices use a CSS variable);
inline scripts are not, except the exact handlers hashed below. Pages and downloads hold health
data, so they are never stored in a cache (static files are left to whatever caching they set).
"""

from __future__ import annotations

from starlette.applications import Starlette

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
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not static and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = [*headers, *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wrap_everything(app: Starlette) -> None:
    """Put the headers around the whole stack, error pages included: Starlette builds its
    ServerErrorMiddleware (the 500 page) outside every middleware added with add_middleware."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeadersMiddleware(build())  # type: ignore[method-assign]
