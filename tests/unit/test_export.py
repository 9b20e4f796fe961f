"""Table exports: title, notes, a bold frozen header on the right row, Belgian money format,
and text that would run as a formula neutralised, in .xlsx and .csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import numpy as np
import openpyxl

from wisselaar.export import table_to_csv, table_to_xlsx

COLUMNS = ["Naam", "Bedrag", "Datum", "Thema's"]
ROWS = [
    ["=1+1", Decimal("182044.00"), dt.date(2022, 5, 25), np.array(["a", "b"], dtype=object)],
    ["@SUM(A1)", Decimal("0.30"), None, ["+x", "y"]],
    ["-2", None, dt.date(2024, 1, 1), []],
]


def test_xlsx_has_title_notes_and_a_bold_frozen_header():
    data = table_to_xlsx(
        COLUMNS, ROWS, title="Budget", notes=["Stand van: nu"], money_columns=["Bedrag"]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "Budget" and sheet["A2"].value == "Stand van: nu"
    assert sheet["A3"].value is None
    assert [c.value for c in sheet[4]] == COLUMNS
    assert all(c.font.bold for c in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet["B5"].value == 182044 and "€" in sheet["B5"].number_format
    assert sheet["C5"].value.date() == dt.date(2022, 5, 25)
    assert sheet["D5"].value == "a; b"


def test_formula_like_text_never_computes():
    sheet = openpyxl.load_workbook(io.BytesIO(table_to_xlsx(COLUMNS, ROWS, title="t"))).active
    assert [sheet.cell(row=r, column=1).value for r in (4, 5, 6)] == ["'=1+1", "'@SUM(A1)", "'-2"]
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in (4, 5, 6))
    assert sheet["D4"].value == "a; b" and sheet["D5"].value == "'+x; y"
    text = table_to_csv(COLUMNS, ROWS).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == COLUMNS
    assert rows[1] == ["'=1+1", "182044,00", "25/05/2022", "a; b"]
    assert rows[2][0] == "'@SUM(A1)" and rows[2][3] == "'+x; y"


def test_the_english_csv_uses_commas_and_decimal_points():
    text = table_to_csv(
        ["Name", "Amount", "Date"],
        [["x", Decimal("182044.50"), dt.date(2022, 5, 25)]],
        notes=["Budget"],
        lang="en",
    ).decode("utf-8")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=","))
    assert lines == [["Budget"], [], ["Name", "Amount", "Date"], ["x", "182044.50", "25/05/2022"]]
    dutch = table_to_csv(["Naam", "Bedrag"], [["x", Decimal("182044.50")]]).decode("utf-8")
    assert dutch.splitlines()[-1] == "x;182044,50"
