"""Broken parts for tests: damaged database files, a database held by another process, and a
command run by a user who may not write a file (issue 12, point 7)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
NOBODY = 65534


def damage(path: Path, variant: str) -> None:
    """Makes the database file at `path` one of the broken kinds a user met."""
    data = path.read_bytes()
    broken = {
        "afgekapt": data[: len(data) // 3],
        "nullen": b"\0" * len(data),
        "rommel": bytes((i * 7919 + 13) % 256 for i in range(len(data))),
        "tekst": b"dit is geen databank\n",
        "leeg": b"",
        # the header intact, a block behind it overwritten: DuckDB's checksums catch it
        "blok": data[:12288] + b"\xa5" * 4096 + data[12288 + 4096 :],
    }[variant]
    path.write_bytes(broken)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


VARIANTS = ("afgekapt", "nullen", "rommel", "tekst", "leeg", "blok")


@contextmanager
def held(path: Path, seconds: float = 60) -> Iterator[None]:
    """Another process holds the database file (DuckDB's lock) while the block runs."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(path)!r})
            print("held", flush=True)
            time.sleep({seconds})
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait(timeout=30)


def read_only_runner(folder: Path) -> list[str]:
    """The prefix that runs a command as a user for whom files made 0o444 are read-only: this
    user when it is not root; else `nobody` through setpriv (root may write any file).
    Skips the test when neither is possible. Makes `folder` readable for that user."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file read-only for a test")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import wisselaar, duckdb"],
        cwd=PROJECT,
        capture_output=True,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(f"user {NOBODY} cannot run this Python: {probe.stderr.decode()[-200:]}")
    folder.chmod(0o755)
    return prefix


def shared_folder() -> Path:
    """A folder outside pytest's (root-only) temporary tree, removed by the caller."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="wisselaar-ro-"))
    folder.chmod(0o755)
    return folder


def run_cli(prefix: list[str], *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "wisselaar", *args],
        cwd=PROJECT,
        env={**os.environ, **env},
        text=True,
        capture_output=True,
        timeout=120,
    )
