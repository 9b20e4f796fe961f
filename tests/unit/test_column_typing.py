"""wisselaar.column_typing: a column typed in bulk (Arrow) gives exactly what typing it cell by
cell gives (values.CellParser, the definition), for every kind of column and every form of
cell, wrong ones included; and only the failed cells come back, in row order."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from wisselaar.column_typing import type_column
from wisselaar.schema import BUDGET, EVALUATIES, EXPERTS, FINANCIEN, TRAJECTEN
from wisselaar.sheet_reading import FORMULA_WITHOUT_VALUE, ExcelError

NUMBERS = [
    2022.0, 2031.0, 3.5, -1.0, 0.0, 0.01, 12.345, 0.30000000000000004, 1e16, 9e15, 182044.1,
    float("inf"), None, 50000.0, 1e300, -0.0,
]  # fmt: skip
TEXTS = [
    " W1-01 ", "W1-01", "", "   ", "\u00a0", "2022", "2022.0", "2022,5", "twintig", "12,5",
    "12.50", "€ 1.234,56", "1.234", "15/01/2023", "2023-01-15", "31/02/2023", "Mentoring",
    "OP MAAT", "coaching", "Gent", "Gentt", "12025", "lokale regie; participatie",
    "Participatie ;; participatie", " ; ", "E1; E9;E1", "W22-03\u200b", "\ufeffE1", "Wé-01",
    "aanbiedend", "ja", None, "NA", "99.999.999.999.999.999,99",
]  # fmt: skip
DATES = [
    dt.datetime(2022, 9, 1),
    dt.datetime(2022, 9, 1, 14, 30),
    None,
    dt.datetime(1969, 12, 31, 12),
]
COLUMNS = [
    (TRAJECTEN, "traject_id"), (TRAJECTEN, "oproep"), (TRAJECTEN, "aanbiedend"),
    (TRAJECTEN, "vragend"), (TRAJECTEN, "vorm"), (TRAJECTEN, "themas"), (TRAJECTEN, "startdatum"),
    (TRAJECTEN, "einddatum"), (TRAJECTEN, "expert_ids"), (TRAJECTEN, "geplande_uren"),
    (TRAJECTEN, "omschrijving"), (EXPERTS, "financiering"), (EVALUATIES, "tevredenheid"),
    (EVALUATIES, "meerwaarde"), (BUDGET, "beschikbaar"), (FINANCIEN, "bedrag"),
    (FINANCIEN, "begunstigde"),
]  # fmt: skip


def as_calamine(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def outcome(column, cells, special):
    typed = type_column(column, cells, special)
    failed = typed.failed.to_pylist()
    causes = []
    for position in failed:
        error, _ = typed.describe(position)
        causes.append(None if error is None else (error.key, error.values))
    return typed.values.to_pylist(), failed, causes


@pytest.mark.parametrize(("sheet", "field"), COLUMNS, ids=[f for _, f in COLUMNS])
@pytest.mark.parametrize(
    ("arrow", "cells"),
    [
        (pa.array(NUMBERS, pa.float64()), NUMBERS),
        (pa.array(TEXTS, pa.string()), TEXTS),
        (pa.array(DATES, pa.timestamp("ms")), [as_calamine(d) for d in DATES]),
        (pa.nulls(3), [None, None, None]),
    ],
    ids=["numbers", "texts", "dates", "empty"],
)
def test_in_bulk_as_cell_by_cell(sheet, field, arrow, cells):
    column = sheet.column(field)
    special = {1: FORMULA_WITHOUT_VALUE, 2: ExcelError("#REF!")} if len(cells) > 3 else {}
    assert outcome(column, arrow, special) == outcome(column, list(cells), special)


def test_only_the_failed_cells_come_back_in_row_order():
    column = TRAJECTEN.column("oproep")
    typed = type_column(
        column, pa.array([2022.0, None, 1999.0, 2023.0, 2040.0]), {3: ExcelError("#N/A")}
    )
    assert typed.values.to_pylist() == [2022, None, None, None, None]
    assert typed.failed.to_pylist() == [1, 2, 3, 4]  # 1: a required cell left empty
    assert [e and e.key for e, _ in map(typed.describe, [1, 2, 3, 4])] == [
        None,
        "waarde.jaar",
        "waarde.excel_fout",
        "waarde.jaar",
    ]
