"""The fictitious sample workbook data/voorbeeld.xlsx (wisselaar/sample.py, data/README.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from wisselaar import DATA_DIR
from wisselaar.answer import answer_342
from wisselaar.ingest import import_workbook
from wisselaar.sample import CRITERIA, build_sample_workbook
from wisselaar.schema import STATUSSEN, THEMAS, VORMEN
from wisselaar.settings import Settings

COMMITTED = DATA_DIR / "voorbeeld.xlsx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_workbook(tmp_path_factory.mktemp("sample") / "voorbeeld.xlsx")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_building_twice_gives_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = build_sample_workbook(tmp_path / "again.xlsx")
    assert _sha(again) == _sha(built)


def test_committed_sample_equals_a_fresh_build(built: Path) -> None:
    assert COMMITTED.is_file(), "run: .venv/bin/python scripts/make_sample.py"
    assert _sha(COMMITTED) == _sha(built), (
        "data/voorbeeld.xlsx is out of date: run .venv/bin/python scripts/make_sample.py"
    )


def test_sample_imports_without_errors_and_answers_every_sub_question(
    settings: Settings, built: Path
) -> None:
    result = import_workbook(settings, built, user="test", sample=True)
    assert result.errors == []
    # Only the explanation sheet is ignored: no amount warnings (ceiling, paid > granted).
    assert [w.key for w in result.warnings] == ["validatie.blad_genegeerd"]
    assert result.counts["Trajecten"] == 25
    assert 35 <= result.counts["Evaluaties"] <= 45
    assert 50 <= result.counts["Financien"] <= 90
    assert result.counts["Experts"] == 12

    answer = answer_342(settings)
    assert answer is not None
    assert answer.sample
    figures = answer.figures

    vraag_2 = figures["vraag_2"]
    assert vraag_2["aantal_trajecten"] == 25
    assert all(vraag_2["per_status"][status] >= 1 for status in STATUSSEN)
    assert set(vraag_2["per_oproep"]) == {"2022", "2023", "2024"}
    assert {t["vorm"] for t in vraag_2["trajecten"]} == set(VORMEN)
    assert any(len(t["vragend"]) > 1 for t in vraag_2["trajecten"])

    vraag_3 = figures["vraag_3"]
    assert 35 <= vraag_3["aantal_evaluaties"] <= 45
    assert vraag_3["gemiddelde_tevredenheid"] is not None
    assert all(count >= 1 for count in vraag_3["doelen_bereikt"].values())
    assert all(count >= 1 for count in vraag_3["meerwaarde"].values())
    assert vraag_3["rapporten"]

    lines = figures["vraag_4"]["budgetlijnen"]
    verdicts = [line["oordeel"] for line in lines]
    assert "onderbenutting" in verdicts
    assert "overbenutting" in verdicts
    assert all(line["toelichting"] for line in lines if line["oordeel"] != "conform")
    vvsg = next(line for line in lines if line["budgetlijn"] == "VVSG-begeleiding")
    assert (vvsg["begrotingsjaar"], str(vvsg["beschikbaar_eur"])) == (2021, "182044.00")
    assert {line["begrotingsjaar"] for line in lines} == {2021, 2022, 2023, 2024}

    criteria = figures["vraag_5"]["criteria"]
    assert {c["code"] for c in criteria} == {code for code, _ in CRITERIA}
    assert all(c["aantal_experts"] >= 1 for c in criteria)
    assert figures["vraag_1"]["gemeenten"]


def test_sample_uses_every_theme_and_2025_names(built: Path) -> None:
    from wisselaar.sheet_parsing import parse_workbook
    from wisselaar.xlsx_reader import read_workbook

    raw = read_workbook(built, max_file_bytes=10**7, max_unpacked_bytes=10**8)
    parsed = parse_workbook(raw)
    trajecten = parsed.datasets["trajecten"].columns
    assert {theme for themes in trajecten["themas"] for theme in themes} == set(THEMAS)
    assert any(start.year == 2025 for start in trajecten["startdatum"])
    assert all(
        expert.startswith("EXP-") for expert in parsed.datasets["experts"].columns["expert_id"]
    )
