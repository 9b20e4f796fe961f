"""Provenance in words: which upload, sheet and Excel rows a figure is made of.

The rows come from the figure engine (`Figure.provenance`); this module only names them: the
sheet of each dataset, the upload of each version, and row numbers as ranges ("2-5, 8").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wisselaar.filters import PERIODES, Filters
from wisselaar.formatting import format_moment
from wisselaar.i18n import t
from wisselaar.labels import kind_of, label, labels
from wisselaar.schema import SHEETS

if TYPE_CHECKING:
    import pandas as pd

    from wisselaar.engine import Figure, Stand

SHEET_OF = {s.table: s.name for s in SHEETS}
SOURCE_COLUMNS = ("dataset", "versie_id", "rij", "bestandsnaam", "gebruiker", "aangemaakt_op")


def row_ranges(rows: Iterable[int]) -> str:
    """`2-5, 8, 10-11`: sorted Excel rows as ranges."""
    if hasattr(rows, "to_numpy"):  # a column (the annex's: 50,000 rows): not cell by cell
        import numpy as np

        numbers: list[int] = np.unique(rows.to_numpy(dtype="int64")).tolist()
    else:
        numbers = sorted(set(int(r) for r in rows))
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    return ", ".join(parts)


@dataclass(frozen=True)
class Entry:
    """One figure of a draft and what it is made of."""

    table: int  # the number of the annex table
    label: str  # what the figure is ("Gemeenten met een expert")
    figure: Figure
    match: tuple[tuple[str, Any], ...] = ()


def summary_rows(entries: Sequence[Entry], lang: str = "nl") -> list[list[Any]]:
    """Per figure and dataset version: the sheet, the upload and the Excel rows."""
    out: list[list[Any]] = []
    for entry in entries:
        rows = entry.figure.provenance(**dict(entry.match))
        table = t("herkomst.tabel", lang, nr=entry.table)
        if rows.empty:
            out.append([table, entry.label, "", None, "", "", "", t("herkomst.geen", lang), 0])
            continue
        for (dataset, version), part in rows.groupby(["dataset", "versie_id"], sort=True):
            first = part.iloc[0]
            out.append(
                [
                    table,
                    entry.label,
                    SHEET_OF.get(str(dataset), str(dataset)),
                    int(version),
                    first["bestandsnaam"] or "",
                    first["gebruiker"],
                    format_moment(_naive(first["aangemaakt_op"])),
                    row_ranges(part["rij"]),
                    int(part["rij"].nunique()),
                ]
            )
    return out


def summary_columns(lang: str = "nl") -> tuple[str, ...]:
    keys = ("tabel", "cijfer", "blad", "versie", "bestand", "door", "op", "rijen", "aantal")
    return tuple(t(f"herkomst.kol_{k}", lang) for k in keys)


def readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Provenance rows for a person: the sheet instead of the dataset, the upload of the
    version, then the values that count (columns that are empty throughout left out)."""
    values = [c for c in rows.columns if c not in SOURCE_COLUMNS and rows[c].notna().any()]
    shown = rows.assign(blad=[SHEET_OF.get(str(d), str(d)) for d in rows["dataset"]])
    shown = shown.assign(op=[format_moment(_naive(m)) for m in rows["aangemaakt_op"]])
    columns = ["blad", "rij", "versie_id", "bestandsnaam", "gebruiker", "op", *values]
    return shown[columns]


def _naive(value: Any) -> Any:
    return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value


def stand_text(stand: Stand, lang: str = "nl") -> str:
    """`Stand van de gegevens: 01/03/2024 14:05:09 (Brusselse tijd); gegevens uit Budget
    versie 1, ...`: the moment a scope resolved to and the versions it used."""
    if stand.moment is None:
        return t("stand.geen", lang)
    versions = ", ".join(
        t("stand.versie", lang, blad=label("dataset", v.dataset, lang), versie=v.version)
        for v in sorted(stand.versions, key=lambda v: SHEET_ORDER.get(v.dataset, 99))
    )
    return t(
        "stand.tekst", lang, moment=format_moment(stand.moment, seconds=True), versies=versions
    )


SHEET_ORDER = {s.table: i for i, s in enumerate(SHEETS)}


def filters_text(filters: Filters, lang: str = "nl") -> str:
    """The filters and the period in words: "Oproep: 2022; Status: lopend. Gemeenten tellen
    als: 2025 (vandaag)." (the moment is said by `stand_text`)."""
    parts = [
        f"{t(f'filter.{name}', lang)}: {', '.join(labels(kind_of(name), values, lang))}"
        for name, values in (
            ("oproep", filters.oproepen),
            ("provincie", filters.provincies),
            ("status", filters.statussen),
            ("vorm", filters.vormen),
            ("thema", filters.themas),
        )
        if values
    ]
    if filters.gemeente:
        parts.append(f"{t('bestand.gemeente', lang)}: {filters.gemeente}")
    periode = t(f"periode.{filters.periode[:4]}", lang) if filters.periode in PERIODES else ""
    text = "; ".join(parts) or t("filter.geen", lang)
    return f"{text}. {t('periode.label', lang)}: {periode}." if periode else f"{text}."
