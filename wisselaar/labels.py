"""Values as a user reads them: (kind, stored value, language) -> label.

The data keep the contract's Dutch values (`lopend`, `op maat`, `n.v.t.`); every surface
shows them through here, so English shows "ongoing", "tailor-made" and "n/a" and no page,
chart, filter or export translates on its own. The labels live in the catalogues (section
[label.<kind>], roles in [rol], bookings in [soort]); a value without a label (a call year,
a name) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from wisselaar.i18n import catalogue, t

if TYPE_CHECKING:
    import pandas as pd

# kind -> the catalogue section holding its labels
SECTIONS = {"rol": "rol", "soort": "soort", "gebeurtenis": "audit", "rollen": "rollen"}
# A column's values, by the column's name in the figures (queries/*.sql).
COLUMN_KINDS: dict[str, str] = {
    "status": "status",
    "vorm": "vorm",
    "themas": "thema",
    "thema": "thema",
    "meerwaarde": "meerwaarde",
    "doelen_bereikt": "doelen",
    "oordeel": "oordeel",
    "rol": "rol",
    "soort": "soort",
    "financieringsbron": "financieringsbron",
    "provincie": "provincie",
    "dataset": "dataset",
}


@cache
def _table(kind: str, lang: str) -> dict[str, str]:
    """{stored value: label} of one kind, read once from the catalogues."""
    prefix = SECTIONS.get(kind, f"label.{kind}") + "."
    return {
        key[len(prefix) :]: t(key, lang)
        for key, message in catalogue("nl").items()
        if key.startswith(prefix) and isinstance(message, str)
    }


def label(kind: str | None, value: Any, lang: str = "nl") -> str:
    """The label of one value; the value itself when its kind has none for it."""
    if value is None:
        return ""
    text = str(value)
    return _table(kind, lang).get(text, text) if kind else text


def labels(kind: str | None, values: Iterable[Any], lang: str = "nl") -> list[str]:
    return [label(kind, v, lang) for v in values]


def sheet(name: str, lang: str = "nl") -> str:
    """A workbook sheet named as its dataset (`Financien` -> "Finances" in English)."""
    from wisselaar.schema import SHEETS

    table = next((s.table for s in SHEETS if s.name == name), None)
    return label("dataset", table, lang) if table else name


def audit_details(details: Mapping[str, Any], lang: str = "nl") -> str:
    """An audit entry's details in words: `file: x.xlsx; source: command line`."""
    return "; ".join(
        f"{label('detail', key, lang)}: {label('bron', value, lang) if key == 'bron' else value}"
        for key, value in details.items()
    )


def sheets(names: Iterable[str], lang: str = "nl") -> list[str]:
    return [sheet(n, lang) for n in names]


def quarter(year: int, number: int, lang: str = "nl") -> str:
    """`2022-K3` in Dutch, `Q3 2022` in English."""
    return t("kwartaal.label", lang, jaar=int(year), kwartaal=int(number))


def kind_of(column: str, match: Mapping[str, Any] | None = None) -> str | None:
    """The kind of a column's values; `waarde` takes the kind of the figure's `kenmerk`
    (trajectories per status, evaluations per goal reached, ...)."""
    if column == "waarde" and match:
        return COLUMN_KINDS.get(str(match.get("kenmerk")))
    return COLUMN_KINDS.get(column)


def labelled_values(
    frame: pd.DataFrame, lang: str, match: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """A copy of `frame` with every column of a known kind shown by its labels; list cells
    (themes, added value) are labelled item by item and stay lists."""
    shown = frame.copy()
    for column in frame.columns:
        kind = kind_of(str(column), match)
        if kind is None:
            continue
        shown[column] = [_cell(kind, value, lang) for value in frame[column]]
    return shown


def _cell(kind: str, value: Any, lang: str) -> Any:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [label(kind, v, lang) for v in value]
    if value is None or value != value:  # NaN
        return value
    return _table(kind, lang).get(str(value), value)
