"""A draft answer and its annex as files: `antwoord.docx` and `bijlage.xlsx`.

One writer for every parliamentary question: a `Draft` (heading, intro, numbered sections of
text with their annex tables, the "stand van" line and an identifier) becomes a Word document
(python-docx: real headings and list paragraphs, editable text, the identifier and page
numbers in the footer) and a workbook with one sheet `Vraag n` per sub-question (through
export.write_table, so text is neutralised the same way as every other export), titled,
with euro formats, a frozen header, and A4 print settings with the identifier in the footer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from wisselaar.export import EUR_FORMAT, neutralise, write_table
from wisselaar.formatting import LOCALES
from wisselaar.i18n import t

DOCX, XLSX = "antwoord.docx", "bijlage.xlsx"
SHEET = "Vraag {nr}"  # the sheet names of CONTRACT.md section 3, in every language
PROVENANCE_SHEET = "Herkomst"  # issue 9: every figure's dataset versions and Excel rows
FONT, MAX_WIDTH, WRAP_WIDTH = "Calibri", 60, 30  # column widths in characters
MAX_BULLETS = 40  # longer lists stay in the annex; the text says how many more there are
LANGUAGE_TAGS = {"nl": "nl-BE", "en": "en-GB"}


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[list[Any]]
    money: tuple[str, ...] = ()  # the columns holding euros
    row_formats: tuple[str | None, ...] = ()  # per row: the number format of its numbers
    total: list[Any] | None = None  # a last row, in bold


@dataclass(frozen=True)
class Section:
    kop: str  # "Antwoord op vraag 1"
    vraag: str  # the sub-question as asked
    tekst: tuple[str, ...]  # paragraphs; "- " starts a list item
    tabellen: tuple[Table, ...]  # the first gets the frozen header; others follow below it
    notes: tuple[str, ...] = ()  # filters, a block's own moment


@dataclass(frozen=True)
class Heading:
    nummer: str
    datum: dt.date
    lid: str
    ministers: tuple[tuple[str, str], ...]  # (name, title)
    onderwerp: str = ""
    gesteld_aan: str = ""


@dataclass(frozen=True)
class Draft:
    heading: Heading
    intro: tuple[str, ...]
    stand: str  # "Stand van de gegevens: ... (versies: ...)."
    kenmerk: str
    reproduce: str
    sample: bool
    sections: tuple[Section, ...]
    lang: str = "nl"
    stand_van: str = ""  # the moment of the newest version used, ISO 8601 in Brussels time
    herkomst: Table | None = None  # the annex's provenance sheet (every figure's rows)


def identifier(nummer: str, stand_van: str, versions: Iterable[int], figures_json: str) -> str:
    """`W342-2024-03-01T14:05:09+01:00-v1.2-3f2a9c1e`: the question, the moment (to pass back
    as "stand van"), the versions used and a short SHA-256 of the figures' JSON."""
    nr = re.sub(r"[^0-9A-Za-z.]+", "", nummer) or "0"
    ids = ".".join(str(v) for v in sorted(set(versions)))
    sha = hashlib.sha256(figures_json.encode("utf-8")).hexdigest()[:8]
    return f"W{nr}-{stand_van}-v{ids}-{sha}"


