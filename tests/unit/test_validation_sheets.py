"""One bad workbook per rule about sheets, headers, rows and uniqueness, and the warnings
(CONTRACT.md section 2): refused whole with a Dutch message, or accepted with warnings."""

from __future__ import annotations

import dataclasses
import json

import openpyxl
import pytest

from tests.validation_support import (
    accepted,
    assert_mentions,
    cell_error,
    figures,
    only_error,
    refused,
    save_formula_values,
    stored,
    texts,
)
from wisselaar.ingest import import_workbook
from wisselaar.store import Store, list_versions

SHEET_NAMES = ("Trajecten", "Experts", "Criteria", "Budget", "Financien", "Evaluaties")


def append_copy(sheet: str, row: int, changes: dict[str, object] | None = None):
    """A `change` that appends a copy of `row` (with some cells changed) to `sheet`."""

    def change(workbook: openpyxl.Workbook) -> None:
        ws = workbook[sheet]
        ws.append([cell.value for cell in ws[row]])
        for column, value in (changes or {}).items():
            ws[f"{column}{ws.max_row}"] = value

    return change


# -- sheets and columns ---------------------------------------------------------------------


def test_required_column_missing(settings, edit):
    result = refused(settings, edit(change=lambda wb: wb["Trajecten"].delete_cols(5)))
    # One error: the rows of Financien and Evaluaties that refer to Trajecten are not judged
    # against a sheet that could not be read.
    text = only_error(result)
    assert text == (
        "Blad 'Trajecten': de verplichte kolom 'Vorm' ontbreekt in rij 1; "
        "voeg ze toe (zie het sjabloon)."
    )


def test_optional_column_missing_is_fine(settings, edit):
    accepted(settings, edit(change=lambda wb: wb["Trajecten"].delete_cols(13)))
    assert set(stored(settings, "trajecten", "traject_id", "omschrijving").values()) == {None}


def test_required_cell_empty(settings, edit):
    result = refused(settings, edit([("Trajecten", "E3", None), ("Trajecten", "I4", "  ")]))
    assert texts(result.errors) == [
        "Blad 'Trajecten', rij 3, kolom 'Vorm': deze kolom is verplicht; vul een waarde in.",
        "Blad 'Trajecten', rij 4, kolom 'Status': deze kolom is verplicht; vul een waarde in.",
    ]


def _headers_only(workbook: openpyxl.Workbook) -> None:
    workbook["Criteria"].delete_rows(2, 10)


def test_known_sheet_without_data_rows(settings, edit):
    result = refused(settings, edit(keep=["Criteria"], change=_headers_only))
    text = only_error(result)
    assert_mentions(text, "Blad 'Criteria'", "geen gegevens", "Laat het blad weg", "terugzetten")


def test_known_sheet_without_data_rows_does_not_empty_the_stored_dataset(
    settings, edit, fixture_xlsx
):
    accepted(settings, fixture_xlsx)
    refused(settings, edit(change=_headers_only))
    assert len(stored(settings, "criteria", "code", "omschrijving")) == 3


def test_workbook_without_any_known_sheet(settings, edit):
    def rename(workbook: openpyxl.Workbook) -> None:
        for ws in workbook.worksheets:
            ws.title = f"Oud {ws.title}"

    result = refused(settings, edit(change=rename))
    text = only_error(result)
    assert_mentions(text, "geen enkel gekend blad", ", ".join(SHEET_NAMES), "sjabloon")
    assert len(result.warnings) == 6


def test_unknown_sheet_and_column_are_warnings_only(settings, edit):
    def extra(workbook: openpyxl.Workbook) -> None:
        workbook.create_sheet("Toelichting", 0)["A1"] = "Uitleg bij het sjabloon"
        workbook["Criteria"]["C1"] = "Opmerking"
        workbook["Criteria"]["C2"] = "wordt genegeerd"

    result = accepted(settings, edit(change=extra))
    warnings = texts(result.warnings)
    assert "Blad 'Toelichting': dit blad is geen gekend blad en wordt genegeerd." in warnings
    assert "Blad 'Criteria': de kolom 'Opmerking' is niet gekend en wordt genegeerd." in warnings
    with Store(settings.db_path).read() as con:
        kept = json.loads(list_versions(con)[0]["waarschuwingen"])
    assert kept == warnings  # the warnings are kept with the version


