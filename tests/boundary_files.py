"""Boundary files for the tests, made here: a clone of the project alone has no boundaries.

`synthetic(periode)` is a GeoJSON layer with a valid polygon for every NIS code of the period
(data/gemeenten.csv): a stylised Flanders where each province is a block at its rough place
(West-Vlaanderen west, Limburg east, ...) and each 2019-2024 municipality a small square in
its province's block. The 2025 layer dissolves those squares along the mergers, as the real
2025 layer dissolves the real polygons, so both periods agree with each other. The squares of
one 2025 municipality are laid out next to each other (a snake through the block), so every
merger is one polygon. Each edge carries extra points on a straight line: simplification has
something to remove, and neighbours share exactly the same points (a clean coverage).

The properties follow the two real files: `NISCODE`/`NAAM` (VRBG, 2019-2024) and
`nis_code`/`name_nl`/... (2025), so the code property must be found by its values.

`shared_file(periode)` is the real boundary file of ../shared/reference when it is there
(optional extra runs on real data); without it the test is skipped and says why.
"""

from __future__ import annotations

import dataclasses
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from wisselaar import PROJECT_DIR
from wisselaar.municipalities import NIEUW, OUD, all_in_period, merged_from, merged_into
from wisselaar.settings import Settings

PERIODES = (NIEUW, OUD)
SHARED_REFERENCE = PROJECT_DIR.parent / "shared" / "reference"
SHARED_FILES = {NIEUW: "grenzen-2025.geojson", OUD: "grenzen-2019-2024.geojson"}
# (west, east, south, north) of each province's block, in degrees (WGS84): roughly where the
# province lies, inside boundaries.py's check of "in Flanders". Blocks keep a GAP between them:
# two blocks' squares differ in size, so touching blocks would not form a clean coverage.
BLOCKS = {
    "West-Vlaanderen": (2.55, 3.45, 50.72, 51.36),
    "Oost-Vlaanderen": (3.45, 4.22, 50.72, 51.36),
    "Antwerpen": (4.22, 5.25, 51.02, 51.48),
    "Vlaams-Brabant": (4.22, 5.25, 50.68, 51.02),
    "Limburg": (5.25, 5.90, 50.70, 51.30),
}
GAP = 0.01
STEPS = 4  # points per edge of a square: three of every four are removable


def _ring(x0: float, y0: float, dx: float, dy: float, col: int, row: int) -> list[list[float]]:
    """A square's outer ring, counter-clockwise (RFC 7946), with STEPS points per edge. The
    points come from whole lattice numbers, so two neighbours compute identical shared points."""

    def point(i: int, j: int) -> list[float]:
        return [round(x0 + i * dx / STEPS, 6), round(y0 + j * dy / STEPS, 6)]

    i0, j0 = col * STEPS, row * STEPS
    edges = (
        [point(i0 + s, j0) for s in range(STEPS)]
        + [point(i0 + STEPS, j0 + s) for s in range(STEPS)]
        + [point(i0 + STEPS - s, j0 + STEPS) for s in range(STEPS)]
        + [point(i0, j0 + STEPS - s) for s in range(STEPS)]
    )
    return [*edges, edges[0]]


@cache
def _squares() -> dict[str, list[list[float]]]:
    """2019-2024 NIS code -> its square's ring."""
    province = {g.nis: g.provincie for g in all_in_period(NIEUW)}
    squares: dict[str, list[list[float]]] = {}
    for name, box in BLOCKS.items():
        west, east, south, north = box[0] + GAP, box[1] - GAP, box[2] + GAP, box[3] - GAP
        codes = sorted(
            (g.nis for g in all_in_period(OUD) if province[merged_into(g.nis)] == name),
            key=lambda nis: (merged_into(nis), nis),
        )
        # Columns and rows in proportion to the block's shape on the ground.
        wide = (east - west) * math.cos(math.radians((south + north) / 2))
        cols = math.ceil(math.sqrt(len(codes) * wide / (north - south)))
        rows = math.ceil(len(codes) / cols)
        dx, dy = (east - west) / cols, (north - south) / rows
        for index, nis in enumerate(codes):
            row, step = divmod(index, cols)
            col = step if row % 2 == 0 else cols - 1 - step  # a snake: neighbours stay adjacent
            squares[nis] = _ring(west, south, dx, dy, col, row)
    return squares


@cache
def _layer(periode: str) -> str:
    import shapely
    from shapely.geometry import Polygon

    squares = _squares()
    features = []
    if periode == OUD:
        for g in all_in_period(OUD):
            geometry = {"type": "Polygon", "coordinates": [squares[g.nis]]}
            properties = {"NISCODE": g.nis, "NAAM": g.naam}
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    else:
        for g in all_in_period(NIEUW):
            old = merged_from(g.nis)
            shape = shapely.union_all([Polygon(squares[nis]) for nis in old])
            shape = shapely.orient_polygons(shape)  # counter-clockwise outer rings, as RFC 7946
            properties = {
                "nis_code": g.nis,
                "name_nl": g.naam,
                "province_nl": g.provincie,
                "arrondissement_nis": "",
                "merged_from": ";".join(old) if old != [g.nis] else "",
            }
            geometry = json.loads(shapely.to_geojson(shape))
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features})


def synthetic(periode: str) -> dict[str, Any]:
    """The synthetic layer of a period, a fresh copy that a test may change."""
    return json.loads(_layer(periode))


def write_synthetic(folder: Path) -> dict[str, Path]:
    """Both synthetic layers written into `folder`; periode -> file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for periode in PERIODES:
        files[periode] = folder / f"synthetisch-{periode}.geojson"
        files[periode].write_text(_layer(periode), encoding="utf-8")
    return files


def shared_file(periode: str) -> Path:
    """The real boundary file of ../shared/reference; the test is skipped when it is absent."""
    path = SHARED_REFERENCE / SHARED_FILES[periode]
    if not path.is_file():
        pytest.skip(f"{path} is absent (a clone alone): this extra run on real data is skipped")
    return path


def source_files(kind: str, folder: Path) -> dict[str, Path]:
    """periode -> boundary source file: "synthetic" (written into `folder`) or "shared"."""
    if kind == "shared":
        return {periode: shared_file(periode) for periode in PERIODES}
    return write_synthetic(folder)


def with_sources(settings: Settings, files: dict[str, Path], grenzen_dir: Path) -> Settings:
    """`settings` that read the boundaries from `files` and store them in `grenzen_dir`."""
    return dataclasses.replace(
        settings,
        grenzen_dir=grenzen_dir,
        grenzen_2025_url=str(files[NIEUW]),
        grenzen_2019_url=str(files[OUD]),
    )


def point_count(data: dict[str, Any]) -> int:
    import shapely
    from shapely.geometry import shape

    return sum(len(shapely.get_coordinates(shape(f["geometry"]))) for f in data["features"])


def fixture_with_map(folder: Path) -> Settings:
    """A fresh database in `folder` holding the fixture, and synthetic boundaries built by the
    real `grenzen` code into folder/grenzen: what a browser test's server needs for the maps."""
    from tests.conftest import FIXTURE
    from wisselaar.boundaries import build_all
    from wisselaar.ingest import import_workbook

    settings = with_sources(
        dataclasses.replace(Settings.from_env(folder / "e2e.duckdb"), load_sample=False),
        source_files("synthetic", folder / "bron"),
        folder / "grenzen",
    )
    build_all(settings)
    assert import_workbook(settings, FIXTURE, user="anna").errors == []
    return settings
