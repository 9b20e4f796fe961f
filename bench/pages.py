"""Page benchmark: the Gemeenten page with its map, on the large synthetic database.

    .venv/bin/python bench/pages.py [--trajecten 50000 --financien 200000 --evaluaties 50000]
                                    [--runs 10] [--keep DIR]

Imports bench/run.py's cached synthetic workbook (built on first use) into a fresh database,
gets the boundaries (data/grenzen when `python -m wisselaar grenzen` has run there, otherwise
built from ../shared/reference into a temporary folder: test files, never copied), then runs
the Gemeenten page in Streamlit's AppTest: a first (cold) run and `--runs` reruns per view
(role colours; the received funding with the exchanges as lines). Prints the server time of
each run next to the target (< 300 ms per rerun); it only prints, it asserts nothing.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Paginabenchmark: Gemeenten met kaart")
    parser.add_argument("--trajecten", type=int, default=50_000)
    parser.add_argument("--financien", type=int, default=200_000)
    parser.add_argument("--evaluaties", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=10, help="reruns per view")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the database here")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached workbook")
    args = parser.parse_args(argv)

    path = workbook(args)
    with tempfile.TemporaryDirectory(prefix="wisselaar-pages-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "pages.duckdb"
        for stale in (db, db.with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)
        grenzen = _boundaries(folder / "grenzen")
        os.environ.update(
            WISSELAAR_DB=str(db),
            WISSELAAR_SAMPLE_DATA="0",
            WISSELAAR_GRENZEN_DIR=str(grenzen),
            WISSELAAR_ANONYMOUS_ROLE="lezer",  # the page without a sign-in form
            WISSELAAR_MAX_FILE_MB=str(max(50, path.stat().st_size // MB + 1)),
        )
        from streamlit.testing.v1 import AppTest

        from wisselaar.ingest import import_workbook
        from wisselaar.settings import Settings

        print(f"Werkmap: {path.name}; grenzen: {grenzen}", flush=True)
        start = time.perf_counter()
        result = import_workbook(Settings.from_env(), path, user="bench")
        if result.errors:
            print(f"Import geweigerd: {len(result.errors)} fouten", file=sys.stderr)
            return 1
        print(f"Geïmporteerd in {time.perf_counter() - start:.1f} s", flush=True)

        app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
        app.run()
        first = _timed(lambda: app.switch_page("pages/gemeenten.py").run())
        if app.exception:
            print(f"De pagina faalt: {app.exception}", file=sys.stderr)
            return 1
        print(f"\nGemeenten met kaart, eerste run van de pagina: {first:,.0f} ms")
        views = {
            "kaart op rol": lambda: None,
            "kaart op ontvangen financiering, met uitwisselingen": lambda: (
                app.segmented_control(key="kaart_kleur").set_value("ontvangen"),
                app.toggle(key="kaart_lijnen").set_value(True),
            ),
        }
        print(f"{'weergave':<55} {'mediaan':>9} {'max':>9}  doel < {TARGET_MS} ms")
        for name, choose in views.items():
            choose()
            app.run()  # the view's first run fills its caches
            times = [_timed(app.run) for _ in range(args.runs)]
            median, worst = statistics.median(times), max(times)
            verdict = "OK" if median < TARGET_MS else "GEMIST"
            print(f"{name:<55} {median:>6,.0f} ms {worst:>6,.0f} ms  {verdict}")
            print("  per run (ms): " + ", ".join(f"{t:,.0f}" for t in times))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
