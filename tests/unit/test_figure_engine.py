"""The figure engine: municipalities counted per period, the moment "now" resolves to, and the
provenance of every figure, which comes from the same query as the figure."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from tests.conftest import FIXTURE
from tests.merged_fixture import write_merged_workbook
from wisselaar import figures, queries
from wisselaar.answer import answer_342
from wisselaar.engine import Database, resolve, run
from wisselaar.filters import NOW, Filters
from wisselaar.ingest import import_workbook
from wisselaar.provenance import row_ranges, stand_text

T1 = dt.datetime(2024, 3, 1, 13, 5, 9, tzinfo=dt.UTC)
T2 = dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def merged(settings, tmp_path):
    workbook = write_merged_workbook(tmp_path / "fusies.xlsx")
    assert import_workbook(settings, workbook, user="anna", now=T2).errors == []
    return Database(settings)


def municipalities(source, **filters) -> dict[str, str]:
    frame = figures.gemeenten(source, Filters(**filters)).frame
    return dict(zip(frame["nis"], frame["rol"], strict=True))


def test_a_merged_municipality_counts_once_as_its_successor_in_2025(merged):
    k = figures.kerncijfers(merged, Filters())
    assert (k.aanbiedende_gemeenten, k.vragende_gemeenten) == (5, 5)
    roles = municipalities(merged)
    assert roles == {
        "11002": "aanbiedend",  # Antwerpen
        "37022": "aanbiedend",  # Tielt: 37015 (M-01) and 37022 (M-03) count once
        "44088": "beide",  # Merelbeke-Melle: Melle, Merelbeke and Merelbeke-Melle
        "71072": "beide",  # Hasselt: 71022 (M-02, vragend) and 71072 (M-04, aanbiedend)
        "44021": "beide",  # Gent
        "44087": "vragend",  # Lochristi: 44034 and Wachtebeke 44073 (M-05), 44087 (M-04)
        "46030": "vragend",  # Beveren-Kruibeke-Zwijndrecht, through Zwijndrecht 11056
    }
    total = figures.gemeenten_totaal(merged, Filters()).frame.iloc[0]
    assert (total["gemeenten"], total["beide"]) == (7, 3)
    lochristi = figures.gemeenten(merged, Filters()).frame.set_index("nis").loc["44087"]
    assert lochristi["trajecten_vragend"] == 2  # M-05 counts once, though it names two codes
    assert figures.gemeenten_buiten_periode(merged, Filters()).frame.empty


def test_in_2019_2024_the_old_municipalities_count_and_a_merger_does_not(merged):
    old = Filters(periode="2019-2024")
    k = figures.kerncijfers(merged, old)
    assert (k.aanbiedende_gemeenten, k.vragende_gemeenten) == (5, 7)
    roles = municipalities(merged, periode="2019-2024")
    assert {nis for nis, rol in roles.items() if rol in ("aanbiedend", "beide")} == {
        "37015",
        "44043",
        "44021",
        "44040",
        "11002",
    }
    outside = figures.gemeenten_buiten_periode(merged, old).frame
    assert sorted(outside["nis"]) == ["37022", "44087", "44088", "71072"]
    assert not outside["in_periode"].any()
    # Their figures still count in the totals: every trajectory, expert and euro.
    total = figures.gemeenten_totaal(merged, old).frame.iloc[0]
    new = figures.gemeenten_totaal(merged, Filters()).frame.iloc[0]
    assert total["experts"] == new["experts"] == 5
    assert total["financiering_experts"] == new["financiering_experts"]
    assert total["trajecten_aanbiedend"] == new["trajecten_aanbiedend"] == 7


def test_a_province_is_the_province_of_the_period(merged):
    antwerpen = ("Antwerpen",)
    assert sorted(municipalities(merged, provincies=antwerpen)) == ["11002"]
    old = municipalities(merged, provincies=antwerpen, periode="2019-2024")
    assert sorted(old) == ["11002", "11056"]  # Zwijndrecht was in Antwerpen until 2024
    assert figures.kerncijfers(merged, Filters(provincies=antwerpen)).trajecten == 1  # M-07


def test_a_municipality_filter_covers_its_older_codes(merged):
    tielt = figures.trajecten(merged, Filters(gemeente="37022")).frame
    assert list(tielt["traject_id"]) == ["M-01", "M-03"]
    old = figures.trajecten(merged, Filters(gemeente="37015", periode="2019-2024")).frame
    assert list(old["traject_id"]) == ["M-01"]


def test_answer_json_names_municipalities_by_their_resolved_code(merged, settings):
    """CONTRACT.md section 4: the codes as resolved at import; the draft counts per period."""
    answer = answer_342(settings)
    contract = answer.figures["vraag_1"]
    codes = [g["nis"] for g in contract["gemeenten"]]
    assert codes == ["37015", "37022", "44043", "71022", "71072"]
    shown = answer.shown["vraag_1"]
    assert [g["nis"] for g in shown["gemeenten"]] == ["37022", "44088", "71072"]
    assert [g["experts"] for g in shown["gemeenten"]] == [2, 1, 2]
    assert contract["totaal_financiering_eur"] == shown["totaal_financiering_eur"]
    assert str(shown["totaal_financiering_eur"]) == "35000.50"


def test_now_resolves_to_the_newest_version_and_says_so(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    source = Database(settings)
    stand = resolve(source, NOW)
    assert stand.moment == T1.replace(tzinfo=None)
    assert {v.version for v in stand.versions} == {1}
    text = stand_text(stand)
    assert text.startswith("Stand van de gegevens: 01/03/2024 14:05:09 (Brusselse tijd)")
    assert "Trajecten versie 1" in text and "Nu" not in text
    # The stated moment gives the same figures again.
    again = figures.kerncijfers(source, Filters(stand=stand.moment))
    assert dataclasses.replace(again, cards={}) == dataclasses.replace(
        figures.kerncijfers(source, Filters()), cards={}
    )


def test_every_figure_query_has_provenance_with_sheet_row_and_version(settings):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    source = Database(settings)
    for name in queries.names():
        query = queries.load(name)
        if query.provenance is None:
            assert name.startswith("versies"), f"{name}: a figure without provenance"
            continue
        figure = run(source, name, Filters(), traject="W1-01")
        rows = figure.provenance()
        assert {"dataset", "versie_id", "rij", "bestandsnaam", "gebruiker"} <= set(rows.columns)
        assert set(rows["versie_id"]) <= {1}, name
        assert (rows["bestandsnaam"] == "fixture.xlsx").all(), name
        assert (rows["rij"] >= 2).all(), name  # Excel rows: row 1 holds the headers


def test_a_card_is_made_of_exactly_its_provenance_rows(settings):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    source = Database(settings)
    k = figures.kerncijfers(source, Filters(oproepen=(2022,)))
    trajecten = k.cards["trajecten"].provenance()
    assert len(trajecten) == k.trajecten == 4
    assert sorted(trajecten["sleutel"]) == ["W1-01", "W1-02", "W1-03", "W1-04"]
    aanbiedend = k.cards["aanbiedend"].provenance()
    assert aanbiedend["nis"].nunique() == k.aanbiedende_gemeenten
    scores = k.cards["tevredenheid"].provenance()
    mean = sum(scores["score"]) / len(scores)
    assert round(mean, 2) == float(k.gemiddelde_tevredenheid)
    paid = k.cards["uitbetaald"].provenance()
    pairs = zip(paid["maat"], paid["bedrag"], strict=True)
    signed = [-b if s == "teruggevorderd" else b for s, b in pairs]
    assert sum(signed) == k.uitbetaald
    lines = figures.budgetlijnen(source, Filters())
    assert set(lines.provenance()["dataset"]) == {"budget", "financien"}


def test_the_annex_lists_the_excel_rows_of_every_figure(settings, tmp_path):
    import openpyxl

    from wisselaar.answer_files import write_answer_files

    import_workbook(settings, FIXTURE, user="anna", now=T1)
    write_answer_files(answer_342(settings), tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "bijlage.xlsx")["Herkomst"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] and r[0].startswith("Vraag ")]
    by_label = {(r[0], r[1], r[2]): r for r in rows}
    assert by_label[("Vraag 2", "Uitwisselingstrajecten", "Trajecten")][7] == "2-8"
    assert by_label[("Vraag 1", "Gemeenten met een expert en hun financiering", "Experts")][7]
    budget = by_label[("Vraag 4", "Budgetlijnen", "Financien")]
    assert (budget[3], budget[4], budget[5]) == (1, "fixture.xlsx", "anna")
    assert {r[0] for r in rows} == {f"Vraag {n}" for n in range(1, 7)}


def test_row_ranges():
    assert row_ranges([8, 2, 3, 4, 5, 10, 11, 3]) == "2-5, 8, 10-11"
    assert row_ranges([]) == ""


def test_the_same_scope_gives_the_same_json_whatever_surface_asks(settings):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    first = answer_342(settings).to_json()
    assert json.loads(first) == json.loads(answer_342(settings, T1.replace(tzinfo=None)).to_json())


def test_a_value_asked_by_two_threads_at_once_is_made_once(settings):
    """The warm-up and a session (or two sessions) asking for the same figure share one
    computation: the second waits for the first's value."""
    import threading

    from wisselaar import reads

    started, release, made = threading.Event(), threading.Event(), []

    def produce() -> str:
        made.append(1)
        started.set()
        release.wait(10)
        return "waarde"

    results: list[str] = []
    first = threading.Thread(
        target=lambda: results.append(reads.memo(settings, "samen", {}, produce))
    )
    first.start()
    started.wait(10)
    second = threading.Thread(
        target=lambda: results.append(reads.memo(settings, "samen", {}, produce))
    )
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first's value, not making its own
    release.set()
    first.join(10)
    second.join(10)
    assert results == ["waarde", "waarde"] and made == [1]
