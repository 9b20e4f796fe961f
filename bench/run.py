"""The import benchmark, and the times of `answer --json` and `--out` (see bench/README.md).

    .venv/bin/python bench/run.py [--sizes 300k 1m] [--rounds 3] [--skip-errors]
                                  [--skip-answer] [--keep DIR] [--profile] [--rebuild] [--check]
                                  [--answer-db DB]

Builds (once, cached under bench/out/) synthetic workbooks: a valid one of 302,045 rows, a
valid one of about a million, and the first with 5,000 wrong cells spread over all sheets.
Every measurement runs in a child process of its own, so that its peak memory is its own
(os.wait4 gives the child's rusage). Next to each import runs the reference of the same run:
fastexcel reading the same workbook into Arrow (timed inside its process, from opening the
file to the last sheet in Arrow). Import and reference take turns, `--rounds` times; the
medians are compared. Prints the figures next to the targets; exit status 0 (with --check:
1 when a target is missed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.synthetic import build_synthetic_workbook, row_counts  # noqa: E402

OUT = PROJECT / "bench" / "out"
MB = 1024 * 1024
SIZES = {"300k": (50_000, 200_000, 50_000), "1m": (166_667, 666_667, 166_667)}
ERRORS = 5_000
TARGET_RATIO, TARGET_ERRORS_RATIO, TARGET_RSS = 2.0, 3.0, 600 * MB
TARGET_ANSWER_S, TARGET_OUT_S = 0.3, 2.0  # answer --json and --out, whole processes

FASTEXCEL_READ = """
import json, sys, time
import fastexcel
t0 = time.perf_counter()
reader = fastexcel.read_excel(open(sys.argv[1], "rb").read())
rows = sum(reader.load_sheet(name).to_arrow().num_rows for name in reader.sheet_names)
print(json.dumps({"read_s": time.perf_counter() - t0, "rows": rows}))
"""
ANSWER_IN_PROCESS = """
import json, sys, time
from wisselaar.answer import answer_342
from wisselaar.settings import Settings
settings = Settings.from_env(sys.argv[1])
t0 = time.perf_counter()
text = answer_342(settings).to_json()
print(json.dumps({"answer_s": time.perf_counter() - t0, "bytes": len(text)}))
"""
# Where the import's time goes: the phases of ingest.check_upload and of the store, each in
# turn on one thread (so they add up; the command line overlaps the first three).
PHASES = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings
from wisselaar.sheet_parsing import known_sheets, parse_sheet, parse_sheets
from wisselaar.sheet_reading import open_reader, read_pieces
from wisselaar.xlsx_reader import check_workbook
path, settings = Path(sys.argv[1]), Settings.from_env(sys.argv[2])
t1 = time.perf_counter()
checked = check_workbook(path, max_file_bytes=settings.max_file_bytes,
                         max_unpacked_bytes=settings.max_unpacked_bytes)
t2 = time.perf_counter()
known, reader = known_sheets(checked.names), open_reader(checked)
pieces = {name: list(read_pieces(checked, name, s, reader)) for name, s in known.items()}
t3 = time.perf_counter()
parts = {name: parse_sheet(known[name], pieces[name], 200) for name in known}
parse_sheets(checked.names, parts, 200)
t4 = time.perf_counter()
del pieces, parts
full = import_workbook(settings, path, user="bench")
t5 = time.perf_counter()
print(json.dumps({"modules laden": t1 - t0, "controle (zip, XML, bereik)": t2 - t1,
                  "lezen (fastexcel, python-calamine waar nodig)": t3 - t2,
                  "typeren en regels per blad": t4 - t3,
                  "volledige import in proces (overlapt)": t5 - t4}))
"""

