"""Issue 12, the import parts: hostile and careless workbooks get a bounded, worded answer.

Error floods are counted in full but listed only up to the limit, long values are shortened,
many ignored columns make one warning, amounts too large for DECIMAL(18,2) and Excel error
cells are errors naming the cell, macros are refused, hidden rows and sheets are read with a
warning, and an invisible character in an ID is named. All workbooks are built here; the
tests assert on counts, words and output size, never on time.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURE
from tests.validation_support import (
    accepted,
    assert_mentions,
    cell_error,
    refused,
    rewrite_cells,
    stored,
    texts,
)
from tests.workbook_parts import build, shared_strings, sheet_xml, text_cell
from wisselaar import figures as fig
from wisselaar.cli import main
from wisselaar.engine import Database
from wisselaar.filters import Filters
from wisselaar.schema import EVALUATIES
from wisselaar.store import Store, list_versions
from wisselaar.worksheet_scan import cell_ref

ROWS = 3000


def flood(path: Path, length: int) -> Path:
    """Evaluaties: the headers, then 3,000 rows whose every cell is one long shared string."""
    headers = [c.header for c in EVALUATIES.columns]
    long = "x" * length
    header = "".join(f'<c r="{cell_ref(0, i)}" t="s"><v>{i}</v></c>' for i in range(len(headers)))
    body = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{cell_ref(r - 1, i)}" t="s"><v>{len(headers)}</v></c>'
            for i in range(len(headers))
        )
        + "</row>"
        for r in range(2, ROWS + 2)
    )
    extra = {"xl/sharedStrings.xml": shared_strings([*headers, long])}
    path.write_bytes(build({"Evaluaties": sheet_xml(f'<row r="1">{header}</row>{body}')}, extra))
    return path


def cli(settings, path: Path, capsys) -> tuple[int, str, str]:
    code = main(["import", str(path), "--db", str(settings.db_path), "--user", "test"])
    out, err = capsys.readouterr()
    return code, out, err


# -- point 2: an error flood --------------------------------------------------------------


def test_a_flood_of_errors_is_counted_whole_and_listed_in_part(settings, tmp_path, capsys):
    path = flood(tmp_path / "flood.xlsx", 2000)
    result = refused(settings, path)
    # Every cell of the 5 columns with rules of their own is wrong (Rol, Datum, Tevredenheid,
    # Doelen bereikt, Meerwaarde), every Evaluatie-ID but the first repeats one, and every
    # Traject-ID refers to a trajectory that does not exist (so Bestuur is not judged).
    assert result.errors.total == 5 * ROWS + (ROWS - 1) + ROWS
    assert len(result.errors) == settings.max_errors_listed == 200
    first = result.errors[0]
    assert first.value == "x" * 60 + "…" and first.length == 2000
    assert "(2.000 tekens)" in first.text("nl") and "(2,000 characters)" in first.text("en")
    assert all(len(e.text("nl")) < 500 for e in result.errors)
    not_listed = {column: n for (_, column), n in result.errors.omitted.items()}
    assert not_listed == {
        "Rol": ROWS - 200,
        "Datum": ROWS,
        "Tevredenheid": ROWS,
        "Doelen bereikt": ROWS,
        "Meerwaarde": ROWS,
        "Evaluatie-ID": ROWS - 1,
        "Traject-ID": ROWS,
    }
    code, out, err = cli(settings, path, capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[0] == (
        "De werkmap flood.xlsx is geweigerd: 20.999 fouten. Er is niets bewaard."
    )
    assert len(err) < 100_000 and len(err.splitlines()) < 220
    assert "Blad 'Evaluaties', kolom 'Datum': nog 3.000 fouten, niet afzonderlijk getoond." in err


def test_one_long_text_in_every_cell_is_refused_before_it_is_read(settings, tmp_path, capsys):
    """3,000 rows reusing one 32,767-character string: a reader would copy it into every
    cell (690 MB from a 78 KB file); the check refuses it first."""
    path = flood(tmp_path / "bomb.xlsx", 32_767)
    assert path.stat().st_size < 200_000
    result = refused(settings, path)
    assert [e.key for e in result.errors] == ["lezer.tekst_te_groot"]
    assert "meer dan 128 MB tekst" in result.errors[0].text("nl")
    code, _, err = cli(settings, path, capsys)
    assert code == 1 and len(err) < 1000


def inline_flood(path: Path, length: int, rows: int = ROWS) -> Path:
    """Evaluaties: the headers, then `rows` rows whose every cell holds its own long text."""
    headers = [c.header for c in EVALUATIES.columns]
    long = "x" * length
    lines = [
        f'<row r="{r}">'
        + "".join(
            text_cell(cell_ref(r - 1, i), header if r == 1 else long)
            for i, header in enumerate(headers)
        )
        + "</row>"
        for r in range(1, rows + 2)
    ]
    path.write_bytes(build({"Evaluaties": sheet_xml("".join(lines))}))
    return path


def test_long_texts_written_in_the_cells_are_refused_before_they_are_read(
    settings, tmp_path, monkeypatch
):
    """The same attack with inline strings (a 669 KB file held 450 MB of them): counted with
    the shared ones against one limit. The limit is lowered here to keep the workbook small."""
    from wisselaar import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_TEXT", 256 * 1024)
    small = dataclasses.replace(settings, max_unpacked_bytes=4 * 1024 * 1024)  # text: 1 MB
    path = inline_flood(tmp_path / "inline.xlsx", 40)
    result = refused(small, path)
    assert [e.key for e in result.errors] == ["lezer.celtekst_te_groot"]
    assert "meer dan 1 MB tekst" in result.errors[0].text("nl")
    ordinary = inline_flood(tmp_path / "gewoon.xlsx", 40, rows=100)  # 40 KB of text: read
    assert "lezer.celtekst_te_groot" not in {e.key for e in refused(small, ordinary).errors}


def text_sheets(path: Path, texts: dict[str, tuple[int, int]]) -> Path:
    """Sheets of one-cell rows: per sheet name (rows of 1,000 characters of inline text,
    rows of a number). Numbers make a part large without text."""

    def rows(n_text: int, n_number: int) -> str:
        text = (f"<row>{text_cell(f'A{r}', 'x' * 1000)}</row>" for r in range(1, n_text + 1))
        numbers = (f'<row><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, n_number + 1))
        return "".join(text) + "".join(numbers)

    path.write_bytes(build({name: sheet_xml(rows(*n)) for name, n in texts.items()}))
    return path


def test_text_spread_over_sheets_is_counted_against_one_limit(settings, tmp_path, monkeypatch):
    """Three sheets of 0.9 MB of inline text each, under a 1 MB limit: none passes it alone,
    together they do (each sheet smaller than the text left once went uncounted)."""
    from wisselaar import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_TEXT", 256 * 1024)
    small = dataclasses.replace(settings, max_unpacked_bytes=4 * 1024 * 1024)  # text: 1 MB
    names = ["Trajecten", "Experts", "Evaluaties"]
    path = text_sheets(tmp_path / "verspreid.xlsx", {n: (900, 0) for n in names})
    result = refused(small, path)
    assert [e.key for e in result.errors] == ["lezer.celtekst_te_groot"]
    assert "meer dan 1 MB tekst" in result.errors[0].text("nl")


def test_large_sheets_of_little_text_do_not_count_as_text(settings, tmp_path, monkeypatch):
    """A sheet not counted stands in with its bytes only until the limit is near; then it is
    counted exactly, so 0.6 MB of numbers beside 0.5 MB of text is not refused as text."""
    from wisselaar import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_TEXT", 256 * 1024)
    small = dataclasses.replace(settings, max_unpacked_bytes=4 * 1024 * 1024)  # text: 1 MB
    sizes = {"Trajecten": (0, 16_000), "Evaluaties": (500, 4_000)}
    path = text_sheets(tmp_path / "getallen.xlsx", sizes)
    parts = {i.filename: i.file_size for i in zipfile.ZipFile(path).infolist()}
    assert 600_000 < parts["xl/worksheets/sheet1.xml"] < parts["xl/worksheets/sheet2.xml"]
    keys = {e.key for e in refused(small, path).errors}  # refused for its contents only
    assert not keys & {"lezer.celtekst_te_groot", "lezer.tekst_te_groot"}


def test_sheets_left_uncounted_are_counted_when_shared_text_makes_the_limit_near(
    settings, tmp_path, monkeypatch
):
    """Under a 1 MB limit: 0.1 MB of numbers and 0.3 MB referring 400 times to a shared
    string of 1,000 characters fit uncounted beside the largest sheet; the shared text
    counted on the way (0.4 MB) leaves the largest, with 0.45 MB of inline text, less room
    than the stand-ins take, so they are counted (no inline text): 0.85 MB, not refused."""
    from wisselaar import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_SHARED_TEXT", 256 * 1024)
    small = dataclasses.replace(settings, max_unpacked_bytes=4 * 1024 * 1024)  # text: 1 MB
    numbers = lambda first, n: "".join(  # noqa: E731
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(first, first + n)
    )
    shared = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 401))
    inline = "".join(f"<row>{text_cell(f'A{r}', 'x' * 1000)}</row>" for r in range(1, 451))
    sheets = {
        "Trajecten": sheet_xml(numbers(1, 2_600)),
        "Experts": sheet_xml(shared + numbers(401, 7_400)),
        "Evaluaties": sheet_xml(inline + numbers(451, 1_000)),
    }
    path = tmp_path / "gedeeld.xlsx"
    path.write_bytes(build(sheets, {"xl/sharedStrings.xml": shared_strings(["y" * 1000])}))
    sizes = sorted(
        i.file_size for i in zipfile.ZipFile(path).infolist() if "worksheets" in i.filename
    )
    assert sum(sizes) < 1024 * 1024 and sizes[0] > 90_000 and sizes[1] > 290_000, sizes
    keys = {e.key for e in refused(small, path).errors}  # refused for its contents only
    assert not keys & {"lezer.celtekst_te_groot", "lezer.tekst_te_groot"}


def test_the_scan_stops_at_the_text_limit_without_reading_on(tmp_path):
    """A refused sheet is not read to its end: the scan gives up where the limit is passed."""
    from wisselaar import worksheet_scan

    row = "<row>" + text_cell("A1", "x" * 1000) + "</row>"
    read = []

    def chunks():
        for _ in range(1000):  # 1 MB of text, in 1000 chunks
            read.append(1)
            yield row.encode()

    with pytest.raises(worksheet_scan.TooMuchText) as stopped:
        worksheet_scan.scan(chunks(), chunks, 1_000_000, None, text_limit=10_000)
    assert stopped.value.inline > 10_000 and len(read) < 50


# -- point 3: extra columns ---------------------------------------------------------------


def wide(path: Path, extra_columns: int, with_r: bool) -> Path:
    """Criteria with its two columns and `extra_columns` unknown ones (cells without r too,
    as calamine reads them past Excel's last column XFD)."""

    def cell(col: int, text: str) -> str:
        if with_r:
            return text_cell(f"{cell_ref(0, col)[:-1]}{{row}}", text)
        return f'<c t="inlineStr"><is><t>{text}</t></is></c>'

    header = cell(0, "Code") + cell(1, "Omschrijving")
    header += "".join(cell(i + 2, f"Extra {i}") for i in range(extra_columns))
    rows = [header.replace("{row}", "1")]
    for r, code in ((2, "K1"), (3, "K2")):
        rows.append((cell(0, code) + cell(1, f"Criterium {code}")).replace("{row}", str(r)))
    xml = "".join(f'<row r="{r}">{cells}</row>' for r, cells in enumerate(rows, 1))
    path.write_bytes(build({"Criteria": sheet_xml(xml)}))
    return path


@pytest.mark.parametrize(("extra", "with_r"), [(16_382, True), (100_000, False)])
def test_many_ignored_columns_make_one_warning(settings, tmp_path, capsys, extra, with_r):
    path = wide(tmp_path / "wide.xlsx", extra, with_r)
    result = accepted(settings, path)
    assert result.counts == {"Criteria": 2}
    (warning,) = result.warnings
    count = f"{extra:,}".replace(",", ".")
    assert warning.text("nl").startswith(
        f"Blad 'Criteria': {count} kolommen zijn niet gekend en worden genegeerd, onder meer "
        "'Extra 0', 'Extra 1',"
    )
    with Store(settings.db_path).read() as con:
        assert json.loads(list_versions(con)[0]["waarschuwingen"]) == [warning.text("nl")]
    code, out, _ = cli(settings, path, capsys)
    assert code == 0 and len(out.splitlines()) == 4 and len(out) < 2000


def test_a_few_ignored_columns_are_named_one_by_one(settings, edit):
    def extra(workbook: openpyxl.Workbook) -> None:
        for col in "CDE":
            workbook["Criteria"][f"{col}1"] = f"Opmerking {col}"

    result = accepted(settings, edit(change=extra))
    assert [w.key for w in result.warnings].count("validatie.kolom_genegeerd") == 3


# -- point 4: amounts too large for DECIMAL(18,2) -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (1e16, "10000000000000000"),
        ("12345678901234567", "12345678901234567"),
        ("€ 99.999.999.999.999.999,99", "€ 99.999.999.999.999.999,99"),
    ],
)
def test_an_amount_too_large_names_its_cell_and_the_largest(settings, edit, raw, shown):
    result = refused(settings, edit([("Financien", "G4", raw)]))
    cell_error(result, "Financien", 4, "Bedrag", shown, "te groot", "€ 9.999.999.999.999.999,99")


