"""wisselaar.xlsx_reader and worksheet_scan: hostile files are refused quickly with the right
message before any reader sees them; sound files are then read (sheet_reading) with exact Excel
row numbers and cell positions. All files are built here."""

from __future__ import annotations

import datetime as dt
import gc
import io
import random
import re
import struct
import time
import tomllib
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from tests.workbook_parts import HEAD, MAIN, PKG, REL, build, sheet_xml
from wisselaar import PACKAGE_DIR, worksheet_scan, xlsx_reader
from wisselaar.schema import Sheet
from wisselaar.sheet_reading import FORMULA_WITHOUT_VALUE, as_calamine, open_reader, read_pieces
from wisselaar.xlsx_reader import WorkbookRefused, check_workbook, read_workbook

MB = 1024 * 1024
LIMITS = {"max_file_bytes": 50 * MB, "max_unpacked_bytes": 500 * MB}


NO_COLUMNS = Sheet("Blad", "blad", (), ())  # a sheet schema that knows no column


@dataclass
class RawSheet:
    """A sheet as the old reader returned it, for the tests on positions and cell types."""

    name: str
    header: list[object]  # cells of Excel row 1, trailing empties trimmed
    rows: list[tuple[int, list[object]]]  # (Excel row, cells) for rows 2..; empty rows skipped


def raw_sheets(source, fast: bool = False, **limits) -> list[RawSheet]:
    """Every sheet read cell by cell (python-calamine, or fastexcel with `fast`), padded to
    the used width from column A."""
    checked = check_workbook(source, **{**LIMITS, **limits})
    found = []
    for name in checked.names:
        header: dict[int, object] = {}
        cells: dict[int, dict[int, object]] = {}  # Excel row -> column -> cell
        reader = open_reader(checked) if fast else None
        for read in read_pieces(checked, name, NO_COLUMNS, reader):
            header = header or read.header
            for col, column in read.columns.items():
                values = column if isinstance(column, list) else column.to_pylist()
                for position, value in enumerate(values):
                    cells.setdefault(read.first + position, {})[col] = as_calamine(value)
            for col, special in read.special.items():
                for position, value in special.items():
                    cells.setdefault(read.first + position, {})[col] = value
        width = max([*header, *(c for row in cells.values() for c in row), -1]) + 1
        row1 = [header.get(i) for i in range(width)]
        while row1 and row1[-1] is None:
            row1.pop()
        rows = []
        for number in sorted(cells):
            values = [cells[number].get(i) for i in range(width)]
            if any(v is not None for v in values):
                rows.append((number, values))
        found.append(RawSheet(name, row1, rows))
    return found