def test_sheet_twice(settings, edit):
    def twice(workbook: openpyxl.Workbook) -> None:
        workbook.copy_worksheet(workbook["Criteria"]).title = "criteria (kopie)"

    result = refused(settings, edit(change=twice))
    text = only_error(result)
    assert_mentions(text, "Blad 'criteria (kopie)'", "twee keer", "'Criteria'", "houd er één over")


def test_column_twice(settings, edit):
    result = refused(settings, edit([("Trajecten", "N1", "VORM")]))
    text = only_error(result)
    assert_mentions(text, "Blad 'Trajecten'", "kolom 'Vorm'", "twee keer", "houd er één over")


def test_headers_and_sheet_names_matched_loosely(settings, edit, fixture_xlsx, tmp_path):
    def loosely(workbook: openpyxl.Workbook) -> None:
        workbook["Financien"].title = "FINANCIËN"
        workbook["FINANCIËN"]["G1"] = "Bedrag (EUR)"
        workbook["Experts"]["G1"] = "financiering [€]"
        trajecten = workbook["Trajecten"]
        trajecten.title = "TRAJECTEN "
        trajecten["A1"] = "traject_id"
        trajecten["F1"] = "Thema’s"
        trajecten["J1"] = "EXPERT ID`S"
        trajecten["C1"] = "Aanbiedend–bestuur"  # an en dash
        workbook["Evaluaties"]["G1"] = " doelen-bereikt "
        workbook["Experts"]["D1"] = "In Dienst Sinds"
        workbook["Criteria"]["B1"] = "Ómschrijving"

    result = accepted(settings, edit(change=loosely))
    assert len(result.warnings) == 2  # only the two warnings of the fixture's amounts
    plain = dataclasses.replace(settings, db_path=tmp_path / "plain.duckdb")
    import_workbook(plain, fixture_xlsx, user="test")
    loose_figures, plain_figures = figures(settings), figures(plain)
    assert loose_figures and plain_figures
    del loose_figures["stand_van"], plain_figures["stand_van"]
    assert loose_figures == plain_figures


# -- rows -----------------------------------------------------------------------------------


def _empty_rows(workbook: openpyxl.Workbook) -> None:
    workbook["Trajecten"].insert_rows(3, 2)
    workbook["Evaluaties"].append([])
    workbook["Evaluaties"].append([None, "  "])


def test_empty_rows_are_skipped(settings, edit):
    result = accepted(settings, edit(change=_empty_rows))
    assert result.counts["Trajecten"] == 7
    assert result.counts["Evaluaties"] == 6


def test_rows_keep_their_excel_number_past_empty_rows(settings, edit):
    def wrong_year_below_empty_rows(workbook: openpyxl.Workbook) -> None:
        _empty_rows(workbook)
        workbook["Trajecten"]["B7"] = 2019  # W1-04: row 5, two empty rows above it

    result = refused(settings, edit(change=wrong_year_below_empty_rows))
    cell_error(result, "Trajecten", 7, "Oproep", "2019", "2021 tot en met 2030")


# -- formulas -------------------------------------------------------------------------------


def test_formula_counts_with_its_saved_value(settings, edit):
    path = edit([("Budget", "C3", "=100000+50000"), ("Trajecten", "M3", '="Stage "&"in Gent"')])
    save_formula_values(path, {("Budget", "C3"): 150000, ("Trajecten", "M3"): "Stage in Gent"})
    accepted(settings, path)
    assert str(stored(settings, "budget", "begrotingsjaar", "beschikbaar")[2022]) == "150000.00"
    assert stored(settings, "trajecten", "traject_id", "omschrijving")["W1-02"] == "Stage in Gent"


