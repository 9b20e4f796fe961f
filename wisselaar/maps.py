"""What the maps show: the stored boundaries (loaded once per process and file), every
municipality of a period with its figures, and the exchanges between municipalities on it.

The boundary files are written by `python -m wisselaar grenzen` (see `boundaries`). The figures
come from the dashboard's named queries, so filters and "stand van" apply as everywhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wisselaar import reads
from wisselaar.boundaries import BoundaryError, stored_path
from wisselaar.filters import Filters
from wisselaar.municipalities import OUD, all_in_period, merged_from, merged_into
from wisselaar.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("aanbiedend", "vragend", "beide", "geen")
FIGURES = ["trajecten_aanbiedend", "trajecten_vragend", "experts", "ontvangen_eur"]


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


def placed(nis: str, periode: str, known: set[str]) -> str | None:
    """The code under which `nis` is drawn on the map of `periode`: itself when it belongs
    there; on the 2025 map an old code becomes its merged municipality; on the 2019-2024 map a
    2025 code formed from exactly one old code becomes that code (the only unambiguous way
    back); otherwise None (a merged municipality cannot be split back)."""
    if nis in known:
        return nis
    try:
        if periode != OUD:
            return merged_into(nis)
        olds = merged_from(nis)
    except KeyError:
        return None
    return olds[0] if len(olds) == 1 and olds[0] in known else None


def map_frame(
    data: pd.DataFrame, periode: str, provincies: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every municipality of the period (of the filtered provinces) with its figures, zeros
    and role "geen" where it has none; and the rows of `data` that cannot be placed."""
    import pandas as pd

    rows = [(g.nis, g.naam, g.provincie) for g in all_in_period(periode)]
    base = pd.DataFrame(rows, columns=["nis", "naam", "provincie"])
    if provincies:
        base = base[base["provincie"].isin(provincies)]
    known = {nis for nis, _, _ in rows}
    codes = data["nis"].map(lambda nis: placed(nis, periode, known))
    figures = data.loc[codes.notna(), FIGURES].assign(nis=codes[codes.notna()])
    figures = figures.groupby("nis", as_index=False).agg(
        {c: (lambda s: sum(s, Decimal(0))) if c == "ontvangen_eur" else "sum" for c in FIGURES}
    )
    frame = base.merge(figures, on="nis", how="left")
    for column in FIGURES[:3]:
        frame[column] = frame[column].fillna(0).astype(int)
    frame["ontvangen_eur"] = [
        v if isinstance(v, Decimal) else Decimal(0) for v in frame[FIGURES[3]]
    ]
    offering, requesting = frame["trajecten_aanbiedend"] > 0, frame["trajecten_vragend"] > 0
    frame["rol"] = "geen"
    frame.loc[offering, "rol"] = "aanbiedend"
    frame.loc[requesting, "rol"] = "vragend"
    frame.loc[offering & requesting, "rol"] = "beide"
    frame["trajecten"] = frame["trajecten_aanbiedend"] + frame["trajecten_vragend"]
    return frame.reset_index(drop=True), data[codes.isna()]


def map_flows(
    settings: Settings, filters: Filters, periode: str, boundaries: Boundaries
) -> pd.DataFrame:
    """The filtered exchanges of the period (aanbiedend -> vragend, mergers mapped) whose two
    ends are on this map, with their names; most trajectories first."""
    flows = reads.frame(settings, "stromen_per_periode", periode=periode, **filters.params())
    points = boundaries.points
    on_map = flows[flows["aanbiedend"].isin(points) & flows["vragend"].isin(points)].copy()
    on_map["aanbiedend_naam"] = on_map["aanbiedend"].map(boundaries.names)
    on_map["vragend_naam"] = on_map["vragend"].map(boundaries.names)
    columns = ["aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam", "trajecten"]
    return on_map[columns].reset_index(drop=True)
