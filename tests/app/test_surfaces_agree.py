"""One truth: for the same (moment, filters, period) every surface shows the same figure.

For combinations of moment, call, province, status and period drawn by a seeded generator,
on the hand-checked fixture and on a workbook with merged municipalities on both sides of
2025, this compares the figure engine with what the pages show (AppTest: cards, table titles
and rows), the export behind a table (the downloaded .xlsx: its counts and the moment and
versions it states), `answer --json` (where the combination has no filters: question 342 has
none), and a composed question's draft (its text and annex; blocks count today's
municipalities, so for the 2025 period).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from tests.app.conftest import downloaded, open_page, tables_open
from tests.conftest import FIXTURE, edited_workbook
from tests.merged_fixture import write_merged_workbook
from wisselaar import cli, figures
from wisselaar.engine import Database, resolve
from wisselaar.filters import NOW, Filters
from wisselaar.formatting import (
    format_decimal_places,
    format_eur,
    format_eur_text,
    format_int,
    format_pct,
)
from wisselaar.i18n import tn
from wisselaar.ingest import import_workbook
from wisselaar.provenance import stand_text
from wisselaar.question_blocks import question_files_bytes
from wisselaar.questions import Block, BlockFilters, Question

pytestmark = pytest.mark.slow
COMBINATIONS = 13  # per workbook: 26 in all
T1 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2025, 8, 1, 9, 0, tzinfo=dt.UTC)
PROVINCES = ((), ("Antwerpen",), ("Oost-Vlaanderen",), ("Limburg",), ("West-Vlaanderen",))
STATUSES = ((), ("lopend",), ("afgerond", "lopend"), ("stopgezet", "goedgekeurd"))


@dataclass(frozen=True)
class Combination:
    version: int | None  # "stand van": a version, or None for now
    oproepen: tuple[int, ...]
    provincies: tuple[str, ...]
    statussen: tuple[str, ...]
    periode: str

    @property
    def unfiltered(self) -> bool:
        return not (self.oproepen or self.provincies or self.statussen)

    def query(self) -> dict[str, str | list[str]]:
        """The page URL's parameters (?oproep=2023&status=lopend&periode=...&stand=1)."""
        params: dict[str, str | list[str]] = {}
        if self.version:
            params["stand"] = str(self.version)
        if self.periode != "2025":
            params["periode"] = self.periode
        for key, values in (
            ("oproep", self.oproepen),
            ("provincie", self.provincies),
            ("status", self.statussen),
        ):
            if values:
                params[key] = [str(v) for v in values]
        return params


def combinations(seed: int, calls: tuple[int, ...]) -> list[Combination]:
    rng = random.Random(seed)
    drawn = [Combination(None, (), (), (), "2025"), Combination(1, (), (), (), "2019-2024")]
    while len(drawn) < COMBINATIONS:
        drawn.append(
            Combination(
                rng.choice((None, 1)),
                tuple(sorted(rng.sample(calls, rng.choice((0, 1, 1, 2))))),
                rng.choice(PROVINCES),
                rng.choice(STATUSES),
                rng.choice(("2025", "2025", "2019-2024")),
            )
        )
    return drawn


def fixture_db(settings, tmp_path: Path) -> None:
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    later = edited_workbook(
        tmp_path / "later.xlsx",
        [("Trajecten", "I8", "lopend"), ("Budget", "C3", 200000)],
        keep=["Trajecten", "Budget"],
    )
    assert import_workbook(settings, later, user="bert", now=T2).errors == []


def merged_db(settings, tmp_path: Path) -> None:
    workbook = write_merged_workbook(tmp_path / "fusies.xlsx")
    assert import_workbook(settings, workbook, user="anna", now=T1).errors == []
    later = edited_workbook(
        tmp_path / "later.xlsx",
        [("Trajecten", "I6", "afgerond"), ("Budget", "C4", 90000)],
        source=workbook,
        keep=["Trajecten", "Budget"],
    )
    assert import_workbook(settings, later, user="bert", now=T2).errors == []


