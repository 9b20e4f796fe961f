"""Writes the fictitious sample workbook data/voorbeeld.xlsx (see data/README.md).

    .venv/bin/python scripts/make_sample.py            # writes data/voorbeeld.xlsx
    .venv/bin/python scripts/make_sample.py OUT.xlsx   # writes elsewhere
    .venv/bin/python scripts/make_sample.py --check    # exit 1 if data/voorbeeld.xlsx is stale

The output is byte-stable: building twice gives the same SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wisselaar import DATA_DIR
from wisselaar.sample import build_sample_workbook

DEFAULT = DATA_DIR / "voorbeeld.xlsx"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT, help="target .xlsx")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build_sample_workbook(Path(tmp) / "voorbeeld.xlsx").read_bytes()
        current = args.out.read_bytes() if args.out.is_file() else b""
        if fresh != current:
            print(f"{args.out} is niet actueel: voer scripts/make_sample.py uit", file=sys.stderr)
            return 1
        print(f"{args.out} is actueel")
        return 0
    path = build_sample_workbook(args.out)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{path} geschreven (sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
