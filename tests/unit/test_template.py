"""wisselaar.template: the empty upload workbook, generated from the schema declaration."""

from __future__ import annotations

import importlib
import importlib.util
import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from wisselaar.i18n import catalogue, t
from wisselaar.schema import SHEET_BY_TABLE, SHEETS, Column, Kind, Sheet
from wisselaar.template import build_template, column_rules, column_type, write_template

EXPLANATION = "Toelichting"


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sjabloon") / "sjabloon.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def workbook(template_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template_path)


def position(table: str, field: str) -> int:
    """The 1-based column index of a field in its sheet."""
    fields = [c.field for c in SHEET_BY_TABLE[table].columns]
    return fields.index(field) + 1


def validations_by_column(ws: Worksheet) -> dict[int, list]:
    """Column index -> the data validations whose range starts in that column at row 2."""
    found: dict[int, list] = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            assert (cell_range.min_row, cell_range.max_row) == (2, 10_000)
            assert cell_range.min_col == cell_range.max_col
            found.setdefault(cell_range.min_col, []).append(validation)
    return found


def explanation_rows(ws: Worksheet, lang: str = "nl") -> dict[tuple[str, str], tuple]:
    """(sheet name, column header) -> (type, required, rules, allowed values) of Toelichting."""
    headings = {t("sjabloon.kop_blad", lang, blad=s.name): s.name for s in SHEETS}
    answers = {t("sjabloon.ja", lang), t("sjabloon.nee", lang)}
    rows: dict[tuple[str, str], tuple] = {}
    current = None
    for values in ws.iter_rows(min_col=1, max_col=5, values_only=True):
        first = values[0]
        if first in headings:
            current = headings[first]
        elif current is not None and values[2] in answers:
            rows[(current, first)] = values[1:]
    return rows


def test_sheets_and_headers_in_declared_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [EXPLANATION] + [s.name for s in SHEETS]
    for sheet in SHEETS:
        ws = workbook[sheet.name]
        headers = [cell.value for cell in ws[1]]
        assert headers == [c.header for c in sheet.columns]
        assert ws.max_row == 1, "the template has no data rows"
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])


def test_required_headers_marked_by_fill_and_comment(workbook: openpyxl.Workbook) -> None:
    for sheet in SHEETS:
        ws = workbook[sheet.name]
        fills = {c.required: set() for c in sheet.columns}
        for column, cell in zip(sheet.columns, ws[1], strict=True):
            fills[column.required].add(cell.fill.fgColor.rgb)
            first_line = cell.comment.text.splitlines()[0]
            assert first_line == ("(verplicht)" if column.required else "(niet verplicht)")
        if len(fills) == 2:
            assert fills[True].isdisjoint(fills[False])


def test_single_choice_columns_have_a_drop_down_with_exactly_the_choices(
    workbook: openpyxl.Workbook,
) -> None:
    checked = 0
    for sheet in SHEETS:
        found = validations_by_column(workbook[sheet.name])
        for index, column in enumerate(sheet.columns, start=1):
            lists = [v for v in found.get(index, []) if v.type == "list"]
            if column.kind is Kind.CHOICE and not column.is_list:
                assert len(lists) == 1, column.header
                formula = lists[0].formula1
                assert formula.startswith('"') and formula.endswith('"')
                assert tuple(formula[1:-1].split(",")) == column.choices
                assert lists[0].showErrorMessage and lists[0].allow_blank
                assert not lists[0].showDropDown  # True would hide the arrow in Excel
                checked += 1
            else:
                assert lists == [], f"{sheet.name}.{column.header} must not be a drop-down"
    assert checked == sum(
        1 for s in SHEETS for c in s.columns if c.kind is Kind.CHOICE and not c.is_list
    )


