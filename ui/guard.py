"""Where upload bytes arrive: only sessions signed in with the `opladen` role may send them.

Streamlit takes a file_uploader's bytes at `PUT /_stcore/upload_file/<session>/<file>` from
any session that has a websocket, signed in or not, and keeps them in memory (issue 12: six
150 MB files from a visitor who saw only the sign-in form). `RequestGuard` is an ASGI
middleware that serve.py installs through `st.App` (Streamlit's supported hook for its
server). Before Streamlit reads a byte of the body it refuses
- an upload for a session that `ui/auth.py` has not marked as an uploader (403),
- an upload without a Content-Length, or with one above the product's limit (411, 413);
  the server's own framing then stops the body at its declared length,
and it answers 404 for `/_stcore/metrics`, which would tell anyone the sessions and memory.

The marks live in this process's memory, keyed by Streamlit's session id, which only the
browser of that session learns. `installed()` tells app.py whether the guard is in front of
it: the app refuses to run without it rather than serve an open upload endpoint.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_SESSIONS = 10_000
# room for the multipart framing around the file (boundaries, part headers, the file name)
MULTIPART_OVERHEAD_BYTES = 64 * 1024
_UPLOAD = re.compile(r"/_stcore/upload_file/([^/]+)/[^/]+/?$")
_METRICS = re.compile(r"/_stcore/metrics/?$")

_uploaders: OrderedDict[str, None] = OrderedDict()
_lock = threading.Lock()
_installed = threading.Event()


def allow(session_id: str) -> None:
    """The session may upload (its user holds the `opladen` role)."""
    with _lock:
        _uploaders.pop(session_id, None)
        _uploaders[session_id] = None
        while len(_uploaders) > MAX_SESSIONS:  # the oldest marks go; a rerun renews a mark
            _uploaders.popitem(last=False)


def revoke(session_id: str) -> None:
    with _lock:
        _uploaders.pop(session_id, None)


def may_upload(session_id: str) -> bool:
    with _lock:
        return session_id in _uploaders


def installed() -> bool:
    """Whether a RequestGuard stands in front of this process's server."""
    return _installed.is_set()


def upload_limit_mb(max_file_bytes: int) -> int:
    """Streamlit's `server.maxUploadSize` (whole MB) for the product's limit in bytes."""
    return max(1, math.ceil(max_file_bytes / (1024 * 1024)))


class RequestGuard:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_body = max_bytes + MULTIPART_OVERHEAD_BYTES
        _installed.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal is not None:
                await _answer(send, *refusal)
                return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        path = scope.get("path", "")
        if _METRICS.search(path):
            return 404, "Not Found"
        upload = _UPLOAD.search(path)
        if upload is None or scope.get("method") != "PUT":
            return None  # OPTIONS (CORS) and DELETE (dropping a file) carry no bytes
        if not may_upload(upload.group(1)):
            return 403, "Opladen vereist aanmelding met de rol 'opladen'."
        length = _header(scope, b"content-length")
        if length is None or not length.isdigit():
            return 411, "Content-Length vereist."
        if int(length) > self.max_body:
            return 413, "Het bestand is groter dan toegelaten."
        return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),  # the unread body is not waited for
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