def test_the_largest_amount_is_stored_exactly(settings, edit):
    accepted(settings, edit([("Budget", "C2", "9.999.999.999.999.999,99")]))
    assert str(stored(settings, "budget", "begrotingsjaar", "beschikbaar")[2021]) == (
        "9999999999999999.99"
    )


LARGEST = "9.999.999.999.999.999,99"


def test_amounts_each_allowed_are_summed_exactly_past_decimal_18_2(settings, edit, capsys):
    """Each amount fits DECIMAL(18,2); their sums need not: the figures hold them exactly."""
    cells = [("Financien", f"G{row}", LARGEST) for row in (2, 3, 4)]
    accepted(settings, edit([*cells, ("Budget", "C2", LARGEST), ("Budget", "C3", LARGEST)]))
    paid = stored(settings, "financien", "boeking_id", "bedrag")
    budget = fig.budget_totaal(Database(settings), Filters()).frame.iloc[0]
    assert budget["beschikbaar_eur"] == 2 * Decimal("9999999999999999.99") + sum(
        stored(settings, "budget", "begrotingsjaar", "beschikbaar")[year] for year in (2023, 2024)
    )
    assert sum(paid.values()) > Decimal("9999999999999999.99")
    assert main(["answer", "--json", "--db", str(settings.db_path)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["vraag_4"]["totaal_beschikbaar_eur"] == float(budget["beschikbaar_eur"])


@pytest.mark.parametrize("number", ["NaN", "INF", "-INF"])
def test_a_number_cell_that_is_no_finite_number(settings, edit, number):
    path = rewrite_cells(edit(), {("Trajecten", "K2"): f'<c r="K2"><v>{number}</v></c>'})
    result = refused(settings, path)
    issue = result.errors[0]
    assert (issue.sheet, issue.row, issue.column) == ("Trajecten", 2, "Geplande uren")
    assert_mentions(issue.text("nl"), "geen eindig getal")


def test_whole_numbers_beyond_any_range_are_errors_not_crashes(settings, edit):
    result = refused(settings, edit([("Evaluaties", "F2", 1e300), ("Trajecten", "B2", 1e20)]))
    assert [(e.sheet, e.row, e.column, e.key) for e in result.errors] == [
        ("Trajecten", 2, "Oproep", "waarde.jaar"),
        ("Evaluaties", 2, "Tevredenheid", "waarde.hoogstens"),
    ]


# -- point 5: Excel error cells -------------------------------------------------------------

ERRORS = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"]


@pytest.mark.parametrize("code", ERRORS)
def test_an_excel_error_cell_is_an_error_naming_it(settings, edit, code):
    # required (Bedrag) and optional (Financiering) alike
    result = refused(settings, edit([("Financien", "G2", code), ("Experts", "G3", code)]))
    assert [(e.sheet, e.row, e.column, e.value) for e in result.errors] == [
        ("Experts", 3, "Financiering", code),
        ("Financien", 2, "Bedrag", code),
    ]
    assert_mentions(result.errors[1].text("nl"), f"de cel bevat de Excel-fout {code}")


@pytest.mark.parametrize("code", ["#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!"])
def test_a_newer_excel_error_is_named_with_its_cell(settings, edit, code):
    """Errors of newer Excel functions, which the readers do not know: named, not 'damaged'.
    (Financien is checked after sheets already handed to the reader: such a refusal once left
    the typing thread waiting for ever.)"""
    path = rewrite_cells(edit(), {("Financien", "G3"): f'<c r="G3" t="e"><v>{code}</v></c>'})
    result = refused(settings, path)
    assert [e.key for e in result.errors] == ["lezer.excel_fout_nieuw"]
    assert_mentions(result.errors[0].text("nl"), "Blad 'Financien', cel G3", f"Excel-fout {code}")


def test_a_formula_whose_saved_value_is_an_error(settings, edit):
    cells = {
        ("Experts", "G2"): '<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        ("Criteria", "B3"): '<c r="B3" t="e"><f>VLOOKUP(A3,X!A:B,2,0)</f><v>#N/A</v></c>',
    }
    result = refused(settings, rewrite_cells(edit(), cells))
    assert [(e.sheet, e.row, e.column, e.value) for e in result.errors] == [
        ("Experts", 2, "Financiering", "#DIV/0!"),
        ("Criteria", 3, "Omschrijving", "#N/A"),
    ]


# -- point 11: macros, hidden rows and sheets, invisible characters -------------------------


def with_part(source: Path, target: Path, name: str, data: bytes, types: bytes = b"") -> Path:
    with zipfile.ZipFile(source) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    parts[name] = data
    if types:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", types)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    target.write_bytes(buffer.getvalue())
    return target


MACRO_TYPE = (
    b'<Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)
XLM_TYPE = (
    b'<Override PartName="/xl/extra.xml" ContentType="application/'
    b'vnd.ms-excel.macrosheet+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("part", "types"),
    [
        ("xl/vbaProject.bin", b""),
        ("xl/extra.xml", MACRO_TYPE),
        ("xl/macrosheets/sheet1.xml", b""),  # an Excel 4.0 (XLM) macro sheet
        ("xl/extra.xml", XLM_TYPE),
    ],
    ids=["vba-project", "macro-enabled-type", "xlm-macro-sheet", "xlm-macro-type"],
)
def test_a_workbook_with_macros_is_refused(settings, tmp_path, part, types):
    path = with_part(FIXTURE, tmp_path / "macros.xlsm", part, b"\xd0\xcf\x11\xe0 vba", types)
    result = refused(settings, path)
    assert [e.key for e in result.errors] == ["lezer.macro"]
    assert_mentions(result.errors[0].text("nl"), "macro's", "Excel-werkmap (*.xlsx)")


def test_hidden_rows_and_sheets_are_read_and_said(settings, edit):
    def hide(workbook: openpyxl.Workbook) -> None:
        workbook["Financien"].row_dimensions[5].hidden = True
        workbook["Financien"].row_dimensions[6].hidden = True
        evaluaties = workbook["Evaluaties"]
        evaluaties.auto_filter.ref = "A1:J7"
        evaluaties.row_dimensions[3].hidden = True  # filtered out
        workbook["Budget"].sheet_state = "hidden"

    result = accepted(settings, edit(change=hide))
    assert result.counts["Financien"] == 13 and result.counts["Evaluaties"] == 6
    assert [w for w in texts(result.warnings) if "verborgen" in w] == [
        "Blad 'Budget': dit blad is verborgen in de werkmap; het wordt toch ingelezen en "
        "vervangt de huidige gegevens. Is dat niet de bedoeling, verwijder het blad dan.",
        "Blad 'Financien': 2 verborgen rijen met gegevens (5, 6) worden ingelezen zoals "
        "de andere. Mogen ze niet meetellen, verwijder ze dan.",
        "Blad 'Evaluaties': 1 rij met gegevens (3) is verborgen door een filter en "
        "wordt toch ingelezen: een filter verandert alleen wat u ziet. Mag ze niet "
        "meetellen, verwijder ze dan.",
    ]


@pytest.mark.parametrize(
    ("cell", "raw", "column", "shown", "character", "position"),
    [
        ("E5", "W1-02\u200b", "Traject-ID", "W1-02<U+200B>", "U+200B (zero width space)", 6),
        ("A3", "\ufeffB02", "Boeking-ID", "<U+FEFF>B02", "U+FEFF (zero width no-break", 1),
        ("F4", "uit\u00adbetaald", "Soort", "uit<U+00AD>betaald", "U+00AD (soft hyphen)", 4),
    ],
)
def test_an_invisible_character_in_an_id_or_code_is_named(
    settings, edit, cell, raw, column, shown, character, position
):
    result = refused(settings, edit([("Financien", cell, raw)]))
    text = cell_error(result, "Financien", int(cell[1:]), column, shown, character)
    assert_mentions(text, f"op positie {position}", "Typ de waarde opnieuw in")


def test_an_invisible_character_in_a_header_or_a_description_is_no_error(settings, edit):
    edits = [("Trajecten", "A1", "\ufeffTraject-ID"), ("Trajecten", "M2", "Zie\u200b bijlage")]
    accepted(settings, edit(edits))
    assert stored(settings, "trajecten", "traject_id", "omschrijving")["W1-01"] == (
        "Zie\u200b bijlage"
    )
