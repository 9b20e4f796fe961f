"""The empty upload workbook (CONTRACT.md section 3, `template OUT.xlsx`), built from `schema`.

Every sheet, header, drop-down list and rule text comes from the declaration in `schema`, so
the template, the validator and the documentation cannot drift apart. The validations in the
empty rows only nudge: where the contract accepts text (dates, decimal commas, amounts) they
warn or inform instead of blocking, because the importer is the authority.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wisselaar.i18n import catalogue, t
from wisselaar.schema import REFERENCES, SHEET_BY_TABLE, SHEETS, YEAR_RANGE, Column, Kind, Sheet

LAST_ROW = 10_000  # validations and formats cover rows 2..LAST_ROW
AUTHOR = "Wisselaar"
REQUIRED_FILL = PatternFill("solid", fgColor="FFE699")  # light amber; never the only signal
OPTIONAL_FILL = PatternFill("solid", fgColor="EDEDED")
TABLE_FILL = PatternFill("solid", fgColor="D9E1F2")
BOLD = Font(bold=True)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNDERLINE = Border(bottom=Side(style="thin"))
DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = '"€ "#,##0.00'  # separators follow the reader's locale: € 1.234,56 in nl-BE
NUMBER_FORMATS = {Kind.DATE: DATE_FORMAT, Kind.AMOUNT: AMOUNT_FORMAT, Kind.YEAR: "0"}
KIND_WIDTHS = {Kind.GEMEENTE: 22, Kind.BEGUNSTIGDE: 22, Kind.AMOUNT: 16, Kind.DATE: 14}
# Explanation sheet: column, type, required, rules, allowed values (widths in characters).
EXPLANATION_WIDTHS = (24, 22, 11, 62, 34)
MAX_LIST_FORMULA = 255  # Excel's limit on an inline list


def column_type(column: Column, lang: str = "nl") -> str:
    """The type of a column in words ("datum", "lijst (gemeente)")."""
    name = t(f"sjabloon.type.{column.kind.name.lower()}", lang)
    return t("sjabloon.type.lijst", lang, soort=name) if column.is_list else name


def _number(value: object) -> str:
    return str(value).replace(".", ",")


def _bounds(column: Column, lang: str) -> list[str]:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None and not column.exclusive_minimum:
        return [t("sjabloon.regel.bereik", lang, min=_number(low), max=_number(high))]
    rules = []
    if low is not None:
        key = "groter_dan" if column.exclusive_minimum else "minstens"
        rules.append(t(f"sjabloon.regel.{key}", lang, min=_number(low)))
    if high is not None:
        rules.append(t("sjabloon.regel.hoogstens", lang, max=_number(high)))
    return rules


def _form(column: Column, lang: str) -> list[str]:
    """The accepted forms of one value of the column (CONTRACT.md, "Accepted forms")."""
    if column.kind is Kind.YEAR:
        return [t("sjabloon.regel.jaar", lang, min=YEAR_RANGE[0], max=YEAR_RANGE[1])]
    if column.kind is Kind.CHOICE:
        return [t("sjabloon.regel.keuze_lijst" if column.is_list else "sjabloon.regel.keuze", lang)]
    keys = {
        Kind.INTEGER: "geheel_getal",
        Kind.NUMBER: "getal",
        Kind.AMOUNT: "bedrag",
        Kind.DATE: "datum",
        Kind.GEMEENTE: "gemeente",
        Kind.BEGUNSTIGDE: "begunstigde",
    }
    return [t(f"sjabloon.regel.{keys[column.kind]}", lang)] if column.kind in keys else []


def _references(sheet: Sheet, column: Column, lang: str) -> list[str]:
    rules = []
    for ref in REFERENCES:
        if ref.sheet != sheet.table or column.field not in ref.fields:
            continue
        target = SHEET_BY_TABLE[ref.target]
        if len(ref.fields) > 1:
            headers = ", ".join(sheet.column(f).header for f in ref.fields)
            rule = t("sjabloon.regel.verwijzing_samen", lang, kolommen=headers, blad=target.name)
        else:
            key = "verwijzing_lijst" if column.is_list else "verwijzing"
            header = target.column(ref.target_fields[0]).header
            rule = t(f"sjabloon.regel.{key}", lang, blad=target.name, kolom=header)
        if ref.ignore_case:
            rule += ", " + t("sjabloon.regel.zonder_hoofdletters", lang)
        rules.append(rule)
    return rules


def column_rules(sheet: Sheet, column: Column, lang: str = "nl") -> str:
    """The rules of one column in words, e.g. "getal; ...; >= 0" (without the allowed values)."""
    rules = _form(column, lang)
    if column.is_list:
        rules.append(t("sjabloon.regel.lijst", lang))
    rules += _bounds(column, lang)
    if column.unique:
        key = "uniek_hoofdletters" if column.unique_ignoring_case else "uniek"
        rules.append(t(f"sjabloon.regel.{key}", lang))
    if len(sheet.key) > 1 and column.field in sheet.key:
        headers = ", ".join(sheet.column(f).header for f in sheet.key)
        rules.append(t("sjabloon.regel.samen_uniek", lang, kolommen=headers))
    rules += _references(sheet, column, lang)
    extra = f"sjabloon.extra.{sheet.table}.{column.field}"
    if extra in catalogue("nl"):
        rules.append(t(extra, lang))
    return "; ".join(rules)


def _validation(column: Column, lang: str) -> DataValidation | None:
    """The data validation of a column's empty rows, or None where none helps."""
    rule: dict[str, str] = {}
    if column.kind is Kind.CHOICE and not column.is_list:
        if any("," in c or '"' in c for c in column.choices):
            raise ValueError(f"{column.header}: a choice holds a comma or a quote")
        formula = '"' + ",".join(column.choices) + '"'
        if len(formula) > MAX_LIST_FORMULA:
            raise ValueError(f"{column.header}: the choices exceed Excel's inline list limit")
        rule = {"type": "list", "formula1": formula, "errorStyle": "warning"}
        rule["error"] = t("sjabloon.validatie.keuze", lang)
    elif column.is_list:
        return None
    elif column.kind in (Kind.YEAR, Kind.INTEGER):
        low, high = YEAR_RANGE if column.kind is Kind.YEAR else (column.minimum, column.maximum)
        if low is None or high is None:
            return None
        grens = t("sjabloon.regel.bereik", lang, min=low, max=high)
        rule = {"type": "whole", "operator": "between", "formula1": str(low)}
        rule |= {"formula2": str(high), "errorStyle": "stop"}
        rule["error"] = t("sjabloon.validatie.geheel", lang, grens=grens)
    elif column.kind in (Kind.NUMBER, Kind.AMOUNT) and column.minimum is not None:
        operator = "greaterThan" if column.exclusive_minimum else "greaterThanOrEqual"
        rule = {"type": "decimal", "operator": operator, "formula1": str(column.minimum)}
        rule["errorStyle"] = "warning"
        rule["error"] = t("sjabloon.validatie.getal", lang, grens=" ".join(_bounds(column, lang)))
    elif column.kind is Kind.DATE:
        # "information" lets text such as 15/01/2023 through, as the contract accepts it.
        rule = {"type": "date", "operator": "greaterThan", "formula1": "1"}
        rule["errorStyle"] = "information"
        rule["error"] = t("sjabloon.validatie.datum", lang)
    else:
        return None
    title = t("sjabloon.validatie.titel", lang)
    return DataValidation(allow_blank=True, showErrorMessage=True, errorTitle=title, **rule)