def scope(settings, combination: Combination) -> Filters:
    stand = NOW
    if combination.version:
        versions = figures.versies(Database(settings))
        row = versions[versions["versie_id"] == combination.version].iloc[0]
        stand = row["aangemaakt_op"].to_pydatetime().replace(tzinfo=None)
    return Filters(
        stand=stand,
        oproepen=combination.oproepen,
        provincies=combination.provincies,
        statussen=combination.statussen,
        periode=combination.periode,
    )


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def check_overzicht(app: AppTest, k: figures.Kerncijfers) -> None:
    shown = metrics(app)
    assert shown["Trajecten"] == format_int(k.trajecten)
    assert shown["Ondernomen"] == format_int(k.ondernomen)
    assert shown["Aanbiedende besturen"] == format_int(k.aanbiedende_gemeenten)
    assert shown["Vragende besturen"] == format_int(k.vragende_gemeenten)
    assert shown["Budget beschikbaar"] == format_eur(k.beschikbaar)
    assert shown["Uitbetaald"] == format_eur(k.uitbetaald)
    assert shown["Benutting"] == (format_pct(k.benutting_pct, 1) or "–")
    assert shown["Gemiddelde tevredenheid"] == (
        format_decimal_places(k.gemiddelde_tevredenheid, 2) or "–"
    )
    assert shown["Doelen bereikt"] == (format_pct(k.doelen_bereikt_pct, 1) or "–")


def check_gemeenten(app: AppTest, count: int, nis: list[str]) -> None:
    assert any(h.value == f"Gemeenten in het programma ({count})" for h in app.subheader)
    table = next(d.value for d in app.dataframe if "Telt voor" not in d.value.columns)
    assert sorted(table["NIS-code"]) == sorted(nis)


def check_trajecten(app: AppTest, managers: list, k, per_status, stand) -> None:
    assert any(h.value == f"Alle trajecten ({k.trajecten})" for h in app.subheader)
    status = next(d.value for d in app.dataframe if "lopend" in set(d.value.iloc[:, 0]))
    assert dict(zip(status.iloc[:, 0], status.iloc[:, 1], strict=True)) == per_status
    book = openpyxl.load_workbook(io.BytesIO(downloaded(managers, app, "per_status_xlsx")))
    cells = [row for row in book.active.iter_rows(values_only=True) if row[0] is not None]
    assert cells[1][0] == stand_text(stand)  # the moment and versions it shows, always
    exported = {row[0]: row[1] for row in cells if row[0] in per_status}
    assert exported == per_status


def check_answer_json(settings, filters: Filters, k, per_status) -> None:
    command = ["answer", "--json", "--db", str(settings.db_path)]
    if filters.stand != NOW:
        command += ["--as-of", filters.stand.replace(tzinfo=dt.UTC).isoformat()]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(command) == 0
    printed = json.loads(out.getvalue())
    v2, v3, v4, v6 = (printed[f"vraag_{n}"] for n in (2, 3, 4, 6))
    assert (v2["aantal_trajecten"], v2["ondernomen"]) == (k.trajecten, k.ondernomen)
    assert v2["per_status"] == per_status and v3["aantal_evaluaties"] == k.evaluaties
    assert v4["totaal_beschikbaar_eur"] == float(k.beschikbaar)
    assert v4["totaal_uitbetaald_eur"] == float(k.uitbetaald)
    assert v6["benutting_pct"] == (None if k.benutting_pct is None else float(k.benutting_pct))
    assert v6["aandeel_doelen_bereikt_pct"] == (
        None if k.doelen_bereikt_pct is None else float(k.doelen_bereikt_pct)
    )


