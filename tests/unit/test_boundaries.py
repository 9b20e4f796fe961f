"""`python -m wisselaar grenzen`: the download against a local HTTP server (never the internet),
the checks with the words of each error, the simplified file, and nothing half-written.

The boundaries are synthetic (tests/boundary_files.py: a valid polygon for every NIS code of
each period), so a clone of the project alone passes. Where the shared reference files are
present (tests/boundary_files.SHARED_REFERENCE), the good download and the local files run
once more on the real files (skipped otherwise)."""

from __future__ import annotations

import copy
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import shapely
from shapely.geometry import Point, shape

from tests.boundary_files import PERIODES, point_count, source_files, synthetic
from wisselaar import PROJECT_DIR, boundaries, maps
from wisselaar.cli import main
from wisselaar.municipalities import all_in_period
from wisselaar.settings import Settings

KINDS = ("synthetic", "shared")  # "shared": the real reference files, where present

pytestmark = pytest.mark.timeout(60)


def reference(periode: str) -> dict[str, Any]:
    """A layer with every municipality of the period, for a test to serve or to break."""
    return synthetic(periode)


def from_project(path: Path) -> str:
    """`path` relative to the project folder, as the README's local use writes it."""
    return os.path.relpath(path, PROJECT_DIR)


# A tiny web server: path -> (status, body, seconds to wait before answering) ---------------


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, float]] = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server calls it by this name
                requests.append(self.path)
                status, body, delay = routes.get(urlparse(self.path).path, (404, b"", 0.0))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (the timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # a sleeping handler must not hold up the teardown
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes, status: int = 200, delay: float = 0.0) -> str:
        self.routes[path] = (status, body, delay)
        return self.url + path


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def grenzen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The boundary folder of the test (never data/grenzen); both sources point nowhere until
    a test sets them."""
    folder = tmp_path / "grenzen"
    monkeypatch.setenv("WISSELAAR_GRENZEN_DIR", str(folder))
    monkeypatch.setenv("WISSELAAR_GRENZEN_TIMEOUT_S", "5")
    for prefix in ("WISSELAAR_GRENZEN_2025", "WISSELAAR_GRENZEN_2019"):
        monkeypatch.setenv(f"{prefix}_URL", str(tmp_path / "not-there.geojson"))
    return folder


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def command(*args: str) -> tuple[int, str, str]:
        code = main(["grenzen", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return command


def stored(folder: Path, periode: str) -> dict[str, Any]:
    return json.loads((folder / f"gemeenten-{periode}.geojson").read_text(encoding="utf-8"))


def nothing_written(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


# The good download -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_good_download_is_checked_simplified_and_stored(
    kind, server, grenzen, run, monkeypatch, tmp_path
):
    raw = source_files(kind, tmp_path / "bron")["2025"].read_bytes()
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", server.serve("/VRBG2025/wfs", raw))

    code, out, err = run("--periode", "2025")

    assert (code, err) == (0, "")
    assert "285 gemeenten" in out and "eigenschap 'nis_code'" in out
    assert "Digitaal Vlaanderen" in out  # the attribution the licence asks for
    # The standard WFS 2.0 GetFeature request, as GeoJSON in WGS84.
    query = parse_qs(urlparse(server.requests[0]).query)
    assert query == {
        "service": ["WFS"],
        "version": ["2.0.0"],
        "request": ["GetFeature"],
        "typeNames": ["VRBG2025:RefgemG100"],
        "outputFormat": ["application/json"],
        "srsName": ["EPSG:4326"],
    }
    data = stored(grenzen, "2025")
    codes = [f["id"] for f in data["features"]]
    assert sorted(codes) == sorted(g.nis for g in all_in_period("2025"))
    merelbeke_melle = next(f for f in data["features"] if f["id"] == "44088")
    assert merelbeke_melle["properties"]["naam"] == "Merelbeke-Melle"
    for feature in data["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and geometry.geom_type in {"Polygon", "MultiPolygon"}
        assert geometry.contains(Point(feature["properties"]["punt"])), feature["id"]
    assert [p.name for p in grenzen.iterdir()] == ["gemeenten-2025.geojson"]  # no temp file left


@pytest.mark.parametrize("kind", KINDS)
def test_both_periods_from_local_files_with_the_code_property_found_by_its_values(
    kind, grenzen, run, monkeypatch, tmp_path
):
    files = source_files(kind, tmp_path / "bron")
    # Relative paths count from the project folder, as in the README's local use.
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", from_project(files["2025"]))
    monkeypatch.setenv("WISSELAAR_GRENZEN_2019_URL", from_project(files["2019-2024"]))

    code, out, err = run()

    assert (code, err) == (0, "")
    assert "eigenschap 'nis_code'" in out and "eigenschap 'NISCODE'" in out
    assert len(stored(grenzen, "2025")["features"]) == 285
    assert len(stored(grenzen, "2019-2024")["features"]) == 300
    for periode in PERIODES:  # simplified: fewer points than the source holds
        source = json.loads(files[periode].read_text(encoding="utf-8"))
        assert point_count(stored(grenzen, periode)) < point_count(source), periode


def test_the_code_property_may_have_any_name_and_numbers_for_codes(
    server, grenzen, run, monkeypatch
):
    data = reference("2025")
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {"OIDN": 7, "CODE_INS": int(props["nis_code"]), "T": "x"}
    monkeypatch.setenv(
        "WISSELAAR_GRENZEN_2025_URL", server.serve("/wfs", json.dumps(data).encode())
    )

    code, out, _ = run("--periode", "2025")

    assert code == 0 and "eigenschap 'CODE_INS'" in out


def test_pieces_of_one_municipality_are_joined_and_other_regions_left_out():
    data = reference("2025")
    gent = next(f for f in data["features"] if f["properties"]["nis_code"] == "44021")
    half = copy.deepcopy(gent)  # the same municipality twice (a multi-part layer)
    brussel = copy.deepcopy(gent)
    brussel["properties"] = {**gent["properties"], "nis_code": "21004"}
    data["features"] += [half, brussel]
    src = boundaries.Source("2025", "test", "")

    checked = boundaries.check(json.dumps(data).encode(), src)

    assert len(checked.geometries) == 285 and "21004" not in checked.geometries


# Broken sources: a clear Dutch error, exit 1, nothing written --------------------------------


def broken_case(server: Server, grenzen: Path, run: Run, monkeypatch, body: bytes, **serve: Any):
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", server.serve("/wfs", body, **serve))
    code, out, err = run("--periode", "2025")
    assert code == 1 and out == ""
    assert "Er is niets bewaard" in err
    assert nothing_written(grenzen)
    return err


def test_missing_municipalities_are_named(server, grenzen, run, monkeypatch):
    data = reference("2025")
    data["features"] = [f for f in data["features"] if f["properties"]["nis_code"][:2] != "44"]
    err = broken_case(server, grenzen, run, monkeypatch, json.dumps(data).encode())
    assert "zijn onvolledig: 13 van de 285 gemeenten ontbreken" in err  # arrondissement Gent
    assert "bv. Destelbergen (44013), Evergem (44019), Gavere (44020), Gent (44021)" in err


def test_invalid_json_is_refused(server, grenzen, run, monkeypatch):
    err = broken_case(server, grenzen, run, monkeypatch, b'{"type": "FeatureCollection", "feat')
    assert "is geen geldige GeoJSON" in err


def test_a_wfs_error_report_is_shown(server, grenzen, run, monkeypatch):
    report = b'<?xml version="1.0"?><ows:ExceptionReport>Unknown typeName</ows:ExceptionReport>'
    err = broken_case(server, grenzen, run, monkeypatch, report)
    assert "is geen geldige GeoJSON" in err and "Unknown typeName" in err


def test_a_server_slower_than_the_timeout_is_given_up(server, grenzen, run, monkeypatch):
    monkeypatch.setenv("WISSELAAR_GRENZEN_TIMEOUT_S", "0.5")
    started = time.monotonic()
    err = broken_case(server, grenzen, run, monkeypatch, b"{}", delay=20)
    # Given up before the server answered (no speed target: a busy machine may be slow).
    assert time.monotonic() - started < 20
    assert "duurde langer dan 0,5 seconden en is afgebroken" in err


def test_an_http_error_is_named(server, grenzen, run, monkeypatch):
    err = broken_case(server, grenzen, run, monkeypatch, b"kapot", status=500)
    assert "konden niet worden opgehaald" in err and "HTTP 500" in err
    assert "WISSELAAR_GRENZEN_2025_URL" in err


def test_no_server_at_all(grenzen, run, monkeypatch):
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", "http://127.0.0.1:9/wfs")  # discard port
    code, _, err = run("--periode", "2025")
    assert code == 1 and "konden niet worden opgehaald bij http://127.0.0.1:9/wfs" in err
    assert nothing_written(grenzen)


def test_a_missing_local_file_is_named(grenzen, run, tmp_path):
    code, _, err = run("--periode", "2025")
    assert code == 1
    assert f"Het bestand {tmp_path / 'not-there.geojson'} met de gemeentegrenzen 2025" in err


def test_no_property_holds_the_codes(server, grenzen, run, monkeypatch):
    data = reference("2025")
    for feature in data["features"]:
        feature["properties"] = {"naam": feature["properties"]["name_nl"]}
    err = broken_case(server, grenzen, run, monkeypatch, json.dumps(data).encode())
    assert "geen eigenschap met de NIS-codes" in err and "naam" in err


def test_a_municipality_without_a_polygon_is_named(server, grenzen, run, monkeypatch):
    data = reference("2025")
    gent = next(f for f in data["features"] if f["properties"]["nis_code"] == "44021")
    gent["geometry"] = {"type": "Point", "coordinates": [3.72, 51.05]}
    err = broken_case(server, grenzen, run, monkeypatch, json.dumps(data).encode())
    assert "De grens van Gent (44021)" in err and "'Point' in plaats van een veelhoek" in err


def test_latitude_first_coordinates_are_turned_around(server, grenzen, run, monkeypatch):
    data = reference("2025")
    for feature in data["features"]:
        geometry = shapely.transform(shape(feature["geometry"]), lambda xy: xy[:, ::-1])
        feature["geometry"] = json.loads(shapely.to_geojson(geometry))
    monkeypatch.setenv(
        "WISSELAAR_GRENZEN_2025_URL", server.serve("/wfs", json.dumps(data).encode())
    )

    assert run("--periode", "2025")[0] == 0
    gent = next(f for f in stored(grenzen, "2025")["features"] if f["id"] == "44021")
    assert 3.5 < gent["properties"]["punt"][0] < 3.9 and 51.0 < gent["properties"]["punt"][1] < 51.2


def test_coordinates_in_metres_are_refused(server, grenzen, run, monkeypatch):
    data = reference("2025")
    for feature in data["features"]:  # roughly Belgian Lambert 72
        geometry = shapely.transform(shape(feature["geometry"]), lambda xy: xy * 40_000)
        feature["geometry"] = json.loads(shapely.to_geojson(geometry))
    err = broken_case(server, grenzen, run, monkeypatch, json.dumps(data).encode())
    assert "niet in Vlaanderen in lengte- en breedtegraden (EPSG:4326)" in err


def test_a_failure_leaves_the_stored_files_as_they_were(
    server, grenzen, run, monkeypatch, tmp_path
):
    grenzen.mkdir()
    (grenzen / "gemeenten-2025.geojson").write_text("oud", encoding="utf-8")
    good = source_files("synthetic", tmp_path / "bron")["2025"]
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", str(good))
    monkeypatch.setenv("WISSELAAR_GRENZEN_2019_URL", server.serve("/wfs", b"not json"))

    code, _, err = run()  # 2025 is fine, 2019-2024 is not: neither is written

    assert code == 1 and "2019-2024" in err
    assert [p.name for p in grenzen.iterdir()] == ["gemeenten-2025.geojson"]
    assert (grenzen / "gemeenten-2025.geojson").read_text(encoding="utf-8") == "oud"


# Loading for the app -------------------------------------------------------------------------


def test_loading_is_cached_per_file_version(grenzen, run, monkeypatch, tmp_path):
    settings = Settings.from_env()
    assert maps.load(settings, "2025") is None  # not fetched yet: the pages show the hint
    good = source_files("synthetic", tmp_path / "bron")["2025"]
    monkeypatch.setenv("WISSELAAR_GRENZEN_2025_URL", str(good))
    assert run("--periode", "2025")[0] == 0

    first = maps.load(settings, "2025")
    assert first is maps.load(settings, "2025")  # parsed once
    assert len(first.features) == 285 and first.names["44088"] == "Merelbeke-Melle"
    assert run("--periode", "2025")[0] == 0
    assert maps.load(settings, "2025") is not first  # a new file is read again


def test_an_unreadable_stored_file_says_how_to_fix_it(grenzen):
    grenzen.mkdir()
    (grenzen / "gemeenten-2025.geojson").write_text("{", encoding="utf-8")
    with pytest.raises(boundaries.BoundaryError) as caught:
        maps.load(Settings.from_env(), "2025")
    assert "python -m wisselaar grenzen" in caught.value.message()
