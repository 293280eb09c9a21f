"""Kondan's gate in front of Streamlit's own routes (issue 12, findings 6, 7, 15).

Streamlit serves recordings, Word minutes, CSV/XLSX exports (``/media/…``)
and takes uploads (``/_stcore/upload_file/…``) to anyone who knows the
address. The gate answers those only for a browser whose ``kondan_session``
cookie still signs in an active account (the same check every page run
makes), caps what uploads may hold in memory, hides the metrics endpoint and
adds the security headers to every answer.

It is an ASGI middleware: ``serve.py`` puts it in front of ``app.py`` with
``st.App``. Join-code pages (a leader's phone) use none of these routes."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection
from streamlit import config
from streamlit.runtime import Runtime

from facilitation.accounts import account_for_token
from facilitation.core.settings import get_settings
from ui.auth import COOKIE
from ui.db import system_database

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MEDIA = "/media/"
UPLOAD = "/_stcore/upload_file/"
METRICS = "/_stcore/metrics"

# Scripts and styles come only from this server (Streamlit's own bundle
# needs inline styles and eval for its charts); images and sound only from
# here or the page itself: user markdown cannot load a remote image, and no
# other site may frame the app.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"microphone=(self), camera=(), geolocation=()"),
)

REFUSED = "サインインしてください。 / Please sign in.\n"
TOO_MUCH = "アップロードできる量を超えています。 / Upload limit reached.\n"
LENGTH_NEEDED = "Content-Length が必要です。 / Content-Length required.\n"


def _local_path(path: str) -> str:
    """``path`` without the configured ``server.baseUrlPath``."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    if base and path.startswith(f"/{base}/"):
        return path[len(base) + 1 :]
    return path


def signed_in(token: str) -> bool:
    """Whether a cookie's token still signs in an active account."""
    if not token:
        return False
    with system_database().read() as session:
        return account_for_token(session=session, token=token) is not None


def held_by_streamlit() -> dict[str, int]:
    """Bytes of uploaded files Streamlit holds, per browser session."""
    storage = Runtime.instance().uploaded_file_mgr.file_storage  # type: ignore[attr-defined]
    return {
        session_id: sum(len(f.data) for f in list(files.values()))
        for session_id, files in list(storage.items())
    }


class UploadBudget:
    """What uploads may hold in memory: per browser session and in all.

    Streamlit keeps an uploaded file in memory until its widget lets go of it;
    a request is refused before its body is read when the files already held
    plus the uploads still arriving would pass either cap."""

    def __init__(
        self,
        per_session: int,
        total: int,
        held: Callable[[], dict[str, int]] | None = None,
    ) -> None:
        self.per_session, self.total = per_session, total
        self._held = held if held is not None else held_by_streamlit
        self._arriving: dict[str, int] = {}
        self._lock = threading.Lock()

    def reserve(self, session_id: str, size: int) -> bool:
        held = self._held()
        with self._lock:
            arriving_here = self._arriving.get(session_id, 0)
            if held.get(session_id, 0) + arriving_here + size > self.per_session:
                return False
            if sum(held.values()) + sum(self._arriving.values()) + size > self.total:
                return False
            self._arriving[session_id] = arriving_here + size
            return True

    def release(self, session_id: str, size: int) -> None:
        with self._lock:
            left = self._arriving.get(session_id, 0) - size
            if left > 0:
                self._arriving[session_id] = left
            else:
                self._arriving.pop(session_id, None)


def default_budget() -> UploadBudget:
    settings = get_settings()
    one = int(settings.max_upload_mb * 1024**2)
    # A recordings page holds at most a chosen file and a microphone take.
    return UploadBudget(per_session=2 * one, total=int(settings.max_uploads_total_mb * 1024**2))


class Gate:
    """ASGI middleware: see the module's docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        is_signed_in: Callable[[str], bool] = signed_in,
        budget: UploadBudget | None = None,
    ) -> None:
        self.app, self.is_signed_in = app, is_signed_in
        self.budget = budget if budget is not None else default_budget()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = _local_path(str(scope.get("path", "")))
        method = str(scope.get("method", "GET"))
        send = _with_headers(send)
        if path.startswith(METRICS):
            await _answer(send, 404, "Not Found\n")
            return
        guarded = path.startswith((MEDIA, UPLOAD))
        if not guarded or method == "OPTIONS":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        token = str(connection.cookies.get(COOKIE, ""))
        if not await run_in_threadpool(self.is_signed_in, token):
            await _answer(send, 403, REFUSED)
            return
        if not (path.startswith(UPLOAD) and method == "PUT"):
            await self.app(scope, receive, send)
            return
        length = connection.headers.get("content-length", "")
        if not length.isdigit():
            await _answer(send, 411, LENGTH_NEEDED)
            return
        session_id = path[len(UPLOAD) :].split("/", 1)[0]
        size = int(length)
        if not self.budget.reserve(session_id, size):
            await _answer(send, 413, TOO_MUCH)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.budget.release(session_id, size)


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            headers.extend((k, v) for k, v in SECURITY_HEADERS if k not in present)
            message["headers"] = headers
        await send(message)

    return sending


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
