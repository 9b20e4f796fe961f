"""wisselaar.municipalities: resolving gemeente values to NIS codes on a date."""

from __future__ import annotations

import datetime as dt
import importlib.util
import time
from pathlib import Path

import pytest

from wisselaar import PROJECT_DIR
from wisselaar.municipalities import (
    Gemeente,
    MunicipalityError,
    all_in_period,
    by_nis,
    merged_from,
    merged_into,
    period_for,
    resolve,
)

Y2023 = dt.date(2023, 6, 15)
Y2025 = dt.date(2025, 1, 1)
REFERENCE = PROJECT_DIR.parent / "shared" / "reference"


def refused(value: object, on: dt.date) -> MunicipalityError:
    with pytest.raises(MunicipalityError) as caught:
        resolve(value, on)
    return caught.value


def test_period_boundaries() -> None:
    assert period_for(dt.date(2018, 5, 1)) == "2019-2024"
    assert period_for(dt.date(2024, 12, 31)) == "2019-2024"
    assert period_for(dt.date(2025, 1, 1)) == "2025"
    assert period_for(dt.datetime(2024, 12, 31, 23, 59)) == "2019-2024"
    assert period_for(dt.datetime(2025, 1, 1, 0, 0)) == "2025"


@pytest.mark.parametrize("value", ["12025", " 12025 ", 12025, 12025.0, "12025.0", "Mechelen"])
def test_code_as_text_or_number(value: object) -> None:
    for on in (Y2023, Y2025):
        assert resolve(value, on).nis == "12025"


@pytest.mark.parametrize(
    "value", ["sint niklaas", "SINT-NIKLAAS", "Sint‐Niklaas", "sintniklaas", "Saint-Nicolas"]
)
def test_names_ignore_case_accents_and_dashes(value: str) -> None:
    assert resolve(value, Y2023).nis == "46021"
    assert resolve(value, Y2025).nis == "46021"


def test_accents_apostrophes_and_french_names() -> None:
    assert resolve("Malines", Y2023) == resolve("mechelen", Y2023)
    assert resolve("Malines", Y2025).naam == "Mechelen"
    assert resolve("Anvers", Y2025).nis == "11002"
    assert resolve("Louvain", Y2025).naam == "Leuven"
    assert resolve("Bruges", Y2023).naam == "Brugge"
    assert resolve("Courtrai", Y2023).naam == "Kortrijk"
    assert resolve("zwalin", Y2025).naam == "Zwalm"  # Statbel's current French name
    assert resolve("GRIMBERGEN", Y2023).naam == "Grimbergen"


def test_same_name_other_code_per_period() -> None:
    assert resolve("Tielt", Y2023).nis == "37015"
    assert resolve("Tielt", Y2025).nis == "37022"
    assert resolve("Tielt", dt.date(2024, 12, 31)).nis == "37015"
    assert resolve("Antwerpen", Y2023).nis == resolve("Antwerpen", Y2025).nis == "11002"
    assert resolve("Hasselt", Y2025).nis == "71072"


def test_merged_municipality_is_refused_after_2025() -> None:
    assert resolve("Melle", Y2023).nis == "44040"
    err = refused("Melle", Y2025)
    assert err.kind == "andere_periode"
    assert err.suggestions == ("Merelbeke-Melle",)
    assert resolve("Merelbeke-Melle", Y2025).nis == "44088"
    message = err.message()
    assert "'Melle'" in message and "01/01/2025" in message and "Merelbeke-Melle" in message
    assert "Merelbeke-Melle" in err.message("en")


def test_new_municipality_is_refused_before_2025() -> None:
    err = refused("Merelbeke-Melle", Y2023)
    assert err.kind == "andere_periode"
    assert set(err.suggestions) == {"Merelbeke", "Melle"}
    assert "15/06/2023" in err.message()


def test_old_and_new_codes_in_the_wrong_period() -> None:
    err = refused("37015", Y2025)
    assert err.kind == "andere_periode"
    assert err.suggestions == ("Tielt (37022)",)
    err = refused(37022, Y2023)
    assert err.kind == "andere_periode"
    assert [g.nis for g in err.candidates] == ["37007", "37015"]
    assert refused("Borsbeek", Y2025).suggestions == ("Antwerpen",)


@pytest.mark.parametrize(
    "value", ["Elsene", "Ixelles", "Namen", "Namur", "21009", 21009, "Brussel"]
)
def test_brussels_and_walloon_are_not_flemish(value: object) -> None:
    for on in (Y2023, Y2025):
        err = refused(value, on)
        assert err.kind == "niet_vlaams"
        assert "geen Vlaamse gemeente" in err.message()


def test_not_flemish_message_names_the_region() -> None:
    assert "Brussels Hoofdstedelijk Gewest" in refused("Elsene", Y2023).message("nl")
    assert "Waals Gewest" in refused("Namen", Y2023).message("nl")
    assert "Walloon Region" in refused("Namur", Y2023).message("en")


def test_unknown_name_suggests_close_flemish_names() -> None:
    err = refused("Gentt", Y2023)
    assert err.kind == "onbekend"
    assert "Gent" in err.suggestions
    assert len(err.suggestions) <= 3
    assert err.suggestions == refused("gentt", Y2025).suggestions  # deterministic
    assert "Bedoelde u" in err.message() and "Gent" in err.message()
    assert "Did you mean" in err.message("en")


@pytest.mark.parametrize("value", ["Xyzzy", "", None, "99999", 12025.5, "1202"])
def test_unknown_without_suggestions(value: object) -> None:
    err = refused(value, Y2023)
    assert err.kind == "onbekend"
    assert err.suggestions == ()
    assert err.message()


def test_counts_per_period() -> None:
    assert len(all_in_period("2019-2024")) == 300
    assert len(all_in_period("2025")) == 285
    assert len(all_in_period("niet-vlaams")) == 19 + 261
    with pytest.raises(ValueError):
        all_in_period("2030")


def test_lookups_and_mergers() -> None:
    assert by_nis("37015") == Gemeente(
        "37015", "Tielt", "Tielt", "West-Vlaanderen", "30000", "Tielt", "2019-2024"
    )
    assert by_nis("11002") is not None and by_nis("11002").periode == "2025"
    assert by_nis("11002", "2019-2024").periode == "2019-2024"
    assert by_nis("21009").periode == "niet-vlaams"
    assert by_nis("00000") is None
    assert merged_into("44040") == "44088"
    assert merged_into("11007") == merged_into("11002") == "11002"
    assert merged_into("44088") == "44088"
    assert merged_into("12025") == "12025"
    assert merged_from("44088") == ["44040", "44043"]
    assert merged_from("12025") == ["12025"]
    assert sorted(merged_from("46030")) == ["11056", "46003", "46013"]
    with pytest.raises(KeyError):
        merged_into("99999")


def test_resolution_is_fast() -> None:
    values = ["Gent", "12025", 44040.0, "sint-niklaas"] * 50_000
    start = time.perf_counter()
    for value in values:
        resolve(value, Y2023)
    assert time.perf_counter() - start < 2.0


def test_table_equals_build_output() -> None:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference folder {REFERENCE} absent: cannot rebuild data/gemeenten.csv")
    script = Path(PROJECT_DIR, "scripts", "build_gemeenten.py")
    spec = importlib.util.spec_from_file_location("build_gemeenten", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(module.build_rows(REFERENCE))
    actual = (PROJECT_DIR / "data" / "gemeenten.csv").read_text(encoding="utf-8")
    assert actual == expected, "data/gemeenten.csv is stale: run scripts/build_gemeenten.py"
