"""The annex as a workbook (openpyxl): one sheet `Vraag n` per sub-question with its numbered
tables (through export.write_table, so text is neutralised as in every other export),
titled, with euro formats, a frozen header and A4 print settings with the identifier in the
footer; then `Herkomst` (every figure's versions and Excel rows) and `Verantwoording` (the
moment, the versions with their uploads, the identifier and how to make the files again)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from wisselaar.draft_files import (
    ACCOUNT_SHEET,
    LANGUAGE_TAGS,
    PROVENANCE_SHEET,
    SHEET,
    Draft,
    Table,
    long_date,
    table_number,
)
from wisselaar.export import EUR_FORMAT, neutralise, write_table
from wisselaar.formatting import format_moment
from wisselaar.i18n import t
from wisselaar.labels import label
from wisselaar.provenance import SHEET_ORDER
from wisselaar.sample import stable_zip

FONT, MAX_WIDTH, WRAP_WIDTH = "Calibri", 60, 30  # column widths in characters


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
        notes += [*section.notes, _stand(draft), t("bestand.kenmerk", lang, kenmerk=draft.kenmerk)]
        if draft.sample:
            notes.insert(0, t("bestand.voorbeeld_kop", lang))
        rows = main.rows + ([main.total] if main.total is not None else [])
        write_table(
            sheet,
            main.columns,
            rows,
            title=_title(draft, nr, 0, section, main),
            notes=notes,
            money_columns=main.money,
        )
        _formats(sheet, _header(sheet, main.columns, len(notes)) + 1, main)
        for index, table in enumerate(more, 1):
            _append_table(sheet, table, _title(draft, nr, index, section, table))
        _print_setup(sheet, draft, nr)
    if draft.herkomst is not None:
        _provenance_sheet(workbook, draft)
    _account_sheet(workbook, draft)
    props = workbook.properties
    props.title, props.identifier, props.creator = title, draft.kenmerk, "Wisselaar-dashboard"
    props.language = LANGUAGE_TAGS.get(lang, "nl-BE")
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not draft.stand_van:
        return buffer.getvalue()
    # openpyxl stamps the file with the time of writing: the moment of the data instead, so
    # that the same data and choice give the same bytes.
    moment = dt.datetime.fromisoformat(draft.stand_van).astimezone(dt.UTC).replace(tzinfo=None)
    return stable_zip(buffer.getvalue(), moment)


def _title(draft: Draft, nr: int, index: int, section: Any, table: Table) -> str:
    """`Tabel 2.1. Uitwisselingstrajecten`: the number and title the text refers to."""
    number = table_number(nr, index, len(section.tabellen))
    return t("bestand.tabel_nummer", draft.lang, nr=number, titel=table.title)


def _stand(draft: Draft) -> str:
    return t("bestand.stand_sober", draft.lang, moment=draft.moment_words())


def _provenance_sheet(workbook: Any, draft: Draft) -> None:
    """`Herkomst`: per figure of the answer the dataset versions and Excel rows it is made of."""
    table, lang = draft.herkomst, draft.lang
    assert table is not None
    sheet = workbook.create_sheet(PROVENANCE_SHEET)
    notes = [
        t("herkomst.uitleg", lang),
        _stand(draft),
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
                cell.number_format = _places_format(value)
            if table.total is not None and offset == len(rows) - 1:
                cell.font = Font(name=FONT, bold=True)


def _places_format(value: Decimal) -> str:
    """`0.0` for 26.9, `0.00` for 3.75: a decimal as precise as the figure is."""
    places = max(0, -int(value.as_tuple().exponent))
    return "0." + "0" * places if places else "0"


def _append_table(sheet: Any, table: Table, title: str) -> None:
    """A further table under the main one: its title, header and rows; text longer than its
    column wraps (with the row made high enough) rather than widening the main table."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([])
    sheet.append([neutralise(title)])
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


def _account_sheet(workbook: Any, draft: Draft) -> None:
    """`Verantwoording`: how the figures came about, for whoever checks the answer later."""
    lang = draft.lang

    def b(key: str, **values: Any) -> str:
        return t(f"bestand.{key}", lang, **values)

    sheet = workbook.create_sheet(ACCOUNT_SHEET)
    rows = [
        [b("v_kenmerk"), draft.kenmerk],
        [b("v_stand"), f"{draft.moment_words()} ({draft.stand_van})"],
        [None, b("v_stand_uitleg")],
        [b("v_opnieuw"), draft.reproduce],
        *([name, value] for name, value in draft.choices),
        [b("v_voorbeeld"), b("ja") if draft.sample else b("nee")],
    ]
    columns = (b("onderdeel"), b("gegeven"))
    notes = [b("verantwoording_uitleg")]
    write_table(sheet, columns, rows, title=b("verantwoording_titel"), notes=notes)
    _header(sheet, columns, len(notes))
    versions = Table(
        b("v_versies"),
        tuple(
            b(f"kol_{k}")
            for k in ("gegevensset", "versie", "opgeladen", "door", "bestand", "voorbeeld")
        ),
        [
            [
                label("dataset", v.dataset, lang),
                v.version,
                format_moment(v.moment, seconds=True),
                v.user,
                v.filename or "",
                b("ja") if v.sample else b("nee"),
            ]
            for v in sorted(
                draft.versions, key=lambda v: (SHEET_ORDER.get(v.dataset, 99), v.version)
            )
        ],
    )
    _append_table(sheet, versions, versions.title)
    _print_setup(sheet, draft, 0)
    sheet.oddHeader.right.text = ACCOUNT_SHEET


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
