"""The import and answer benchmark (see bench/README.md).

    .venv/bin/python bench/run.py [--trajecten 50000 --financien 200000 --evaluaties 50000]
                                  [--keep DIR] [--check] [--profile] [--rebuild]

Builds (once, cached under bench/out/) a large synthetic valid workbook, then measures, each in
its own child process so that its peak memory is its own (os.wait4 gives the child's rusage):
(a) `python -m wisselaar import` end to end, (b) pandas + openpyxl merely reading the same file,
(c) `python -m wisselaar answer --json`, and the answer computation inside one process.
Prints the figures next to the targets. Exit status 0, or with --check 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
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
TARGET_ROWS_PER_S = 50_000
TARGET_RATIO = 4.0
TARGET_RSS = 1024 * MB
TARGET_ANSWER_S = 1.0

NAIVE_READ = """
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
frames = pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
t2 = time.perf_counter()
rows = sum(len(f) for f in frames.values())
print(json.dumps({"import_pandas_s": t1 - t0, "read_s": t2 - t1, "rows": rows}))
"""
ANSWER_IN_PROCESS = """
import json, sys, time
from wisselaar.answer import answer_342
from wisselaar.settings import Settings
settings = Settings.from_env(sys.argv[1])
t0 = time.perf_counter()
answer = answer_342(settings)
t1 = time.perf_counter()
text = answer.to_json()
t2 = time.perf_counter()
answer_342(settings).to_json()
t3 = time.perf_counter()
print(json.dumps({"answer_s": t1 - t0, "json_s": t2 - t1, "warm_s": t3 - t2, "bytes": len(text)}))
"""
# Where the import's time goes, with public functions only: reading (zip checks + calamine),
# typing the cells, the rules over the whole (dry run minus the two), storing (full minus dry).
PHASES = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from wisselaar.ingest import import_workbook
from wisselaar.settings import Settings
from wisselaar.sheet_parsing import parse_workbook
from wisselaar.xlsx_reader import read_workbook
path, settings = Path(sys.argv[1]), Settings.from_env(sys.argv[2])
t1 = time.perf_counter()
raw = read_workbook(path, max_file_bytes=settings.max_file_bytes,
                    max_unpacked_bytes=settings.max_unpacked_bytes)
t2 = time.perf_counter()
parsed = parse_workbook(raw)
t3 = time.perf_counter()
del raw, parsed
dry = import_workbook(settings, path, user="bench", dry_run=True)
t4 = time.perf_counter()
full = import_workbook(settings, path, user="bench")
t5 = time.perf_counter()
assert not dry.errors and not full.errors
print(json.dumps({"modules laden": t1 - t0, "lezen (zip-controle + calamine)": t2 - t1,
                  "cellen typeren (parse_workbook)": t3 - t2,
                  "regels over het geheel (droog - lezen - typeren)": (t4 - t3) - (t3 - t1),
                  "opslaan (volledig - droog)": (t5 - t4) - (t4 - t3)}))
"""


