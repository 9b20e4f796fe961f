"""A fake written-question service on 127.0.0.1 (tests only): question 342 as plain text,
as JSON fields, as JSON holding the published text, as HTML; too big; too slow; not found."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import DATA
from wisselaar.question_intake import recognise

Q342 = (DATA / "vraag-342.txt").read_text(encoding="utf-8")
FOUND = recognise(Q342)


def _routes() -> dict[str, tuple[str, bytes]]:
    items = "".join(f"<p>{n}. {text}</p>" for n, text in enumerate(FOUND.deelvragen, 1))
    fields = {
        "resultaten": [
            {
                "id": 342,
                "Vraagsteller": "SUZY WOUTERS",
                "datum": "25/05/2022",
                "onderwerp": FOUND.onderwerp,
                "tekst": f"<p>Inleiding.</p>{items}",
            }
        ]
    }
    page = "<html><body><h1>Vraag</h1><div>" + Q342.replace("\n", "<br>") + "</div></body></html>"
    return {
        "/tekst/342": ("text/plain; charset=utf-8", Q342.encode()),
        "/json/342": ("application/json", json.dumps(fields).encode()),
        "/gepubliceerd/342": ("application/json", json.dumps({"data": {"body": Q342}}).encode()),
        "/html/342": ("text/html; charset=windows-1252", page.encode("cp1252")),
        "/groot/342": ("text/plain", b"x" * (2 * 1024 * 1024 + 10)),
    }


class Fake(http.server.BaseHTTPRequestHandler):
    routes = _routes()

    def do_GET(self) -> None:  # the standard library's name
        if self.path.startswith("/traag/"):
            self.server.release.wait(30)  # until the service ends; the client gives up first
        found = self.routes.get(self.path)
        if found is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", found[0])
        self.end_headers()
        self.wfile.write(found[1])

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def service() -> Iterator[str]:
    """The service's base URL while the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    server.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.release.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
