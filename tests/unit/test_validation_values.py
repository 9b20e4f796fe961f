"""One bad workbook per accepted form of a value (CONTRACT.md section 2, "Accepted forms").

Each test changes one thing in the fixture workbook, imports it with `import_workbook`, and
checks that a wrong value refuses the whole upload, stores nothing, and gets a Dutch message
naming the sheet, the Excel row, the column, the value and what would be right; and that the
accepted forms are stored as the contract says.

Fixture rows: Trajecten 2-8 = W1-01, W1-02, W1-03, W1-04, W2-01, W2-02, W2-03; Experts 2-5 =
E1-E4; Financien 2-14 = B01-B13; Evaluaties 2-7 = EV1-EV6.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.validation_support import (
    accepted,
    assert_mentions,
    cell_error,
    only_error,
    plain_number,
    refused,
    stored,
)

# -- text and IDs ---------------------------------------------------------------------------


def test_number_cell_id_is_written_without_fraction(settings, edit):
    accepted(settings, edit([("Experts", "A5", 101.0), ("Trajecten", "J4", "101")]))
    assert "101" in stored(settings, "experts", "expert_id", "werkgever")
    assert stored(settings, "trajecten", "traject_id", "expert_ids")["W1-03"] == ["101"]


def test_ids_are_compared_case_sensitively(settings, edit):
    result = refused(settings, edit([("Trajecten", "J4", "e4")]))
    cell_error(result, "Trajecten", 4, "Expert-ID's", "e4", "blad 'Experts'", "voeg ze daar toe")


# -- year -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "shown"), [(2031, "2031"), (2020, "2020"), ("twintig", "twintig")])
def test_year_outside_2021_2030_or_not_a_year(settings, edit, raw, shown):
    result = refused(settings, edit([("Trajecten", "B3", raw)]))
    cell_error(result, "Trajecten", 3, "Oproep", shown, "van 2021 tot en met 2030", "vul")


def test_year_as_text_or_whole_float(settings, edit):
    accepted(settings, edit([("Trajecten", "B2", "2022.0"), ("Trajecten", "B3", 2022.0)]))
    oproep = stored(settings, "trajecten", "traject_id", "oproep")
    assert (oproep["W1-01"], oproep["W1-02"], oproep["W1-03"]) == (2022, 2022, 2022)


def test_budget_year_in_range_too(settings, edit):
    result = refused(settings, edit([("Budget", "A5", 2031)]))
    cell_error(result, "Budget", 5, "Begrotingsjaar", "2031", "2021 tot en met 2030")


# -- whole number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown", "remedy"),
    [
        (6, "6", "mag hoogstens 5 zijn"),
        (0, "0", "moet minstens 1 zijn"),
        (3.5, "3,5", "vul een getal zonder decimalen in"),
    ],
)
def test_tevredenheid_whole_number_1_to_5(settings, edit, raw, shown, remedy):
    result = refused(settings, edit([("Evaluaties", "F3", raw)]))
    cell_error(result, "Evaluaties", 3, "Tevredenheid", shown, remedy)


def test_tevredenheid_as_text(settings, edit):
    accepted(settings, edit([("Evaluaties", "F3", "2")]))
    assert stored(settings, "evaluaties", "evaluatie_id", "tevredenheid")["EV2"] == 2


# -- number ---------------------------------------------------------------------------------


def test_negative_hours(settings, edit):
    result = refused(settings, edit([("Trajecten", "K2", -1)]))
    cell_error(result, "Trajecten", 2, "Geplande uren", "-1", "minstens 0")


def test_hours_that_are_no_number(settings, edit):
    result = refused(settings, edit([("Trajecten", "L2", "veel")]))
    cell_error(result, "Trajecten", 2, "Gepresteerde uren", "veel", "komma", "12,5")


def test_hours_as_text_with_decimal_comma(settings, edit):
    accepted(settings, edit([("Trajecten", "K2", "12,5")]))
    assert stored(settings, "trajecten", "traject_id", "geplande_uren")["W1-01"] == 12.5


# -- bedrag ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.30000000000000004, "0.30"),
        ("€ 1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234", "1234.00"),
        (12500, "12500.00"),
    ],
)
def test_amount_forms_stored_exactly(settings, edit, raw, expected):
    accepted(settings, edit([("Experts", "G2", raw)]))
    value = stored(settings, "experts", "expert_id", "financiering")["E1"]
    assert isinstance(value, Decimal)
    assert str(value) == expected


def test_amount_with_more_than_cents(settings, edit):
    result = refused(settings, edit([("Experts", "G2", 12.345)]))
    cell_error(result, "Experts", 2, "Financiering", "12,345", "hoogstens twee decimalen", "rond")


def test_amount_text_with_decimal_point(settings, edit):
    result = refused(settings, edit([("Experts", "G3", "12.50")]))
    cell_error(result, "Experts", 3, "Financiering", "12.50", "€ 1.234,56", "1234,56")


def test_negative_financiering(settings, edit):
    result = refused(settings, edit([("Experts", "G5", -5)]))
    cell_error(result, "Experts", 5, "Financiering", "-5", "minstens 0")


def test_bedrag_must_be_above_zero(settings, edit):
    result = refused(settings, edit([("Financien", "G2", 0)]))
    cell_error(result, "Financien", 2, "Bedrag", "0", "groter zijn dan 0")


def test_beschikbaar_zero_is_allowed(settings, edit):
    accepted(settings, edit([("Budget", "C2", "0,00")]))
    budget = stored(settings, "budget", "begrotingsjaar", "beschikbaar")
    assert budget[2021] == budget[2024] == Decimal("0.00")


# -- datum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["01/09/2022", "1/9/2022", "2022-09-01", dt.datetime(2022, 9, 1, 14, 30)]
)
def test_date_forms(settings, edit, raw):
    accepted(settings, edit([("Trajecten", "G2", raw)]))
    start = stored(settings, "trajecten", "traject_id", "startdatum")["W1-01"]
    assert start == dt.date(2022, 9, 1)
    assert type(start) is dt.date  # a date-time loses its time


def test_date_that_does_not_exist(settings, edit):
    result = refused(settings, edit([("Trajecten", "H2", "31/02/2023")]))
    cell_error(result, "Trajecten", 2, "Einddatum", "31/02/2023", "dd/mm/jjjj", "datumcel")


def test_bare_number_is_no_date(settings, edit):
    result = refused(settings, edit(change=plain_number("Trajecten", "H2", 45000)))
    cell_error(result, "Trajecten", 2, "Einddatum", "45000", "los getal", "datumcel")


def test_required_date_empty(settings, edit):
    result = refused(settings, edit([("Financien", "H4", None)]))
    text = only_error(result)
    assert_mentions(text, "Blad 'Financien'", "rij 4", "kolom 'Datum'", "verplicht", "vul")


# -- keuzelijst -----------------------------------------------------------------------------


def test_choices_matched_like_headers_and_stored_as_the_contract_writes_them(settings, edit):
    edits = [
        ("Trajecten", "E2", "Mentoring"),
        ("Trajecten", "E3", "OP MAAT"),
        ("Trajecten", "E4", "Op-maat"),
        ("Trajecten", "I2", " Afgerond "),
        ("Experts", "F3", "EIGEN MIDDELEN"),
        ("Experts", "F5", "europese_middelen"),
    ]
    accepted(settings, edit(edits))
    vorm = stored(settings, "trajecten", "traject_id", "vorm")
    assert [vorm[t] for t in ("W1-01", "W1-02", "W1-03")] == ["mentoring", "op maat", "op maat"]
    assert stored(settings, "trajecten", "traject_id", "status")["W1-01"] == "afgerond"
    bron = stored(settings, "experts", "expert_id", "financieringsbron")
    assert (bron["E2"], bron["E4"]) == ("eigen middelen", "Europese middelen")


def test_choice_not_allowed_lists_the_allowed_values(settings, edit):
    result = refused(settings, edit([("Trajecten", "E2", "coaching")]))
    cell_error(
        result,
        "Trajecten",
        2,
        "Vorm",
        "coaching",
        "kies uit: mentoring, stage, combinatie, op maat",
    )


# -- lijst ----------------------------------------------------------------------------------


def test_list_items_trimmed_without_empties_and_duplicates(settings, edit):
    edits = [
        ("Trajecten", "F2", " lokale regie ;; Participatie; participatie ;"),
        ("Trajecten", "J3", "E2; ;E3;E2"),
        ("Trajecten", "J2", " ; "),  # an optional list of only separators is empty
        ("Evaluaties", "H2", "netwerk;Netwerk ; kennisopbouw"),
    ]
    accepted(settings, edit(edits))
    themas = stored(settings, "trajecten", "traject_id", "themas")
    assert themas["W1-01"] == ["lokale regie", "participatie"]
    experts = stored(settings, "trajecten", "traject_id", "expert_ids")
    assert (experts["W1-02"], experts["W1-01"]) == (["E2", "E3"], None)
    meerwaarde = stored(settings, "evaluaties", "evaluatie_id", "meerwaarde")
    assert meerwaarde["EV1"] == ["netwerk", "kennisopbouw"]


def test_vragend_duplicates_dropped_after_resolution(settings, edit):
    # "Aalst", "aalst" and 41002 are one municipality: it is one vragend bestuur.
    accepted(settings, edit([("Trajecten", "D3", "Aalst; Melle; aalst; 41002")]))
    assert stored(settings, "trajecten", "traject_id", "vragend")["W1-02"] == ["41002", "44040"]


def test_list_names_the_wrong_item(settings, edit):
    result = refused(settings, edit([("Trajecten", "F2", "lokale regie; armoede")]))
    cell_error(result, "Trajecten", 2, "Thema's", "armoede", "kies uit: lokale regie, participatie")


def test_required_list_of_only_separators(settings, edit):
    result = refused(settings, edit([("Trajecten", "F2", " ; ;")]))
    cell_error(result, "Trajecten", 2, "Thema's", " ; ;", "puntkomma")


# -- gemeente -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["12025", 12025, 12025.0, "12025.0", "Malines", "MECHELEN"])
def test_gemeente_as_code_or_dutch_or_french_name(settings, edit, raw):
    accepted(settings, edit([("Trajecten", "C2", raw)]))
    assert stored(settings, "trajecten", "traject_id", "aanbiedend")["W1-01"] == "12025"


def test_brussels_municipality_is_not_flemish(settings, edit):
    result = refused(settings, edit([("Trajecten", "C3", "Elsene")]))
    text = cell_error(result, "Trajecten", 3, "Aanbiedend bestuur", "Elsene", "geen Vlaamse")
    assert_mentions(text, "Brussels Hoofdstedelijk Gewest", "vul een Vlaamse gemeente in")


def test_walloon_code_is_not_flemish(settings, edit):
    result = refused(settings, edit([("Trajecten", "D2", "Leuven; 92094")]))
    cell_error(result, "Trajecten", 2, "Vragend bestuur", "92094", "geen Vlaamse", "Waals Gewest")


def test_unknown_name_suggests_the_closest(settings, edit):
    result = refused(settings, edit([("Trajecten", "C3", "Gentt")]))
    text = cell_error(result, "Trajecten", 3, "Aanbiedend bestuur", "Gentt", "Bedoelde u")
    assert_mentions(text, "Gent")


def test_melle_in_a_2025_trajectory(settings, edit):
    start = dt.date(2025, 3, 1)
    result = refused(settings, edit([("Trajecten", "G7", start), ("Trajecten", "D7", "Melle")]))
    text = cell_error(result, "Trajecten", 7, "Vragend bestuur", "Melle", "01/03/2025")
    assert_mentions(text, "sinds 1 januari 2025", "Merelbeke-Melle")


def test_merelbeke_melle_in_2025_accepted(settings, edit):
    start = dt.date(2025, 3, 1)
    edits = [("Trajecten", "G7", start), ("Trajecten", "D7", "Merelbeke-Melle")]
    accepted(settings, edit(edits))
    assert stored(settings, "trajecten", "traject_id", "vragend")["W2-02"] == ["44088"]


def test_merelbeke_melle_before_2025_refused(settings, edit):
    result = refused(settings, edit([("Trajecten", "D7", "Merelbeke-Melle")]))
    text = cell_error(result, "Trajecten", 7, "Vragend bestuur", "Merelbeke-Melle", "10/01/2024")
    assert_mentions(text, "pas sinds 1 januari 2025", "Melle of Merelbeke")


@pytest.mark.parametrize(
    ("start", "nis"), [(dt.date(2023, 5, 1), "37015"), (dt.date(2025, 5, 1), "37022")]
)
def test_tielt_depends_on_the_startdatum(settings, edit, start, nis):
    accepted(settings, edit([("Trajecten", "G7", start), ("Trajecten", "D7", "Tielt")]))
    assert stored(settings, "trajecten", "traject_id", "vragend")["W2-02"] == [nis]


def test_begunstigde_is_vvsg_in_any_case_or_a_gemeente_on_its_datum(settings, edit):
    accepted(settings, edit([("Financien", "D2", "Vvsg"), ("Financien", "D5", "Malines")]))
    begunstigde = stored(settings, "financien", "boeking_id", "begunstigde")
    assert (begunstigde["B01"], begunstigde["B03"], begunstigde["B04"]) == ("VVSG", "VVSG", "12025")


def test_begunstigde_melle_paid_in_2025(settings, edit):
    edits = [("Financien", "D8", "Melle"), ("Financien", "H8", dt.date(2025, 2, 1))]
    result = refused(settings, edit(edits))
    cell_error(result, "Financien", 8, "Begunstigde", "Melle", "01/02/2025", "Merelbeke-Melle")


def test_evaluatie_bestuur_resolved_on_the_startdatum_of_its_trajectory(settings, edit):
    # W1-02 now starts in 2025: its vragend Melle became Merelbeke-Melle. EV4 (row 5) is dated
    # 2023, but its Bestuur is read on the trajectory's Startdatum.
    moved = [("Trajecten", "G3", dt.date(2025, 1, 10)), ("Trajecten", "D3", "Aalst; 44088")]
    result = refused(settings, edit(moved))
    text = cell_error(result, "Evaluaties", 5, "Bestuur", "Melle", "10/01/2025")
    assert_mentions(text, "Merelbeke-Melle")
    accepted(settings, edit([*moved, ("Evaluaties", "C5", "Merelbeke-Melle")]))
    assert stored(settings, "evaluaties", "evaluatie_id", "bestuur")["EV4"] == "44088"
