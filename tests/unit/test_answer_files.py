"""The draft answer (.docx) and annex (.xlsx) of question 342 on the hand-checked fixture.

Every figure is read back from the real files (python-docx, openpyxl) and compared with the
hand-checked values of test_answer.py, written out in Belgian notation; the files, `answer
--json` and the dashboard agree; `--as-of` reproduces earlier files exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from tests.conftest import FIXTURE, edited_workbook
from tests.unit.test_answer import EXPECTED
from wisselaar import figures as engine_figures
from wisselaar.answer import answer_342
from wisselaar.answer_files import answer_files_bytes, write_answer_files
from wisselaar.draft_files import MAX_BULLETS, Draft, Heading, Section, Table, docx_bytes
from wisselaar.engine import Database
from wisselaar.filters import Filters
from wisselaar.ingest import import_workbook
from wisselaar.moments import parse_as_of

PROJECT = Path(__file__).resolve().parents[2]
T1 = dt.datetime(2024, 3, 1, 13, 5, 9, 250000, tzinfo=dt.UTC)  # 14:05:09 in Brussels
T2 = dt.datetime(2024, 4, 2, 8, 0, tzinfo=dt.UTC)
STAND_1 = "2024-03-01T14:05:09+01:00"
STAND_LINE = (
    "Stand van de gegevens: 01/03/2024 14:05:09 (Brusselse tijd); gegevens uit Trajecten "
    "versie 1, Experts versie 1, Criteria versie 1, Budget versie 1, Financien versie 1, "
    "Evaluaties versie 1."
)
SOBER_STAND = "Stand van de gegevens: 1 maart 2024, 14.05 uur (Brusselse tijd)."
EUR = '"€" #,##0.00'

# The six answers as a written answer reads them ("- ": a list paragraph), hand-checked against
# the figures of EXPECTED (test_answer.py): every figure appears, amounts as "37.500,50 euro",
# counts with their plural ("1 expert", "2 experts"), tables by the number and title the annex
# gives them.
ANSWERS = {
    1: [
        "In totaal stellen 3 gemeenten een armoedebestrijdingsexpert ter beschikking van andere "
        "gemeenten. Samen gaat het om 4 experts, met een financiering van in totaal 37.500,50 "
        "euro.",
        "Per gemeente:",
        "- Gent: 2 experts, 20.000,50 euro",
        "- Leuven: 1 expert, 5.000,00 euro",
        "- Mechelen: 1 expert, 12.500,00 euro",
        "Tabel 1 van de bijlage, ‘Gemeenten met een armoedebestrijdingsexpert en hun "
        "financiering’, geeft dit overzicht met de provincie van elke gemeente.",
    ],
    2: [
        "In totaal zijn 7 uitwisselingstrajecten geregistreerd: 4 uit de oproep van 2022 en 3 uit "
        "die van 2023. Daarvan zijn er 5 ondernomen: 2 zijn afgerond, 2 lopen nog en 1 werd "
        "stopgezet. Verder is 1 traject goedgekeurd maar nog niet gestart en wordt over 1 "
        "aanvraag nog beslist.",
        "De trajecten zijn:",
        "- W1-01: van Mechelen naar Leuven (mentoring, afgerond)",
        "- W1-02: van Gent naar Aalst en Melle (stage, afgerond)",
        "- W1-03: van Leuven naar Genk (combinatie, lopend)",
        "- W1-04: van Gent naar Kortrijk (op maat, stopgezet)",
        "- W2-01: van Mechelen naar Hasselt (mentoring, lopend)",
        "- W2-02: van Genk naar Mechelen (stage, goedgekeurd)",
        "- W2-03: van Kortrijk naar Leuven (mentoring, aangevraagd)",
        "Tabel 2.1 van de bijlage, ‘Uitwisselingstrajecten’, geeft per traject de aanbiedende en "
        "de vragende gemeenten, de vorm, de status en de looptijd; tabel 2.2, ‘Trajecten per "
        "status en per oproep’, vat de aantallen samen.",
    ],
    3: [
        "Over de trajecten zijn 6 evaluaties ingediend door de aanbiedende en de vragende "
        "gemeenten. Gemiddeld geven de gemeenten de uitwisseling een tevredenheidsscore van 4,20 "
        "op 5. Volgens de evaluaties werden de vooropgestelde doelen in 2 gevallen bereikt, in 2 "
        "gevallen gedeeltelijk en in 1 geval niet.",
        "De gemeenten zien vooral de volgende meerwaarde in de uitwisseling (een evaluatie kan "
        "meer dan één meerwaarde noemen):",
        # EV2 names two themes; its words are quoted once, under the most named.
        "- Kennisopbouw, genoemd in 3 evaluaties: ‘Nieuwe armoedetoets in gebruik’ (Leuven, "
        "vragend bestuur, juli 2023).",
        "- Een sterker netwerk, genoemd in 2 evaluaties.",
        "- Een nieuwe werkwijze, genoemd in 1 evaluatie.",
        "- Betere dienstverlening, genoemd in 1 evaluatie.",
        "- Andere meerwaarde, genoemd in 1 evaluatie.",
        "Alle aantallen staan in tabel 3.1 van de bijlage, ‘Meerwaarde volgens de evaluaties’.",
        "Over de trajecten zijn 2 rapporten beschikbaar:",
        "- Eindrapport W1-01",  # the title names its trajectory: not repeated
        "- Traject W1-02: https://example.org/w1-02.pdf",
    ],
    4: [
        "Voor deze maatregel werd in totaal 432.044,00 euro beschikbaar gesteld. Daarvan is tot "
        "nu toe 346.044,50 euro uitbetaald, een benutting van 80,1 %. Bij een benutting onder 90 % "
        "spreken we van onderbenutting, boven 100 % van overbenutting. Per begrotingsjaar en "
        "budgetlijn:",
        "- Voor begrotingsjaar 2021 (VVSG-begeleiding) werd 182.044,00 euro beschikbaar gesteld "
        "en 182.044,00 euro uitbetaald, een benutting van 100,0 %: het budget werd benut zoals "
        "gepland.",
        "- Voor begrotingsjaar 2022 (Projectsubsidies) werd 150.000,00 euro beschikbaar gesteld "
        "en 54.000,00 euro uitbetaald, een benutting van 36,0 %: er is sprake van "
        "onderbenutting. Trajecten startten later dan gepland.",
        "- Voor begrotingsjaar 2023 (Projectsubsidies) werd 100.000,00 euro beschikbaar gesteld "
        "en 110.000,50 euro uitbetaald, een benutting van 110,0 %: er is sprake van "
        "overbenutting. Extra trajecten na de tweede oproep.",
        "- Voor begrotingsjaar 2024 (Projectsubsidies) werd geen budget beschikbaar gesteld en "
        "niets uitbetaald.",
        "Tabel 4 van de bijlage, ‘Budget per begrotingsjaar en budgetlijn’, geeft per budgetlijn "
        "ook de toegekende en de vastgelegde bedragen.",
    ],
    5: [
        "Een armoedebestrijdingsexpert voldoet aan de volgende 3 criteria:",
        "- Minstens vijf jaar ervaring met lokaal armoedebeleid (3 experts voldoen hieraan).",
        "- Coachende vaardigheden (1 expert voldoet hieraan).",
        "- Kennis van participatie van mensen in armoede (1 expert voldoet hieraan).",
        "Er zijn 4 experts geregistreerd; een expert kan aan meer dan één criterium voldoen. "
        "Tabel 5 van de bijlage, ‘Criteria voor een armoedebestrijdingsexpert’, geeft per "
        "criterium het aantal experts dat eraan voldoet.",
    ],
    6: [
        # Per call, from the trajectories: 2022 W1-01..04 (Mechelen, Gent, Leuven offer; Leuven,
        # Aalst, Melle, Genk, Kortrijk ask), 2023 W2-01..03 (Mechelen, Genk, Kortrijk offer;
        # Hasselt, Mechelen, Leuven ask).
        "Wat het bereik betreft: de oproep van 2022 leverde 4 trajecten op tussen 3 aanbiedende "
        "en 5 vragende gemeenten; die van 2023 leverde 3 trajecten op tussen 3 aanbiedende en 3 "
        "vragende gemeenten. Over alle oproepen samen namen 5 aanbiedende en 7 vragende "
        "gemeenten deel; een gemeente kan aan meer dan één oproep meedoen.",
        "Wat de resultaten betreft: van de 5 ondernomen trajecten zijn er 2 afgerond. In 40,0 % "
        "van de evaluaties met een antwoord werden de doelen bereikt, bij een gemiddelde "
        "tevredenheid van 4,20 op 5.",
        "Wat het budget betreft: van de 432.044,00 euro die beschikbaar werd gesteld, is "
        "346.044,50 euro uitbetaald, een benutting van 80,1 %. Tabel 6.1 van de bijlage, "
        "‘Evaluatie van de maatregel per oproep’, geeft deze cijfers per oproep.",
        "[Beoordeling door de minister: …]",
    ],
}
QUESTIONS = {
    1: "Welke gemeenten namen al een armoedebestrijdingsexpert in dienst? Graag een overzicht "
    "met bijbehorende financiering.",
    5: "Aan welke criteria voldoet een armoedebestrijdingsexpert?",
    6: "Hoe evalueert de minister deze maatregel?",
}


def kenmerk_of(figures_json: str, stand: str = STAND_1, versions: str = "1") -> str:
    return f"W342-{stand}-v{versions}-{hashlib.sha256(figures_json.encode()).hexdigest()[:8]}"


def docx_parts(path: Path) -> tuple[list[tuple[str, str]], dict[int, list[tuple[str, str]]]]:
    """(style, text) of every paragraph before the answers, and per answer (by its number)."""
    paragraphs = [
        (p.style.name, p.text.replace("\u00a0", " ")) for p in Document(str(path)).paragraphs
    ]
    head: list[tuple[str, str]] = []
    answers: dict[int, list[tuple[str, str]]] = {}
    for style, text in paragraphs:
        if style == "Heading 2":
            answers[int(text.rsplit(" ", 1)[1])] = []
        elif answers:
            answers[max(answers)].append((style, text))
        else:
            head.append((style, text))
    return head, answers


def table(sheet, start: int | None = None) -> list[tuple]:
    """The rows of the table whose header is at `start` (default: the frozen header)."""
    first = start or int(sheet.freeze_panes[1:]) - 1
    width = sum(1 for cell in sheet[first] if cell.value is not None)
    rows = []
    for row in sheet.iter_rows(min_row=first + 1, max_col=width, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(row)
    return rows


def header_of(sheet, title: str) -> int:
    """The header row of the further table titled `title`."""
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.value == title:
            return cell.row + 1
    raise AssertionError(title)


@pytest.fixture
def written(settings, tmp_path):
    assert import_workbook(settings, FIXTURE, user="anna", now=T1).errors == []
    answer = answer_342(settings)
    paths = write_answer_files(answer, tmp_path / "uit")
    return answer, paths


def test_the_docx_holds_heading_stand_identifier_and_every_figure(written):
    answer, (docx_path, _) = written
    assert docx_path.name == "antwoord.docx"
    head, answers = docx_parts(docx_path)
    texts = [text for _, text in head]
    headings = [text for style, text in head if style == "Heading 1"]
    assert headings == [
        "SCHRIFTELIJKE VRAAG nr. 342 van 25 mei 2022 van SUZY WOUTERS",
        "GECOÖRDINEERD ANTWOORD",
    ]
    assert texts[1].startswith("BART SOMERS\nVICEMINISTER-PRESIDENT VAN DE VLAAMSE REGERING")
    assert (
        texts[2]
        == "BENJAMIN DALLE\nVLAAMS MINISTER VAN BRUSSEL, JEUGD, MEDIA EN ARMOEDEBESTRIJDING"
    )
    assert "Armoedebeleid lokale besturen - Inzet experts" in texts
    assert (
        "Deze vraag werd gesteld aan de ministers Bart Somers (342) en Benjamin Dalle (145)."
        in texts
    )
    assert "op vraag nr. 342 van 25 mei 2022\nvan SUZY WOUTERS" in texts
    kenmerk = kenmerk_of(answer.to_json())
    document = Document(str(docx_path))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith(f"Kenmerk: {kenmerk} · pagina")
    assert 'w:instr="PAGE"' in footer._p.xml and 'w:instr="NUMPAGES"' in footer._p.xml
    assert document.core_properties.identifier == kenmerk
    assert document.core_properties.comments == STAND_LINE  # the versions: properties only
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert "VOORBEELD" not in document.sections[0].header.paragraphs[0].text

    assert sorted(answers) == [1, 2, 3, 4, 5, 6]  # six numbered answers, in order
    closing = answers[6].pop()  # the sober line that ends the document
    assert closing == (
        "Normal",
        f"Stand van de gegevens: 1 maart 2024, 14.05 uur.\nKenmerk: {kenmerk}",
    )
    for nr, expected in ANSWERS.items():
        body = answers[nr]
        assert body[0] == ("Normal", QUESTIONS.get(nr, body[0][1]))  # the question, then text
        assert body[1:] == [
            ("List Bullet", line[2:]) if line.startswith("- ") else ("Normal", line)
            for line in expected
        ], nr
    # No command line and no internal version codes in the body: those are in the annex.
    body_text = "\n".join(text for _, text in head + [p for a in answers.values() for p in a])
    assert "python -m" not in body_text and "versie" not in body_text.lower()
    assert "(n)" not in body_text and "(s)" not in body_text and "(en)" not in body_text


def test_the_parts_for_the_cabinet_are_highlighted(written):
    _, (docx_path, _) = written
    marked = [
        run
        for paragraph in Document(str(docx_path)).paragraphs
        for run in paragraph.runs
        if run.text.startswith("[")
    ]
    assert [r.text for r in marked] == ["[Beoordeling door de minister: …]"]
    assert marked[0].font.highlight_color == WD_COLOR_INDEX.YELLOW and marked[0].bold


def test_amounts_and_percentages_do_not_break_across_lines(written):
    _, (docx_path, _) = written
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "37.500,50\u00a0euro" in text and "80,1\u00a0%" in text and "37.500,50 euro" not in text


def test_the_xlsx_has_one_sheet_per_question_with_the_right_rows(written):
    answer, (_, xlsx_path) = written
    assert xlsx_path.name == "bijlage.xlsx"
    book = openpyxl.load_workbook(xlsx_path)
    assert book.sheetnames == [
        *(f"Vraag {n}" for n in range(1, 7)),
        "Herkomst",
        "Verantwoording",
    ]
    kenmerk = kenmerk_of(answer.to_json())
    for nr, sheet in enumerate(book.worksheets[:6], 1):
        column_a = [row[0] for row in sheet.iter_rows(max_col=1, values_only=True)]
        assert column_a[0].startswith(f"Tabel {nr}. " if nr in (1, 4, 5) else f"Tabel {nr}.1. ")
        assert (
            "Bijlage bij het antwoord op vraag nr. 342 van 25 mei 2022 van Suzy Wouters" in column_a
        )
        assert SOBER_STAND in column_a and f"Kenmerk: {kenmerk}" in column_a
        assert not any("versie" in str(v) for v in column_a)  # versions: Verantwoording
        header = int(sheet.freeze_panes[1:]) - 1
        assert sheet.cell(row=header, column=1).font.b  # the frozen row is the bold header
        assert sheet.print_title_rows == f"${header}:${header}"
        assert sheet.oddFooter.left.text == kenmerk
        assert sheet.oddFooter.right.text == "pagina &P van &N"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage

    v1 = book["Vraag 1"]
    assert table(v1) == [
        ("12025", "Mechelen", "Antwerpen", 1, 12500),
        ("24062", "Leuven", "Vlaams-Brabant", 1, 5000),
        ("44021", "Gent", "Oost-Vlaanderen", 2, 20000.5),
        (None, "Totaal", None, 4, 37500.5),
    ]
    header = int(v1.freeze_panes[1:]) - 1
    assert [v1.cell(row=header + i, column=5).number_format for i in range(1, 5)] == [EUR] * 4
    assert v1.cell(row=header + 4, column=2).font.b

    v2 = book["Vraag 2"]
    assert [c.value for c in v2[int(v2.freeze_panes[1:]) - 1]] == [
        "Traject-ID", "Oproep", "Aanbiedend (NIS)", "Aanbiedend bestuur", "Vragend (NIS)",
        "Vragend bestuur", "Vorm", "Status", "Startdatum", "Einddatum",
    ]  # fmt: skip
    rows = table(v2)
    assert [r[:8] for r in rows] == [
        ("W1-01", 2022, "12025", "Mechelen", "24062", "Leuven", "mentoring", "afgerond"),
        ("W1-02", 2022, "44021", "Gent", "41002; 44040", "Aalst; Melle", "stage", "afgerond"),
        ("W1-03", 2022, "24062", "Leuven", "71016", "Genk", "combinatie", "lopend"),
        ("W1-04", 2022, "44021", "Gent", "34022", "Kortrijk", "op maat", "stopgezet"),
        ("W2-01", 2023, "12025", "Mechelen", "71022", "Hasselt", "mentoring", "lopend"),
        ("W2-02", 2023, "71016", "Genk", "12025", "Mechelen", "stage", "goedgekeurd"),
        ("W2-03", 2023, "34022", "Kortrijk", "24062", "Leuven", "mentoring", "aangevraagd"),
    ]
    assert rows[0][8:] == (dt.datetime(2022, 9, 1), dt.datetime(2023, 6, 30))
    assert rows[2][8:] == (dt.datetime(2023, 1, 15), None)
    assert table(v2, header_of(v2, "Tabel 2.2. Trajecten per status en per oproep")) == [
        ("Trajecten", None, 7),
        ("Ondernomen (lopend, afgerond of stopgezet)", None, 5),
        ("Status", "aangevraagd", 1),
        ("Status", "goedgekeurd", 1),
        ("Status", "lopend", 2),
        ("Status", "afgerond", 2),
        ("Status", "stopgezet", 1),
        ("Oproep", "2022", 4),
        ("Oproep", "2023", 3),
    ]

    v3 = book["Vraag 3"]
    expected3 = EXPECTED["vraag_3"]
    assert table(v3) == [
        ("Evaluaties", None, 6),
        ("Gemiddelde tevredenheid (1 tot 5)", None, 4.2),
        *(("Doelen bereikt", d, n) for d, n in expected3["doelen_bereikt"].items()),
        *(("Meerwaarde", m, n) for m, n in expected3["meerwaarde"].items()),
    ]
    assert v3.cell(row=int(v3.freeze_panes[1:]) + 1, column=3).number_format == "0.00"
    assert table(v3, header_of(v3, "Tabel 3.2. Rapporten over de trajecten")) == [
        ("W1-01", "Eindrapport W1-01"),
        ("W1-02", "https://example.org/w1-02.pdf"),
    ]

    v4 = book["Vraag 4"]
    keys = ("begrotingsjaar", "budgetlijn", "beschikbaar_eur", "toegekend_eur")
    keys += ("vastgelegd_eur", "uitbetaald_eur", "benutting_pct", "oordeel", "toelichting")
    lines = [
        tuple(line[k] or None if k == "toelichting" else line[k] for k in keys)
        for line in EXPECTED["vraag_4"]["budgetlijnen"]
    ]
    total = ("Totaal", None, 432044, 342044, 207044, 346044.5, 80.1, None, None)
    assert table(v4) == [*lines, total]
    first = int(v4.freeze_panes[1:])
    assert {v4.cell(row=first + i, column=c).number_format for i in range(5) for c in (3, 6)} == {
        EUR
    }
    assert v4.cell(row=first, column=7).number_format == "0.0"

    assert table(book["Vraag 5"]) == [
        (c["code"], c["omschrijving"], c["aantal_experts"]) for c in EXPECTED["vraag_5"]["criteria"]
    ]
    v6 = book["Vraag 6"]
    # Per call (2022: W1-01..04 and all six evaluations; 2023: W2-01..03, none evaluated),
    # then all calls: the overall figures, not a sum (a municipality counts once).
    assert table(v6) == [
        (2022, 4, 4, 2, 3, 5, 6, 40, 4.2),
        (2023, 3, 1, 0, 3, 3, 0, None, None),
        ("Alle oproepen", 7, 5, 2, 5, 7, 6, 40, 4.2),
    ]
    first = int(v6.freeze_panes[1:])
    assert v6.cell(row=first, column=9).number_format == "0.00"  # 4.20, not 4.2
    summary = "Tabel 6.2. Evaluatie van de maatregel: samenvatting"
    assert table(v6, header_of(v6, summary)) == [
        ("Ondernomen (lopend, afgerond of stopgezet)", 5),
        ("Afgerond", 2),
        ("Evaluaties met doelen bereikt (%)", 40),
        ("Gemiddelde tevredenheid (1 tot 5)", 4.2),
        ("Benutting van het budget (%)", 80.1),
    ]


def test_formula_like_text_is_neutralised_in_the_annex(settings, tmp_path):
    def as_text(workbook: openpyxl.Workbook) -> None:
        cell = workbook["Budget"]["D3"]
        cell.value, cell.data_type = '=HYPERLINK("http://x")', "s"  # text, not a formula

    workbook = edited_workbook(
        tmp_path / "formules.xlsx", [("Evaluaties", "I2", "@SUM(A1)")], change=as_text
    )
    assert import_workbook(settings, workbook, user="anna").errors == []
    files = answer_files_bytes(answer_342(settings))
    (tmp_path / "b.xlsx").write_bytes(files["bijlage.xlsx"])
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    values = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
    assert '\'=HYPERLINK("http://x")' in values and "'@SUM(A1)" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "@")) for v in values)


def test_sample_data_is_marked_in_both_files(settings, tmp_path):
    assert import_workbook(settings, FIXTURE, user="anna", sample=True).errors == []
    files = answer_files_bytes(answer_342(settings))
    (tmp_path / "a.docx").write_bytes(files["antwoord.docx"])
    (tmp_path / "b.xlsx").write_bytes(files["bijlage.xlsx"])
    document = Document(str(tmp_path / "a.docx"))
    assert "VOORBEELDGEGEVENS" in document.sections[0].header.paragraphs[0].text
    body = [p.text for p in document.paragraphs]
    assert "VOORBEELDGEGEVENS – GEEN ECHTE CIJFERS" in body
    assert any("LET OP: dit zijn voorbeeldgegevens" in text for text in body)
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")["Vraag 1"]
    assert sheet["A2"].value == "VOORBEELDGEGEVENS – GEEN ECHTE CIJFERS"
    assert "VOORBEELDGEGEVENS" in sheet.oddHeader.left.text


def test_the_files_the_json_and_the_dashboard_agree(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna", now=T1)
    budget = edited_workbook(tmp_path / "b.xlsx", [("Budget", "C3", 200000)], keep=["Budget"])
    import_workbook(settings, budget, user="bert", now=T2)
    for when in ("2024-03-15", None):  # between the uploads, and now
        stand = parse_as_of(when) if when else Filters().stand
        command = [sys.executable, "-m", "wisselaar", "answer", "--json", "--db"]
        command += [str(settings.db_path), "--out", str(tmp_path / "uit")]
        command += ["--as-of", when] if when else []
        done = subprocess.run(
            command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=True
        )
        printed = done.stdout.strip().splitlines()[-1]
        figures = json.loads(printed)
        book = openpyxl.load_workbook(tmp_path / "uit" / "bijlage.xlsx")
        o = engine_figures.kerncijfers(Database(settings), Filters(stand=stand))
        lines = engine_figures.budgetlijnen(Database(settings), Filters(stand=stand)).frame
        status = engine_figures.per_kenmerk(Database(settings), Filters(stand=stand), "status")
        status = status.frame
        per_status = dict(zip(status["waarde"], status["aantal"], strict=True))

        *xlsx_lines, xlsx_total = table(book["Vraag 4"])
        v4, v6 = figures["vraag_4"], figures["vraag_6"]
        assert xlsx_total[2] == v4["totaal_beschikbaar_eur"] == _number(o.beschikbaar)
        assert xlsx_total[5] == v4["totaal_uitbetaald_eur"] == _number(o.uitbetaald)
        assert xlsx_total[6] == v6["benutting_pct"] == _number(o.benutting_pct)
        page = [
            (r.beschikbaar_eur, r.uitbetaald_eur, r.benutting_pct, r.oordeel)
            for r in lines.itertuples()
        ]
        in_json = [
            (x["beschikbaar_eur"], x["uitbetaald_eur"], x["benutting_pct"], x["oordeel"])
            for x in figures["vraag_4"]["budgetlijnen"]
        ]
        in_xlsx = [(r[2], r[5], r[6], r[7]) for r in xlsx_lines]
        assert in_xlsx == in_json == [tuple(_number(v) for v in row) for row in page]

        v2 = figures["vraag_2"]
        assert len(table(book["Vraag 2"])) == v2["aantal_trajecten"] == o.trajecten
        assert v2["per_status"] == per_status and v2["ondernomen"] == o.ondernomen
        v3 = figures["vraag_3"]
        assert v3["aantal_evaluaties"] == o.evaluaties
        assert table(book["Vraag 3"])[1][2] == v3["gemiddelde_tevredenheid"]
        assert v3["gemiddelde_tevredenheid"] == _number(o.gemiddelde_tevredenheid)
        summary = header_of(book["Vraag 6"], "Tabel 6.2. Evaluatie van de maatregel: samenvatting")
        assert table(book["Vraag 6"], summary)[2][1] == v6["aandeel_doelen_bereikt_pct"]
        assert v6["aandeel_doelen_bereikt_pct"] == _number(o.doelen_bereikt_pct)
        assert table(book["Vraag 1"])[-1][4] == figures["vraag_1"]["totaal_financiering_eur"]
        # The identifier in both files is the hash of exactly this JSON.
        versions = "1" if when else "1.2"
        stand_van = figures["stand_van"]
        kenmerk = kenmerk_of(printed, stand_van, versions)
        assert book["Vraag 1"].oddFooter.left.text == kenmerk
        footer = Document(str(tmp_path / "uit" / "antwoord.docx")).sections[0].footer
        assert kenmerk in footer.paragraphs[0].text
    assert figures["vraag_4"]["totaal_beschikbaar_eur"] == 482044  # the later upload counts now


def _number(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def _contents(folder: Path) -> tuple[list[str], list[list[tuple]]]:
    paragraphs = [p.text for p in Document(str(folder / "antwoord.docx")).paragraphs]
    book = openpyxl.load_workbook(folder / "bijlage.xlsx")
    return paragraphs, [list(s.iter_rows(values_only=True)) for s in book.worksheets]


def test_as_of_before_a_later_upload_reproduces_the_earlier_files(settings, tmp_path):
    def answer(out: str, *options: str) -> Path:
        command = [sys.executable, "-m", "wisselaar", "answer", "--db", str(settings.db_path)]
        subprocess.run(
            [*command, "--out", str(tmp_path / out), *options],
            cwd=PROJECT,
            capture_output=True,
            timeout=120,
            check=True,
        )
        return tmp_path / out

    import_workbook(settings, FIXTURE, user="anna", now=T1)
    before = _contents(answer("eerst"))
    later = edited_workbook(
        tmp_path / "later.xlsx",
        [("Budget", "C3", 200000), ("Trajecten", "I8", "afgerond")],
        keep=["Budget", "Trajecten"],
    )
    assert import_workbook(settings, later, user="bert", now=T2).errors == []
    changed = _contents(answer("nu"))
    assert changed != before
    again = _contents(answer("opnieuw", "--as-of", STAND_1))
    assert again == before  # every paragraph and every cell, identifier included
    assert any(f"Kenmerk: W342-{STAND_1}-v1-" in line for line in again[0])


def test_long_lists_stay_in_the_annex():
    bullets = [f"- T{i:02}" for i in range(MAX_BULLETS + 5)]
    lines = ("Er zijn veel trajecten (zie bijlage, tabel 1):", *bullets)
    draft = Draft(
        Heading("999", dt.date(2024, 1, 2), "Een Lid", (("Een Minister", ""),)),
        ("Inleiding.",),
        "Stand van de gegevens: ...",
        "W999-x",
        "",
        False,
        (Section("Antwoord op vraag 1", "Hoeveel?", lines, (Table("T", ("A",), [["x"]]),)),),
    )
    document = Document(io.BytesIO(docx_bytes(draft)))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == MAX_BULLETS + 1
    assert bullets[-1] == "… en nog 5 (zie bijlage, tabel 1)."
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["SCHRIFTELIJKE VRAAG nr. 999 van 2 januari 2024 van EEN LID", "ANTWOORD"]
