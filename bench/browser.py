"""Browser benchmark: the app as a visitor sees it, in headless Chromium (issue 13).

    .venv/bin/python bench/browser.py [--rounds 5] [--large-db PATH] [--skip-large]

Per database (the sample workbook imported into a fresh file; the 50,000-trajectory one built
by bench/run.py, or `--large-db` an existing copy of it) and per round, a fresh server
(`streamlit run serve.py`, as in production) is started and timed:

- process start -> sign-in form: from starting the process until the form's name field is
  shown (the browser, started before, opens the page as soon as the health check answers);
  next to it the moment the health check first answered (the server's own start);
- sign-in -> first chart: from the click on "Aanmelden" until the first Plotly chart is drawn;
  next to it the time between the form shown and that click, spent filling in the form
  (instantly here, seconds for a person): the browser loads the pages' components then;
- menu click -> idle page: every page of the menu in turn, from the click until that page's
  title is shown, the script has finished, nothing is stale or a skeleton and every chart is
  drawn (polled every 20 ms).

Prints medians of the rounds with the maximum, next to the targets, and the machine's load
averages at the start and the end; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.run import MB, workbook  # noqa: E402

CHROMIUM = os.environ.get("WISSELAAR_CHROMIUM", "/usr/bin/chromium")
ACCOUNT, PASSWORD = "bench", "bench-wachtwoord-niet-echt"
MENU = ("Gemeenten", "Trajecten", "Budget", "Evaluatie", "Parlementaire vragen", "Overzicht")
TARGETS = {"start": 2.0, "chart": 1.5, "click_sample": 0.5, "click_large": 1.0}
POLL_S = 0.02
IDLE_JS = """(title) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && !!h1 && h1.innerText.trim() === title
    && document.querySelectorAll('[data-stale="true"]').length === 0
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && charts.every(c => c.querySelector('.main-svg'));
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _secrets(folder: Path) -> Path:
    from wisselaar.auth import hash_password

    path = folder / "secrets.toml"
    path.write_text(
        f'[wisselaar.accounts.{ACCOUNT}]\nrole = "beheer"\n'
        f'password_hash = "{hash_password(PASSWORD)}"\n',
        encoding="utf-8",
    )
    return path


def _start(db: Path, folder: Path, secrets: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "WISSELAAR_DB": str(db), "WISSELAAR_SAMPLE_DATA": "0"}
    env["WISSELAAR_MAX_FILE_MB"] = str(max(50, db.stat().st_size // MB + 1))
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    command += ["--secrets.files", str(secrets)]
    log = (folder / f"streamlit-{port}.log").open("wb")
    process = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return process, f"http://127.0.0.1:{port}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        process.kill()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _until(check, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not get there in time")
        time.sleep(POLL_S)


def one_round(
    browser, db: Path, folder: Path, secrets: Path, typing_s: float = 0.0
) -> dict[str, float]:
    """One fresh server: the times of this round, in seconds. `typing_s`: how long the form
    stays filled in before the click, as a person takes to type (0: at once)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    process, url = _start(db, folder, secrets)
    try:
        _until(lambda: _healthy(url))
        found = {"health": time.perf_counter() - start}
        page.goto(url)
        page.get_by_label("Gebruikersnaam").wait_for(state="visible", timeout=60_000)
        found["start"] = time.perf_counter() - start
        page.get_by_label("Gebruikersnaam").fill(ACCOUNT)
        page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        if typing_s:
            time.sleep(max(0.0, typing_s - (time.perf_counter() - start - found["start"])))
        clicked = time.perf_counter()
        found["fill"] = clicked - start - found["start"]
        page.get_by_role("button", name="Aanmelden", exact=True).click()
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
        found["chart"] = time.perf_counter() - clicked
        _until(lambda: page.evaluate(IDLE_JS, "Overzicht"))
        for title in MENU:
            link = page.locator('[data-testid="stSidebarNav"] a', has_text=title).first
            clicked = time.perf_counter()
            link.click()
            _until(lambda title=title: page.evaluate(IDLE_JS, title))
            found[title] = time.perf_counter() - clicked
        return found
    finally:
        context.close()
        _stop(process)


def report(label: str, rounds: list[dict[str, float]], click_target: float) -> list[str]:
    def row(name: str, key: str, target: float | None) -> str:
        values = [r[key] for r in rounds]
        median, worst = statistics.median(values), max(values)
        verdict = "" if target is None else ("OK" if median < target else "GEMIST")
        goal = "(referentie)" if target is None else f"< {target:g} s"
        return f"  {name:<44} {median:7.2f} s {worst:7.2f} s   {goal:<13} {verdict}"

    lines = [f"\n{label} ({len(rounds)} rondes)", f"  {'meting':<44} {'mediaan':>9} {'max':>9}"]
    lines.append(row("processtart -> health check antwoordt", "health", None))
    lines.append(row("processtart -> aanmeldformulier", "start", TARGETS["start"]))
    lines.append(row("formulier -> klik (invullen)", "fill", None))
    lines.append(row("aanmelden -> eerste grafiek", "chart", TARGETS["chart"]))
    lines += [row(f"klik {title} -> pagina klaar", title, click_target) for title in MENU]
    return lines


def _sample_db(folder: Path) -> Path:
    from wisselaar.ingest import import_workbook
    from wisselaar.settings import Settings

    db = folder / "voorbeeld.duckdb"
    settings = Settings.from_env(db)
    import_workbook(settings, PROJECT / "data" / "voorbeeld.xlsx", user="bench")
    return db


def _large_db(folder: Path, given: Path | None) -> Path:
    db = folder / "groot.duckdb"
    if given is not None:
        shutil.copy(given, db)
        return db
    from wisselaar.ingest import import_workbook
    from wisselaar.settings import Settings

    path = workbook("300k", 0, False)
    os.environ["WISSELAAR_MAX_FILE_MB"] = str(max(50, path.stat().st_size // MB + 1))
    result = import_workbook(Settings.from_env(db), path, user="bench")
    if result.errors:
        raise SystemExit(f"import refused: {len(result.errors)} errors")
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Browserbenchmark")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--large-db", type=Path, help="a copy of this database as the large one")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--typing",
        type=float,
        default=0.0,
        metavar="S",
        help="seconds between the form shown and the click, as a person types (default 0)",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    lines = ["Belasting (1, 5, 15 min) bij de start: " + _load()]
    if args.typing:
        lines.append(f"Het formulier blijft {args.typing:g} s ingevuld staan voor de klik.")
    with tempfile.TemporaryDirectory(prefix="wisselaar-browser-") as tmp:
        folder = Path(tmp)
        os.environ["WISSELAAR_SAMPLE_DATA"] = "0"
        secrets = _secrets(folder)
        databases = [("Voorbeeldgegevens", _sample_db(folder), TARGETS["click_sample"])]
        if not args.skip_large:
            large = _large_db(folder, args.large_db)
            databases.append(("Grote databank (50.000 trajecten)", large, TARGETS["click_large"]))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            for label, db, click_target in databases:
                rounds = []
                for turn in range(args.rounds):
                    rounds.append(one_round(browser, db, folder, secrets, args.typing))
                    print(f"{label}, ronde {turn + 1}: " + ", ".join(
                        f"{k} {v:.2f}" for k, v in rounds[-1].items()), flush=True)  # fmt: skip
                lines += report(label, rounds, click_target)
            browser.close()
    lines.append("\nBelasting (1, 5, 15 min) op het einde: " + _load())
    print("\n".join(lines))
    return 0


def _load() -> str:
    """The machine's load averages: the timings depend on them (2 cores shared)."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
