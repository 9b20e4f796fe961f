"""The named queries of queries/*.sql, loaded by name and always run with bound parameters.

Parameters are pulled from the SQL (`$name`) and must all be given, by name; nothing is ever
pasted into the SQL text. Every read of the product's figures goes through `run`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb

from wisselaar import QUERIES_DIR

if TYPE_CHECKING:  # pandas costs 0.25 s to import; the command line rarely needs it
    import pandas as pd

_PARAMETER = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
# A figure query defines the rows it is made of as a CTE `herkomst`, then this line, then the
# aggregation over it (README, "Herkomst"). What comes before the line, followed by a select
# from `herkomst`, is the query of the figure's provenance: the same rows, by the same SQL.
FIGURE_MARK = re.compile(r"^-- figure$", re.MULTILINE)
PROVENANCE = """
select v.bestandsnaam, v.gebruiker, v.aangemaakt_op, h.*
from herkomst as h
left join versie as v using (versie_id)
order by h.dataset, h.versie_id, h.rij"""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    parameters: frozenset[str]

    @property
    def provenance(self) -> Query | None:
        """The rows this figure is made of, with the upload of their version; None for a
        query that is no figure (versions)."""
        found = FIGURE_MARK.search(self.sql)
        if found is None:
            return None
        sql = self.sql[: found.start()] + PROVENANCE
        return Query(f"{self.name}:herkomst", sql, _parameters(sql))


def _parameters(sql: str) -> frozenset[str]:
    return frozenset(_PARAMETER.findall(_COMMENT.sub("", sql)))


class QueryError(Exception):
    pass


@cache
def load(name: str) -> Query:
    path = QUERIES_DIR / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        raise QueryError(f"unknown query {name!r}")
    sql = path.read_text(encoding="utf-8")
    return Query(name, sql, _parameters(sql))


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.stem.startswith("_"))


def run(
    con: duckdb.DuckDBPyConnection, name: str | Query, **parameters: Any
) -> list[dict[str, Any]]:
    """The rows of query `name` as dicts, with `parameters` bound by name."""
    cursor = execute(con, name, **parameters)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _bound(name: str | Query, parameters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    query = name if isinstance(name, Query) else load(name)
    missing = query.parameters - parameters.keys()
    extra = parameters.keys() - query.parameters
    if missing or extra:
        raise QueryError(f"{query.name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    return query.sql, {k: parameters[k] for k in query.parameters}


def execute(
    con: duckdb.DuckDBPyConnection, name: str | Query, **parameters: Any
) -> duckdb.DuckDBPyConnection:
    sql, bound = _bound(name, parameters)
    return con.execute(sql, bound)


def frame(con: duckdb.DuckDBPyConnection, name: str | Query, **parameters: Any) -> pd.DataFrame:
    """The rows as a DataFrame; through Arrow, so DECIMAL money stays Decimal (DuckDB's own
    .df() would turn it into floats), and whole numbers stay whole where a column also holds
    nulls (pandas' nullable Int64, not float: a year is 2021, not 2021.0)."""
    sql, bound = _bound(name, parameters)
    return con.sql(sql, params=bound).to_arrow_table().to_pandas(types_mapper=_whole)


def _whole(arrow_type: Any) -> Any:
    import pandas as pd
    import pyarrow as pa

    return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None