def test_number_validations_and_formats(workbook: openpyxl.Workbook) -> None:
    trajecten = validations_by_column(workbook["Trajecten"])
    oproep = trajecten[position("trajecten", "oproep")][0]
    assert (oproep.type, oproep.formula1, oproep.formula2) == ("whole", "2021", "2030")
    assert oproep.error and "2030" in oproep.error
    startdatum = trajecten[position("trajecten", "startdatum")][0]
    assert startdatum.type == "date"
    assert startdatum.errorStyle == "information", "text dates such as 15/01/2023 stay enterable"
    evaluaties = workbook["Evaluaties"]
    tevredenheid = validations_by_column(evaluaties)[position("evaluaties", "tevredenheid")][0]
    assert (tevredenheid.formula1, tevredenheid.formula2) == ("1", "5")
    financien = workbook["Financien"]
    bedrag = validations_by_column(financien)[position("financien", "bedrag")][0]
    assert (bedrag.type, bedrag.operator, bedrag.errorStyle) == (
        "decimal",
        "greaterThan",
        "warning",
    )
    for sheet in SHEETS:
        ws = workbook[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            number_format = ws.column_dimensions[letter].number_format
            if column.kind is Kind.DATE:
                assert number_format == "dd/mm/yyyy"
            elif column.kind is Kind.AMOUNT:
                assert "€" in number_format and "0.00" in number_format


def test_explanation_lists_every_column_and_every_allowed_value(
    workbook: openpyxl.Workbook,
) -> None:
    ws = workbook[EXPLANATION]
    rows = explanation_rows(ws)
    assert set(rows) == {(s.name, c.header) for s in SHEETS for c in s.columns}
    for sheet in SHEETS:
        for column in sheet.columns:
            kind, required, rules, allowed = rows[(sheet.name, column.header)]
            assert kind == column_type(column)
            assert required == ("ja" if column.required else "nee")
            assert (rules or "") == column_rules(sheet, column)
            assert tuple((allowed or "").splitlines()) == column.choices
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    for phrase in ("vervangt", "ontbreekt", "als geheel", "(verplicht)"):
        assert phrase in text


@pytest.mark.parametrize(
    ("table", "field", "expected"),
    [
        ("trajecten", "oproep", "2021-2030"),
        ("trajecten", "expert_ids", "moet bestaan in blad Experts"),
        ("trajecten", "themas", "gescheiden door ;"),
        ("trajecten", "geplande_uren", ">= 0"),
        ("trajecten", "einddatum", "niet vóór de Startdatum"),
        ("experts", "criteria", "zonder onderscheid tussen hoofdletters"),
        ("financien", "bedrag", "> 0"),
        ("financien", "bedrag", "€ 1.234,56"),
        ("financien", "datum", "dd/mm/jjjj"),
        ("financien", "budgetlijn", "(Begrotingsjaar, Budgetlijn) moet bestaan in blad Budget"),
        ("financien", "begunstigde", "VVSG"),
        ("budget", "budgetlijn", "samen uniek"),
        ("criteria", "code", "uniek"),
        ("evaluaties", "tevredenheid", "van 1 tot en met 5"),
        ("evaluaties", "bestuur", "NIS-code"),
    ],
)
def test_column_rules(table: str, field: str, expected: str) -> None:
    sheet: Sheet = SHEET_BY_TABLE[table]
    column: Column = sheet.column(field)
    assert expected in column_rules(sheet, column)


def test_english_template_translates_text_but_not_headers() -> None:
    workbook = build_template("en")
    assert workbook.sheetnames == [EXPLANATION] + [s.name for s in SHEETS]
    assert [c.value for c in workbook["Financien"][1]] == [
        c.header for c in SHEET_BY_TABLE["financien"].columns
    ]
    rows = explanation_rows(workbook[EXPLANATION], "en")
    assert len(rows) == sum(len(s.columns) for s in SHEETS)
    bedrag = SHEET_BY_TABLE["financien"].column("bedrag")
    assert "at most two decimals" in column_rules(SHEET_BY_TABLE["financien"], bedrag, "en")


def test_catalogues_hold_the_same_template_keys_and_placeholders() -> None:
    def keys(lang: str) -> dict[str, set[str]]:
        return {
            key: set(re.findall(r"{(\w+)}", text))
            for key, text in catalogue(lang).items()
            if key.startswith("sjabloon.")
        }

    assert keys("nl") == keys("en")
    for key in keys("nl"):
        if key.startswith("sjabloon.validatie."):
            assert len(catalogue("nl")[key]) <= 255 - 40, "Excel limits a message to 255"


def test_write_to_a_stream_and_read_back_with_calamine(template_path: Path) -> None:
    buffer = io.BytesIO()
    write_template(buffer)
    assert buffer.getvalue()[:2] == b"PK"
    calamine = CalamineWorkbook.from_path(str(template_path))
    assert calamine.sheet_names == [EXPLANATION] + [s.name for s in SHEETS]
    for sheet in SHEETS:
        rows = calamine.get_sheet_by_name(sheet.name).to_python()
        assert rows[0] == [c.header for c in sheet.columns]


def test_the_reader_accepts_the_empty_template_headers(template_path: Path) -> None:
    if importlib.util.find_spec("wisselaar.xlsx_reader") is None:
        pytest.skip("wisselaar/xlsx_reader.py (the workbook reader) is not written yet")
    read_workbook = importlib.import_module("wisselaar.xlsx_reader").read_workbook
    parse_workbook = importlib.import_module("wisselaar.sheet_parsing").parse_workbook
    raw = read_workbook(template_path, max_file_bytes=50 * 2**20, max_unpacked_bytes=500 * 2**20)
    parsed = parse_workbook(raw)
    assert sorted((e.key, e.sheet) for e in parsed.errors) == sorted(
        ("validatie.blad_leeg", s.name) for s in SHEETS
    )
    assert [(w.key, w.sheet) for w in parsed.warnings] == [
        ("validatie.blad_genegeerd", EXPLANATION)
    ]
