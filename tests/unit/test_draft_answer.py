"""The draft of question 342 as a cabinet sends it: the annex's Verantwoording, text and annex
naming each table by the same number and title, the evaluations' own words in answer 3 (the
adviser's choice hashed into the identifier) and a composed question's tables renumbered."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import openpyxl
import pytest
from docx import Document

from tests.conftest import FIXTURE
from wisselaar.answer import answer_342
from wisselaar.answer_evaluation import quote_options
from wisselaar.answer_files import answer_draft, answer_files_bytes
from wisselaar.ingest import import_workbook
from wisselaar.question_blocks import question_files_bytes
from wisselaar.questions import Block, Question
from wisselaar.quotes import choice_key, shorten

T1 = dt.datetime(2024, 3, 1, 13, 5, 9, tzinfo=dt.UTC)
LONG = (
    "De uitwisseling heeft ons veel geleerd over de manier waarop we mensen in armoede "
    "bereiken. We hebben de werking van het sociaal huis grondig herbekeken en de "
    "openingsuren aangepast aan wie werkt. Ook de samenwerking met het OCMW en de scholen "
    "kreeg een nieuwe vorm, met maandelijks overleg."
)
SAID = [  # Evaluaties column J (Toelichting); see tests/data/build_fixture.py for the rows
    ("Evaluaties", "J2", "Onze aanpak werd door Leuven overgenomen."),  # EV1 1/7, kennis, netwerk
    ("Evaluaties", "J4", "Het netwerk met Aalst en Melle blijft bestaan."),  # EV3 3/7, netwerk
    ("Evaluaties", "J5", LONG),  # EV4 4/7, andere
    ("Evaluaties", "J6", "Genk kent nu de premies beter."),  # EV5 1/12, kennis, dienstverlening
]


def _paragraphs(data: bytes) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in Document(io.BytesIO(data)).paragraphs]


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def said(settings, edit):
    assert import_workbook(settings, edit(SAID), user="anna", now=T1).errors == []
    return answer_342(settings)


def test_a_long_explanation_is_cut_after_a_sentence_and_marked():
    assert shorten("Kort.") == "Kort."
    cut = shorten(LONG)
    assert len(cut) <= 205 and cut.endswith("aan wie werkt. (…)")
    assert LONG.startswith(cut.removesuffix(" (…)"))  # the words themselves, never changed


def test_answer_3_quotes_the_two_newest_per_theme_once_each(said):
    text = "\n".join(_paragraphs(answer_files_bytes(said)["antwoord.docx"]))
    assert (
        "Kennisopbouw, genoemd in 3 evaluaties: ‘Genk kent nu de premies beter.’ (Genk, vragend "
        "bestuur, december 2023); ‘Nieuwe armoedetoets in gebruik’ (Leuven, vragend bestuur, juli "
        "2023)."
    ) in text  # EV5 and EV2; EV1 is the third
    assert (
        "Een sterker netwerk, genoemd in 2 evaluaties: ‘Het netwerk met Aalst en Melle blijft "
        "bestaan.’ (Gent, aanbiedend bestuur, juli 2023); ‘Onze aanpak werd door Leuven "
        "overgenomen.’ (Mechelen, aanbiedend bestuur, juli 2023)."
    ) in text
    # EV2 and EV5 name a second theme too: their words are not quoted twice.
    assert "Een nieuwe werkwijze, genoemd in 1 evaluatie." in text
    assert "Betere dienstverlening, genoemd in 1 evaluatie." in text
    assert "Andere meerwaarde, genoemd in 1 evaluatie: ‘De uitwisseling heeft ons" in text
    assert "aan wie werkt. (…)’ (Melle, vragend bestuur, juli 2023)." in text


def test_the_advisers_choice_of_quotes_is_in_the_files_and_the_identifier(said):
    _, default = quote_options(said)
    assert default["kennisopbouw"] == ["EV5", "EV2"] and choice_key(default, default) == ""
    standard = answer_draft(said)
    # The default choice keeps the README's rule: the hash of the figures alone.
    sha = hashlib.sha256(said.shown_json().encode()).hexdigest()[:8]
    assert standard.kenmerk.endswith(f"-{sha}") and answer_draft(said, default) == standard

    fewer = {**default, "kennisopbouw": ["EV2"]}  # Genk's quote taken out
    chosen = answer_draft(said, fewer)
    assert chosen.kenmerk != standard.kenmerk
    assert answer_draft(said, dict(fewer)).kenmerk == chosen.kenmerk  # same choice, same files
    files = answer_files_bytes(said, fewer)
    assert files == answer_files_bytes(said, dict(fewer))
    text = "\n".join(_paragraphs(files["antwoord.docx"]))
    assert "Genk kent nu de premies beter." not in text
    assert "Kennisopbouw, genoemd in 3 evaluaties: ‘Nieuwe armoedetoets in gebruik’" in text
    rows = list(_book(files["bijlage.xlsx"])["Verantwoording"].iter_rows(values_only=True))
    quotes = next(r for r in rows if r[0] == "Citaten (antwoord 3)")
    assert quotes[1] == (
        "Gekozen door het kabinet: andere: EV4; betere dienstverlening: –; kennisopbouw: EV2; "
        "netwerk: EV1, EV3; nieuwe werkwijze: –."
    )


def test_the_quoted_evaluations_are_in_the_herkomst(said):
    book = _book(answer_files_bytes(said)["bijlage.xlsx"])
    rows = [
        r
        for r in book["Herkomst"].iter_rows(values_only=True)
        if r[1] == "Geciteerde toelichtingen"
    ]
    # EV1-EV5 are rows 2-6 of Evaluaties; EV2, EV5 (kennis), EV3, EV1 (netwerk), EV4 (andere).
    assert [(r[0], r[2], r[3], r[7]) for r in rows] == [("Vraag 3", "Evaluaties", 1, "2-6")]


def test_the_verantwoording_holds_moment_versions_identifier_and_how_to_reproduce(settings):
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    draft = answer_draft(answer_342(settings))
    book = _book(answer_files_bytes(answer_342(settings))["bijlage.xlsx"])
    assert book.sheetnames[-2:] == ["Herkomst", "Verantwoording"]
    rows = [r for r in book["Verantwoording"].iter_rows(values_only=True) if any(r)]
    named = {r[0]: r[1] for r in rows if r[0]}
    assert named["Kenmerk"] == draft.kenmerk
    assert named["Stand van de gegevens"] == "1 maart 2024, 14.05 uur (2024-03-01T14:05:09+01:00)"
    assert named["Opnieuw maken"].startswith(
        "Op de opdrachtregel: python -m wisselaar answer --as-of 2024-03-01T14:05:09+01:00 "
        "--out MAP."
    )
    assert named["Voorbeeldgegevens"] == "nee"
    versions = rows[rows.index(next(r for r in rows if r[0] == "Gegevensset")) + 1 :]
    assert [r[:6] for r in versions] == [
        (sheet, 1, "01/03/2024 14:05:09", "anna", "fixture.xlsx", "nee")
        for sheet in ("Trajecten", "Experts", "Criteria", "Budget", "Financien", "Evaluaties")
    ]


REFERENCE = re.compile(r"[Tt]abel (\d+(?:\.\d)?)(?: van de bijlage)?, ‘([^’]+)’")


def _references(paragraphs: list[str]) -> set[tuple[str, str]]:
    return {(m[0], m[1]) for text in paragraphs for m in REFERENCE.findall(text)}


def _annex_titles(book: openpyxl.Workbook) -> set[tuple[str, str]]:
    titles = set()
    for sheet in book.worksheets:
        for (value,) in sheet.iter_rows(min_col=1, max_col=1, values_only=True):
            if isinstance(value, str) and (
                m := re.fullmatch(r"Tabel (\d+(?:\.\d)?)\. (.+)", value)
            ):
                titles.add((m[1], m[2]))
    return titles


def test_the_text_names_every_table_by_its_number_and_title_in_the_annex(settings):
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    files = answer_files_bytes(answer_342(settings))
    referred = _references(_paragraphs(files["antwoord.docx"]))
    titled = _annex_titles(_book(files["bijlage.xlsx"]))
    assert {n for n, _ in referred} == {"1", "2.1", "2.2", "3.1", "4", "5", "6.1"}
    assert referred <= titled


def test_a_composed_question_refers_to_its_own_table_numbers(settings):
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    question = Question(
        "145",
        dt.date(2024, 4, 1),
        "Een Lid",
        ("Een Minister",),
        "Evaluatie",
        (Block("v3", "Welke meerwaarde?"), Block("v4", "Welk budget?")),
    )
    files = question_files_bytes(settings, question)
    paragraphs = _paragraphs(files["antwoord.docx"])
    referred = _references(paragraphs)
    assert {n for n, _ in referred} == {"1.1", "2"}  # answer 3 is sub-question 1, 4 is 2
    assert referred <= _annex_titles(_book(files["bijlage.xlsx"]))
    assert not any("python -m" in p for p in paragraphs)


def test_the_contract_json_does_not_read_what_only_the_draft_needs(settings):
    # answer --json must stay fast: quotes and per-call figures are read when the draft asks.
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    answer = answer_342(settings)
    answer.to_json()
    assert "toelichtingen" not in vars(answer.parts) and "calls" not in vars(answer.parts)
    answer_draft(answer)
    assert [c.oproep for c in answer.parts.calls] == [2022, 2023]
    assert not answer.parts.toelichtingen.frame.empty