def check_draft(settings, combination: Combination, filters: Filters, k, count: int) -> None:
    block_filters = BlockFilters(
        oproepen=combination.oproepen,
        provincies=combination.provincies,
        statussen=combination.statussen,
        stand=None if filters.stand == NOW else filters.stand,
    )
    question = Question(
        "999",
        dt.date(2025, 9, 1),
        "Een lid",
        blokken=(
            Block("kerncijfers", "De kerncijfers?", block_filters),
            Block("gemeenten", "Welke gemeenten?", block_filters),
            Block("v2", "Hoeveel trajecten?", block_filters),
        ),
    )
    files = question_files_bytes(settings, question)
    document = Document(io.BytesIO(files["antwoord.docx"]))
    # The kerncijfers sentence holds the engine's figures for the block's scope, each as the
    # draft writes it (counts with their plural, amounts as "… euro").
    figures_written = [
        tn("aantal.trajecten", "nl", k.trajecten),
        f"waarvan {format_int(k.ondernomen)} ondernomen",
        tn("aantal.aanbiedend", "nl", k.aanbiedende_gemeenten),
        tn("aantal.vragend", "nl", k.vragende_gemeenten),
        tn("aantal.evaluaties", "nl", k.evaluaties),
        format_eur_text(k.beschikbaar),
        format_eur_text(k.uitbetaald),
        *(
            [f"tevredenheid van {format_decimal_places(k.gemiddelde_tevredenheid, 2)} op 5"]
            if k.gemiddelde_tevredenheid is not None
            else []
        ),
        *([f"In {format_pct(k.doelen_bereikt_pct, 1)} van"] if k.doelen_bereikt_pct else []),
        *([f"benutting van {format_pct(k.benutting_pct, 1)}"] if k.benutting_pct else []),
    ]
    texts = [p.text.replace("\u00a0", " ") for p in document.paragraphs]
    sentence = next(x for x in texts if x.startswith("Het programma telt "))
    assert [f for f in figures_written if f not in sentence] == []
    book = openpyxl.load_workbook(io.BytesIO(files["bijlage.xlsx"]))
    assert len(table_rows(book["Vraag 2"], "NIS-code")) == count
    assert len(table_rows(book["Vraag 3"], "Traject-ID")) == k.trajecten
    assert "Herkomst" in book.sheetnames


def table_rows(sheet, first_header: str) -> list[tuple]:
    """The rows of the annex table whose header starts with `first_header`, up to a blank."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_header) + 1
    end = next((i for i in range(start, len(rows)) if all(v is None for v in rows[i])), len(rows))
    return rows[start:end]


@pytest.mark.parametrize(
    ("build", "seed", "calls"),
    [(fixture_db, 342, (2022, 2023)), (merged_db, 145, (2023, 2024, 2025))],
    ids=["fixture", "fusies"],
)
def test_every_surface_shows_the_same_figures(settings, tmp_path, managers, build, seed, calls):
    build(settings, tmp_path)
    source = Database(settings)
    for combination in combinations(seed, calls):
        filters = scope(settings, combination)
        k = figures.kerncijfers(source, filters)
        total = figures.gemeenten_totaal(source, filters).frame.iloc[0]
        involved = list(figures.gemeenten(source, filters).frame["nis"])
        assert int(total["gemeenten"]) == len(involved)
        status = figures.per_kenmerk(source, filters, "status").frame
        per_status = dict(zip(status["waarde"], status["aantal"].astype(int), strict=True))
        stand = resolve(source, filters.stand)
        query = combination.query()
        try:
            check_overzicht(open_page("pages/overzicht.py", **query), k)
            check_gemeenten(open_page("pages/gemeenten.py", **query), len(involved), involved)
            trajecten = tables_open(open_page("pages/trajecten.py", **query))
            check_trajecten(trajecten, managers, k, per_status, stand)
            if combination.unfiltered:
                check_answer_json(settings, filters, k, per_status)
            if combination.periode == "2025":
                check_draft(settings, combination, filters, k, len(involved))
        except AssertionError as error:
            raise AssertionError(f"{combination}: {error}") from error