# The command-line import as it runs (its threads overlapping), with the moment each step of
# each thread begins and ends: where the threads wait for each other, or take turns.
TIMELINE = """
import sys, threading, time
t0 = time.perf_counter()
def say(text):
    name = threading.current_thread().name
    print(f"{time.perf_counter() - t0:7.2f} s  {name:<20} {text}", file=sys.stderr, flush=True)
from wisselaar import ingest, sheet_reading, worksheet_scan
say("modules geladen")
def timed(module, name):
    real = getattr(module, name)
    def step(*args, **kwargs):
        say(f"begin {name}")
        try:
            return real(*args, **kwargs)
        finally:
            say(f"einde {name}")
    setattr(module, name, step)
for module, name in ((worksheet_scan, "scan"), (sheet_reading, "_fastexcel"),
                     (sheet_reading, "_calamine"), (ingest, "parse_sheet"),
                     (ingest, "check_whole"), (ingest, "add_version")):
    timed(module, name)
from wisselaar.cli import main
code = main(["import", sys.argv[1], "--db", sys.argv[2], "--user", "bench"])
say("einde import")
sys.exit(code)
"""


def load() -> str:
    """The machine's load (1 minute) at the moment: the figures depend on it."""
    return f"belasting {os.getloadavg()[0]:.2f}"


@dataclass
class Run:
    wall_s: float
    peak_rss: int  # bytes
    returncode: int
    stdout: str
    stderr: str


def measure(command: list[str], workdir: Path, env: dict[str, str], name: str) -> Run:
    """Runs `command` as a child process; wall time and the child's own peak RSS."""
    out, err = workdir / f"{name}.stdout", workdir / f"{name}.stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    return Run(
        wall,
        usage.ru_maxrss * 1024,  # Linux reports kilobytes
        os.waitstatus_to_exitcode(status),
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
    )