def long_date(day: dt.date, lang: str = "nl") -> str:
    """`25 mei 2022`."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=LOCALES.get(lang, "nl_BE"))


def draft_bytes(draft: Draft) -> dict[str, bytes]:
    return {DOCX: docx_bytes(draft), XLSX: xlsx_bytes(draft)}


def write_draft(draft: Draft, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in draft_bytes(draft).items():
        (out_dir / name).write_bytes(content)
        written.append(out_dir / name)
    return written


def docx_bytes(draft: Draft) -> bytes:
    from docx import Document  # costs a few tenths of a second; only the writer needs it
    from docx.shared import Pt, RGBColor

    lang, h = draft.lang, draft.heading
    doc = Document()
    _docx_setup(doc, draft)
    datum, lid = long_date(h.datum, lang), h.lid.upper()
    doc.add_heading(t("bestand.vraag_kop", lang, nummer=h.nummer, datum=datum, lid=lid), 1)
    for name, title in h.ministers:
        paragraph = doc.add_paragraph()
        paragraph.add_run(name.upper()).bold = True
        if title:
            paragraph.add_run().add_break()
            paragraph.add_run(title.upper())
    if h.onderwerp:
        doc.add_paragraph().add_run(h.onderwerp).bold = True
    if h.gesteld_aan:
        gesteld = t("bestand.gesteld_aan", lang, ministers=h.gesteld_aan)
        doc.add_paragraph().add_run(gesteld).italic = True
    answer_kind = "bestand.gecoordineerd" if len(h.ministers) > 1 else "bestand.antwoord"
    doc.add_heading(t(answer_kind, lang), 1)
    paragraph = doc.add_paragraph(t("bestand.antwoord_op", lang, nummer=h.nummer, datum=datum))
    paragraph.add_run().add_break()
    paragraph.add_run(t("bestand.van_lid", lang, lid=lid))
    if draft.sample:
        run = doc.add_paragraph().add_run(t("bestand.voorbeeld_kop", lang))
        run.bold, run.font.color.rgb = True, RGBColor(0xA0, 0x1C, 0x1C)
    for text in draft.intro:
        doc.add_paragraph(text)
    paragraph = doc.add_paragraph()
    for index, text in enumerate(
        (draft.stand, t("bestand.kenmerk", lang, kenmerk=draft.kenmerk), draft.reproduce)
    ):
        if index:
            paragraph.add_run().add_break()
        run = paragraph.add_run(text)
        run.font.size, run.font.color.rgb = Pt(9), RGBColor(0x44, 0x44, 0x44)
    for nr, section in enumerate(draft.sections, 1):
        doc.add_heading(section.kop, 2)
        if section.vraag:
            doc.add_paragraph().add_run(section.vraag).italic = True
        for note in section.notes:
            doc.add_paragraph().add_run(note).font.size = Pt(9)
        _docx_body(doc, section.tekst, nr, lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_body(doc: Any, lines: Sequence[str], nr: int, lang: str) -> None:
    in_list = hidden = 0
    for line in [_unbroken(line) for line in lines] + [""]:
        if line.startswith("- "):
            in_list += 1
            if in_list <= MAX_BULLETS:
                doc.add_paragraph(line[2:], style="List Bullet")
            else:
                hidden += 1
            continue
        if hidden:
            doc.add_paragraph(t("bestand.meer", lang, aantal=hidden, nr=nr), style="List Bullet")
        in_list = hidden = 0
        if line:
            doc.add_paragraph(line)


def _unbroken(text: str) -> str:
    """No line break inside `€ 1.234,56` or `80,1 %`: a no-break space, as Word users type."""
    return text.replace("€ ", "€\u00a0").replace(" %", "\u00a0%")


def _docx_setup(doc: Any, draft: Draft) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt, RGBColor

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2)
    for name, size in (("Normal", 11), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)  # theme fonts would win over the name
        style.font.name = "Calibri"
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 12)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE_TAGS.get(draft.lang, "nl-BE"))
    doc.styles["Normal"].element.get_or_add_rPr().append(language)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    nummer = draft.heading.nummer
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sample = " – " + t("bestand.voorbeeld_kop", draft.lang) if draft.sample else ""
    header.add_run(t("bestand.kop", draft.lang, nummer=nummer) + sample).font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run(t("bestand.kenmerk", draft.lang, kenmerk=draft.kenmerk) + " · ")
    footer.add_run(t("bestand.pagina", draft.lang) + " ")
    _field(footer, "PAGE", OxmlElement, qn)
    footer.add_run(" " + t("bestand.pagina_van", draft.lang) + " ")
    _field(footer, "NUMPAGES", OxmlElement, qn)
    for run in footer.runs:
        run.font.size = Pt(8)
    props = doc.core_properties
    props.title = t("bestand.kop", draft.lang, nummer=nummer)
    props.subject, props.identifier = draft.heading.onderwerp, draft.kenmerk
    props.language = LANGUAGE_TAGS.get(draft.lang, "nl-BE")
    props.author = props.last_modified_by = "Wisselaar-dashboard"


def _field(paragraph: Any, code: str, element: Any, qn: Any) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's program fills in."""
    field = element("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = element("w:r")
    properties = element("w:rPr")
    size = element("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    text = element("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def xlsx_bytes(draft: Draft) -> bytes:
    from openpyxl import Workbook

    lang, h = draft.lang, draft.heading
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = t(
        "bestand.bijlage_titel", lang, nummer=h.nummer, datum=long_date(h.datum, lang), lid=h.lid
    )
    for nr, section in enumerate(draft.sections, 1):
        sheet = workbook.create_sheet(SHEET.format(nr=nr))
        main, *more = section.tabellen
        notes = [title]
        if section.vraag:
            notes.append(t("bestand.vraag", lang, nr=nr, tekst=section.vraag))
        notes += [*section.notes, draft.stand, t("bestand.kenmerk", lang, kenmerk=draft.kenmerk)]
        if draft.sample:
            notes.insert(0, t("bestand.voorbeeld_kop", lang))
        rows = main.rows + ([main.total] if main.total is not None else [])
        write_table(
            sheet,
            main.columns,
            rows,
            title=t("bestand.tabel_titel", lang, nr=nr, titel=main.title),
            notes=notes,
            money_columns=main.money,
        )
        _formats(sheet, _header(sheet, main.columns, len(notes)) + 1, main)
        for table in more:
            _append_table(sheet, table)
        _print_setup(sheet, draft, nr)
    if draft.herkomst is not None:
        _provenance_sheet(workbook, draft)
    props = workbook.properties
    props.title, props.identifier, props.creator = title, draft.kenmerk, "Wisselaar-dashboard"
    props.language = LANGUAGE_TAGS.get(lang, "nl-BE")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _provenance_sheet(workbook: Any, draft: Draft) -> None:
    """`Herkomst`: per figure of the answer the dataset versions and Excel rows it is made of."""
    table, lang = draft.herkomst, draft.lang
    assert table is not None
    sheet = workbook.create_sheet(PROVENANCE_SHEET)
    notes = [
        t("herkomst.uitleg", lang),
        draft.stand,
        t("bestand.kenmerk", lang, kenmerk=draft.kenmerk),
    ]
    write_table(sheet, table.columns, table.rows, title=table.title, notes=notes)
    _header(sheet, table.columns, len(notes))
    _print_setup(sheet, draft, 0)
    sheet.oddHeader.right.text = PROVENANCE_SHEET


def _header(sheet: Any, columns: Sequence[str], notes: int) -> int:
    """The header row that write_table wrote, made bold, frozen and repeated on every printed
    page (write_table counts the empty row after the notes wrongly: it marks the row above)."""
    from openpyxl.styles import Font

    row = next(
        r
        for r in range(notes + 2, notes + 5)
        if [sheet.cell(row=r, column=i + 1).value for i in range(len(columns))] == list(columns)
    )
    for cell in sheet[row - 1]:
        cell.font = Font(name=FONT)
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    _style_header(sheet, row, columns)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    sheet.print_title_rows = f"{row}:{row}"
    return row


def _style_header(sheet: Any, row: int, columns: Sequence[str]) -> None:
    """Bold headers in columns wide enough to show them on one line (bold is wider)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(columns):
        cell = sheet.cell(row=row, column=index + 1)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(vertical="top")
        cell.number_format = "General"
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = max(dimension.width or 8, min(len(name) * 1.2 + 2, MAX_WIDTH))


def _formats(sheet: Any, first_row: int, table: Table) -> None:
    """Row formats, money and the bold total of a table whose data starts at `first_row`."""
    from openpyxl.styles import Font

    money = {i for i, c in enumerate(table.columns) if c in table.money}
    rows = table.rows + ([table.total] if table.total is not None else [])
    for offset, row in enumerate(rows):
        fmt = table.row_formats[offset] if offset < len(table.row_formats) else None
        for index, value in enumerate(row):
            cell = sheet.cell(row=first_row + offset, column=index + 1)
            if index in money:
                cell.number_format = EUR_FORMAT
            elif fmt and isinstance(value, Decimal | int | float):
                cell.number_format = fmt
            elif isinstance(value, Decimal):
                cell.number_format = "0.0"
            if table.total is not None and offset == len(rows) - 1:
                cell.font = Font(name=FONT, bold=True)


def _append_table(sheet: Any, table: Table) -> None:
    """A further table under the main one: its title, header and rows; text longer than its
    column wraps (with the row made high enough) rather than widening the main table."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([])
    sheet.append([neutralise(table.title)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(name=FONT, bold=True, size=12)
    sheet.append([neutralise(c) for c in table.columns])
    _style_header(sheet, sheet.max_row, table.columns)
    first = sheet.max_row + 1
    for row in table.rows:
        sheet.append([neutralise(v) for v in row])
    _formats(sheet, first, table)
    for offset, row in enumerate(table.rows):
        lines = 1
        for index, value in enumerate(row):
            dimension = sheet.column_dimensions[get_column_letter(index + 1)]
            if len(text := str(value or "")) + 2 > (dimension.width or 8):
                dimension.width = min(max(dimension.width or 8, len(text) + 2), WRAP_WIDTH)
                lines = max(lines, -(-len(text) // int(dimension.width - 2)))
                cell = sheet.cell(row=first + offset, column=index + 1)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if lines > 1:
            sheet.row_dimensions[first + offset].height = 15 * lines


def _print_setup(sheet: Any, draft: Draft, nr: int) -> None:
    def escaped(text: str) -> str:
        return text.replace("&", "&&")

    lang = draft.lang
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    left = t("bestand.bijlage_kop", lang, nummer=draft.heading.nummer)
    if draft.sample:
        left += " – " + t("bestand.voorbeeld_kop", lang)
    sheet.oddHeader.left.text = escaped(left)
    sheet.oddHeader.right.text = escaped(SHEET.format(nr=nr))
    sheet.oddFooter.left.text = escaped(draft.kenmerk)
    sheet.oddFooter.right.text = (
        f"{escaped(t('bestand.pagina', lang))} &P {escaped(t('bestand.pagina_van', lang))} &N"
    )
