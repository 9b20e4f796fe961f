"""wisselaar.values: one cell against its column (CONTRACT.md section 2, "Accepted forms")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wisselaar.issues import CellError
from wisselaar.schema import BUDGET, EVALUATIES, EXPERTS, FINANCIEN, TRAJECTEN
from wisselaar.sheet_reading import FORMULA_WITHOUT_VALUE, ExcelError
from wisselaar.values import CellParser, display, parse_amount, parse_date, parse_text


def parser(sheet, field):
    return CellParser(sheet.column(field))


def error_key(parse, raw) -> str:
    with pytest.raises(CellError) as caught:
        parse(raw)
    return caught.value.key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" W1-01 ", "W1-01"), (101.0, "101"), (101, "101"), (12.5, "12.5"), ("e1", "e1")],
)
def test_text_and_ids(raw, expected):
    assert parse_text(raw) == expected


def test_a_boolean_is_no_text():
    assert error_key(parser(TRAJECTEN, "traject_id"), True) == "waarde.tekst"


@pytest.mark.parametrize("raw", [2022, 2022.0, "2022", " 2022 ", "2022.0", "2022,0"])
def test_year_forms(raw):
    assert parser(TRAJECTEN, "oproep")(raw) == 2022


@pytest.mark.parametrize("raw", [2020, 2031, "twintig", 2022.5, "2022,5", True])
def test_year_out_of_range_or_not_a_year(raw):
    assert error_key(parser(TRAJECTEN, "oproep"), raw) == "waarde.jaar"


@pytest.mark.parametrize(
    ("raw", "key"),
    [(6, "waarde.hoogstens"), (0, "waarde.minstens"), (3.5, "waarde.geheel_getal")],
)
def test_whole_number_in_range(raw, key):
    assert error_key(parser(EVALUATIES, "tevredenheid"), raw) == key


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), ("5", 5), (4.0, 4)])
def test_whole_number_accepted(raw, expected):
    assert parser(EVALUATIES, "tevredenheid")(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("12,5", 12.5), (12.5, 12.5), (0, 0.0)])
def test_number(raw, expected):
    assert parser(TRAJECTEN, "geplande_uren")(raw) == expected


@pytest.mark.parametrize(("raw", "key"), [(-1, "waarde.minstens"), ("veel", "waarde.getal")])
def test_number_refused(raw, key):
    assert error_key(parser(TRAJECTEN, "geplande_uren"), raw) == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.30000000000000004, "0.30"),
        (0.1 + 0.2, "0.30"),
        (12500, "12500.00"),
        (182044.1, "182044.10"),
        ("€ 1.234,56", "1234.56"),
        ("€1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234", "1234.00"),
        ("1.234.567,5", "1234567.50"),
        ("100.000,00", "100000.00"),
        ("\u00a0€\u00a020.000,50 ", "20000.50"),
    ],
)
def test_amount_accepted_exactly(raw, expected):
    value = parse_amount(raw)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected  # two decimals, never a float


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (12.345, "waarde.bedrag_decimalen"),
        (0.301, "waarde.bedrag_decimalen"),
        ("12,345", "waarde.bedrag_decimalen"),
        ("12.50", "waarde.bedrag"),
        ("1,234.56", "waarde.bedrag"),
        ("12.34.56", "waarde.bedrag"),
        ("twaalf", "waarde.bedrag"),
        (True, "waarde.bedrag"),
    ],
)
def test_amount_refused(raw, key):
    with pytest.raises(CellError) as caught:
        parse_amount(raw)
    assert caught.value.key == key


def test_amount_ranges():
    assert error_key(parser(EXPERTS, "financiering"), -5) == "waarde.minstens"
    assert error_key(parser(EXPERTS, "financiering"), "-5,00") == "waarde.minstens"
    assert parser(EXPERTS, "financiering")(0) == Decimal("0.00")
    assert parser(BUDGET, "beschikbaar")(0) == Decimal("0.00")
    assert error_key(parser(FINANCIEN, "bedrag"), 0) == "waarde.groter_dan"
    assert parser(FINANCIEN, "bedrag")(0.01) == Decimal("0.01")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/01/2023", dt.date(2023, 1, 15)),
        ("2023-01-15", dt.date(2023, 1, 15)),
        ("1/2/2023", dt.date(2023, 2, 1)),
        (" 01/02/2023 ", dt.date(2023, 2, 1)),
        (dt.date(2023, 1, 15), dt.date(2023, 1, 15)),
        (dt.datetime(2023, 1, 15, 23, 59), dt.date(2023, 1, 15)),
    ],
)
def test_date_accepted(raw, expected):
    value = parse_date(raw)
    assert value == expected
    assert type(value) is dt.date  # the time is dropped


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("31/02/2023", "waarde.datum"),
        ("2023-13-01", "waarde.datum"),
        ("15-01-2023", "waarde.datum"),
        ("01/15/2023", "waarde.datum"),
        (45000, "waarde.datum_getal"),
        (45000.5, "waarde.datum_getal"),
    ],
)
def test_date_refused(raw, key):
    with pytest.raises(CellError) as caught:
        parse_date(raw)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mentoring", "mentoring"),
        ("OP MAAT", "op maat"),
        ("Op-maat", "op maat"),
        ("op_maat", "op maat"),
    ],
)
def test_choice_in_the_contract_spelling(raw, expected):
    assert parser(TRAJECTEN, "vorm")(raw) == expected


def test_choice_keeps_the_contract_capitals():
    assert parser(EXPERTS, "financieringsbron")("vlaamse PROJECTSUBSIDIE") == (
        "Vlaamse projectsubsidie"
    )


def test_choice_refused_lists_the_allowed_values():
    with pytest.raises(CellError) as caught:
        parser(TRAJECTEN, "vorm")("coaching")
    assert caught.value.values["keuzes"] == "mentoring, stage, combinatie, op maat"


def test_list_split_trimmed_without_empties_or_duplicates():
    parse = parser(TRAJECTEN, "themas")
    assert parse(" lokale regie ;; Participatie; participatie ;") == [
        "lokale regie",
        "participatie",
    ]
    assert parser(TRAJECTEN, "expert_ids")("E1; E2;E1") == ["E1", "E2"]


def test_list_names_the_wrong_item():
    with pytest.raises(CellError) as caught:
        parser(TRAJECTEN, "themas")("lokale regie; armoede")
    assert caught.value.key == "waarde.keuze"
    assert caught.value.values["item"] == "armoede"


def test_required_list_without_any_item():
    assert error_key(parser(TRAJECTEN, "themas"), " ; ;") == "waarde.lijst_leeg"


def test_optional_list_of_only_separators_is_empty():
    # Empty items are dropped; what is left of an optional list cell is an empty cell.
    assert parser(TRAJECTEN, "expert_ids")(" ; ") is None


def test_formula_without_value():
    assert error_key(parser(TRAJECTEN, "omschrijving"), FORMULA_WITHOUT_VALUE) == "waarde.formule"
    assert display(FORMULA_WITHOUT_VALUE) == "=…"


def test_memo_gives_a_fresh_list_and_error_each_time():
    parse = parser(TRAJECTEN, "themas")
    first = parse("participatie")
    first.append("andere")
    assert parse("participatie") == ["participatie"]
    assert error_key(parse, "fout") == error_key(parse, "fout") == "waarde.keuze"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(12025, "12025"), (12025.0, "12025"), ("12025.0", "12025.0"), (" Gent ", "Gent")],
)
def test_gemeente_cell_normalised_before_resolution(raw, expected):
    assert parser(TRAJECTEN, "aanbiedend")(raw) == expected


def test_gemeente_cell_that_cannot_be_one():
    assert error_key(parser(TRAJECTEN, "aanbiedend"), 12025.5) == "waarde.gemeente"
    assert error_key(parser(TRAJECTEN, "aanbiedend"), dt.date(2023, 1, 1)) == "waarde.gemeente"


@pytest.mark.parametrize("raw", [1e16, 1.5e16, "12345678901234567", "€ 99.999.999.999.999.999,99"])
def test_amount_too_large_for_decimal_18_2(raw):
    with pytest.raises(CellError) as caught:
        parse_amount(raw)
    assert caught.value.key == "waarde.bedrag_te_groot"
    assert caught.value.values["max"] == "€ 9.999.999.999.999.999,99"


def test_the_largest_amount():
    assert parse_amount("9.999.999.999.999.999,99") == Decimal("9999999999999999.99")


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), float("-inf"), "1" + "0" * 400])
def test_numbers_that_are_not_finite(raw):
    assert error_key(parser(TRAJECTEN, "geplande_uren"), raw) == "waarde.niet_eindig"
    if isinstance(raw, float):
        assert error_key(parser(EXPERTS, "financiering"), raw) == "waarde.niet_eindig"
        assert error_key(parser(TRAJECTEN, "oproep"), raw) == "waarde.jaar"
        assert error_key(parser(TRAJECTEN, "aanbiedend"), raw) == "waarde.gemeente"


@pytest.mark.parametrize("code", ["#N/A", "#REF!", "#DIV/0!"])
def test_an_excel_error_in_any_column(code):
    for sheet, field in ((FINANCIEN, "bedrag"), (TRAJECTEN, "themas"), (TRAJECTEN, "omschrijving")):
        with pytest.raises(CellError) as caught:
            parser(sheet, field)(ExcelError(code))
        assert (caught.value.key, caught.value.values) == ("waarde.excel_fout", {"fout": code})
    assert display(ExcelError(code)) == code


def test_an_invisible_character_is_named_where_it_is():
    with pytest.raises(CellError) as caught:
        parser(TRAJECTEN, "traject_id")(" W22-03\u200b ")
    assert caught.value.key == "waarde.onzichtbaar"
    assert caught.value.values == {"teken": "U+200B (zero width space)", "positie": 7}
    assert display("W22-03\u200b") == "W22-03<U+200B>"
    with pytest.raises(CellError):
        parser(TRAJECTEN, "expert_ids")("E1; E\u20602")  # a word joiner in a list item
    assert parser(TRAJECTEN, "omschrijving")("tekst\u200b") == "tekst\u200b"  # free text
    assert parser(TRAJECTEN, "traject_id")("Wé-01") == "Wé-01"  # visible letters are fine