def workbook(size: str, errors: int, rebuild: bool) -> Path:
    """The cached synthetic workbook for these sizes and this generator code."""
    digest = hashlib.sha256()
    for path in (PROJECT / "bench" / "synthetic.py", PROJECT / "wisselaar" / "sample.py"):
        digest.update(path.read_bytes())
    t, f, e = SIZES[size]
    path = OUT / f"synthetic-t{t}-f{f}-e{e}-x{errors}-{digest.hexdigest()[:10]}.xlsx"
    if rebuild or not path.is_file():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"Werkmap bouwen: {path.relative_to(PROJECT)} ...", flush=True)
        start = time.perf_counter()
        partial = path.with_suffix(".part.xlsx")
        build_synthetic_workbook(partial, t, f, e, errors=errors)
        partial.replace(path)
        print(f"  gebouwd in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def environment(path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WISSELAAR_")}
    env.update(WISSELAAR_SAMPLE_DATA="0", PYTHONPATH=str(PROJECT))
    # The upload limits are settings; the million-row workbook is past the defaults.
    env["WISSELAAR_MAX_FILE_MB"] = str(max(50, path.stat().st_size // MB + 1))
    env["WISSELAAR_MAX_UNPACKED_MB"] = str(max(500, 12 * path.stat().st_size // MB))
    return env


def compare(path: Path, rounds: int, workdir: Path, expect_refused: bool) -> dict[str, object]:
    """Reference and import in turn; their medians, the import's peak memory, its output."""
    env, python = environment(path), sys.executable
    reads, imports, peaks, last = [], [], [], None
    for turn in range(rounds):
        ref = measure([python, "-c", FASTEXCEL_READ, str(path)], workdir, env, "fastexcel")
        reads.append(json.loads(ref.stdout)["read_s"] if ref.returncode == 0 else float("nan"))
        db = workdir / f"import-{turn}.duckdb"
        command = [python, "-m", "wisselaar", "import", str(path), "--db", str(db)]
        last = measure([*command, "--user", "bench"], workdir, env, "import")
        imports.append(last.wall_s)
        peaks.append(last.peak_rss)
        print(f"  ronde {turn + 1}: fastexcel {reads[-1]:.2f} s, import {last.wall_s:.2f} s, "
              f"{last.peak_rss / MB:.0f} MB, exit {last.returncode}, {load()}",
              flush=True)  # fmt: skip
    ok = last is not None and last.returncode == (1 if expect_refused else 0)
    if not ok and last is not None:
        print(last.stdout[-2000:] + last.stderr[-2000:], file=sys.stderr)
    return {
        "read_s": statistics.median(reads),
        "import_s": statistics.median(imports),
        "peak": max(peaks),
        "ok": ok,
        "stderr": last.stderr if last else "",
    }


def line(label: str, value: str, target: str, verdict: bool | None) -> str:
    shown = "" if verdict is None else ("OK" if verdict else "GEMIST")
    return f"{label:<46} {value:>16}   {target:<18} {shown}"


def valid_imports(args: argparse.Namespace, workdir: Path) -> tuple[list[str], Path | None]:
    lines, db = [], None
    for size in args.sizes:
        path = workbook(size, 0, args.rebuild)
        rows = row_counts(*SIZES[size])
        print(f"Geldige werkmap {size}: {path.name} ({path.stat().st_size / MB:.0f} MB, "
              f"{rows:,} rijen)", flush=True)  # fmt: skip
        found = compare(path, args.rounds, workdir / size, expect_refused=False)
        ratio = found["import_s"] / found["read_s"]
        lines += [
            line(f"{size}: fastexcel leest naar Arrow (referentie)", f"{found['read_s']:.2f} s",
                 "", None),
            line(f"{size}: import van begin tot einde", f"{found['import_s']:.2f} s",
                 f"<= {TARGET_RATIO:g}x referentie", found["ok"] and ratio <= TARGET_RATIO),
            line(f"{size}: import / referentie", f"{ratio:.2f}x", "", None),
            line(f"{size}: rijen per seconde", f"{rows / found['import_s']:,.0f}/s", "", None),
            line(f"{size}: piekgeheugen import (RSS)", f"{found['peak'] / MB:,.0f} MB",
                 "< 600 MB", found["ok"] and found["peak"] < TARGET_RSS),
        ]  # fmt: skip
        if size == "300k":
            db = workdir / size / f"import-{args.rounds - 1}.duckdb"
    return lines, db


def refused_import(args: argparse.Namespace, workdir: Path) -> list[str]:
    path = workbook("300k", ERRORS, args.rebuild)
    print(f"Werkmap met {ERRORS:,} fouten: {path.name}", flush=True)
    found = compare(path, args.rounds, workdir / "fouten", expect_refused=True)
    err = str(found["stderr"]).splitlines()
    counted = err[0].split(": ")[1].split(" ")[0].replace(".", "") if err else "?"
    listed = [text for text in err[1:] if text.startswith("- Blad '") and ", rij " in text]
    worded = all(", rij " in text and ", kolom '" in text for text in listed[:200])
    ratio = found["import_s"] / found["read_s"]
    lines = [
        line("fouten: fastexcel leest naar Arrow (referentie)", f"{found['read_s']:.2f} s", "",
             None),
        line("fouten: import (geweigerd)", f"{found['import_s']:.2f} s",
             f"<= {TARGET_ERRORS_RATIO:g}x referentie",
             found["ok"] and ratio <= TARGET_ERRORS_RATIO),
        line("fouten: import / referentie", f"{ratio:.2f}x", "", None),
        line("fouten: geteld", counted, f"= {ERRORS:,}", counted == str(ERRORS)),
        line("fouten: opgesomd, elk met blad/rij/kolom/waarde", f"{len(listed)}", "200", worded
             and len(listed) == 200),
        line("fouten: piekgeheugen (RSS)", f"{found['peak'] / MB:,.0f} MB", "< 600 MB",
             found["peak"] < TARGET_RSS),
        line("fouten: uitvoer op stderr", f"{len(found['stderr']) / 1024:,.0f} KB", "", None),
    ]  # fmt: skip
    print("  voorbeeld: " + "\n  voorbeeld: ".join(listed[:3]))
    return lines


def answer(db: Path, workdir: Path, rounds: int) -> list[str]:
    """`answer --json` and `answer --out` as whole processes, in turns with the reference of
    the same run: a bare `python -c "import duckdb"` (the least any answer process costs)."""
    env, python = environment(db), sys.executable
    command = [python, "-m", "wisselaar", "answer", "--db", str(db)]
    bare, whole, files = [], [], []
    for turn in range(rounds):
        bare.append(measure([python, "-c", "import duckdb"], workdir, env, "bare").wall_s)
        run = measure([*command, "--json"], workdir, env, "answer")
        whole.append(run.wall_s if run.returncode == 0 else float("nan"))
        out = workdir / f"antwoord-{turn}"
        run = measure([*command, "--out", str(out)], workdir, env, "answer-out")
        files.append(run.wall_s if run.returncode == 0 else float("nan"))
        print(f"  ronde {turn + 1}: import duckdb {bare[-1]:.2f} s, answer --json "
              f"{whole[-1]:.2f} s, answer --out {files[-1]:.2f} s, {load()}",
              flush=True)  # fmt: skip
    inner = measure([python, "-c", ANSWER_IN_PROCESS, str(db)], workdir, env, "inproc")
    ok = inner.returncode == 0
    timing = json.loads(inner.stdout.splitlines()[-1]) if ok else {"answer_s": float("nan")}
    reference, json_s, out_s = (statistics.median(v) for v in (bare, whole, files))
    return [
        line("python -c 'import duckdb' (referentie)", f"{reference:.2f} s", "", None),
        line("answer --json: hele proces", f"{json_s:.2f} s", f"< {TARGET_ANSWER_S:g} s",
             json_s < TARGET_ANSWER_S),
        line("answer --json min referentie", f"{json_s - reference:.2f} s", "", None),
        line("answer --out: hele proces", f"{out_s:.2f} s", f"< {TARGET_OUT_S:g} s",
             out_s < TARGET_OUT_S),
        line("answer_342 + to_json in proces (berekend)", f"{timing['answer_s']:.3f} s", "",
             None),
    ]  # fmt: skip


def profile(path: Path, workdir: Path) -> None:
    import pstats

    env = environment(path)
    db = workdir / "phases.duckdb"
    phases = measure([sys.executable, "-c", PHASES, str(path), str(db)], workdir, env, "phases")
    print("\nFasen van de import (na elkaar op een draad, zonder profiler):")
    if phases.returncode == 0:
        for label, seconds in json.loads(phases.stdout).items():
            print(f"  {label:<50} {seconds:6.2f} s")
    else:
        print(phases.stderr[-2000:])
    timeline = measure(
        [sys.executable, "-c", TIMELINE, str(path), str(workdir / "timeline.duckdb")],
        workdir,
        env,
        "timeline",
    )
    print(f"\nTijdlijn van de import (draden overlappen; {load()}):")
    print(timeline.stderr[-6000:])
    target = workdir / "import.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(target), "-m", "wisselaar", "import"]
    measure([*command, str(path), "--db", str(workdir / "profile.duckdb")], workdir, env, "prof")
    print(f"\nProfiel {target} (alleen de hoofddraad; de lees- en typeerdraad apart):")
    pstats.Stats(str(target)).sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Importbenchmark")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-errors", action="store_true", help="skip the refused workbook")
    parser.add_argument("--skip-answer", action="store_true", help="skip answer --json")
    parser.add_argument(
        "--answer-db",
        type=Path,
        metavar="DB",
        help="only answer --json and --out, on this database (no imports)",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep databases and logs here")
    parser.add_argument("--profile", action="store_true", help="import phases and cProfile")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached workbooks")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wisselaar-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        for sub in (*args.sizes, "fouten"):
            (workdir / sub).mkdir(parents=True, exist_ok=True)
            for stale in (workdir / sub).glob("*.duckdb*"):
                stale.unlink()
        if args.answer_db:
            lines, db = [], args.answer_db
            args.skip_errors = True
        else:
            lines, db = valid_imports(args, workdir)
        if not args.skip_errors:
            lines += refused_import(args, workdir)
        if db is not None and not args.skip_answer:
            lines += answer(db, workdir, args.rounds)
        print(f"\n{'meting':<46} {'waarde':>16}   {'doel':<18} oordeel")
        print("\n".join(lines))
        missed = [text for text in lines if text.endswith("GEMIST")]
        if args.profile:
            profile(workbook(args.sizes[0], 0, False), workdir)
        if args.keep:
            print(f"\nDatabanken en logboeken bewaard in {workdir}")
    print("\nAlle doelen gehaald." if not missed else f"\nGemist: {len(missed)} doel(en).")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
