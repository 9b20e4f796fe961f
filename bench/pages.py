"""Page benchmark: every page on the sample data and on the large synthetic database.

    .venv/bin/python bench/pages.py [--runs 10] [--keep DIR] [--rebuild]

First imports data/voorbeeld.xlsx into a fresh database and runs every page in Streamlit's
AppTest (target: under 100 ms of server time per rerun); then imports bench/run.py's cached
synthetic workbook (built on first use) and does the same (target: under 300 ms), plus the
Gemeenten map's two views (role colours; received funding with the exchanges as lines). The
boundaries come from data/grenzen when `python -m wisselaar grenzen` has run there, otherwise
they are built from ../shared/reference into a temporary folder (test files, never copied).
Each page gets a first (cold) run and `--runs` reruns; it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.run import MB, workbook  # noqa: E402

TARGET_MS = 300
REFERENCE = PROJECT.parent / "shared" / "reference"


def _boundaries(folder: Path) -> Path:
    """A folder with both periods' boundary files: the project's own when fetched, else built
    from the shared reference files (for this benchmark only)."""
    from wisselaar.boundaries import PERIODES, build_all, stored_path
    from wisselaar.settings import Settings

    settings = Settings.from_env()
    if all(stored_path(settings, p).is_file() for p in PERIODES):
        return settings.grenzen_dir
    local = dataclasses.replace(
        settings,
        grenzen_dir=folder,
        grenzen_2025_url=str(REFERENCE / "grenzen-2025.geojson"),
        grenzen_2019_url=str(REFERENCE / "grenzen-2019-2024.geojson"),
    )
    build_all(local)
    return folder


def _timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


PAGES = ("overzicht", "gemeenten", "trajecten", "budget", "evaluatie", "vragen")


def _use(db: Path, grenzen: Path, max_mb: int) -> None:
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    os.environ.update(
        WISSELAAR_DB=str(db),
        WISSELAAR_SAMPLE_DATA="0",
        WISSELAAR_GRENZEN_DIR=str(grenzen),
        WISSELAAR_ANONYMOUS_ROLE="lezer",  # the pages without a sign-in form
        WISSELAAR_MAX_FILE_MB=str(max_mb),
    )


def _import(path: Path) -> bool:
    from wisselaar.ingest import import_workbook
    from wisselaar.settings import Settings

    start = time.perf_counter()
    result = import_workbook(Settings.from_env(), path, user="bench")
    if result.errors:
        print(f"Import geweigerd: {len(result.errors)} fouten", file=sys.stderr)
        return False
    print(f"{path.name}: geïmporteerd in {time.perf_counter() - start:.1f} s", flush=True)
    return True


def _measure(label: str, target_ms: int, runs: int) -> dict[str, object]:
    """Every page: a cold first run, then `runs` reruns; returns the AppTest of Gemeenten."""
    from streamlit.testing.v1 import AppTest

    print(f"\n{label}")
    print(f"{'pagina':<55} {'eerste':>9} {'mediaan':>9} {'max':>9}  doel < {target_ms} ms")
    apps: dict[str, object] = {}
    for page in PAGES:
        app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
        app.run()
        first = _timed(lambda app=app, page=page: app.switch_page(f"pages/{page}.py").run())
        if app.exception:
            print(f"{page}: de pagina faalt: {app.exception}", file=sys.stderr)
            continue
        times = [_timed(app.run) for _ in range(runs)]
        median, worst = statistics.median(times), max(times)
        verdict = "OK" if median < target_ms else "GEMIST"
        print(f"{page:<55} {first:>6,.0f} ms {median:>6,.0f} ms {worst:>6,.0f} ms  {verdict}")
        apps[page] = app
    return apps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Paginabenchmark: elke pagina")
    parser.add_argument("--runs", type=int, default=10, help="reruns per page and view")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the databases here")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached workbook")
    args = parser.parse_args(argv)

    path = workbook("300k", 0, args.rebuild)  # bench/run.py's: 50,000 trajectories
    with tempfile.TemporaryDirectory(prefix="wisselaar-pages-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        grenzen = _boundaries(folder / "grenzen")
        print(f"Grenzen: {grenzen}", flush=True)

        _use(folder / "voorbeeld.duckdb", grenzen, 50)
        if not _import(PROJECT / "data" / "voorbeeld.xlsx"):
            return 1
        _measure("Voorbeeldgegevens (25 trajecten)", 100, args.runs)

        _use(folder / "pages.duckdb", grenzen, max(50, path.stat().st_size // MB + 1))
        if not _import(path):
            return 1
        apps = _measure("Grote databank (50.000 trajecten)", TARGET_MS, args.runs)
        app = apps.get("gemeenten")
        if app is None:
            return 1
        views = {
            "kaart op rol": lambda: None,
            "kaart op ontvangen financiering, met uitwisselingen": lambda: (
                app.segmented_control(key="kaart_kleur").set_value("ontvangen"),
                app.toggle(key="kaart_lijnen").set_value(True),
            ),
        }
        print(
            f"\n{'Gemeenten, kaartweergave':<55} {'mediaan':>9} {'max':>9}  doel < {TARGET_MS} ms"
        )
        for name, choose in views.items():
            choose()
            app.run()  # the view's first run fills its caches
            times = [_timed(app.run) for _ in range(args.runs)]
            median, worst = statistics.median(times), max(times)
            verdict = "OK" if median < TARGET_MS else "GEMIST"
            print(f"{name:<55} {median:>6,.0f} ms {worst:>6,.0f} ms  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