@dataclass
class Run:
    command: list[str]
    wall_s: float
    peak_rss: int  # bytes
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def measure(command: list[str], workdir: Path, env: dict[str, str], name: str) -> Run:
    """Runs `command` as a child process; wall time and the child's own peak RSS."""
    out, err = workdir / f"{name}.stdout", workdir / f"{name}.stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        command,
        wall,
        usage.ru_maxrss * 1024,  # Linux reports kilobytes
        child.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
    )


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in (PROJECT / "bench" / "synthetic.py", PROJECT / "wisselaar" / "sample.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def workbook(args: argparse.Namespace) -> Path:
    """The cached synthetic workbook for these sizes and this generator code."""
    name = f"synthetic-t{args.trajecten}-f{args.financien}-e{args.evaluaties}"
    path = OUT / f"{name}-{generator_hash()}.xlsx"
    if args.rebuild or not path.is_file():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"Werkmap bouwen: {path.relative_to(PROJECT)} ...", flush=True)
        start = time.perf_counter()
        partial = path.with_suffix(".part.xlsx")
        build_synthetic_workbook(partial, args.trajecten, args.financien, args.evaluaties)
        partial.replace(path)
        print(f"  gebouwd in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def _verdict(ok: bool) -> str:
    return "OK" if ok else "GEMIST"


def profile(command_tail: list[str], target: Path, workdir: Path, env: dict[str, str]) -> None:
    """Runs the command under cProfile and prints the costliest functions."""
    import pstats

    command = [sys.executable, "-m", "cProfile", "-o", str(target), *command_tail]
    run = measure(command, workdir, env, target.stem)
    print(f"\nProfiel {target} ({run.wall_s:.2f} s onder cProfile, exit {run.returncode})")
    stats = pstats.Stats(str(target))
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import- en antwoordbenchmark")
    parser.add_argument("--trajecten", type=int, default=50_000)
    parser.add_argument("--financien", type=int, default=200_000)
    parser.add_argument("--evaluaties", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep database and logs here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--profile", action="store_true", help="also profile with cProfile")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached workbook")
    parser.add_argument("--skip-naive", action="store_true", help="skip the slow pandas read")
    args = parser.parse_args(argv)

    path = workbook(args)
    rows = row_counts(args.trajecten, args.financien, args.evaluaties)
    size = path.stat().st_size
    env = {k: v for k, v in os.environ.items() if not k.startswith("WISSELAAR_")}
    env["WISSELAAR_SAMPLE_DATA"] = "0"
    env["PYTHONPATH"] = str(PROJECT)
    if size > 50 * MB:  # the upload limit is a setting; raise it for a bigger benchmark
        env["WISSELAAR_MAX_FILE_MB"] = str(size // MB + 1)
    with tempfile.TemporaryDirectory(prefix="wisselaar-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / "bench.duckdb"
        for stale in (db, db.with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)
        python = sys.executable
        import_cmd = [python, "-m", "wisselaar", "import", str(path), "--db", str(db)]
        import_cmd += ["--user", "bench"]
        answer_cmd = [python, "-m", "wisselaar", "answer", "--json", "--db", str(db)]
        print(f"Werkmap: {path} ({_mb(size)}, {rows:,} rijen)", flush=True)

        print(f"(a) {' '.join(import_cmd)}", flush=True)
        imported = measure(import_cmd, workdir, env, "import")
        if not imported.ok:
            print(imported.stdout + imported.stderr[-4000:], file=sys.stderr)
        naive = None
        if not args.skip_naive:
            naive_cmd = [python, "-c", NAIVE_READ, str(path)]
            print("(b) pd.read_excel(path, sheet_name=None, engine='openpyxl')", flush=True)
            naive = measure(naive_cmd, workdir, env, "naive")
        print(f"(c) {' '.join(answer_cmd)}", flush=True)
        answered = measure(answer_cmd, workdir, env, "answer")
        inproc = measure([python, "-c", ANSWER_IN_PROCESS, str(db)], workdir, env, "inproc")
        if not (answered.ok and inproc.ok):
            print(answered.stderr[-2000:] + inproc.stderr[-2000:], file=sys.stderr)

        results: list[tuple[str, str, str, bool | None]] = []
        per_s = rows / imported.wall_s if imported.ok else 0.0
        results.append(("import: wandtijd", f"{imported.wall_s:.2f} s", "", None))
        results.append(("import: rijen per seconde", f"{per_s:,.0f}/s", ">= 50,000/s",
                        per_s >= TARGET_ROWS_PER_S))  # fmt: skip
        results.append(("import: piekgeheugen (RSS)", _mb(imported.peak_rss), "< 1,024 MB",
                        imported.ok and imported.peak_rss < TARGET_RSS))  # fmt: skip
        if naive is not None and naive.ok:
            read = json.loads(naive.stdout)
            ratio = read["read_s"] / imported.wall_s if imported.ok else 0.0
            results.append(("naief lezen (read_excel)", f"{read['read_s']:.2f} s",
                            f"proces {naive.wall_s:.1f} s", None))  # fmt: skip
            results.append(("naief lezen: piekgeheugen", _mb(naive.peak_rss), "", None))
            results.append(("import sneller dan naief", f"{ratio:.1f}x", ">= 4x",
                            ratio >= TARGET_RATIO))  # fmt: skip
        elif naive is not None:
            results.append(("naief lezen", "mislukt", "", False))
        timing = json.loads(inproc.stdout) if inproc.ok else {}
        cold = timing.get("answer_s", 0.0) + timing.get("json_s", 0.0)
        results.append(("answer --json: hele proces", f"{answered.wall_s:.2f} s", "(info)", None))
        results.append(("answer_342 + to_json in proces", f"{cold:.3f} s", "< 1 s",
                        inproc.ok and cold < TARGET_ANSWER_S))  # fmt: skip
        results.append(("  waarvan answer_342", f"{timing.get('answer_s', 0):.3f} s", "", None))
        results.append(("  waarvan to_json", f"{timing.get('json_s', 0):.3f} s", "", None))
        results.append(("  beide, tweede keer", f"{timing.get('warm_s', 0):.3f} s", "", None))
        results.append(("answer: piekgeheugen (RSS)", _mb(answered.peak_rss), "< 1,024 MB",
                        answered.ok and answered.peak_rss < TARGET_RSS))  # fmt: skip

        print()
        print(f"{'meting':<34} {'waarde':>14}   {'doel':<14} oordeel")
        for label, value, target, ok in results:
            print(f"{label:<34} {value:>14}   {target:<14} {'' if ok is None else _verdict(ok)}")
        missed = [label for label, _, _, ok in results if ok is False]
        if not imported.ok or not answered.ok:
            missed.append("een opdracht mislukte")

        if args.profile:
            prof = args.keep or OUT
            phase_db = workdir / "phases.duckdb"
            phase_db.unlink(missing_ok=True)
            phases = measure(
                [python, "-c", PHASES, str(path), str(phase_db)], workdir, env, "phases"
            )
            print("\nFasen van de import (in proces, zonder profiler):")
            if phases.ok:
                for label, seconds in json.loads(phases.stdout).items():
                    print(f"  {label:<50} {seconds:6.2f} s")
            else:
                print(phases.stderr[-2000:])
            (workdir / "profile.duckdb").unlink(missing_ok=True)
            tail = ["-m", "wisselaar", "import", str(path), "--db", str(workdir / "profile.duckdb")]
            profile(tail, prof / "import.prof", workdir, env)
            script = workdir / "answer_profile.py"
            script.write_text(ANSWER_IN_PROCESS, encoding="utf-8")
            profile([str(script), str(db)], prof / "answer.prof", workdir, env)
        if args.keep:
            print(f"\nDatabank en logboeken bewaard in {workdir}")
    print("\nAlle doelen gehaald." if not missed else f"\nGemist: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
