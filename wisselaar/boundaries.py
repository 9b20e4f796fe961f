"""Municipal boundaries for the maps: fetched, checked, simplified and stored by
`python -m wisselaar grenzen` (the app reads the stored files through `maps.load`).

The product ships no boundary files. The sources are settings: a WFS 2.0 address and layer per
period (Digitaal Vlaanderen's "Voorlopig referentiebestand gemeentegrenzen"), or a local
.geojson file. The official services and local files name the code property differently
(`NISCODE`, `nis_code`, ...), so it is found by its values: the property holding the most NIS
codes of the period. A file is accepted only when every municipality of the period is in it
with a usable polygon; then it is simplified (shapely, shared borders kept together where the
polygons form a clean coverage) and written as compact GeoJSON in one atomic step, every period
built before any is written, so a failure leaves the stored files as they were.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import math
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wisselaar import PROJECT_DIR
from wisselaar.i18n import t
from wisselaar.municipalities import NIEUW, OUD, all_in_period
from wisselaar.settings import Settings

PERIODES = (NIEUW, OUD)
SETTING_PREFIX = {NIEUW: "WISSELAAR_GRENZEN_2025", OUD: "WISSELAAR_GRENZEN_2019"}
MAX_BYTES = 500 * 1024 * 1024  # the full-detail layer is tens of MB; more is not boundaries
CHUNK = 1 << 20
DECIMALS = 5  # about 1 m: far below the simplification tolerance
# Flanders lies within these longitudes and latitudes (WGS84), with a margin.
LON_RANGE, LAT_RANGE = (2.0, 6.5), (50.3, 51.8)


class BoundaryError(Exception):
    """A boundary source that cannot be used; `message` says why, in the user's language."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes each value (paths, addresses, reasons) text for where it is shown."""
        return t(f"grenzen.{self.key}", lang, **{k: quote(v) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Source:
    periode: str
    location: str  # a WFS address (http/https) or a local file (path or file:// URL)
    layer: str

    @property
    def remote(self) -> bool:
        return self.location.lower().startswith(("http://", "https://"))

    @property
    def setting(self) -> str:
        return f"{SETTING_PREFIX[self.periode]}_URL"

    def request_url(self) -> str:
        """The standard WFS 2.0 GetFeature request for the whole layer as GeoJSON in WGS84."""
        query = urllib.parse.urlencode(
            {
                "service": "WFS",
                "version": "2.0.0",
                "request": "GetFeature",
                "typeNames": self.layer,
                "outputFormat": "application/json",
                "srsName": "EPSG:4326",
            }
        )
        return f"{self.location}{'&' if '?' in self.location else '?'}{query}"

    def path(self) -> Path:
        location = self.location
        if location.lower().startswith("file://"):
            location = urllib.parse.unquote(urllib.parse.urlparse(location).path)
        path = Path(location).expanduser()
        return path if path.is_absolute() else PROJECT_DIR / path


def source(settings: Settings, periode: str) -> Source:
    if periode == NIEUW:
        return Source(periode, settings.grenzen_2025_url, settings.grenzen_2025_layer)
    return Source(periode, settings.grenzen_2019_url, settings.grenzen_2019_layer)


def stored_path(settings: Settings, periode: str) -> Path:
    return settings.grenzen_dir / f"gemeenten-{periode}.geojson"


# -- Fetch and check --------------------------------------------------------------------------


def fetch(src: Source, timeout_s: float) -> bytes:
    """The raw bytes of a source; a download may take at most `timeout_s` in all."""
    if not src.remote:
        path = src.path()
        if not path.is_file():
            raise BoundaryError(
                "bestand_ontbreekt", periode=src.periode, bron=str(path), instelling=src.setting
            )
        return path.read_bytes()
    url = src.request_url()
    deadline = time.monotonic() + timeout_s
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            parts: list[bytes] = []
            size = 0
            while chunk := response.read1(CHUNK):  # whatever arrived: the deadline holds
                parts.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise BoundaryError("te_groot", bron=src.location, mb=MAX_BYTES // 2**20)
                if time.monotonic() > deadline:
                    raise TimeoutError
            return b"".join(parts)
    except (OSError, ValueError, http.client.HTTPException) as error:  # URLError is an OSError
        if isinstance(error, TimeoutError) or isinstance(
            getattr(error, "reason", None), TimeoutError
        ):
            raise BoundaryError(
                "download_tijd", periode=src.periode, bron=src.location, n=timeout_s
            ) from None
        reason = getattr(error, "reason", None) or error
        if isinstance(error, urllib.error.HTTPError):
            reason = f"HTTP {error.code} {error.reason}"
        raise BoundaryError(
            "download_mislukt",
            periode=src.periode,
            bron=src.location,
            reden=str(reason),
            instelling=src.setting,
        ) from None


def _features(raw: bytes, src: Source) -> list[dict[str, Any]]:
    bron = src.location
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        start = raw[:120].decode("utf-8", "replace").strip().replace("\n", " ")
        raise BoundaryError(
            "geen_json", periode=src.periode, bron=bron, reden=str(error), begin=start
        ) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundaryError("geen_features", periode=src.periode, bron=bron)
    return [f for f in features if isinstance(f, dict)]


def _code(value: object) -> str:
    """A property value as a NIS code: 44021, 44021.0 and "44021" are all "44021"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def code_property(features: list[dict[str, Any]], expected: set[str]) -> str | None:
    """The property whose values are the NIS codes: the one matching most expected codes."""
    names: dict[str, None] = {}
    for feature in features:
        names.update(dict.fromkeys(feature.get("properties") or {}))
    best, hits = None, 0
    for name in names:
        values = {_code((f.get("properties") or {}).get(name)) for f in features}
        found = len(values & expected)
        if found > hits:
            best, hits = name, found
    return best


@dataclass(frozen=True)
class Checked:
    periode: str
    code_property: str
    geometries: dict[str, Any]  # nis -> shapely (Multi)Polygon, in the period's code order
    points_before: int


def check(raw: bytes, src: Source) -> Checked:
    """The polygons of every municipality of the period, or BoundaryError saying what is wrong."""
    import shapely
    from shapely.geometry import shape

    features = _features(raw, src)
    municipalities = {g.nis: g.naam for g in all_in_period(src.periode)}
    prop = code_property(features, set(municipalities))
    if prop is None:
        found = sorted({k for f in features for k in (f.get("properties") or {})})
        raise BoundaryError(
            "geen_codekolom",
            periode=src.periode,
            bron=src.location,
            eigenschappen=", ".join(found[:12]) or "-",
        )
    parts: dict[str, list[Any]] = {}
    for feature in features:
        nis = _code((feature.get("properties") or {}).get(prop))
        if nis not in municipalities:
            continue  # e.g. a neighbouring region in a wider layer
        try:
            geometry = shape(feature.get("geometry") or {})
        except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.ShapelyError):
            geometry = None
        if geometry is None or geometry.geom_type not in {"Polygon", "MultiPolygon"}:
            kind = (feature.get("geometry") or {}).get("type", "geen")
            raise BoundaryError(
                "geometrie_ongeldig",
                bron=src.location,
                naam=municipalities[nis],
                nis=nis,
                reden=t("grenzen.geen_veelhoek", soort=kind),
            )
        parts.setdefault(nis, []).append(geometry)
    missing = [nis for nis in municipalities if nis not in parts]
    if missing:
        raise BoundaryError(
            "codes_ontbreken",
            periode=src.periode,
            bron=src.location,
            n=len(missing),
            totaal=len(municipalities),
            voorbeelden=", ".join(f"{municipalities[n]} ({n})" for n in missing[:5]),
        )
    geometries = {nis: _polygonal(parts[nis], src, nis, municipalities[nis]) for nis in parts}
    geometries = _in_degrees(geometries, src)
    points = int(sum(len(shapely.get_coordinates(g)) for g in geometries.values()))
    ordered = {nis: geometries[nis] for nis in sorted(geometries)}
    return Checked(src.periode, prop, ordered, points)


def _polygonal(pieces: list[Any], src: Source, nis: str, naam: str) -> Any:
    """One valid (Multi)Polygon from a municipality's pieces; small self-intersections, common
    in official data, are repaired, an empty or area-less shape is refused."""
    import shapely

    geometry = shapely.union_all([shapely.make_valid(p) for p in pieces])
    if geometry.geom_type == "GeometryCollection":
        geometry = shapely.union_all(
            [g for g in geometry.geoms if g.geom_type in {"Polygon", "MultiPolygon"}]
        )
    if geometry.is_empty or geometry.area <= 0 or not math.isfinite(geometry.area):
        raise BoundaryError(
            "geometrie_ongeldig",
            bron=src.location,
            naam=naam,
            nis=nis,
            reden=t("grenzen.geen_oppervlakte"),
        )
    return geometry


def _in_flanders(west: float, south: float, east: float, north: float) -> bool:
    return (
        LON_RANGE[0] <= west
        and east <= LON_RANGE[1]
        and LAT_RANGE[0] <= south <= north <= LAT_RANGE[1]
    )


def _in_degrees(geometries: dict[str, Any], src: Source) -> dict[str, Any]:
    """The shapes with longitude first. Latitude first (EPSG:4326's official axis order, which
    some WFS servers follow) is turned around; anything else, such as metres in Lambert 72, is
    refused with a clear message rather than drawn somewhere else on the globe."""
    import shapely

    west, south, east, north = shapely.total_bounds(list(geometries.values()))
    if _in_flanders(west, south, east, north):
        return geometries
    if _in_flanders(south, west, north, east):
        return {nis: shapely.transform(g, lambda xy: xy[:, ::-1]) for nis, g in geometries.items()}
    raise BoundaryError(
        "geen_wgs84", bron=src.location, vak=f"{west:.2f}, {south:.2f} – {east:.2f}, {north:.2f}"
    )


# -- Simplify and store -----------------------------------------------------------------------


def simplify(geometries: dict[str, Any], tolerance: float) -> dict[str, Any]:
    """Fewer points, same picture. Where the polygons form a clean coverage (no gaps or
    overlaps) shared borders are simplified once, so neighbours stay flush; otherwise each
    polygon is simplified on its own, keeping it valid."""
    import shapely

    codes, shapes = list(geometries), list(geometries.values())
    if tolerance <= 0:
        return dict(geometries)
    if shapely.coverage_is_valid(shapes):
        simplified = list(shapely.coverage_simplify(shapes, tolerance))
    else:
        simplified = list(shapely.simplify(shapes, tolerance, preserve_topology=True))
    return {
        nis: (new if new.is_valid and not new.is_empty else old.simplify(tolerance))
        for nis, new, old in zip(codes, simplified, shapes, strict=True)
    }


def _inside_point(geometry: Any) -> tuple[float, float]:
    """Where lines start and end: the centroid, or a point inside when that falls outside."""
    point = geometry.centroid
    if not geometry.contains(point):
        point = geometry.representative_point()
    return round(point.x, DECIMALS), round(point.y, DECIMALS)


def to_geojson(checked: Checked, geometries: dict[str, Any], src: Source) -> dict[str, Any]:
    import numpy as np
    import shapely

    names = {g.nis: g.naam for g in all_in_period(checked.periode)}
    features = []
    for nis, geometry in geometries.items():
        rounded = shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS))
        # Outer rings clockwise, as d3-geo (plotly.js) reads them: the other way round, which
        # is RFC 7946's, is taken as "the whole globe except this municipality".
        rounded = shapely.orient_polygons(rounded, exterior_cw=True)
        features.append(
            {
                "type": "Feature",
                "id": nis,
                "properties": {"nis": nis, "naam": names[nis], "punt": _inside_point(geometry)},
                "geometry": json.loads(shapely.to_geojson(rounded)),
            }
        )
    return {
        "type": "FeatureCollection",
        "wisselaar": {
            "periode": checked.periode,
            "bron": src.location,
            "laag": src.layer if src.remote else "",
            "code_eigenschap": checked.code_property,
            "opgehaald_op": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        "features": features,
    }


def write_atomically(path: Path, data: dict[str, Any]) -> int:
    """Writes JSON to a temporary file next to `path`, then renames it: a reader sees the old
    file or the new one, never half of one. Returns the size in bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the map from the app's user
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise BoundaryError("opslaan_mislukt", pad=str(path), reden=str(error)) from None
    return path.stat().st_size


@dataclass(frozen=True)
class Built:
    periode: str
    source: Source
    path: Path  # where it will be stored
    code_property: str
    municipalities: int
    points_before: int
    points_after: int
    data: dict[str, Any]


def build(settings: Settings, periode: str) -> Built:
    """Fetches, checks and simplifies one period's boundaries (nothing is written)."""
    import shapely

    src = source(settings, periode)
    checked = check(fetch(src, settings.grenzen_timeout_s), src)
    simplified = simplify(checked.geometries, settings.grenzen_tolerance)
    after = int(sum(len(shapely.get_coordinates(g)) for g in simplified.values()))
    path = stored_path(settings, periode)
    data = to_geojson(checked, simplified, src)
    return Built(
        periode,
        src,
        path,
        checked.code_property,
        len(data["features"]),
        checked.points_before,
        after,
        data,
    )


def build_all(settings: Settings, periodes: tuple[str, ...] = PERIODES) -> list[tuple[Built, int]]:
    """Builds every period first and writes only when all succeeded, so a failure leaves the
    stored files as they were. Returns each build with the size of its file."""
    builds = [build(settings, periode) for periode in periodes]
    return [(b, write_atomically(b.path, b.data)) for b in builds]
