"""One bad workbook per rule over more than one cell: dates, parties, references within the
upload and both ways against the stored data, and replacement per sheet (CONTRACT.md
section 2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from tests.validation_support import (
    accepted,
    assert_mentions,
    cell_error,
    figures,
    only_error,
    refused,
    stored,
    texts,
    versions,
)

JUNE_2025 = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


def drop_row(sheet: str, row: int):
    def change(workbook: openpyxl.Workbook) -> None:
        workbook[sheet].delete_rows(row)

    return change


@pytest.fixture
def imported(settings, fixture_xlsx):
    """The fixture stored as version 1; returns its figures."""
    assert accepted(settings, fixture_xlsx).version == 1
    return figures(settings)


# -- rules within a row ---------------------------------------------------------------------


def test_einddatum_before_startdatum(settings, edit):
    result = refused(settings, edit([("Trajecten", "H5", "15/01/2023")]))
    cell_error(result, "Trajecten", 5, "Einddatum", "15/01/2023", "vóór de startdatum (01/02/2023)")
    assert_mentions(only_error(result), "op of na zijn start")


def test_einddatum_on_the_startdatum(settings, edit):
    accepted(settings, edit([("Trajecten", "H5", "01/02/2023")]))


@pytest.mark.parametrize("vragend", ["Leuven; Mechelen", "Leuven; 12025", "Malines; Leuven"])
def test_vragend_bestuur_equal_to_aanbiedend(settings, edit, vragend):
    result = refused(settings, edit([("Trajecten", "D2", vragend)]))
    text = cell_error(result, "Trajecten", 2, "Vragend bestuur", "Mechelen (12025)")
    assert_mentions(text, "ook het aanbiedend bestuur", "laat het hier weg")


# -- references within the upload -----------------------------------------------------------


def test_expert_not_in_experts(settings, edit):
    result = refused(settings, edit([("Trajecten", "J2", "E1; E9")]))
    cell_error(result, "Trajecten", 2, "Expert-ID's", "E9", "blad 'Experts'", "voeg ze daar toe")


def test_criterium_not_in_criteria(settings, edit):
    result = refused(settings, edit([("Experts", "E2", "C1;C7")]))
    cell_error(result, "Experts", 2, "Criteria", "C7", "blad 'Criteria' (kolom 'Code')", "verbeter")


def test_criteria_codes_matched_without_regard_to_case(settings, edit):
    accepted(settings, edit([("Experts", "E5", "c2; C3")]))
    assert stored(settings, "experts", "expert_id", "criteria")["E4"] == ["c2", "C3"]


@pytest.mark.parametrize(
    ("edits", "value"),
    [
        ([("Financien", "C5", "Projectsubsidie")], "2022 + Projectsubsidie"),
        ([("Financien", "B5", 2025)], "2025 + Projectsubsidies"),
        ([("Financien", "C5", "projectsubsidies")], "2022 + projectsubsidies"),  # as written
    ],
)
def test_financien_budget_line_not_in_budget(settings, edit, edits, value):
    result = refused(settings, edit(edits))
    text = cell_error(result, "Financien", 5, "Begrotingsjaar + Budgetlijn", value)
    assert_mentions(text, "bestaat niet in blad 'Budget'", "voeg ze daar toe")


def test_financien_traject_not_in_trajecten(settings, edit):
    result = refused(settings, edit([("Financien", "E5", "W9-99")]))
    cell_error(
        result, "Financien", 5, "Traject-ID", "W9-99", "blad 'Trajecten'", "voeg ze daar toe"
    )


def test_evaluatie_traject_not_in_trajecten(settings, edit):
    result = refused(settings, edit([("Evaluaties", "B7", "W9-99")]))
    cell_error(result, "Evaluaties", 7, "Traject-ID", "W9-99", "blad 'Trajecten'", "verbeter")


def test_bestuur_not_a_party(settings, edit):
    result = refused(settings, edit([("Evaluaties", "C2", "Gand")]))
    text = cell_error(result, "Evaluaties", 2, "Bestuur", "Gent (44021)", "traject 'W1-01'")
    assert_mentions(text, "geen partij", "het aanbiedend of een vragend bestuur")


def test_rol_not_matching(settings, edit):
    result = refused(settings, edit([("Evaluaties", "D2", "vragend")]))
    cell_error(
        result, "Evaluaties", 2, "Rol", "vragend", "in traject 'W1-01' is dit bestuur aanbiedend"
    )


def test_a_wrong_party_is_one_error_not_one_per_evaluation(settings, edit):
    # Elsene is refused; EV3 (Gent, aanbiedend of W1-02) is not judged against half a trajectory.
    result = refused(settings, edit([("Trajecten", "C3", "Elsene")]))
    cell_error(result, "Trajecten", 3, "Aanbiedend bestuur", "Elsene", "geen Vlaamse gemeente")
    result = refused(settings, edit([("Trajecten", "D3", "Aalst; Mele")]))
    cell_error(result, "Trajecten", 3, "Vragend bestuur", "Mele", "Bedoelde u", "Melle")


# -- Werkgever: its reference date -----------------------------------------------------------


def _expert_e5(workbook: openpyxl.Workbook, *trajecten_rows: int) -> None:
    workbook["Experts"].append(["E5", "Melle", None, None, None, "eigen middelen", None])
    for row in trajecten_rows:
        workbook["Trajecten"][f"J{row}"] = "E1; E5"
        workbook["Trajecten"]["G6"] = dt.date(2025, 2, 1)  # W2-01 now starts in 2025


def test_werkgever_read_on_the_earliest_startdatum_of_its_trajectories(settings, edit):
    # E5 is in W1-01 (2022) and W2-01 (2025): Melle existed on the earliest.
    accepted(settings, edit(change=lambda wb: _expert_e5(wb, 2, 6)), now=JUNE_2025)
    assert stored(settings, "experts", "expert_id", "werkgever")["E5"] == "44040"


def test_werkgever_only_in_a_2025_trajectory(settings, edit):
    result = refused(settings, edit(change=lambda wb: _expert_e5(wb, 6)), now=JUNE_2025)
    cell_error(result, "Experts", 6, "Werkgever", "Melle", "01/02/2025", "Merelbeke-Melle")


def test_werkgever_without_trajectory_is_read_on_the_upload_date(settings, edit):
    result = refused(settings, edit(change=lambda wb: _expert_e5(wb)), now=JUNE_2025)
    cell_error(result, "Experts", 6, "Werkgever", "Melle", "01/06/2025", "Merelbeke-Melle")
    accepted(settings, edit(change=lambda wb: _expert_e5(wb)), now=dt.datetime(2024, 6, 1))


def test_werkgever_in_dienst_sinds_comes_first(settings, edit):
    def since_2020(workbook: openpyxl.Workbook) -> None:
        _expert_e5(workbook, 6)
        workbook["Experts"]["D6"] = "01/01/2020"

    accepted(settings, edit(change=since_2020), now=JUNE_2025)


def test_experts_alone_use_the_stored_trajecten(settings, edit, imported):
    # E3 works for Melle and has no In dienst sinds; the stored W1-02 (2022) lists E3.
    accepted(settings, edit([("Experts", "B4", "Melle")], keep=["Experts"]), now=JUNE_2025)
    assert stored(settings, "experts", "expert_id", "werkgever")["E3"] == "44040"
    # E5 is in no stored trajectory: read on the upload date, 2025, when Melle was gone.
    result = refused(
        settings, edit(change=lambda wb: _expert_e5(wb), keep=["Experts"]), now=JUNE_2025
    )
    cell_error(result, "Experts", 6, "Werkgever", "Melle", "01/06/2025")


# -- references both ways against the stored data --------------------------------------------


def test_trajecten_dropping_a_trajectory_still_referred_to(settings, edit, imported):
    result = refused(settings, edit(keep=["Trajecten"], change=drop_row("Trajecten", 3)))
    assert texts(result.errors) == [
        "Blad 'Trajecten': 'W1-02' (Traject-ID) ontbreekt in het nieuwe blad, maar de opgeslagen "
        "gegevens van blad 'Financien' verwijzen ernaar: rij 7 (versie 1), rij 8 (versie 1), "
        "rij 9 (versie 1), rij 10 (versie 1). Neem het opnieuw op, of laad ook een aangepast "
        "blad 'Financien' op.",
        "Blad 'Trajecten': 'W1-02' (Traject-ID) ontbreekt in het nieuwe blad, maar de opgeslagen "
        "gegevens van blad 'Evaluaties' verwijzen ernaar: rij 4 (versie 1), rij 5 (versie 1). "
        "Neem het opnieuw op, of laad ook een aangepast blad 'Evaluaties' op.",
    ]
    assert figures(settings) == imported


def test_trajecten_with_financien_and_evaluaties_dropping_it_too(settings, edit, imported):
    def drop_w1_02(workbook: openpyxl.Workbook) -> None:
        workbook["Trajecten"].delete_rows(3)
        workbook["Financien"].delete_rows(7, 4)
        workbook["Evaluaties"].delete_rows(4, 2)

    keep = ["Trajecten", "Financien", "Evaluaties"]
    accepted(settings, edit(keep=keep, change=drop_w1_02))
    assert figures(settings)["vraag_2"]["aantal_trajecten"] == 6


def test_criteria_dropping_a_code_an_expert_meets(settings, edit, imported):
    result = refused(settings, edit(keep=["Criteria"], change=drop_row("Criteria", 4)))
    text = only_error(result)
    assert_mentions(
        text,
        "Blad 'Criteria'",
        "'C3' (Code) ontbreekt in het nieuwe blad",
        "blad 'Experts' verwijzen ernaar: rij 3 (versie 1)",
        "laad ook een aangepast blad 'Experts' op",
    )


def test_experts_dropping_an_expert_of_a_trajectory(settings, edit, imported):
    result = refused(settings, edit(keep=["Experts"], change=drop_row("Experts", 5)))
    assert_mentions(
        only_error(result),
        "'E4' (Expert-ID)",
        "blad 'Trajecten' verwijzen ernaar: rij 4 (versie 1)",
    )


def test_budget_dropping_a_line_that_is_booked(settings, edit, imported):
    result = refused(settings, edit(keep=["Budget"], change=drop_row("Budget", 4)))
    assert_mentions(
        only_error(result),
        "'2023 + Projectsubsidies' (Begrotingsjaar + Budgetlijn)",
        "rij 11 (versie 1), rij 12 (versie 1), rij 13 (versie 1), rij 14 (versie 1)",
    )


def test_evaluaties_against_the_stored_trajecten(settings, edit, imported):
    result = refused(settings, edit([("Evaluaties", "B7", "W9-99")], keep=["Evaluaties"]))
    cell_error(result, "Evaluaties", 7, "Traject-ID", "W9-99", "blad 'Trajecten'")
    result = refused(settings, edit([("Evaluaties", "C3", "Gent")], keep=["Evaluaties"]))
    cell_error(result, "Evaluaties", 3, "Bestuur", "Gent (44021)", "geen partij", "W1-01")


def test_financien_against_the_stored_budget_and_trajecten(settings, edit, imported):
    edits = [("Financien", "E5", "W9-99"), ("Financien", "B6", 2030)]
    result = refused(settings, edit(edits, keep=["Financien"]))
    assert [(e.sheet, e.row, e.column, e.value) for e in result.errors] == [
        ("Financien", 6, "Begrotingsjaar + Budgetlijn", "2030 + Projectsubsidies"),
        ("Financien", 5, "Traject-ID", "W9-99"),
    ]


def test_trajecten_losing_a_party_of_a_stored_evaluation(settings, edit, imported):
    result = refused(settings, edit([("Trajecten", "D2", "Aalst")], keep=["Trajecten"]))
    assert texts(result.errors) == [
        "Blad 'Trajecten': in het nieuwe blad is 'Leuven (24062)' geen partij meer in traject "
        "'W1-01', maar een opgeslagen evaluatie (rij 3 (versie 1)) komt van dat bestuur. "
        "Verbeter het traject of laad ook een aangepast blad 'Evaluaties' op."
    ]


def test_trajecten_swapping_roles_of_stored_evaluations(settings, edit, imported):
    swap = [("Trajecten", "C2", "Leuven"), ("Trajecten", "D2", "Mechelen")]
    result = refused(settings, edit(swap, keep=["Trajecten"]))
    assert [e.key for e in result.errors] == ["validatie.rol_klopt_niet_terug"] * 2
    assert_mentions(
        result.errors[0].text("nl"),
        "'Mechelen (12025)' vragend in traject 'W1-01'",
        "rij 2 (versie 1)",
        "geeft een andere rol",
    )


# -- replacement per sheet -------------------------------------------------------------------


def test_budget_alone_replaces_only_the_budget(settings, edit, imported):
    result = accepted(settings, edit([("Budget", "C3", "200.000,00")], keep=["Budget"]))
    assert (result.version, result.counts) == (2, {"Budget": 4})
    assert versions(settings) == {
        "trajecten": 1,
        "experts": 1,
        "criteria": 1,
        "budget": 2,
        "financien": 1,
        "evaluaties": 1,
    }
    after = figures(settings)
    assert after["vraag_4"] != imported["vraag_4"]
    assert after["vraag_4"]["totaal_beschikbaar_eur"] == Decimal("482044.00")  # + 50.000
    line_2022 = next(
        line for line in after["vraag_4"]["budgetlijnen"] if line["begrotingsjaar"] == 2022
    )
    assert line_2022["beschikbaar_eur"] == Decimal("200000.00")
    for question in ("vraag_1", "vraag_2", "vraag_3", "vraag_5"):
        assert after[question] == imported[question]


def test_a_refused_second_upload_keeps_every_version(settings, edit, imported):
    refused(settings, edit([("Budget", "C3", "veel")], keep=["Budget"]))
    assert set(versions(settings).values()) == {1}
