"""The figure engine: every figure is one named query (queries/) run by `run` for one scope
(moment, filters, period), and every surface (card, chart, table, map, answer, annex, export)
presents what it returns.

A `Figure` carries its rows, the moment its scope resolved to with the dataset versions it
used (`Stand`), and, on request, the rows it is made of (`provenance`): the query's own
`herkomst` rows, run with the same parameters at the same resolved moment, so a figure and
its provenance cannot disagree. "Now" resolves to the moment of the newest version, so every
output can say which data it shows and the stated moment gives the same figures again.

Two sources run the queries: `Database` (given the settings: each read opens the file for one
operation and is cached per data version, for the app) and `Connection` (one open connection
inside a transaction: the command line and the upload preview, whose version is not stored).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from wisselaar import queries, reads
from wisselaar.filters import Filters
from wisselaar.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


@dataclass(frozen=True)
class VersionUsed:
    dataset: str
    version: int
    moment: dt.datetime  # naive UTC
    user: str
    filename: str | None
    sample: bool


@dataclass(frozen=True)
class Stand:
    """The data a scope's moment resolved to: per dataset the version in force."""

    asked: dt.datetime  # naive UTC, or filters.NOW
    versions: tuple[VersionUsed, ...]

    @property
    def moment(self) -> dt.datetime | None:
        """The moment of the newest version used (None without data)."""
        return max((v.moment for v in self.versions), default=None)

    @property
    def at(self) -> dt.datetime:
        """The moment the queries run for: the resolved one (else the one asked)."""
        return self.moment or self.asked

    @property
    def sample(self) -> bool:
        return any(v.sample for v in self.versions)

    @property
    def newest(self) -> VersionUsed | None:
        return max(self.versions, key=lambda v: v.moment, default=None)


class Source:
    """Where queries run; `memo` keeps what is derived from them for as long as the data."""

    settings: Settings

    def frame(self, query: queries.Query, params: dict[str, Any]) -> pd.DataFrame:
        raise NotImplementedError

    def memo(self, key: tuple[Any, ...], produce: Callable[[], T]) -> T:
        raise NotImplementedError


class Database(Source):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def frame(self, query: queries.Query, params: dict[str, Any]) -> pd.DataFrame:
        return reads.frame(self.settings, query, **params)

    def memo(self, key: tuple[Any, ...], produce: Callable[[], T]) -> T:
        return reads.memo(self.settings, "engine", {"key": key}, produce)


class Connection(Source):
    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
        self.con, self.settings = con, settings
        self._memo: dict[tuple[Any, ...], Any] = {}

    def frame(self, query: queries.Query, params: dict[str, Any]) -> pd.DataFrame:
        return self.memo(("frame", query.name, _frozen(params)), lambda: _read(self, query, params))

    def memo(self, key: tuple[Any, ...], produce: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = produce()
        return self._memo[key]


def _read(source: Connection, query: queries.Query, params: dict[str, Any]) -> pd.DataFrame:
    return queries.frame(source.con, query, **params)


def _frozen(params: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def resolve(source: Source, asked: dt.datetime) -> Stand:
    """The versions in force at `asked` (naive UTC or NOW)."""

    def produce() -> Stand:
        rows = source.frame(queries.load("versies_in_gebruik"), {"stand": asked})
        versions = tuple(
            VersionUsed(
                r.dataset,
                int(r.versie_id),
                _naive(r.aangemaakt_op),
                r.gebruiker,
                r.bestandsnaam,
                bool(r.voorbeeld),
            )
            for r in rows.itertuples()
        )
        return Stand(asked, versions)

    return source.memo(("stand", asked), produce)


def _naive(value: Any) -> dt.datetime:
    moment = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return moment.replace(tzinfo=None)


@dataclass(frozen=True)
class Figure:
    """The rows of one named query for one scope, and what they were made of."""

    name: str
    filters: Filters  # its stand is the resolved moment
    stand: Stand
    frame: pd.DataFrame  # shared between reruns and sessions: read-only
    extra: tuple[tuple[str, Any], ...] = ()  # parameters beyond the filters (a trajectory)
    match: tuple[tuple[str, Any], ...] = ()  # the part of the provenance this figure shows
    source: Source | None = field(default=None, compare=False, repr=False)

    def __repr__(self) -> str:
        return (
            f"Figure({self.name!r}, {len(self.frame)} rows, at {self.stand.at:%Y-%m-%d %H:%M:%S})"
        )

    def narrowed(self, frame: pd.DataFrame, **match: Any) -> Figure:
        """The same figure presented as `frame` (a derived or ordered form of its rows), whose
        provenance is the part where each column of `match` has its value."""
        return dataclasses.replace(self, frame=frame, match=(*self.match, *match.items()))

    def provenance(self, **match: Any) -> pd.DataFrame:
        """The rows the figure is made of (dataset, versie_id, rij and the values that count),
        with the file, uploader and moment of their version; `match` narrows it further (a
        card: the measure it shows; a tuple value: any of its values)."""
        query = queries.load(self.name).provenance
        if query is None or self.source is None:
            raise ValueError(f"{self.name} has no provenance")
        rows = self.source.frame(query, _params(query, self.filters, dict(self.extra)))
        for column, value in (*self.match, *match.items()):
            wanted = rows[column].isin(value) if isinstance(value, tuple) else rows[column] == value
            rows = rows[wanted]
        return rows.reset_index(drop=True)


def _params(query: queries.Query, filters: Filters, extra: dict[str, Any]) -> dict[str, Any]:
    available = {**filters.params(), **extra}
    return {name: available.get(name) for name in query.parameters}


def run(source: Source, name: str, filters: Filters, **extra: Any) -> Figure:
    """Figure `name` for the scope `filters` (and parameters such as a trajectory); made
    once per data version and scope: a rerun of a page gets the same figure back."""
    stand = resolve(source, filters.stand)
    scope, given = filters.at(stand.at), tuple(sorted(extra.items()))
    return source.memo(
        ("figure", name, scope, given), lambda: _figure(source, name, scope, stand, given)
    )


def _figure(
    source: Source, name: str, scope: Filters, stand: Stand, extra: tuple[tuple[str, Any], ...]
) -> Figure:
    query = queries.load(name)
    frame = source.frame(query, _params(query, scope, dict(extra)))
    return Figure(name, scope, stand, frame, extra, (), source)


def derived(source: Source, name: str, filters: Filters, produce: Callable[[], T], *key: Any) -> T:
    """A value derived from figures (the frame with zeros, a ratio), made once per data
    version and scope: reruns of a page reuse it."""
    return source.memo(("derived", name, filters, *key), produce)


def sheets_used(figures: Sequence[Figure]) -> tuple[VersionUsed, ...]:
    """Every dataset version the figures used, by dataset."""
    found = {(v.dataset, v.version): v for f in figures for v in f.stand.versions}
    return tuple(found[k] for k in sorted(found))
