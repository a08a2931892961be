"""Request body limits, enforced before anything buffers a body (pure ASGI middleware).

A body announced larger than its limit (Content-Length) is refused with 413 before one byte is read;
a body without a length is counted as it streams and refused as soon as it passes the limit. Backup
and export uploads have their own, larger limit (settings: max_upload_mb); every other request has
the small form limit (max_form_kb).
"""

from __future__ import annotations

from stepdown.web.csrf import ASGIApp, Message, Receive, Scope, Send, refuse

#: The routes that take a file; everything else is an ordinary form.
UPLOAD_PATHS = frozenset({"/reports/restore", "/reports/import", "/reports/my-restore"})


class BodyTooLarge(Exception):
    """Raised from `receive` once a streamed body passes its limit."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_form_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_form_bytes = max_form_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_bytes if scope["path"] in UPLOAD_PATHS else self.max_form_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._too_large(send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # too late for a page; the connection is closed
                raise
            await self._too_large(send, limit)

    async def _too_large(self, send: Send, limit: int) -> None:
        from stepdown.messages.security import TOO_LARGE

        shown = f"{limit // (1 << 20)} MB" if limit >= 1 << 20 else f"{limit // 1024} KB"
        await refuse(send, 413, TOO_LARGE.format(limit=shown))
