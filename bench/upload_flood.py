"""Upload flood (issue 12 point 1): what a visitor who is not signed in costs the server.

    .venv/bin/python bench/upload_flood.py [--files 6] [--mb 150] [--script serve.py|app.py]

Starts `streamlit run SCRIPT` on a fresh database with one local account, opens a session in
headless Chromium (only the sign-in form shows), reads the session id from the websocket as
the attacker of issue 12 did, and PUTs `--files` files of `--mb` MB each to
/_stcore/upload_file/<session>/<id>, whole bodies, with the session's XSRF cookie. Prints
every answer and the server's resident memory before and after. `--script app.py` serves the
frame without serve.py's guard: Streamlit's own endpoint, as before issue 12 (the page itself
then refuses to run, but the endpoint takes the bytes). Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

MB = 1024 * 1024


def rss_mb(port: int) -> float:
    """Resident memory of the process listening on `port` (Linux /proc)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
            inode = fields[9]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(f"socket:[{inode}]" == str(fd.readlink()) for fd in (proc / "fd").iterdir()):
                status = (proc / "status").read_text()
                return int(status.split("VmRSS:")[1].split()[0]) / 1024
        except (PermissionError, FileNotFoundError, ProcessLookupError):
            continue
    return float("nan")


def put(url: str, session: str, xsrf: str, size: int, name: str) -> str:
    parts = urlsplit(url)
    head = (
        b'--grens\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    tail = b"\r\n--grens--\r\n"
    length = len(head) + size + len(tail)
    request = (
        f"PUT /_stcore/upload_file/{session}/{name} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Length: {length}\r\nContent-Type: multipart/form-data; boundary=grens\r\n"
        f"Cookie: _streamlit_xsrf={xsrf}\r\nX-Xsrftoken: {xsrf}\r\nOrigin: {url}\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=120) as raw:
        try:
            raw.sendall(request + head)
            chunk = b"\0" * MB
            for _ in range(size // MB):
                raw.sendall(chunk)
            raw.sendall(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before the body
        try:
            return raw.recv(64).split(b"\r\n")[0].decode() or "(closed)"
        except ConnectionResetError:
            return "(reset)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--mb", type=int, default=150)
    parser.add_argument("--script", default="serve.py", choices=("serve.py", "app.py"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path, serve
    from tests.e2e.signin import ACCOUNTS, write_secrets

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        secrets = write_secrets(folder, {"otto": ACCOUNTS["otto"]})
        env = {"WISSELAAR_DEMO_ACCOUNT": "0"}
        with serve(folder, folder / "flood.duckdb", env=env, secrets=secrets,
                   script=args.script) as url, sync_playwright() as playwright:  # fmt: skip
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            context = browser.new_context(base_url=url)
            page = context.new_page()
            ids: list[str] = []

            def frame(payload: bytes | str) -> None:
                if isinstance(payload, bytes):
                    message = ForwardMsg()
                    message.ParseFromString(payload)
                    if message.WhichOneof("type") == "new_session":
                        ids.append(message.new_session.initialize.session_id)

            page.on("websocket", lambda ws: ws.on("framereceived", frame))
            page.goto("/")
            page.wait_for_timeout(5000)
            xsrf = {c["name"]: c["value"] for c in context.cookies()}.get("_streamlit_xsrf", "")
            port = urlsplit(url).port
            before = rss_mb(port)
            print(f"{args.script}: session {ids[-1][:8]}..., server {before:.0f} MB")
            for i in range(args.files):
                answer = put(url, ids[-1], xsrf, args.mb * MB, f"bestand-{i}")
                print(f"  PUT {args.mb} MB #{i + 1}: {answer}")
            time.sleep(2)
            print(f"server after {args.files} x {args.mb} MB: {rss_mb(port):.0f} MB")
            browser.close()


if __name__ == "__main__":
    main()
