"""What the table builders of scripts/ share: a deterministic CSV, written or checked."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path


def render(rows: list[dict[str, str]], columns: list[str]) -> str:
    """The rows as CSV: the given columns, "\\n" line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_or_check(output: Path, text: str, check: bool) -> int:
    """With `check`: exit status 1 if `output` differs from `text`; else writes it (UTF-8)."""
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is out of date", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print(f"wrote {len(text.splitlines()) - 1} rows to {output}")
    return 0
