"""Reading a pasted written question: question 342 as published, two further questions written
for these tests (tests/data/vraag-512.txt, per municipality; vraag-618.txt, about the 2023
call), the artefacts of copying from a PDF, texts that are not a written question, and the
command `vraag-inlezen`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from tests.conftest import DATA
from wisselaar import PROJECT_DIR
from wisselaar.cli import main
from wisselaar.i18n import t
from wisselaar.intake import as_question, read_question, to_json
from wisselaar.question_intake import Minister, NotAQuestion, join_lines, recognise
from wisselaar.questions import NO_BLOCK, BlockFilters

Q342 = (DATA / "vraag-342.txt").read_text(encoding="utf-8")
Q512 = (DATA / "vraag-512.txt").read_text(encoding="utf-8")
Q618 = (DATA / "vraag-618.txt").read_text(encoding="utf-8")
SOMERS = (
    "VICEMINISTER-PRESIDENT VAN DE VLAAMSE REGERING, VLAAMS MINISTER VAN BINNENLANDS BESTUUR, "
    "BESTUURSZAKEN, INBURGERING EN GELIJKE KANSEN"
)


def test_question_342_is_recognised_in_full():
    found = recognise(Q342)
    assert (found.nummer, found.datum, found.lid) == (342, dt.date(2022, 5, 25), "Suzy Wouters")
    assert found.ministers == (
        Minister("Bart Somers", SOMERS, 342),
        Minister("Benjamin Dalle", "", 145),
    )
    assert found.onderwerp == "Armoedebeleid lokale besturen - Inzet experts"
    assert found.medevragen == (145,)
    # The six sub-questions, each joined over its lines, exactly as the answer quotes them;
    # the published answer after the closing line is not read as a question.
    assert found.deelvragen == tuple(t(f"vraag342.v{n}") for n in range(1, 7))


def test_question_342_as_json_proposes_its_six_blocks_and_the_due_date():
    data = to_json(read_question(Q342))
    assert data == {
        "number": 342,
        "member": "Suzy Wouters",
        "date": "2022-05-25",
        "ministers": ["Bart Somers", "Benjamin Dalle"],
        "subject": "Armoedebeleid lokale besturen - Inzet experts",
        "co_questions": [145],
        "sub_questions": [{"text": t(f"vraag342.v{n}"), "blocks": [f"v{n}"]} for n in range(1, 7)],
        # 26 May (Ascension) and 6 June (Whit Monday) 2022 do not count
        "due_date": "2022-06-24",
    }


def test_a_question_per_municipality_is_structured_and_its_last_part_left_to_the_cabinet():
    intake = read_question(Q512)
    found = intake.recognised
    assert (found.nummer, found.datum) == (512, dt.date(2024, 3, 14))
    assert found.lid == "Anne-Mie Van den Bossche"
    assert [m.naam for m in found.ministers] == ["Benjamin Dalle", "Bart Somers"]
    assert found.ministers[0].titel == (
        "VLAAMS MINISTER VAN BRUSSEL, JEUGD, MEDIA EN ARMOEDEBESTRIJDING"
    )
    assert found.onderwerp == "Interlokale uitwisseling armoedebeleid - Deelname per gemeente"
    assert found.medevragen == (298,)
    assert len(found.deelvragen) == 5
    assert found.deelvragen[1] == (
        "Tussen welke gemeenten liepen er trajecten? Welke gemeente bood haar expertise aan "
        "welke andere gemeente aan?"
    )
    proposed = [[p.blok for p in proposals] for proposals in intake.proposals]
    assert proposed == [
        ["gemeenten"],
        ["stromen"],
        ["begunstigden", "gemeenten"],  # the municipalities' table holds what they received
        ["gemeenten"],
        [],  # Brussels municipalities: nothing in the data answers it
    ]
    assert intake.filters[3] == BlockFilters(provincies=("Limburg",))
    question = as_question(intake)
    assert [b.blok for b in question.blokken] == [
        "gemeenten",
        "stromen",
        "begunstigden",
        "gemeenten",
        NO_BLOCK,
    ]
    assert question.blokken[4].vraag == found.deelvragen[4]
    assert question.medevragen == ("298",)
    assert question.ministers_with_titles()[1] == ("Bart Somers", "")


def test_a_question_about_one_call_is_structured_through_page_breaks_and_hyphens():
    intake = read_question(Q618)
    found = intake.recognised
    assert (found.nummer, found.lid, found.datum) == (618, "Jos D'Haese", dt.date(2024, 7, 3))
    assert found.ministers == (Minister("Bart Somers", SOMERS),)  # no closing line
    assert found.medevragen == ()
    assert found.onderwerp == "De Wisselaar - Projectoproep 2023"
    assert len(found.deelvragen) == 6
    # "opge-|start" joined; a page break (form feed, running header, page number) inside
    # sub-question 3 leaves no trace; extra spaces collapsed.
    assert found.deelvragen[0].startswith(
        "Hoeveel uitwisselingstrajecten werden in het kader van de projectoproep 2023 opgestart,"
    )
    assert found.deelvragen[2] == (
        "Hoe tevreden waren de deelnemende besturen, en in hoeveel gevallen werden de "
        "vooropgestelde doelen bereikt?"
    )
    assert found.deelvragen[4].startswith("Welke experts werden in die oproep ingezet")
    proposed = [[p.blok for p in proposals] for proposals in intake.proposals]
    assert proposed == [["v2", "per_kenmerk"], ["per_kenmerk"], ["v3"], ["v4"], ["v1"], []]
    # The call named in the subject holds for every sub-question.
    assert set(intake.filters) == {BlockFilters(oproepen=(2023,))}
    question = as_question(intake)
    assert question.blokken[5].blok == NO_BLOCK
    assert question.blokken[5].filters == BlockFilters()
    assert question.blokken[0].filters == BlockFilters(oproepen=(2023,))
    assert to_json(intake)["due_date"] == "2024-07-31"


@pytest.mark.parametrize(
    "old, new",
    [
        ("nr. 342", "nr 342"),
        ("nr. 342", "Nr.342"),
        ("nr. 342", "nummer: 342"),
        ("nr. 342", "n° 342"),
        ("datum: 25 mei 2022", "datum: 25/05/2022"),
        ("datum: 25 mei 2022", "Datum 2022-05-25"),
        ("SCHRIFTELIJKE VRAAG", "Schriftelijke   vraag"),
        ("\n", "\r\n"),
        ("\n", "\n\n"),  # every line a paragraph of its own
        ("armoedebestrijdingsexpert in dienst", "armoedebestrijdings-\nexpert in dienst"),
        ("gebruikmaakten? Zijn", "gebruik-\nmaakten?\n\f\nVlaams Parlement\n- 2 -\nZijn"),
        ("\n5. Aan", "\n\nPagina 2 van 3\n\n5.  Aan"),
    ],
)
def test_copying_artefacts_do_not_change_what_is_recognised(old, new):
    variant = recognise(Q342.replace(old, new))
    assert variant == recognise(Q342)


def test_line_ends_keep_the_hyphens_dutch_writes():
    assert join_lines(["een armoede-", "expert"]) == "een armoede-expert"
    assert join_lines(["over-", "of onderbenutting"]) == "over- of onderbenutting"
    assert join_lines(["provincie Oost-", "Vlaanderen"]) == "provincie Oost-Vlaanderen"
    assert join_lines(["uitwisselings-", "trajecten"]) == "uitwisselingstrajecten"


def test_several_ministers_in_the_header_and_a_long_closing_line():
    text = Q342.replace(
        "BESTUURSZAKEN, INBURGERING EN GELIJKE KANSEN\n",
        "BESTUURSZAKEN, INBURGERING EN GELIJKE KANSEN\nBENJAMIN DALLE\n"
        "VLAAMS MINISTER VAN BRUSSEL, JEUGD, MEDIA EN\nARMOEDEBESTRIJDING\n",
    ).replace(
        "Benjamin Dalle (145).", "Benjamin Dalle (145) en viceminister-president\nJan Jambon (77)."
    )
    found = recognise(text)
    assert [(m.naam, m.nummer) for m in found.ministers] == [
        ("Bart Somers", 342),
        ("Benjamin Dalle", 145),
        ("Jan Jambon", 77),
    ]
    assert found.ministers[1].titel == (
        "VLAAMS MINISTER VAN BRUSSEL, JEUGD, MEDIA EN ARMOEDEBESTRIJDING"
    )
    assert found.medevragen == (145, 77)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Beste collega, in bijlage het verslag van de vergadering.", "geen_kop"),
        (Q342.replace("nr. 342", ""), "geen_nummer"),
        (Q342.replace("van SUZY WOUTERS\n", "", 1), "geen_vraagsteller"),
        (Q342.replace("datum: 25 mei 2022", "datum: 31 februari 2022"), "geen_datum"),
        (
            "SCHRIFTELIJKE VRAAG\nnr. 1\nvan JAN\ndatum: 1/1/2024\n\nOnderwerp\n\nGeen vraag.",
            "geen_deelvragen",
        ),
    ],
)
def test_a_text_that_is_not_a_written_question_is_refused_with_its_reason(text, reason):
    with pytest.raises(NotAQuestion) as refused:
        recognise(text)
    assert refused.value.reason == reason
    assert refused.value.message().startswith("Dit is geen schriftelijke vraag")


def test_unnumbered_questions_are_the_paragraphs_that_ask():
    text = "SCHRIFTELIJKE VRAAG\nnr. 7\nvan AN\ndatum: 2 mei 2024\n\nOnderwerp X\n\nInleiding.\n\n"
    text += "Welk budget\nwas er?\n\nDank."
    assert recognise(text).deelvragen == ("Welk budget was er?",)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["vraag-inlezen", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_what_it_recognised(capsys, tmp_path):
    code, out, err = run(capsys, str(DATA / "vraag-512.txt"))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Schriftelijke vraag nr. 512 van 14/03/2024 van Anne-Mie Van den Bossche"
    assert "Uiterste antwoorddatum: 12/04/2024 (20 werkdagen na de datum van de vraag)" in lines
    assert "   geen blok: het kabinet schrijft dit antwoord zelf" in lines
    assert any("voorstel: stromen" in line and "wie met wie samenwerkte" in line for line in lines)


def test_the_command_refuses_what_is_not_a_question_and_wrong_usage(capsys, tmp_path):
    other = tmp_path / "brief.txt"
    other.write_bytes("Geachte, dit is een brief.".encode("cp1252"))
    code, out, err = run(capsys, str(other), "--json")
    assert (code, out) == (1, "")
    assert err.strip() == t("inlezen.geen_kop")
    code, _, err = run(capsys, str(tmp_path / "weg.txt"))
    assert code == 1 and "bestaat niet" in err
    with pytest.raises(SystemExit) as usage:
        main(["vraag-inlezen"])
    assert usage.value.code == 2


def test_a_wrong_days_off_setting_is_named(capsys, monkeypatch):
    monkeypatch.setenv("WISSELAAR_VRIJE_DAGEN", "07-11; zomer")
    code, _, err = run(capsys, str(DATA / "vraag-342.txt"))
    assert code == 1 and "WISSELAAR_VRIJE_DAGEN" in err and "'zomer'" in err


def test_the_command_as_a_process_prints_json_with_a_configured_day_off(tmp_path):
    # 618 of 3 July 2024 is due on 31 July (21 July was a Sunday); with 11 July off, a
    # working day later. Easter Monday 2024 (1 April) is in 512's term (see above).
    done = subprocess.run(
        [sys.executable, "-m", "wisselaar", "vraag-inlezen", "--json", "-"],
        input=Q618.replace("JOS", "JOSÉ").encode("cp1252"),  # not UTF-8: read as Windows-1252
        cwd=PROJECT_DIR,
        capture_output=True,
        timeout=120,
        env={**_environment(), "WISSELAAR_VRIJE_DAGEN": "07-11"},
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["number"], data["member"], data["due_date"]) == (618, "José D'Haese", "2024-08-01")
    assert [s["blocks"][:1] for s in data["sub_questions"]][-1] == []


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("WISSELAAR_")}
