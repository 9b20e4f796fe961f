"""A pasted question saved as a composed question: titles, co-questions and the answered date
stored and reopened (also in a file made before those columns existed), the draft of pasted
question 342 identical in figures to the answer to question 342, and the marked paragraph of
a sub-question without a block."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
from docx import Document

from tests.conftest import DATA, FIXTURE
from wisselaar.answer import answer_342
from wisselaar.answer_files import answer_files_bytes
from wisselaar.ingest import import_workbook
from wisselaar.intake import as_question, read_question
from wisselaar.question_blocks import question_files_bytes
from wisselaar.questions import (
    NO_BLOCK,
    follow_up,
    list_questions,
    load_question,
    save_question,
)
from wisselaar.store import Store

T1 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
NOON = dt.datetime(2024, 5, 1, 10, 0)


def pasted(name: str):
    return as_question(read_question((DATA / name).read_text(encoding="utf-8")))


def annex_tables(data: bytes) -> dict[str, list[tuple]]:
    """Per sheet, the rows from the main table's header to the end (the notes above it name
    the question and its filters, and differ between the two files)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    tables = {}
    for sheet in book.worksheets:
        if sheet.title == "Verantwoording":  # the identifier and how to make it: per question
            continue
        header = int(sheet.freeze_panes[1:]) - 1
        tables[sheet.title] = list(sheet.iter_rows(min_row=header, values_only=True))
    return tables


def test_a_pasted_question_is_stored_and_reopened_with_titles_co_questions_and_answer(settings):
    question = pasted("vraag-342.txt")
    saved = save_question(settings, question, "anna", now=NOON)
    reopened = load_question(settings, saved.id)
    assert reopened == saved
    assert reopened.ministers == ("Bart Somers", "Benjamin Dalle")
    assert reopened.titels[0].startswith("VICEMINISTER-PRESIDENT") and reopened.titels[1] == ""
    assert (reopened.medevragen, reopened.beantwoord_op) == (("145",), None)
    answered = save_question(
        settings, dataclasses.replace(reopened, beantwoord_op=dt.date(2022, 6, 20)), "bert"
    )
    assert load_question(settings, saved.id).beantwoord_op == dt.date(2022, 6, 20)
    assert follow_up(answered).beantwoord_op is None  # a follow-up is a new question


def test_a_file_made_before_the_new_columns_is_read_and_then_extended(settings):
    with Store(settings.db_path).write() as con:
        con.execute("drop table vraag")  # the store made today's; this is the first one
        con.execute("""create table vraag (id integer primary key, nummer varchar not null,
            datum date not null, lid varchar not null, ministers varchar[] not null,
            onderwerp varchar not null, blokken json not null, vervolg_op integer,
            gemaakt_door varchar not null, gemaakt_op timestamp not null,
            gewijzigd_door varchar not null, gewijzigd_op timestamp not null)""")
        con.execute(
            "insert into vraag values (1, '145', '2022-06-01', 'Lid', ['Benjamin Dalle'], '',"
            " '[{\"blok\": \"v2\"}]', null, 'anna', ?, 'anna', ?)",
            [NOON, NOON],
        )
    (old,) = list_questions(settings)
    assert (old.nummer, old.titels, old.medevragen, old.beantwoord_op) == ("145", (), (), None)
    save_question(settings, dataclasses.replace(old, beantwoord_op=dt.date(2022, 6, 30)), "bert")
    assert load_question(settings, 1).beantwoord_op == dt.date(2022, 6, 30)


def test_the_draft_of_pasted_question_342_holds_the_figures_of_the_answer_to_342(settings):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    question = pasted("vraag-342.txt")
    assert [(b.blok, b.filters.given) for b in question.blokken] == [
        (f"v{n}", {}) for n in range(1, 7)
    ]
    composed = question_files_bytes(settings, question)
    answer = answer_files_bytes(answer_342(settings))
    assert annex_tables(composed["bijlage.xlsx"]) == annex_tables(answer["bijlage.xlsx"])
    document = Document(io.BytesIO(composed["antwoord.docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "SCHRIFTELIJKE VRAAG nr. 342 van 25 mei 2022 van SUZY WOUTERS"
    assert "BART SOMERS\nVICEMINISTER-PRESIDENT VAN DE VLAAMSE REGERING" in "\n".join(texts)
    # The same sentences as the answer to 342; a composed draft adds a note of the filters.
    expected = [p.text for p in Document(io.BytesIO(answer["antwoord.docx"])).paragraphs]
    ours = texts[texts.index("Antwoord op vraag 1") :]
    assert ours.count("Filters: geen filters") == 6
    # Up to the closing line: its identifier hashes each draft's own figures.
    closing = ("Stand van de gegevens: ", "Kenmerk: ")
    assert [
        line for line in ours if line != "Filters: geen filters" and not line.startswith(closing)
    ] == [
        line
        for line in expected[expected.index("Antwoord op vraag 1") :]
        if not line.startswith(closing)
    ]


def test_a_sub_question_without_a_block_is_a_marked_paragraph_for_the_cabinet(settings):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    question = pasted("vraag-512.txt")
    assert question.blokken[4].blok == NO_BLOCK
    files = question_files_bytes(settings, question)
    paragraphs = [p.text for p in Document(io.BytesIO(files["antwoord.docx"])).paragraphs]
    five = paragraphs.index("Antwoord op vraag 5")
    assert paragraphs[five + 1] == question.blokken[4].vraag
    assert paragraphs[five + 2].startswith("[IN TE VULLEN DOOR HET KABINET]")
    four = paragraphs[paragraphs.index("Antwoord op vraag 4") : five]
    assert "Filters: Provincie: Limburg" in four  # the province the sub-question names
    book = openpyxl.load_workbook(io.BytesIO(files["bijlage.xlsx"]))
    assert book.sheetnames == [*(f"Vraag {n}" for n in range(1, 6)), "Herkomst", "Verantwoording"]
    cells = [c for row in book["Vraag 5"].iter_rows(values_only=True) for c in row if c]
    assert any(str(c).startswith("[IN TE VULLEN DOOR HET KABINET]") for c in cells)
