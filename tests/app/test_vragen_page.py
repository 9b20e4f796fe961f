"""AppTest for the page Parlementaire vragen: make and download the files of question 342, and
compose, save, reopen and follow up a new question.

The page is run on its own (the frame draws the sidebar itself, see ui/frame.py) so the test
does not depend on app.py's menu; the download buttons' deferred bytes are taken from the
test runtime's media file manager and opened as real documents.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from docx import Document
from streamlit.testing.v1 import AppTest

from tests.app.conftest import downloaded
from tests.conftest import FIXTURE
from ui.frame import DETOUR_KEY
from wisselaar.draft_files import long_date
from wisselaar.ingest import import_workbook
from wisselaar.questions import list_questions, today

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "vragen.py")


def open_page(**state: object) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=120)
    app.session_state[DETOUR_KEY] = True  # no detour through app.py: the page draws the frame
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_files_of_question_342_can_be_made_and_downloaded(settings, managers):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page()
    assert app.title[0].value == "Parlementaire vragen"
    assert not app.get("download_button")
    app.button(key="maak_342").click().run()
    assert not app.exception, app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download het ontwerpantwoord (.docx)", "Download de bijlage (.xlsx)"]
    assert any(c.value.startswith("Gemaakt met de gegevens van") for c in app.caption)
    document = Document(io.BytesIO(downloaded(managers, app, "342_antwoord.docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "SCHRIFTELIJKE VRAAG nr. 342 van 25 mei 2022 van SUZY WOUTERS"
    assert headings[2:] == [f"Antwoord op vraag {n}" for n in range(1, 7)]
    assert any("37.500,50\u00a0euro" in p.text for p in document.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(downloaded(managers, app, "342_bijlage.xlsx")))
    assert book.sheetnames == [*(f"Vraag {n}" for n in range(1, 7)), "Herkomst", "Verantwoording"]


def test_a_new_question_is_saved_reopened_made_and_followed_up(settings, managers):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page()
    app.text_input(key="vraag_nieuw_0_nummer").set_value("145")
    app.text_input(key="vraag_nieuw_0_lid").set_value("Suzy Wouters")
    app.text_area(key="vraag_nieuw_0_ministers").set_value("Benjamin Dalle")
    app.button(key="FormSubmitter:vraag_nieuw_0-Bewaar").click().run()
    assert not app.exception, app.exception
    assert any("Vraag 1 is bewaard." in s.value for s in app.success)
    saved = list_questions(settings)
    assert [(q.id, q.nummer, q.lid, q.ministers) for q in saved] == [
        (1, "145", "Suzy Wouters", ("Benjamin Dalle",))
    ]
    assert [b.blok for b in saved[0].blokken] == ["v1", "v2", "v3", "v4", "v5", "v6"]
    assert saved[0].gemaakt_door == "lezer@test.invalid"
    assert app.selectbox(key="vraag").value == 1  # reopened after saving

    app.button(key="maak_vraag").click().run()
    assert not app.exception, app.exception
    document = Document(io.BytesIO(downloaded(managers, app, "vraag1_antwoord.docx")))
    datum = long_date(today())  # a new question is dated today
    assert (
        document.paragraphs[0].text == f"SCHRIFTELIJKE VRAAG nr. 145 van {datum} van SUZY WOUTERS"
    )
    assert document.core_properties.identifier.startswith("W145-")

    app.text_input(key="vraag_1_0_lid").set_value("Een Ander")
    app.button(key="FormSubmitter:vraag_1_0-Bewaar").click().run()
    assert [q.lid for q in list_questions(settings)] == ["Een Ander"]  # edited, not copied

    app.button(key="vervolg").click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="vraag").value == 0
    assert any(c.value == "Vervolgvraag op vraag 1." for c in app.caption)
    assert app.text_input(key="vraag_nieuw_1_nummer").value == ""
    assert app.text_input(key="vraag_nieuw_1_lid").value == "Een Ander"
    app.button(key="FormSubmitter:vraag_nieuw_1-Bewaar").click().run()
    assert any("Vul het nummer" in e.value for e in app.error)  # a number is needed
    app.text_input(key="vraag_nieuw_1_nummer").set_value("201")
    app.button(key="FormSubmitter:vraag_nieuw_1-Bewaar").click().run()
    assert [(q.id, q.vervolg_op) for q in list_questions(settings)] == [(2, 1), (1, None)]


def test_without_data_the_page_says_so(settings):
    app = open_page()
    assert any("Nog geen gegevens" in i.value for i in app.info)
