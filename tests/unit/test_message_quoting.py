"""The core's messages take a `quote` function for their values (issue 12 point 6): the app
passes ui/text.md, so that what a file, a user or a setting brings in is text inside Markdown,
while the catalogue's wording around it stays as written. Here `quote` marks what it was
given, so each test sees exactly which parts were quoted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from tests.e2e.injections import page_injections
from tests.injection_workbook import injection_workbook
from wisselaar.audit import AuditUnavailable
from wisselaar.database import StoreBusy, StoreDamaged
from wisselaar.deadlines import DaysOffError
from wisselaar.ingest import import_workbook
from wisselaar.municipalities import MunicipalityError, resolve_noted
from wisselaar.question_fetch import FetchError
from wisselaar.questions import Question, history


def marked(value: object) -> str:
    return f"«{value}»"


def test_every_value_of_an_upload_warning_is_quoted_and_its_wording_is_not(settings, tmp_path):
    strings = page_injections("http://127.0.0.1:9")
    workbook = injection_workbook(
        tmp_path / "w.xlsx",
        strings,
        extra_columns={"Trajecten": ["<b>kolom</b>"]},
        extra_sheets=["![blad](http://127.0.0.1:9/b.png)"],
    )
    result = import_workbook(settings, workbook, user="test", dry_run=True)
    assert result.errors == []
    lines = [w.text("nl", marked) for w in result.warnings]
    assert (
        "Blad '«Trajecten»': de kolom '«<b>kolom</b>»' is niet gekend en wordt genegeerd." in lines
    )
    assert (
        "Blad '«![blad](http://127.0.0.1:9/b.png)»': dit blad is geen gekend blad en wordt "
        "genegeerd." in lines
    )
    assert any(f"aan traject '«{strings[0]}»' is in totaal" in line for line in lines), lines
    # without a quote function, the same lines as before: the values as they are
    assert [w.text("nl") for w in result.warnings] == [
        line.replace("«", "").replace("»", "") for line in lines
    ]


def test_a_municipality_message_quotes_the_value_and_the_names():
    _, note = resolve_noted("Sint-Amandsberg", dt.date(2023, 6, 15))
    assert note is not None
    assert note.message("nl", marked) == (
        "'«Sint-Amandsberg»' is geen gemeente maar een deelgemeente of plaats (postcode 9040) "
        "van «Gent» (44021); aanvaard als «Gent»."
    )
    error = MunicipalityError("onbekend", "<b>Gnt</b>", ("Gent", "Geel"))
    assert error.message("nl", marked).startswith(
        "'«<b>Gnt</b>»' is geen gekende Vlaamse gemeente. Bedoelde u «Gent» of «Geel»?"
    )


def test_store_audit_fetch_and_setting_messages_quote_their_paths_and_values():
    path = Path("/data/een_pad/*wisselaar*.duckdb")
    assert f"De databank «{path}» is al 2,5 seconden" in StoreBusy(path, 2.5).message("nl", marked)
    damaged = StoreDamaged(path)
    audit = AuditUnavailable(Path("/data/audit.duckdb"), damaged).message("nl", marked)
    assert f"Het databankbestand «{path}» is beschadigd" in audit  # the cause, quoted too
    assert "Vraag de beheerder het logboek («/data/audit.duckdb») te herstellen." in audit
    fetch = FetchError("geen_http", url="ftp://x_y").message("nl", marked)
    assert fetch.endswith("een http- of https-adres zijn, niet '«ftp://x_y»'.")
    assert "bevat '«07-**»'" in DaysOffError("07-**").message("nl", marked)


def test_the_history_of_a_composed_question_quotes_who_saved_it():
    moment = dt.datetime(2024, 3, 1, 13, 5)
    question = Question("1", dt.date(2024, 3, 1), "Lid", gemaakt_op=moment, gewijzigd_op=moment)
    saved = dataclasses.replace(question, gemaakt_door="[anna](http://x/)")
    (line,) = history(saved, "nl", marked)
    assert line.startswith("Bewaard door «[anna](http://x/)» op 01/03/2024 ")
    assert history(saved, "nl") == [line.replace("«", "").replace("»", "")]
