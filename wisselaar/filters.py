"""The scope of a figure: the moment, the shared filters and the period municipalities are
counted in, as one value that binds to every filtered query (queries/_macros.sql)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

# "Now" as a fixed moment: the newest version always counts, and the cache key stays stable
# between reruns (a real clock value would miss the cache on every rerun).
NOW = dt.datetime(9999, 12, 31, 23, 59, 59)

# The periods municipalities are counted in (README, "Counting municipalities"): today's (the
# 285 of 2025, the default), those of 2019-2024, or every stored code as itself (CONTRACT.md
# section 4: `answer --json` names municipalities by the code resolved at import).
PERIODE_2025, PERIODE_OUD, PERIODE_CODE = "2025", "2019-2024", "code"
PERIODES = (PERIODE_2025, PERIODE_OUD)


@dataclass(frozen=True)
class Filters:
    stand: dt.datetime = NOW  # naive UTC
    oproepen: tuple[int, ...] = ()
    provincies: tuple[str, ...] = ()
    statussen: tuple[str, ...] = ()
    vormen: tuple[str, ...] = ()
    themas: tuple[str, ...] = ()
    gemeente: str | None = None  # a municipality of the period (its NIS code)
    periode: str = PERIODE_2025

    def params(self) -> dict[str, Any]:
        """The bound parameters of a filtered query (see queries/_macros.sql)."""
        return {
            "stand": self.stand,
            "periode": self.periode,
            "oproepen": list(self.oproepen),
            "provincies": list(self.provincies),
            "statussen": list(self.statussen),
            "vormen": list(self.vormen),
            "themas": list(self.themas),
            "gemeente": self.gemeente,
        }

    @property
    def active(self) -> bool:
        """Whether anything narrows the trajectories (the period does not)."""
        return any(
            (
                self.oproepen,
                self.provincies,
                self.statussen,
                self.vormen,
                self.themas,
                self.gemeente,
            )
        )

    def at(self, stand: dt.datetime) -> Filters:
        return dataclasses.replace(self, stand=stand)

    def moment_only(self) -> Filters:
        """The same moment and period without filters: budget figures belong to no
        trajectory, province or municipality."""
        return Filters(stand=self.stand, periode=self.periode)