@pytest.mark.parametrize(
    ("cell", "column"), [("C3", "Beschikbaar"), ("D3", "Toelichting")], ids=["required", "optional"]
)
def test_formula_without_saved_value(settings, edit, cell, column):
    # openpyxl, like many scripts, writes a formula without computing its value.
    result = refused(settings, edit([("Budget", cell, "=100000+50000")]))
    cell_error(result, "Budget", 3, column, "=…", "geen opgeslagen waarde", "herberekenen")


# -- uniqueness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "row", "changes", "new_row", "column", "value"),
    [
        # same ID, other parties: the evaluations of W1-01 are not judged against either
        ("Trajecten", 2, {"C": "Genk", "D": "Hasselt"}, 9, "Traject-ID", "W1-01"),
        ("Experts", 5, {}, 6, "Expert-ID", "E4"),
        ("Criteria", 2, {"A": "c1"}, 5, "Code", "c1"),
        ("Budget", 3, {"C": 10}, 6, "Begrotingsjaar + Budgetlijn", "2022 + Projectsubsidies"),
        ("Financien", 5, {"G": 1}, 15, "Boeking-ID", "B04"),
        ("Evaluaties", 2, {}, 8, "Evaluatie-ID", "EV1"),
    ],
)
def test_unique_values(settings, edit, sheet, row, changes, new_row, column, value):
    result = refused(settings, edit(change=append_copy(sheet, row, changes)))
    cell_error(result, sheet, new_row, column, value, f"komt al voor in rij {row}")


def test_criteria_codes_differing_in_case_only_are_one_code(settings, edit):
    result = refused(settings, edit([("Criteria", "A3", "c1"), ("Experts", "E2", "C1")]))
    cell_error(result, "Criteria", 3, "Code", "c1", "komt al voor in rij 2", "eigen waarde")


# -- several errors -------------------------------------------------------------------------


def test_all_errors_over_all_sheets_are_reported_and_nothing_is_stored(settings, edit):
    edits = [
        ("Trajecten", "B2", 2031),
        ("Trajecten", "E3", "coaching"),
        ("Experts", "G2", 12.345),
        ("Criteria", "B3", None),
        ("Budget", "C2", "veel"),
        ("Financien", "F3", "gift"),
        ("Evaluaties", "F2", 9),
    ]
    result = refused(settings, edit(edits))
    found = [(issue.sheet, issue.row, issue.column) for issue in result.errors]
    assert found == [
        ("Trajecten", 2, "Oproep"),
        ("Trajecten", 3, "Vorm"),
        ("Experts", 2, "Financiering"),
        ("Criteria", 3, "Omschrijving"),
        ("Budget", 2, "Beschikbaar"),
        ("Financien", 3, "Soort"),
        ("Evaluaties", 2, "Tevredenheid"),
    ]
    assert all(text.startswith("Blad '") for text in texts(result.errors))


# -- warnings -------------------------------------------------------------------------------


def test_amount_warnings_name_the_trajectory_and_amounts(settings, fixture_xlsx):
    result = accepted(settings, fixture_xlsx)
    assert texts(result.warnings) == [
        "Blad 'Financien': aan traject 'W1-03' is in totaal € 60.000,00 toegekend, "
        "meer dan het plafond van € 50.000,00 per project.",
        "Blad 'Financien': voor traject 'W1-03' is meer uitbetaald (€ 65.000,50) "
        "dan toegekend (€ 60.000,00).",
    ]
    assert figures(settings) is not None


def test_exactly_the_ceiling_is_no_warning(settings, edit):
    result = accepted(settings, edit([("Financien", "G11", 50000)]))
    assert texts(result.warnings) == [
        "Blad 'Financien': voor traject 'W1-03' is meer uitbetaald (€ 65.000,50) "
        "dan toegekend (€ 50.000,00)."
    ]


def test_ceiling_is_a_setting(settings, fixture_xlsx):
    higher = dataclasses.replace(settings, subsidie_plafond_eur=60000)
    result = accepted(higher, fixture_xlsx)
    assert [w.key for w in result.warnings] == ["waarschuwing.meer_betaald"]