def openpyxl_bytes(fill) -> bytes:
    book = openpyxl.Workbook()
    fill(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(source, **limits) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as caught:
        read_workbook(source, **{**LIMITS, **limits})
    assert gc.isenabled()
    return caught.value


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s uncompressed size set to `size` in both headers."""
    buf = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        struct.pack_into("<I", buf, archive.getinfo(member).header_offset + 22, size)
    end = buf.rfind(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", buf, end + 10)
    (pos,) = struct.unpack_from("<I", buf, end + 16)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, pos + 28)
        if buf[pos + 46 : pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", buf, pos + 24, size)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(buf)


SMALL_SHEET = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Kolom</t></is></c></row>')
FAR = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">{}</row>'


# --- hostile files: each refused quickly, with the message that says what to do -------------


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "lezer.geen_xlsx"),
        (random.Random(7).randbytes(4096), "lezer.geen_xlsx"),
        (b"Traject-ID;Oproep\nW1-01;2022\n", "lezer.geen_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088), "lezer.versleuteld_of_xls"),
        (b"PK\x05\x06" + bytes(18), "lezer.geen_xlsx"),  # an empty zip
    ],
    ids=["empty", "random", "csv", "ole2", "empty-zip"],
)
def test_not_an_xlsx_is_refused(tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    assert refused(path).key == key
    assert refused(content).key == key


@pytest.mark.timeout(20)
def test_truncated_xlsx_is_damaged() -> None:
    whole = openpyxl_bytes(lambda book: book.active.append(["Traject-ID", "Oproep"]))
    error = refused(whole[: len(whole) // 2])
    assert error.key == "lezer.beschadigd"
    assert "beschadigd of onvolledig" in error.message("nl")


@pytest.mark.timeout(20)
def test_missing_workbook_part_is_not_an_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", SMALL_SHEET)
    assert refused(buffer.getvalue()).key == "lezer.geen_xlsx"


@pytest.mark.timeout(20)
def test_file_over_the_size_limit(tmp_path: Path) -> None:
    data = build({"Blad1": SMALL_SHEET}, {"xl/media/image1.png": random.randbytes(3 * MB // 2)})
    for source in (data, tmp_path / "groot.xlsx"):
        if isinstance(source, Path):
            source.write_bytes(data)
        error = refused(source, max_file_bytes=MB)
        assert error.key == "lezer.te_groot"
        assert error.values["limiet_mb"] == 1
        assert "1,5 MB; de grens is 1 MB" in error.message("nl")
        assert "1.5 MB; the limit is 1 MB" in error.message("en")


@pytest.mark.timeout(20)
def test_entity_bomb_in_a_sheet() -> None:
    lols = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lols}]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
        "<t>&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    error = refused(build({"Blad1": bomb}))
    assert error.key == "lezer.verboden_xml"
    assert error.values == {"onderdeel": "xl/worksheets/sheet1.xml"}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("pad", range(4, 20))
def test_doctype_across_a_chunk_edge(monkeypatch: pytest.MonkeyPatch, pad: int) -> None:
    monkeypatch.setattr(xlsx_reader, "CHUNK", 37)  # the edge falls inside "<!DOCTYPE" for some pad
    custom = "<?xml version='1.0'?>" + " " * pad + '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    data = build({"Blad1": SMALL_SHEET}, {"docProps/custom.xml": custom}, zipfile.ZIP_STORED)
    assert refused(data).key == "lezer.verboden_xml"


@pytest.mark.timeout(20)
def test_utf16_part_is_refused_where_calamine_reads_it() -> None:
    sheet = SMALL_SHEET.replace("UTF-8", "UTF-16").encode("utf-16")
    assert refused(build({"Blad1": sheet})).key == "lezer.beschadigd"
    item = '<?xml version="1.0" encoding="utf-16"?><b:Sources xmlns:b="urn:x"/>'.encode("utf-16")
    extra = {"customXml/item1.xml": item}  # SharePoint writes such parts; no one here parses them
    assert raw_sheets(build({"Blad1": SMALL_SHEET}, extra))[0].header == ["Kolom"]


ZEROS = " " * (20 * MB)  # 20 MB of spaces: compresses to about 20 KB


@pytest.mark.timeout(20)
def test_zip_bomb_with_honest_sizes() -> None:
    data = build({"Blad1": SMALL_SHEET.replace("<sheetData>", ZEROS + "<sheetData>")})
    assert len(data) < MB
    error = refused(data, max_unpacked_bytes=5 * MB)
    assert error.key == "lezer.te_groot_uitgepakt"
    assert "groter dan 5 MB" in error.message("nl")


@pytest.mark.timeout(20)
def test_zip_bomb_that_lies_about_its_size() -> None:
    sheet = SMALL_SHEET.replace("<sheetData>", ZEROS + "<sheetData>")
    data = lie_about_size(build({"Blad1": sheet}), "xl/worksheets/sheet1.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < MB  # the headers say small
    assert refused(data, max_unpacked_bytes=5 * MB).key == "lezer.te_groot_uitgepakt"
    assert refused(data).key == "lezer.beschadigd"  # under the limit: the size is still wrong


@pytest.mark.timeout(20)
def test_too_many_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_MEMBERS", 50)
    data = build({"Blad1": SMALL_SHEET}, {f"xl/media/i{i}.png": b"x" for i in range(60)})
    error = refused(data)
    assert (error.key, error.values) == ("lezer.te_veel_onderdelen", {"aantal": 66, "limiet": 50})


@pytest.mark.timeout(20)
def test_duplicate_part_is_damaged() -> None:
    buffer = io.BytesIO(build({"Blad1": SMALL_SHEET}))
    with zipfile.ZipFile(buffer, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(FAR.format('<c r="B1"/>')))
    assert refused(buffer.getvalue()).key == "lezer.beschadigd"
    upper = {"XL/Worksheets/Sheet1.xml": sheet_xml(FAR.format('<c r="XFD1048576"><v>1</v></c>'))}
    assert refused(build({"Blad1": SMALL_SHEET}, upper)).detail == "a part name occurs twice"


@pytest.mark.timeout(20)
def test_calamine_error_is_damaged_not_a_traceback() -> None:
    data = build({"Blad1": sheet_xml('<row r="1"><c r="A1" t="n"><v>abc</v></c></row>')})
    for fast in (False, True):  # fastexcel fails too; then python-calamine says why
        with pytest.raises(WorkbookRefused) as caught:
            raw_sheets(data, fast)
        assert caught.value.key == "lezer.beschadigd"
        assert "CalamineError" in caught.value.detail


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "cells",
    [
        '<c r="XFD1048576"><v>1</v></c>',  # canonical: the exact count
        '<c s="0" r="XFD1048576"><v>1</v></c>',  # r not first: the tokenizer
        '<c r="A1" r="XFD1048576"><v>1</v></c>',  # calamine takes the second r
        "<c r=\"A1\" t='n' r = 'XFD1048576'><v>1</v></c>",
        '<x:c xmlns:x="' + MAIN + '" r="XFD1048576"><x:v>1</x:v></x:c>',
    ],
    ids=["canonical", "r-not-first", "second-r", "odd-quoting", "prefixed"],
)
def test_far_away_cell_is_refused_before_calamine_allocates(cells: str) -> None:
    # calamine would allocate 16384 x 1048576 cells of 32 bytes and abort the process
    error = refused(build({"Blad1": sheet_xml(FAR.format(cells))}))
    assert error.key == "lezer.bereik_te_groot"
    assert error.values["van"] == "A1"
    assert error.values["tot"] == "XFD1048576"
    assert "Ctrl+End" in error.message("nl")


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("member", "target"),
    [
        ("xl/worksheets/../elders.xml", "worksheets/../elders.xml"),  # calamine reads it as is
        ("XL/WORKSHEETS/SHEET7.XML", "worksheets/sheet7.xml"),  # calamine ignores case
        ("xl/worksheets/map/blad.xml", "/xl/worksheets/map/blad.xml"),
    ],
)
def test_every_part_calamine_may_read_as_a_sheet_is_checked(member: str, target: str) -> None:
    rels = f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
    rels += f'Target="{target}"/></Relationships>'
    extra = {"xl/_rels/workbook.xml.rels": rels}
    cells = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>1</f></c></row>'
    data = build({}, {**extra, member: sheet_xml(cells)}, names=["Blad1"])
    [sheet] = raw_sheets(data)
    assert sheet == RawSheet("Blad1", [1], [])  # B1 is a header without a value: no name
    assert check_workbook(data, **LIMITS).scans["Blad1"].missing == {(0, 1)}
    far = sheet_xml(FAR.format('<c r="XFD1048576"><v>1</v></c>'))
    error = refused(build({}, {**extra, member: far}, names=["Blad1"]))
    assert (error.key, error.values["blad"]) == ("lezer.bereik_te_groot", "Blad1")


@pytest.mark.timeout(20)
def test_far_away_cells_without_r_are_counted() -> None:
    rows = '<row r="1"><c r="XFD1"><v>1</v></c></row><row r="1048576"><c><v>1</v></c></row>'
    error = refused(build({"Blad1": sheet_xml(rows)}))
    assert (error.key, error.values["cellen"]) == ("lezer.bereik_te_groot", 16384 * 1048576)
    assert "17.179.869.184 cellen" in error.message("nl")
    wide = sheet_xml('<row r="1">' + "<c><v>1</v></c>" * 5000 + "</row>")
    assert refused(build({"Blad1": wide}), max_cells=1000).values["tot"] == "GJH1"


def test_area_limit_is_a_setting() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 21))
    data = build({"Blad1": sheet_xml(rows + '<row r="21"><c r="E21"><v>1</v></c></row>')})
    assert refused(data, max_cells=100).values["cellen"] == 21 * 5
    assert len(raw_sheets(data, max_cells=105)[0].rows) == 20


# --- formulas ------------------------------------------------------------------------------


def test_formula_without_saved_value_gives_the_sentinel() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.title = "Financien"
        sheet.append(["Boeking-ID", "Bedrag", "Datum", "Totaal", "Naast"])
        sheet.append(["B1", 10, None, None, None])
        sheet.append(["B2", 20, None, None, None])
        sheet["D4"] = "=B2+B3"  # openpyxl writes <f>B2+B3</f><v></v>: no saved value
        sheet["E4"] = 7.5

    for fast in (False, True):
        [sheet] = raw_sheets(openpyxl_bytes(fill), fast)
        assert sheet.rows[-1] == (4, [None, None, None, FORMULA_WITHOUT_VALUE, 7.5])
        assert sheet.rows[0] == (2, ["B1", 10, None, None, None])


def test_formula_cells_in_every_writing() -> None:
    rows = (
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>1+1</f></c>'
        '<c r="C1" t="str"><f>""</f><v></v></c><c r="D1"><f t="shared" si="0"/></c></row>'
        '<row r="3"><c><v>5</v></c><c><f>A3</f></c></row>'  # no r: positions as calamine's
    )
    data = build({"Blad1": sheet_xml(rows)})
    [sheet] = raw_sheets(data)
    assert sheet.header == [2]  # formulas without a value in row 1: headers without a name
    assert check_workbook(data, **LIMITS).scans["Blad1"].missing == {(0, 1), (0, 3), (2, 1)}
    assert sheet.rows == [(3, [5, FORMULA_WITHOUT_VALUE, None])]


def test_sentinel_outside_calamines_range_and_in_slow_path() -> None:
    rows = '<row r="2"><x:c xmlns:x="{}" r="B2"><x:v>1</x:v></x:c></row><row r="5"><c r="F5">'
    rows = rows.format(MAIN) + "<f>1</f></c></row>"
    [sheet] = raw_sheets(build({"Blad1": sheet_xml(rows)}))
    assert sheet.rows == [
        (2, [None, 1, None, None, None, None]),
        (5, [None] * 5 + [FORMULA_WITHOUT_VALUE]),
    ]
    assert repr(FORMULA_WITHOUT_VALUE) == "FORMULA_WITHOUT_VALUE"


# --- sound files: positions, empty rows, types -----------------------------------------------


def test_leading_empty_rows_and_empty_column_a() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active["C3"] = "x"
        book.active["D5"] = 2

    for fast in (False, True):
        [sheet] = raw_sheets(openpyxl_bytes(fill), fast)
        assert sheet.header == []
        assert sheet.rows == [(3, [None, None, "x", None]), (5, [None, None, None, 2])]


def test_header_with_empty_first_column_and_skipped_empty_rows() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet["B1"], sheet["C1"] = "Code", "Omschrijving"
        sheet["B2"] = "K1"
        sheet["C4"] = "tekst"  # rows 3 and 5 are empty; row 6 holds only an empty text
        sheet["B6"] = ""
        sheet["E7"] = None

    for fast in (False, True):
        [sheet] = raw_sheets(openpyxl_bytes(fill), fast)
        assert sheet.header == [None, "Code", "Omschrijving"]
        assert sheet.rows == [(2, [None, "K1", None]), (4, [None, None, "tekst"])]


def test_values_keep_their_type_and_spaces() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.title = "Trajecten"
        sheet.append(["  Traject-ID ", "Startdatum", "Tijd", "Uren", "Bedrag", "Actief"])
        sheet.append(
            [" W1-01 ", dt.date(2022, 9, 1), dt.datetime(2022, 9, 1, 14, 30), 96.5, 101, True]
        )
        sheet.append(["W1-02", "15/01/2023", dt.time(9, 15), 0, 1234.56, False])

    [sheet] = raw_sheets(openpyxl_bytes(fill))
    assert sheet.name == "Trajecten"
    assert sheet.header == ["  Traject-ID ", "Startdatum", "Tijd", "Uren", "Bedrag", "Actief"]
    assert sheet.rows == [
        (2, [" W1-01 ", dt.date(2022, 9, 1), dt.datetime(2022, 9, 1, 14, 30), 96.5, 101, True]),
        (3, ["W1-02", "15/01/2023", dt.time(9, 15), 0, 1234.56, False]),
    ]
    first = sheet.rows[0][1]
    assert type(first[1]) is dt.date and type(first[2]) is dt.datetime
    assert type(first[5]) is bool and isinstance(first[4], float | int)


def test_sheets_in_order_from_path_and_bytes(tmp_path: Path) -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.title = "Toelichting"
        book.create_sheet("Financiën").append(["Bedrag (EUR)"])
        book.create_chartsheet("Grafiek")
        book.create_sheet("Budget")

    data = openpyxl_bytes(fill)
    path = tmp_path / "werkmap.xlsx"
    path.write_bytes(data)
    for source in (data, path, str(path)):
        assert [s.name for s in read_workbook(source, **LIMITS)] == [
            "Toelichting",
            "Financiën",
            "Grafiek",
            "Budget",
        ]
        for fast in (False, True):
            sheets = raw_sheets(source, fast)
            assert sheets[1] == RawSheet("Financiën", ["Bedrag (EUR)"], [])
            assert sheets[2] == RawSheet("Grafiek", [], [])


def test_wide_sheet_takes_the_exact_count() -> None:
    cols = [worksheet_scan.cell_ref(0, c)[:-1] for c in range(30)]  # A..AD: past the quick check
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols) + "</row>"
        for r in (1, 2)
    )
    for fast in (False, True):
        [sheet] = raw_sheets(build({"Blad1": sheet_xml(rows)}), fast)
        assert len(sheet.header) == 30 and sheet.rows == [(2, [2] * 30)]


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    tables = {}
    for lang in ("nl", "en"):
        with (PACKAGE_DIR / "catalog" / f"{lang}.toml").open("rb") as handle:
            tables[lang] = tomllib.load(handle)["lezer"]
    assert tables["nl"].keys() == tables["en"].keys()
    for key, text in tables["nl"].items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", tables["en"][key]))
    source = Path(xlsx_reader.__file__).read_text()
    assert set(re.findall(r'"lezer\.(\w+)"', source)) == set(tables["nl"])


# --- speed ---------------------------------------------------------------------------------


def only_the_quick_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args):
        raise AssertionError("a canonical sheet should not need the exact count")

    monkeypatch.setattr(worksheet_scan, "_precise", fail)
    monkeypatch.setattr(worksheet_scan, "_slow", fail)


def test_excel_extras_keep_the_quick_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    only_the_quick_scan(monkeypatch)
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    sheet = (
        f'{HEAD[:-1]} xmlns:x14="{x14}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<dimension ref="A1:B2"/><cols><col min="1" max="2" width="12"/></cols><sheetData>'
        '<row r="1" spans="1:2"><c r="A1" s="1" t="inlineStr"><is>'
        '<t xml:space="preserve"> a</t></is></c><c r="B1" s="0"/></row>'
        '<row r="2"><c r="A2" s="1" t="n"><v>44805</v></c>'
        '<c r="B2"><f>A2+1</f><v>44806</v></c></row></sheetData>'
        '<conditionalFormatting sqref="A2"><cfRule type="cellIs" priority="1" operator="between">'
        "<formula>0</formula></cfRule></conditionalFormatting><extLst><ext><x14:dataValidations>"
        "<x14:dataValidation><x14:formula1><xm:f>Lijsten!$A$1:$A$4</xm:f></x14:formula1>"
        "<xm:sqref>A2</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"
    )
    [sheet] = raw_sheets(build({"Blad1": sheet}))
    assert sheet.header == [" a"]
    assert sheet.rows == [(2, [dt.date(2022, 9, 1), 44806])]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_100k_rows_by_10_columns_take_the_quick_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large ordinary sheet is read whole through the quick path. Speed itself is measured
    by bench/run.py, never asserted here; `-s` prints the time for a rough look."""
    words = ["Gent", "Aalst; Tielt", "mentoring", "lopend", "omschrijving"]
    strings = "".join(f"<si><t>{w}</t></si>" for w in words)
    shared = f'<sst xmlns="{MAIN}" count="{len(words)}" uniqueCount="{len(words)}">{strings}</sst>'
    rows = [
        '<row r="1">'
        + "".join(f'<c r="{c}1" t="s"><v>{i % 5}</v></c>' for i, c in enumerate("ABCDEFGHIJ"))
        + "</row>"
    ]
    cells = (  # A: inline text, C D E H I: shared strings, G: a date (style 1)
        '<c r="A{r}" t="inlineStr"><is><t>T-{r}</t></is></c><c r="B{r}"><v>2022</v></c>'
        '<c r="C{r}" t="s"><v>0</v></c><c r="D{r}" t="s"><v>1</v></c>'
        '<c r="E{r}" t="s"><v>2</v></c><c r="F{r}"><v>{amount}</v></c>'
        '<c r="G{r}" s="1"><v>44805</v></c><c r="H{r}" t="s"><v>3</v></c>'
        '<c r="I{r}" t="s"><v>4</v></c><c r="J{r}"><v>{r}</v></c>'
    )
    for r in range(2, 100_002):
        rows.append(f'<row r="{r}">' + cells.format(r=r, amount=r * 1.5) + "</row>")
    data = build({"Trajecten": sheet_xml("".join(rows))}, {"xl/sharedStrings.xml": shared})
    only_the_quick_scan(monkeypatch)
    start = time.perf_counter()
    [sheet] = raw_sheets(data, fast=True)
    seconds = time.perf_counter() - start
    print(f"\nread 100,000 rows x 10 columns ({len(data) / MB:.1f} MB .xlsx) in {seconds:.2f} s")
    assert len(sheet.rows) == 100_000
    assert sheet.rows[-1] == (
        100_001,
        [
            "T-100001",
            2022,
            "Gent",
            "Aalst; Tielt",
            "mentoring",
            150001.5,
            dt.date(2022, 9, 1),
            "lopend",
            "omschrijving",
            100001,
        ],
    )


@pytest.mark.parametrize(
    "region",
    [
        b"",
        b"<is>",
        b'<c r="A1" t="inlineStr"><is><t>Gent</t></is></c><c r="B1"><v>1</v></c>',
        b'<c r="A1" t="inlineStr"><is><t xml:space="preserve"> a </t></is></c>' * 3,
        b"<is><r><t>a</t></r><r><t>bc</t></r></is><is></is>",
        b"<is ><t>a</t></is ><is>\n<t>b</t></is>",  # odd spacing: by the pattern
        b"<is><t>a</t><is><t>b</t></is></is>",  # nested: by the pattern
        b"</is><is><t>a</t></is>",  # a closing tag first (its <is> in the region before)
        b"<is><t>not closed</t>",
        b"<isx>a</isx><is>b</is>",
    ],
)
def test_inline_text_is_counted_as_the_pattern_counts_it(region: bytes) -> None:
    by_pattern = sum(m.end(1) - m.start(1) for m in worksheet_scan._INLINE.finditer(region))
    assert worksheet_scan._inline_text(region) == by_pattern
