"""AppTest for reading in a pasted written question on the page Parlementaire vragen:
recognise, correct and save it; a sub-question without a block; the answered date; the list
of open questions by due date with the five-working-day mark."""

from __future__ import annotations

import datetime as dt

from tests.app.test_vragen_page import open_page
from tests.conftest import DATA, FIXTURE, rendered
from tests.fake_question_service import service as fake_service
from wisselaar.deadlines import due_date, working_days_until
from wisselaar.ingest import import_workbook
from wisselaar.questions import NO_BLOCK, Question, list_questions, save_question, today


def pasted(app, name: str):
    app.text_area(key="plak_tekst").set_value((DATA / name).read_text(encoding="utf-8"))
    app.button(key="herken").click().run()
    assert not app.exception, app.exception
    return app


def captions(app) -> list[str]:
    return [rendered(c.value) for c in app.caption]  # md() escapes punctuation


def open_rows(app) -> list[dict]:
    rows = app.table[0].value.to_dict("records")  # cells are Markdown made inert by md()
    return [{k: rendered(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


def test_question_342_is_pasted_recognised_corrected_and_saved(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = pasted(open_page(), "vraag-342.txt")
    assert any("Vraag nr. 342 herkend met 6 deelvragen" in s.value for s in app.success)
    lines = captions(app)
    assert (
        "Deelvraag 4: Vraag 342.4: budget, benutting en oordeel, want de deelvraag vraagt "
        "naar budget en over- of onderbenutting." in lines
    )
    form = "vraag_nieuw_0_p1"
    assert app.text_input(key=f"{form}_nummer").value == "342"
    assert app.text_input(key=f"{form}_lid").value == "Suzy Wouters"
    assert app.date_input(key=f"{form}_datum").value == dt.date(2022, 5, 25)
    assert app.text_input(key=f"{form}_medevragen").value == "145"
    ministers = app.text_area(key=f"{form}_ministers").value.splitlines()
    assert ministers[0].startswith("Bart Somers: VICEMINISTER-PRESIDENT VAN DE VLAAMSE REGERING")
    assert ministers[1] == "Benjamin Dalle"
    # The adviser corrects the subject and saves.
    app.text_input(key=f"{form}_onderwerp").set_value("Inzet armoede-experts")
    app.button(key=f"FormSubmitter:{form}-Bewaar").click().run()
    assert not app.exception, app.exception
    (saved,) = list_questions(settings)
    assert (saved.nummer, saved.lid, saved.onderwerp) == (
        "342",
        "Suzy Wouters",
        "Inzet armoede-experts",
    )
    assert [b.blok for b in saved.blokken] == [f"v{n}" for n in range(1, 7)]
    assert saved.medevragen == ("145",) and saved.titels[0].startswith("VICEMINISTER")
    # Due on 24 June 2022 and never answered: late, at the top of the open questions.
    assert "Uiterste antwoorddatum: 24/06/2022 (20 werkdagen na 25/05/2022). Status: te laat." in (
        captions(app)
    )
    (row,) = open_rows(app)
    assert (row["Uiterste datum"], row["Nummer"], row["Status"]) == ("24/06/2022", "342", "te laat")
    assert row["Let op"] == "⚠ termijn verstreken"


def test_a_sub_question_without_a_block_is_kept_and_an_answered_question_leaves_the_list(
    settings,
):
    import_workbook(settings, FIXTURE, user="anna")
    app = pasted(open_page(), "vraag-512.txt")
    assert any(line.startswith("Deelvraag 5: geen blok gevonden") for line in captions(app))
    assert any(
        line.startswith("Deelvraag 3: Budget: per begunstigde")
        and "Ook mogelijk: Gemeenten" in line
        for line in captions(app)
    )
    app.button(key="FormSubmitter:vraag_nieuw_0_p1-Bewaar").click().run()
    (saved,) = list_questions(settings)
    assert [b.blok for b in saved.blokken][-1] == NO_BLOCK
    assert saved.blokken[3].filters.provincies == ("Limburg",)
    assert [r["Nummer"] for r in open_rows(app)] == ["512"]

    app.date_input(key="vraag_1_0_beantwoord").set_value(dt.date(2024, 4, 10))
    app.button(key="FormSubmitter:vraag_1_0-Bewaar").click().run()
    assert not app.exception, app.exception
    assert list_questions(settings)[0].beantwoord_op == dt.date(2024, 4, 10)
    assert any("Er zijn geen openstaande vragen." in i.value for i in app.info)
    assert any(line.endswith("Status: beantwoord op 10/04/2024.") for line in captions(app))


def test_a_text_that_is_no_question_is_refused_with_its_reason(settings):
    import_workbook(settings, FIXTURE, user="anna")
    app = open_page()
    app.text_area(key="plak_tekst").set_value("Beste, hierbij de agenda van dinsdag.")
    app.button(key="herken").click().run()
    assert [e.value for e in app.error] == [
        "Dit is geen schriftelijke vraag: de kop 'SCHRIFTELIJKE VRAAG' ontbreekt."
    ]
    assert app.selectbox(key="vraag").value == 0 and not app.success


def test_open_questions_are_listed_by_due_date_and_those_due_soon_marked(settings):
    import_workbook(settings, FIXTURE, user="anna")
    now = today()
    soon = next(  # a question whose 20 working days end within the next five
        now - dt.timedelta(days=back)
        for back in range(60)
        if due_date(now - dt.timedelta(days=back)) >= now
        and working_days_until(now, due_date(now - dt.timedelta(days=back))) <= 5
    )
    for nummer, datum in (("900", now), ("901", soon)):
        save_question(settings, Question(nummer, datum, "Lid", (), "", ()), "anna")
    app = open_page()
    rows = open_rows(app)
    assert [r["Nummer"] for r in rows] == ["901", "900"]  # the earliest due date first
    assert rows[0]["Let op"] == "⚠ binnen 5 werkdagen" and rows[1]["Let op"] == ""
    assert rows[1]["Uiterste datum"] == due_date(now).strftime("%d/%m/%Y")
    assert any("Binnen vijf werkdagen te beantwoorden: 1." in w.value for w in app.warning)


def test_a_question_is_fetched_by_number_only_when_a_service_is_configured(settings, monkeypatch):
    import_workbook(settings, FIXTURE, user="anna")
    assert not open_page().get("number_input")  # off by default: pasting only
    with fake_service() as url:
        monkeypatch.setenv("WISSELAAR_VRAAG_URL", f"{url}/json/{{nummer}}")
        app = open_page()
        app.number_input(key="haal_nummer").set_value(342)
        app.button(key="haal_op").click().run()
        assert any("De tekst van vraag 342 staat hieronder" in i.value for i in app.info)
        assert app.text_area(key="plak_tekst").value.startswith("SCHRIFTELIJKE VRAAG\nnr. 342")
        app.button(key="herken").click().run()
        assert app.text_input(key="vraag_nieuw_0_p1_lid").value == "Suzy Wouters"
        app.number_input(key="haal_nummer").set_value(7)
        app.button(key="haal_op").click().run()
        assert any("kon niet worden opgehaald" in e.value for e in app.error)
