"""The stored boundaries the maps draw, loaded once per process and file.

The boundary files are written by `python -m wisselaar grenzen` (see `boundaries`). What the
maps colour comes from the figure engine (`figures.gemeenten_kaart`, `figures.stromen`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wisselaar.boundaries import BoundaryError, stored_path
from wisselaar.municipalities import all_in_period
from wisselaar.settings import Settings

if TYPE_CHECKING:
    pass

ROLES = ("aanbiedend", "vragend", "beide", "geen")
FIGURES = ("trajecten_aanbiedend", "trajecten_vragend", "trajecten", "experts", "ontvangen_eur")


@dataclass(frozen=True)
class Boundaries:
    periode: str
    features: dict[str, dict[str, Any]]  # nis -> GeoJSON feature (id = nis)
    names: dict[str, str]
    points: dict[str, tuple[float, float]]  # nis -> (lon, lat) inside the municipality
    boxes: dict[str, tuple[float, float, float, float]]  # nis -> (west, south, east, north)
    version: tuple[str, int, int]  # the file's path, modification time and size

    def extent(self, codes: list[str], margin: float = 0.02) -> tuple[list[float], list[float]]:
        """The longitude and latitude ranges that hold these municipalities, with a margin."""
        west, south, east, north = zip(*(self.boxes[c] for c in codes), strict=True)
        return [min(west) - margin, max(east) + margin], [min(south) - margin, max(north) + margin]

    def collection(self, codes: list[str] | None = None) -> dict[str, Any]:
        """A FeatureCollection of these municipalities (all when `codes` is None)."""
        chosen = self.features.values() if codes is None else (self.features[c] for c in codes)
        return {"type": "FeatureCollection", "features": list(chosen)}


def load(settings: Settings, periode: str) -> Boundaries | None:
    """The stored boundaries of a period, or None when `grenzen` has not been run. Parsed once
    per process and file version (the file is static between runs of `grenzen`)."""
    path = stored_path(settings, periode)
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return _load(str(path), status.st_mtime_ns, status.st_size, periode)


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int, _size: int, periode: str) -> Boundaries:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = {f["id"]: f for f in data["features"]}
        names = {nis: f["properties"]["naam"] for nis, f in features.items()}
        points = {nis: tuple(f["properties"]["punt"]) for nis, f in features.items()}
        boxes = {nis: _box(f["geometry"]) for nis, f in features.items()}
    except (OSError, ValueError, KeyError, TypeError):
        raise BoundaryError("bestand_onleesbaar", pad=path) from None
    expected = {g.nis for g in all_in_period(periode)}
    if set(features) != expected:
        raise BoundaryError("bestand_onleesbaar", pad=path)
    version = (path, _mtime_ns, _size)
    return Boundaries(periode, features, names, points, boxes, version)  # type: ignore[arg-type]


def _box(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    lons = [x for polygon in polygons for ring in polygon for x, _ in ring]
    lats = [y for polygon in polygons for ring in polygon for _, y in ring]
    return min(lons), min(lats), max(lons), max(lats)
