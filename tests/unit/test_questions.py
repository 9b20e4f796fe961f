"""Composed questions: stored and reopened, filtered figures worked out by hand from the
fixture, and the same pair of files as question 342."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re

import openpyxl
import pytest
from docx import Document

from tests.conftest import FIXTURE, edited_workbook
from wisselaar.answer import answer_342, assemble
from wisselaar.engine import Database
from wisselaar.figures import kerncijfers, per_kenmerk
from wisselaar.filters import NOW, Filters
from wisselaar.ingest import import_workbook
from wisselaar.question_blocks import BLOCKS, question_files_bytes, scope
from wisselaar.questions import (
    Block,
    BlockFilters,
    Question,
    blocks_from_rows,
    editor_rows,
    follow_up,
    list_questions,
    load_question,
    new_question,
    question_342,
    save_question,
)

T1 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)
NOON = dt.datetime(2024, 5, 1, 10, 0)


@pytest.fixture
def fixture_db(settings):
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    return settings


def figures(settings, **filters) -> dict:
    """The figures of question 342 as a block with these filters shows them."""
    found = assemble(Database(settings), scope(Block("v1", "", BlockFilters(**filters)), NOW))
    return json.loads(found.shown_json())


def test_without_filters_the_blocks_give_the_figures_of_answer_json(fixture_db):
    assert figures(fixture_db) == json.loads(answer_342(fixture_db).to_json())


def test_a_province_filter_keeps_the_trajectories_with_a_party_there(fixture_db):
    # Limburg: Genk (71016) and Hasselt (71022). W1-03 Leuven -> Genk, W2-01 Mechelen ->
    # Hasselt, W2-02 Genk -> Mechelen; of their evaluations only EV5 (W1-03, Genk).
    found = figures(fixture_db, provincies=("Limburg",))
    assert found["vraag_2"] == {
        "aantal_trajecten": 3,
        "ondernomen": 2,  # W1-03 and W2-01 lopend; W2-02 goedgekeurd
        "per_status": {
            "aangevraagd": 0,
            "goedgekeurd": 1,
            "lopend": 2,
            "afgerond": 0,
            "stopgezet": 0,
        },
        "per_oproep": {"2022": 1, "2023": 2},
        "trajecten": [
            {
                "traject_id": "W1-03",
                "aanbiedend": "24062",
                "vragend": ["71016"],
                "vorm": "combinatie",
                "status": "lopend",
            },
            {
                "traject_id": "W2-01",
                "aanbiedend": "12025",
                "vragend": ["71022"],
                "vorm": "mentoring",
                "status": "lopend",
            },
            {
                "traject_id": "W2-02",
                "aanbiedend": "71016",
                "vragend": ["12025"],
                "vorm": "stage",
                "status": "goedgekeurd",
            },
        ],
    }
    assert found["vraag_3"] == {
        "aantal_evaluaties": 1,
        "gemiddelde_tevredenheid": None,  # EV5 has no score
        "doelen_bereikt": {"ja": 0, "deels": 1, "nee": 0},
        "meerwaarde": {
            "kennisopbouw": 1,
            "nieuwe werkwijze": 0,
            "betere dienstverlening": 1,
            "netwerk": 0,
            "organisatieontwikkeling": 0,
            "participatie doelgroep": 0,
            "andere": 0,
        },
        "rapporten": [],
    }
    # No expert works for a municipality in Limburg (Mechelen, Gent, Leuven).
    assert found["vraag_1"] == {"gemeenten": [], "totaal_financiering_eur": 0.0}
    assert found["vraag_6"] == {
        "ondernomen": 2,
        "afgerond": 0,
        "aandeel_doelen_bereikt_pct": 0.0,  # 0 ja of 1 answer
        "gemiddelde_tevredenheid": None,
        "benutting_pct": 80.1,  # the budget belongs to the whole programme
    }
    assert found["vraag_4"]["totaal_beschikbaar_eur"] == 432044.0
    assert [c["aantal_experts"] for c in found["vraag_5"]["criteria"]] == [3, 1, 1]


def test_a_municipality_counts_under_its_older_codes(fixture_db):
    # Hasselt 2025 (71072) was formed from Hasselt 71022 and Kortessem: W2-01 only.
    hasselt = figures(fixture_db, gemeente="71072")["vraag_2"]
    assert [t["traject_id"] for t in hasselt["trajecten"]] == ["W2-01"]
    # Merelbeke-Melle (44088) holds Melle (44040): W1-02, with Melle's evaluation EV4 and
    # Gent's EV3 (evaluations follow their trajectory).
    melle = figures(fixture_db, gemeente="44088")
    assert [t["traject_id"] for t in melle["vraag_2"]["trajecten"]] == ["W1-02"]
    assert melle["vraag_3"]["aantal_evaluaties"] == 2
    assert melle["vraag_3"]["gemiddelde_tevredenheid"] == 3.5  # (4 + 3) / 2
    assert melle["vraag_1"]["gemeenten"] == []  # no expert works for Merelbeke-Melle
    # Gent employs E2 (20.000,50) and E3 (empty): the employer is filtered.
    gent = figures(fixture_db, gemeente="44021")
    assert gent["vraag_1"] == {
        "gemeenten": [{"nis": "44021", "naam": "Gent", "experts": 2, "financiering_eur": 20000.5}],
        "totaal_financiering_eur": 20000.5,
    }
    assert [t["traject_id"] for t in gent["vraag_2"]["trajecten"]] == ["W1-02", "W1-04"]


def test_a_call_or_status_filter_keeps_the_experts_on_the_kept_trajectories(fixture_db):
    # Call 2023: W2-01 (E1, Mechelen), W2-02, W2-03 (no experts).
    found = figures(fixture_db, oproepen=(2023,))
    assert found["vraag_2"]["aantal_trajecten"] == 3
    assert found["vraag_1"]["gemeenten"] == [
        {"nis": "12025", "naam": "Mechelen", "experts": 1, "financiering_eur": 12500.0}
    ]
    # Status afgerond: W1-01 (E1) and W1-02 (E2, E3); EV1-EV4 with scores 5, 4, 4, 3.
    done = figures(fixture_db, statussen=("afgerond",))
    assert [g["nis"] for g in done["vraag_1"]["gemeenten"]] == ["12025", "44021"]
    assert done["vraag_1"]["totaal_financiering_eur"] == 32500.5
    assert done["vraag_3"]["gemiddelde_tevredenheid"] == 4.0
    assert done["vraag_6"]["aandeel_doelen_bereikt_pct"] == 50.0  # 2 ja of 4 answers


def test_saved_questions_reopen_change_and_start_a_follow_up(fixture_db):
    blocks = (
        Block("v2", "Hoeveel trajecten in Limburg?", BlockFilters(provincies=("Limburg",))),
        Block(
            "stromen",
            "Met wie werkte Gent?",
            BlockFilters(oproepen=(2022,), gemeente="44021", statussen=("afgerond", "lopend")),
        ),
        Block("v4", "Welk budget?", BlockFilters(stand=dt.datetime(2024, 3, 1, 9, 0))),
    )
    question = Question("145", dt.date(2022, 6, 1), "Suzy Wouters", ("Benjamin Dalle",), "", blocks)
    saved = save_question(fixture_db, question, "anna", now=NOON)
    assert saved.id == 1 and (saved.gemaakt_door, saved.gemaakt_op) == ("anna", NOON)
    reopened = load_question(fixture_db, 1)
    assert reopened == saved and reopened.blokken == blocks

    later = NOON + dt.timedelta(hours=1)
    changed = save_question(
        fixture_db, dataclasses.replace(reopened, lid="Een Ander"), "bert", later
    )
    assert (changed.id, changed.lid, changed.gemaakt_door, changed.gemaakt_op) == (
        1,
        "Een Ander",
        "anna",
        NOON,
    )
    assert (changed.gewijzigd_door, changed.gewijzigd_op) == ("bert", later)

    follow = follow_up(changed)
    assert (follow.id, follow.vervolg_op, follow.nummer, follow.blokken) == (None, 1, "", blocks)
    second = save_question(fixture_db, dataclasses.replace(follow, nummer="201"), "anna", later)
    assert second.id == 2 and second.vervolg_op == 1
    assert [q.id for q in list_questions(fixture_db)] == [2, 1]
    with pytest.raises(KeyError):
        save_question(fixture_db, dataclasses.replace(second, id=99), "anna")


def test_questions_without_the_table_are_simply_none(settings):
    assert list_questions(settings) == [] and load_question(settings, 1) is None


def test_the_page_table_round_trips_the_blocks(fixture_db):
    versions = {1: dt.datetime(2024, 3, 1, 9, 0)}
    question = dataclasses.replace(
        new_question(),
        blokken=(
            Block("v1", "Eén?", BlockFilters(oproepen=(2022, 2023), stand=versions[1])),
            Block("gemeenten", "", BlockFilters(provincies=("Limburg",), gemeente="71072")),
        ),
    )
    rows = editor_rows(question, versions)
    assert rows[0]["stand"] == 1 and rows[0]["oproepen"] == ["2022", "2023"]
    assert blocks_from_rows(rows, versions) == question.blokken
    # An editor's empty cells (NaN, None) and a row without a block.
    empty = {"vraag": float("nan"), "blok": "v5", "oproepen": None, "gemeente": float("nan")}
    assert blocks_from_rows([empty, {"vraag": "x", "blok": None}], versions) == (Block("v5"),)
    assert [b.blok for b in question_342().blokken] == ["v1", "v2", "v3", "v4", "v5", "v6"]


def read_files(files: dict[str, bytes]):
    document = Document(io.BytesIO(files["antwoord.docx"]))
    book = openpyxl.load_workbook(io.BytesIO(files["bijlage.xlsx"]))
    return document, book


def sections(document) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in document.paragraphs:
        if p.style.name == "Heading 2":
            found[p.text] = []
        elif found:
            found[list(found)[-1]].append(p.text.replace("\u00a0", " "))
    return found


def test_a_composed_question_gives_the_filtered_figures_in_both_files(fixture_db, tmp_path):
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    import_workbook(fixture_db, budget, user="bert", now=T2)
    first_version = dt.datetime(2024, 3, 1, 9, 0)
    question = Question(
        "145",
        dt.date(2022, 6, 1),
        "Suzy Wouters",
        ("Benjamin Dalle",),
        "Uitwisseling in Limburg",
        (
            Block("v2", "Hoeveel trajecten in Limburg?", BlockFilters(provincies=("Limburg",))),
            Block("v4", "Welk budget eerst?", BlockFilters(stand=first_version)),
            Block("v4", "Welk budget nu?", BlockFilters(provincies=("Limburg",))),
            Block("kerncijfers", "De kerncijfers?", BlockFilters(statussen=("lopend",))),
            Block("stromen", "Met wie werkte Gent?", BlockFilters(gemeente="44021")),
            Block("begunstigden", "Wat kreeg Mechelen?", BlockFilters(gemeente="12025")),
        ),
        id=7,
    )
    files = question_files_bytes(fixture_db, question)
    document, book = read_files(files)
    text = sections(document)
    assert list(text) == [f"Antwoord op vraag {n}" for n in range(1, 7)]
    one = text["Antwoord op vraag 1"]
    assert one[:2] == ["Hoeveel trajecten in Limburg?", "Filters: Provincie: Limburg"]
    assert one[2].startswith("In totaal zijn 3 uitwisselingstrajecten geregistreerd: 1 uit de")
    assert "Daarvan zijn er 2 ondernomen: 2 lopen nog." in one[2]
    assert one[3:7] == [
        "De trajecten zijn:",
        "W1-03: van Leuven naar Genk (combinatie, lopend)",
        "W2-01: van Mechelen naar Hasselt (mentoring, lopend)",
        "W2-02: van Genk naar Mechelen (stage, goedgekeurd)",
    ]
    assert one[7].startswith("Tabel 1.1 van de bijlage, ‘Uitwisselingstrajecten’")  # 2.1 in 342
    two, three = text["Antwoord op vraag 2"], text["Antwoord op vraag 3"]
    assert "Stand van de gegevens voor dit antwoord: 01/03/2024 10:00." in two
    assert any("in totaal 432.044,00 euro beschikbaar gesteld" in line for line in two)
    assert "Geldt niet voor dit antwoord: Provincie." in three
    assert any("in totaal 482.044,00 euro beschikbaar gesteld" in line for line in three)
    four = text["Antwoord op vraag 4"]
    lopend = Filters(statussen=("lopend",))
    o = kerncijfers(Database(fixture_db), lopend)
    status = per_kenmerk(Database(fixture_db), lopend, "status").frame
    assert dict(zip(status["waarde"], status["aantal"], strict=True))["lopend"] == 2
    assert o.aanbiedende_gemeenten == 2  # W1-03 Leuven, W2-01 Mechelen
    assert any(
        line.startswith("Het programma telt 2 trajecten, waarvan 2 ondernomen") for line in four
    )
    assert (
        "Het budget geldt voor het hele programma; de filters op trajecten gelden er niet voor."
        in four
    )
    five = text["Antwoord op vraag 5"]
    assert five[2].startswith("De 2 trajecten verbinden 3 paren")  # W1-02 (Aalst, Melle), W1-04
    assert "van Gent naar Kortrijk: 1 traject" in five
    six = text["Antwoord op vraag 6"]
    assert "Mechelen: 75.000,00 euro toegekend, 75.000,00 euro uitbetaald" in six

    assert book.sheetnames == [*(f"Vraag {n}" for n in range(1, 7)), "Herkomst", "Verantwoording"]
    v1 = book["Vraag 1"]
    column_a = [r[0] for r in v1.iter_rows(max_col=1, values_only=True)]
    assert "Filters: Provincie: Limburg" in column_a
    assert "Vraag 1: Hoeveel trajecten in Limburg?" in column_a
    header = int(v1.freeze_panes[1:]) - 1
    ids = [r[0] for r in v1.iter_rows(min_row=header + 1, max_row=header + 3, values_only=True)]
    assert ids == ["W1-03", "W2-01", "W2-02"]
    kenmerk = v1.oddFooter.left.text
    assert kenmerk.startswith("W145-2024-04-01T11:00:00+02:00-v1.2-")
    assert kenmerk in document.sections[0].footer.paragraphs[0].text
    # The same moment gives the same figures and the same identifier.
    again, _ = read_files(question_files_bytes(fixture_db, question))
    assert again.core_properties.identifier == kenmerk
    assert [p.text for p in again.paragraphs] == [p.text for p in document.paragraphs]
    # Before the second upload: other figures, another identifier.
    before = T2.replace(tzinfo=None) - dt.timedelta(seconds=1)
    earlier, _ = read_files(question_files_bytes(fixture_db, question, before))
    assert earlier.core_properties.identifier.startswith("W145-2024-03-01T10:00:00+01:00-v1-")
    assert "482.044" not in "\n".join(p.text for p in earlier.paragraphs)


def test_every_block_answers_with_text_and_a_table(fixture_db):
    blocks = tuple(Block(b, f"Vraag over {b}?") for b in BLOCKS)
    question = Question("1", dt.date(2024, 1, 1), "Lid", (), "", blocks)
    document, book = read_files(question_files_bytes(fixture_db, question))
    # + Herkomst and Verantwoording
    assert len(book.sheetnames) - 2 == len(BLOCKS) == len(sections(document))
    for nr, body in enumerate(sections(document).values(), 1):
        assert any(re.search(rf"[Tt]abel {nr}(\.1)? van de bijlage, ‘", line) for line in body), nr