def _column_width(column: Column) -> float:
    width = max(len(column.header) + 4, KIND_WIDTHS.get(column.kind, 14))
    if column.choices and not column.is_list:
        width = max(width, max(len(c) for c in column.choices) + 4)
    return min(width + (12 if column.is_list else 0), 45)


def _data_sheet(ws: Worksheet, sheet: Sheet, lang: str) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = WRAP_TOP
        note = [t("sjabloon.verplicht" if column.required else "sjabloon.niet_verplicht", lang)]
        note.append(column_rules(sheet, column, lang))
        if column.choices:
            note.append(t("sjabloon.waarden", lang, waarden=", ".join(column.choices)))
        text = "\n".join(part for part in note if part)
        cell.comment = Comment(text, AUTHOR, height=40 + 16 * math.ceil(len(text) / 40), width=300)
        dimension = ws.column_dimensions[letter]
        dimension.width = _column_width(column)
        if column.kind in NUMBER_FORMATS and not column.is_list:
            dimension.number_format = NUMBER_FORMATS[column.kind]
        validation = _validation(column, lang)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _explanation_sheet(ws: Worksheet, lang: str) -> None:
    for index, width in enumerate(EXPLANATION_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(EXPLANATION_WIDTHS))
    ws["A1"] = t("sjabloon.titel", lang)
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    intro = ("werkboek", "vervangen", "geheel", "kolommen", "gemeenten")
    line = sum(EXPLANATION_WIDTHS)
    for key in intro:
        text = t(f"sjabloon.intro_{key}", lang)
        ws.cell(row=row, column=1, value=text).alignment = WRAP_TOP
        ws.merge_cells(f"A{row}:{last}{row}")  # a merged row does not grow by itself
        ws.row_dimensions[row].height = 15 * math.ceil(len(text) * 1.15 / line) + 4
        row += 1
    headings = ("kolom", "type", "verplicht", "regels", "waarden")
    for sheet in SHEETS:
        row += 1
        heading = ws.cell(row=row, column=1, value=t("sjabloon.kop_blad", lang, blad=sheet.name))
        heading.font = Font(bold=True, size=12)
        row += 1
        for index, key in enumerate(headings, start=1):
            cell = ws.cell(row=row, column=index, value=t(f"sjabloon.kop_{key}", lang))
            cell.font, cell.fill, cell.border = BOLD, TABLE_FILL, UNDERLINE
        for column in sheet.columns:
            row += 1
            values = (
                column.header,
                column_type(column, lang),
                t("sjabloon.ja" if column.required else "sjabloon.nee", lang),
                column_rules(sheet, column, lang),
                "\n".join(column.choices),
            )
            for index, value in enumerate(values, start=1):
                ws.cell(row=row, column=index, value=value or None).alignment = WRAP_TOP
        row += 1
    _print_setup(ws)


def build_template(lang: str = "nl") -> openpyxl.Workbook:
    """The empty upload workbook: the explanation sheet, then one sheet per declared sheet."""
    workbook = openpyxl.Workbook()
    explanation = workbook.active
    assert explanation is not None
    explanation.title = t("sjabloon.blad_toelichting", lang)
    _explanation_sheet(explanation, lang)
    for sheet in SHEETS:
        _data_sheet(workbook.create_sheet(sheet.name), sheet, lang)
    workbook.active = 0
    return workbook


def write_template(path: Path | BinaryIO, lang: str = "nl") -> None:
    """Writes the empty upload workbook to a path or a binary stream."""
    build_template(lang).save(path)
