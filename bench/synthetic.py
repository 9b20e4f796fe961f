"""A large synthetic workbook that is valid against every rule of CONTRACT.md section 2.

Used by bench/run.py (and, at a tiny size, by tests/unit/test_bench_smoke.py). The values are
random but legal: every municipality is valid on its reference date (the 2019-2024 names before
2025, the 2025 names after; a ledger row dated after the mergers names what the municipality
became), every reference exists, every evaluation comes from a party of its trajectory in the
right role, no trajectory is granted more than the ceiling or paid more than granted, so an
import raises no errors and no amount warnings. Written with the sample's `write_workbook`
(openpyxl, write-only), without the byte-stable zip rewrite.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wisselaar.municipalities import (
    NIEUW,
    OUD,
    Gemeente,
    MunicipalityError,
    all_in_period,
    by_nis,
    merged_into,
    period_for,
    resolve,
)
from wisselaar.sample import CRITERIA, write_workbook
from wisselaar.schema import (
    DOELEN,
    FINANCIERINGSBRONNEN,
    MEERWAARDE,
    STATUSSEN,
    THEMAS,
    VORMEN,
    YEAR_RANGE,
)

SEED = 2024
# Wrong cells for a workbook that must be refused: per sheet, (column, value) pairs used in
# turn. Each gives exactly one error and nothing that follows from it (a wrong date leaves a
# municipality unresolved without an error of its own, a wrong role leaves the evaluation
# unjudged), so the number of errors is known in advance.
SPOILS: dict[str, list[tuple[int, object]]] = {
    "Trajecten": [(1, 2035), (4, "coaching"), (8, "bezig"), (10, "veel"), (5, "armoede")],
    "Experts": [(5, "subsidie"), (6, "veel")],
    "Criteria": [(1, None)],
    "Budget": [(2, "veel")],
    "Financien": [(5, "gift"), (6, 12.345), (7, "31/02/2023"), (4, "W9-99"), (6, "veel")],
    "Evaluaties": [(3, "beide"), (5, 9), (4, "gisteren"), (6, "misschien")],
}
CEILING_CENTS = 50_000 * 100
LINES = ("Projectsubsidie", "VVSG-begeleiding", "Lerend netwerk", "Vorming")
_DAY = dt.timedelta(days=1)
_REFERENCE_DAY = {OUD: dt.date(2024, 6, 30), NIEUW: dt.date(2025, 6, 30)}


@dataclass(frozen=True)
class _Trajectory:
    traject_id: str
    oproep: int
    start: dt.date
    offering: Gemeente
    asking: tuple[Gemeente, ...]


def _names(periode: str) -> list[Gemeente]:
    """The municipalities of a period whose Dutch name resolves to themselves in it."""
    on = _REFERENCE_DAY[periode]
    out = []
    for g in all_in_period(periode):
        try:
            if resolve(g.naam, on).nis == g.nis:
                out.append(g)
        except MunicipalityError:
            pass
    return out


def _as_of(g: Gemeente, on: dt.date) -> Gemeente:
    """The municipality `g` is (or became) on date `on` (the ledger's reference date)."""
    if period_for(on) == g.periode:
        return g
    if g.periode == OUD:  # a later row names what it merged into
        found = by_nis(merged_into(g.nis), NIEUW)
        assert found is not None
        return found
    raise ValueError("a row dated before the 2025 start of its 2025 municipality")


class Synthetic:
    """The rows of the six sheets; each sheet is a generator, so memory stays small."""

    def __init__(
        self,
        trajecten: int,
        financien: int,
        evaluaties: int,
        experts: int | None = None,
        seed: int = SEED,
    ) -> None:
        self.n_trajecten, self.n_financien, self.n_evaluaties = trajecten, financien, evaluaties
        self.n_experts = experts if experts is not None else max(10, trajecten // 25)
        self.errors: dict[str, int] = {}  # sheet -> wrong cells to write (see `spoiled`)
        self.rng = random.Random(seed)
        self.periods = {OUD: _names(OUD), NIEUW: _names(NIEUW)}
        self.trajectories: list[_Trajectory] = []
        self.budget_lines = [(y, line) for y in range(YEAR_RANGE[0], YEAR_RANGE[1] + 1)
                             for line in LINES]  # fmt: skip

    def sheets(self) -> dict[str, Iterator[list[object]]]:
        # Trajecten first: the ledger and the evaluations refer to its rows.
        sheets = {
            "Trajecten": self.trajecten(),
            "Experts": self.experts(),
            "Criteria": iter([list(c) for c in CRITERIA]),
            "Budget": self.budget(),
            "Financien": self.financien(),
            "Evaluaties": self.evaluaties(),
        }
        return {name: self.spoiled(name, rows) for name, rows in sheets.items()}

    def spread_errors(self, total: int) -> None:
        """Plans `total` wrong cells over all sheets, in proportion to their rows (one at
        least per sheet)."""
        rows = {
            "Trajecten": self.n_trajecten,
            "Experts": self.n_experts,
            "Criteria": len(CRITERIA),
            "Budget": len(self.budget_lines),
            "Financien": self.n_financien,
            "Evaluaties": self.n_evaluaties,
        }
        small = {name: 1 for name, n in rows.items() if n < 100}
        left, big = total - len(small), {n: r for n, r in rows.items() if n not in small}
        share = {name: left * n // sum(big.values()) for name, n in big.items()}
        share["Financien"] += left - sum(share.values())
        self.errors = {**small, **share}

    def spoiled(self, name: str, rows: Iterable[list[object]]) -> Iterator[list[object]]:
        """The rows with `self.errors[name]` of them made wrong, evenly spread."""
        count = self.errors.get(name, 0)
        if not count:
            yield from rows
            return
        rows = list(rows)
        step = max(1, len(rows) // count)
        for index, row in enumerate(rows):
            turn = index // step
            if index % step == 0 and turn < count:
                column, value = SPOILS[name][turn % len(SPOILS[name])]
                row = [*row[:column], value, *row[column + 1 :]]
            yield row

    def _name(self, g: Gemeente) -> str:
        # Mostly names; now and then the NIS code, as text or as a number.
        pick = self.rng.random()
        if pick < 0.03:
            return g.nis
        if pick < 0.05:
            return int(g.nis)  # type: ignore[return-value]
        return g.naam

    def trajecten(self) -> Iterator[list[object]]:
        rng = self.rng
        first, last = YEAR_RANGE
        for number in range(1, self.n_trajecten + 1):
            oproep = rng.randint(first, last)
            start = dt.date(oproep, 9, 1) + rng.randrange(240) * _DAY
            pool = self.periods[period_for(start)]
            chosen = rng.sample(pool, 2 + (rng.random() < 0.2) + (rng.random() < 0.05))
            offering, asking = chosen[0], tuple(chosen[1:])
            traject = f"T{number:06d}"
            self.trajectories.append(_Trajectory(traject, oproep, start, offering, asking))
            status = rng.choice(STATUSSEN)
            end = start + rng.randrange(60, 540) * _DAY if rng.random() < 0.7 else None
            experts = rng.sample(range(1, self.n_experts + 1), 1 + (rng.random() < 0.3))
            planned = rng.randrange(50, 800, 10)
            yield [
                traject,
                oproep,
                self._name(offering),
                "; ".join(str(self._name(g)) for g in asking),
                rng.choice(VORMEN),
                "; ".join(rng.sample(THEMAS, rng.randint(1, 3))),
                start,
                end,
                status,
                "; ".join(f"EXP-{e:04d}" for e in experts),
                planned,
                round(planned * rng.random(), 1) if status != "aangevraagd" else None,
                f"Synthetisch traject {number}",
            ]

    def experts(self) -> Iterator[list[object]]:
        rng, pool = self.rng, self.periods[OUD]
        codes = [code for code, _ in CRITERIA]
        for number in range(1, self.n_experts + 1):
            since = dt.date(rng.randint(2005, 2020), rng.randint(1, 12), rng.randint(1, 28))
            yield [
                f"EXP-{number:04d}",
                self._name(rng.choice(pool)),
                "beleidsmedewerker armoede",
                since,
                "; ".join(rng.sample(codes, rng.randint(1, len(codes)))),
                rng.choice(FINANCIERINGSBRONNEN),
                rng.randrange(0, 5_000_000) / 100 if rng.random() < 0.9 else None,
            ]

    def budget(self) -> Iterator[list[object]]:
        for year, line in self.budget_lines:
            yield [year, line, self.rng.randrange(10_000, 90_000_000) / 100, f"Lijn {line}"]

    def financien(self) -> Iterator[list[object]]:
        """Blocks of toegekend, vastgelegd, uitbetaald, uitbetaald-or-teruggevorderd per
        trajectory in turn (a partial block keeps paid <= granted); every 50th row is VVSG's."""
        rng, trajectories = self.rng, self.trajectories
        per_trajectory = self.n_financien / max(1, len(trajectories))
        blocks = max(1, math.ceil(per_trajectory / 4))
        top = max(200, CEILING_CENTS // blocks // 100)  # whole euros, within the ceiling
        amounts: dict[str, int] = {}
        j = 0
        for number in range(1, self.n_financien + 1):
            if number % 50 == 0 or not trajectories:
                year, line = rng.choice(self.budget_lines)
                on = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                soort, cents = rng.choice(("toegekend", "uitbetaald")), rng.randrange(100, 10**7)
                yield [f"F{number:07d}", year, line, "VVSG", None, soort, cents / 100, on, None]
                continue
            t = trajectories[(j // 4) % len(trajectories)]
            step, j = j % 4, j + 1
            if step == 0:
                amounts[t.traject_id] = rng.randrange(100, top) * 100
            granted = amounts[t.traject_id]
            soort, cents = ("toegekend", "vastgelegd", "uitbetaald", "uitbetaald")[step], granted
            if step >= 2:
                cents = granted // 2
            if step == 3 and rng.random() < 0.1:
                soort, cents = "teruggevorderd", max(1, granted // 10)
            on = t.start + rng.randrange(0, 400) * _DAY
            who = self._name(_as_of(t.offering, on))
            line = rng.choice(LINES)
            yield [f"F{number:07d}", t.oproep, line, who, t.traject_id, soort, cents / 100, on,
                   f"Boeking {soort}"]  # fmt: skip

    def evaluaties(self) -> Iterator[list[object]]:
        rng, trajectories = self.rng, self.trajectories
        for number in range(1, self.n_evaluaties + 1):
            t = rng.choice(trajectories)
            if rng.random() < 0.4:
                bestuur, rol = t.offering, "aanbiedend"
            else:
                bestuur, rol = rng.choice(t.asking), "vragend"
            yield [
                f"E{number:06d}",
                t.traject_id,
                self._name(bestuur),
                rol,
                t.start + rng.randrange(30, 700) * _DAY,
                rng.randint(1, 5) if rng.random() < 0.9 else None,
                rng.choice(DOELEN) if rng.random() < 0.9 else None,
                "; ".join(rng.sample(MEERWAARDE, rng.randint(1, 3))),
                f"https://example.org/rapporten/{t.traject_id}.pdf" if rng.random() < 0.1 else None,
                "Synthetische evaluatie",
            ]


def build_synthetic_workbook(
    path: Path,
    trajecten: int = 50_000,
    financien: int = 200_000,
    evaluaties: int = 50_000,
    experts: int | None = None,
    seed: int = SEED,
    errors: int = 0,
) -> Path:
    """Writes the workbook; returns `path`. Deterministic for the same arguments. With
    `errors`, that many cells spread over all sheets are wrong, one error each."""
    data = Synthetic(trajecten, financien, evaluaties, experts, seed)
    if errors:
        data.spread_errors(errors)
    return write_workbook(Path(path), data.sheets(), stable=False)


def row_counts(trajecten: int, financien: int, evaluaties: int, experts: int | None = None) -> int:
    """Total data rows over all sheets of such a workbook."""
    n_experts = experts if experts is not None else max(10, trajecten // 25)
    budget = (YEAR_RANGE[1] - YEAR_RANGE[0] + 1) * len(LINES)
    return trajecten + financien + evaluaties + n_experts + len(CRITERIA) + budget
