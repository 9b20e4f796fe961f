"""The dashboard's shared filters, as one value that binds to every filtered query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# "Now" as a fixed moment: the newest version always counts, and the cache key stays stable
# between reruns (a real clock value would miss the cache on every rerun).
NOW = dt.datetime(9999, 12, 31, 23, 59, 59)


@dataclass(frozen=True)
class Filters:
    stand: dt.datetime = NOW  # naive UTC
    oproepen: tuple[int, ...] = ()
    provincies: tuple[str, ...] = ()
    statussen: tuple[str, ...] = ()
    vormen: tuple[str, ...] = ()
    themas: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        """The bound parameters of a filtered query (see queries/_macros.sql)."""
        return {
            "stand": self.stand,
            "oproepen": list(self.oproepen),
            "provincies": list(self.provincies),
            "statussen": list(self.statussen),
            "vormen": list(self.vormen),
            "themas": list(self.themas),
        }

    @property
    def active(self) -> bool:
        return any((self.oproepen, self.provincies, self.statussen, self.vormen, self.themas))
