"""A finding reads wholly in the language asked for, also the parts worded from data (the
referring rows of a stored version)."""

from __future__ import annotations

from tests.conftest import FIXTURE
from wisselaar.ingest import import_workbook


def test_a_reference_back_to_stored_rows_reads_in_english_and_in_dutch(settings, edit):
    import_workbook(settings, FIXTURE, user="anna")
    dropped = edit(keep=["Trajecten"], change=lambda wb: wb["Trajecten"].delete_rows(3))  # W1-02
    result = import_workbook(settings, dropped, user="bert")
    first = result.errors[0]
    assert first.text("en").startswith("Sheet 'Trajecten': 'W1-02' (Traject-ID) is missing")
    assert "row 7 (version 1)" in first.text("en") and "rij" not in first.text("en")
    assert "rij 7 (versie 1)" in first.text("nl") and "row" not in first.text("nl")
